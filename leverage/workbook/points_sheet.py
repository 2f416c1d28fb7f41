"""The Points sheet: A, B, B' and B'' side by side, one formula per row, with ratios to A."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from ..i18n import Message, Translator, _, translator
from ..i18n.conclusions import reason_text
from ..i18n.terms import POINT_SHORT, POINT_TITLES, lever_label, metric
from ..model.inputs import ScenarioPoint, Scenarios, whole_units
from ..model.levers import funnel_step
from ..model.market import Market
from .context import PointsLayout
from .inputs_sheet import InputsLayout
from .page import wrapped_height
from .styles import Formats

# How each point is computed (`Point.mode`).
MODES: dict[str, Message] = {"actual": _("actual"), "back": _("back from profit"), "forward": _("forward from leads")}
COST_LABELS: dict[str, Message] = {
    "variable_share": _("Variable cost share"),
    "cost_per_employee": _("Cost per employee, a year"),
    "fixed_costs": _("Fixed costs (derived from last year)"),
    "unit_contribution": _("Left per unit of revenue after variable and staff costs"),
}


@dataclass(frozen=True)
class _Row:
    key: str
    label: str
    number_format: object
    formula: Callable[[int], str]            # column -> formula
    value: Callable[[ScenarioPoint], object]  # point -> cached value
    ratio: bool = True


POINT_COL0 = 1  # column of point A on the Points sheet
POINT_WIDTH, RATIO_WIDTH = 17, 10


def write_points(book: xlsxwriter.Workbook, scenarios: Scenarios, lang: str, fmt: Formats, layout: InputsLayout) -> PointsLayout:
    """Write the Points sheet; the layout returned tells other sheets where each figure is."""
    t = translator(lang, scenarios.inputs.currency)
    ws = book.add_worksheet(t.gettext("Points"))
    costs = scenarios.costs  # with a cost structure, profit = R(1 - v) - H c - F and the margin is an output
    points = scenarios.points
    steps = len(scenarios.inputs.funnel) - 1
    stage_names = scenarios.stage_names
    ratio_col0 = POINT_COL0 + len(points)

    ws.set_column(0, 0, 46)
    ws.set_column(POINT_COL0, POINT_COL0 + len(points) - 1, POINT_WIDTH)
    ws.set_column(ratio_col0, ratio_col0 + len(points) - 2, RATIO_WIDTH)
    ws.write_string(0, 0, t.gettext("Points A, B, B′ and B″"), fmt.title)
    ws.write_string(2, 0, t.gettext("Metric"), fmt.header)
    for i, point in enumerate(points):
        ws.write_string(2, POINT_COL0 + i, t(POINT_TITLES[point.key]), fmt.header)
        if i:
            ws.write_string(2, ratio_col0 + i - 1, t.gettext("{p} / {q}", p=POINT_SHORT[point.key], q="A"), fmt.header)
    ws.set_row(2, 45)
    ws.freeze_panes(3, 1)

    # Row numbers are assigned before formulas are built, so formulas may refer
    # to rows below them (revenue is needed by profit, which is shown first).
    order = ["calc", "target", "leads_in", "clients_start", "margin", "rev_per_employee", "avg_check", "retention"]
    order += [f"conversion.{k}" for k in range(1, steps + 1)]
    order += ["variable_share", "cost_per_employee", "fixed_costs", "unit_contribution"] if costs else []
    order += ["feasible", "_figures", "profit", "revenue", "headcount", "clients_new", "clients_end", "surplus"]
    order += [f"stage.{k}" for k in range(steps + 1)]
    order += ["_whole", "w.headcount", "w.clients_new", "w.clients_end"] + [f"w.stage.{k}" for k in range(steps + 1)]
    market = getattr(scenarios, "market", None)  # a Result's market shares, with a market size
    order += ["_market", "market_size", "m.leads_share", "m.new_clients_share"] if market else []
    row_of = {key: 3 + i for i, key in enumerate(order)}
    out = PointsLayout(sheet=ws.name, rows=row_of, first_col=POINT_COL0, header_row=2)

    def put(key: str, point: ScenarioPoint, formula: str, number_format: object, value: object) -> None:
        """Write one point's formula cell and remember the value cached in it."""
        ws.write_formula(row_of[key], out.col(point.key), formula, number_format, value)
        out.values[key, point.key] = value

    def ref(key: str, col: int) -> str:
        return xl_rowcol_to_cell(row_of[key], col)

    def guarded(expr: Callable[[int], str]) -> Callable[[int], str]:
        return lambda col: f"=IF({ref('feasible', col)},{expr(col)},\"\")"

    conv_refs = lambda col: ",".join(ref(f"conversion.{k}", col) for k in range(1, steps + 1))  # noqa: E731
    def checks(col: int, *, actual: bool) -> str:
        # Point A is last year's fact: a loss-making margin there is what B explains,
        # not a reason to blank last year's figures (the solver keeps A as it was).
        # With a cost structure, a point is feasible while each unit of revenue adds profit.
        if actual:
            profitability = []
        elif costs:
            profitability = [f"{ref('unit_contribution', col)}>0"]
        else:
            profitability = [f"{ref('margin', col)}>0", f"{ref('margin', col)}<=1"]
        return ",".join(
            profitability + [f"{ref('rev_per_employee', col)}>0", f"{ref('avg_check', col)}>0",
                             f"{ref('retention', col)}>0", f"{ref('retention', col)}<=1"]
            + [f"{ref(f'conversion.{k}', col)}>0" for k in range(1, steps + 1)]
            + [f"{ref(f'conversion.{k}', col)}<=1" for k in range(1, steps + 1)]
        )

    def revenue(col: int) -> str:
        s, leads = ref("clients_start", col), ref("leads_in", col)
        forward = f"({s}+{leads}*PRODUCT({conv_refs(col)}))*{ref('retention', col)}*{ref('avg_check', col)}"
        if costs:  # R = (P* + F) / (1 - v - c / rev_per_employee), closed form
            return f"IF(ISNUMBER({leads}),{forward},({ref('target', col)}+{ref('fixed_costs', col)})/{ref('unit_contribution', col)})"
        return f"IF(ISNUMBER({leads}),{forward},{ref('target', col)}/{ref('margin', col)})"

    def profit(col: int) -> str:
        if costs:
            return (f"{ref('revenue', col)}*(1-{ref('variable_share', col)})-{ref('headcount', col)}*"
                    f"{ref('cost_per_employee', col)}-{ref('fixed_costs', col)}")
        return f"{ref('revenue', col)}*{ref('margin', col)}"

    def lever_value(point: ScenarioPoint, lever: str) -> object:
        if costs and lever == "margin" and not point.feasible:
            return ""  # an output of the cost structure, like the figures
        return point.levers.get(lever)

    def whole(key: str) -> Callable[[int], str]:
        def formula(col: int) -> str:
            x = ref(key, col)
            return (f"IF(ISNUMBER({ref('leads_in', col)}),ROUNDDOWN(ROUND({x},6),0),ROUNDUP(ROUND({x},6),0))")
        return guarded(formula)

    def figure(point: ScenarioPoint, attr: str) -> float | str:
        if not point.feasible:
            return ""
        value: float = getattr(point, attr)
        return value

    def stage_value(point: ScenarioPoint, k: int) -> float | str:
        return point.funnel[k] if point.feasible else ""

    def whole_value(value: float | str, point: ScenarioPoint) -> int | str:
        return whole_units(value, point.mode) if point.feasible and not isinstance(value, str) else ""

    def whole_stage(point: ScenarioPoint, k: int) -> int | str:
        return whole_value(stage_value(point, k), point)

    def step_up(k: int, col: int) -> str:
        """Stage k from the stage after it: count / conversion."""
        return f"{ref(f'stage.{k + 1}', col)}/{ref(f'conversion.{k + 1}', col)}"

    rows: list[_Row] = [
        _Row("profit", metric(t, "profit"), fmt.money, guarded(profit), lambda p: figure(p, "profit")),
        _Row("revenue", metric(t, "revenue"), fmt.money, guarded(revenue), lambda p: figure(p, "revenue")),
        _Row("headcount", metric(t, "headcount"), fmt.count, guarded(lambda c: f"{ref('revenue', c)}/{ref('rev_per_employee', c)}"), lambda p: figure(p, "headcount")),
        _Row("clients_new", metric(t, "clients_new"), fmt.count,
             guarded(lambda c: f"MAX(0,{ref('clients_end', c)}/{ref('retention', c)}-{ref('clients_start', c)})"), lambda p: figure(p, "clients_new")),
        _Row("clients_end", metric(t, "clients_end"), fmt.count, guarded(lambda c: f"{ref('revenue', c)}/{ref('avg_check', c)}"), lambda p: figure(p, "clients_end")),
        _Row("surplus", t.gettext("Clients carried in beyond need"), fmt.count,
             guarded(lambda c: f"MAX(0,{ref('clients_start', c)}-{ref('clients_end', c)}/{ref('retention', c)})"), lambda p: figure(p, "clients_surplus"), ratio=False),
    ]
    for k in range(steps + 1):
        if k == steps:
            formula = guarded(lambda c: ref("clients_new", c))
        else:
            formula = guarded(partial(step_up, k))
        rows.append(_Row(f"stage.{k}", stage_names[k], fmt.count, formula, partial(stage_value, k=k)))
    rows += [
        _Row("w.headcount", metric(t, "headcount"), fmt.whole, whole("headcount"), lambda p: whole_value(figure(p, "headcount"), p)),
        _Row("w.clients_new", metric(t, "clients_new"), fmt.whole, whole("clients_new"), lambda p: whole_value(figure(p, "clients_new"), p)),
        _Row("w.clients_end", metric(t, "clients_end"), fmt.whole, whole("clients_end"), lambda p: whole_value(figure(p, "clients_end"), p)),
    ]
    rows += [
        _Row(f"w.stage.{k}", stage_names[k], fmt.whole, whole(f"stage.{k}"), partial(whole_stage, k=k))
        for k in range(steps + 1)
    ]

    if market:
        write_market(book, ws, t, fmt, market, points, row_of, put, guarded)

    # Drivers: what differs between the points, all taken from the Inputs sheet.
    a_col = POINT_COL0
    end_a = xl_rowcol_to_cell(row_of["clients_end"], a_col, row_abs=False, col_abs=True)
    ws.write_string(row_of["target"], 0, t.gettext("Profit to reach"), fmt.label)
    ws.write_string(row_of["leads_in"], 0, t.gettext("Leads given"), fmt.label)
    ws.write_string(row_of["clients_start"], 0, metric(t, "clients_start"), fmt.label)
    lever_keys = ["margin", "rev_per_employee", "avg_check", "retention"] + [f"conversion.{k}" for k in range(1, steps + 1)]
    lever_format = {"margin": fmt.rate, "rev_per_employee": fmt.money, "avg_check": fmt.money, "retention": fmt.rate}
    for lever in lever_keys:
        label = metric(t, lever) if funnel_step(lever) is None else lever_label(t, lever, stage_names)
        ws.write_string(row_of[lever], 0, label, fmt.label)
    for i, point in enumerate(points):
        col = POINT_COL0 + i
        ws.write_string(row_of["calc"], col, t(MODES[point.mode]), fmt.flag)
        if point.key == "A":
            put("target", point, "=profit", fmt.money, scenarios.inputs.profit)
            put("clients_start", point, "=clients_start", fmt.count, point.clients_start)
        else:
            put("clients_start", point, f"={end_a}", fmt.count, point.clients_start)
            if point.mode == "back":
                put("target", point, "=target_profit", fmt.money, scenarios.target_profit)
        if point.mode == "forward":
            put("leads_in", point, f"={layout.funnel_cells[0]}", fmt.count, scenarios.inputs.leads)
        source = layout.lever_a if point.key in ("A", "B") else layout.lever_b1
        for lever in lever_keys:
            lever_formula = f"={source[lever]}"
            if costs and lever == "margin":
                lever_formula = f"=IF({ref('feasible', col)},{ref('profit', col)}/{ref('revenue', col)},\"\")"
            put(lever, point, lever_formula, lever_format.get(lever, fmt.rate), lever_value(point, lever))
        if costs:
            rpe = ref("rev_per_employee", col)
            for key, value, cell_format in (("variable_share", costs.variable_share, fmt.rate),
                                            ("cost_per_employee", costs.cost_per_employee, fmt.money),
                                            ("fixed_costs", costs.fixed_costs, fmt.money)):
                put(key, point, f"={key}", cell_format, value)
            put("unit_contribution", point,
                f"=IF({rpe}>0,1-{ref('variable_share', col)}-{ref('cost_per_employee', col)}/{rpe},0)",
                fmt.rate, costs.unit_contribution(point.levers.rev_per_employee))
        put("feasible", point, f"=AND({checks(col, actual=point.mode == 'actual')})", fmt.flag, point.feasible)
    if costs:
        for key in ("variable_share", "cost_per_employee", "fixed_costs", "unit_contribution"):
            ws.write_string(row_of[key], 0, t(COST_LABELS[key]), fmt.label)
    ws.write_string(row_of["feasible"], 0, t.gettext("Status"), fmt.label)
    for key, text in (("calc", t.gettext("Calculation")), ("_figures", t.gettext("Figures (exact)")),
                      ("_whole", t.gettext("Whole units (requirements rounded up, forecasts down)")),
                      ("_market", t.gettext("Market capacity"))):
        if key not in row_of:
            continue
        ws.write_string(row_of[key], 0, text, fmt.section)
        if key != "calc":  # the calculation row holds each point's mode
            for col in range(POINT_COL0, ratio_col0 + len(points) - 1):
                ws.write_blank(row_of[key], col, None, fmt.section)

    for spec in rows:
        r = row_of[spec.key]
        ws.write_string(r, 0, spec.label, fmt.label)
        for i, point in enumerate(points):
            put(spec.key, point, spec.formula(POINT_COL0 + i), spec.number_format, spec.value(point))
    for key in lever_keys:
        rows.append(_Row(key, "", None, lambda c: "", partial(lever_value, lever=key)))
    for spec in rows:
        if not spec.ratio:
            continue
        r = row_of[spec.key]
        base = xl_rowcol_to_cell(r, a_col, col_abs=True)
        base_value = spec.value(points[0])
        for i, point in enumerate(points[1:], start=1):
            cell = xl_rowcol_to_cell(r, POINT_COL0 + i)
            shown = spec.value(point)
            cached = shown / base_value if isinstance(shown, (int, float)) and isinstance(base_value, (int, float)) and base_value else ""
            ws.write_formula(r, ratio_col0 + i - 1,
                             f"=IF(AND(ISNUMBER({cell}),ISNUMBER({base})),IF({base}<>0,{cell}/{base},\"\"),\"\")",
                             fmt.ratio, cached)

    # Infeasible points: the reasons, in words, under the table.
    r = max(row_of.values()) + 2
    for point in points:
        for reason in point.reasons:
            ws.write_string(r, 0, t.gettext("{point}: infeasible", point=POINT_SHORT[point.key]), fmt.label)
            why = reason_text(reason, scenarios, t)
            last = ratio_col0 + len(points) - 2
            ws.merge_range(r, 1, r, last, "", fmt.note)
            ws.write_string(r, 1, why, fmt.note)
            ws.set_row(r, wrapped_height(why, len(points) * POINT_WIDTH + (len(points) - 1) * RATIO_WIDTH, lang))
            r += 1
    return out


def write_market(book: xlsxwriter.Workbook, ws: Any, t: Translator, fmt: Formats, market: Market,
                 points: tuple[ScenarioPoint, ...], row_of: dict[str, int],
                 put: Callable[[str, ScenarioPoint, str, object, object], None],
                 guarded: Callable[[Callable[[int], str]], Callable[[int], str]]) -> None:
    """The market size (an input cell, named `market_size`) and each point's leads and new clients as shares of it.

    Change the market size and the shares follow; a point that cannot be computed has none.
    """
    row = row_of["market_size"]
    ws.write_string(row, 0, t.gettext("Market size, potential clients"), fmt.label)
    ws.write_number(row, POINT_COL0, market.size, fmt.count_input)
    book.define_name("market_size", f"={quote_sheetname(ws.name)}!{xl_rowcol_to_cell(row, POINT_COL0, row_abs=True, col_abs=True)}")
    for key, label, figure in (("m.leads_share", t.gettext("Leads, share of the market"), "stage.0"),
                               ("m.new_clients_share", t.gettext("New clients, share of the market"), "clients_new")):
        ws.write_string(row_of[key], 0, label, fmt.label)
        attr = "leads_share" if key == "m.leads_share" else "new_clients_share"
        formula = guarded(partial(_share_of_market, row_of[figure]))
        for i, point in enumerate(points):
            share = market.share(point.key)
            put(key, point, formula(POINT_COL0 + i), fmt.rate, "" if share is None else getattr(share, attr))


def _share_of_market(row: int, col: int) -> str:
    """The figure in `row` of column `col` over the market size (blank while the market size is not above 0)."""
    return f"IF(market_size>0,{xl_rowcol_to_cell(row, col)}/market_size,\"\")"
