"""Reading a filled input template into `Inputs`, reporting every problem at once.

Inputs are found by their workbook-scope defined names (see `fields`), never by
position, so a consultant may insert rows, rename, reorder or add sheets: Excel
keeps the names pointing at the moved cells. When a workbook has none of the
names (figures pasted into a fresh workbook), inputs are found by their labels
instead (`labels`), with a warning. Each cell is read by `cells`, which the
optional sections' reader (`reader_optional`) shares: numbers typed as text
("5 880 000", "$5,880,000") are read by the same parser as the command line,
and a formula by its saved result. A file is checked by `safety` before
openpyxl sees it, and any failure inside openpyxl becomes a FileFormatError, so
a bad file never ends in a traceback.

Besides problems, reading collects warnings (`Notice`): inputs that are possible
but suspicious (see `plausibility`), a rate typed so that it reads two ways, and
the label fallback. They travel on `Inputs.warnings`.
"""

from __future__ import annotations

import contextlib
import gc
import io
import re
import warnings
from dataclasses import replace
from pathlib import Path

from . import i18n
from ._openpyxl import Cell, Workbook, load_workbook, range_boundaries
from .cells import CellReader, Failed, fmt, formulas_in, printable, remember_date_overflows, shown_as_percent, where
from .changes import ambiguous_rate, is_rate, parse_change
from .errors import ChangeError, FileFormatError, InputError, Notice, Problem
from .fields import FIELDS, Field, field
from .i18n import Text, compose, in_lang, number, percent
from .model import MAX_STAGES, Change, Inputs, Stage
from .numbers import NumberFormatError, parse_amount
from .plausibility import input_warnings
from .safety import SAVE_AS, read_workbook_bytes

__all__ = ["SAVE_AS", "locate", "read_template"]

# A name pointing at more rows than this is not a template's table (say, a whole column).
_MAX_TABLE_ROWS = 100
# The name of the master check in the workbook `leverage solve` writes (workbook.checks.MASTER_NAME): no
# template has it, so it marks a result given back as input; so does the subject the writer gives it.
_RESULT_MARK = "checks_ok"
# Excel's last row and column (XFD).
_LAST_ROW, _LAST_COLUMN = 1_048_576, 16_384
# A sheet's name in a reference: quoted ('Исходные данные', with '' for a quote) or a plain word.
_SHEET = r"(?P<sheet>'(?:[^']|'')+'|[^\W\d][\w.]*)"
_AT = r"\$?[A-Za-z]{1,3}\$?\d+"
# What a defined name may hold: one reference to a cell, a range, whole columns or rows (shapes checked later).
_REFERENCE = re.compile(rf"{_SHEET}!(?:{_AT}(?::{_AT})?|\$?[A-Za-z]{{1,3}}:\$?[A-Za-z]{{1,3}}|\$?\d+:\$?\d+)")
# A cell a formula mentions, to suggest where the name may have been meant to point.
_CELL = re.compile(rf"{_SHEET}!{_AT}(?::{_AT})?")


def _stages_ru(count: int) -> str:
    """`3 этапа`, `5 этапов`, `1 этап`: a count of funnel stages in Russian."""
    if count % 10 == 1 and count % 100 != 11:
        word = "этап"
    elif count % 10 in (2, 3, 4) and count % 100 not in (12, 13, 14):
        word = "этапа"
    else:
        word = "этапов"
    return f"{count} {word}"


def read_template(path: str | Path) -> Inputs:
    """Read a filled template into `Inputs`.

    Raises InputError listing every problem of the template at once, and
    FileFormatError when the file is not an .xlsx workbook or is unsafe to open.
    The file is only read.
    """
    path = Path(path)
    data = read_workbook_bytes(path)
    workbook: Workbook | None = _load(data, path, data_only=False)
    from .reader_optional import optional_formulas, read_optional  # the optional sections, read with the core

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


def locate(workbook: Workbook, spec: Field) -> list[Cell]:
    """The cells a field's defined name points at, top to bottom.

    The workbook-scope name is used; where it is missing or broken, a name of the
    same text scoped to one sheet (Excel gives a copied sheet such names) stands
    in. Raises InputError when the name is missing, is scoped to several sheets
    only, holds a formula or a value rather than a reference, or does not point at
    one cell (one column of cells for a table field) within a sheet, as after
    deleting the row it named.
    """
    defined = workbook.defined_names.get(spec.name)
    if defined is None or "#REF!" in (defined.value or ""):
        scoped = [(ws.title, ws.defined_names[spec.name]) for ws in workbook.worksheets
                  if spec.name in ws.defined_names]
        usable = [(title, name) for title, name in scoped if "#REF!" not in (name.value or "")]
        if len(usable) == 1:
            defined = usable[0][1]
        elif len(usable) > 1 and defined is None:
            raise InputError(_problem(spec, _ambiguous(spec, [title for title, _ in usable])))
    if defined is None:
        raise InputError(Problem(
            None, spec.name,
            Text(
                f'expected a cell named "{spec.name}" (Formulas > Name Manager), but the name is missing; '
                "copy the figures into a fresh template from `leverage template`",
                f"ожидалась ячейка с именем «{spec.name}» (Формулы > Диспетчер имён), но такого имени нет; "
                "перенесите данные в чистый шаблон из `leverage template`",
            ),
            has_seen=False,
        ))
    value = printable((defined.value or "").strip())
    reference = _REFERENCE.fullmatch(value)
    if value and "#REF!" not in value and reference is None:
        raise InputError(_problem(spec, _not_a_reference(spec, value, workbook)))
    shape = Text("one cell", "одну ячейку") if spec.rows == 1 else Text("one column of cells", "один столбец ячеек")
    try:
        assert reference is not None
        sheet = reference["sheet"]
        sheet = sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet
        min_col, min_row, max_col, max_row = range_boundaries(value[reference.end("sheet") + 1:])
    except Exception:  # no reference, or one openpyxl cannot bound (a whole column)
        sheet, min_row = "", None
    if min_row is not None and min_col is not None and (max_row > _LAST_ROW or max_col > _LAST_COLUMN):
        raise InputError(_problem(spec, Text(
            f'expected the name "{spec.name}" to point at {shape}, but it points at "{value[:100]}", beyond the '
            f"last row ({_LAST_ROW:,}) or column (XFD) of a sheet; restore it in Formulas > Name Manager",
            f"ожидалось, что имя «{spec.name}» указывает на {shape.ru}, а оно указывает на «{value[:100]}» — "
            f"за последней строкой ({number(_LAST_ROW, 0, 'ru')}) или столбцом (XFD) листа; исправьте его "
            "в Формулы > Диспетчер имён",
        )))
    if sheet not in workbook.sheetnames or min_row is None or min_col is None or min_col != max_col or (
        spec.rows == 1 and min_row != max_row
    ) or not 0 <= max_row - min_row < _MAX_TABLE_ROWS:
        points_at = value[:100]
        raise InputError(Problem(
            None, spec.name,
            Text(
                f'expected the name "{spec.name}" to point at {shape}, but it points at "{points_at}" '
                "(a deleted row or sheet leaves #REF!); restore it in Formulas > Name Manager",
                f"ожидалось, что имя «{spec.name}» указывает на {shape.ru}, а оно указывает на «{points_at}» "
                "(удалённая строка или лист оставляет #REF!); исправьте его в Формулы > Диспетчер имён",
            ),
            has_seen=False,
        ))
    sheet_cells = workbook[sheet]
    return [sheet_cells.cell(row=row, column=min_col) for row in range(min_row, max_row + 1)]


def _problem(spec: Field, message: Text) -> Problem:
    """A problem with a field's defined name: it has no cell to locate."""
    return Problem(None, spec.name, message, has_seen=False)


def _ambiguous(spec: Field, sheets: list[str]) -> Text:
    """A name scoped to several sheets and to none of the workbook: any of them could be meant."""
    listed = ", ".join(sheets[:5]) + (", ..." if len(sheets) > 5 else "")
    return Text(
        f'expected one cell named "{spec.name}", but the name is ambiguous: it is defined for the sheets {listed} '
        "and not for the whole workbook (as after copying a sheet); in Formulas > Name Manager, delete the copies "
        "and keep one name with the scope Workbook",
        f"ожидалась одна ячейка с именем «{spec.name}», но имя неоднозначно: оно задано для листов {listed}, "
        "а не для всей книги (так бывает после копирования листа); в Формулы > Диспетчер имён удалите копии "
        "и оставьте одно имя с областью «Книга»",
    )


def _not_a_reference(spec: Field, value: str, workbook: Workbook) -> Text:
    """A name that holds a formula or a value (`Inputs!$C$10*2`, `+1000000`): Excel calculates it, this tool
    reads cells, so the name is refused rather than read as the bare cell it mentions."""
    cited = next((match[0] for match in _CELL.finditer(value)
                  if match["sheet"].strip("'").replace("''", "'") in workbook.sheetnames), None)
    shape = "the cell" if spec.rows == 1 else "the column of cells"
    shape_ru = "ячейку" if spec.rows == 1 else "столбец ячеек"
    such_as = f" (such as {cited})" if cited else ""
    such_as_ru = f" (например, {cited})" if cited else ""
    return Text(
        f'expected the name "{spec.name}" to be a plain reference to {shape} that holds {spec.name}{such_as}, '
        f'but it holds "{value[:100]}", a formula, value or list that Excel calculates and this tool does not '
        f"read; in Formulas > Name Manager, point the name at {shape} and put any formula in the cell itself",
        f"ожидалось, что имя «{spec.name}» — простая ссылка на {shape_ru} со значением {spec.name}{such_as_ru}, "
        f"а в нём «{value[:100]}» — формула, значение или список, которые вычисляет Excel, но не читает эта "
        f"программа; в Формулы > Диспетчер имён укажите в имени {shape_ru}, а формулу, если она нужна, "
        "запишите в самой ячейке",
    )


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
            compose("cannot be read as an .xlsx workbook ({why}); {save_as}",
                    "не читается как книга Excel (.xlsx) ({why}); {save_as}",
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
        subject = self.workbook.properties.subject
        if field("funnel_counts").name in names or (
            _RESULT_MARK not in names and subject not in {i18n.translator(lang).gettext("Lever method: points A, B, B′ and B″") for lang in ("en", "ru")}
        ):
            return
        raise FileFormatError(Problem(
            str(self.path), None,
            Text(
                "is a leverage result workbook (written by `leverage solve`), not a template; run it on the "
                "filled template the result was made from",
                "это книга с результатами leverage (её записала команда `leverage solve`), а не шаблон; "
                "запустите команду на заполненном шаблоне, из которого получен результат",
            ),
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
                Text(
                    "has none of the named input cells of a leverage template (revenue, profit, ...) and none of "
                    "their labels; expected a template from `leverage template`, filled in",
                    "не содержит ни именованных ячеек шаблона leverage (revenue, profit, ...), ни их подписей; "
                    "ожидался заполненный шаблон из `leverage template`",
                ),
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
            self._problem(cell, field("profit"), Text(
                f"expected a profit of at most the revenue ({fmt(revenue)}): the margin (profit / revenue) "
                f"would be {profit / revenue:.0%}, and net profit cannot exceed what was sold",
                f"ожидалась прибыль не больше выручки ({fmt(revenue, 'ru')}): маржинальность (прибыль / выручка) "
                f"была бы {percent(profit / revenue, 0, 'ru')}, а чистая прибыль не может быть больше продаж",
            ), cell.value)

    def _check_clients(self, numbers: dict[str, float], cells: dict[str, list[Cell]]) -> None:
        """Clients must add up: lost at most start + new, and someone left at the end."""
        if not all(key in numbers for key in ("clients_start", "clients_new", "clients_lost")):
            return
        start, new, lost = numbers["clients_start"], numbers["clients_new"], numbers["clients_lost"]
        if start + new == 0:
            cell = cells["clients_new"][0]
            self._problem(cell, field("clients_new"), Text(
                "expected some clients: clients at start and new clients are both 0, so there is no business to scale",
                "ожидались клиенты: и клиентов на начало года, и новых клиентов 0, так что масштабировать нечего",
            ), cell.value)
        elif lost > start + new:
            cell = cells["clients_lost"][0]
            self._problem(cell, field("clients_lost"), Text(
                f"expected at most {fmt(start + new)} lost clients (clients at start {fmt(start)} + new {fmt(new)})",
                f"ожидалось не больше {fmt(start + new, 'ru')} ушедших клиентов (клиенты на начало года "
                f"{fmt(start, 'ru')} + новые {fmt(new, 'ru')})",
            ), cell.value)
        elif lost == start + new:
            cell = cells["clients_lost"][0]
            self._problem(cell, field("clients_lost"), Text(
                f"expected fewer than {fmt(start + new)} lost clients (clients at start + new): with no active "
                "clients left at the end of the year the average check (revenue / active clients) is undefined",
                f"ожидалось меньше {fmt(start + new, 'ru')} ушедших клиентов (клиенты на начало года + новые): "
                "если к концу года не останется постоянных клиентов, средний чек (выручка / постоянные клиенты) "
                "не определён",
            ), cell.value)

    def _funnel(self, cells: dict[str, list[Cell]], numbers: dict[str, float]) -> list[Stage] | None:
        """The stages in order, or None after reporting why they cannot be used."""
        names_spec, counts_spec = field("funnel_stages"), field("funnel_counts")
        if names_spec.name not in cells or counts_spec.name not in cells:
            return None
        names, counts = cells[names_spec.name], cells[counts_spec.name]
        if len(names) != len(counts):
            self._problem(counts, counts_spec, Text(
                f"expected as many rows as funnel_stages ({where(names)}): one count beside each stage name",
                f"ожидалось столько же строк, сколько в funnel_stages ({where(names)}): по количеству рядом "
                "с названием каждого этапа",
            ), has_seen=False)
            return None
        rows = [(self._text(names_spec, n), self._number(counts_spec, c, required=False))
                for n, c in zip(names, counts)]
        self._check_below(names, counts, {(c.parent.title, c.coordinate) for cs in cells.values() for c in cs})
        used = [i for i, (name, count) in enumerate(rows) if name != "" or count is not None]
        length = used[-1] + 1 if used else 0
        stages: list[Stage] = []
        for i, (name, count) in enumerate(rows[:length]):
            if name == "" and count is None:
                self._problem(names[i], names_spec, Text(
                    f"expected stage {i + 1} here: stages fill consecutive rows from the first, with no empty row "
                    "before the last stage",
                    f"здесь ожидался этап {i + 1}: этапы идут в строках подряд, начиная с первой, без пустых строк "
                    "до последнего этапа",
                ), None)
            elif name == "":
                self._problem(names[i], names_spec, Text(
                    f"expected a name for stage {i + 1}, which has a count",
                    f"ожидалось название этапа {i + 1}: для него указано количество",
                ), None)
            elif count is None:
                self._problem(counts[i], counts_spec, Text(
                    f'expected how many reached stage {i + 1} "{name}" last year',
                    f"ожидалось число: сколько дошло до этапа {i + 1} «{name}» за прошлый год",
                ))
            elif isinstance(name, str) and isinstance(count, float):
                stages.append(Stage(name, count))
        if length < 2:
            self._problem(counts, counts_spec, Text(
                "expected at least 2 funnel stages: leads in the first row, paying new clients in the last filled row",
                "ожидалось не меньше 2 этапов воронки: лиды в первой строке, оплатившие новые клиенты — "
                "в последней заполненной",
            ), has_seen=False)
        elif length > MAX_STAGES:
            self._problem(counts, counts_spec, Text(
                f"expected at most {MAX_STAGES} funnel stages, found {length}",
                f"ожидалось не больше {MAX_STAGES} этапов воронки, а их {length}",
            ), has_seen=False)
        if len(stages) != length or not 2 <= length <= MAX_STAGES:
            return None
        for i in range(1, length):
            before, stage = stages[i - 1], stages[i]
            if stage.count > before.count:
                self._problem(counts[i], counts_spec, Text(
                    f'expected at most {fmt(before.count)}, the count of the stage before ("{before.name}"): a later '
                    "stage cannot hold more than an earlier one (that is a conversion above 100 %)",
                    f"ожидалось не больше {fmt(before.count, 'ru')} — количества на предыдущем этапе "
                    f"(«{before.name}»): на следующем этапе не может быть больше, чем на предыдущем (это была бы "
                    "конверсия выше 100 %)",
                ), counts[i].value)
        new = numbers.get("clients_new")
        if new is not None and stages[-1].count != new:
            last = counts[length - 1]
            self._problem(last, counts_spec, Text(
                f'expected {fmt(new)}, the number of new clients ({self._source("clients_new")}): the last stage '
                f'"{stages[-1].name}" is the paying new clients',
                f"ожидалось {fmt(new, 'ru')} — число новых клиентов ({self._source('clients_new')}): последний "
                f"этап «{stages[-1].name}» — это оплатившие новые клиенты",
            ), last.value)
        for k, cell in enumerate(counts[:length], start=1):
            self.sources.append((f"funnel.{k}", where(cell)))
        return stages

    def _check_below(self, names: list[Cell], counts: list[Cell], inputs: set[tuple[str, str]]) -> None:
        """A stage typed in the row below the funnel's last row would be left out: say the funnel ends there.

        Not where that row holds another input or a label (rows deleted below the funnel bring the target up)."""
        row = names[-1].row + 1
        if len(names) != MAX_STAGES or names[-1].row != counts[-1].row or row > _LAST_ROW:
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
        self._problem(cell, spec, Text(
            f"expected nothing below the funnel: it holds {MAX_STAGES} stages ({span}), so a stage typed here is "
            f"not read; fold the stages into {MAX_STAGES} rows",
            f"ожидалось, что под воронкой ничего нет: в ней {_stages_ru(MAX_STAGES)} ({span}), поэтому этап, "
            f"записанный здесь, не читается; уложите этапы в {MAX_STAGES} строк",
        ), cell.value)

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
        context = Text("", "")
        if step is not None and funnel is not None:
            if step >= len(funnel):
                self._problem(cell, spec, Text(
                    f"expected no change on step {step}: the funnel has {len(funnel)} stages, so its steps "
                    f"are 1 to {len(funnel) - 1}",
                    f"изменение на шаге {step} не ожидалось: в воронке {_stages_ru(len(funnel))}, поэтому шаги — "
                    f"с 1 по {len(funnel) - 1}",
                ), raw)
                return None
            stages = f"({funnel[step - 1].name} → {funnel[step].name}): "
            context = Text(f"step {step} {stages}", f"шаг {step} {stages}")
        if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
            self._problem(cell, spec, compose("{context}expected a change such as x2, +10% or a new value",
                                              "{context}ожидалось изменение вида x2, +10% или новое значение",
                                              context=context), raw)
            return None
        if shown_as_percent(cell, raw):
            # Excel stores a typed "18%" as 0.18; read it back as the percentage that was typed.
            raw = f"{raw * 100:.10g}%"
        try:
            change = parse_change(lever, raw)
        except ChangeError as exc:
            # The message quotes the typed change already; drop its "lever: " prefix, the metric says it.
            message = Text(str(exc).removeprefix(f"{lever}: "), in_lang(exc, "ru").removeprefix(f"{lever}: "))
            self._problem(cell, spec, compose("{context}{message}", "{context}{message}", context=context,
                                              message=message), raw, has_seen=False)
            return None
        if change.set is not None and isinstance(raw, str) and not is_rate(lever):
            with contextlib.suppress(NumberFormatError):  # parse_change read it; this only asks its currency
                if (amount := parse_amount(raw)).currency is not None:
                    self.currencies.append((cell, spec, amount))
        note = ambiguous_rate(lever, raw)
        if note is not None:
            self.warnings.append(Notice(where(cell), spec.name, compose("{context}{note}", "{context}{note}",
                                                                        context=context, note=note)))
        return change
