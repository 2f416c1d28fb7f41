"""The plan's three scenarios (the talk: positive, negative, middle): the year's profit of each.

Pure: a solved `Scenarios` in, three profits out. The middle is B′ itself (its profit is the
target). The other two:

- with lever ranges (the template's or `--range`), the P10 and the P90 profit of B″'s simulation
  (`Scenarios.uncertainty`): the year one time in ten worse, one time in ten better;
- without, B′'s changed levers (those whose value differs from A's) each 10 % worse and 10 % better
  at once, with B′'s leads, computed forward as B″ is. A rate cannot pass 100 %. When B′ changes
  no lever (the target is reached by leads alone), the leads move by 10 % instead.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from .inputs import Levers, Point, Scenarios
from .solve import forward

STEP = 0.1
Method = Literal["simulation", "levers"]


@dataclass(frozen=True)
class PlanScenario:
    """One scenario's year: its profit (None when its levers leave no year to compute, as a margin of 0)."""

    key: Literal["negative", "base", "positive"]
    profit: float | None


@dataclass(frozen=True)
class PlanScenarios:
    """The negative, base (B′) and positive years; `method` says where the outer two come from, `moved` which
    levers they move (the ranged ones for a simulation, B′'s changed ones otherwise, or `leads`)."""

    method: Method
    moved: tuple[str, ...]
    negative: PlanScenario
    base: PlanScenario
    positive: PlanScenario

    @property
    def all(self) -> tuple[PlanScenario, PlanScenario, PlanScenario]:
        return (self.negative, self.base, self.positive)


def changed_levers(before: Levers, after: Levers) -> tuple[str, ...]:
    """The levers `after` gives another value than `before`, by registry name (conversion.K for a step)."""
    names = [name for name in ("margin", "rev_per_employee", "avg_check", "retention")
             if getattr(before, name) != getattr(after, name)]
    names += [f"conversion.{k + 1}" for k, (a, b) in enumerate(zip(before.conversions, after.conversions)) if a != b]
    return tuple(names)


def moved_levers(levers: Levers, names: tuple[str, ...], factor: float) -> Levers:
    """`levers` with each of `names` times `factor`; retention and conversions at most 1."""
    values: dict[str, float] = {name: getattr(levers, name) * factor
                                for name in ("margin", "rev_per_employee", "avg_check") if name in names}
    if "retention" in names:
        values["retention"] = min(1.0, levers.retention * factor)
    conversions = tuple(min(1.0, c * factor) if f"conversion.{k + 1}" in names else c
                        for k, c in enumerate(levers.conversions))
    return replace(levers, conversions=conversions, **values)


def plan_scenarios(scenarios: Scenarios, base: Point, step: float = STEP) -> PlanScenarios:
    """The three years of the plan whose base (B′, feasible) is `base`."""
    middle = PlanScenario("base", base.profit)
    uncertainty = scenarios.uncertainty
    if uncertainty is not None:
        return PlanScenarios("simulation", tuple(lever for lever, _low, _high in uncertainty.ranges),
                             PlanScenario("negative", uncertainty.p10), middle,
                             PlanScenario("positive", uncertainty.p90))
    names = changed_levers(scenarios.actual.levers, base.levers)

    def profit(factor: float) -> float | None:
        leads = base.leads if names else base.leads * factor
        levers = moved_levers(base.levers, names, factor) if names else base.levers
        point = forward("plan", leads, levers, base.clients_start, scenarios.costs)
        return point.profit if isinstance(point, Point) else None

    return PlanScenarios("levers", names or ("leads",), PlanScenario("negative", profit(1 - step)), middle,
                         PlanScenario("positive", profit(1 + step)))
