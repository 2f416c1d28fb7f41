"""Unit economics of each point (domain doc, section 6): what a client costs and what it brings.

Given last year's marketing and sales spend, for every point:

- cost per lead: last year's spend / last year's leads, kept for B, B′ and B″, so
  a point's acquisition spend = its leads x that cost per lead (B needs the
  budget its extra leads cost; B″ spends last year's);
- cost to acquire a client (CAC) = acquisition spend / new clients = cost per
  lead / the funnel's conversion from lead to paying client. It falls when a
  conversion lever rises, and stays defined when a point needs no new clients;
- monthly revenue per client = the average check (annual revenue per active
  client) / 12, and its contribution = that x the contribution share: 1 −
  variable cost share when the template gives one, else the point's net margin
  (the book's TCV = $ x M x # x T; conservative, since the net margin has
  already paid for overheads and acquisition);
- client lifetime, in months: the template's average lifetime, or 1 / monthly
  churn, or else 12 / (1 − annual retention), at most 120 months (retention
  near 100 % would otherwise mean clients who never leave). Annual retention
  cannot express a lifetime under a year; the talk's case needs months or churn;
- lifetime value (LTV) = monthly contribution x lifetime;
- payback = CAC / monthly contribution, in months.

A client pays back when payback ≤ lifetime, which is the same as LTV ≥ CAC
(LTV / CAC = lifetime / payback). When it does not, every new client loses
money, and acquiring more of them deepens the cash gap (the talk, 0:56).

Pure: numbers in, numbers and sentences out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..i18n import N_, Message, Num
from .inputs import Point, ScenarioPoint, Scenarios

MONTHS_A_YEAR = 12.0
LIFETIME_CAP_MONTHS = 120.0

ContributionSource = Literal["variable_share", "margin"]
LifetimeSource = Literal["months", "churn", "retention"]


@dataclass(frozen=True)
class PointEconomics:
    """One point's unit economics; amounts in the template's currency, times in months."""

    key: str
    leads: float
    clients_new: float
    acquisition_spend: float
    cost_per_lead: float
    conversion: float            # from lead to paying client: the product of the funnel's conversions
    cac: float
    avg_check: float
    monthly_revenue: float
    contribution_share: float
    monthly_contribution: float
    lifetime_months: float
    lifetime_capped: bool
    ltv: float
    ltv_to_cac: float
    payback_months: float | None  # None: the monthly contribution is not above 0, so it never pays back
    pays_back: bool               # payback within the lifetime, i.e. LTV >= CAC


@dataclass(frozen=True)
class UnitEconomics:
    """The unit economics of A, B, B′ and B″ (None for an infeasible point), and how they were measured."""

    contribution: ContributionSource
    lifetime: LifetimeSource
    cost_per_lead: float
    points: tuple[tuple[str, PointEconomics | None], ...]

    def __getitem__(self, key: str) -> PointEconomics | None:
        return dict(self.points)[key]

    def warnings(self) -> list[tuple[tuple[str, ...], PointEconomics]]:
        """The points whose clients do not pay back, grouped when their figures agree (A and B often do)."""
        groups: list[tuple[tuple[str, ...], PointEconomics]] = []
        for key, econ in self.points:
            if econ is None or econ.pays_back:
                continue
            same = [i for i, (_, seen) in enumerate(groups) if _same_figures(seen, econ)]
            if same:
                keys, seen = groups[same[0]]
                groups[same[0]] = (keys + (key,), seen)
            else:
                groups.append(((key,), econ))
        return groups


def _same_figures(a: PointEconomics, b: PointEconomics) -> bool:
    return all(abs(x - y) <= 1e-9 * max(1.0, abs(x)) for x, y in (
        (a.cac, b.cac), (a.ltv, b.ltv), (a.lifetime_months, b.lifetime_months),
        (a.payback_months or 0.0, b.payback_months or 0.0)))


def lifetime_months(scenarios: Scenarios, retention: float) -> tuple[float, bool, LifetimeSource]:
    """(months, capped, source) for a point with this annual retention."""
    acquisition = scenarios.inputs.acquisition
    if acquisition is not None and acquisition.lifetime_months is not None:
        return acquisition.lifetime_months, False, "months"
    if acquisition is not None and acquisition.monthly_churn is not None:
        return 1.0 / acquisition.monthly_churn, False, "churn"
    if retention >= 1.0:
        return LIFETIME_CAP_MONTHS, True, "retention"
    months = MONTHS_A_YEAR / (1.0 - retention)
    return min(months, LIFETIME_CAP_MONTHS), months > LIFETIME_CAP_MONTHS, "retention"


def contribution_share(scenarios: Scenarios, point: Point) -> tuple[float, ContributionSource]:
    costs = scenarios.inputs.costs
    if costs is not None and costs.variable_share is not None:
        return 1.0 - costs.variable_share, "variable_share"
    return point.levers.margin, "margin"


def unit_economics(scenarios: Scenarios) -> UnitEconomics | None:
    """Each point's unit economics, or None when the template gives no acquisition spend."""
    inputs = scenarios.inputs
    if inputs.acquisition is None:
        return None
    cost_per_lead = inputs.acquisition.spend / inputs.leads
    a = scenarios.actual
    share, contribution = contribution_share(scenarios, a)
    _, _, lifetime = lifetime_months(scenarios, a.levers.retention)
    return UnitEconomics(
        contribution=contribution, lifetime=lifetime, cost_per_lead=cost_per_lead,
        points=tuple((p.key, point_economics(scenarios, p, cost_per_lead)) for p in scenarios.points),
    )


def point_economics(scenarios: Scenarios, point: ScenarioPoint, cost_per_lead: float) -> PointEconomics | None:
    if not point.feasible or point.leads is None or point.clients_new is None:
        return None
    levers = point.levers
    conversion = levers.conversion_product
    cac = cost_per_lead / conversion
    share, _ = contribution_share(scenarios, point)
    monthly_revenue = levers.avg_check / MONTHS_A_YEAR
    monthly_contribution = monthly_revenue * share
    months, capped, _ = lifetime_months(scenarios, levers.retention)
    ltv = monthly_contribution * months
    payback = cac / monthly_contribution if monthly_contribution > 0 else None
    return PointEconomics(
        key=point.key, leads=point.leads, clients_new=point.clients_new,
        acquisition_spend=point.leads * cost_per_lead, cost_per_lead=cost_per_lead, conversion=conversion,
        cac=cac, avg_check=levers.avg_check, monthly_revenue=monthly_revenue, contribution_share=share,
        monthly_contribution=monthly_contribution, lifetime_months=months, lifetime_capped=capped,
        ltv=ltv, ltv_to_cac=ltv / cac, payback_months=payback,
        pays_back=payback is not None and payback <= months,
    )


def warning_text(keys: tuple[str, ...], econ: PointEconomics) -> Message:
    """Why a point's clients do not pay back, in words a consultant can take to the client."""
    points = ", ".join(k.replace("''", "″").replace("'", "′") for k in keys)
    if econ.payback_months is None:
        return N_("point {points}: the monthly contribution per client is {contribution}, not above 0: a client never "
                  "pays back its acquisition cost of {cac}; fix the unit economics first",
                  "points {points}: the monthly contribution per client is {contribution}, not above 0: a client "
                  "never pays back its acquisition cost of {cac}; fix the unit economics first",
                  len(keys), points=points, contribution=Num(econ.monthly_contribution), cac=Num(econ.cac))
    return N_("point {points}: payback of {payback} months exceeds the client lifetime of {lifetime} months "
              "(LTV {ltv} is below CAC {cac}): each new client leaves before paying back what it cost to acquire, "
              "so the more clients marketing brings, the deeper the cash gap; raise the price or retention, or cut "
              "the cost of acquisition, before scaling",
              "points {points}: payback of {payback} months exceeds the client lifetime of {lifetime} months "
              "(LTV {ltv} is below CAC {cac}): each new client leaves before paying back what it cost to acquire, "
              "so the more clients marketing brings, the deeper the cash gap; raise the price or retention, or cut "
              "the cost of acquisition, before scaling",
              len(keys), points=points, payback=Num(econ.payback_months, 1), lifetime=Num(econ.lifetime_months, 1),
              ltv=Num(econ.ltv), cac=Num(econ.cac))
