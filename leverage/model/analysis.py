"""Lever analysis: what each of the five profit levers is worth, and what each must reach.

Pure functions of plain numbers, like the solver. Profit follows the forward chain of
the domain doc (section 3):

    profit = (S + L × C) × r × c × m

with S the clients carried into the year, L leads, C the conversion from leads to
paying clients (the product of the funnel's step conversions), r retention, c the
average check and m the margin. With S = 0 this is the book's L × C × $ × # × M, so
raising all five by 15 % multiplies profit by 1.15^5 = 2.011 (domain doc, section 5).

Sensitivity starts from point A recomputed forward from its own levers (S = clients
at the start of last year), which gives last year's profit back, and raises each
lever alone by the step, then all five. `conversion` is the whole funnel's conversion:
every step is scaled by one factor, (1 + step)^(1/k) for k steps, so the funnel's
conversion rises by the step however finely the funnel is cut. A rate cannot pass
100 %: a rise that would take retention or margin above 100 %, or the highest funnel
step above 100 %, is capped there and flagged (`Rise.capped`).

Goal seek looks at next year: the clients carried in (A's active clients), A's leads
and A's other levers, and solves the chain for each lever alone, in closed form.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from ..errors import ChangeError, Notice
from ..i18n import Num, Translator, _, pgettext_lazy
from .checks import target_warnings
from .inputs import Inputs
from .levers import RANGE_LEVERS, is_rate, is_step, step_lever
from .solve import derive_levers

# The five factors of profit (leads x conversion x average check x retention x margin): the levers a range can take.
LEVERS = RANGE_LEVERS
RATES = tuple(lever for lever in LEVERS if is_rate(lever))
DEFAULT_STEP = 0.15
# A sensitivity step above +100,000 % is no question a consultant asks, and its profits leave what a float holds.
MAX_STEP = 1000.0

# Why a goal-seek value is infeasible or needs a word; `i18n` holds the sentences.
ABOVE_100 = "above_100"
STEP_ABOVE_100 = "step_above_100"
COVERED = "covered"
UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class LeverValues:
    """The five levers of one year and the clients carried into it."""

    clients_start: float
    leads: float
    conversion: float
    avg_check: float
    retention: float
    margin: float

    def profit(self) -> float:
        # The same operations in the same order as the workbook's formula, so that
        # levers tied in exact arithmetic stay tied in both.
        return (self.clients_start + self.leads * self.conversion) * self.retention * self.avg_check * self.margin

    def get(self, lever: str) -> float:
        return float(getattr(self, lever))


@dataclass(frozen=True)
class Rise:
    """One lever raised by the step (a rate at most to 100 %), and the profit it gives."""

    lever: str
    value_a: float
    value: float
    capped: bool
    profit: float
    change: float | None   # profit against the base, (profit - base) / |base|


@dataclass(frozen=True)
class Outcome:
    profit: float
    change: float | None


@dataclass(frozen=True)
class Requirement:
    """The value one lever alone must reach for the target next year.

    `required` is None when no value of this lever reaches the target; `reason` is
    one of ABOVE_100, STEP_ABOVE_100, COVERED, UNREACHABLE, or None.
    """

    lever: str
    value_a: float
    required: float | None
    change: float | None
    feasible: bool
    reason: str | None = None


@dataclass(frozen=True)
class LeverAnalysis:
    """Sensitivity (ranked, most profit first) and goal seek for one client."""

    inputs: Inputs
    step: float
    base: LeverValues
    base_profit: float
    sensitivity: tuple[Rise, ...]
    all_levers: Outcome
    target_profit: float | None
    next_year: LeverValues
    next_year_profit: float
    new_clients_needed: float | None = None
    goal_seek: tuple[Requirement, ...] = ()
    # The same warnings `solve` gives before its lever changes': the inputs' own, then the target's.
    warnings: tuple[Notice, ...] = ()


def relative(value: float, base: float) -> float | None:
    """(value - base) / |base|: the sign says better or worse even when base is a loss."""
    return (value - base) / abs(base) if base else None


def year_levers(inputs: Inputs, clients_start: float) -> LeverValues:
    levers = derive_levers(inputs)
    return LeverValues(
        clients_start=clients_start, leads=inputs.leads, conversion=levers.conversion_product,
        avg_check=levers.avg_check, retention=levers.retention, margin=levers.margin,
    )


def raise_lever(lever: str, values: LeverValues, conversions: tuple[float, ...], step: float) -> tuple[float, bool]:
    """The lever's value after the step and whether the 100 % ceiling capped it."""
    value = values.get(lever)
    if lever == "conversion":
        # One factor on every step; the highest step reaches 100 % first.
        k, top = len(conversions), max(conversions)
        capped = top * (1 + step) ** (1 / k) > 1
        return (value / top ** k if capped else value * (1 + step)), capped
    if lever in RATES:
        capped = value * (1 + step) > 1
        return (1.0 if capped else value * (1 + step)), capped
    return value * (1 + step), False


def rank_key(rise: Rise) -> tuple[float, int]:
    """Most profit first; profits equal to the cent keep the order of LEVERS."""
    return (-round(rise.profit, 2), LEVERS.index(rise.lever))


def sensitivity(base: LeverValues, conversions: tuple[float, ...], step: float) -> tuple[tuple[Rise, ...], Outcome]:
    """Each lever alone raised by `step`, ranked, and all five raised together."""
    base_profit = base.profit()
    rises, everything = [], {}
    for lever in LEVERS:
        value, capped = raise_lever(lever, base, conversions, step)
        everything[lever] = value
        profit = replace(base, **{lever: value}).profit()
        rises.append(Rise(lever, base.get(lever), value, capped, profit, relative(profit, base_profit)))
    all_profit = replace(base, **everything).profit()
    return tuple(sorted(rises, key=rank_key)), Outcome(all_profit, relative(all_profit, base_profit))


def goal_seek(year: LeverValues, conversions: tuple[float, ...], target: float) -> tuple[float | None, tuple[Requirement, ...]]:
    """New clients needed next year, and what each lever alone must reach for `target`.

    Closed forms of profit = (S + L × C) × r × c × m: the funnel levers must bring
    T / (r c m) - S new clients; retention, average check and margin scale profit
    in proportion. A value of zero or below is unreachable; a rate above 100 % is
    infeasible; when the clients carried in already cover the target, the funnel
    levers need nothing (required 0) and say so.
    """
    s, leads, c_total = year.clients_start, year.leads, year.conversion
    r, c, m = year.retention, year.avg_check, year.margin
    rcm = r * c * m
    needed = target / rcm - s if rcm > 0 else None
    if needed is not None and not math.isfinite(needed):
        needed = None  # the target divided by a tiny margin: no number of clients is enough
    clients = s + leads * c_total
    out: list[Requirement] = []

    def add(lever: str, value_a: float, required: float | None, limit: bool = False) -> None:
        if required is None or not math.isfinite(required):
            out.append(Requirement(lever, value_a, None, None, False, UNREACHABLE))
            return
        feasible = not (limit and required > 1)
        reason = None if feasible else ABOVE_100
        if feasible and needed is not None and needed <= 0 and (lever in ("leads", "conversion") or is_step(lever)):
            reason = COVERED
        change = relative(required, value_a)
        change = change if change is None or math.isfinite(change) else None  # a rise too large to be a number
        out.append(Requirement(lever, value_a, required, change, feasible, reason))

    funnel_ok = needed is not None and c_total > 0
    add("leads", leads, max(0.0, needed) / c_total if needed is not None and funnel_ok else None)
    conversion = max(0.0, needed) / leads if needed is not None and funnel_ok else None
    add("conversion", c_total, conversion)
    if conversion is not None and max(conversions) * (conversion / c_total) ** (1 / len(conversions)) > 1:
        out[-1] = replace(out[-1], feasible=False, reason=STEP_ABOVE_100)
    if len(conversions) > 1:
        for k, step in enumerate(conversions, start=1):
            add(step_lever(k), step, step * (conversion / c_total) if conversion is not None else None, limit=True)
    for lever, value_a, others in (("avg_check", c, clients * r * m), ("retention", r, clients * c * m), ("margin", m, clients * r * c)):
        add(lever, value_a, target / others if others > 0 else None, limit=lever in RATES)
    return needed, tuple(out)


class _Step:
    """A step as a percentage in the language that renders it (in English as `:.0%` writes it)."""

    def __init__(self, step: float) -> None:
        self.step = step

    def in_language(self, tr: Translator) -> str:
        return tr.percent(self.step, 0) if tr.lang == "ru" else str(self)

    def __str__(self) -> str:
        return f"{self.step:.0%}"


def check_step(step: float) -> float:
    """`step` if it is a usable rise (or fall); ChangeError otherwise."""
    if not math.isfinite(step) or step <= -1 or step == 0:
        if not math.isfinite(step):
            raise ChangeError(pgettext_lazy("a step that is not a number", "the step is {step}; expected a change other "
                                            "than 0 and above -100 %, such as 15%", step=f"{step:.0%}"))
        raise ChangeError(_("the step is {step}; expected a change other than 0 and above -100 %, such as 15%",
                            step=_Step(step)))
    if step > MAX_STEP:
        raise ChangeError(_("the step is {step} %; expected at most +{most} %, such as 15%",
                            step=Num(step * 100), most=Num(MAX_STEP * 100)))
    return step


def analyse(inputs: Inputs, target_profit: float | None = None, step: float = DEFAULT_STEP) -> LeverAnalysis:
    """Sensitivity of point A to each lever, and (given a target) the goal seek for next year.

    `target_profit` overrides the template's; without either, the goal seek is left out. The
    target is a checked number (`leverage.levers` checks it against the template: `api.optional_target`).
    """
    check_step(step)
    target = inputs.target_profit if target_profit is None else target_profit
    conversions = derive_levers(inputs).conversions
    base = year_levers(inputs, inputs.clients_start)
    ranked, together = sensitivity(base, conversions, step)
    next_year = year_levers(inputs, inputs.clients_end)
    needed, required = goal_seek(next_year, conversions, target) if target is not None else (None, ())
    return LeverAnalysis(
        inputs=inputs, step=step, base=base, base_profit=base.profit(), sensitivity=ranked, all_levers=together,
        target_profit=target, next_year=next_year, next_year_profit=next_year.profit(),
        new_clients_needed=needed, goal_seek=required,
        warnings=(*inputs.warnings, *target_warnings(inputs, target, from_command_line=target_profit is not None)),
    )
