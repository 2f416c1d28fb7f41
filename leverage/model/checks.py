"""Inputs that are possible but suspicious: warnings, not errors; the run goes on.

Each limit is a named constant with its reason. The warnings point at the cell
(or `--lever`) to check and say why the value looks wrong, in the same
`Sheet!C7 (metric): ...` form as errors. Pure functions of the model's numbers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..errors import Notice
from ..i18n import Digits, Pct, Translator, _, number, percent, translator
from .inputs import Change, Inputs, Levers
from .levers import LEVER_NAMES, is_rate, is_step, step_levers

# Net profit above 60 % of revenue is rare even for software; gross margin often is that high.
MAX_PLAUSIBLE_MARGIN = 0.60
# Almost no business keeps more than 98 % of its clients (old and new) through a year.
MAX_PLAUSIBLE_RETENTION = 0.98
# Revenue per employee a year, by currency: below the lower bound a business cannot pay its staff;
# above the upper bound even trading companies rarely are. Outside them, revenue is usually in the
# wrong unit (thousands, cents) or headcount is not a count of people.
REV_PER_EMPLOYEE_RANGE = {
    "USD": (5_000.0, 10_000_000.0),
    "EUR": (5_000.0, 10_000_000.0),
    "RUB": (300_000.0, 1_000_000_000.0),
}
# A lever that moves more than 5-fold in a year is rarely a plan; more often a typo (17.5k for 175k).
MAX_LEVER_FACTOR = 5.0
# No business counts a quadrillion of anything (dollars, roubles, clients, leads): a larger figure is a
# typo or a unit gone wrong, and the products of such figures leave what a computer's numbers can hold.
# Not a warning: a figure above it is refused where it is given (a cell, an option, a lever change).
MAX_FIGURE = 1e15
LARGER_THAN_ANY_BUSINESS = _("at most 1,000,000,000,000,000: a larger figure than any business has")


def too_large(value: float) -> bool:
    """True for a figure above MAX_FIGURE (either sign), an infinity or not a number."""
    return not math.isfinite(value) or abs(value) > MAX_FIGURE


# A target below a tenth of last year's profit, or above a hundred times it, is rarely a plan; more often
# a unit left out (1.2 for 1.2M) or a digit too many.
TARGET_RATIO_RANGE = (0.1, 100.0)


def input_warnings(inputs: Inputs) -> tuple[Notice, ...]:
    """Warnings about last year's figures (point A)."""
    notices = []
    margin = inputs.profit / inputs.revenue
    if margin > MAX_PLAUSIBLE_MARGIN:
        notices.append(Notice(inputs.source("profit"), "margin", _(
            "the margin is {margin} (profit {profit} / revenue {revenue}), above the {limit} that almost no "
            "business keeps as net profit; check that profit is net profit after all costs, not the contribution "
            "margin (revenue − variable costs)",
            margin=Pct(margin), profit=_Figure(inputs.profit), revenue=_Figure(inputs.revenue),
            limit=Pct(MAX_PLAUSIBLE_MARGIN, 0))))
    reached = inputs.clients_start + inputs.clients_new
    retention = inputs.clients_end / reached if reached else 0.0
    if retention > MAX_PLAUSIBLE_RETENTION:
        notices.append(Notice(inputs.source("clients_lost"), "retention", _(
            "retention is {retention} (active clients {end} / (clients at start {start} + new {new})), above the "
            "{limit} that almost no business keeps; check lost clients, which counts every client, old or new, "
            "who stopped buying during the year",
            retention=Pct(retention), end=_Figure(inputs.clients_end), start=_Figure(inputs.clients_start),
            new=_Figure(inputs.clients_new), limit=Pct(MAX_PLAUSIBLE_RETENTION, 0))))
    low, high = REV_PER_EMPLOYEE_RANGE.get(inputs.currency, REV_PER_EMPLOYEE_RANGE["USD"])
    per_employee = inputs.revenue / inputs.headcount
    figures = dict(per_employee=_Figure(per_employee), currency=inputs.currency, revenue=_Figure(inputs.revenue),
                   headcount=_Figure(inputs.headcount))
    if per_employee < low:
        notices.append(Notice(inputs.source("headcount"), "rev_per_employee", _(
            "revenue per employee is {per_employee} {currency} (revenue {revenue} / headcount {headcount}), far "
            "below the {low} {currency} a year a business needs to pay one employee; check that revenue is not in "
            "thousands and that headcount counts people", low=_Figure(low), **figures)))
    elif per_employee > high:
        notices.append(Notice(inputs.source("headcount"), "rev_per_employee", _(
            "revenue per employee is {per_employee} {currency} (revenue {revenue} / headcount {headcount}), far "
            "above the {high} {currency} a year that even trading companies rarely reach; check that revenue is "
            "not in cents or kopecks and that headcount is the whole team", high=_Figure(high), **figures)))
    return tuple(notices)


def change_warnings(inputs: Inputs, before: Levers, after: Levers, changes: Mapping[str, Change],
                    from_command_line: Iterable[str] = ()) -> tuple[Notice, ...]:
    """Warnings about lever changes that move a lever more than MAX_LEVER_FACTOR-fold, up or down.

    `changes` are the merged changes by lever; those named in `from_command_line`
    came from `--lever` and are located there, the others at their template cell.
    """
    given = set(from_command_line)
    notices = []
    levers = [name for name in LEVER_NAMES if name != "conversion"] + list(step_levers(len(before.conversions)))
    for lever in levers:
        # A step follows its own change if it has one, else the change to every step.
        cause = lever if lever in changes else "conversion" if is_step(lever) else None
        if cause is None or cause not in changes:
            continue
        old, new = before.get(lever), after.get(lever)
        if old <= 0 or new <= 0 or (is_rate(lever) and new > 1):
            continue  # infeasible: the point says why
        factor = new / old
        if 1 / MAX_LEVER_FACTOR <= factor <= MAX_LEVER_FACTOR:
            continue
        where = "--lever" if cause in given else inputs.source(f"lever_{cause}")
        params = dict(change=changes[cause].text, lever=lever, old=_Figure(old, is_rate(lever)),
                      new=_Figure(new, is_rate(lever)), limit=f"{MAX_LEVER_FACTOR:g}")
        if factor > 1:
            message = _('the change "{change}" takes {lever} from {old} to {new}, {factor} times last year\'s; a lever '
                        "rarely moves more than {limit}-fold in a year: check the change",
                        factor=Digits(f"{factor:.3g}"), **params)
        else:
            message = _('the change "{change}" takes {lever} from {old} to {new}, to 1/{factor} of last year\'s; a '
                        "lever rarely moves more than {limit}-fold in a year: check the change",
                        factor=Digits(f"{1 / factor:.3g}"), **params)
        notices.append(Notice(where, lever, message))
    return tuple(notices)


def target_warnings(inputs: Inputs, target: float | None, from_command_line: bool = False) -> tuple[Notice, ...]:
    """A warning when `target` is outside TARGET_RATIO_RANGE times last year's profit.

    Located at `--target-profit` when the target came from there, else at the template's cell.
    """
    if target is None or inputs.profit <= 0:
        return ()
    low, high = TARGET_RATIO_RANGE
    factor = target / inputs.profit
    if low <= factor <= high:
        return ()
    where = "--target-profit" if from_command_line else inputs.source("target_profit")
    params = dict(target=_Figure(target), profit=_Figure(inputs.profit), low=f"{1 / low:g}", high=f"{high:g}")
    if factor > 1:
        message = _("the target profit {target} is {times} times last year's profit ({profit}); a target is rarely "
                    "below 1/{low} of last year's profit or above {high} times it: check the figure and its unit "
                    "(1.2M, not 1.2)", times=_Figure(factor), **params)
    else:
        message = _("the target profit {target} is 1/{times} of last year's profit ({profit}); a target is rarely "
                    "below 1/{low} of last year's profit or above {high} times it: check the figure and its unit "
                    "(1.2M, not 1.2)", times=_Figure(1 / factor), **params)
    return (Notice(where, "target_profit", message),)


@dataclass(frozen=True)
class _Figure:
    """A figure as the warnings write it, in the language that renders them: a share as a percentage, an amount
    or count with its decimals only where it has them (and 1e-300 not as 0)."""

    value: float
    rate: bool = False

    def in_language(self, tr: Translator) -> str:
        return _rate(self.value, tr.lang) if self.rate else _money(self.value, tr.lang)

    def __str__(self) -> str:
        return self.in_language(translator("en"))


def _money(value: float, lang: str = "en") -> str:
    if 0 < abs(value) < 0.005:  # a profit of 1e-300 is not 0
        text = f"{value:.3g}"
        return text.replace(".", ",") if lang == "ru" else text
    return number(value, 0 if abs(value - round(value)) < 5e-7 or abs(value) >= 100 else 2, lang)


def _rate(share: float, lang: str = "en", decimals: int = 2) -> str:
    return percent(share, decimals, lang)


def _value(lever: str, value: float, lang: str = "en") -> str:
    return _rate(value, lang) if is_rate(lever) else _money(value, lang)
