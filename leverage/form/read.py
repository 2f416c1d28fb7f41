"""Reading a filled input template into `Inputs`, reporting every problem at once.

Inputs are found by their workbook-scope defined names (see `fields`), never by
position, so a consultant may insert rows, rename, reorder or add sheets: Excel
keeps the names pointing at the moved cells. When a workbook has none of the
names (figures pasted into a fresh workbook), inputs are found by their labels
instead (`labels`), with a warning. Each cell is read by `cells`, which the
optional sections' reader (`sections`) shares: numbers typed as text
("5 880 000", "$5,880,000") are read by the same parser as the command line,
and a formula by its saved result. A file is checked by `safety` before
openpyxl sees it, and any failure inside openpyxl becomes a FileFormatError, so
a bad file never ends in a traceback.

Besides problems, reading collects warnings (`Notice`): inputs that are possible
but suspicious (see `model.checks`), a rate typed so that it reads two ways, and
the label fallback. They travel on `Inputs.warnings`.
"""

from __future__ import annotations

import contextlib
import gc
import io
import warnings
from dataclasses import replace
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.cell import Cell

from .. import i18n
from ..changes import ambiguous_rate, parse_change
from ..errors import ChangeError, FileFormatError, InputError, Notice, Problem
from ..i18n import N_, Message, Pct, Translator, _
from ..model.checks import input_warnings
from ..model.inputs import MAX_STAGES, Change, Inputs, Stage
from ..model.levers import is_rate
from ..numbers import NumberFormatError, parse_amount
from .cells import CellReader, Failed, Fmt, formulas_in, remember_date_overflows, shown_as_percent, where
from .fields import FIELDS, Field, field
from .names import LAST_ROW, locate
from .safety import SAVE_AS, read_workbook_bytes
from .sections import optional_formulas, read_optional

__all__ = ["SAVE_AS", "read_template"]

# The name of the master check in the workbook `leverage solve` writes (workbook.checks.MASTER_NAME): no
# template has it, so it marks a result given back as input; so does the subject the writer gives it.
_RESULT_MARK = "checks_ok"

class _WithoutPrefix:
    """A message rendered without a prefix it starts with (a lever change's `lever: `, which the metric says)."""

    def __init__(self, message: object, prefix: str) -> None:
        self.message, self.prefix = message, prefix

    def in_language(self, tr: Translator) -> str:
        return str(tr.render(self.message)).removeprefix(self.prefix)

    def __str__(self) -> str:
        return str(self.message).removeprefix(self.prefix)


def _in_step(step: tuple[int, str, str] | None, message: Message) -> Message:
    """`message`, told of funnel step `step` (its number and two stages) where it is one."""
    if step is None:
        return message
    k, first, second = step
    return _("step {step} ({first} → {second}): {message}", step=k, first=first, second=second, message=message)


def read_template(path: str | Path) -> Inputs:
    """Read a filled template into `Inputs`.

    Raises InputError listing every problem of the template at once, and
    FileFormatError when the file is not an .xlsx workbook or is unsafe to open.
    The file is only read.
    """
    path = Path(path)
    data = read_workbook_bytes(path)
    workbook: Workbook | None = _load(data, path, data_only=False)
    try:
        formulas = {**_Reader(path, workbook).input_formulas(), **optional_formulas(workbook)}
        if formulas:
            # The saved results are in a second load; the first is dropped before it, so that only one
            # workbook is ever in memory.
            workbook = None
            gc.collect()
            workbook = _load(data, path, data_only=True)
        return read_optional(workbook, _Reader(path, workbook, formulas).read, formulas)
    except InputError as exc:
        if workbook is not None:
            exc.said_in(template_lang(workbook))  # its problems are told in the template's language
        raise


def template_lang(workbook: Workbook) -> str | None:
    """The language the template's `lang` cell names ("en" or "ru"), or None where it names none."""
    spec = field("lang")
    try:
        [cell] = locate(workbook, spec)
    except (InputError, ValueError):
        return None
    value = cell.value.strip().lower() if isinstance(cell.value, str) else None
    return value if value in spec.choices else None


def _load(data: bytes, path: Path, *, data_only: bool) -> Workbook:
    """Open the workbook with openpyxl; any failure of openpyxl is the file's fault."""
    try:
        # openpyxl warns about workbook features it drops (extensions, slicers), none of which carry inputs,
        # and prints to stdout about some damage it then raises on: neither may reach the user's stdout.
        with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("always")
            workbook = load_workbook(io.BytesIO(data), data_only=data_only, keep_links=False)
        remember_date_overflows(workbook, (str(warning.message) for warning in caught))
        return workbook
    except Exception as exc:  # openpyxl raises many unrelated types for damaged files
        raise FileFormatError(Problem(
            str(path), None,
            _("cannot be read as an .xlsx workbook ({why}); {save_as}",
              why=f"{type(exc).__name__}: {exc}", save_as=SAVE_AS),
            has_seen=False,
        )) from exc


class _Reader(CellReader):
    """One pass over a loaded template's core fields, collecting values, their sources, every problem and warning."""

    def __init__(self, path: Path, workbook: Workbook, formulas: dict[tuple[str, str], str] | None = None) -> None:
        """`formulas` are the input cells that hold formulas, when `workbook` holds their saved results."""
        super().__init__(formulas)
        self.path = path
        self.workbook = workbook

    def read(self) -> Inputs:
        cells = self._locate_all()
        texts: dict[str, str] = {}
        numbers: dict[str, float] = {}
        for spec in FIELDS:
            if spec.rows > 1 or spec.kind == "change" or spec.name not in cells:
                continue
            value = self._scalar(spec, cells[spec.name][0])
            if isinstance(value, str):
                texts[spec.name] = value
            elif isinstance(value, float):
                numbers[spec.name] = value
        self._check_margin(numbers, cells)
        self._check_clients(numbers, cells)
        funnel = self._funnel(cells, numbers)
        changes = self._changes(cells, funnel)
        self.warnings.extend(self.currency_warnings(texts.get("currency") or field("currency").choices[0]))
        if self.problems:
            raise InputError(self.problems, warnings=self.warnings)
        assert funnel is not None  # every required value was read, or a problem was reported
        inputs = Inputs(
            revenue=numbers["revenue"],
            profit=numbers["profit"],
            headcount=numbers["headcount"],
            clients_start=numbers["clients_start"],
            clients_new=numbers["clients_new"],
            clients_lost=numbers["clients_lost"],
            funnel=tuple(funnel),
            target_profit=numbers.get("target_profit"),
            # Found by labels, a workbook may lack the optional fields: they take the blank cell's value.
            company=texts.get("company", ""),
            currency=texts.get("currency", field("currency").choices[0]),
            lang=texts.get("lang", field("lang").choices[0]),
            changes=tuple(changes),
            sources=tuple(self.sources),
        )
        return replace(inputs, warnings=(*self.warnings, *input_warnings(inputs)))

    def input_formulas(self) -> dict[tuple[str, str], str]:
        """The formulas in the core input cells, by (sheet, cell): their values are in the saved results."""
        return formulas_in(self._locate_all().values())

    def _locate_all(self) -> dict[str, list[Cell]]:
        self._refuse_a_result()
        if not self._has_names():
            return self._locate_by_labels()
        located: dict[str, list[Cell]] = {}
        for spec in FIELDS:
            try:
                located[spec.name] = locate(self.workbook, spec)
            except InputError as exc:
                self.problems.extend(exc.problems)
                continue
            self.sources.append((spec.name, where(located[spec.name])))
        return located

    def _refuse_a_result(self) -> None:
        """The workbook `leverage solve` wrote, given back as input: one error saying so, not a missing name
        for each input the result does not name."""
        names = self.workbook.defined_names
        if "plan_kind" in names:  # the plan workbook of `leverage plan`
            raise FileFormatError(Problem(
                str(self.path), None,
                _("is a leverage plan workbook (written by `leverage plan`), not a template; run the command on "
                  "the filled template the plan was made from"),
                has_seen=False,
            )).said_in("ru" if i18n.translator("ru").gettext("Plan") in self.workbook.sheetnames else None)
        subject = self.workbook.properties.subject
        if field("funnel_counts").name in names or (
            _RESULT_MARK not in names and subject not in {i18n.translator(lang).gettext("Lever method: points A, B, B′ and B″") for lang in ("en", "ru")}
        ):
            return
        raise FileFormatError(Problem(
            str(self.path), None,
            _("is a leverage result workbook (written by `leverage solve`), not a template; run it on the "
              "filled template the result was made from"),
            has_seen=False,
        )).said_in("ru" if i18n.translator("ru").gettext("Summary") in self.workbook.sheetnames else None)

    def _has_names(self) -> bool:
        scopes = [self.workbook.defined_names, *(ws.defined_names for ws in self.workbook.worksheets)]
        return any(spec.name in scope for spec in FIELDS for scope in scopes)

    def _locate_by_labels(self) -> dict[str, list[Cell]]:
        """Without any defined name, the inputs are looked up by their labels, and a warning says so."""
        from .labels import FOUND_BY_LABELS, locate_by_labels  # only for such workbooks

        located, problems, sheet = locate_by_labels(self.workbook)
        if sheet is None:
            raise FileFormatError(Problem(
                str(self.path), None,
                _("has none of the named input cells of a leverage template (revenue, profit, ...) and none of "
                  "their labels; expected a template from `leverage template`, filled in"),
                has_seen=False,
            ))
        self.warnings.append(Notice(sheet, None, FOUND_BY_LABELS))
        self.problems.extend(problems)
        for name, cells in located.items():
            self.sources.append((name, where(cells)))
        return located

    def _check_margin(self, numbers: dict[str, float], cells: dict[str, list[Cell]]) -> None:
        """Profit cannot exceed revenue: the margin would be above 100 %."""
        profit, revenue = numbers.get("profit"), numbers.get("revenue")
        if profit is not None and revenue is not None and profit > revenue:
            cell = cells["profit"][0]
            self._problem(cell, field("profit"), _(
                "expected a profit of at most the revenue ({revenue}): the margin (profit / revenue) "
                "would be {margin}, and net profit cannot exceed what was sold",
                revenue=Fmt(revenue), margin=Pct(profit / revenue, 0)), cell.value)

    def _check_clients(self, numbers: dict[str, float], cells: dict[str, list[Cell]]) -> None:
        """Clients must add up: lost at most start + new, and someone left at the end."""
        if not all(key in numbers for key in ("clients_start", "clients_new", "clients_lost")):
            return
        start, new, lost = numbers["clients_start"], numbers["clients_new"], numbers["clients_lost"]
        if start + new == 0:
            cell = cells["clients_new"][0]
            self._problem(cell, field("clients_new"), _(
                "expected some clients: clients at start and new clients are both 0, so there is no business to scale"),
                cell.value)
        elif lost > start + new:
            cell = cells["clients_lost"][0]
            self._problem(cell, field("clients_lost"), _(
                "expected at most {most} lost clients (clients at start {start} + new {new})",
                most=Fmt(start + new), start=Fmt(start), new=Fmt(new)), cell.value)
        elif lost == start + new:
            cell = cells["clients_lost"][0]
            self._problem(cell, field("clients_lost"), _(
                "expected fewer than {most} lost clients (clients at start + new): with no active "
                "clients left at the end of the year the average check (revenue / active clients) is undefined",
                most=Fmt(start + new)), cell.value)

    def _funnel(self, cells: dict[str, list[Cell]], numbers: dict[str, float]) -> list[Stage] | None:
        """The stages in order, or None after reporting why they cannot be used."""
        names_spec, counts_spec = field("funnel_stages"), field("funnel_counts")
        if names_spec.name not in cells or counts_spec.name not in cells:
            return None
        names, counts = cells[names_spec.name], cells[counts_spec.name]
        if len(names) != len(counts):
            self._problem(counts, counts_spec, _(
                "expected as many rows as funnel_stages ({cells}): one count beside each stage name",
                cells=where(names)), has_seen=False)
            return None
        rows = [(self._text(names_spec, n), self._number(counts_spec, c, required=False))
                for n, c in zip(names, counts)]
        self._check_below(names, counts, {(c.parent.title, c.coordinate) for cs in cells.values() for c in cs})
        used = [i for i, (name, count) in enumerate(rows) if name != "" or count is not None]
        length = used[-1] + 1 if used else 0
        stages: list[Stage] = []
        for i, (name, count) in enumerate(rows[:length]):
            if name == "" and count is None:
                self._problem(names[i], names_spec, _(
                    "expected stage {k} here: stages fill consecutive rows from the first, with no empty row "
                    "before the last stage", k=i + 1), None)
            elif name == "":
                self._problem(names[i], names_spec, _("expected a name for stage {k}, which has a count", k=i + 1),
                              None)
            elif count is None:
                self._problem(counts[i], counts_spec, _('expected how many reached stage {k} "{name}" last year',
                                                        k=i + 1, name=name))
            elif isinstance(name, str) and isinstance(count, float):
                stages.append(Stage(name, count))
        if length < 2:
            self._problem(counts, counts_spec, _(
                "expected at least 2 funnel stages: leads in the first row, paying new clients in the last filled row"),
                has_seen=False)
        elif length > MAX_STAGES:
            self._problem(counts, counts_spec, _("expected at most {most} funnel stages, found {found}",
                                                 most=MAX_STAGES, found=length), has_seen=False)
        if len(stages) != length or not 2 <= length <= MAX_STAGES:
            return None
        for i in range(1, length):
            before, stage = stages[i - 1], stages[i]
            if stage.count > before.count:
                self._problem(counts[i], counts_spec, _(
                    'expected at most {most}, the count of the stage before ("{name}"): a later '
                    "stage cannot hold more than an earlier one (that is a conversion above 100 %)",
                    most=Fmt(before.count), name=before.name), counts[i].value)
        new = numbers.get("clients_new")
        if new is not None and stages[-1].count != new:
            last = counts[length - 1]
            self._problem(last, counts_spec, _(
                'expected {new}, the number of new clients ({cell}): the last stage "{name}" is the paying new clients',
                new=Fmt(new), cell=self._source("clients_new"), name=stages[-1].name), last.value)
        for k, cell in enumerate(counts[:length], start=1):
            self.sources.append((f"funnel.{k}", where(cell)))
        return stages

    def _check_below(self, names: list[Cell], counts: list[Cell], inputs: set[tuple[str, str]]) -> None:
        """A stage typed in the row below the funnel's last row would be left out: say the funnel ends there.

        Not where that row holds another input or a label (rows deleted below the funnel bring the target up)."""
        row = names[-1].row + 1
        if len(names) != MAX_STAGES or names[-1].row != counts[-1].row or row > LAST_ROW:
            return
        name = names[-1].parent.cell(row=row, column=names[-1].column)
        count = counts[-1].parent.cell(row=row, column=counts[-1].column)
        cell = count if not self._blank(count) else name if not self._blank(name) else None
        if cell is None or {(c.parent.title, c.coordinate) for c in (name, count)} & inputs:
            return
        from .labels import is_label  # only for a row below the funnel that holds something

        if is_label(name.value):
            return
        spec = field("funnel_counts") if cell is count else field("funnel_stages")
        span = f"{names[0].coordinate}:{counts[-1].coordinate}"
        self._problem(cell, spec, N_(
            "expected nothing below the funnel: it holds {n} stages ({span}), so a stage typed here is "
            "not read; fold the stages into {n} rows",
            "expected nothing below the funnel: it holds {n} stages ({span}), so a stage typed here is "
            "not read; fold the stages into {n} rows", MAX_STAGES, span=span), cell.value)

    def _source(self, metric: str) -> str:
        return dict(self.sources)[metric]

    def _changes(self, cells: dict[str, list[Cell]], funnel: list[Stage] | None) -> list[tuple[str, Change]]:
        """The lever changes for B', in template order (each lever, then steps 1, 2, ...)."""
        changes: list[tuple[str, Change]] = []
        for spec in FIELDS:
            if spec.kind != "change" or spec.name not in cells:
                continue
            assert spec.lever is not None
            for k, cell in enumerate(cells[spec.name], start=1):
                step = k if spec.rows > 1 else None
                lever = spec.lever if step is None else f"{spec.lever}.{step}"
                change = self._change(spec, cell, lever, step, funnel)
                if change is not None:
                    changes.append((lever, change))
                    if step is not None:  # a single lever's cell is its field's source already
                        self.sources.append((f"lever_{lever}", where(cell)))
        return changes

    def _change(self, spec: Field, cell: Cell, lever: str, step: int | None,
                funnel: list[Stage] | None) -> Change | None:
        raw = self._raw(spec, cell)
        if raw is None or isinstance(raw, Failed):
            return None
        context = None
        if step is not None and funnel is not None:
            if step >= len(funnel):
                self._problem(cell, spec, N_(
                    "expected no change on step {step}: the funnel has {n} stages, so its steps are 1 to {last}",
                    "expected no change on step {step}: the funnel has {n} stages, so its steps are 1 to {last}",
                    len(funnel), step=step, last=len(funnel) - 1), raw)
                return None
            context = (step, funnel[step - 1].name, funnel[step].name)
        if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
            self._problem(cell, spec, _in_step(context, _("expected a change such as x2, +10% or a new value")), raw)
            return None
        if shown_as_percent(cell, raw):
            # Excel stores a typed "18%" as 0.18; read it back as the percentage that was typed.
            raw = f"{raw * 100:.10g}%"
        try:
            change = parse_change(lever, raw)
        except ChangeError as exc:
            # The message quotes the typed change already; drop its "lever: " prefix, the metric says it.
            message = _in_step(context, _("{message}", message=_WithoutPrefix(exc.args[0], f"{lever}: ")))
            self._problem(cell, spec, message, raw, has_seen=False)
            return None
        if change.set is not None and isinstance(raw, str) and not is_rate(lever):
            with contextlib.suppress(NumberFormatError):  # parse_change read it; this only asks its currency
                if (amount := parse_amount(raw)).currency is not None:
                    self.currencies.append((cell, spec, amount))
        note = ambiguous_rate(lever, raw)
        if note is not None:
            self.warnings.append(Notice(where(cell), spec.name, _in_step(context, note)))
        return change
