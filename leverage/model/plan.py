"""The monthly plan: point B' phased over the twelve months of the year (domain doc, section 10).

Pure: B' and a few settings in, months of plain numbers out. The rules:

- flows (every funnel stage, leads first, new clients, revenue, profit) are B''s annual figure
  times the month's seasonal share (the weights, normalised to sum to 1), so the twelve months
  add up to B''s year; each month keeps the chain: a stage is the stage before times its
  conversion, and profit is revenue times B''s margin;
- with a sales cycle (`lag` L months), the new clients of month m come from the leads of month
  m − L: the funnel's stages above the paying clients are dated in the leads' month, and the
  leads of the year's last L months feed the first L months of the year after, which repeats
  this one. The leads the year must start with (the pipeline, in the L months before the start)
  are those of the first L months' clients; the year's leads still add up to B''s;
- stocks end the year at B''s figures: active clients at the end of month m are
  (clients carried in + new clients so far) x retention^(m / 12), which is B''s
  (S + N) x r at month 12; when the clients carried in already exceed what the target needs
  (B' needs no new clients and reports a surplus), the retention here is B''s year-end clients
  / those carried in, so the year still ends at B''s. Headcount moves evenly from last year's to B''s;
- a plan of fewer than twelve months (`months` N) is the first N months of that year: its flows add
  up to the share of B''s year those months carry, its stocks stop at month N;
- with a ramp (`ramp` R months), the levers B' changes move from A's (`start`) to B''s: in month m
  (1-based) a lever is B''s − (B''s − A's) x (1 − min(1, m / (R + 1))), at A's in the pipeline's
  months. Profit stays that of the plan without the ramp, month by month (so the year still reaches
  B'); a month at a lower margin needs more revenue (revenue = profit / the month's margin), and a
  month at a lower margin, average check or retention needs more new clients: as many as a year at
  the month's levers would, N_m = (S + N − surplus) x d − S with d = (m c r at B') / (m c r of the
  month), in the month's seasonal share. The leads are what those clients need at the month's
  conversions; how many more than without the ramp is `extra_leads`. Active clients keep the
  month's retention (B''s kept share times the month's retention over B''s); headcount still moves evenly to B''s, as without the ramp.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .inputs import Levers, Point

if TYPE_CHECKING:
    from ..errors import Notice
    from .plan_scenarios import PlanScenarios
    from .result import Result

MONTHS = 12
MAX_LAG = MONTHS - 1


@dataclass(frozen=True)
class YearMonth:
    """A calendar month; `shifted(n)` is n months later (earlier for n < 0)."""

    year: int
    month: int  # 1 to 12

    def shifted(self, n: int) -> YearMonth:
        index = self.year * MONTHS + self.month - 1 + n
        return YearMonth(index // MONTHS, index % MONTHS + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class PlanMonth:
    """One month of the plan: `stages` are the funnel's counts, leads first, paying new clients last."""

    month: YearMonth
    stages: tuple[float, ...]
    new_clients: float
    active_clients: float
    revenue: float
    profit: float
    headcount: float

    @property
    def leads(self) -> float:
        return self.stages[0]


@dataclass(frozen=True)
class PipelineMonth:
    """A month before the plan's start: the stages above the paying clients the plan's first months need."""

    month: YearMonth
    stages: tuple[float, ...]

    @property
    def leads(self) -> float:
        return self.stages[0]


@dataclass(frozen=True)
class Plan:
    """B' by month: `months` add up to `year` (B'), `pipeline` holds the `lag` months before `start`."""

    year: Point
    start: YearMonth
    shares: tuple[float, ...]   # each month's share of the year's flows; they sum to 1
    lag: int
    months: tuple[PlanMonth, ...]
    pipeline: tuple[PipelineMonth, ...]
    ramp: int = 0
    # The leads of the plan's months and of the pipeline without the ramp: at B''s levers throughout.
    leads_without_ramp: float = 0.0
    pipeline_leads_without_ramp: float = 0.0
    # The levers the ramp moves (those A and B' differ in: "conversion.k", "avg_check", "margin", "retention").
    ramped: tuple[str, ...] = ()

    @property
    def extra_new_clients(self) -> float:
        """How many more new clients the plan's months need than B''s share of them: the ramp's lower levers."""
        return sum(m.new_clients for m in self.months) - self.year.clients_new * sum(self.shares[:len(self.months)])

    @property
    def pipeline_leads(self) -> float:
        return sum(m.leads for m in self.pipeline)

    @property
    def extra_leads(self) -> float:
        """How many more leads the ramp needs than B''s conversions would, in the plan's months and the pipeline."""
        return (sum(m.leads for m in self.months) - self.leads_without_ramp
                + self.pipeline_leads - self.pipeline_leads_without_ramp)


def seasonal_shares(weights: Sequence[float] | None) -> tuple[float, ...]:
    """Twelve shares summing to 1: even for None, else `weights` normalised.

    The weights are checked by the caller: twelve finite numbers, none below 0, their sum above 0.
    """
    if weights is None:
        return (1.0 / MONTHS,) * MONTHS
    if len(weights) != MONTHS or min(weights) < 0 or not sum(weights) > 0:
        raise ValueError(f"expected twelve weights, none below 0, summing above 0; got {list(weights)!r}")
    total = sum(weights)
    return tuple(w / total for w in weights)


def ramp_progress(m: int, ramp: int) -> float:
    """How far month m (0-based; before the start when negative) has moved from A's levers to B''s."""
    if m < 0:
        return 0.0 if ramp else 1.0
    return min(1.0, (m + 1) / (ramp + 1))


def ramped(before: float, after: float, progress: float) -> float:
    """A lever `progress` of the way from `before` to `after`: exactly `after` once progress is 1."""
    return after - (after - before) * (1 - progress)


def plan_of(point: Point, headcount_start: float, start: YearMonth, weights: Sequence[float] | None = None,
            lag: int = 0, *, months: int = MONTHS, ramp: int = 0, start_levers: Levers | None = None) -> Plan:
    """B' (`point`, feasible) phased by month from `start`; `headcount_start` is last year's headcount.

    `months`: the plan's length, 1 to 12; `ramp`: the months over which the levers move from
    `start_levers` (A's; needed when `ramp` > 0) to B''s.
    """
    if not 0 <= lag <= MAX_LAG:
        raise ValueError(f"expected a lag of 0 to {MAX_LAG} months, got {lag!r}")
    if not 1 <= months <= MONTHS or not 0 <= ramp <= months:
        raise ValueError(f"expected 1 to {MONTHS} months and a ramp of 0 to that many, got {months!r}, {ramp!r}")
    shares = seasonal_shares(weights)
    funnel = point.funnel
    upper = funnel[:-1]  # the stages above the paying clients, dated in the leads' month
    b = point.levers
    a = start_levers if start_levers is not None and ramp else b
    carried = point.clients_start
    # B''s (S + N) x r, or fewer clients when those carried in exceed the need (the surplus).
    kept = point.clients_end / (carried + point.clients_new) if carried + point.clients_new > 0 else 0.0
    needed = point.revenue / (b.avg_check * b.retention) if b.avg_check * b.retention > 0 else carried
    surplus = max(0.0, carried - needed)
    yield_b = b.margin * b.avg_check * b.retention

    def demand(m: int) -> float:
        """How many times B''s clients (before retention) month m's levers need: 1 at B''s levers and next year."""
        p = ramp_progress(m, ramp) if m < MONTHS else 1.0
        if p == 1:
            return 1.0
        here = (ramped(a.margin, b.margin, p) * ramped(a.avg_check, b.avg_check, p)
                * ramped(a.retention, b.retention, p))
        return yield_b / here if here > 0 else 1.0

    def clients_of(m: int, ramped_: bool = True) -> float:  # paying new clients of month m (0-based, cyclic)
        base = point.clients_new * shares[m % MONTHS]
        d = demand(m) if ramped_ else 1.0
        if d == 1:
            return base
        return max(0.0, point.clients_new - surplus + needed * (d - 1)) * shares[m % MONTHS]

    def conversions_of(m: int) -> tuple[float, ...]:
        p = ramp_progress(m, ramp)
        return tuple(ramped(x, y, p) for x, y in zip(a.conversions, b.conversions))

    def upper_of(m: int, ramped_: bool = True) -> tuple[float, ...]:
        """The stages above the paying clients in month m: those the clients of month m + lag need."""
        share = shares[(m + lag) % MONTHS]
        if not ramped_ or ramp == 0:
            return tuple(count * share for count in upper)
        rates = conversions_of(m)
        if not math.prod(rates) > 0:  # a stage A never converted: no lead count can make its clients
            return tuple(count * share for count in upper)
        stages = [clients_of(m + lag) / math.prod(rates)]
        for rate in rates[:-1]:
            stages.append(stages[-1] * rate)
        return tuple(stages)

    plan_months = []
    new_so_far = 0.0
    kept_so_far = 1.0  # the product of the months' retention so far, each a twelfth of a year's
    for m in range(months):
        p = ramp_progress(m, ramp)
        new = clients_of(m)
        new_so_far += new
        elapsed = (m + 1) / MONTHS
        kept_so_far *= ramped(a.retention, b.retention, p) / b.retention if b.retention > 0 else 1.0
        margin = ramped(a.margin, b.margin, p)
        revenue = point.revenue * shares[m] * (b.margin / margin if margin > 0 else 1.0)
        plan_months.append(PlanMonth(
            month=start.shifted(m),
            stages=(*upper_of(m), new),
            new_clients=new,
            active_clients=(carried + new_so_far) * kept ** elapsed * kept_so_far ** (1 / MONTHS),
            revenue=revenue,
            profit=revenue * margin,
            headcount=headcount_start + (point.headcount - headcount_start) * elapsed,
        ))
    pipeline = tuple(PipelineMonth(start.shifted(m), upper_of(m)) for m in range(-lag, 0))
    moved = tuple(name for name, x, y in (
        *((f"conversion.{k}", x, y) for k, (x, y) in enumerate(zip(a.conversions, b.conversions), start=1)),
        ("avg_check", a.avg_check, b.avg_check), ("margin", a.margin, b.margin),
        ("retention", a.retention, b.retention)) if x != y) if ramp else ()
    return Plan(year=point, start=start, shares=shares, lag=lag, months=tuple(plan_months), pipeline=pipeline,
                ramp=ramp, leads_without_ramp=sum(upper_of(m, False)[0] for m in range(months)),
                pipeline_leads_without_ramp=sum(upper_of(m, False)[0] for m in range(-lag, 0)), ramped=moved)


@dataclass(frozen=True)
class PlanResult:
    """One `leverage plan` run: the solved scenarios (their B' is the plan's year) and the plan by month.

    `warnings`: every warning of the run, the solve's (`Result.warnings`); `outlook`: the year's profit
    in the negative, base and positive scenarios (`plan_scenarios`).
    """

    scenarios: Result
    plan: Plan
    outlook: PlanScenarios | None = None
    # Who answers for each metric, by owner key (leads, conversion, retention, avg_check, margin,
    # rev_per_employee); a key without an owner is absent.
    owners: tuple[tuple[str, str], ...] = ()
    # The plan's own warnings (the seasonality's), after the solve's.
    notices: tuple[Notice, ...] = ()

    @property
    def warnings(self) -> tuple[Notice, ...]:
        return (*self.scenarios.warnings, *self.notices)

    @property
    def stage_names(self) -> tuple[str, ...]:
        return self.scenarios.stage_names
