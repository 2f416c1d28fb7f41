"""The Uncertainty sheet: the simulation of B″ as values, with a histogram chart.

A Monte Carlo of a hundred thousand scenarios is not a spreadsheet formula, so
this sheet holds the simulation's results as values and says so in a note at the
top: they do not follow edits to the inputs, a new `leverage solve` does.
"""

from __future__ import annotations

import xlsxwriter

from ..changes import is_rate
from ..i18n import _, translator
from ..i18n.terms import PERCENTILES, lever_label
from ..model.inputs import Inputs, Uncertainty
from .styles import Formats, percent_format
from .styles import number_format as format_code


def write_uncertainty(book: xlsxwriter.Workbook, u: Uncertainty, inputs: Inputs, lang: str, fmt: Formats) -> None:
    t = translator(lang, inputs.currency)
    name = t.gettext("Uncertainty")
    ws = book.add_worksheet(name)
    note = book.add_format({"italic": True, "font_color": "#595959"})
    stage_names = tuple(stage.name for stage in inputs.funnel)
    ws.set_column(0, 0, 44)
    ws.set_column(1, 4, 16)
    ws.write_string(0, 0, t.gettext("Uncertainty of B″: profit when levers fall anywhere in their ranges"), fmt.title)
    ws.write_string(1, 0, t.gettext(
        "Values from a simulation of {samples} scenarios (seed {seed}): each ranged lever drawn uniformly between its "
        "low and high, independently, the rest as in B″. They do not recalculate: run leverage solve again after "
        "changing the inputs or the ranges.", samples=t.number(u.samples), seed=str(u.seed)), note)

    row = 3
    for col, text in enumerate([t.gettext("Lever"), t.gettext("Low"), t.gettext("High")]):
        ws.write_string(row, col, text, fmt.header)
    for lever, low, high in u.ranges:
        row += 1
        number_format = fmt.rate if is_rate(lever) else fmt.count if lever == "leads" else fmt.money
        ws.write_string(row, 0, lever_label(t, lever, stage_names), fmt.label)
        ws.write_number(row, 1, low, number_format)
        ws.write_number(row, 2, high, number_format)

    row += 2
    results = [(t.gettext("Target profit"), u.target_profit, fmt.money),
               (t.gettext("Probability of reaching the target"), u.probability, fmt.rate),
               *((t(PERCENTILES[key]), getattr(u, key), fmt.money) for key in ("p10", "p50", "p90"))]
    for label, value, number_format in results:
        ws.write_string(row, 0, label, fmt.label)
        ws.write_number(row, 1, value, number_format)
        row += 1

    row += 1
    ws.write_string(row, 0, t.gettext("Profit distribution of the simulated scenarios"), fmt.section)
    row += 1
    for col, header in enumerate((_("Profit from"), _("to"), _("Scenarios"), _("Share"))):
        ws.write_string(row, col + 1, t(header), fmt.header)
    first = row + 1
    for i, (low, high, count) in enumerate(u.histogram):
        row += 1
        last = i == len(u.histogram) - 1
        if low <= u.target_profit < high or (last and u.target_profit == high):
            ws.write_string(row, 0, t.gettext("The target profit falls in this bin →"), fmt.label)
        ws.write_number(row, 1, low, fmt.money)
        ws.write_number(row, 2, high, fmt.money)
        ws.write_number(row, 3, count, fmt.whole)
        ws.write_number(row, 4, count / u.samples, fmt.rate)

    chart = book.add_chart({"type": "column"})
    chart.add_series({
        "name": t.gettext("Share"),
        "categories": [name, first, 1, row, 1],
        "values": [name, first, 4, row, 4],
        "gap": 10,
        "fill": {"color": "#2E75B6"},
    })
    chart.set_title({"name": t.gettext("Profit distribution of the simulated scenarios"), "name_font": {"size": 11}})
    chart.set_legend({"none": True})
    chart.set_x_axis({"name": t.gettext("Profit from"), "num_format": format_code("#,##0", lang), "num_font": {"rotation": -45}})
    chart.set_y_axis({"num_format": percent_format("0%", lang)})
    chart.set_size({"width": 620, "height": 320})
    ws.insert_chart(3, 6, chart, {"object_position": 1})
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
