"""The Unit economics sheet: CAC, lifetime, LTV and payback of each point, as live formulas.

The point columns sit in the same columns as on the Points sheet (B to E), and
every row is one formula repeated across them, referring to the Points sheet and
to the named optional inputs. Under the table: how each figure is measured, and
the warnings in words (written with the figures; the "pays back" row above them
recalculates live).
"""

from __future__ import annotations

from collections.abc import Callable

import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from ..i18n import Message, Translator, _, translator
from ..i18n.terms import POINT_TITLES
from ..model.economics import LIFETIME_CAP_MONTHS, MONTHS_A_YEAR, PointEconomics, UnitEconomics, warning_text
from ..model.inputs import Scenarios
from ..sheet_layout import ECONOMICS_FIRST_COL, ECONOMICS_FIRST_ROW, ECONOMICS_ROWS, economics_cell
from .context import PointsLayout
from .inputs_sheet import InputsLayout
from .notes import note
from .styles import Formats

ROWS = ECONOMICS_ROWS
FIRST_ROW = ECONOMICS_FIRST_ROW
FIRST_COL = ECONOMICS_FIRST_COL  # point A, as on the Points sheet
_LABELS: dict[str, Message] = {
    "leads": _("Leads"),
    "cost_per_lead": _("Cost per lead (last year's)"),
    "point_spend": _("Acquisition spend"),
    "clients_new": _("New clients"),
    "conversion": _("Conversion, lead to paying client"),
    "cac": _("Cost to acquire a client (CAC)"),
    "avg_check": _("Average check, a year"),
    "monthly_revenue": _("Revenue per client, a month"),
    "contribution_share": _("Contribution share of revenue"),
    "monthly_contribution": _("Contribution per client, a month"),
    "lifetime": _("Client lifetime, months"),
    "ltv": _("Lifetime value (LTV)"),
    "ltv_to_cac": _("LTV / CAC"),
    "payback": _("Payback, months"),
    "pays_back": _("Pays back within the lifetime"),
}
# How each figure is measured, by what the template gives.
_HOW: dict[str, Message] = {
    "cac": _("CAC = acquisition spend / new clients. B, B′ and B″ keep last year's cost per lead, so their spend is their leads × that cost, and CAC = cost per lead / conversion from lead to paying client."),
    "contribution_variable_share": _('Contribution share = 1 − variable cost share.'),
    "contribution_margin": _("No variable cost share is given: the net profit margin stands in for the contribution share (the book's TCV = $ × M × # × T), which is conservative."),
    "lifetime_months": _("Lifetime: the template's average client lifetime."),
    "lifetime_churn": _("Lifetime: 1 / the template's monthly churn."),
    "lifetime_retention": _('Lifetime: 12 / (1 − annual retention) months, at most 120; annual retention cannot express a lifetime under a year.'),
    "payback": _('Payback = CAC / contribution per client a month. A client pays back when payback ≤ lifetime, which is the same as LTV ≥ CAC.'),
}


def sheet_name(lang: str) -> str:
    return translator(lang).gettext("Unit economics")


def cell(lang: str, row: str, point_index: int) -> str:
    """`Unit economics!B16`: where a figure of the point with this index (A = 0) is, for messages."""
    return economics_cell(row, point_index).in_language(translator(lang))


def _value(econ: PointEconomics | None, row: str, t: Translator) -> object:
    if econ is None:
        return ""
    if row == "pays_back":
        return t.gettext("OK") if econ.pays_back else t.gettext("loses money")
    attr = {"lifetime": "lifetime_months", "payback": "payback_months", "point_spend": "acquisition_spend"}.get(row, row)
    value = getattr(econ, attr)
    return "" if value is None else value


def write_economics(book: xlsxwriter.Workbook, scenarios: Scenarios, econ: UnitEconomics, lang: str, fmt: Formats,
                    layout: InputsLayout, points: PointsLayout) -> None:
    t = translator(lang, scenarios.inputs.currency)
    ws = book.add_worksheet(sheet_name(lang))
    ws.set_column(0, 0, 44)
    ws.set_column(FIRST_COL, FIRST_COL + len(scenarios.points) - 1, 17)
    ws.write_string(0, 0, t.gettext("Unit economics of each point"), fmt.title)
    ws.write_string(2, 0, t.gettext("Metric"), fmt.header)
    for i, point in enumerate(scenarios.points):
        ws.write_string(2, FIRST_COL + i, t(POINT_TITLES[point.key]), fmt.header)
    ws.set_row(2, 45)
    ws.freeze_panes(3, 1)

    steps = len(scenarios.inputs.funnel) - 1
    row_of = {key: FIRST_ROW + i for i, key in enumerate(ROWS)}
    sheet = quote_sheetname(points.sheet)

    def own(key: str, col: int) -> str:
        return xl_rowcol_to_cell(row_of[key], col)

    def on_points(key: str, col: int) -> str:
        return f"{sheet}!{xl_rowcol_to_cell(points.rows[key], col)}"

    def conversions(col: int) -> str:
        first, last = (xl_rowcol_to_cell(points.rows[f"conversion.{k}"], col) for k in (1, steps))
        return f"PRODUCT({sheet}!{first}:{last})"

    acquisition = scenarios.inputs.acquisition
    assert acquisition is not None
    if acquisition.lifetime_months is not None:
        lifetime: Callable[[int], str] = lambda c: "lifetime_months"  # noqa: E731
    elif acquisition.monthly_churn is not None:
        lifetime = lambda c: "1/monthly_churn"  # noqa: E731
    else:
        def lifetime(c: int) -> str:
            r = on_points("retention", c)
            cap = f"{LIFETIME_CAP_MONTHS:g}"
            return f"IF({r}>=1,{cap},MIN({cap},{MONTHS_A_YEAR:g}/(1-{r})))"
    share = (lambda c: "1-variable_share") if econ.contribution == "variable_share" else (
        lambda c: on_points("margin", c))
    labels = {"OK": t.gettext("OK"), "loses": t.gettext("loses money")}
    formulas: dict[str, Callable[[int], str]] = {
        "leads": lambda c: on_points("stage.0", c),
        "cost_per_lead": lambda c: f"acquisition_spend/{layout.funnel_cells[0]}",
        "point_spend": lambda c: f"{own('leads', c)}*{own('cost_per_lead', c)}",
        "clients_new": lambda c: on_points("clients_new", c),
        "conversion": conversions,
        "cac": lambda c: f"{own('cost_per_lead', c)}/{own('conversion', c)}",
        "avg_check": lambda c: on_points("avg_check", c),
        "monthly_revenue": lambda c: f"{own('avg_check', c)}/{MONTHS_A_YEAR:g}",
        "contribution_share": share,
        "monthly_contribution": lambda c: f"{own('monthly_revenue', c)}*{own('contribution_share', c)}",
        "lifetime": lifetime,
        "ltv": lambda c: f"{own('monthly_contribution', c)}*{own('lifetime', c)}",
        "ltv_to_cac": lambda c: f"{own('ltv', c)}/{own('cac', c)}",
        "payback": lambda c: f"IF({own('monthly_contribution', c)}>0,{own('cac', c)}/{own('monthly_contribution', c)},\"\")",
        "pays_back": lambda c: (f"IF(AND(ISNUMBER({own('payback', c)}),{own('payback', c)}<={own('lifetime', c)}),"
                                f"\"{labels['OK']}\",\"{labels['loses']}\")"),
    }
    formats = {"leads": fmt.count, "cost_per_lead": fmt.money, "point_spend": fmt.money, "clients_new": fmt.count,
               "conversion": fmt.rate, "cac": fmt.money, "avg_check": fmt.money, "monthly_revenue": fmt.money,
               "contribution_share": fmt.rate, "monthly_contribution": fmt.money, "lifetime": fmt.count,
               "ltv": fmt.money, "ltv_to_cac": fmt.count, "payback": fmt.count, "pays_back": fmt.flag}
    for key in ROWS:
        ws.write_string(row_of[key], 0, t(_LABELS[key]), fmt.label)
        for i, point in enumerate(scenarios.points):
            col = FIRST_COL + i
            formula = f"=IF({on_points('feasible', col)},{formulas[key](col)},\"\")"
            ws.write_formula(row_of[key], col, formula, formats[key], _value(econ[point.key], key, t))

    r = FIRST_ROW + len(ROWS) + 1
    ws.write_string(r, 0, t.gettext("How it is measured"), fmt.section)
    r += 1
    last_col, width = FIRST_COL + len(scenarios.points) - 1, 44 + 17 * len(scenarios.points)
    for key in ("cac", f"contribution_{econ.contribution}", f"lifetime_{econ.lifetime}", "payback"):
        note(ws, r, last_col, t(_HOW[key]), fmt.note, width)
        r += 1
    groups = econ.warnings()
    if groups:
        r += 1
        ws.write_string(r, 0, t.gettext("Warnings (written with the figures above; the row above them updates live)"),
                        fmt.section)
        r += 1
        for keys, first in groups:
            note(ws, r, last_col, t(warning_text(keys, first)), fmt.note, width)
            r += 1
    ws.set_landscape()
    ws.fit_to_pages(1, 0)

