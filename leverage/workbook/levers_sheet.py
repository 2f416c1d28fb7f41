"""The Levers sheet: sensitivity to each lever, ranked, with a tornado-style chart, and the goal seek.

Every figure is a live formula on the Inputs sheet's point-A values and on the step,
the one input of this sheet (styled as an input, named `lever_step`). The formulas
are those of `leverage.analysis`, in the same order of operations, and carry its
values. The ranking is live too: a Rank column (profits equal to the cent keep the
lever order) and a ranked table looked up from it, which the chart shows.

Every formula is one that Excel, LibreOffice, Gnumeric and Google Sheets evaluate
alike: no array arithmetic in an ordinary cell (SUMPRODUCT over ROUND of a range is
not evaluated as an array by every engine), so the rank counts, with RANK and COUNTIF,
a visible column of the profits rounded to the cent.
"""

from __future__ import annotations

import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from ..i18n import Translator, _, translator
from ..i18n.terms import GOAL_REASONS, lever_label, metric
from ..model.analysis import LEVERS, LeverAnalysis, Requirement
from ..model.levers import is_rate, is_step
from .context import SummaryBlock, SummaryCell
from .inputs_sheet import InputsLayout
from .styles import Formats, percent_format

# Columns of the sensitivity table: one per lever, in LEVERS order, then the results.
LEVER_COL = {lever: 1 + i for i, lever in enumerate(LEVERS)}
PROFIT_COL, CHANGE_COL, RANK_COL, CENTS_COL = 6, 7, 8, 9
# Column headers of the lever tables.
HEADERS = {
    "lever": _("Lever"), "last_year": _("A (last year)"), "raised": _("Raised by the step"), "capped": _("Capped"),
    "required": _("Required"), "change": _("Change vs A"), "feasible": _("Feasible"), "reason": _("Why"),
}


def cell(row: int, col: int) -> str:
    """An absolute reference on this sheet, such as $B$7."""
    return xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)


def write_levers(book: xlsxwriter.Workbook, analysis: LeverAnalysis, lang: str, fmt: Formats,
                 layout: InputsLayout) -> list[SummaryBlock]:
    """Write the Levers sheet; return its ranking as a block for the summary, live on this sheet."""
    inputs = analysis.inputs
    t = translator(lang, inputs.currency)
    name = t.gettext("Levers")
    ws = book.add_worksheet(name)
    stage_names = tuple(stage.name for stage in inputs.funnel)
    label = lambda lever: lever_label(t, lever, stage_names)  # noqa: E731
    change_fmt = book.add_format({"num_format": percent_format("+0.00%;-0.00%;0.00%", lang)})
    small_rate = book.add_format({"num_format": percent_format("0.000%", lang)})
    # Notes run on into the empty cells to their right instead of wrapping in one cell.
    note = book.add_format({"italic": True, "font_color": "#595959"})
    value_fmt = {"leads": fmt.count, "conversion": small_rate, "avg_check": fmt.money, "retention": fmt.rate, "margin": fmt.rate}
    ws.set_column(0, 0, 44)
    ws.set_column(1, 9, 15)
    ws.write_string(0, 0, t.gettext("Levers: what each is worth, and what each must reach"), fmt.title)

    # The step is an input on the Inputs sheet (named lever_step); shown here for reading.
    ws.write_string(2, 0, t.gettext("Step: each lever rises by"), fmt.label)
    ws.write_formula(2, 1, "=lever_step", fmt.rate, analysis.step)
    ws.write_string(2, 2, t.gettext("Set on the Inputs sheet (the last input there): change it and every figure below follows."), note)
    step = "lever_step"
    ws.freeze_panes(1, 0)

    # Point A's levers from the Inputs sheet, and each raised by the step.
    ws.write_string(4, 0, t.gettext("Point A's levers, and each raised by the step"), fmt.section)
    for col, key in enumerate(["lever", "last_year", "raised", "capped"]):
        ws.write_string(5, col, t(HEADERS[key]), fmt.header)
    ws.set_row(5, 30)
    row_of = {lever: 6 + i for i, lever in enumerate(LEVERS)}
    a_ref = {lever: cell(row_of[lever], 1) for lever in LEVERS}
    up_ref = {lever: cell(row_of[lever], 2) for lever in LEVERS}
    steps = ",".join(layout.lever_a[f"conversion.{k}"] for k in range(1, len(stage_names)))
    a_formula = {
        "leads": f"={layout.funnel_cells[0]}",
        "conversion": f"=PRODUCT({steps})",
        "avg_check": f"={layout.lever_a['avg_check']}",
        "retention": f"={layout.lever_a['retention']}",
        "margin": f"={layout.lever_a['margin']}",
    }
    rises = {rise.lever: rise for rise in analysis.sensitivity}
    capped_text = t.gettext("capped at 100 %")
    for lever in LEVERS:
        r, a, rise = row_of[lever], a_ref[lever], rises[lever]
        ws.write_string(r, 0, label(lever), fmt.label)
        ws.write_formula(r, 1, a_formula[lever], value_fmt[lever], rise.value_a)
        if lever == "conversion":
            # One factor on every step; the highest step reaches 100 % first.
            over = f"MAX({steps})*POWER(1+{step},1/COUNT({steps}))>1"
            raised = f"=IF({over},{a}/POWER(MAX({steps}),COUNT({steps})),{a}*(1+{step}))"
        elif lever in ("retention", "margin"):
            over = f"{a}*(1+{step})>1"
            raised = f"=IF({over},1,{a}*(1+{step}))"
        else:
            over, raised = "", f"={a}*(1+{step})"
        ws.write_formula(r, 2, raised, value_fmt[lever], rise.value)
        if over:
            ws.write_formula(r, 3, f'=IF({over},"{capped_text}","")', fmt.text, capped_text if rise.capped else "")
    start_row = row_of["margin"] + 1
    ws.write_string(start_row, 0, metric(t, "clients_start"), fmt.label)
    ws.write_formula(start_row, 1, "=clients_start", fmt.count, analysis.base.clients_start)
    ws.write_string(start_row + 1, 0, t.gettext("A rate stops at 100 %. Conversion rises by one factor on every funnel step, at most until the highest step reaches 100 %."), note)

    # Sensitivity: one row per scenario, one profit formula down the rows.
    top = start_row + 3
    ws.write_string(top, 0, t.gettext("Sensitivity: each lever alone raised by the step, against point A recomputed forward"), fmt.section)
    headers = [t.gettext("Scenario")] + [label(lever) for lever in LEVERS] + [metric(t, "profit"), t.gettext("Profit change vs A"), t.gettext("Rank"),
                                                                    t.gettext("Profit to the cent (what the rank compares)")]
    for col, text in enumerate(headers):
        ws.write_string(top + 1, col, text, fmt.header)
    ws.set_row(top + 1, 45)
    base_row, first, last = top + 2, top + 3, top + 2 + len(LEVERS)
    scenarios: list[tuple[str, tuple[str, ...], float, float | None]] = [
        (t.gettext("A, recomputed forward from its levers"), (), analysis.base_profit, 0.0)]
    scenarios += [(label(r.lever), (r.lever,), r.profit, r.change) for r in (rises[lever] for lever in LEVERS)]
    scenarios.append((t.gettext("All five together"), LEVERS, analysis.all_levers.profit, analysis.all_levers.change))
    base_profit = cell(base_row, PROFIT_COL)
    s_ref = cell(start_row, 1)
    for i, (title, raised_levers, profit, change) in enumerate(scenarios):
        r = base_row + i
        ws.write_string(r, 0, title, fmt.label)
        for lever in LEVERS:
            source = up_ref[lever] if lever in raised_levers else a_ref[lever]
            ws.write_formula(r, LEVER_COL[lever], f"={source}", value_fmt[lever], rises[lever].value if lever in raised_levers else rises[lever].value_a)
        at = {lever: xl_rowcol_to_cell(r, LEVER_COL[lever]) for lever in LEVERS}
        ws.write_formula(r, PROFIT_COL, f"=({s_ref}+{at['leads']}*{at['conversion']})*{at['retention']}*{at['avg_check']}*{at['margin']}",
                         fmt.money, profit)
        here = xl_rowcol_to_cell(r, PROFIT_COL)
        ws.write_formula(r, CHANGE_COL, f'=IF({base_profit}<>0,({here}-{base_profit})/ABS({base_profit}),"")', change_fmt,
                         "" if change is None else change)
    profits = f"{cell(first, PROFIT_COL)}:{cell(last, PROFIT_COL)}"
    ranks = f"{cell(first, RANK_COL)}:{cell(last, RANK_COL)}"
    cents = f"{cell(first, CENTS_COL)}:{cell(last, CENTS_COL)}"
    rank_of = {rise.lever: n for n, rise in enumerate(analysis.sensitivity, start=1)}
    for lever in LEVERS:
        r = first + LEVERS.index(lever)
        here = xl_rowcol_to_cell(r, CENTS_COL)
        # Rounded as leverage.analysis.rank_key rounds, so that profits equal to the cent tie.
        ws.write_formula(r, CENTS_COL, f"=ROUND({xl_rowcol_to_cell(r, PROFIT_COL)},2)", fmt.money,
                         round(rises[lever].profit, 2))
        # RANK is one more than the profits above this one; COUNTIF adds those equal to it at or above this row
        # (itself included, hence the -1), so that equal profits keep the lever order.
        ws.write_formula(r, RANK_COL, f"=RANK({here},{cents})+COUNTIF({cell(first, CENTS_COL)}:{here},{here})-1",
                         fmt.whole, rank_of[lever])

    # The ranked table the chart shows, looked up from the Rank column.
    top = last + 3
    ws.write_string(top, 0, t.gettext("Ranked, most profit first: follows the figures when inputs change (the chart shows this table)"), fmt.section)
    for col, text in enumerate([t.gettext("Lever"), t.gettext("Rank"), metric(t, "profit"), t.gettext("Profit change vs A")]):
        ws.write_string(top + 1, col, text, fmt.header)
    ws.set_row(top + 1, 30)
    labels = f"{cell(first, 0)}:{cell(last, 0)}"
    changes = f"{cell(first, CHANGE_COL)}:{cell(last, CHANGE_COL)}"
    for n, rise in enumerate(analysis.sensitivity, start=1):
        r = top + 1 + n
        position = xl_rowcol_to_cell(r, 1)
        # The place, counted from the header: ROWS() over a range ending in this cell would refer to the cell
        # itself, which some engines take for a circular reference.
        ws.write_formula(r, 1, f"=ROW()-ROW({cell(top + 1, 1)})", fmt.flag, n)
        match = f"MATCH({position},{ranks},0)"
        ws.write_formula(r, 0, f"=INDEX({labels},{match})", fmt.label, label(rise.lever))
        ws.write_formula(r, 2, f"=INDEX({profits},{match})", fmt.money, rise.profit)
        ws.write_formula(r, 3, f"=INDEX({changes},{match})", change_fmt, "" if rise.change is None else rise.change)
    ranked_first, ranked_last = top + 2, top + 1 + len(LEVERS)
    _tornado(book, ws, name, t.gettext("Profit change with each lever raised by the step"), ranked_first, ranked_last, lang)
    sheet = quote_sheetname(name)
    ranking = SummaryBlock(
        title=t.gettext("Ranked, most profit first: follows the figures when inputs change (the chart shows this table)"),
        header=(metric(t, "profit"), t.gettext("Profit change vs A")),
        rows=tuple(
            (SummaryCell(label(rise.lever), f"={sheet}!{cell(ranked_first + n - 1, 0)}", "text"), (
                SummaryCell(rise.profit, f"={sheet}!{cell(ranked_first + n - 1, 2)}", "money"),
                SummaryCell("" if rise.change is None else rise.change, f"={sheet}!{cell(ranked_first + n - 1, 3)}", "rate"),
            ))
            for n, rise in enumerate(analysis.sensitivity, start=1)
        ),
    )

    if analysis.target_profit is not None:
        _goal_seek(ws, analysis, t, fmt, layout, a_ref, steps, top=ranked_last + 3,
                   formats={**value_fmt, "change": change_fmt, "note": note})
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    return [ranking]


def _tornado(book: xlsxwriter.Workbook, ws, sheet: str, title: str, first: int, last: int, lang: str) -> None:
    """Horizontal bars of the profit change, rank 1 at the top."""
    chart = book.add_chart({"type": "bar"})
    chart.add_series({
        "name": title,
        "categories": [sheet, first, 0, last, 0],
        "values": [sheet, first, 3, last, 3],
        "data_labels": {"value": True, "num_format": percent_format("+0.0%;-0.0%", lang)},
        "fill": {"color": "#2E75B6"},
    })
    chart.set_title({"name": title, "name_font": {"size": 11}})
    chart.set_legend({"none": True})
    chart.set_x_axis({"num_format": percent_format("0%", lang), "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}})
    chart.set_y_axis({"reverse": True})  # a bar chart's y axis holds the categories
    chart.set_size({"width": 620, "height": 300})
    ws.insert_chart(xl_rowcol_to_cell(first - 1, 5), chart, {"object_position": 1})


def _goal_seek(ws, analysis: LeverAnalysis, t: Translator, fmt: Formats, layout: InputsLayout,
               a_ref: dict[str, str], steps: str, top: int, formats: dict[str, object]) -> None:
    """Next year's requirements: closed forms of the forward chain, solved for each lever."""
    yes, no = t.gettext("yes"), t.gettext("NO")
    stage_names = tuple(stage.name for stage in analysis.inputs.funnel)
    ws.write_string(top, 0, t.gettext("Goal seek for next year: the value each lever alone must reach for the target"), fmt.section)
    ws.write_string(top + 1, 0, t.gettext("Next year: the clients carried in (A's active clients), A's leads, and A's other levers."), formats["note"])
    year = analysis.next_year
    target, carried, clients, profit, needed = (cell(top + 2 + i, 1) for i in range(5))
    leads, conv, check, ret, margin = (a_ref[lever] for lever in LEVERS)
    drivers = [
        (t.gettext("Target profit"), "=target_profit", fmt.money, analysis.target_profit),
        (t.gettext("Clients carried into next year"), "=clients_start+clients_new-clients_lost", fmt.count, year.clients_start),
        (t.gettext("Clients before retention (carried in + new)"), f"={carried}+{leads}*{conv}", fmt.count,
         year.clients_start + year.leads * year.conversion),
        (t.gettext("Profit next year with nothing changed"), f"={clients}*{ret}*{check}*{margin}", fmt.money, analysis.next_year_profit),
        (t.gettext("New clients needed for the target"), f'=IF({ret}*{check}*{margin}>0,{target}/({ret}*{check}*{margin})-{carried},"")', fmt.count,
         "" if analysis.new_clients_needed is None else analysis.new_clients_needed),
    ]
    for i, (text, formula, number_format, value) in enumerate(drivers):
        ws.write_string(top + 2 + i, 0, text, fmt.label)
        ws.write_formula(top + 2 + i, 1, formula, number_format, value)
    header = top + 2 + len(drivers) + 1
    for col, key in enumerate(["lever", "last_year", "required", "change", "feasible", "reason"]):
        ws.write_string(header, col, t(HEADERS[key]), fmt.header)
    ws.set_row(header, 30)
    # Single steps scale with the funnel's conversion row.
    conversion_row = header + 1 + [req.lever for req in analysis.goal_seek].index("conversion")
    for i, req in enumerate(analysis.goal_seek, start=1):
        r = header + i
        a, need, feasible = (xl_rowcol_to_cell(r, col) for col in (1, 2, 4))
        lever = req.lever
        if lever == "leads":
            a_formula = f"={leads}"
            formula = f'=IF(AND(ISNUMBER({needed}),{conv}>0),MAX(0,{needed})/{conv},"")'
        elif lever == "conversion":
            a_formula = f"={conv}"
            formula = f'=IF(AND(ISNUMBER({needed}),{conv}>0),MAX(0,{needed})/{leads},"")'
        elif is_step(lever):
            whole = cell(conversion_row, 2)
            a_formula = f"={layout.lever_a[lever]}"
            formula = f'=IF(ISNUMBER({whole}),{a}*({whole}/{conv}),"")'
        else:
            others = {"avg_check": f"{clients}*{ret}*{margin}", "retention": f"{clients}*{check}*{margin}",
                      "margin": f"{clients}*{ret}*{check}"}[lever]
            a_formula = {"avg_check": f"={check}", "retention": f"={ret}", "margin": f"={margin}"}[lever]
            formula = f'=IF({others}>0,{target}/({others}),"")'
        number_format = formats["conversion" if lever == "conversion" or is_step(lever) else lever]
        ws.write_string(r, 0, lever_label(t, lever, stage_names), fmt.label)
        ws.write_formula(r, 1, a_formula, number_format, req.value_a)
        ws.write_formula(r, 2, formula, number_format, "" if req.required is None else req.required)
        ws.write_formula(r, 3, f'=IF(AND(ISNUMBER({need}),{a}<>0),({need}-{a})/ABS({a}),"")', formats["change"],
                         "" if req.change is None else req.change)
        if lever == "conversion":
            ok = f"MAX({steps})*POWER({need}/{a},1/COUNT({steps}))<=1"
        elif is_rate(lever):
            ok = f"{need}<=1"
        else:
            ok = "TRUE"
        # Words, not TRUE/FALSE: a boolean shows as 0 or 1 in some engines whatever its format.
        ws.write_formula(r, 4, f'=IF(ISNUMBER({need}),IF({ok},"{yes}","{no}"),"{no}")', fmt.flag,
                         yes if req.feasible else no)
        ws.write_formula(r, 5, _reason_formula(req, t, need, f'{feasible}="{no}"', needed), fmt.text,
                         t(GOAL_REASONS[req.reason]) if req.reason else "")


def _reason_formula(req: Requirement, t: Translator, need: str, infeasible_test: str, needed: str) -> str:
    word = lambda key: t(GOAL_REASONS[key])  # noqa: E731
    infeasible = word("step_above_100" if req.lever == "conversion" else "above_100")
    covered = f'IF({needed}<=0,"{word("covered")}","")' if req.lever.startswith(("leads", "conversion")) else '""'
    return f'=IF(NOT(ISNUMBER({need})),"{word("unreachable")}",IF({infeasible_test},"{infeasible}",{covered}))'

