"""The portfolio's summary workbook: one row a client, a sheet per currency when they mix, and the benchmarks.

Values only (no formulas): the summary is a report of the run, not a model to edit. Amounts are in
each row's own currency, formatted with it, and nothing is added across clients. The Benchmarks sheet
has, for each benchmarked lever (whatever `Portfolio.benchmarks` holds), its quartiles and each
client's value and percentile, sorted by value, with a chart of where each client stands against the
quartile lines. It is on the pandas path: it reads the summary DataFrame.

Its words are the run's language: each header, section and chart title says what it holds ("A: average
check", "Retention: percentile", "Revenue per employee, EUR"), `column_title` and `benchmark_title`;
the identifier a machine reads (the CSV's column, the JSON's benchmark) is in the cell's comment.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from ..i18n import CURRENCY_SIGNS, Message, Translator, _, translator
from ..i18n.terms import LEAD_CONVERSION, LEVER_NAMES, METRICS, POINT_SHORT, lever_name
from ..model.levers import BY_NAME, funnel_step
from ..portfolio_run import ClientRun, Portfolio, last_year
from .styles import FIXED_CREATED, HEADER_FILL, SECTION_FILL, WORKBOOK_OPTIONS, money_format, number_format, percent_format

# The summary's columns whose values are amounts (in the row's currency), rates and counts, by their
# last word (`"B'' revenue"` is a revenue); the levers' own kinds come from the registry.
AMOUNTS = frozenset({"profit", "revenue", "profit_effect", "target_profit"})
RATES = frozenset({"lead_conversion"})
TEXTS = frozenset({"file", "company", "currency", "status", "best_lever"})
WHOLE = frozenset({"warnings", "errors"})
# What a sheet of one currency totals: amounts and counts that add up across clients (not rates, averages,
# per-employee figures or the best lever's effect, which are each client's own).
SUMMED = frozenset({"profit", "revenue", "target_profit", "headcount", "leads", "clients_new"})
PERCENTILE = " percentile"
# Column widths, in characters: text columns are as wide as their longest value, within these bounds.
MIN_WIDTH, MAX_WIDTH, NUMBER_WIDTH, PROBLEMS_WIDTH = 8, 48, 14, 80
ERROR_FILL = "#FFC7CE"
# The Benchmarks sheet: a chart beside each lever's table, at least this many rows tall.
CHART_ROWS, CHART_WIDTH, CHART_COLUMN = 18, 640, 8
# Above this many clients a chart's names would overlap into a smudge: its columns go unnamed (the table names them).
CHART_NAMED = 40
#: The clients sheets hold some forty columns: on one page wide they print too small to read; on three, with the
#: file and company repeated on each, a row reads across its pages.
CLIENT_PAGES_WIDE = 3
# The portfolio's summary columns that are not a metric of a point (the summary workbook's headers).
PORTFOLIO_COLUMNS: dict[str, Message] = {
    "file": _("File"),
    "company": _("Company"),
    "currency": _("Currency"),
    "status": _("Status"),
    "target_profit": _("Target profit"),
    "best_lever": _("Best lever"),
    "best_lever profit_effect": _("Best lever: its profit effect"),
    "warnings": _("Warnings"),
    "errors": _("Errors"),
    "problems": _("Problems"),
}
# A header's comment, the column's identifier: small, shown when the pointer rests on the cell.
COMMENT = {"x_scale": 1.2, "y_scale": 0.4, "author": "leverage"}


def write_portfolio_book(portfolio: Portfolio, path: Path | str, *, lang: str = "en") -> None:
    """Write the summary workbook of `portfolio` to `path` (overwriting it), its words in `lang`."""
    t = translator(lang)
    frame = portfolio.summary
    book = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    book.set_properties({
        "title": t.gettext("Portfolio of {count} clients", count=len(portfolio.clients)),
        "subject": t.gettext("Lever method: portfolio summary"),
        "comments": t.gettext("Written by leverage from the clients' templates: one row a client, and the benchmarks."),
        "created": FIXED_CREATED,
    })
    formats = _Formats(book, lang)
    columns = [str(c) for c in frame.columns]
    stages = shared_stages(portfolio.clients)
    rows = [dict(zip(columns, values)) for values in frame.itertuples(index=False, name=None)]
    problems = {c.file: _problems_text(c) for c in portfolio.clients}
    flags = {True: t.gettext("yes"), False: t.gettext("NO")}
    for row in rows:
        row["problems"] = problems.get(str(row["file"]), "")
        for name in columns:
            if column_kind(name) == "flag" and _present(row[name]):
                row[name] = flags[bool(row[name])]
        if _present(row.get("best_lever")):
            row["best_lever"] = lever_title(t, str(row["best_lever"]))
    columns.append("problems")
    titles = [column_title(t, name, stages) for name in columns]
    currencies = sorted({str(r["currency"]) for r in rows if _present(r["currency"])})
    # Amounts are never added across currencies: with one, the sheet of all clients has its total;
    # with several, it has none, and each currency has a sheet of its own clients with theirs.
    total = t.gettext("Total")
    _write_clients(book.add_worksheet(t.gettext("Clients")), columns, titles, rows, formats,
                   total=total if len(currencies) == 1 else None)
    if len(currencies) > 1:
        for currency in currencies:
            sheet = book.add_worksheet(t.gettext("Clients {currency}", currency=currency)[:31])
            _write_clients(sheet, columns, titles, [r for r in rows if r["currency"] == currency], formats, total=total)
    _write_benchmarks(book, book.add_worksheet(t.gettext("Benchmarks")), portfolio, formats, t, stages)
    book.close()


class _Formats:
    """The cell formats of the summary workbook, money ones made once per currency."""

    def __init__(self, book: xlsxwriter.Workbook, lang: str) -> None:
        self.book, self.lang = book, lang
        self.header = book.add_format({"bold": True, "font_color": "white", "bg_color": HEADER_FILL, "text_wrap": True,
                                       "valign": "vcenter", "align": "center"})
        self.section = book.add_format({"bold": True, "bg_color": SECTION_FILL})
        self.note = book.add_format({"italic": True, "font_color": "#595959"})
        self.bold = book.add_format({"bold": True, "top": 1})
        self._made: dict[tuple[str, str, bool, bool], Any] = {}

    def cell(self, kind: str, currency: str | None, error: bool = False, total: bool = False) -> Any:
        key = (kind, currency or "", error, total)
        if key not in self._made:
            spec: dict[str, Any] = {"bg_color": ERROR_FILL} if error else {}
            if total:
                spec.update({"bold": True, "top": 1})
            if kind == "money" and currency:
                spec["num_format"] = money_format(currency, self.lang)
            elif kind in ("money", "count"):
                spec["num_format"] = number_format("#,##0.##", self.lang)
            elif kind == "rate":
                spec["num_format"] = percent_format("0.00%", self.lang)
            elif kind == "percentile":
                spec["num_format"] = number_format("0.0", self.lang)
            elif kind == "whole":
                spec["num_format"] = number_format("#,##0", self.lang)
            elif kind == "flag":
                spec["align"] = "center"
            elif kind == "problems":
                spec.update({"text_wrap": True, "valign": "top"})
            self._made[key] = self.book.add_format(spec)
        return self._made[key]


def column_kind(name: str) -> str:
    """How a summary column's values read: text, money, rate, count, whole, percentile, flag or problems."""
    if name == "problems":
        return "problems"
    if name.endswith(PERCENTILE):
        return "percentile"
    if name in TEXTS:
        return "text"
    if name in WHOLE:
        return "whole"
    if name.endswith("beats target"):
        return "flag"  # written as yes or NO, in the workbook's language
    return metric_kind(name.rsplit(" ", 1)[-1])


def metric_kind(metric: str) -> str:
    """money, rate or count for a metric or lever name (`avg_check`, `conversion.2`, `revenue`)."""
    lever = BY_NAME.get(metric)
    if metric in AMOUNTS or (lever is not None and lever.kind == "money"):
        return "money"
    if metric in RATES or funnel_step(metric) is not None or (lever is not None and lever.kind == "rate"):
        return "rate"
    return "count"


def shared_stages(clients: Iterable[ClientRun]) -> dict[int, tuple[str, str]]:
    """Funnel step K's two stages, (from, to), where every solved client's funnel with a step K names them alike."""
    names: dict[int, dict[tuple[str, str], tuple[str, str]]] = {}
    for client in clients:
        funnel = (client.points.get("A") or {}).get("funnel") or ()
        for k in range(1, len(funnel)):
            pair = (str(funnel[k - 1].get("stage") or ""), str(funnel[k].get("stage") or ""))
            folded = (" ".join(pair[0].split()).casefold(), " ".join(pair[1].split()).casefold())
            names.setdefault(k, {}).setdefault(folded, pair)
    return {k: next(iter(pairs.values())) for k, pairs in names.items()
            if len(pairs) == 1 and all(next(iter(pairs)))}


def _lower_first(words: str) -> str:
    """Words after a colon: "Average check" reads "average check" (an abbreviation keeps its capitals)."""
    return words if len(words) > 1 and words[1].isupper() else words[:1].lower() + words[1:]


def lever_title(t: Translator, lever: str, stages: Mapping[int, tuple[str, str]] | None = None) -> str:
    """A lever or metric in words ("Average check", "Lead-to-client conversion", "Conversion 2: Calls → Meetings");
    an unknown name as it is."""
    step = funnel_step(lever)
    if step is not None:
        pair = (stages or {}).get(step)
        if pair:
            return t.gettext("Conversion {k}: {stage} → {next_stage}", k=step, stage=pair[0], next_stage=pair[1])
        return t.gettext("Conversion {k}", k=step)
    if lever == "lead_conversion":
        return t(LEAD_CONVERSION)
    if lever in LEVER_NAMES:
        return lever_name(t, lever)
    if lever in METRICS:
        return t(METRICS[lever])
    return lever


def _step_position(step: str) -> tuple[int, int] | None:
    """(k, stages) of a funnel step compared by position (`step 2 of 3`), else None."""
    words = step.split()
    if len(words) == 4 and words[0] == "step" and words[2] == "of" and words[1].isdigit() and words[3].isdigit():
        return int(words[1]), int(words[3])
    return None


def benchmark_title(t: Translator, name: str, stages: Mapping[int, tuple[str, str]] | None = None) -> str:
    """A benchmark's key in words: `retention` "Retention", `rev_per_employee.EUR` "Revenue per employee, EUR",
    `conversion.2` "Conversion 2: Calls → Meetings" (its stages where the clients name them alike),
    `conversion.Calls → Meetings` "Conversion, Calls → Meetings", `conversion.step 1 of 3` "Conversion, step 1
    of 3 stages", `margin@Retail` "Profit margin (Retail)". A key of another shape stays as it is."""
    base, _at, group = name.partition("@")
    lever, _dot, within = base.partition(".")
    words: str | None = None
    if funnel_step(base) is not None:
        words = lever_title(t, base, stages)
    elif lever == "conversion" and within:
        position = _step_position(within)
        if position is not None:
            words = t.ngettext("Conversion, step {k} of {n} stage", "Conversion, step {k} of {n} stages", position[1],
                               k=position[0])
        elif "→" in within:
            words = t.gettext("Conversion, {step}", step=within)
    elif (known := lever_title(t, lever)) != lever:
        if not within:
            words = known
        elif within in CURRENCY_SIGNS or (len(within) == 3 and within.isalpha() and within.isupper()):
            words = t.gettext("{lever}, {currency}", lever=known, currency=within)
    if words is None:
        return name
    return t.gettext("{benchmark} ({group})", benchmark=words, group=group) if group else words


def column_title(t: Translator, name: str, stages: Mapping[int, tuple[str, str]] | None = None) -> str:
    """A summary column's header in words: "File", "A: average check", "B″: new clients", "Retention: percentile";
    a column of another shape keeps its identifier."""
    if name in PORTFOLIO_COLUMNS:
        return t(PORTFOLIO_COLUMNS[name])
    if name.endswith(PERCENTILE):
        benchmark = name[:-len(PERCENTILE)]
        words = benchmark_title(t, benchmark, stages)
        return name if words == benchmark else t.gettext("{benchmark}: percentile", benchmark=words)
    point, _sp, metric = name.partition(" ")
    if point in POINT_SHORT and metric:
        words = t.gettext("beats the target") if metric == "beats target" else lever_title(t, metric, stages)
        if words != metric:
            return t.gettext("{point}: {metric}", point=POINT_SHORT[point], metric=_lower_first(words))
    return name


def _present(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _problems_text(client: ClientRun) -> str:
    """Every problem of a client, one a line, as the CLI's `Error:` lines give them."""
    lines = []
    for error in client.errors:
        location = None if error["location"] == client.file else error["location"]
        where = f"{location} ({error['metric']})" if location and error["metric"] else (location or error["metric"])
        lines.append(f"{where}: {error['message']}" if where else str(error["message"]))
    return "\n".join(lines)


def _write_value(ws: Worksheet, row: int, col: int, value: Any, fmt: Any, kind: str) -> None:
    if not _present(value) or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, (int, float)) or hasattr(value, "__float__") and not isinstance(value, str):
        ws.write_number(row, col, float(value), fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def _write_clients(ws: Worksheet, columns: Sequence[str], titles: Sequence[str], rows: Sequence[dict[str, Any]],
                   formats: _Formats, total: str | None = None) -> None:
    """One row a client under a frozen header with a filter; a client in error is filled red.

    Each header cell holds its column's title, and in its comment the column's identifier (the CSV's header).

    With `total` (the rows share one currency), a row below them, outside the filter, adds up the
    amounts and counts of every row (`SUMMED`), as SUM formulas carrying their values."""
    ws.set_row(0, 45)
    for col, (name, title) in enumerate(zip(columns, titles)):
        ws.write_string(0, col, title, formats.header)
        ws.write_comment(0, col, name, COMMENT)
    kinds = [column_kind(name) for name in columns]
    for r, row in enumerate(rows, start=1):
        error = row.get("status") != "ok"
        currency = str(row["currency"]) if _present(row.get("currency")) else None
        for col, (name, kind) in enumerate(zip(columns, kinds)):
            _write_value(ws, r, col, row.get(name), formats.cell(kind, currency, error), kind)
    for col, (name, title, kind) in enumerate(zip(columns, titles, kinds)):
        ws.set_column(col, col, _width(title, kind, [row.get(name) for row in rows]))
    if total is not None and rows:
        _write_total(ws, columns, kinds, rows, formats, total)
    ws.freeze_panes(1, 2)  # the header, and the file and company of each row
    ws.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    _print_wide(ws, CLIENT_PAGES_WIDE)
    ws.repeat_rows(0)
    ws.repeat_columns(0, 1)  # each printed strip of columns says whose row it is


def _write_total(ws: Worksheet, columns: Sequence[str], kinds: Sequence[str], rows: Sequence[dict[str, Any]],
                 formats: _Formats, label: str) -> None:
    """The total row, a row below the clients' (`=SUM(E2:E7)`, its value cached)."""
    at = len(rows) + 2
    currencies = {str(r["currency"]) for r in rows if _present(r.get("currency"))}
    currency = currencies.pop() if len(currencies) == 1 else None
    ws.write_string(at, 0, label, formats.bold)
    for col, (name, kind) in enumerate(zip(columns, kinds)):
        if kind not in ("money", "count") or name.rsplit(" ", 1)[-1] not in SUMMED:
            if col:
                ws.write_blank(at, col, None, formats.bold)  # the row's rule runs across the table
            continue
        cells: list[Any] = [r.get(name) for r in rows]
        value = sum(float(v) for v in cells if _present(v) and not isinstance(v, str))
        first, last = xl_rowcol_to_cell(1, col), xl_rowcol_to_cell(len(rows), col)
        ws.write_formula(at, col, f"=SUM({first}:{last})", formats.cell(kind, currency, total=True), value)


def _print_wide(ws: Worksheet, pages_wide: int = 1) -> None:
    """Landscape, `pages_wide` pages wide, as many pages tall as it takes."""
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(pages_wide, 0)
    ws.set_footer("&C&P / &N")


def _width(name: str, kind: str, values: Iterable[Any]) -> float:
    if kind == "problems":
        longest = max((max((len(line) for line in str(v).splitlines()), default=0) for v in values if _present(v)),
                      default=0)
        return max(MIN_WIDTH, len(name) + 2, min(PROBLEMS_WIDTH, longest + 2))  # the header on one line
    header = min(len(name), 16) + 2  # a long header wraps onto two lines
    if kind == "text":
        longest = max((len(str(v)) for v in values if _present(v)), default=0)
        return max(MIN_WIDTH, header, min(MAX_WIDTH, longest + 2))
    return max(header, NUMBER_WIDTH)


def benchmark_value(client: ClientRun, name: str, benchmark: dict[str, Any]) -> float | None:
    """The client's value of a benchmark (`retention`, `conversion.2`, `rev_per_employee.USD`): last year's."""
    values = benchmark.get("values")
    if isinstance(values, dict) and client.file in values:
        found = values[client.file]
        return None if found is None else float(found)
    point = client.points.get("A") or {}
    step = funnel_step(name)
    if step is not None:
        funnel = point.get("funnel") or ()
        share = funnel[step].get("conversion") if 0 < step < len(funnel) else None
        return None if share is None else float(share)
    value = last_year(client, name)
    lever, _dot, within = name.partition(".")
    if value is None and within and within == client.currency:
        value = last_year(client, lever)
    return value


def _benchmark_kind(name: str) -> tuple[str, str | None]:
    """A benchmark's kind of value, and its currency for an amount compared within one (`rev_per_employee.USD`)."""
    lever, _dot, within = name.partition(".")
    if funnel_step(name) is not None:
        return "rate", None
    kind = metric_kind(lever)
    return kind, (within or None) if kind == "money" else None


def _write_benchmarks(book: xlsxwriter.Workbook, ws: Worksheet, portfolio: Portfolio, formats: _Formats,
                      t: Translator, stages: Mapping[int, tuple[str, str]]) -> None:
    """Per lever: its quartiles, each client's value and percentile from lowest to highest, and a chart.

    A lever's section and chart are titled in words (`benchmark_title`); the section's comment is its key in the JSON."""
    ws.write_string(0, 0, t.gettext("Where each client's last year (point A) stands among the portfolio's"),
                    book.add_format({"bold": True, "font_size": 14}))
    ws.write_string(1, 0, t.gettext("Percentile: the share of the other clients with a lower value, ties counting "
                                    "half (0 is the lowest, 100 the highest). Quartiles as Excel's QUARTILE.INC."),
                    formats.note)
    headers = [t.gettext("File"), t.gettext("Company"), t.gettext("Value"), t.gettext("Percentile"),
               t.gettext("First quartile"), t.gettext("Median"), t.gettext("Third quartile")]
    widths = [36, 30, 14, 11, 14, 14, 14]
    widths[0] = max(widths[0], min(MAX_WIDTH + 12, max((len(c.file) + 2 for c in portfolio.clients), default=0)))
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    by_file = {c.file: c for c in portfolio.clients}
    _print_wide(ws)
    row = 3
    for name, benchmark in portfolio.benchmarks.items():
        percentiles = benchmark.get("percentiles") if isinstance(benchmark, dict) else None
        if not isinstance(percentiles, dict):
            continue  # not a lever's benchmark (nothing of the documented shape)
        kind, currency = _benchmark_kind(name)
        value_format = formats.cell(kind, currency)
        entries = [(file, by_file[file], benchmark_value(by_file[file], name, benchmark), share)
                   for file, share in percentiles.items() if file in by_file]
        entries = sorted((e for e in entries if e[2] is not None), key=lambda e: (e[2], e[0]))
        quartiles = benchmark.get("quartiles") or [None, None, None]
        title = benchmark_title(t, name, stages)
        ws.write_string(row, 0, title, formats.section)
        ws.write_comment(row, 0, name, COMMENT)
        for col in range(1, len(headers)):
            ws.write_blank(row, col, None, formats.section)
        if not entries:
            ws.write_string(row + 1, 0, t.gettext("No client has this value."), formats.note)
            row += 3
            continue
        ws.set_row(row + 1, 30)  # room for a header on two lines
        for col, header in enumerate(headers):
            ws.write_string(row + 1, col, header, formats.header)
        first = row + 2
        for r, (file, client, value, share) in enumerate(entries, start=first):
            ws.write_string(r, 0, file)
            ws.write_string(r, 1, client.company or "")
            _write_value(ws, r, 2, value, value_format, kind)
            _write_value(ws, r, 3, share, formats.cell("percentile", None), "percentile")
            for col, quartile in enumerate(quartiles[:3], start=4):
                _write_value(ws, r, col, quartile, value_format, kind)
        last = first + len(entries) - 1
        ws.insert_chart(row, CHART_COLUMN, _chart(book, ws.get_name(), title, first, last, t, kind),
                        {"x_offset": 10, "y_offset": 4})
        row = max(last + 3, row + CHART_ROWS + 2)


def _chart(book: xlsxwriter.Workbook, sheet: str, name: str, first: int, last: int, t: Translator, kind: str) -> Any:
    """The clients' values as columns from lowest to highest, with the three quartiles as lines across them;
    `name` is the lever's title."""
    quoted = "'" + sheet.replace("'", "''") + "'"
    chart = book.add_chart({"type": "column"})
    chart.add_series({
        "name": name,
        "categories": f"={quoted}!$B${first + 1}:$B${last + 1}",
        "values": f"={quoted}!$C${first + 1}:$C${last + 1}",
        "fill": {"color": HEADER_FILL},
        "gap": 60,
    })
    lines = book.add_chart({"type": "line"})
    for col, (letter, color) in enumerate((("E", "#C00000"), ("F", "#404040"), ("G", "#00B050")), start=4):
        lines.add_series({
            "name": [sheet, first - 1, col],
            "categories": f"={quoted}!$B${first + 1}:$B${last + 1}",
            "values": f"={quoted}!${letter}${first + 1}:${letter}${last + 1}",
            "line": {"color": color, "width": 1.5, "dash_type": "dash"},
            "marker": {"type": "none"},
        })
    chart.combine(lines)
    chart.set_title({"name": name, "name_font": {"size": 12}})
    chart.set_legend({"position": "bottom"})
    named = last - first + 1 <= CHART_NAMED
    chart.set_x_axis({"num_font": {"rotation": -45, "size": 8}} if named else {"label_position": "none"})
    chart.set_y_axis({"major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
                      "num_format": "0%" if kind == "rate" else "#,##0"})
    chart.set_size({"width": CHART_WIDTH, "height": CHART_ROWS * 20})
    return chart
