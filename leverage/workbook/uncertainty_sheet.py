"""The Uncertainty sheet: the simulation of B″ as values, with a histogram chart.

A Monte Carlo of a hundred thousand scenarios is not a spreadsheet formula, so
this sheet holds the simulation's results as values and says so in a note at the
top: they do not follow edits to the inputs, a new `leverage solve` does.
"""

from __future__ import annotations

import xlsxwriter

from .. import i18n
from ..changes import is_rate
from ..model.inputs import Inputs, Uncertainty
from .styles import Formats, percent_format
from .styles import number_format as format_code


def write_uncertainty(book: xlsxwriter.Workbook, u: Uncertainty, inputs: Inputs, lang: str, fmt: Formats) -> None:
    name = i18n.text(lang, "uncertainty_sheet")
    ws = book.add_worksheet(name)
    word = lambda key: i18n.text(lang, key)  # noqa: E731
    note = book.add_format({"italic": True, "font_color": "#595959"})
    stage_names = tuple(stage.name for stage in inputs.funnel)
    ws.set_column(0, 0, 44)
    ws.set_column(1, 4, 16)
    ws.write_string(0, 0, word("unc_title"), fmt.title)
    ws.write_string(1, 0, i18n.text(lang, "unc_note", samples=i18n.number(u.samples, 0, lang), seed=str(u.seed)), note)

    row = 3
    for col, text in enumerate([word("lever"), word("low"), word("high")]):
        ws.write_string(row, col, text, fmt.header)
    for lever, low, high in u.ranges:
        row += 1
        number_format = fmt.rate if is_rate(lever) else fmt.count if lever == "leads" else fmt.money
        ws.write_string(row, 0, i18n.lever_label(lang, lever, stage_names), fmt.label)
        ws.write_number(row, 1, low, number_format)
        ws.write_number(row, 2, high, number_format)

    row += 2
    results = [("unc_target", u.target_profit, fmt.money), ("probability", u.probability, fmt.rate),
               ("p10", u.p10, fmt.money), ("p50", u.p50, fmt.money), ("p90", u.p90, fmt.money)]
    for key, value, number_format in results:
        ws.write_string(row, 0, word(key), fmt.label)
        ws.write_number(row, 1, value, number_format)
        row += 1

    row += 1
    ws.write_string(row, 0, word("histogram"), fmt.section)
    row += 1
    for col, key in enumerate(["bin_from", "bin_to", "bin_count", "bin_share"]):
        ws.write_string(row, col + 1, word(key), fmt.header)
    first = row + 1
    for i, (low, high, count) in enumerate(u.histogram):
        row += 1
        last = i == len(u.histogram) - 1
        if low <= u.target_profit < high or (last and u.target_profit == high):
            ws.write_string(row, 0, word("target_bin"), fmt.label)
        ws.write_number(row, 1, low, fmt.money)
        ws.write_number(row, 2, high, fmt.money)
        ws.write_number(row, 3, count, fmt.whole)
        ws.write_number(row, 4, count / u.samples, fmt.rate)

    chart = book.add_chart({"type": "column"})
    chart.add_series({
        "name": word("bin_share"),
        "categories": [name, first, 1, row, 1],
        "values": [name, first, 4, row, 4],
        "gap": 10,
        "fill": {"color": "#2E75B6"},
    })
    chart.set_title({"name": word("histogram"), "name_font": {"size": 11}})
    chart.set_legend({"none": True})
    chart.set_x_axis({"name": word("bin_from"), "num_format": format_code("#,##0", lang), "num_font": {"rotation": -45}})
    chart.set_y_axis({"num_format": percent_format("0%", lang)})
    chart.set_size({"width": 620, "height": 320})
    ws.insert_chart(3, 6, chart, {"object_position": 1})
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
