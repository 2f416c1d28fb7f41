"""Reading a plan workbook (`leverage plan -o`) and the actuals typed into it, or given as a file, for `leverage track`.

The plan workbook is found by its workbook-scope defined names only (the plan workbook's contract): `plan_kind`
says what it is (`leverage-plan/1`), `plan_month` and the `plan_*` rows hold the plan by month (cached values),
`actual_*` rows the actuals typed so far, single cells the clients carried in, the sales cycle, the target, the
currency, the language, the tolerance and the owners. Actuals are typed as the template accepts numbers
(`1 200 000,50`, `1.2M`); a month with any actual needs all of them; the months with actuals are the plan's first
ones, without a gap.

An actuals file (.csv or .xlsx, as accounting systems export them) has one row a month and a column per metric:
month, the funnel's stages by their names (or leads and new clients for the first and last), active clients,
revenue, profit and headcount, with English or Russian headers. pandas reads it, imported only here.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import FileFormatError, InputError, Notice, Problem
from .i18n import Num, _
from .model.inputs import CURRENCIES
from .model.track import Figures
from .numbers import NumberFormatError, parse_number

__all__ = ["PLAN_KIND", "PlanBook", "parse_tolerance", "read_actuals_file", "read_plan_book"]

PLAN_KIND = "leverage-plan/1"
OWNER_LEVERS = ("leads", "conversion", "retention", "avg_check", "margin", "rev_per_employee")
# The rows of one cell a month besides the stages, as figures name them.
STOCKS_AND_FLOWS = ("active_clients", "revenue", "profit", "headcount")
SINGLES = ("plan_clients_start", "plan_lag", "plan_target_profit", "plan_currency", "plan_lang", "plan_tolerance")
# Headers of an actuals file (lower case, as the header begins), English and Russian.
FILE_HEADERS: Mapping[str, tuple[str, ...]] = {
    "month": ("month", "period", "месяц", "период"),
    "leads": ("leads", "лиды", "лидов", "заявки"),
    "new_clients": ("new clients", "new customers", "новые клиенты", "новых клиентов"),
    "active_clients": ("active clients", "active customers", "активные клиенты", "активных клиентов"),
    "revenue": ("revenue", "sales", "выручка"),
    "profit": ("profit", "net profit", "прибыль", "чистая прибыль"),
    "headcount": ("headcount", "employees", "staff", "численность", "сотрудники", "сотрудников"),
}
_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-\d{1,2})?(?:[ T].*)?\s*$")


@dataclass(frozen=True)
class PlanBook:
    """A plan workbook as read: the plan's months and figures, the actuals of its first months, and the settings."""

    path: Path
    months: tuple[str, ...]
    stage_names: tuple[str, ...]
    plan: tuple[Figures, ...]
    actual: tuple[Figures, ...]
    clients_start: float
    lag: int
    target_profit: float
    currency: str
    lang: str
    tolerance: float
    owners: Mapping[str, str]
    warnings: tuple[Notice, ...] = ()


def _load(path: Path) -> Any:
    from openpyxl import load_workbook

    from .form.safety import SAVE_AS, read_workbook_bytes

    data = read_workbook_bytes(path)
    try:
        with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many unrelated types for damaged files
        raise FileFormatError(Problem(str(path), None, _("cannot be read as an .xlsx workbook ({why}); {save_as}",
                                                         why=f"{type(exc).__name__}: {exc}", save_as=SAVE_AS),
                                      has_seen=False)) from exc


def _cells(workbook: Any, name: str) -> list[Any] | None:
    """The cells a workbook-scope name points at (left to right, or top to bottom), None when it points at none."""
    from openpyxl.utils import range_boundaries

    defined = workbook.defined_names.get(name)
    if defined is None or "#REF!" in (defined.value or ""):
        return None
    try:
        destinations = list(defined.destinations)
    except Exception:
        return None
    if len(destinations) != 1 or destinations[0][0] not in workbook.sheetnames:
        return None
    sheet, ref = destinations[0]
    ws = workbook[sheet]
    try:
        min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
    except (ValueError, TypeError):
        return None
    if min_col is None or min_row is None or max_col is None or max_row is None:
        return None
    if (max_row - min_row + 1) * (max_col - min_col + 1) > 1000:
        return None
    return [ws.cell(row=r, column=c) for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)]


def where(cell: Any) -> str:
    """`Plan!D30`."""
    return f"{cell.parent.title}!{cell.coordinate}"


def _kind_refusal(path: Path, workbook: Any) -> InputError:
    """The workbook has no plan_kind: say what it is and what to run."""
    names = set(workbook.defined_names)
    subject = (workbook.properties.subject or "") if workbook.properties else ""
    if "checks_ok" in names:
        why = _("is a workbook `leverage solve` wrote, not a plan; run `leverage plan TEMPLATE -o PLAN.xlsx` on the "
                "template, then track that plan")
    elif {"revenue", "funnel_counts"} <= names:
        why = _("is a template, not a plan; run `leverage plan {path} -o PLAN.xlsx` first, then track that plan",
                path=path.name)
    elif "plan_month" in names or subject:
        why = _('the plan workbook\'s name "plan_kind" is gone; write the plan again with `leverage plan '
                'TEMPLATE -o PLAN.xlsx` and type the actuals into it')
    else:
        why = _("is not a plan workbook (it has no name \"plan_kind\"); run `leverage plan TEMPLATE -o PLAN.xlsx` "
                "and track that plan")
    return InputError(Problem(str(path), None, why, has_seen=False))


def _number(cell: Any, name: str, problems: list[Problem]) -> float | None:
    """A cell's number as the template reads numbers; None when blank; a problem when it is no number."""
    value = cell.value
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime | datetime.date):
        problems.append(Problem(where(cell), name, _("expected a number, not a date"), seen=str(value)))
        return None
    try:
        return parse_number(value)
    except NumberFormatError as exc:
        problems.append(Problem(where(cell), name, exc.message, seen=value))
        return None


def _text(cell: Any) -> str:
    from .errors import printable

    return printable(str(cell.value)) if cell.value is not None else ""


def read_plan_book(path: str | Path) -> PlanBook:
    """The plan workbook at `path` with the actuals typed into it; raises InputError with every problem at once."""
    path = Path(path)
    workbook = _load(path)
    kind = _cells(workbook, "plan_kind")
    if kind is None or _text(kind[0]) != PLAN_KIND:
        if kind is not None:
            raise InputError(Problem(where(kind[0]), "plan_kind", _('expected "{kind}", the mark of a plan workbook '
                                                                    "`leverage plan -o` writes", kind=PLAN_KIND),
                                     seen=kind[0].value))
        raise _kind_refusal(path, workbook)
    names_row = _cells(workbook, "plan_stage_names")
    months = _cells(workbook, "plan_month")
    n_stages = len(names_row) if names_row else 0
    wanted = ["plan_month", "plan_stage_names", *SINGLES,
              *(f"plan_stage_{j}" for j in range(1, n_stages + 1)), *(f"plan_{x}" for x in STOCKS_AND_FLOWS),
              *(f"actual_stage_{j}" for j in range(1, n_stages + 1)), *(f"actual_{x}" for x in STOCKS_AND_FLOWS),
              *(f"owner_{x}" for x in OWNER_LEVERS)]
    located = {name: _cells(workbook, name) for name in wanted}
    gone = [name for name, cells in located.items() if cells is None]
    # a row of the months (every plan_* and actual_* row but the single cells) has one cell a month
    monthly = [name for name in wanted if name.startswith(("plan_", "actual_"))
               and name not in ("plan_month", "plan_stage_names", *SINGLES)]
    gone += [name for name in monthly if months and (found := located[name]) is not None and len(found) != len(months)]
    if gone or n_stages < 2:
        listed = ", ".join(gone) if gone else "plan_stage_names"
        raise InputError(Problem(str(path), None, _(
            "the plan workbook's names are gone or point at other cells ({names}); write the plan again with "
            "`leverage plan TEMPLATE -o PLAN.xlsx` and type the actuals into it", names=listed), has_seen=False))

    def cells(name: str) -> list[Any]:
        found = located[name]
        assert found is not None
        return found

    problems: list[Problem] = []

    def single(name: str) -> float:
        value = _number(cells(name)[0], name, problems)
        if value is None:
            problems.append(Problem(where(cells(name)[0]), name, _("expected a number"), seen=None))
            return 0.0
        return value

    month_names = [_text(c) for c in cells("plan_month")]
    stage_names = tuple(_text(c) for c in cells("plan_stage_names"))

    def plan_row(name: str) -> list[float]:
        out = []
        for cell in cells(name):
            value = _number(cell, name, problems)
            if value is None:
                problems.append(Problem(where(cell), name, _("expected the plan's figure (open and save the workbook "
                                                             "in Excel or LibreOffice to compute it)"), seen=None))
            out.append(value or 0.0)
        return out

    plan_rows = {name: plan_row(name) for name in (*(f"plan_stage_{j}" for j in range(1, n_stages + 1)),
                                                   *(f"plan_{x}" for x in STOCKS_AND_FLOWS))}
    clients_start = single("plan_clients_start")
    if not problems and not clients_start > 0:
        problems.append(Problem(where(cells("plan_clients_start")[0]), "plan_clients_start",
                                _("expected the clients carried into the year, above 0"), seen=clients_start))
    for cell, value in zip(cells("plan_active_clients"), plan_rows["plan_active_clients"]):
        if not value > 0 and not problems:
            problems.append(Problem(where(cell), "plan_active_clients", _("expected active clients above 0"),
                                    seen=value))
    lag = single("plan_lag")
    target = single("plan_target_profit")
    tolerance = single("plan_tolerance")
    if 1 < tolerance < 100:  # typed as percent (10 for 10 %), as the template reads rates
        tolerance /= 100
    if not 0 < tolerance < 1:
        problems.append(Problem(where(cells("plan_tolerance")[0]), "plan_tolerance",
                                _("expected a tolerance above 0 and below 100 %"), seen=cells("plan_tolerance")[0].value))
    currency = _text(cells("plan_currency")[0]).upper() or "USD"
    if currency not in CURRENCIES:
        problems.append(Problem(where(cells("plan_currency")[0]), "plan_currency",
                                _("expected one of {choices}", choices=", ".join(CURRENCIES)),
                                seen=cells("plan_currency")[0].value))
    lang = _text(cells("plan_lang")[0]).lower() or "en"
    if problems:
        raise InputError(problems)
    plan = tuple(Figures(tuple(plan_rows[f"plan_stage_{j}"][i] for j in range(1, n_stages + 1)),
                         plan_rows["plan_active_clients"][i], plan_rows["plan_revenue"][i], plan_rows["plan_profit"][i],
                         plan_rows["plan_headcount"][i]) for i in range(len(month_names)))
    actual_names = [*(f"actual_stage_{j}" for j in range(1, n_stages + 1)), *(f"actual_{x}" for x in STOCKS_AND_FLOWS)]
    grid = {name: [(cell, _number(cell, name, problems)) for cell in cells(name)] for name in actual_names}
    rows: list[dict[str, tuple[str, float | None]]] = [
        {name: (where(grid[name][i][0]), grid[name][i][1]) for name in actual_names} for i in range(len(month_names))]
    owners = {lever: _text(cells(f"owner_{lever}")[0]) for lever in OWNER_LEVERS}
    book = PlanBook(path=path, months=tuple(month_names), stage_names=stage_names, plan=plan, actual=(),
                    clients_start=clients_start, lag=int(lag), target_profit=target, currency=currency,
                    lang=lang if lang in ("en", "ru") else "en", tolerance=tolerance, owners=owners)
    actual, notices = _actual_months(book, rows, problems)
    if problems:
        raise InputError(problems).said_in(book.lang)
    return _with_actuals(book, actual, notices)


def _with_actuals(book: PlanBook, actual: Sequence[Figures], notices: Sequence[Notice]) -> PlanBook:
    return PlanBook(path=book.path, months=book.months, stage_names=book.stage_names, plan=book.plan,
                    actual=tuple(actual), clients_start=book.clients_start, lag=book.lag,
                    target_profit=book.target_profit, currency=book.currency, lang=book.lang, tolerance=book.tolerance,
                    owners=book.owners, warnings=tuple(notices))


def _metric_label(name: str) -> str:
    """`actual_stage_2` -> `actual_stage_2` (the defined name is the metric a problem names)."""
    return name


def _actual_months(book: PlanBook, rows: Sequence[Mapping[str, tuple[str, float | None]]],
                   problems: list[Problem]) -> tuple[list[Figures], list[Notice]]:
    """The months with any actual as Figures, checked: no gap, every figure of such a month, no negative count,
    active clients above 0; warnings where the figures contradict each other (a stage above the one before)."""
    filled = [i for i, row in enumerate(rows) if any(value is not None for _, value in row.values())]
    notices: list[Notice] = []
    if not filled:
        return [], notices
    last = filled[-1]
    for i in range(last):
        if i not in filled:
            first = next(iter(rows[i].values()))[0]
            problems.append(Problem(first, None, _(
                "{month} has no actuals while {later} has: type the actuals of every month from the plan's first, "
                "without a gap", month=book.months[i], later=book.months[last]), has_seen=False))
    n = len(book.stage_names)
    out = []
    for i in range(last + 1):
        if i not in filled:
            continue
        row = rows[i]
        blank = [name for name, (_, value) in row.items() if value is None]
        for name in blank:
            problems.append(Problem(row[name][0], _metric_label(name), _(
                "{month} has other actuals; expected this one too", month=book.months[i]), seen=None))
        if blank:
            continue
        values = {name: value for name, (_, value) in row.items()}
        for name, value in values.items():
            if name != "actual_profit" and value is not None and value < 0:
                problems.append(Problem(row[name][0], name, _("expected 0 or more"), seen=value))
        active = values["actual_active_clients"]
        if active is not None and active <= 0:
            problems.append(Problem(row["actual_active_clients"][0], "actual_active_clients",
                                    _("expected active clients above 0"), seen=active))
        stages = tuple(float(values[f"actual_stage_{j}"] or 0.0) for j in range(1, n + 1))
        for j in range(1, n):
            if stages[j] > stages[j - 1]:
                place, _v = row[f"actual_stage_{j + 1}"]
                notices.append(Notice(place, f"actual_stage_{j + 1}", _(
                    "{month}: {stage} ({count}) is above {before} ({before_count}), a conversion over 100 %",
                    month=book.months[i], stage=book.stage_names[j], count=Num(stages[j], 2),
                    before=book.stage_names[j - 1], before_count=Num(stages[j - 1], 2))))
        out.append(Figures(stages, float(active or 0.0), float(values["actual_revenue"] or 0.0),
                           float(values["actual_profit"] or 0.0), float(values["actual_headcount"] or 0.0)))
    if not problems:
        carried = book.clients_start
        for i, figures in enumerate(out):
            carried += figures.new_clients
            if figures.active_clients > carried + 1e-9:
                place = rows[i]["actual_active_clients"][0]
                notices.append(Notice(place, "actual_active_clients", _(
                    "{month}: {active} active clients, more than the {carried} carried in plus new to date "
                    "(a retention over 100 %)", month=book.months[i], active=Num(figures.active_clients, 2),
                    carried=Num(carried, 2))))
    return out, notices


def _normal(header: object) -> str:
    return " ".join(str(header).lower().replace("ё", "е").replace("_", " ").split())


def _file_frame(path: Path) -> Any:
    import pandas as pd

    from .clients import MAX_BYTES, table_rows

    if not path.exists():
        raise InputError(Problem(str(path), None, _("no such file"), has_seen=False))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(Problem(str(path), None, _("cannot be read ({why})", why=exc.strerror or str(exc)),
                                 has_seen=False)) from exc
    if len(data) > MAX_BYTES:
        raise InputError(Problem(str(path), None, _("is larger than {size} MB; expected one row a month",
                                                     size=MAX_BYTES // (1024 * 1024)), has_seen=False))
    frame = table_rows(path, data)
    return frame if isinstance(frame, pd.DataFrame) else pd.DataFrame(frame)


def read_actuals_file(path: str | Path, book: PlanBook) -> PlanBook:
    """`book` with its actuals replaced by those of the file at `path` (one row a month, a column per metric)."""
    from .clients import Row

    path = Path(path)
    frame = _file_frame(path)
    if frame.empty:
        raise InputError(Problem(str(path), None, _("the file is empty"), has_seen=False))
    stage_keys = {_normal(name): f"actual_stage_{j + 1}" for j, name in enumerate(book.stage_names)}
    n = len(book.stage_names)

    def role(header: object) -> str | None:
        text = _normal(header)
        if text in stage_keys:
            return stage_keys[text]
        for key, words in FILE_HEADERS.items():
            if any(text == w or text.startswith(w + " ") or text.startswith(w + ",") for w in words):
                return {"leads": "actual_stage_1", "new_clients": f"actual_stage_{n}", "month": "month"}.get(
                    key, f"actual_{key}")
        return None

    header_at = None
    for r in range(min(len(frame), 30)):
        roles = [role(v) for v in frame.iloc[r].tolist()]
        if "month" in roles:
            header_at = r
            break
    if header_at is None:
        raise InputError(Problem(str(path), None, _('expected a header row with a "month" column and a column per '
                                                     "metric (leads, the funnel's stages, new clients, active clients, "
                                                     "revenue, profit, headcount)"), has_seen=False))
    header = frame.iloc[header_at].tolist()
    columns: dict[str, int] = {}
    for c, heading in enumerate(header):
        key = role(heading)
        if key and key not in columns:
            columns[key] = c
    wanted = ["month", *(f"actual_stage_{j}" for j in range(1, n + 1)), *(f"actual_{x}" for x in STOCKS_AND_FLOWS)]
    missing = [key for key in wanted if key not in columns]
    if missing:
        shown = ", ".join(book.stage_names[int(k.rsplit("_", 1)[1]) - 1] if k.startswith("actual_stage_")
                          else FILE_HEADERS[k.removeprefix("actual_")][0] for k in missing)
        raise InputError(Problem(str(path), None, _("expected a column for each metric; missing: {columns}",
                                                     columns=shown), has_seen=False))
    problems: list[Problem] = []
    by_month: dict[int, dict[str, tuple[str, float | None]]] = {}
    for r in range(header_at + 1, len(frame)):
        cells = frame.iloc[r].tolist()
        if all(str(v).strip() in ("", "nan", "None") for v in cells):
            continue
        place = Row(path.name, r + 1)
        month = _month_text(cells[columns["month"]])
        if month not in book.months:
            problems.append(Problem(place, "month", _("expected a month of the plan ({first} to {last}) as YYYY-MM",
                                                      first=book.months[0], last=book.months[-1]),
                                    seen=str(cells[columns["month"]])))
            continue
        i = book.months.index(month)
        if i in by_month:
            problems.append(Problem(place, "month", _("{month} is given twice", month=month), has_seen=False))
            continue
        row: dict[str, tuple[str, float | None]] = {}
        for key in wanted[1:]:
            raw = cells[columns[key]]
            value: float | None = None
            if raw is not None and str(raw).strip() not in ("", "nan"):
                try:
                    value = parse_number(raw if isinstance(raw, int | float) else str(raw))
                except NumberFormatError as exc:
                    problems.append(Problem(place, key, exc.message, seen=raw))
            row[key] = (place, value)
        by_month[i] = row
    if problems:
        raise InputError(problems).said_in(book.lang)
    blank_row = {key: (str(path), None) for key in wanted[1:]}
    rows = [by_month.get(i, blank_row) for i in range(len(book.months))]
    actual, notices = _actual_months(book, rows, problems)
    if problems:
        raise InputError(problems).said_in(book.lang)
    if not actual:
        raise InputError(Problem(str(path), None, _("holds no actuals"), has_seen=False))
    return _with_actuals(book, actual, notices)


def _month_text(value: object) -> str:
    """`2027-03`, from text such as 2027-03 or 2027-03-01, or a date."""
    if isinstance(value, datetime.datetime | datetime.date):
        return f"{value.year:04d}-{value.month:02d}"
    match = _MONTH.match(str(value))
    if not match:
        return str(value).strip()
    return f"{int(match.group(1)):04d}-{int(match.group(2)):02d}"



def parse_tolerance(text: str) -> float:
    """`10%`, `0.1` or `10`: the share a metric may be off plan before it counts (above 0, below 100 %)."""
    from .errors import ChangeError
    from .numbers import parse_rate

    try:
        share, ambiguous = parse_rate(text)
    except NumberFormatError:
        raise ChangeError(_('"{text}": expected a percentage such as 10%, 0.1 or 10', text=text)) from None
    if ambiguous:
        raise ChangeError(_('"{text}" may mean 100 % or 1 %; write 100% or 1%', text=text))
    if not 0 < share < 1:
        raise ChangeError(_('"{text}": expected a tolerance above 0 and below 100 %', text=text))
    return share
