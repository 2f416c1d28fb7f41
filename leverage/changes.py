"""Lever changes as consultants write them: `avg_check=x2`, `retention=+5pp`, `margin=18%`.

A change is parsed into a `Change` (new = old * multiply + add, or a new value),
checked against the lever it names, and combined with other changes to the same
lever. The solver then applies them to point A's levers to get point B'.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .errors import ChangeError
from .i18n import Text, compose
from .model.inputs import Change
from .model.levers import LEVER_NAMES, funnel_step, is_rate, step_lever, within_funnel
from .numbers import NumberFormatError, check_signs, parse_number, parse_rate, visible

SYNTAX = Text(
    "x2 (multiply), +100% or -10% (relative), +5pp (percentage points, rates only), or a new value (175000, 175k, 18%)",
    "x2 (умножить), +100% или -10% (относительное изменение), +5pp (процентные пункты, только для долей) "
    "или новое значение (175000, 175k, 18%)",
)


def check_lever_name(lever: str, steps: int | None = None) -> str:
    """Return the canonical lever name or raise ChangeError listing the valid ones."""
    name = lever.strip().lower().replace("-", "_")
    if name in LEVER_NAMES:
        return name
    k = funnel_step(name)
    if k is not None:
        if not within_funnel(name, steps):
            which = f"this funnel has steps 1 to {steps}" if steps else "steps are numbered from 1"
            which_ru = f"в этой воронке шаги с 1 по {steps}" if steps else "шаги нумеруются с 1"
            raise ChangeError(Text(
                f'unknown funnel step "{lever}": {which} (conversion.1 = first stage to second)',
                f"неизвестный шаг воронки «{lever}»: {which_ru} (conversion.1 — переход с первого этапа на второй)",
            ))
        return step_lever(k)
    raise ChangeError(Text(
        f'unknown lever "{lever}": expected one of {", ".join(LEVER_NAMES)}, conversion.K',
        f"неизвестный рычаг «{lever}»: ожидался один из {', '.join(LEVER_NAMES)}, conversion.K",
    ))


def parse_change(lever: str, text: str | float | int) -> Change:
    """Parse what follows `lever=`; a number alone (from a template cell) is a new value."""
    rate = is_rate(lever)
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        value = float(text)
        if rate:
            value, _ = parse_rate(value)
        return _checked(lever, Change(set=value, text=_fmt(value, rate)))
    raw = str(text).strip()
    compact = visible(raw).replace(" ", "").replace("\u00a0", "").lower()
    if not compact:
        raise ChangeError(Text(f"{lever}: the change is empty; expected {SYNTAX}",
                               f"{lever}: изменение не указано; напишите {SYNTAX.ru}"))
    try:
        check_signs(compact)  # `--10%`, `+-5pp`, `x--2`: a doubled sign is refused, not guessed
        if compact[0] in "xх×*":  # Latin x, Cyrillic х, the multiplication sign
            factor = parse_number(compact[1:], allow_scale=False)
            if factor <= 0:
                raise ChangeError(Text(f'{lever}: "{raw}" multiplies by {factor:g}; expected a factor above 0',
                                       f"{lever}: «{raw}» умножает на {_g(factor, 'ru')}; множитель должен быть больше 0"))
            return _checked(lever, Change(multiply=factor, text=raw))
        if compact.endswith("pp") or compact.endswith("п.п.") or compact.endswith("пп"):
            if not rate:
                raise ChangeError(Text(
                    f'{lever}: "{raw}" is in percentage points, which apply to rates only (margin, retention, conversion); use +10% or x1.1',
                    f"{lever}: «{raw}» — это процентные пункты, а они применимы только к долям (margin, retention, "
                    "conversion); напишите +10% или x1.1",
                ))
            number = compact[: -2] if compact.endswith("pp") or compact.endswith("пп") else compact[:-4]
            if number[:1] not in "+-":
                raise ChangeError(Text(f'{lever}: "{raw}" needs a sign, such as +5pp or -2pp',
                                       f"{lever}: в «{raw}» нужен знак, например +5pp или -2pp"))
            return _checked(lever, Change(add=parse_number(number, allow_scale=False) / 100.0, text=raw))
        if compact[0] in "+-" and compact.endswith("%"):
            pct = parse_number(compact[:-1], allow_scale=False)
            if pct <= -100:
                raise ChangeError(Text(f'{lever}: "{raw}" would take the lever to zero or below',
                                       f"{lever}: «{raw}» уменьшит рычаг до нуля или ниже"))
            return _checked(lever, Change(multiply=1 + pct / 100.0, text=raw))
        if compact[0] in "+-":
            points = f"{compact}pp for percentage points, " if is_rate(lever) else ""
            points_ru = f"{compact}pp для процентных пунктов, " if is_rate(lever) else ""
            raise ChangeError(Text(
                f'{lever}: "{raw}" is a signed number; write {points}+10% for a relative change, or a plain new value',
                f"{lever}: «{raw}» — число со знаком; напишите {points_ru}+10% для относительного изменения "
                "или просто новое значение",
            ))
        if rate:
            value, _ = parse_rate(compact)
            return _checked(lever, Change(set=value, text=raw))
        if compact.endswith("%"):
            raise ChangeError(Text(
                f'{lever}: "{raw}" is a percentage, but {lever} is an amount; write +10% for a relative change or a new amount such as 175k',
                f"{lever}: «{raw}» — это процент, а {lever} — сумма; напишите +10% для относительного изменения "
                "или новую сумму, например 175k",
            ))
        return _checked(lever, Change(set=parse_number(compact), text=raw))
    except NumberFormatError as exc:
        raise ChangeError(compose('{lever}: cannot read "{raw}" ({why}); expected {syntax}',
                                  "{lever}: не удалось прочитать «{raw}» ({why}); напишите {syntax}",
                                  lever=lever, raw=raw, why=exc, syntax=SYNTAX)) from None


def ambiguous_rate(lever: str, text: str | float | int) -> Text | None:
    """A warning when a change to a rate reads two ways, else None (see `ambiguous_share`)."""
    return ambiguous_share(text) if is_rate(lever) else None


def ambiguous_share(text: str | float | int) -> Text | None:
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
    return Text(f'"{compact}" is read as 100 % (a bare number of 1 or less is a share); '
                "write 100% or 1% to say which is meant",
                f"«{compact}» читается как 100 % (число без знака % не больше 1 — это доля); "
                "напишите 100% или 1%, чтобы было ясно, что имеется в виду")


def _fmt(value: float, rate: bool) -> str:
    """A new value as the consultant would write it: 18% or 1750000, never 1.75e+06."""
    if rate:
        return f"{round(value * 100, 6):g}%"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def _g(value: float, lang: str = "en") -> str:
    """A factor or value as `:g` writes it, with a decimal comma in Russian."""
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "ru" else text


def _checked(lever: str, change: Change) -> Change:
    if change.set is not None and change.set <= 0:
        raise ChangeError(Text(f'{lever}: "{change.text}" sets it to {change.set:g}; expected a value above 0',
                               f"{lever}: «{change.text}» задаёт значение {_g(change.set, 'ru')}; "
                               "ожидалось значение больше 0"))
    if change.set is not None and is_rate(lever) and change.set > 1:
        raise ChangeError(Text(f'{lever}: "{change.text}" sets it above 100 %; expected a share up to 100 %',
                               f"{lever}: «{change.text}» задаёт значение выше 100 %; ожидалась доля не больше 100 %"))
    return change


def parse_assignment(text: str, steps: int | None = None) -> tuple[str, Change]:
    """Parse `NAME=CHANGE` as given to `--lever`."""
    if "=" not in text:
        raise ChangeError(Text(f'"{text}" is not NAME=CHANGE; for example avg_check=x2 or retention=+5pp',
                               f"«{text}» не записано как ИМЯ=ИЗМЕНЕНИЕ; например avg_check=x2 или retention=+5pp"))
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
        own = changes.get(step_lever(k))
        if every and own:
            result.append(every.then(own))
        else:
            result.append(own or every)
    return result
