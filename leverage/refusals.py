"""What `leverage.solve` and `leverage.levers` refuse, at the template's cell or at the option given.

Before solving: a target that is missing or not above 0, a cost structure that cannot be used,
a change to the margin under a cost structure, a funnel step the funnel does not have, a change
that takes an amount beyond any business. After: a point whose figures overflow. The solver and
the analysis take the numbers so checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .changes import combine
from .errors import InputError, OptionError, Problem
from .i18n import Digits, Num, _
from .model.checks import too_large
from .model.costs import cost_model, cost_problems, refuse_margin_change
from .model.inputs import Change, Inputs, Levers, ScenarioPoint, Scenarios
from .model.levers import MONEY_LEVERS, within_funnel
from .model.solve import NOT_FINITE, apply_changes, derive_levers


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


def check_before_solving(inputs: Inputs, target_profit: float | None, changes: Iterable[tuple[str, Change]]) -> None:
    """Refuse what the solver cannot take: the target, the cost structure, the changes (see the module)."""
    resolve_target(inputs, target_profit)
    problems = cost_problems(inputs)
    if problems:
        raise InputError(problems).said_in(inputs.lang)
    given = list(changes)
    merged = combine(inputs.changes, given)
    if cost_model(inputs) is not None and "margin" in merged:
        refuse_margin_change(inputs, from_command_line=merged["margin"] != dict(inputs.changes).get("margin"))
    steps = len(inputs.funnel) - 1
    from_command_line = {lever for lever, _ in given}
    for lever in merged:
        if not within_funnel(lever, steps):
            beyond = _("{lever}: this funnel has {steps} step(s); expected conversion.1 to conversion.{steps}",
                       lever=lever, steps=steps)
            if lever in from_command_line:
                raise OptionError(Problem("--lever", None, beyond, has_seen=False)).said_in(inputs.lang)
            raise InputError(Problem(inputs.source(f"lever_{lever}"), lever, beyond, has_seen=False)).said_in(inputs.lang)
    levers_a = derive_levers(inputs)
    refuse_overflowing_changes(inputs, levers_a, apply_changes(levers_a, merged), merged, from_command_line)


def check_after_solving(scenarios: Scenarios, changes: Iterable[tuple[str, Change]]) -> None:
    """Refuse figures that overflow (`solver.finite`)."""
    refuse_overflow(scenarios.inputs, scenarios.points, dict(scenarios.changes), {lever for lever, _ in changes})


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


def refuse_overflow(inputs: Inputs, points: Iterable[ScenarioPoint], changes: Mapping[str, Change],
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
