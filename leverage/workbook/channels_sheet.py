"""The Channels sheet: each channel's figures (from the Inputs sheet) and the book's metrics, live.

A row per channel and a totals row. Each metric column is one formula repeated
down the rows; a metric whose inputs are blank stays blank. Under the table the
check that channel leads add up to the funnel's first stage (live) and the
advice in words (written with the figures).
"""

from __future__ import annotations

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from ..i18n import Message, Translator, _, translator
from ..model.channels import METRIC_INPUTS, ChannelMetrics, ChannelReport, advice
from ..model.inputs import Scenarios
from ..sheet_layout import CHANNEL_COLUMNS, CHANNEL_FIGURES, CHANNEL_METRICS, CHANNELS_FIRST_ROW, channels_cell
from .inputs_sheet import InputsLayout
from .notes import note
from .section_inputs import OptionalInputs
from .styles import Formats

# Column keys in order: A the name, then the figures, then the metrics.
METRICS = CHANNEL_METRICS
COLUMNS = CHANNEL_COLUMNS
RATIOS = {metric: figures for metric, figures in METRIC_INPUTS.items() if metric != "romi"}
FIRST_ROW = CHANNELS_FIRST_ROW
_LABELS: dict[str, Message] = {
    "name": _("Channel"), "spend": _("Spend"), "contacts": _("Contacts"), "leads": _("Leads"), "sales": _("Sales"),
    "revenue": _("Revenue"), "ad_conversion": _("Ad conversion"), "cost_per_lead": _("Cost per lead"),
    "cost_of_sale": _("Cost of sale"), "conversion_to_sale": _("Conversion to sale"), "avg_check": _("Average check"),
    "romi": _("ROMI"), "pays_back": _("Pays back"),
}


def sheet_name(lang: str) -> str:
    return translator(lang).gettext("Channels")


def cell(lang: str, column: str, channel_index: int) -> str:
    """`Channels!L4`: where a channel's figure is (the first channel has index 0), for messages."""
    return channels_cell(column, channel_index).in_language(translator(lang))


def _value(metrics: ChannelMetrics, column: str, t: Translator) -> object:
    if column == "pays_back":
        return "" if metrics.pays_back is None else t.gettext("yes") if metrics.pays_back else t.gettext("NO")
    value = getattr(metrics, column)
    return "" if value is None else value


def write_channels(book: xlsxwriter.Workbook, scenarios: Scenarios, report: ChannelReport, lang: str, fmt: Formats,
                   layout: InputsLayout, extra: OptionalInputs) -> None:
    t = translator(lang, scenarios.inputs.currency)
    ws = book.add_worksheet(sheet_name(lang))
    ws.set_column(0, 0, 30)
    ws.set_column(1, len(COLUMNS) - 1, 13)
    ws.write_string(0, 0, t.gettext("Acquisition channels: what each costs and returns"), fmt.title)
    romi = (t.gettext("ROMI = (revenue × (1 − variable share) − spend) / spend.") if report.by_variable_share else
            t.gettext("ROMI = (revenue − spend) / spend: no variable cost share is given, so the cost of what was sold "
                      "is ignored and every channel looks better than it is."))
    note(ws, 1, 7, romi, fmt.note, 30 + 13 * 7)
    for col, key in enumerate(COLUMNS):
        label = t(_LABELS[key])
        if key in ("spend", "revenue", "cost_per_lead", "cost_of_sale", "avg_check"):
            label = f"{label}, {scenarios.inputs.currency}"
        ws.write_string(2, col, label, fmt.header)
    ws.set_row(2, 45)
    ws.freeze_panes(3, 1)

    n = len(report.channels)
    total_row = FIRST_ROW + n
    col_of = {key: i for i, key in enumerate(COLUMNS)}
    share = "(1-variable_share)" if report.by_variable_share else "1"
    formats = {"spend": fmt.money, "contacts": fmt.whole, "leads": fmt.whole, "sales": fmt.whole, "revenue": fmt.money,
               "ad_conversion": fmt.rate, "cost_per_lead": fmt.money, "cost_of_sale": fmt.money,
               "conversion_to_sale": fmt.rate, "avg_check": fmt.money, "romi": fmt.rate, "pays_back": fmt.flag}

    def metric(key: str, row: int) -> str:
        ref = lambda column: xl_rowcol_to_cell(row, col_of[column])  # noqa: E731
        if key in RATIOS:
            num, den = (ref(c) for c in RATIOS[key])
            return f"=IF(AND(ISNUMBER({num}),ISNUMBER({den})),IF({den}<>0,{num}/{den},\"\"),\"\")"
        if key == "romi":
            revenue, spend = ref("revenue"), ref("spend")
            return (f"=IF(AND(ISNUMBER({revenue}),ISNUMBER({spend})),"
                    f"IF({spend}>0,({revenue}*{share}-{spend})/{spend},\"\"),\"\")")
        romi, spend, revenue = ref("romi"), ref("spend"), ref("revenue")
        # Costs nothing: pays back. IF(ISNUMBER()) rather than N(), which not every engine gives 0 for a blank.
        free = f"AND(ISNUMBER({revenue}),IF(ISNUMBER({spend}),{spend}=0,FALSE))"
        yes, no = t.gettext("yes"), t.gettext("NO")
        return f"=IF(ISNUMBER({romi}),IF({romi}>=0,\"{yes}\",\"{no}\"),IF({free},\"{yes}\",\"\"))"

    for i, (metrics, cells) in enumerate(zip(report.channels, extra.channels)):
        row = FIRST_ROW + i
        ws.write_formula(row, 0, f"={cells['name']}", fmt.label, metrics.name)
        for figure in CHANNEL_FIGURES:
            source = cells[figure]
            ws.write_formula(row, col_of[figure], f"=IF(ISNUMBER({source}),{source},\"\")", formats[figure],
                             _value(metrics, figure, t))
        for key in METRICS:
            ws.write_formula(row, col_of[key], metric(key, row), formats[key], _value(metrics, key, t))
    ws.write_string(total_row, 0, t.gettext("Total"), fmt.section)
    for figure in CHANNEL_FIGURES:
        col = col_of[figure]
        span = f"{xl_rowcol_to_cell(FIRST_ROW, col)}:{xl_rowcol_to_cell(total_row - 1, col)}"
        ws.write_formula(total_row, col, f"=IF(COUNT({span})>0,SUM({span}),\"\")", formats[figure],
                         _value(report.total, figure, t))
    for key in METRICS:
        # A total metric only where every channel gives both of its figures.
        needs = METRIC_INPUTS["romi" if key == "pays_back" else key]
        counts = [f"COUNT({xl_rowcol_to_cell(FIRST_ROW, col_of[f])}:{xl_rowcol_to_cell(total_row - 1, col_of[f])})={n}"
                  for f in needs]
        formula = f"=IF(AND({','.join(counts)}),{metric(key, total_row)[1:]},\"\")"
        ws.write_formula(total_row, col_of[key], formula, formats[key], _value(report.total, key, t))

    r = total_row + 2
    leads_col = col_of["leads"]
    ws.write_string(r, 0, t.gettext("Leads in the funnel's first stage"), fmt.label)
    ws.write_formula(r, leads_col, f"={layout.funnel_cells[0]}", fmt.whole, report.funnel_leads)
    funnel_ref = xl_rowcol_to_cell(r, leads_col)
    r += 1
    span = f"{xl_rowcol_to_cell(FIRST_ROW, leads_col)}:{xl_rowcol_to_cell(total_row - 1, leads_col)}"
    total_leads = xl_rowcol_to_cell(total_row, leads_col)
    ws.write_string(r, 0, t.gettext("Channel leads add up to the funnel"), fmt.label)
    ok, differ = t.gettext("OK"), t.gettext("do not add up")
    ws.write_formula(
        r, leads_col,
        f"=IF(AND(COUNT({span})={n},ABS(IF(ISNUMBER({total_leads}),{total_leads},0)-{funnel_ref})<0.5),\"{ok}\",\"{differ}\")",
        fmt.flag, ok if report.leads_match else differ,
    )
    r += 2
    ws.write_string(r, 0, t.gettext("Advice (written with the figures above)"), fmt.section)
    r += 1
    width = 30 + 13 * 7
    for line in advice(report):
        note(ws, r, 7, t(line), fmt.note, width)
        r += 1
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
