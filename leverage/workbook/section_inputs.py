"""The optional inputs on the Inputs sheet: cost structure, acquisition spend and lifetime, channels.

Written below the lever table, styled as inputs, and given workbook-scope names
(`variable_share`, `cost_per_employee`, `fixed_costs`, `acquisition_spend`,
`lifetime_months`, `monthly_churn`) that the Points, Unit economics and Channels
sheets refer to. Fixed costs are a formula: the residual that makes point A
reproduce last year's profit, so an edit to revenue, headcount or the costs
keeps A consistent. Nothing is written when the template left these blank.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import xlsxwriter

from ..i18n import Message, _, translator
from ..model.inputs import Scenarios
from ..sheet_layout import CHANNEL_FIGURES  # the figures' order, shared with the Channels sheet
from .inputs_sheet import InputsLayout, absolute
from .notes import note
from .styles import Formats

_LABELS: dict[str, Message] = {
    "variable_share": _("Variable cost share"),
    "cost_per_employee": _("Cost per employee, a year"),
    "acquisition_spend": _("Marketing and sales spend, last year"),
    "lifetime_months": _("Average client lifetime, months"),
    "monthly_churn": _("Monthly churn"),
    "channel": _("Channel"), "spend": _("Spend"), "contacts": _("Contacts"), "leads": _("Leads"), "sales": _("Sales"),
    "revenue": _("Revenue"),
}


@dataclass
class OptionalInputs:
    """Where the optional inputs are: names in use and the channel table's cells."""

    names: set[str] = field(default_factory=set)
    # One dict per channel: "name" and each figure -> absolute reference on the Inputs sheet.
    channels: list[dict[str, str]] = field(default_factory=list)


def uses_variable_share(scenarios: Scenarios) -> bool:
    inputs = scenarios.inputs
    wanted = scenarios.costs is not None or inputs.acquisition is not None or bool(inputs.channels)
    return wanted and inputs.costs is not None and inputs.costs.variable_share is not None


def write_optional_inputs(book: xlsxwriter.Workbook, scenarios: Scenarios, lang: str, fmt: Formats,
                          layout: InputsLayout) -> OptionalInputs:
    inputs = scenarios.inputs
    out = OptionalInputs()
    rows: list[tuple[str, float, object]] = []
    if uses_variable_share(scenarios):
        assert inputs.costs is not None and inputs.costs.variable_share is not None
        rows.append(("variable_share", inputs.costs.variable_share, fmt.rate_input))
    if scenarios.costs is not None:
        rows.append(("cost_per_employee", scenarios.costs.cost_per_employee, fmt.money_input))
    acquisition = inputs.acquisition
    if acquisition is not None:
        rows.append(("acquisition_spend", acquisition.spend, fmt.money_input))
        if acquisition.lifetime_months is not None:
            rows.append(("lifetime_months", acquisition.lifetime_months, fmt.factor_input))
        if acquisition.monthly_churn is not None:
            rows.append(("monthly_churn", acquisition.monthly_churn, fmt.rate_input))
    if not rows and not inputs.channels:
        return out

    ws = book.get_worksheet_by_name(layout.sheet)
    t = translator(lang, inputs.currency)
    row = ws.dim_rowmax + 2  # below everything the Inputs sheet has so far
    if rows:
        ws.write_string(row, 0, t.gettext("Cost structure and acquisition (optional inputs)"), fmt.title)
        row += 1
        for name, value, cell_format in rows:
            ws.write_string(row, 0, t(_LABELS[name]), fmt.label)
            ws.write_number(row, 1, value, cell_format)
            book.define_name(name, f"={absolute(layout.sheet, row, 1)}")
            out.names.add(name)
            row += 1
            if name == "cost_per_employee" and scenarios.costs is not None:
                ws.write_string(row, 0, t.gettext("Fixed costs (derived from last year)"), fmt.label)
                ws.write_formula(row, 1, "=revenue*(1-variable_share)-headcount*cost_per_employee-profit", fmt.money,
                                 scenarios.costs.fixed_costs)
                book.define_name("fixed_costs", f"={absolute(layout.sheet, row, 1)}")
                out.names.add("fixed_costs")
                row += 1
                note(ws, row, 5, t.gettext("Revenue × (1 − variable share) − headcount × cost per employee − profit, "
                                           "so that point A reproduces last year's profit. With a cost structure the "
                                           "margin is computed on the Points sheet from the costs; a change to the "
                                           "margin above is not used."), fmt.note, 46 + 5 * 17)
                row += 1
        row += 1
    if inputs.channels:
        ws.write_string(row, 0, t.gettext("Acquisition channels, last year"), fmt.title)
        row += 1
        for col, key in enumerate(["channel", *CHANNEL_FIGURES]):
            ws.write_string(row, col, t(_LABELS[key]), fmt.header)
        row += 1
        formats = {"spend": fmt.money_input, "revenue": fmt.money_input}
        for channel in inputs.channels:
            ws.write_string(row, 0, channel.name, fmt.text_input)
            cells = {"name": absolute(layout.sheet, row, 0)}
            for col, figure in enumerate(CHANNEL_FIGURES, start=1):
                value = getattr(channel, figure)
                cell_format = formats.get(figure, fmt.count_input)
                if value is None:
                    ws.write_blank(row, col, None, cell_format)
                else:
                    ws.write_number(row, col, value, cell_format)
                cells[figure] = absolute(layout.sheet, row, col)
            out.channels.append(cells)
            row += 1
    return out
