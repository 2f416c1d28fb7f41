"""The scenario workbook: inputs the client can edit, and points A, B, B' and B'' as live formulas.

Layout principles (financial-modelling practice):

- The Inputs sheet holds last year's figures and the lever changes for B' as
  constants (pale yellow, blue); nothing else in the workbook is a constant.
- The Points sheet has one column per point. Its first rows are the point's
  drivers (profit to reach or leads given, clients carried in, levers), which
  refer to the Inputs sheet; every row below holds ONE formula repeated across
  the point columns, so a row reads the same for A, B, B' and B''.
- The chain is acyclic: revenue is computed first, from the profit target
  (back) or from the leads given (forward), and everything else follows from it.
- Every formula cell is written with the value the solver computed, because
  XlsxWriter caches 0 otherwise and non-recalculating readers would show zeros.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from . import i18n
from .changes import step_changes
from .model import Change, Point, Scenarios, whole_units
from .solver import derive_levers

INPUT_FILL = "#FFF2CC"
INPUT_FONT = "#0000FF"
HEADER_FILL = "#1F4E78"
SECTION_FILL = "#DDEBF7"

# Options that keep text text: a company called "=SUM(A1)" stays a name.
WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    "use_future_functions": False,
}
# A fixed creation date keeps the same inputs writing the same workbook.
FIXED_CREATED = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)

CURRENCY_FORMATS = {
    "USD": '"$"#,##0',
    "EUR": '#,##0" €"',
    "RUB": '#,##0" ₽"',
}


def money_format(currency: str) -> str:
    return CURRENCY_FORMATS.get(currency, "#,##0")


@dataclass
class _Formats:
    title: object
    header: object
    section: object
    label: object
    text_input: object
    money_input: object
    count_input: object
    rate_input: object
    factor_input: object
    money: object
    count: object
    whole: object
    rate: object
    ratio: object
    factor: object
    text: object
    flag: object
    note: object


def _formats(book: xlsxwriter.Workbook, currency: str) -> _Formats:
    money = money_format(currency)
    inp = {"bg_color": INPUT_FILL, "font_color": INPUT_FONT, "border": 1, "border_color": "#BFBFBF", "locked": False}
    return _Formats(
        title=book.add_format({"bold": True, "font_size": 14}),
        header=book.add_format({"bold": True, "font_color": "white", "bg_color": HEADER_FILL, "text_wrap": True, "valign": "vcenter", "align": "center"}),
        section=book.add_format({"bold": True, "bg_color": SECTION_FILL}),
        label=book.add_format({}),
        text_input=book.add_format(inp),
        money_input=book.add_format({**inp, "num_format": money}),
        count_input=book.add_format({**inp, "num_format": "#,##0.##"}),
        rate_input=book.add_format({**inp, "num_format": "0.00%"}),
        factor_input=book.add_format({**inp, "num_format": "0.00##"}),
        money=book.add_format({"num_format": money}),
        count=book.add_format({"num_format": "#,##0.00"}),
        whole=book.add_format({"num_format": "#,##0"}),
        rate=book.add_format({"num_format": "0.00%"}),
        ratio=book.add_format({"num_format": '0.00"×"', "font_color": "#595959"}),
        factor=book.add_format({"num_format": "0.00##"}),
        text=book.add_format({}),
        flag=book.add_format({"bold": True, "align": "center"}),
        note=book.add_format({"italic": True, "font_color": "#595959", "text_wrap": True, "valign": "top"}),
    )


def write_workbook(scenarios: Scenarios, path: Path | str, *, lang: str | None = None) -> None:
    """Write the scenario workbook for `scenarios` to `path` (overwriting it)."""
    lang = lang or scenarios.inputs.lang
    book = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    inputs = scenarios.inputs
    book.set_properties({
        "title": f"{i18n.text(lang, 'points_title')}: {inputs.company}".rstrip(": "),
        "subject": "Lever method scenarios",
        "company": inputs.company,
        "created": FIXED_CREATED,
    })
    fmt = _formats(book, inputs.currency)
    layout = _write_inputs(book, scenarios, lang, fmt)
    _write_points(book, scenarios, lang, fmt, layout)
    book.close()


@dataclass
class _InputsLayout:
    sheet: str
    funnel_cells: list[str]     # absolute references to stage counts, leads first
    lever_a: dict[str, str]     # lever -> reference of its point-A value
    lever_b1: dict[str, str]    # lever -> reference of its B' value


def _abs(sheet: str, row: int, col: int) -> str:
    return f"{quote_sheetname(sheet)}!{xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)}"


def _write_inputs(book: xlsxwriter.Workbook, scenarios: Scenarios, lang: str, fmt: _Formats) -> _InputsLayout:
    inputs = scenarios.inputs
    name = i18n.text(lang, "inputs_sheet")
    ws = book.add_worksheet(name)
    ws.set_column(0, 0, 46)
    ws.set_column(1, 5, 17)
    ws.set_column(6, 6, 60)
    ws.freeze_panes(1, 1)
    ws.write_string(0, 0, i18n.text(lang, "inputs_title"), fmt.title)
    metric = lambda key: i18n.metric(lang, key)  # noqa: E731
    rows: list[tuple[str, str, object, object]] = [
        ("company", i18n.text(lang, "company"), inputs.company, fmt.text_input),
        ("currency", i18n.text(lang, "currency"), inputs.currency, fmt.text_input),
        ("revenue", metric("revenue"), inputs.revenue, fmt.money_input),
        ("profit", metric("profit"), inputs.profit, fmt.money_input),
        ("headcount", metric("headcount"), inputs.headcount, fmt.count_input),
        ("clients_start", metric("clients_start"), inputs.clients_start, fmt.count_input),
        ("clients_new", metric("clients_new"), inputs.clients_new, fmt.count_input),
        ("clients_lost", i18n.text(lang, "clients_lost"), inputs.clients_lost, fmt.count_input),
        ("target_profit", i18n.text(lang, "target_profit"), scenarios.target_profit, fmt.money_input),
    ]
    row = 2
    for key, label, value, cell_format in rows:
        ws.write_string(row, 0, label, fmt.label)
        if isinstance(value, str):
            ws.write_string(row, 1, value, cell_format)
        else:
            ws.write_number(row, 1, value, cell_format)
        book.define_name(key, f"={_abs(name, row, 1)}")
        row += 1

    row += 1
    ws.write_string(row, 0, i18n.text(lang, "funnel"), fmt.section)
    ws.write_string(row, 1, i18n.text(lang, "count"), fmt.section)
    row += 1
    funnel_cells = []
    for stage in inputs.funnel:
        ws.write_string(row, 0, stage.name, fmt.text_input)
        ws.write_number(row, 1, stage.count, fmt.count_input)
        funnel_cells.append(_abs(name, row, 1))
        row += 1

    row += 1
    ws.write_string(row, 0, i18n.text(lang, "levers_title"), fmt.title)
    row += 1
    headers = ["lever", "last_year", "set", "multiply", "add", "b1_value"]
    for col, key in enumerate(headers):
        ws.write_string(row, col, i18n.text(lang, key), fmt.header)
    ws.write_string(row, 6, i18n.text(lang, "lever_hint"), fmt.note)
    ws.set_row(row, 30)
    row += 1

    levers_a = derive_levers(inputs)
    levers_b1 = scenarios["B'"].levers
    changes = dict(scenarios.changes)
    steps = step_changes(changes, len(levers_a.conversions))
    ends = "(clients_start+clients_new-clients_lost)"
    lever_rows: list[tuple[str, str, str, float, float, Change | None, object]] = [
        ("margin", metric("margin"), "=profit/revenue", levers_a.margin, levers_b1.margin, changes.get("margin"), fmt.rate),
        ("rev_per_employee", metric("rev_per_employee"), "=revenue/headcount", levers_a.rev_per_employee, levers_b1.rev_per_employee, changes.get("rev_per_employee"), fmt.money),
        ("avg_check", metric("avg_check"), f"=revenue/{ends}", levers_a.avg_check, levers_b1.avg_check, changes.get("avg_check"), fmt.money),
        ("retention", metric("retention"), f"={ends}/(clients_start+clients_new)", levers_a.retention, levers_b1.retention, changes.get("retention"), fmt.rate),
    ]
    names = [stage.name for stage in inputs.funnel]
    for k, (a_value, b_value, change) in enumerate(zip(levers_a.conversions, levers_b1.conversions, steps), start=1):
        label = f"{metric(f'conversion.{k}')}: {names[k - 1]} → {names[k]}"
        formula = f"={funnel_cells[k]}/{funnel_cells[k - 1]}"
        lever_rows.append((f"conversion.{k}", label, formula, a_value, b_value, change, fmt.rate))

    lever_a: dict[str, str] = {}
    lever_b1: dict[str, str] = {}
    for lever, label, formula, a_value, b_value, change, value_format in lever_rows:
        is_rate = value_format is fmt.rate
        ws.write_string(row, 0, label, fmt.label)
        ws.write_formula(row, 1, formula, value_format, a_value)
        set_format = fmt.rate_input if is_rate else fmt.money_input
        _write_change(ws, row, change, set_format, fmt)
        a_ref = xl_rowcol_to_cell(row, 1)
        set_ref, mul_ref, add_ref = (xl_rowcol_to_cell(row, col) for col in (2, 3, 4))
        ws.write_formula(
            row, 5,
            f"=IF(ISNUMBER({set_ref}),{set_ref},{a_ref}*IF(ISNUMBER({mul_ref}),{mul_ref},1)+N({add_ref}))",
            value_format, b_value,
        )
        lever_a[lever] = _abs(name, row, 1)
        lever_b1[lever] = _abs(name, row, 5)
        row += 1
    return _InputsLayout(sheet=name, funnel_cells=funnel_cells, lever_a=lever_a, lever_b1=lever_b1)


def _write_change(ws, row: int, change: Change | None, set_format: object, fmt: _Formats) -> None:
    """Write a change as its three editable parts: new value, factor, addend."""
    if change is not None and change.set is not None:
        ws.write_number(row, 2, change.set, set_format)
    else:
        ws.write_blank(row, 2, None, set_format)
    if change is not None and change.set is None and change.multiply != 1.0:
        ws.write_number(row, 3, change.multiply, fmt.factor_input)
    else:
        ws.write_blank(row, 3, None, fmt.factor_input)
    if change is not None and change.set is None and change.add != 0.0:
        ws.write_number(row, 4, change.add, fmt.factor_input)
    else:
        ws.write_blank(row, 4, None, fmt.factor_input)


@dataclass(frozen=True)
class _Row:
    key: str
    label: str
    number_format: object
    formula: Callable[[int], str]            # column -> formula
    value: Callable[[Point], object]         # point -> cached value
    ratio: bool = True


POINT_COL0 = 1  # column of point A on the Points sheet


def _write_points(book: xlsxwriter.Workbook, scenarios: Scenarios, lang: str, fmt: _Formats, layout: _InputsLayout) -> None:
    ws = book.add_worksheet(i18n.text(lang, "points_sheet"))
    points = scenarios.points
    steps = len(scenarios.inputs.funnel) - 1
    stage_names = scenarios.stage_names
    metric = lambda key: i18n.metric(lang, key)  # noqa: E731
    ratio_col0 = POINT_COL0 + len(points)

    ws.set_column(0, 0, 46)
    ws.set_column(POINT_COL0, POINT_COL0 + len(points) - 1, 17)
    ws.set_column(ratio_col0, ratio_col0 + len(points) - 2, 10)
    ws.write_string(0, 0, i18n.text(lang, "points_title"), fmt.title)
    ws.write_string(2, 0, i18n.text(lang, "metric"), fmt.header)
    for i, point in enumerate(points):
        ws.write_string(2, POINT_COL0 + i, i18n.POINT_TITLES[lang][point.key], fmt.header)
        if i:
            ws.write_string(2, ratio_col0 + i - 1, i18n.text(lang, "ratio", p=i18n.POINT_SHORT[point.key]), fmt.header)
    ws.set_row(2, 45)
    ws.freeze_panes(3, 1)

    # Row numbers are assigned before formulas are built, so formulas may refer
    # to rows below them (revenue is needed by profit, which is shown first).
    order = ["calc", "target", "leads_in", "clients_start", "margin", "rev_per_employee", "avg_check", "retention"]
    order += [f"conversion.{k}" for k in range(1, steps + 1)]
    order += ["feasible", "_figures", "profit", "revenue", "headcount", "clients_new", "clients_end", "surplus"]
    order += [f"stage.{k}" for k in range(steps + 1)]
    order += ["_whole", "w.headcount", "w.clients_new", "w.clients_end"] + [f"w.stage.{k}" for k in range(steps + 1)]
    row_of = {key: 3 + i for i, key in enumerate(order)}

    def ref(key: str, col: int) -> str:
        return xl_rowcol_to_cell(row_of[key], col)

    def guarded(expr: Callable[[int], str]) -> Callable[[int], str]:
        return lambda col: f"=IF({ref('feasible', col)},{expr(col)},\"\")"

    conv_refs = lambda col: ",".join(ref(f"conversion.{k}", col) for k in range(1, steps + 1))  # noqa: E731
    checks = lambda col: ",".join(  # noqa: E731
        [f"{ref('margin', col)}>0", f"{ref('margin', col)}<=1", f"{ref('rev_per_employee', col)}>0",
         f"{ref('avg_check', col)}>0", f"{ref('retention', col)}>0", f"{ref('retention', col)}<=1"]
        + [f"{ref(f'conversion.{k}', col)}>0" for k in range(1, steps + 1)]
        + [f"{ref(f'conversion.{k}', col)}<=1" for k in range(1, steps + 1)]
    )

    def revenue(col: int) -> str:
        s, leads = ref("clients_start", col), ref("leads_in", col)
        forward = f"({s}+{leads}*PRODUCT({conv_refs(col)}))*{ref('retention', col)}*{ref('avg_check', col)}"
        return f"IF(ISNUMBER({leads}),{forward},{ref('target', col)}/{ref('margin', col)})"

    def whole(key: str) -> Callable[[int], str]:
        def formula(col: int) -> str:
            x = ref(key, col)
            return (f"IF(ISNUMBER({ref('leads_in', col)}),ROUNDDOWN(ROUND({x},6),0),ROUNDUP(ROUND({x},6),0))")
        return guarded(formula)

    def figure(point: Point, attr: str) -> object:
        return getattr(point, attr) if point.feasible else ""

    def stage_value(point: Point, k: int) -> object:
        return point.funnel[k] if point.feasible else ""

    def whole_value(value: object, point: Point) -> object:
        return whole_units(value, point.mode) if point.feasible else ""

    rows: list[_Row] = [
        _Row("profit", metric("profit"), fmt.money, guarded(lambda c: f"{ref('revenue', c)}*{ref('margin', c)}"), lambda p: figure(p, "profit")),
        _Row("revenue", metric("revenue"), fmt.money, guarded(revenue), lambda p: figure(p, "revenue")),
        _Row("headcount", metric("headcount"), fmt.count, guarded(lambda c: f"{ref('revenue', c)}/{ref('rev_per_employee', c)}"), lambda p: figure(p, "headcount")),
        _Row("clients_new", metric("clients_new"), fmt.count,
             guarded(lambda c: f"MAX(0,{ref('clients_end', c)}/{ref('retention', c)}-{ref('clients_start', c)})"), lambda p: figure(p, "clients_new")),
        _Row("clients_end", metric("clients_end"), fmt.count, guarded(lambda c: f"{ref('revenue', c)}/{ref('avg_check', c)}"), lambda p: figure(p, "clients_end")),
        _Row("surplus", i18n.text(lang, "surplus"), fmt.count,
             guarded(lambda c: f"MAX(0,{ref('clients_start', c)}-{ref('clients_end', c)}/{ref('retention', c)})"), lambda p: figure(p, "clients_surplus"), ratio=False),
    ]
    for k in range(steps + 1):
        if k == steps:
            formula = guarded(lambda c: ref("clients_new", c))
        else:
            formula = guarded(lambda c, k=k: f"{ref(f'stage.{k + 1}', c)}/{ref(f'conversion.{k + 1}', c)}")
        rows.append(_Row(f"stage.{k}", stage_names[k], fmt.count, formula, lambda p, k=k: stage_value(p, k)))
    rows += [
        _Row("w.headcount", metric("headcount"), fmt.whole, whole("headcount"), lambda p: whole_value(p.headcount, p)),
        _Row("w.clients_new", metric("clients_new"), fmt.whole, whole("clients_new"), lambda p: whole_value(p.clients_new, p)),
        _Row("w.clients_end", metric("clients_end"), fmt.whole, whole("clients_end"), lambda p: whole_value(p.clients_end, p)),
    ]
    rows += [
        _Row(f"w.stage.{k}", stage_names[k], fmt.whole, whole(f"stage.{k}"), lambda p, k=k: whole_value(stage_value(p, k), p))
        for k in range(steps + 1)
    ]

    # Drivers: what differs between the points, all taken from the Inputs sheet.
    a_col = POINT_COL0
    end_a = xl_rowcol_to_cell(row_of["clients_end"], a_col, row_abs=False, col_abs=True)
    ws.write_string(row_of["calc"], 0, i18n.text(lang, "calculation"), fmt.section)
    ws.write_string(row_of["target"], 0, i18n.text(lang, "target"), fmt.label)
    ws.write_string(row_of["leads_in"], 0, i18n.text(lang, "leads_in"), fmt.label)
    ws.write_string(row_of["clients_start"], 0, metric("clients_start"), fmt.label)
    lever_keys = ["margin", "rev_per_employee", "avg_check", "retention"] + [f"conversion.{k}" for k in range(1, steps + 1)]
    lever_format = {"margin": fmt.rate, "rev_per_employee": fmt.money, "avg_check": fmt.money, "retention": fmt.rate}
    for lever in lever_keys:
        label = metric(lever) if not lever.startswith("conversion.") else (
            f"{metric(lever)}: {stage_names[int(lever.split('.')[1]) - 1]} → {stage_names[int(lever.split('.')[1])]}")
        ws.write_string(row_of[lever], 0, label, fmt.label)
    for i, point in enumerate(points):
        col = POINT_COL0 + i
        ws.write_string(row_of["calc"], col, i18n.text(lang, point.mode), fmt.flag)
        if point.key == "A":
            ws.write_formula(row_of["target"], col, "=profit", fmt.money, scenarios.inputs.profit)
            ws.write_formula(row_of["clients_start"], col, "=clients_start", fmt.count, point.clients_start)
        else:
            ws.write_formula(row_of["clients_start"], col, f"={end_a}", fmt.count, point.clients_start)
            if point.mode == "back":
                ws.write_formula(row_of["target"], col, "=target_profit", fmt.money, scenarios.target_profit)
        if point.mode == "forward":
            ws.write_formula(row_of["leads_in"], col, f"={layout.funnel_cells[0]}", fmt.count, scenarios.inputs.leads)
        source = layout.lever_a if point.key in ("A", "B") else layout.lever_b1
        for lever in lever_keys:
            ws.write_formula(row_of[lever], col, f"={source[lever]}",
                             lever_format.get(lever, fmt.rate), point.levers.get(lever))
        ws.write_formula(row_of["feasible"], col, f"=AND({checks(col)})", fmt.flag, point.feasible)
    ws.write_string(row_of["feasible"], 0, i18n.text(lang, "status"), fmt.label)
    ws.write_string(row_of["_figures"], 0, i18n.text(lang, "figures"), fmt.section)
    ws.write_string(row_of["_whole"], 0, i18n.text(lang, "whole"), fmt.section)

    for spec in rows:
        r = row_of[spec.key]
        ws.write_string(r, 0, spec.label, fmt.label)
        for i, point in enumerate(points):
            ws.write_formula(r, POINT_COL0 + i, spec.formula(POINT_COL0 + i), spec.number_format, spec.value(point))
    for key in lever_keys:
        rows.append(_Row(key, "", None, lambda c: "", lambda p, key=key: p.levers.get(key)))
    for spec in rows:
        if not spec.ratio:
            continue
        r = row_of[spec.key]
        base = xl_rowcol_to_cell(r, a_col, col_abs=True)
        base_value = spec.value(points[0])
        for i, point in enumerate(points[1:], start=1):
            cell = xl_rowcol_to_cell(r, POINT_COL0 + i)
            value = spec.value(point)
            cached = value / base_value if isinstance(value, (int, float)) and isinstance(base_value, (int, float)) and base_value else ""
            ws.write_formula(r, ratio_col0 + i - 1,
                             f"=IF(AND(ISNUMBER({cell}),ISNUMBER({base})),IF({base}<>0,{cell}/{base},\"\"),\"\")",
                             fmt.ratio, cached)

    # Infeasible points: the reasons, in words, under the table.
    r = max(row_of.values()) + 2
    for point in points:
        for reason in point.reasons:
            ws.write_string(r, 0, f"{i18n.POINT_SHORT[point.key]}: {i18n.text(lang, 'infeasible')}", fmt.label)
            ws.write_string(r, 1, reason.message, fmt.note)
            r += 1
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
