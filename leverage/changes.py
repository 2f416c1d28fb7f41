"""Lever changes as consultants write them: `avg_check=x2`, `retention=+5pp`, `margin=18%`.

A change is parsed into a `Change` (new = old * multiply + add, or a new value),
checked against the lever it names, and combined with other changes to the same
lever. The solver then applies them to point A's levers to get point B'.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .errors import ChangeError
from .i18n import Digits, Message, _
from .model.inputs import Change
from .model.levers import LEVER_NAMES, funnel_step, is_rate, step_lever, within_funnel
from .numbers import NumberFormatError, check_signs, parse_number, parse_rate, visible

SYNTAX = _("x2 (multiply), +100% or -10% (relative), +5pp (percentage points, rates only), or a new value "
           "(175000, 175k, 18%)")


def check_lever_name(lever: str, steps: int | None = None) -> str:
    """Return the canonical lever name or raise ChangeError listing the valid ones."""
    name = lever.strip().lower().replace("-", "_")
    if name in LEVER_NAMES:
        return name
    k = funnel_step(name)
    if k is not None:
        if not within_funnel(name, steps):
            if steps:
                raise ChangeError(_('unknown funnel step "{lever}": this funnel has steps 1 to {steps} '
                                    "(conversion.1 = first stage to second)", lever=lever, steps=steps))
            raise ChangeError(_('unknown funnel step "{lever}": steps are numbered from 1 '
                                "(conversion.1 = first stage to second)", lever=lever))
        return step_lever(k)
    raise ChangeError(_('unknown lever "{lever}": expected one of {levers}, conversion.K',
                        lever=lever, levers=", ".join(LEVER_NAMES)))


def parse_change(lever: str, text: str | float | int) -> Change:
    """Parse what follows `lever=`; a number alone (from a template cell) is a new value."""
    rate = is_rate(lever)
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        value = float(text)
        if rate:
            value = parse_rate(value)[0]
        return _checked(lever, Change(set=value, text=_fmt(value, rate)))
    raw = str(text).strip()
    compact = visible(raw).replace(" ", "").replace("\u00a0", "").lower()
    if not compact:
        raise ChangeError(_("{lever}: the change is empty; expected {syntax}", lever=lever, syntax=SYNTAX))
    try:
        check_signs(compact)  # `--10%`, `+-5pp`, `x--2`: a doubled sign is refused, not guessed
        if compact[0] in "xх×*":  # Latin x, Cyrillic х, the multiplication sign
            factor = parse_number(compact[1:], allow_scale=False)
            if factor <= 0:
                raise ChangeError(_('{lever}: "{raw}" multiplies by {factor}; expected a factor above 0',
                                    lever=lever, raw=raw, factor=Digits(f"{factor:g}")))
            return _checked(lever, Change(multiply=factor, text=raw))
        if compact.endswith("pp") or compact.endswith("п.п.") or compact.endswith("пп"):
            if not rate:
                raise ChangeError(_('{lever}: "{raw}" is in percentage points, which apply to rates only (margin, '
                                    "retention, conversion); use +10% or x1.1", lever=lever, raw=raw))
            number = compact[: -2] if compact.endswith("pp") or compact.endswith("пп") else compact[:-4]
            if number[:1] not in "+-":
                raise ChangeError(_('{lever}: "{raw}" needs a sign, such as +5pp or -2pp', lever=lever, raw=raw))
            return _checked(lever, Change(add=parse_number(number, allow_scale=False) / 100.0, text=raw))
        if compact[0] in "+-" and compact.endswith("%"):
            pct = parse_number(compact[:-1], allow_scale=False)
            if pct <= -100:
                raise ChangeError(_('{lever}: "{raw}" would take the lever to zero or below', lever=lever, raw=raw))
            return _checked(lever, Change(multiply=1 + pct / 100.0, text=raw))
        if compact[0] in "+-":
            if is_rate(lever):
                raise ChangeError(_('{lever}: "{raw}" is a signed number; write {compact}pp for percentage points, '
                                    "+10% for a relative change, or a plain new value",
                                    lever=lever, raw=raw, compact=compact))
            raise ChangeError(_('{lever}: "{raw}" is a signed number; write +10% for a relative change, or a plain '
                                "new value", lever=lever, raw=raw))
        if rate:
            value = parse_rate(compact)[0]
            return _checked(lever, Change(set=value, text=raw))
        if compact.endswith("%"):
            raise ChangeError(_('{lever}: "{raw}" is a percentage, but {lever} is an amount; write +10% for a relative '
                                "change or a new amount such as 175k", lever=lever, raw=raw))
        return _checked(lever, Change(set=parse_number(compact), text=raw))
    except NumberFormatError as exc:
        raise ChangeError(_('{lever}: cannot read "{raw}" ({why}); expected {syntax}',
                            lever=lever, raw=raw, why=exc.message, syntax=SYNTAX)) from None


def ambiguous_rate(lever: str, text: str | float | int) -> Message | None:
    """A warning when a change to a rate reads two ways, else None (see `ambiguous_share`)."""
    return ambiguous_share(text) if is_rate(lever) else None


def ambiguous_share(text: str | float | int) -> Message | None:
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
        ambiguous = parse_rate(text if isinstance(text, (int, float)) else compact)[1]
    except NumberFormatError:
        return None
    if not ambiguous:
        return None
    return _('"{compact}" is read as 100 % (a bare number of 1 or less is a share); '
             "write 100% or 1% to say which is meant", compact=compact)


def _fmt(value: float, rate: bool) -> str:
    """A new value as the consultant would write it: 18% or 1750000, never 1.75e+06."""
    if rate:
        return f"{round(value * 100, 6):g}%"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def _checked(lever: str, change: Change) -> Change:
    if change.set is not None and change.set <= 0:
        raise ChangeError(_('{lever}: "{change}" sets it to {value}; expected a value above 0',
                            lever=lever, change=change.text, value=Digits(f"{change.set:g}")))
    if change.set is not None and is_rate(lever) and change.set > 1:
        raise ChangeError(_('{lever}: "{change}" sets it above 100 %; expected a share up to 100 %',
                            lever=lever, change=change.text))
    return change


def parse_assignment(text: str, steps: int | None = None) -> tuple[str, Change]:
    """Parse `NAME=CHANGE` as given to `--lever`."""
    if "=" not in text:
        raise ChangeError(_('"{text}" is not NAME=CHANGE; for example avg_check=x2 or retention=+5pp', text=text))
    name, _sep, change = text.partition("=")
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
        own = changes.get(step_lever(k))
        if every and own:
            result.append(every.then(own))
        else:
            result.append(own or every)
    return result
