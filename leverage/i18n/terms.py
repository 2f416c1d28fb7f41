"""The names the terminal tables, the conclusions and the workbook share: metrics, points, levers.

Each is a lazy message (English msgid, Russian in the catalog), rendered by the run's `Translator`.
The keys are the model's: a metric or lever name, a point key, a goal-seek reason code.
"""

from __future__ import annotations

from . import Message, Translator, _

# A metric as a row label (the Points and Summary sheets, the terminal table).
METRICS: dict[str, Message] = {
    "profit": _("Profit"),
    "revenue": _("Revenue"),
    "margin": _("Profit margin"),
    "headcount": _("Headcount"),
    "rev_per_employee": _("Revenue per employee"),
    "avg_check": _("Average check (annual revenue per client)"),
    "clients_start": _("Clients at start of year"),
    "clients_new": _("New clients"),
    "clients_end": _("Active clients at year end"),
    "retention": _("Retention"),
    "leads": _("Leads"),
    "conversion": _("Conversion, every funnel step"),
}

# A lever's short name (tables, change labels): the metric without its explanation.
LEVER_NAMES: dict[str, Message] = {
    "margin": _("Profit margin"),
    "rev_per_employee": _("Revenue per employee"),
    "avg_check": _("Average check"),
    "retention": _("Retention"),
    "leads": _("Leads"),
    "headcount": _("Headcount"),
    "conversion": _("Conversion"),
}

POINT_TITLES: dict[str, Message] = {
    "A": _("A: last year"),
    "B": _("B: target, nothing improved"),
    "B'": _("B′: target, levers changed"),
    "B''": _("B″: last year's leads, levers changed"),
}
POINT_SHORT = {"A": "A", "B": "B", "B'": "B′", "B''": "B″"}

# Leads to paying clients, the product of the funnel's conversions (the portfolio's `lead_conversion`).
LEAD_CONVERSION = _("Lead-to-client conversion")

# Why the goal seek finds no value for a lever (`analysis.Requirement.reason`).
GOAL_REASONS: dict[str, Message] = {
    "above_100": _("cannot exceed 100 %"),
    "step_above_100": _("one factor on every step would take the highest step above 100 %; see the single steps"),
    "covered": _("the clients carried in already reach the target: none needed"),
    "unreachable": _("this lever alone cannot reach the target"),
}

# The simulation's percentiles (the terminal table, the Uncertainty sheet).
PERCENTILES: dict[str, Message] = {
    "p10": _("Profit, P10 (9 in 10 scenarios earn more)"),
    "p50": _("Profit, P50 (median)"),
    "p90": _("Profit, P90 (1 in 10 scenarios earn more)"),
}


def quoted_names(names: tuple[str, ...] | list[str]) -> Message:
    """Names in quotes, comma-separated, as the run's language quotes them: "Radio", "Website" / «Radio», «Website»."""
    first = _('"{name}"', name=names[0])
    return first if len(names) == 1 else _("{first}, {rest}", first=first, rest=quoted_names(names[1:]))


def metric(t: Translator, key: str) -> str:
    """A metric's row label; a funnel step `conversion.K` is "Conversion K"."""
    if key.startswith("conversion."):
        return t.gettext("Conversion {k}", k=key.split(".")[1])
    return t(METRICS[key])


def lever_name(t: Translator, lever: str) -> str:
    """A lever's short name: "Average check", "Conversion 2"."""
    if lever in LEVER_NAMES:
        return t(LEVER_NAMES[lever])
    return metric(t, lever)


def lever_label(t: Translator, lever: str, stage_names: tuple[str, ...] = ()) -> str:
    """A lever's name for tables and sheets; a funnel step names its two stages."""
    if lever == "conversion":
        return t.gettext("Conversion, leads to paying clients")
    if lever.startswith("conversion."):
        k = int(lever.split(".")[1])
        if len(stage_names) > k:
            return t.gettext("Conversion {k}: {stage} → {next_stage}", k=k, stage=stage_names[k - 1],
                             next_stage=stage_names[k])
        return metric(t, lever)
    return lever_name(t, lever)


def count(t: Translator, value: float | None, *, sentence: bool = False) -> str:
    """A count: whole when it is whole (179), else two decimals (178.49); "—" for none."""
    if value is None:
        return "—"
    return t.number(value, 0 if abs(value - round(value)) < 5e-7 else 2, sentence=sentence)


def amount(t: Translator, value: float | None) -> str:
    """An amount in a table, without its sign (the column says the currency); "—" for none."""
    return "—" if value is None else t.number(value, 0)
