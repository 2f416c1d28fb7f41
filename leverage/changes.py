"""Lever changes as consultants write them: `avg_check=x2`, `retention=+5pp`, `margin=18%`.

A change is parsed into a `Change` (new = old * multiply + add, or a new value),
checked against the lever it names, and combined with other changes to the same
lever. The solver then applies them to point A's levers to get point B'.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .errors import ChangeError
from .model import LEVER_NAMES, RATE_LEVERS, Change
from .numbers import NumberFormatError, parse_number, parse_rate

_STEP = re.compile(r"^conversion\.(\d+)$")

SYNTAX = "x2 (multiply), +100% or -10% (relative), +5pp (percentage points, rates only), or a new value (175000, 175k, 18%)"


def is_rate(lever: str) -> bool:
    return lever in RATE_LEVERS or bool(_STEP.match(lever))


def check_lever_name(lever: str, steps: int | None = None) -> str:
    """Return the canonical lever name or raise ChangeError listing the valid ones."""
    name = lever.strip().lower().replace("-", "_")
    if name in LEVER_NAMES:
        return name
    match = _STEP.match(name)
    if match:
        k = int(match.group(1))
        if k < 1 or (steps is not None and k > steps):
            which = f"this funnel has steps 1 to {steps}" if steps else "steps are numbered from 1"
            raise ChangeError(f'unknown funnel step "{lever}": {which} (conversion.1 = first stage to second)')
        return f"conversion.{k}"
    raise ChangeError(f'unknown lever "{lever}": expected one of {", ".join(LEVER_NAMES)}, conversion.K')


def parse_change(lever: str, text: str | float | int) -> Change:
    """Parse what follows `lever=`; a number alone (from a template cell) is a new value."""
    rate = is_rate(lever)
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        value = float(text)
        if rate:
            value, _ = parse_rate(value)
        return _checked(lever, Change(set=value, text=_fmt(value, rate)))
    raw = str(text).strip()
    compact = raw.replace(" ", "").replace("\u00a0", "").lower()
    if not compact:
        raise ChangeError(f"{lever}: the change is empty; expected {SYNTAX}")
    try:
        if compact[0] in "xх×*":  # Latin x, Cyrillic х, the multiplication sign
            factor = parse_number(compact[1:], allow_scale=False)
            if factor <= 0:
                raise ChangeError(f'{lever}: "{raw}" multiplies by {factor:g}; expected a factor above 0')
            return _checked(lever, Change(multiply=factor, text=raw))
        if compact.endswith("pp") or compact.endswith("п.п.") or compact.endswith("пп"):
            if not rate:
                raise ChangeError(f'{lever}: "{raw}" is in percentage points, which apply to rates only (margin, retention, conversion); use +10% or x1.1')
            number = compact[: -2] if compact.endswith("pp") or compact.endswith("пп") else compact[:-4]
            if number[:1] not in "+-":
                raise ChangeError(f'{lever}: "{raw}" needs a sign, such as +5pp or -2pp')
            return _checked(lever, Change(add=parse_number(number, allow_scale=False) / 100.0, text=raw))
        if compact[0] in "+-" and compact.endswith("%"):
            pct = parse_number(compact[:-1], allow_scale=False)
            if pct <= -100:
                raise ChangeError(f'{lever}: "{raw}" would take the lever to zero or below')
            return _checked(lever, Change(multiply=1 + pct / 100.0, text=raw))
        if compact[0] in "+-":
            points = f"{compact}pp for percentage points, " if is_rate(lever) else ""
            raise ChangeError(f'{lever}: "{raw}" is a signed number; write {points}+10% for a relative change, '
                              "or a plain new value")
        if rate:
            value, _ = parse_rate(compact)
            return _checked(lever, Change(set=value, text=raw))
        if compact.endswith("%"):
            raise ChangeError(f'{lever}: "{raw}" is a percentage, but {lever} is an amount; write +10% for a relative change or a new amount such as 175k')
        return _checked(lever, Change(set=parse_number(compact), text=raw))
    except NumberFormatError as exc:
        raise ChangeError(f'{lever}: cannot read "{raw}" ({exc}); expected {SYNTAX}') from None


def ambiguous_rate(lever: str, text: str | float | int) -> str | None:
    """A warning when a change to a rate reads two ways, else None (see `ambiguous_share`)."""
    return ambiguous_share(text) if is_rate(lever) else None


def ambiguous_share(text: str | float | int) -> str | None:
    """A warning when a share reads two ways, else None.

    A bare number sets a rate: above 1 it is percent (75 is 75 %), 1 and below a
    share (0.75 is 75 %). A bare 1 is read as 100 %, but 1 % may have been meant.
    """
    if isinstance(text, bool):
        return None
    shown = f"{text:g}" if isinstance(text, (int, float)) else str(text)
    compact = shown.strip().replace(" ", "").replace("\u00a0", "")
    if not isinstance(text, (int, float)) and not re.fullmatch(r"\d+(?:[.,]\d+)?", compact):
        return None
    try:
        _, ambiguous = parse_rate(text if isinstance(text, (int, float)) else compact)
    except NumberFormatError:
        return None
    if not ambiguous:
        return None
    return (f'"{compact}" is read as 100 % (a bare number of 1 or less is a share); '
            "write 100% or 1% to say which is meant")


def _fmt(value: float, rate: bool) -> str:
    """A new value as the consultant would write it: 18% or 1750000, never 1.75e+06."""
    if rate:
        return f"{round(value * 100, 6):g}%"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def _checked(lever: str, change: Change) -> Change:
    if change.set is not None and change.set <= 0:
        raise ChangeError(f'{lever}: "{change.text}" sets it to {change.set:g}; expected a value above 0')
    if change.set is not None and is_rate(lever) and change.set > 1:
        raise ChangeError(f'{lever}: "{change.text}" sets it above 100 %; expected a share up to 100 %')
    return change


def parse_assignment(text: str, steps: int | None = None) -> tuple[str, Change]:
    """Parse `NAME=CHANGE` as given to `--lever`."""
    if "=" not in text:
        raise ChangeError(f'"{text}" is not NAME=CHANGE; for example avg_check=x2 or retention=+5pp')
    name, _, change = text.partition("=")
    lever = check_lever_name(name, steps)
    return lever, parse_change(lever, change)


def combine(*groups: Iterable[tuple[str, Change]]) -> dict[str, Change]:
    """Merge change lists; a later group replaces an earlier group's change to the same
    lever, while changes within one group to the same lever compose in order."""
    merged: dict[str, Change] = {}
    for group in groups:
        own: dict[str, Change] = {}
        for lever, change in group:
            own[lever] = own[lever].then(change) if lever in own else change
        merged.update(own)
    return merged


def step_changes(changes: Mapping[str, Change], steps: int) -> list[Change | None]:
    """The change to each funnel step: `conversion` first, then `conversion.K` on top."""
    every = changes.get("conversion")
    result: list[Change | None] = []
    for k in range(1, steps + 1):
        own = changes.get(f"conversion.{k}")
        if every and own:
            result.append(every.then(own))
        else:
            result.append(own or every)
    return result
