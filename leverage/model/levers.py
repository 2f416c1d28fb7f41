"""The lever registry (a module of its own: `leverage.levers` is the API function): every lever's name, kind, and what may be done with it.

The model is wordless: this module holds names and kinds only; how a lever is
worded in each language is the translator's business, by name.

`conversion` changes (or ranges) every funnel step at once; `conversion.K` is step K
alone (1 = first stage to second). A step's name is parsed here and nowhere else:
`funnel_step("conversion.2")` is 2, `step_lever(2)` is "conversion.2".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["rate", "money", "count"]


@dataclass(frozen=True)
class Lever:
    """One lever: `kind` says how its values read (a share, an amount, a count of people).

    `changeable`: it may be changed for point B' (`--lever`, the template's changes).
    `range_rank`: its place in the simulation's fixed order of ranges (None: it cannot be ranged).
    """

    name: str
    kind: Kind
    changeable: bool = True
    range_rank: int | None = None

    @property
    def rangeable(self) -> bool:
        return self.range_rank is not None


# The registry, in the order levers are listed for changes.
LEVERS: tuple[Lever, ...] = (
    Lever("margin", "rate", range_rank=4),
    Lever("rev_per_employee", "money"),
    Lever("avg_check", "money", range_rank=2),
    Lever("retention", "rate", range_rank=3),
    Lever("conversion", "rate", range_rank=1),
    # Not a lever of B' but an input of B'' the simulation can range: the leads of the year.
    Lever("leads", "count", changeable=False, range_rank=0),
)
BY_NAME = {lever.name: lever for lever in LEVERS}

# What may be changed for B', in the registry's order; the rates and the amounts among them.
LEVER_NAMES = tuple(lever.name for lever in LEVERS if lever.changeable)
RATE_LEVERS = tuple(lever.name for lever in LEVERS if lever.changeable and lever.kind == "rate")
MONEY_LEVERS = tuple(lever.name for lever in LEVERS if lever.changeable and lever.kind == "money")
# What may be ranged for B'', in the simulation's order (the order fixes the draws).
RANGE_LEVERS = tuple(lever.name for lever in sorted((lv for lv in LEVERS if lv.rangeable), key=lambda lv: lv.range_rank or 0))

STEP_PREFIX = "conversion."
_STEP = re.compile(r"^conversion\.(\d+)$")


def funnel_step(name: str) -> int | None:
    """K of `conversion.K` (any K, even 0 or beyond the funnel: see `within_funnel`), else None."""
    match = _STEP.match(name)
    return int(match.group(1)) if match else None


def step_lever(k: int) -> str:
    """The lever of funnel step `k`: `conversion.k`."""
    return f"{STEP_PREFIX}{k}"


def step_levers(steps: int) -> tuple[str, ...]:
    """`conversion.1` to `conversion.<steps>`."""
    return tuple(step_lever(k) for k in range(1, steps + 1))


def within_funnel(name: str, steps: int | None) -> bool:
    """False for a funnel step this funnel of `steps` steps does not have (`conversion.3` of two steps, `conversion.0`);
    True for any other name, and for any step from 1 when the funnel is not known (`steps` None)."""
    k = funnel_step(name)
    return k is None or (k >= 1 and (steps is None or k <= steps))


def kind(name: str) -> Kind | None:
    """The kind of a lever or funnel step; None for a name that is neither."""
    if funnel_step(name) is not None:
        return "rate"
    lever = BY_NAME.get(name)
    return lever.kind if lever else None


def is_rate(name: str) -> bool:
    """A share (margin, retention, a conversion) rather than an amount or a count."""
    return kind(name) == "rate"


def is_step(name: str) -> bool:
    """`conversion.K`."""
    return funnel_step(name) is not None
