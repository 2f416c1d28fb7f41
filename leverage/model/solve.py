"""The lever method's arithmetic: points A, B, B' and B'' (domain doc, section 3).

Pure functions of plain numbers: no files, no terminal. Every figure is exact;
rounding to whole units is a presentation rule (`model.whole_units`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import replace

from ..changes import combine, step_changes
from .checks import change_warnings, target_warnings
from .costs import cost_model, unit_contribution_reason
from .inputs import Change, CostModel, Infeasible, Inputs, Levers, Point, Reason, ScenarioPoint, Scenarios
from .levers import step_lever

# The reason of a point whose figures overflow (`finite`); `leverage.solve` refuses such a run (`refusals.refuse_overflow`).
NOT_FINITE = "not_finite"


def derive_levers(inputs: Inputs) -> Levers:
    """Point A's leading metrics from last year's figures (domain doc, section 2)."""
    active = inputs.clients_end
    counts = [stage.count for stage in inputs.funnel]
    return Levers(
        margin=inputs.profit / inputs.revenue,
        rev_per_employee=inputs.revenue / inputs.headcount,
        avg_check=inputs.revenue / active,
        retention=active / (inputs.clients_start + inputs.clients_new),
        conversions=tuple(later / earlier for earlier, later in zip(counts, counts[1:])),
    )


def apply_changes(levers: Levers, changes: Mapping[str, Change]) -> Levers:
    """The levers after the consultant's changes for point B'."""

    def changed(name: str, value: float) -> float:
        change = changes.get(name)
        return change.apply(value) if change else value

    steps = step_changes(changes, len(levers.conversions))
    return Levers(
        margin=changed("margin", levers.margin),
        rev_per_employee=changed("rev_per_employee", levers.rev_per_employee),
        avg_check=changed("avg_check", levers.avg_check),
        retention=changed("retention", levers.retention),
        conversions=tuple(
            change.apply(value) if change else value for value, change in zip(levers.conversions, steps)
        ),
    )


def infeasibility(levers: Levers, costs: CostModel | None = None) -> tuple[Reason, ...]:
    """Why these levers cannot carry a plan, or () when they can.

    With a cost structure the margin is an output; what must be positive instead
    is what a unit of revenue leaves after variable and staff costs.
    """
    reasons: list[Reason] = []
    if costs is not None:
        reason = unit_contribution_reason(costs, levers.rev_per_employee)
        reasons.extend([reason] if reason else [])
    elif levers.margin <= 0:
        reasons.append(Reason("margin_not_positive", "margin", levers.margin))
    elif levers.margin > 1:
        reasons.append(Reason("margin_above_100", "margin", levers.margin))
    for name in ("rev_per_employee", "avg_check"):
        value = levers.get(name)
        if value <= 0:
            reasons.append(Reason("not_positive", name, value))
    if levers.retention <= 0:
        reasons.append(Reason("retention_zero", "retention", levers.retention))
    elif levers.retention > 1:
        reasons.append(Reason("retention_above_100", "retention", levers.retention))
    for k, value in enumerate(levers.conversions, start=1):
        if value <= 0:
            reasons.append(Reason("conversion_zero", step_lever(k), value))
        elif value > 1:
            reasons.append(Reason("conversion_above_100", step_lever(k), value))
    return tuple(reasons)


def finite(point: Point) -> ScenarioPoint:
    """`point`, or the same point infeasible when a figure of it is not a finite number.

    Figures within MAX_FIGURE can still divide into infinities (a profit of 1e-300 gives a margin that
    no revenue reaches); such a point has no figures to show, and says which one overflowed.
    """
    figures = {"profit": point.profit, "revenue": point.revenue, "headcount": point.headcount,
               "clients_new": point.clients_new, "clients_end": point.clients_end, "leads": point.leads,
               **{f"funnel.{i}": count for i, count in enumerate(point.funnel, start=1)}}
    for name, value in figures.items():
        if not math.isfinite(value):
            return Infeasible(key=point.key, mode=point.mode, levers=point.levers, clients_start=point.clients_start,
                              reasons=(Reason(NOT_FINITE, name),))
    return point


def actual(inputs: Inputs, levers: Levers) -> Point:
    """Point A: last year as it was."""
    return Point(
        key="A", mode="actual", levers=levers, clients_start=inputs.clients_start,
        profit=inputs.profit, revenue=inputs.revenue, headcount=inputs.headcount,
        clients_new=inputs.clients_new, clients_end=inputs.clients_end,
        funnel=tuple(stage.count for stage in inputs.funnel),
    )


def back_calculate(key: str, target_profit: float, levers: Levers, clients_start: float,
                   costs: CostModel | None = None) -> ScenarioPoint:
    """What `target_profit` demands under `levers`, from the bottom of the funnel up.

    When the clients carried into the year already cover the target, no new
    clients (and so no leads) are needed, and the surplus is reported. With a
    cost structure, revenue is (P* + F) / (1 - v - c / rev_per_employee) and the
    point's margin is what results.
    """
    reasons = infeasibility(levers, costs)
    if reasons:
        return Infeasible(key=key, mode="back", levers=levers, clients_start=clients_start, reasons=reasons)
    if costs is None:
        revenue = target_profit / levers.margin
    else:
        revenue = costs.revenue_for(target_profit, levers.rev_per_employee)
        levers = replace(levers, margin=target_profit / revenue)
    clients_end = revenue / levers.avg_check
    needed = clients_end / levers.retention - clients_start
    clients_new = max(needed, 0.0)
    return finite(Point(
        key=key, mode="back", levers=levers, clients_start=clients_start,
        profit=target_profit, revenue=revenue, headcount=revenue / levers.rev_per_employee,
        clients_new=clients_new, clients_end=clients_end, clients_surplus=max(-needed, 0.0),
        funnel=funnel_up(clients_new, levers.conversions),
    ))


def funnel_up(clients_new: float, conversions: Iterable[float]) -> tuple[float, ...]:
    """Stage counts from paying new clients up to leads, returned leads first."""
    counts = [clients_new]
    for conversion in reversed(tuple(conversions)):
        counts.append(counts[-1] / conversion)
    return tuple(reversed(counts))


def forward(key: str, leads: float, levers: Levers, clients_start: float,
            costs: CostModel | None = None) -> ScenarioPoint:
    """What `leads` yield under `levers`, from the top of the funnel down."""
    reasons = infeasibility(levers, costs)
    if reasons:
        return Infeasible(key=key, mode="forward", levers=levers, clients_start=clients_start, reasons=reasons)
    counts = [leads]
    for conversion in levers.conversions:
        counts.append(counts[-1] * conversion)
    clients_new = counts[-1]
    clients_end = (clients_start + clients_new) * levers.retention
    revenue = clients_end * levers.avg_check
    if costs is None:
        profit = revenue * levers.margin
    else:
        profit = costs.profit_at(revenue, levers.rev_per_employee)
        levers = replace(levers, margin=profit / revenue)
    return finite(Point(
        key=key, mode="forward", levers=levers, clients_start=clients_start,
        profit=profit, revenue=revenue, headcount=revenue / levers.rev_per_employee,
        clients_new=clients_new, clients_end=clients_end, funnel=tuple(counts),
    ))


def target_of(inputs: Inputs, target_profit: float | None) -> float:
    """`target_profit`, else the template's: checked by the caller (`api.resolve_target`) to be there and above 0."""
    target = inputs.target_profit if target_profit is None else target_profit
    if target is None or not target > 0:
        raise ValueError(f"a target profit above 0 is needed, got {target!r}: check it first (leverage.api.resolve_target)")
    return target


def solve(
    inputs: Inputs,
    target_profit: float | None = None,
    changes: Iterable[tuple[str, Change]] = (),
) -> Scenarios:
    """Points A, B, B' and B'' for `inputs`.

    `target_profit` overrides the template's target; `changes` (lever, Change)
    override the template's change to the same lever, and changes repeated in
    `changes` compose in order. The numbers are checked ones: `leverage.solve` checks the
    target, the cost structure and the changes against the template before solving, and
    refuses figures that overflow after (`leverage.refusals`).
    """
    target = target_of(inputs, target_profit)
    given = list(changes)
    merged = combine(inputs.changes, given)

    costs = cost_model(inputs)  # None: the plain margin model
    levers_a = derive_levers(inputs)
    levers_b1 = apply_changes(levers_a, merged)
    carried = inputs.clients_end
    points = (
        actual(inputs, levers_a),
        back_calculate("B", target, levers_a, carried, costs),
        back_calculate("B'", target, levers_b1, carried, costs),
        forward("B''", inputs.leads, levers_b1, carried, costs),
    )
    warnings = (*target_warnings(inputs, target, from_command_line=target_profit is not None),
                *change_warnings(inputs, levers_a, levers_b1, merged, (lever for lever, _ in given)))
    return Scenarios(inputs=inputs, target_profit=target, changes=tuple(merged.items()), points=points, costs=costs,
                     warnings=(*inputs.warnings, *warnings))
