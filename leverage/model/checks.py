"""Inputs that are possible but suspicious: warnings, not errors; the run goes on.

Each limit is a named constant with its reason. The warnings point at the cell
(or `--lever`) to check and say why the value looks wrong, in the same
`Sheet!C7 (metric): ...` form as errors. Pure functions of the model's numbers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from ..errors import Notice
from ..i18n import Text, number, percent
from .inputs import Change, Inputs, Levers
from .levers import LEVER_NAMES, is_rate, is_step, step_levers

# Net profit above 60 % of revenue is rare even for software; gross margin (маржа) often is that high.
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
LARGER_THAN_ANY_BUSINESS = Text(
    "at most 1,000,000,000,000,000: a larger figure than any business has",
    "не больше 1 000 000 000 000 000: больше, чем у любого бизнеса",
)


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
        notices.append(Notice(inputs.source("profit"), "margin", Text(
            f"the margin is {_rate(margin)} (profit {_money(inputs.profit)} / revenue {_money(inputs.revenue)}), "
            f"above the {MAX_PLAUSIBLE_MARGIN:.0%} that almost no business keeps as net profit; check that "
            "profit is net profit after all costs, not the contribution margin (revenue − variable costs)",
            f"маржинальность {_rate(margin, 'ru')} (прибыль {_money(inputs.profit, 'ru')} / выручка "
            f"{_money(inputs.revenue, 'ru')}) — выше {_rate(MAX_PLAUSIBLE_MARGIN, 'ru', 0)}: столько чистой прибыли "
            "почти ни у одного бизнеса не остаётся; проверьте, что прибыль чистая, после всех расходов, "
            "а не маржа (выручка − переменные расходы)",
        )))
    reached = inputs.clients_start + inputs.clients_new
    retention = inputs.clients_end / reached if reached else 0.0
    if retention > MAX_PLAUSIBLE_RETENTION:
        notices.append(Notice(inputs.source("clients_lost"), "retention", Text(
            f"retention is {_rate(retention)} (active clients {_money(inputs.clients_end)} / (clients at start "
            f"{_money(inputs.clients_start)} + new {_money(inputs.clients_new)})), above the "
            f"{MAX_PLAUSIBLE_RETENTION:.0%} that almost no business keeps; check lost clients, which counts "
            "every client, old or new, who stopped buying during the year",
            f"конверсия в удержание {_rate(retention, 'ru')} (постоянные клиенты {_money(inputs.clients_end, 'ru')} / (клиенты "
            f"на начало года {_money(inputs.clients_start, 'ru')} + новые {_money(inputs.clients_new, 'ru')})) "
            f"— выше {_rate(MAX_PLAUSIBLE_RETENTION, 'ru', 0)}: столько клиентов почти ни одному бизнесу не удаётся "
            "удержать; проверьте ушедших клиентов: это все клиенты, старые и новые, которые перестали покупать "
            "за год",
        )))
    low, high = REV_PER_EMPLOYEE_RANGE.get(inputs.currency, REV_PER_EMPLOYEE_RANGE["USD"])
    per_employee = inputs.revenue / inputs.headcount
    cur = inputs.currency
    ratio = (f"revenue per employee is {_money(per_employee)} {cur} (revenue {_money(inputs.revenue)} / "
             f"headcount {_money(inputs.headcount)})")
    ratio_ru = (f"выручка на сотрудника {_money(per_employee, 'ru')} {cur} (выручка {_money(inputs.revenue, 'ru')} / "
                f"численность {_money(inputs.headcount, 'ru')})")
    if per_employee < low:
        notices.append(Notice(inputs.source("headcount"), "rev_per_employee", Text(
            f"{ratio}, far below the {_money(low)} {cur} a year a business needs to pay one employee; check "
            "that revenue is not in thousands and that headcount counts people",
            f"{ratio_ru}: намного меньше {_money(low, 'ru')} {cur} в год, нужных, чтобы платить одному сотруднику; "
            "проверьте, что выручка не в тысячах и что численность считает людей",
        )))
    elif per_employee > high:
        notices.append(Notice(inputs.source("headcount"), "rev_per_employee", Text(
            f"{ratio}, far above the {_money(high)} {cur} a year that even trading companies rarely reach; "
            "check that revenue is not in cents or kopecks and that headcount is the whole team",
            f"{ratio_ru}: намного больше {_money(high, 'ru')} {cur} в год, которых редко достигают даже торговые "
            "компании; проверьте, что выручка не в центах или копейках и что численность — вся команда",
        )))
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
        moved = f"{factor:.3g} times" if factor > 1 else f"to 1/{1 / factor:.3g} of"
        moved_ru = f"×{factor:.3g}" if factor > 1 else f"до 1/{1 / factor:.3g}"
        moved_ru = moved_ru.replace(".", ",")
        notices.append(Notice(where, lever, Text(
            f'the change "{changes[cause].text}" takes {lever} from {_value(lever, old)} to {_value(lever, new)}, '
            f"{moved} last year's; a lever rarely moves more than {MAX_LEVER_FACTOR:g}-fold in a year: "
            "check the change",
            f"изменение «{changes[cause].text}» меняет {lever} с {_value(lever, old, 'ru')} на "
            f"{_value(lever, new, 'ru')} ({moved_ru} к прошлому году); рычаг редко меняется больше чем в "
            f"{MAX_LEVER_FACTOR:g} раз за год: проверьте изменение",
        )))
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
    times = _money(factor) if factor > 1 else _money(1 / factor)
    times_ru = _money(factor, "ru") if factor > 1 else _money(1 / factor, "ru")
    moved = f"{times} times last year's profit" if factor > 1 else f"1/{times} of last year's profit"
    moved_ru = f"в {times_ru} раз больше" if factor > 1 else f"в {times_ru} раз меньше"
    return (Notice(where, "target_profit", Text(
        f"the target profit {_money(target)} is {moved} ({_money(inputs.profit)}); a target is rarely below "
        f"1/{1 / low:g} of last year's profit or above {high:g} times it: check the figure and its unit "
        "(1.2M, not 1.2)",
        f"целевая прибыль {_money(target, 'ru')} {moved_ru} прибыли прошлого года ({_money(inputs.profit, 'ru')}); "
        f"цель редко бывает меньше 1/{1 / low:g} прибыли прошлого года или больше неё в {high:g} раз: "
        "проверьте число и его единицы (1.2M, а не 1.2)",
    )),)


def _money(value: float, lang: str = "en") -> str:
    if 0 < abs(value) < 0.005:  # a profit of 1e-300 is not 0
        text = f"{value:.3g}"
        return text.replace(".", ",") if lang == "ru" else text
    return number(value, 0 if abs(value - round(value)) < 5e-7 or abs(value) >= 100 else 2, lang)


def _rate(share: float, lang: str = "en", decimals: int = 2) -> str:
    return percent(share, decimals, lang)


def _value(lever: str, value: float, lang: str = "en") -> str:
    return _rate(value, lang) if is_rate(lever) else _money(value, lang)
