"""Inputs that are possible but suspicious: warnings, not errors; the run goes on.

Each limit is a named constant with its reason. The warnings point at the cell
(or `--lever`) to check and say why the value looks wrong, in the same
`Sheet!C7 (metric): ...` form as errors. Pure functions of the model's numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .changes import is_rate
from .errors import Notice
from .model import Change, Inputs, Levers

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


def input_warnings(inputs: Inputs) -> tuple[Notice, ...]:
    """Warnings about last year's figures (point A)."""
    notices = []
    margin = inputs.profit / inputs.revenue
    if margin > MAX_PLAUSIBLE_MARGIN:
        notices.append(Notice(
            inputs.source("profit"), "margin",
            f"the margin is {margin:.2%} (profit {_money(inputs.profit)} / revenue {_money(inputs.revenue)}), "
            f"above the {MAX_PLAUSIBLE_MARGIN:.0%} that almost no business keeps as net profit; check that "
            "profit is net profit after all costs, not the contribution margin (revenue − variable costs)",
        ))
    reached = inputs.clients_start + inputs.clients_new
    retention = inputs.clients_end / reached if reached else 0.0
    if retention > MAX_PLAUSIBLE_RETENTION:
        notices.append(Notice(
            inputs.source("clients_lost"), "retention",
            f"retention is {retention:.2%} (active clients {_money(inputs.clients_end)} / (clients at start "
            f"{_money(inputs.clients_start)} + new {_money(inputs.clients_new)})), above the "
            f"{MAX_PLAUSIBLE_RETENTION:.0%} that almost no business keeps; check lost clients, which counts "
            "every client, old or new, who stopped buying during the year",
        ))
    low, high = REV_PER_EMPLOYEE_RANGE.get(inputs.currency, REV_PER_EMPLOYEE_RANGE["USD"])
    per_employee = inputs.revenue / inputs.headcount
    cur = inputs.currency
    ratio = (f"revenue per employee is {_money(per_employee)} {cur} (revenue {_money(inputs.revenue)} / "
             f"headcount {_money(inputs.headcount)})")
    if per_employee < low:
        notices.append(Notice(
            inputs.source("headcount"), "rev_per_employee",
            f"{ratio}, far below the {_money(low)} {cur} a year a business needs to pay one employee; check "
            "that revenue is not in thousands and that headcount counts people",
        ))
    elif per_employee > high:
        notices.append(Notice(
            inputs.source("headcount"), "rev_per_employee",
            f"{ratio}, far above the {_money(high)} {cur} a year that even trading companies rarely reach; "
            "check that revenue is not in cents or kopecks and that headcount is the whole team",
        ))
    return tuple(notices)


def change_warnings(inputs: Inputs, before: Levers, after: Levers, changes: Mapping[str, Change],
                    from_command_line: Iterable[str] = ()) -> tuple[Notice, ...]:
    """Warnings about lever changes that move a lever more than MAX_LEVER_FACTOR-fold, up or down.

    `changes` are the merged changes by lever; those named in `from_command_line`
    came from `--lever` and are located there, the others at their template cell.
    """
    given = set(from_command_line)
    notices = []
    levers = ["margin", "rev_per_employee", "avg_check", "retention"]
    levers += [f"conversion.{k}" for k in range(1, len(before.conversions) + 1)]
    for lever in levers:
        # A step follows its own change if it has one, else the change to every step.
        cause = lever if lever in changes else "conversion" if lever.startswith("conversion.") else None
        if cause not in changes:
            continue
        old, new = before.get(lever), after.get(lever)
        if old <= 0 or new <= 0 or (is_rate(lever) and new > 1):
            continue  # infeasible: the point says why
        factor = new / old
        if 1 / MAX_LEVER_FACTOR <= factor <= MAX_LEVER_FACTOR:
            continue
        where = "--lever" if cause in given else inputs.source(f"lever_{cause}")
        moved = f"{factor:.3g} times" if factor > 1 else f"to 1/{1 / factor:.3g} of"
        notices.append(Notice(
            where, lever,
            f'the change "{changes[cause].text}" takes {lever} from {_value(lever, old)} to {_value(lever, new)}, '
            f"{moved} last year's; a lever rarely moves more than {MAX_LEVER_FACTOR:g}-fold in a year: "
            "check the change",
        ))
    return tuple(notices)


def _money(value: float) -> str:
    return f"{value:,.0f}" if abs(value - round(value)) < 5e-7 or abs(value) >= 100 else f"{value:,.2f}"


def _value(lever: str, value: float) -> str:
    return f"{value:.2%}" if is_rate(lever) else _money(value)
