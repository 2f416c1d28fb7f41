"""The Summary sheet, first in the workbook: A, B, B′ and B″ side by side, the ratios
to A and to B, the master check, the conclusions in words, extra sections and two charts.

The figures are formulas on the Points sheet (live); the conclusions are text
written from the solver's figures (see `leverage.i18n.conclusions`), and a note says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeGuard

from xlsxwriter.worksheet import Worksheet

from ..i18n.conclusions import change_label, conclude
from ..i18n.terms import POINT_SHORT, POINT_TITLES, metric
from .charts import ChartData, summary_charts
from .checks import MasterCheck
from .context import SummaryBlock, SummaryCell, WorkbookContext
from .page import wrapped_height

LABEL_WIDTH = 44
POINT_WIDTH = 16
RATIO_WIDTH = 9.5
RATIOS = (("B", "A"), ("B'", "A"), ("B''", "A"), ("B'", "B"), ("B''", "B"))
CHART_HEIGHT = 300


def _pixels(width: float) -> int:
    """Column width in pixels as Excel computes it for the default font."""
    return int(width * 7 + 5)


def write_summary(ws: Worksheet, ctx: WorkbookContext, chart_data: ChartData, master: MasterCheck,
                  blocks: Sequence[SummaryBlock]) -> None:
    t, fmt, points, scenarios = ctx.t, ctx.fmt, ctx.points, ctx.scenarios
    inputs = scenarios.inputs
    keys = points.keys
    last_col = len(keys) + len(RATIOS)
    ws.set_column(0, 0, LABEL_WIDTH)
    ws.set_column(1, len(keys), POINT_WIDTH)
    ws.set_column(len(keys) + 1, last_col, RATIO_WIDTH)
    table_width = LABEL_WIDTH + len(keys) * POINT_WIDTH + len(RATIOS) * RATIO_WIDTH
    total_px = _pixels(LABEL_WIDTH) + len(keys) * _pixels(POINT_WIDTH) + len(RATIOS) * _pixels(RATIO_WIDTH)

    target = t.money(scenarios.target_profit, sentence=True)
    title = (t.gettext("{company}: the path to a profit of {target}", company=inputs.company, target=target)
             if inputs.company else t.gettext("The path to a profit of {target}", target=target))
    ws.write_string(0, 0, title, fmt.title)
    labels = [change_label(scenarios, lever, change, t) for lever, change in scenarios.changes]
    subtitle = (t.gettext("Levers changed for B′ and B″: {changes}", changes="; ".join(labels)) if labels
                else t.gettext("No lever is changed for B′ and B″ (change them on the Inputs sheet)"))
    ws.write_string(1, 0, subtitle, fmt.subtitle)

    header = 3
    ws.write_string(header, 0, t.gettext("Metric"), fmt.header)
    for i, key in enumerate(keys):
        ws.write_string(header, 1 + i, t(POINT_TITLES[key]), fmt.header)
    for j, (p, q) in enumerate(RATIOS):
        ws.write_string(header, 1 + len(keys) + j,
                        t.gettext("{p} / {q}", p=POINT_SHORT[p], q=POINT_SHORT[q]), fmt.header)
    ws.set_row(header, 45)
    ws.freeze_panes(header + 1, 1)

    row = header + 1
    row = _status_row(ws, ctx, row)
    # (label, row shown, row the ratios use, format): counts show whole units, ratios use exact figures.
    specs = [
        (metric(t, "profit"), "profit", "profit", fmt.money),
        (metric(t, "revenue"), "revenue", "revenue", fmt.money),
        (metric(t, "margin"), "margin", "margin", fmt.rate),
        (metric(t, "avg_check"), "avg_check", "avg_check", fmt.money),
        (metric(t, "retention"), "retention", "retention", fmt.rate),
        (metric(t, "rev_per_employee"), "rev_per_employee", "rev_per_employee", fmt.money),
        (metric(t, "headcount"), "w.headcount", "headcount", fmt.whole),
        (metric(t, "clients_end"), "w.clients_end", "clients_end", fmt.whole),
        (metric(t, "clients_new"), "w.clients_new", "clients_new", fmt.whole),
    ]
    specs += [(name, f"w.stage.{k}", f"stage.{k}", fmt.whole) for k, name in enumerate(scenarios.stage_names)]
    for label, shown, exact, number_format in specs:
        ws.write_string(row, 0, label, fmt.label)
        for i, key in enumerate(keys):
            ws.write_formula(row, 1 + i, f"={points.cell(shown, key, absolute=False)}", number_format, points.value(shown, key))
        for j, (p, q) in enumerate(RATIOS):
            x, base = points.cell(exact, p, absolute=False), points.cell(exact, q, absolute=False)
            xv, bv = points.value(exact, p), points.value(exact, q)
            cached = xv / bv if _number(xv) and _number(bv) and bv else ""
            ws.write_formula(row, 1 + len(keys) + j,
                             f"=IF(AND(ISNUMBER({x}),ISNUMBER({base})),IF({base}<>0,{x}/{base},\"\"),\"\")", fmt.ratio, cached)
        row += 1

    row += 1
    ws.write_string(row, 0, t.gettext("Checks"), fmt.label)
    ok, fail = t.gettext("All checks pass"), t.gettext("A check fails: see the Checks sheet")
    ws.merge_range(row, 1, row, len(keys), "", fmt.flag)
    ws.write_formula(row, 1, f'=IF({master.name},"{ok}","{fail}")', fmt.flag, ok if master.value else fail)
    ws.conditional_format(row, 1, row, len(keys), {"type": "cell", "criteria": "==", "value": f'"{ok}"', "format": fmt.pass_})
    ws.conditional_format(row, 1, row, len(keys), {"type": "cell", "criteria": "==", "value": f'"{fail}"', "format": fmt.fail})
    row += 2

    row = _section_title(ws, ctx, row, t.gettext("Conclusions"), last_col)
    tone_format = {"good": fmt.good, "bad": fmt.bad, "neutral": fmt.sentence}
    for conclusion in conclude(scenarios, t):
        row = _paragraph(ws, ctx, row, last_col, f"• {conclusion.text}", tone_format[conclusion.tone], table_width)
    notes = (t.gettext("The conclusions are text written by leverage from the figures above as they were computed; "
                       "they do not follow edits to the inputs. Run leverage again to regenerate them."),
             t.gettext("Headcount, clients and funnel stages are in whole units (requirements rounded up, forecasts "
                       "down); ratios use the exact figures of the Points sheet."))
    for note in notes:
        row = _paragraph(ws, ctx, row, last_col, note, fmt.note, table_width)

    for block in blocks:
        row = _block(ws, ctx, row + 1, block, last_col, table_width)

    row += 1
    width = total_px // 2 - 8
    for i, chart in enumerate(summary_charts(ctx, chart_data, width, CHART_HEIGHT)):
        ws.insert_chart(row, 0, chart, {"x_offset": i * (width + 16), "y_offset": 0, "object_position": 2})


def _status_row(ws: Worksheet, ctx: WorkbookContext, row: int) -> int:
    """OK or infeasible for each point, live from the Points sheet's status row."""
    t, fmt, points = ctx.t, ctx.fmt, ctx.points
    ok, bad = t.gettext("OK"), t.gettext("infeasible")
    ws.write_string(row, 0, t.gettext("Status"), fmt.label)
    for i, key in enumerate(points.keys):
        value = ok if points.value("feasible", key) else bad
        ws.write_formula(row, 1 + i, f'=IF({points.cell("feasible", key, absolute=False)},"{ok}","{bad}")', fmt.status, value)
    ws.conditional_format(row, 1, row, len(points.keys), {"type": "cell", "criteria": "==", "value": f'"{bad}"', "format": fmt.fail})
    return row + 1


def _section_title(ws: Worksheet, ctx: WorkbookContext, row: int, title: str, last_col: int) -> int:
    ws.write_string(row, 0, title, ctx.fmt.section)
    for col in range(1, last_col + 1):
        ws.write_blank(row, col, None, ctx.fmt.section)
    return row + 1


def _paragraph(ws: Worksheet, ctx: WorkbookContext, row: int, last_col: int, text: str, cell_format: object,
               width: float) -> int:
    """Text merged across the table's width, its row tall enough for the wrapped lines."""
    ws.merge_range(row, 0, row, last_col, "", cell_format)
    ws.write_string(row, 0, text, cell_format)
    ws.set_row(row, wrapped_height(text, width, ctx.lang))
    return row + 1


def _block(ws: Worksheet, ctx: WorkbookContext, row: int, block: SummaryBlock, last_col: int, table_width: float) -> int:
    """An extra section's table: a title, an optional header, label rows and notes."""
    fmt = ctx.fmt
    row = _section_title(ws, ctx, row, block.title, last_col)
    if block.header:
        ws.write_blank(row, 0, None, fmt.header)
        for col, text in enumerate(block.header, start=1):
            ws.write_string(row, col, text, fmt.header)
        ws.set_row(row, 30)
        row += 1
    for label, cells in block.rows:
        if isinstance(label, SummaryCell) and label.formula is not None:
            ws.write_formula(row, 0, label.formula, fmt.label, label.value)
        else:
            ws.write_string(row, 0, str(label.value if isinstance(label, SummaryCell) else label), fmt.label)
        for col, cell in enumerate(cells, start=1):
            cell_format = fmt.by_style(cell.style)
            if cell.formula is not None:
                ws.write_formula(row, col, cell.formula, cell_format, cell.value)
            elif isinstance(cell.value, str):
                ws.write_string(row, col, cell.value, cell_format)
            elif cell.value is None:
                ws.write_blank(row, col, None, cell_format)
            else:
                # Figures must stay live: constants belong on the Inputs sheet only.
                raise ValueError(f"summary block {block.title!r}, row {label!r}: a figure needs a formula, got {cell.value!r}")
        row += 1
    for note in block.notes:
        row = _paragraph(ws, ctx, row, last_col, note, fmt.note, table_width)
    return row


def _number(value: object) -> TypeGuard[float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
