"""Native charts that stay live: every series refers to formula cells of the Points sheet.

The Charts sheet holds the funnel of each point and the little data the charts
need beyond the Points sheet (volumes as multiples of last year, the spacing
that centres a funnel), all as formulas on the Points sheet. XlsxWriter has no
funnel chart: a stacked horizontal bar whose first, invisible series is half the
gap to the widest stage centres the bars, and a reversed category axis puts the
first stage (leads) on top.

The four funnels share one scale, since comparing them is the point: the gap is
measured to the widest stage of all the points, and the same invisible half gap
after each bar makes every stage of every funnel span exactly that width. So each
chart's axis runs from 0 to the same largest stage, in every engine, and follows
the figures when inputs change (a fixed axis maximum would not).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeGuard

from xlsxwriter.chart import Chart

from ..i18n.terms import POINT_SHORT, POINT_TITLES, metric
from .context import WorkbookContext
from .styles import millions_format, number_format

# Colours readable on white and apart in greyscale print: dark blue, orange, green.
SERIES_COLOURS = ("#1F4E78", "#ED7D31", "#70AD47")
FUNNEL_COLOUR = "#9DC3E6"  # light, so the black labels read on it and beside it
FUNNEL_SIZE = (470, 250)
VOLUMES = ("leads", "clients_new", "headcount")


@dataclass
class ChartData:
    """Where the Charts sheet keeps the point labels and the volume indices."""

    sheet: str
    label_row: int
    first_col: int
    index_rows: dict[str, int]

    def labels(self) -> list:
        return [self.sheet, self.label_row, self.first_col, self.label_row, self.first_col + 3]

    def index(self, key: str) -> list:
        r = self.index_rows[key]
        return [self.sheet, r, self.first_col, r, self.first_col + 3]


def write_charts_sheet(ctx: WorkbookContext) -> ChartData:
    """The Charts sheet: its data block (formulas on the Points sheet) and the four funnels."""
    book, lang, fmt, points, t = ctx.book, ctx.lang, ctx.fmt, ctx.points, ctx.t
    steps = len(ctx.scenarios.inputs.funnel) - 1
    ws = book.add_worksheet(t.gettext("Charts"))
    ws.set_column(0, 0, 46)
    ws.set_column(1, 4, 12)
    ws.write_string(0, 0, t.gettext("Chart data (formulas on the Points sheet)"), fmt.section)
    for c in range(1, 5):
        ws.write_blank(0, c, None, fmt.section)
    label_row, col0 = 1, 1
    for i, key in enumerate(points.keys):
        ws.write_string(label_row, col0 + i, POINT_SHORT[key], fmt.header)
    ws.write_blank(label_row, 0, None, fmt.header)
    ws.freeze_panes(label_row + 1, 1)

    row = label_row + 1
    index_rows: dict[str, int] = {}
    names = {"leads": metric(t, "leads"), "clients_new": metric(t, "clients_new"),
             "headcount": metric(t, "headcount")}
    exact = {"leads": "stage.0", "clients_new": "clients_new", "headcount": "headcount"}
    for key in VOLUMES:
        ws.write_string(row, 0, t.gettext("{metric}, × last year", metric=names[key]), fmt.label)
        source = exact[key]
        base, base_value = points.cell(source, "A"), points.value(source, "A")
        for i, point in enumerate(points.keys):
            cell, value = points.cell(source, point), points.value(source, point)
            cached = value / base_value if _number(value) and _number(base_value) and base_value else ""
            ws.write_formula(row, col0 + i, f"=IF(AND(ISNUMBER({cell}),ISNUMBER({base})),IF({base}<>0,{cell}/{base},\"\"),\"\")",
                             fmt.ratio, cached)
        index_rows[key] = row
        row += 1

    # Spacing that centres each funnel: half the gap between a stage and the widest stage of all the points.
    stage_names = ctx.scenarios.stage_names
    spacing_row0 = row
    first, last = points.cell("w.stage.0", points.keys[0]), points.cell(f"w.stage.{steps}", points.keys[-1])
    widest = f"MAX({first}:{last.rsplit('!', 1)[1]})"
    stages = [points.value(f"w.stage.{j}", point) for point in points.keys for j in range(steps + 1)]
    widest_value = max((value for value in stages if _number(value)), default=0)
    for k in range(steps + 1):
        ws.write_string(row, 0, t.gettext("Funnel spacing, {point}", point=stage_names[k]), fmt.label)
        for i, point in enumerate(points.keys):
            cell = points.cell(f"w.stage.{k}", point)
            value = points.value(f"w.stage.{k}", point)
            cached = (widest_value - value) / 2 if _number(value) else ""
            ws.write_formula(row, col0 + i, f"=IF(ISNUMBER({cell}),({widest}-{cell})/2,\"\")", fmt.count, cached)
        row += 1

    inputs = ctx.inputs
    categories = [inputs.sheet, inputs.funnel_rows[0], 0, inputs.funnel_rows[1], 0]
    top = row + 1
    for i, point in enumerate(points.keys):
        chart = book.add_chart({"type": "bar", "subtype": "stacked"})
        spacing = {
            "categories": categories,
            "values": [ws.name, spacing_row0, col0 + i, spacing_row0 + steps, col0 + i],
            "fill": {"none": True}, "border": {"none": True},
        }
        chart.add_series(spacing)
        chart.add_series({
            "name": t(POINT_TITLES[point]),
            "categories": categories,
            "values": points.down("w.stage.0", f"w.stage.{steps}", point),
            "fill": {"color": FUNNEL_COLOUR}, "border": {"none": True}, "gap": 25,
            "data_labels": {"value": True, "position": "inside_base", "num_format": number_format("#,##0", lang),
                            "font": {"color": "#000000", "bold": True}},
        })
        chart.add_series(spacing)  # the same gap after the bar: every stage spans the widest, on every chart
        chart.set_title({"name": t.gettext("Funnel, {point}", point=t(POINT_TITLES[point])),
                         "name_font": {"size": 11, "bold": True}})
        chart.set_legend({"none": True})
        chart.set_x_axis({"visible": False, "major_gridlines": {"visible": False}, "min": 0})
        chart.set_y_axis({"reverse": True, "num_font": {"size": 9}})
        chart.set_size({"width": FUNNEL_SIZE[0], "height": FUNNEL_SIZE[1]})
        # Two by two, anchored to the first column and placed by offsets so they never overlap.
        ws.insert_chart(top, 0, chart, {"x_offset": (i % 2) * (FUNNEL_SIZE[0] + 20),
                                        "y_offset": (i // 2) * (FUNNEL_SIZE[1] + 20), "object_position": 2})
    return ChartData(sheet=ws.name, label_row=label_row, first_col=col0, index_rows=index_rows)


def summary_charts(ctx: WorkbookContext, data: ChartData, width: int, height: int) -> list[Chart]:
    """Revenue and profit across the points; leads, new clients and headcount as multiples of last year."""
    book, lang, points, t = ctx.book, ctx.lang, ctx.points, ctx.t
    money = book.add_chart({"type": "column"})
    for colour, key in zip(SERIES_COLOURS, ("revenue", "profit")):
        money.add_series({
            "name": metric(t, key),
            "categories": data.labels(),
            "values": points.across(key),
            "fill": {"color": colour}, "border": {"none": True}, "gap": 80,
            "data_labels": {"value": True, "num_format": millions_format(ctx.scenarios.inputs.currency, lang),
                            "font": {"size": 8}},
        })
    money.set_title({"name": t.gettext("Revenue and profit"), "name_font": {"size": 11, "bold": True}})
    money.set_y_axis({"num_format": millions_format(ctx.scenarios.inputs.currency, lang), "min": 0,
                      "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}, "num_font": {"size": 8}})

    volumes = book.add_chart({"type": "column"})
    for colour, key in zip(SERIES_COLOURS, VOLUMES):
        volumes.add_series({
            "name": metric(t, key),
            "categories": data.labels(),
            "values": data.index(key),
            "fill": {"color": colour}, "border": {"none": True}, "gap": 80,
            "data_labels": {"value": True, "num_format": number_format('0.0"×"', lang), "font": {"size": 8}},
        })
    volumes.set_title({"name": t.gettext("Leads, new clients and headcount (last year = 1)"), "name_font": {"size": 11, "bold": True}})
    volumes.set_y_axis({"num_format": number_format('0"×"', lang), "min": 0,
                        "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}}, "num_font": {"size": 8}})
    for chart in (money, volumes):
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": width, "height": height})
    return [money, volumes]


def _number(value: object) -> TypeGuard[float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
