"""The lever method's arithmetic: points A, B, B' and B'' (domain doc, section 3).

Pure functions of plain numbers: no files, no terminal. Every figure is exact;
rounding to whole units is a presentation rule (`model.whole_units`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .changes import combine, step_changes
from .errors import InputError, Problem
from .model import Change, Inputs, Levers, Point, Reason, Scenarios
from .plausibility import change_warnings


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


def infeasibility(levers: Levers) -> tuple[Reason, ...]:
    """Why these levers cannot carry a plan, or () when they can."""
    reasons: list[Reason] = []
    if levers.margin <= 0:
        reasons.append(Reason(
            "margin_not_positive",
            f"margin is {levers.margin:.2%}: at zero or negative margin more revenue only multiplies the loss, "
            "so no volume reaches a profit target; fix the margin first",
            "margin", levers.margin,
        ))
    elif levers.margin > 1:
        reasons.append(Reason("margin_above_100", f"margin is {levers.margin:.2%}: profit cannot exceed revenue", "margin", levers.margin))
    for name in ("rev_per_employee", "avg_check"):
        value = getattr(levers, name)
        if value <= 0:
            reasons.append(Reason("not_positive", f"{name} is {value:,.2f}: it must be above 0", name, value))
    if levers.retention <= 0:
        reasons.append(Reason("retention_zero", f"retention is {levers.retention:.2%}: no client would stay to the end of the year", "retention", levers.retention))
    elif levers.retention > 1:
        reasons.append(Reason("retention_above_100", f"retention is {levers.retention:.2%}: more clients cannot stay than there were", "retention", levers.retention))
    for k, value in enumerate(levers.conversions, start=1):
        lever = f"conversion.{k}"
        if value <= 0:
            reasons.append(Reason("conversion_zero", f"{lever} is {value:.2%}: no one would pass this funnel step", lever, value))
        elif value > 1:
            reasons.append(Reason("conversion_above_100", f"{lever} is {value:.2%}: a stage cannot hold more than the one before it", lever, value))
    return tuple(reasons)


def actual(inputs: Inputs, levers: Levers) -> Point:
    """Point A: last year as it was."""
    return Point(
        key="A", mode="actual", levers=levers, clients_start=inputs.clients_start,
        profit=inputs.profit, revenue=inputs.revenue, headcount=inputs.headcount,
        clients_new=inputs.clients_new, clients_end=inputs.clients_end,
        funnel=tuple(stage.count for stage in inputs.funnel),
    )


def back_calculate(key: str, target_profit: float, levers: Levers, clients_start: float) -> Point:
    """What `target_profit` demands under `levers`, from the bottom of the funnel up.

    When the clients carried into the year already cover the target, no new
    clients (and so no leads) are needed, and the surplus is reported.
    """
    reasons = infeasibility(levers)
    if reasons:
        return Point(key=key, mode="back", levers=levers, clients_start=clients_start, feasible=False, reasons=reasons)
    revenue = target_profit / levers.margin
    clients_end = revenue / levers.avg_check
    needed = clients_end / levers.retention - clients_start
    clients_new = max(needed, 0.0)
    return Point(
        key=key, mode="back", levers=levers, clients_start=clients_start,
        profit=target_profit, revenue=revenue, headcount=revenue / levers.rev_per_employee,
        clients_new=clients_new, clients_end=clients_end, clients_surplus=max(-needed, 0.0),
        funnel=funnel_up(clients_new, levers.conversions),
    )


def funnel_up(clients_new: float, conversions: Iterable[float]) -> tuple[float, ...]:
    """Stage counts from paying new clients up to leads, returned leads first."""
    counts = [clients_new]
    for conversion in reversed(tuple(conversions)):
        counts.append(counts[-1] / conversion)
    return tuple(reversed(counts))


def forward(key: str, leads: float, levers: Levers, clients_start: float) -> Point:
    """What `leads` yield under `levers`, from the top of the funnel down."""
    reasons = infeasibility(levers)
    if reasons:
        return Point(key=key, mode="forward", levers=levers, clients_start=clients_start, feasible=False, reasons=reasons)
    counts = [leads]
    for conversion in levers.conversions:
        counts.append(counts[-1] * conversion)
    clients_new = counts[-1]
    clients_end = (clients_start + clients_new) * levers.retention
    revenue = clients_end * levers.avg_check
    return Point(
        key=key, mode="forward", levers=levers, clients_start=clients_start,
        profit=revenue * levers.margin, revenue=revenue, headcount=revenue / levers.rev_per_employee,
        clients_new=clients_new, clients_end=clients_end, funnel=tuple(counts),
    )


def solve(
    inputs: Inputs,
    target_profit: float | None = None,
    changes: Iterable[tuple[str, Change]] = (),
) -> Scenarios:
    """Points A, B, B' and B'' for `inputs`.

    `target_profit` overrides the template's target; `changes` (lever, Change)
    override the template's change to the same lever, and changes repeated in
    `changes` compose in order.
    """
    target = inputs.target_profit if target_profit is None else target_profit
    if target is None:
        raise InputError(Problem(
            inputs.source("target_profit"), "target_profit",
            "no target profit: fill it in the template or give --target-profit", has_seen=False,
        ))
    if target <= 0:
        raise InputError(Problem(inputs.source("target_profit"), "target_profit", "expected a target profit above 0", target))
    given = list(changes)
    merged = combine(inputs.changes, given)
    steps = len(inputs.funnel) - 1
    for lever in merged:
        if lever.startswith("conversion.") and int(lever.split(".")[1]) > steps:
            raise InputError(Problem(
                None, lever, f"this funnel has {steps} step(s); expected conversion.1 to conversion.{steps}", has_seen=False,
            ))
    levers_a = derive_levers(inputs)
    levers_b1 = apply_changes(levers_a, merged)
    carried = inputs.clients_end
    points = (
        actual(inputs, levers_a),
        back_calculate("B", target, levers_a, carried),
        back_calculate("B'", target, levers_b1, carried),
        forward("B''", inputs.leads, levers_b1, carried),
    )
    warnings = change_warnings(inputs, levers_a, levers_b1, merged, (lever for lever, _ in given))
    return Scenarios(inputs=inputs, target_profit=target, changes=tuple(merged.items()), points=points,
                     warnings=(*inputs.warnings, *warnings))
