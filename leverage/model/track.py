"""Tracking a monthly plan against actuals (domain doc, section 10): variances, the profit gap split by lever,
alerts, the year-end forecast and the re-plan.

Pure: plain numbers in (the plan's months, the actuals of its first months), plain numbers out.

The chain of a month (plan and actual alike):

    P = m x R            m = P / R, the margin
    R = c x E            c = R / E, the month's revenue per active client (the average check)
    E = (S + Ncum) x k   S = the clients carried into the year (the same in plan and actual),
                         Ncum = new clients to date, k = E / (S + Ncum), the retention factor
    Ncum = Lcum x prod(conversions)   Lcum = leads to date, conversion j = stage j+1 to date / stage j to date

The rule that splits a month's profit gap dP = Pa - Pp into lever contributions that add up exactly:

1. Margin and revenue, at midpoints: dP = m_mid x dR + R_mid x dm (exact for any sign, negative profit
   included). The margin's contribution is R_mid x dm; a month whose revenue is 0 (plan or actual) has no
   margin: the margin is taken as the other state's (the plan's when both are 0), and the margin's
   contribution is what is left of the gap, m_mid x dR subtracted (the costs without revenue).
2. The revenue term m_mid x dR is split over c, (S + Ncum) and k by the logarithmic mean Divisia index:
   m_mid x L(Ra, Rp) x ln(xa / xp) for each, which adds up to m_mid x dR without a residual. Where a log is
   impossible (a revenue of 0), the split is the Shapley one (each factor's change averaged over the orders in
   which the three can change), exact for any values.
3. The (S + Ncum) term belongs to the new clients, since S is the same in plan and actual (the clients
   carried in cannot miss their plan): it is split among the leads and each conversion in proportion to their
   log changes, ln(Lcum a / Lcum p) and ln(conv a / conv p), which add up to ln(Ncum a / Ncum p). When new
   clients to date are as planned, the term is 0, and so are the leads' and conversions' shares (a leads miss
   made up by a conversion gain moves no profit). Where a stage to date is 0 (in plan or actual), no log can be
   taken: the whole term goes to the lever at the first empty stage (the leads, or the conversion into it).

Headcount moves no profit in the chain: revenue per employee is reported beside it as a metric.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..errors import Notice

# The levers whose contributions add up to the gap, in the chain's order; conversion is the steps' sum.
LEVERS = ("leads", "conversion", "retention", "avg_check", "margin")
# The metrics an alert watches: the levers and revenue per employee, each with its owner.
WATCHED = ("leads", "conversion", "retention", "avg_check", "margin", "rev_per_employee")
# Months off plan in a row that raise an alert (the talk's rule).
ALERT_RUN = 3
DEFAULT_TOLERANCE = 0.10
# A contribution this small against the profit to date is floating-point noise (a lever that did not move), never
# a shortfall.
NOISE = 1e-9


@dataclass(frozen=True)
class Figures:
    """One month's figures: the funnel's `stages` (leads first, paying new clients last), active clients and
    headcount at the month's end, revenue and profit of the month."""

    stages: tuple[float, ...]
    active_clients: float
    revenue: float
    profit: float
    headcount: float

    @property
    def leads(self) -> float:
        return self.stages[0]

    @property
    def new_clients(self) -> float:
        return self.stages[-1]


@dataclass(frozen=True)
class Levers:
    """A month's lever values: `conversion` is the month's paying clients over its leads, `avg_check` its revenue per
    active client, `retention` its active clients over those carried in plus the new clients to date."""

    leads: float
    conversion: float | None
    retention: float | None
    avg_check: float | None
    margin: float | None
    rev_per_employee: float | None

    def get(self, name: str) -> float | None:
        value: float | None = getattr(self, name)
        return value


@dataclass(frozen=True)
class Variance:
    """Plan, actual, actual − plan and its share of the plan (None when the plan is 0)."""

    plan: float
    actual: float

    @property
    def amount(self) -> float:
        return self.actual - self.plan

    @property
    def share(self) -> float | None:
        return self.amount / abs(self.plan) if self.plan else None


@dataclass(frozen=True)
class TrackedMonth:
    """One month with actuals: plan and actual figures and levers, and its profit gap split by lever."""

    month: str
    plan: Figures
    actual: Figures
    plan_levers: Levers
    actual_levers: Levers
    contributions: Mapping[str, float]   # the LEVERS, adding up to the month's gap
    steps: tuple[float, ...]             # conversion's contribution, step by step (stage j to j+1)

    @property
    def gap(self) -> float:
        return self.actual.profit - self.plan.profit


@dataclass(frozen=True)
class Alert:
    """A watched metric off plan by more than the tolerance for `months` in a row (at least three): the
    variances are the shares of the plan, month by month."""

    metric: str
    months: tuple[str, ...]
    shares: tuple[float, ...]


@dataclass(frozen=True)
class Shortfall:
    """The lever with the largest negative contribution: its amount, its share of the gap (when the gap is a
    shortfall) and its metric's variance to date (a share of the plan)."""

    lever: str
    amount: float
    share_of_gap: float | None
    variance: float | None


@dataclass(frozen=True)
class Forecast:
    """The year's flows: actuals to date plus the plan for the months left, and at the run rate (the actual
    months' average times the plan's months)."""

    plan_rest: Mapping[str, float]
    run_rate: Mapping[str, float]


@dataclass(frozen=True)
class Requirement:
    """What one lever alone must reach in the months left (the others at plan): a factor on the plan's value
    and the value, or `reason` ("above_100", "covered", "unreachable") when no value will do."""

    lever: str
    plan: float
    factor: float | None
    value: float | None
    reason: str | None = None


@dataclass(frozen=True)
class Replan:
    """What the months left need for the year's target: the profit still needed, the new clients and leads at the
    conversion seen so far (`leads`, None when no leads would do), and each lever alone with the leads planned."""

    months_left: tuple[str, ...]
    profit_needed: float
    plan_profit_left: float
    conversion_seen: float | None
    leads_planned: float
    leads: float | None
    new_clients: float | None
    levers: tuple[Requirement, ...]


@dataclass(frozen=True)
class Track:
    """The tracking of a plan: the months with actuals, the sums to date, the gap's split, alerts, forecast, re-plan."""

    months: tuple[TrackedMonth, ...]
    plan_months: tuple[str, ...]
    plan: tuple[Figures, ...]   # every month's plan, those with actuals and those left
    clients_start: float
    target_profit: float
    tolerance: float
    to_date_plan: Figures
    to_date_actual: Figures
    to_date_plan_levers: Levers
    to_date_actual_levers: Levers
    contributions: Mapping[str, float]
    steps: tuple[float, ...]
    alerts: tuple[Alert, ...]
    largest_shortfall: Shortfall | None
    forecast: Forecast
    replan: Replan | None

    @property
    def gap(self) -> float:
        return self.to_date_actual.profit - self.to_date_plan.profit

    @property
    def months_with_actuals(self) -> tuple[str, ...]:
        return tuple(m.month for m in self.months)


def _ratio(a: float, b: float) -> float | None:
    return a / b if b else None


def levers_of(month: Figures, clients_start: float, cumulative: Figures) -> Levers:
    """A month's levers; `cumulative` holds the flows to date (new clients to date for the retention factor)."""
    base = clients_start + cumulative.new_clients
    return Levers(
        leads=month.leads,
        conversion=_ratio(month.new_clients, month.leads),
        retention=_ratio(month.active_clients, base),
        avg_check=_ratio(month.revenue, month.active_clients),
        margin=_ratio(month.profit, month.revenue),
        rev_per_employee=_ratio(month.revenue, month.headcount),
    )


def _log_mean(a: float, b: float) -> float:
    """The logarithmic mean L(a, b) = (a − b) / (ln a − ln b), L(a, a) = a; a and b above 0."""
    d = math.log1p((a - b) / b)
    return (a - b) / d if d else (a + b) / 2


def _split_product(after: Sequence[float], before: Sequence[float]) -> list[float]:
    """The change of a product of three factors split among them, adding up to the product's change: LMDI when every
    factor is above 0, else Shapley (each factor's change averaged over the orders of change)."""
    if all(x > 0 for x in (*after, *before)):
        weight = _log_mean(math.prod(after), math.prod(before))
        return [weight * math.log(a / b) for a, b in zip(after, before)]
    out = []
    for i in range(3):
        j, k = [n for n in range(3) if n != i]
        d = after[i] - before[i]
        out.append(d * ((before[j] * before[k] + after[j] * after[k]) / 3
                        + (before[j] * after[k] + after[j] * before[k]) / 6))
    return out


def _split_new_clients(term: float, after: Sequence[float], before: Sequence[float]) -> tuple[float, list[float]]:
    """The new clients' term split between the leads and each conversion step, from the stages to date."""
    steps = len(after) - 1
    if term == 0:
        return 0.0, [0.0] * steps
    for j, (a, b) in enumerate(zip(after, before)):
        if a <= 0 or b <= 0:  # no log: the whole term to the lever at the first empty stage
            shares = [0.0] * steps
            if j == 0:
                return term, shares
            shares[j - 1] = term
            return 0.0, shares
    logs = [math.log(after[0] / before[0])] + [math.log((after[j + 1] / after[j]) / (before[j + 1] / before[j]))
                                                for j in range(steps)]
    total = sum(logs)
    if total == 0:  # the parts cancel in floating point while the term does not: the leads take it
        return term, [0.0] * steps
    return term * logs[0] / total, [term * x / total for x in logs[1:]]


def contributions_of(plan: Figures, actual: Figures, plan_cum: Figures, actual_cum: Figures,
                     clients_start: float) -> tuple[dict[str, float], tuple[float, ...]]:
    """A month's profit gap split by lever (see the module's rule); `*_cum` hold the stages to date.

    Active clients must be above 0 in plan and actual, and so must clients carried in plus new clients to date.
    """
    gap = actual.profit - plan.profit
    rp, ra = plan.revenue, actual.revenue
    mp = plan.profit / rp if rp else None
    ma = actual.profit / ra if ra else None
    if mp is None:
        mp = ma if ma is not None else 0.0
    if ma is None:
        ma = mp
    m_mid = (mp + ma) / 2
    revenue_term = m_mid * (ra - rp)
    margin = gap - revenue_term
    fp = clients_start + plan_cum.new_clients
    fa = clients_start + actual_cum.new_clients
    before = (rp / plan.active_clients, fp, plan.active_clients / fp)
    after = (ra / actual.active_clients, fa, actual.active_clients / fa)
    avg_check, clients, retention = (m_mid * x for x in _split_product(after, before))
    leads, steps = _split_new_clients(clients, actual_cum.stages, plan_cum.stages)
    return ({"leads": leads, "conversion": sum(steps), "retention": retention, "avg_check": avg_check,
             "margin": margin}, tuple(steps))


def _sum(months: Sequence[Figures]) -> Figures:
    """Flows summed, stocks at the last month."""
    last = months[-1]
    return Figures(stages=tuple(sum(m.stages[j] for m in months) for j in range(len(last.stages))),
                   active_clients=last.active_clients, revenue=sum(m.revenue for m in months),
                   profit=sum(m.profit for m in months), headcount=last.headcount)


def _alerts(names: Sequence[str], plan: Sequence[Levers], actual: Sequence[Levers], tolerance: float) -> tuple[Alert, ...]:
    alerts = []
    for metric in WATCHED:
        run: list[tuple[str, float]] = []
        runs = []
        for name, p, a in zip(names, plan, actual):
            pv, av = p.get(metric), a.get(metric)
            share = (av - pv) / abs(pv) if pv and av is not None else None
            if share is not None and abs(share) > tolerance:
                run.append((name, share))
                continue
            runs.append(run)
            run = []
        runs.append(run)
        for found in runs:
            if len(found) >= ALERT_RUN:
                alerts.append(Alert(metric, tuple(n for n, _ in found), tuple(s for _, s in found)))
    return tuple(alerts)


def _flows(f: Figures) -> dict[str, float]:
    return {"leads": f.leads, "new_clients": f.new_clients, "revenue": f.revenue, "profit": f.profit}


def replan_of(plan: Sequence[Figures], months: Sequence[str], done: int, clients_start: float, target: float,
              actual_to_date: Figures) -> Replan | None:
    """What the months after the first `done` need for the year's `target` (None when no month is left).

    The months left keep the plan's margin, revenue per active client and retention factor; their active clients
    are (S + new clients to date, actual + x times the plan's new clients of the months left) times that factor,
    so their profit is linear in x, and the x that reaches the target is exact.
    """
    if done >= len(plan):
        return None
    cum = [0.0] * len(plan)
    total = 0.0
    for i, f in enumerate(plan):
        total += f.new_clients
        cum[i] = total
    plan_new_done = cum[done - 1] if done else 0.0
    rest = range(done, len(plan))
    # Profit per active client of each month left, times its retention factor: m x c x k = P / (S + Ncum).
    weight = [plan[j].profit / (clients_start + cum[j]) if clients_start + cum[j] > 0 else 0.0 for j in rest]
    added = [cum[j] - plan_new_done for j in rest]
    base = clients_start + actual_to_date.new_clients
    needed = target - actual_to_date.profit
    fixed = sum(w * base for w in weight)          # the months left with no new client
    per_plan_new = sum(w * a for w, a in zip(weight, added))
    planned_profit = fixed + per_plan_new         # the months left as planned, from the clients actually won so far
    plan_left = sum(plan[j].profit for j in rest)
    leads_planned = sum(plan[j].leads for j in rest)
    new_planned = cum[-1] - plan_new_done
    seen = actual_to_date.new_clients / actual_to_date.leads if actual_to_date.leads else None
    x: float | None
    if needed <= fixed:
        x = 0.0
    elif per_plan_new > 0:
        x = (needed - fixed) / per_plan_new
    else:
        x = None
    new_clients = x * new_planned if x is not None else None
    leads = new_clients / seen if new_clients is not None and seen else (0.0 if new_clients == 0 else None)
    requirements = []
    plan_conv = new_planned / leads_planned if leads_planned else 0.0
    for lever in ("leads", "conversion"):
        planned = leads_planned if lever == "leads" else plan_conv
        if x is None:
            requirements.append(Requirement(lever, planned, None, None, "unreachable"))
        elif x == 0:
            requirements.append(Requirement(lever, planned, 0.0, 0.0, "covered"))
        else:
            value = planned * x
            reason = "above_100" if lever == "conversion" and value > 1 else None
            requirements.append(Requirement(lever, planned, x, None if reason else value, reason))
    # Margin, revenue per active client or retention alone scales the months' profit: a factor on all of it.
    factor = needed / planned_profit if planned_profit > 0 else None
    rest_revenue = sum(plan[j].revenue for j in rest)
    rest_clients = sum(plan[j].active_clients for j in rest)
    last = plan[-1]
    plan_values = {
        "retention": last.active_clients / (clients_start + cum[-1]) if clients_start + cum[-1] > 0 else 0.0,
        "avg_check": rest_revenue / rest_clients if rest_clients else 0.0,
        "margin": plan_left / rest_revenue if rest_revenue else 0.0,
    }
    for lever, planned in plan_values.items():
        if factor is None or planned <= 0:
            requirements.append(Requirement(lever, planned, None, None, "unreachable"))
            continue
        if factor <= 0:
            requirements.append(Requirement(lever, planned, 0.0, 0.0, "covered"))
            continue
        value = planned * factor
        reason = "above_100" if lever in ("retention", "margin") and value > 1 else None
        requirements.append(Requirement(lever, planned, factor, None if reason else value, reason))
    return Replan(months_left=tuple(months[j] for j in rest), profit_needed=needed, plan_profit_left=plan_left,
                  conversion_seen=seen, leads_planned=leads_planned, leads=leads, new_clients=new_clients,
                  levers=tuple(requirements))


def track(months: Sequence[str], plan: Sequence[Figures], actual: Sequence[Figures], *, clients_start: float,
          target_profit: float, tolerance: float = DEFAULT_TOLERANCE) -> Track:
    """The plan's `months` (all of them, `plan` their figures) tracked against `actual`, the figures of its first
    months (at least one, every stage count, active clients and headcount checked by the reader: active clients
    above 0, counts not below 0)."""
    if not actual or len(actual) > len(plan):
        raise ValueError(f"expected actuals for 1 to {len(plan)} months, got {len(actual)}")
    done = len(actual)
    tracked = []
    plan_levers, actual_levers = [], []
    for i in range(done):
        p_cum, a_cum = _sum(plan[:i + 1]), _sum(actual[:i + 1])
        shares, steps = contributions_of(plan[i], actual[i], p_cum, a_cum, clients_start)
        pl, al = levers_of(plan[i], clients_start, p_cum), levers_of(actual[i], clients_start, a_cum)
        plan_levers.append(pl)
        actual_levers.append(al)
        tracked.append(TrackedMonth(months[i], plan[i], actual[i], pl, al, shares, steps))
    to_plan, to_actual = _sum(plan[:done]), _sum(actual[:done])
    contributions = {lever: sum(m.contributions[lever] for m in tracked) for lever in LEVERS}
    n_steps = len(plan[0].stages) - 1
    steps = tuple(sum(m.steps[j] for m in tracked) for j in range(n_steps))

    def with_averages(f: Figures, rows: Sequence[Figures]) -> Levers:
        """The levers to date: rates of the sums; retention at the last month; revenue per client-month and per
        employee-month."""
        return Levers(leads=f.leads, conversion=_ratio(f.new_clients, f.leads),
                      retention=_ratio(f.active_clients, clients_start + f.new_clients),
                      avg_check=_ratio(f.revenue, sum(r.active_clients for r in rows)),
                      margin=_ratio(f.profit, f.revenue),
                      rev_per_employee=_ratio(f.revenue, sum(r.headcount for r in rows)))

    tp_levers, ta_levers = with_averages(to_plan, plan[:done]), with_averages(to_actual, actual[:done])
    gap = to_actual.profit - to_plan.profit
    shortfall = None
    worst = min(LEVERS, key=lambda lever: contributions[lever])
    if contributions[worst] < -NOISE * max(abs(to_plan.profit), abs(to_actual.profit), 1.0):
        pv, av = tp_levers.get(worst), ta_levers.get(worst)
        shortfall = Shortfall(worst, contributions[worst], contributions[worst] / gap if gap < 0 else None,
                              (av - pv) / abs(pv) if pv and av is not None else None)
    rest = plan[done:]
    plan_rest = {k: v + sum(_flows(f)[k] for f in rest) for k, v in _flows(to_actual).items()}
    run_rate = {k: v / done * len(plan) for k, v in _flows(to_actual).items()}
    return Track(
        months=tuple(tracked), plan_months=tuple(months), plan=tuple(plan), clients_start=clients_start,
        target_profit=target_profit, tolerance=tolerance, to_date_plan=to_plan, to_date_actual=to_actual, to_date_plan_levers=tp_levers,
        to_date_actual_levers=ta_levers, contributions=contributions, steps=steps,
        alerts=_alerts(months[:done], plan_levers, actual_levers, tolerance), largest_shortfall=shortfall,
        forecast=Forecast(plan_rest, run_rate),
        replan=replan_of(plan, months, done, clients_start, target_profit, to_actual),
    )


@dataclass(frozen=True)
class TrackResult:
    """One `leverage track` run: the tracking, and what its outputs name (the funnel's stages, each lever's owner,
    empty when the plan names none), the plan's currency and language, and every warning of the reading."""

    track: Track
    stage_names: tuple[str, ...]
    owners: Mapping[str, str]
    currency: str
    lang: str
    warnings: tuple[Notice, ...]
    lag: int = 0   # the plan's sales cycle, as its workbook says
