"""The lever method's arithmetic: points A, B, B' and B'' (domain doc, section 3).

Pure functions of plain numbers: no files, no terminal. Every figure is exact;
rounding to whole units is a presentation rule (`model.whole_units`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import replace

from .changes import combine, step_changes
from .costs import cost_model, refuse_margin_change, unit_contribution_reason
from .errors import InputError, OptionError, Problem
from .i18n import Digits, Num, _
from .model import MONEY_LEVERS, Change, CostModel, Inputs, Levers, Point, Reason, Scenarios
from .plausibility import change_warnings, target_warnings, too_large

# The reason of a point whose figures overflow (`finite`); `solve` refuses such a run (`refuse_overflow`).
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


def refuse_overflowing_changes(inputs: Inputs, before: Levers, after: Levers, changes: Mapping[str, Change],
                               from_command_line: Iterable[str] = ()) -> None:
    """Refuse a change that takes a money lever beyond MAX_FIGURE (`avg_check=x1e308`).

    A rate so changed is only infeasible (above 100 %), and the point says why; an amount has no
    such ceiling, and its products would leave what a float holds. A change from `--lever` is the
    command line's fault (exit code 2), one typed in the template is the template's, at its cell.
    """
    given = set(from_command_line)
    for lever in MONEY_LEVERS:
        if lever not in changes or not too_large(after.get(lever)):
            continue
        text = _('the change "{change}" takes {lever} from {old} to {new}; expected at most 1,000,000,000,000,000: '
                 "a larger figure than any business has",
                 change=changes[lever].text, lever=lever, old=Num(before.get(lever)), new=Num(after.get(lever)))
        if lever in given:
            raise OptionError(Problem("--lever", None, text, has_seen=False)).said_in(inputs.lang)
        raise InputError(Problem(inputs.source(f"lever_{lever}"), lever, text, has_seen=False)).said_in(inputs.lang)


def finite(point: Point) -> Point:
    """`point`, or the same point infeasible when a figure of it is not a finite number.

    Figures within MAX_FIGURE can still divide into infinities (a profit of 1e-300 gives a margin that
    no revenue reaches); such a point has no figures to show, and says which one overflowed.
    """
    figures = {"profit": point.profit, "revenue": point.revenue, "headcount": point.headcount,
               "clients_new": point.clients_new, "clients_end": point.clients_end, "leads": point.leads,
               **{f"funnel.{i}": count for i, count in enumerate(point.funnel, start=1)}}
    for name, value in figures.items():
        if value is not None and not math.isfinite(value):
            return Point(key=point.key, mode=point.mode, levers=point.levers, clients_start=point.clients_start,
                         feasible=False, reasons=(Reason(NOT_FINITE, _(
                             "{name} would be larger than any number that can be computed: check the inputs and "
                             "the lever changes for a figure far too small or too large", name=name), name),))
    return point


def refuse_overflow(inputs: Inputs, points: Iterable[Point], changes: Mapping[str, Change],
                    from_command_line: Iterable[str] = ()) -> None:
    """Refuse a run in which a point's figures are not finite (`finite`): the workbook's formulas could
    not hold them either. B has last year's levers, so the template's figures are at fault (a profit of
    1e-300 leaves a margin no revenue makes up); B′ and B″ differ from it by the lever changes.
    """
    for point in points:
        reason = next((r for r in point.reasons if r.code == NOT_FINITE), None)
        if reason is None:
            continue
        name = reason.lever
        if point.key == "B":
            margin = f"{inputs.profit / inputs.revenue:.3g}"  # 1.7e-307: a percentage would read 0.00%
            raise InputError(Problem(inputs.source("profit"), "margin", _(
                "the margin (profit / revenue) is {margin}, so small that the target needs a {name} larger than any "
                "number that can be computed; check profit and revenue for a figure far too small or too large",
                margin=Digits(margin), name=name), has_seen=False)).said_in(inputs.lang)
        text = _("the lever changes make {name} of {point} larger than any number that can be computed; "
                 "check them for a figure far too small or too large", name=name, point=point.key)
        given = [lever for lever in changes if lever in set(from_command_line)]
        if given:
            raise OptionError(Problem("--lever", None, text, has_seen=False)).said_in(inputs.lang)
        lever = next(iter(changes))
        raise InputError(Problem(inputs.source(f"lever_{lever}"), lever, text, has_seen=False)).said_in(inputs.lang)


def actual(inputs: Inputs, levers: Levers) -> Point:
    """Point A: last year as it was."""
    return Point(
        key="A", mode="actual", levers=levers, clients_start=inputs.clients_start,
        profit=inputs.profit, revenue=inputs.revenue, headcount=inputs.headcount,
        clients_new=inputs.clients_new, clients_end=inputs.clients_end,
        funnel=tuple(stage.count for stage in inputs.funnel),
    )


def back_calculate(key: str, target_profit: float, levers: Levers, clients_start: float,
                   costs: CostModel | None = None) -> Point:
    """What `target_profit` demands under `levers`, from the bottom of the funnel up.

    When the clients carried into the year already cover the target, no new
    clients (and so no leads) are needed, and the surplus is reported. With a
    cost structure, revenue is (P* + F) / (1 - v - c / rev_per_employee) and the
    point's margin is what results.
    """
    reasons = infeasibility(levers, costs)
    if reasons:
        return Point(key=key, mode="back", levers=levers, clients_start=clients_start, feasible=False, reasons=reasons)
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


def forward(key: str, leads: float, levers: Levers, clients_start: float, costs: CostModel | None = None) -> Point:
    """What `leads` yield under `levers`, from the top of the funnel down."""
    reasons = infeasibility(levers, costs)
    if reasons:
        return Point(key=key, mode="forward", levers=levers, clients_start=clients_start, feasible=False, reasons=reasons)
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


def optional_target(inputs: Inputs, target_profit: float | None) -> float | None:
    """`target_profit`, else the template's, else None; refused unless above 0."""
    target = inputs.target_profit if target_profit is None else target_profit
    if target is not None and target <= 0:
        raise InputError(Problem(
            inputs.source("target_profit"), "target_profit",
            _("expected a target profit above 0"), target,
        )).said_in(inputs.lang)
    return target


def resolve_target(inputs: Inputs, target_profit: float | None) -> float:
    """Like `optional_target`, but a missing target is an input error."""
    target = optional_target(inputs, target_profit)
    if target is None:
        raise InputError(Problem(
            inputs.source("target_profit"), "target_profit",
            _("no target profit: fill it in the template or give --target-profit"),
            has_seen=False,
        )).said_in(inputs.lang)
    return target


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
    target = resolve_target(inputs, target_profit)
    given = list(changes)
    merged = combine(inputs.changes, given)

    costs = cost_model(inputs)  # None: the plain margin model
    if costs is not None and "margin" in merged:
        refuse_margin_change(inputs, from_command_line=merged["margin"] != dict(inputs.changes).get("margin"))
    steps = len(inputs.funnel) - 1
    from_command_line = {lever for lever, _ in given}
    for lever in merged:
        if lever.startswith("conversion.") and int(lever.split(".")[1]) > steps:
            beyond = _("{lever}: this funnel has {steps} step(s); expected conversion.1 to conversion.{steps}",
                       lever=lever, steps=steps)
            if lever in from_command_line:
                raise OptionError(Problem("--lever", None, beyond, has_seen=False)).said_in(inputs.lang)
            raise InputError(Problem(inputs.source(f"lever_{lever}"), lever, beyond, has_seen=False)).said_in(inputs.lang)
    levers_a = derive_levers(inputs)
    levers_b1 = apply_changes(levers_a, merged)
    refuse_overflowing_changes(inputs, levers_a, levers_b1, merged, from_command_line)
    carried = inputs.clients_end
    points = (
        actual(inputs, levers_a),
        back_calculate("B", target, levers_a, carried, costs),
        back_calculate("B'", target, levers_b1, carried, costs),
        forward("B''", inputs.leads, levers_b1, carried, costs),
    )
    refuse_overflow(inputs, points, merged, from_command_line)
    warnings = (*target_warnings(inputs, target, from_command_line=target_profit is not None),
                *change_warnings(inputs, levers_a, levers_b1, merged, (lever for lever, _ in given)))
    return Scenarios(inputs=inputs, target_profit=target, changes=tuple(merged.items()), points=points, costs=costs,
                     warnings=(*inputs.warnings, *warnings))
