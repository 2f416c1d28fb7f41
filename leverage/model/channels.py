"""Acquisition channels (book chapter; domain doc, section 5): what each channel costs and returns.

Per channel, from its spend, contacts (reach), leads (responses), sales and revenue:

- ad conversion = leads / contacts (the book: 80 / 10,000 = 0.8 %);
- cost per lead = spend / leads (15,000 / 150 = 100);
- cost of sale = spend / sales (12,500 / 40 = 312.5);
- conversion to sale = sales / leads (the book defines it so; its own magazine
  example divides by the circulation instead);
- average check = revenue / sales (750,000 / 250 = 3,000);
- return on marketing investment, ROMI = (revenue x contribution share − spend) /
  spend, where the contribution share is 1 − variable cost share when the
  template gives one; without it, ROMI = (revenue − spend) / spend, which
  ignores the cost of what was sold and so flatters every channel.

A channel pays back when ROMI ≥ 0 (one that costs nothing always does). The advice flags channels that do not, and
never suggests dropping one that does because another is cheaper: a channel that
pays back brings clients the others would not, and over their lifetime they are
worth more than the saving (the book's advice). Blank cells leave the metrics
that need them blank. The totals row divides the column totals, for a metric
only when every channel gives both of its inputs (else it would mix channels
that count different things).

Pure: numbers in, numbers and sentences out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ..i18n import Message, Num, Pct, _
from ..i18n.terms import quoted_names
from .inputs import Channel, Inputs

# Channel leads "add up" to the funnel's first stage when they differ by less than half a lead.
LEADS_TOLERANCE = 0.5
# metric -> (numerator, denominator): the figures each metric divides.
METRIC_INPUTS = {
    "ad_conversion": ("leads", "contacts"),
    "cost_per_lead": ("spend", "leads"),
    "cost_of_sale": ("spend", "sales"),
    "conversion_to_sale": ("sales", "leads"),
    "avg_check": ("revenue", "sales"),
    "romi": ("revenue", "spend"),
}


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


@dataclass(frozen=True)
class ChannelMetrics:
    """One channel (or the total) with its metrics; None where an input it needs is blank."""

    name: str
    spend: float | None
    contacts: float | None
    leads: float | None
    sales: float | None
    revenue: float | None
    ad_conversion: float | None
    cost_per_lead: float | None
    cost_of_sale: float | None
    conversion_to_sale: float | None
    avg_check: float | None
    romi: float | None
    pays_back: bool | None


def _pays_back(channel: Channel, romi: float | None) -> bool | None:
    """ROMI >= 0; a channel that costs nothing (referrals, walk-ins) pays back whatever it brings."""
    if romi is not None:
        return romi >= 0
    if channel.spend == 0 and channel.revenue is not None:
        return True
    return None


def measure(channel: Channel, share: float) -> ChannelMetrics:
    """The book's metrics of one channel; `share` is the contribution share of revenue for ROMI."""
    c = channel
    romi = None
    if c.revenue is not None and c.spend is not None and c.spend > 0:
        romi = (c.revenue * share - c.spend) / c.spend
    return ChannelMetrics(
        name=c.name, spend=c.spend, contacts=c.contacts, leads=c.leads, sales=c.sales, revenue=c.revenue,
        ad_conversion=ratio(c.leads, c.contacts), cost_per_lead=ratio(c.spend, c.leads),
        cost_of_sale=ratio(c.spend, c.sales), conversion_to_sale=ratio(c.sales, c.leads),
        avg_check=ratio(c.revenue, c.sales), romi=romi, pays_back=_pays_back(c, romi),
    )


@dataclass(frozen=True)
class ChannelReport:
    """Every channel's metrics, the totals, and whether channel leads add up to the funnel's first stage."""

    channels: tuple[ChannelMetrics, ...]
    total: ChannelMetrics
    contribution_share: float          # of revenue, for ROMI
    by_variable_share: bool            # False: ROMI on revenue (no variable share given)
    funnel_leads: float
    leads_missing: tuple[str, ...]     # channels that give no leads

    @property
    def leads_total(self) -> float | None:
        return self.total.leads

    @property
    def leads_match(self) -> bool:
        """Channel leads add up to the funnel's first stage (every channel gives its leads)."""
        return (not self.leads_missing and self.total.leads is not None
                and abs(self.total.leads - self.funnel_leads) < LEADS_TOLERANCE)

    @property
    def not_paying(self) -> tuple[ChannelMetrics, ...]:
        return tuple(c for c in self.channels if c.pays_back is False)


def analyse_channels(inputs: Inputs) -> ChannelReport | None:
    """The channel table's metrics, or None when the template lists no channels."""
    if not inputs.channels:
        return None
    costs = inputs.costs
    variable_share = costs.variable_share if costs is not None else None
    by_variable_share = variable_share is not None
    share = 1.0 - variable_share if variable_share is not None else 1.0

    def total(attr: str) -> float | None:
        values = [getattr(c, attr) for c in inputs.channels if getattr(c, attr) is not None]
        return sum(values) if values else None

    totals = measure(Channel("Total", **{attr: total(attr) for attr in ("spend", "contacts", "leads", "sales", "revenue")}),
                     share)
    complete = {attr for attr in ("spend", "contacts", "leads", "sales", "revenue")
                if all(getattr(c, attr) is not None for c in inputs.channels)}
    blanked: dict[str, Any] = {metric: None for metric, needs in METRIC_INPUTS.items() if not set(needs) <= complete}
    if "romi" in blanked:
        blanked["pays_back"] = None
    return ChannelReport(
        channels=tuple(measure(c, share) for c in inputs.channels),
        total=replace(totals, **blanked),
        contribution_share=share,
        by_variable_share=by_variable_share,
        funnel_leads=inputs.leads,
        leads_missing=tuple(c.name for c in inputs.channels if c.leads is None),
    )


def _sum(value: float) -> Num:
    """An amount in the advice: whole from 100 up (4,286), else to the cent (34.48)."""
    value = float(value)
    return Num(value, 0 if value >= 100 or value.is_integer() else 2)


def advice(report: ChannelReport) -> list[Message]:
    """What to do about the channels, in sentences: fix or cut what does not pay back, keep what does."""
    lines: list[Message] = []
    for c in report.not_paying:
        assert c.spend is not None and c.revenue is not None and c.romi is not None
        returned = c.revenue * report.contribution_share
        params = dict(name=c.name, spend=_sum(c.spend), returned=_sum(returned), romi=Pct(c.romi, 1))
        if report.by_variable_share:
            lines.append(_('"{name}" does not pay back: {spend} spent, {returned} returned after variable costs '
                           "(ROMI {romi}). Fix its offer and its conversion to sale, or move its budget to channels "
                           "that pay back.", **params))
        else:
            lines.append(_('"{name}" does not pay back: {spend} spent, {returned} returned in revenue (ROMI {romi}). '
                           "Fix its offer and its conversion to sale, or move its budget to channels that pay back.",
                           **params))
    paying = [c for c in report.channels if c.pays_back]
    priced = sorted((c for c in paying if c.cost_of_sale is not None), key=lambda c: c.cost_of_sale or 0.0)
    if len(priced) >= 2 and priced[-1].cost_of_sale != priced[0].cost_of_sale:
        cheap, dear = priced[0], priced[-1]
        assert cheap.cost_of_sale is not None and dear.cost_of_sale is not None
        lines.append(_('"{dear}" costs {dear_cost} a sale and "{cheap}" {cheap_cost}, but both pay back: keep both. '
                       "A channel that pays back brings clients the cheaper one would not, and over their lifetime "
                       "they are worth more than the saving.", dear=dear.name, dear_cost=_sum(dear.cost_of_sale),
                       cheap=cheap.name, cheap_cost=_sum(cheap.cost_of_sale)))
    elif paying and not report.not_paying:
        lines.append(_("Every channel with known spend and revenue pays back."))
    unknown = [c.name for c in report.channels if c.pays_back is None]
    if unknown:
        lines.append(_("{names}: give spend and revenue to see whether the channel pays back.",
                       names=quoted_names(unknown)))
    if not report.by_variable_share:
        lines.append(_("ROMI is measured on revenue: without a variable cost share it ignores the cost of what was "
                       "sold, which flatters every channel."))
    return lines


def romi_warning(report: ChannelReport, c: ChannelMetrics) -> Message:
    """Why channel `c` does not pay back: its ROMI, what it spent and what it returned (the warning's
    location, its ROMI cell, is the run's `Notice`)."""
    assert c.romi is not None and c.spend is not None and c.revenue is not None
    returned = c.revenue * report.contribution_share
    params = dict(name=c.name, romi=Pct(c.romi, 1), zero=Pct(0.0, 0), spend=_amount(c.spend),
                  returned=_amount(returned))
    if report.by_variable_share:
        return _('channel "{name}" does not pay back: ROMI {romi}, expected {zero} or more '
                 "({spend} spent, {returned} returned after variable costs)", **params)
    return _('channel "{name}" does not pay back: ROMI {romi}, expected {zero} or more '
             "({spend} spent, {returned} returned in revenue)", **params)


def _amount(value: float) -> Num:
    """An amount as the warnings write it: cents only below 1,000 and when there are any."""
    return Num(value, 2 if abs(value) < 1000 and abs(value - round(value)) > 5e-7 else 0)


def leads_warning(report: ChannelReport, funnel_source: str | None = None) -> Message | None:
    """Say so when channel leads do not add up to the funnel's first stage, else None."""
    if report.leads_match:
        return None
    where = f" ({funnel_source})" if funnel_source else ""
    total = report.leads_total
    leads = _sum(report.funnel_leads)
    if report.leads_missing:
        missing = quoted_names(report.leads_missing)
        if total is None:
            return _("channel leads cannot be checked against the funnel's first stage, {leads} leads{where}: "
                     "{missing} give no leads", leads=leads, where=where, missing=missing)
        return _("channel leads cannot be checked against the funnel's first stage, {leads} leads{where}: "
                 "{missing} give no leads; the channels that give leads add up to {total}",
                 leads=leads, where=where, missing=missing, total=_sum(total))
    assert total is not None
    gap = report.funnel_leads - total
    params = dict(total=_sum(total), leads=leads, where=where, gap=_sum(abs(gap)))
    if gap > 0:
        return _("channel leads add up to {total}, but the funnel's first stage has {leads} leads{where}: {gap} leads "
                 "come from no channel listed; list every channel, for the same year as the funnel", **params)
    return _("channel leads add up to {total}, but the funnel's first stage has {leads} leads{where}: {gap} leads "
             "too many; list every channel, for the same year as the funnel", **params)
