"""Reading numbers the way consultants type them: `1.2M`, `1 200 000`, `5,88 млн`, `75 %`.

One parser serves the CLI (`--target-profit 1.2M`) and the template reader (numbers
pasted as text), so both accept and refuse the same things. Ambiguous text is
refused with the reason rather than guessed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from .errors import BIDI
from .i18n import Message, _

# Zero-width spaces and joiners, the word joiner, a BOM, soft hyphens and direction marks: text pasted
# from web pages and exports carries them, invisible in the cell and meaningless in a number.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"))
# Thin spaces, no-break spaces and narrow no-break spaces all group thousands.
_SPACES = "\u0020\u00a0\u202f\u2009\u2007\u2008\u200a"

_SCALES = {
    "k": 1e3, "к": 1e3, "тыс": 1e3, "тысяч": 1e3, "тысячи": 1e3, "thousand": 1e3,
    "m": 1e6, "mn": 1e6, "mln": 1e6, "mio": 1e6, "million": 1e6, "м": 1e6, "млн": 1e6,
    "миллион": 1e6, "миллиона": 1e6, "миллионов": 1e6,
    "b": 1e9, "bn": 1e9, "billion": 1e9, "млрд": 1e9,
}
# Currency signs and codes typed beside a number, and the currency each names.
_CURRENCY_WORDS = {
    "usd": "USD", "$": "USD", "us$": "USD", "долл": "USD",
    "eur": "EUR", "€": "EUR",
    "rub": "RUB", "rur": "RUB", "руб": "RUB", "рублей": "RUB", "рубля": "RUB", "рубль": "RUB", "р": "RUB", "₽": "RUB",
}
_TOKEN = re.compile(r"^(?P<num>[+-]?\d[\d., ]*?(?:[eE][+-]?\d+)?)(?P<rest>(?<=\d) ?[^\d., ].*|)$")


# 01.02.2024, 1/2/24, 2024-02-01: dates typed as text, which would otherwise read as odd numbers.
_DATE = re.compile(r"\d{1,2}([./-])\d{1,2}\1\d{2}(?:\d{2})?|\d{4}-\d{1,2}-\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")


class NumberFormatError(ValueError):
    """Text that is not a number we can read; the message (a lazy `Message`) says what was expected.

    `clause` is what was expected without the verb (`a number such as 1200000`), for a message that
    names the field's own expectation first: `expected an amount above 0: a number such as 1200000`.
    """

    def __init__(self, message: Message, clause: Message | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.clause = clause


# The messages given in more than one place.
def _a_number() -> NumberFormatError:
    return NumberFormatError(_("expected a number"), _("a number"))


def _finite() -> NumberFormatError:
    return NumberFormatError(_("expected a finite number"), _("a finite number"))


def _such_as() -> NumberFormatError:
    return NumberFormatError(_("expected a number such as 1200000, 1 200 000 or 1.2M"),
                             _("a number such as 1200000, 1 200 000 or 1.2M"))


def visible(text: str) -> str:
    """The text without the invisible characters a number may carry (see `_INVISIBLE`)."""
    return text.translate(_INVISIBLE)


def check_signs(text: str) -> None:
    """Refuse text with more than one sign before its digits (`--22`, `-$-5`, `(-3)`, `+-5`, `- -5`): each
    reading of a doubled sign is a guess, and a wrong one flips the figure. Raises NumberFormatError."""
    head = re.split(r"\d", text.replace("\u2212", "-"), maxsplit=1)[0]
    signs = head.count("-") + head.count("+") + head.count("(")
    if signs > 1:
        raise NumberFormatError(
            _("expected one sign at most (+, - or accounting parentheses), found {signs}; write the one sign meant",
              signs=signs),
            _("one sign at most (+, - or accounting parentheses), found {signs}; write the one sign meant",
              signs=signs))


def _strip_currency(text: str, seen: dict[str, str] | None = None) -> str:
    """The text without the currency signs and codes at its ends; the currencies they name go into `seen`,
    each with the sign as typed ($, USD, руб.)."""
    lowered = text.lower()
    changed = True
    while changed:
        changed = False
        for word in sorted(_CURRENCY_WORDS, key=len, reverse=True):
            for candidate in (word + ".", word):
                if lowered.startswith(candidate) and (
                    not candidate[-1].isalpha() or not lowered[len(candidate):len(candidate) + 1].isalpha()
                ):
                    lowered = lowered[len(candidate):].strip()
                    changed = True
                    break
                if lowered.endswith(candidate) and (
                    not candidate[0].isalpha() or not lowered[-len(candidate) - 1:-len(candidate)].isalpha()
                ):
                    lowered = lowered[: -len(candidate)].strip()
                    changed = True
                    break
            if changed:
                if seen is not None:
                    seen.setdefault(_CURRENCY_WORDS[word], candidate.upper() if candidate.isascii() else candidate)
                break
    return lowered


def _decimal(num: str, whole: bool = False) -> float:
    """Read digits with `,` and `.` in either role, refusing what could be read two ways.

    With `whole`, a lone comma before three digits groups thousands: 5,300 clients
    cannot be 5.3.
    """
    mantissa, exp = num, ""
    match = re.match(r"^(.*?)([eE][+-]?\d+)$", num)
    if match:
        mantissa, exp = match.groups()
    sign = ""
    if mantissa[:1] in "+-":
        sign, mantissa = mantissa[0], mantissa[1:]
    if not mantissa or not re.fullmatch(r"[\d.,]+", mantissa) or not re.search(r"\d", mantissa):
        raise _a_number()
    commas, dots = mantissa.count(","), mantissa.count(".")
    if commas and dots:
        # The later of the two separators is the decimal one: 5,880,000.50 or 5.880.000,50.
        decimal_sep = "," if mantissa.rfind(",") > mantissa.rfind(".") else "."
        group_sep = "." if decimal_sep == "," else ","
        if mantissa.count(decimal_sep) > 1:
            raise NumberFormatError(_("expected one decimal separator"), _("one decimal separator"))
        integer, frac = mantissa.split(decimal_sep)
        _check_groups(integer.split(group_sep))
        mantissa = integer.replace(group_sep, "") + "." + frac
    elif commas or dots:
        sep = "," if commas else "."
        parts = mantissa.split(sep)
        if len(parts) > 2:
            _check_groups(parts)
            mantissa = "".join(parts)
        else:
            integer, frac = parts
            # "1,234" could group thousands or be a decimal comma; "1234,567" can only be the latter.
            if sep == "," and len(frac) == 3 and 0 < len(integer) <= 3 and integer != "0" and not exp:
                if not whole:
                    raise NumberFormatError(_(
                        'is ambiguous: "{integer},{frac}" may mean {integer}{frac} or {integer}.{frac}; '
                        "write {integer}{frac}, {integer} {frac} or {integer}.{frac}", integer=integer, frac=frac))
                mantissa = integer + frac
            else:
                mantissa = integer + "." + frac
    return float(sign + mantissa + exp)


def _check_groups(groups: list[str]) -> None:
    if not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
        raise NumberFormatError(_("expected digits grouped by threes, such as 5,880,000"),
                                _("digits grouped by threes, such as 5,880,000"))


def parse_number(text: str | float | int, *, allow_scale: bool = True, whole: bool = False) -> float:
    """Read a number typed as text; `%` is not accepted here (see `parse_rate`).

    See `parse_amount`, which also tells the currency the text names.
    """
    return parse_amount(text, allow_scale=allow_scale, whole=whole).value


@dataclass(frozen=True)
class Amount:
    """A number as typed, with the currency its sign or code names (`$` is USD, `руб.` RUB), if any."""

    value: float
    currency: str | None = None
    sign: str = ""


class TypedAmount(float):
    """An amount given as text, as a float that keeps the currency its sign or code named (`$1.2M`: 1200000.0,
    USD), so that a run can say when it differs from the template's."""

    currency: str | None
    sign: str

    def __new__(cls, value: float, currency: str | None = None, sign: str = "") -> TypedAmount:
        amount = super().__new__(cls, value)
        amount.currency, amount.sign = currency, sign
        return amount

    def __reduce__(self) -> tuple[type[TypedAmount], tuple[float, str | None, str]]:
        return (TypedAmount, (float(self), self.currency, self.sign))


def other_currency(sign: str, typed: str, currency: str) -> Message:
    """What a warning says of an amount typed with `sign` (naming `typed`) where the template's currency is
    `currency`: the figure is read as it stands, in the template's currency."""
    named = "" if sign == typed else f" ({typed})"
    return _('the amount is typed with "{sign}"{named}, but the template\'s currency is {currency}; it is '
             "read as {currency}: convert it, or set the template's currency to {typed}",
             sign=sign, named=named, currency=currency, typed=typed)


def parse_amount(text: str | float | int, *, allow_scale: bool = True, whole: bool = False) -> Amount:
    """Read an amount typed as text: the number, and the currency its sign or code names. Text naming two
    currencies (`$5 руб.`) is refused.

    Accepts grouping spaces (`5 880 000`), thousands commas (`5,880,000`), comma
    decimals (`9,5`), a currency sign or code on either side (`$1.2M`, `558 000 ₽`,
    `1 200 000 руб.`), scale words (`1.2M`, `850 тыс.`, `5,88 млн`) and exponents
    (`1.2e6`). Invisible characters pasted along (zero-width spaces, a BOM, soft
    hyphens) are dropped; direction overrides are refused, as the cell shows its
    digits out of order. More than one sign (`--22`, `(-3)`) is refused. A lone
    comma before three digits (`1,234`) could be either
    separator and is refused, unless `whole` says the number counts whole things
    (clients, leads): `5,300` is then 5300, as 5.3 clients cannot be. A date typed
    as text (`01.02.2024`, `2024-02-01`) is refused as a date. Raises
    NumberFormatError saying what was expected.
    """
    if isinstance(text, bool):
        raise NumberFormatError(_("expected a number, not a yes/no value"), _("a number, not a yes/no value"))
    if isinstance(text, (int, float)):
        value = float(text)
        if not math.isfinite(value):
            raise _finite()
        return Amount(value)
    if BIDI & set(text):
        # Bidi overrides make a cell show its characters in another order ("\u202e558000" shows as 000855):
        # what is read would not be what is seen.
        raise NumberFormatError(
            _("expected a number without direction controls, which make the cell show its digits out of order"),
            _("a number without direction controls, which make the cell show its digits out of order"))
    original = visible(text).strip()
    cleaned = original
    for space in _SPACES:
        cleaned = cleaned.replace(space, " ")
    cleaned = re.sub(r" +", " ", cleaned.replace("\u2212", "-").replace("'", "")).strip()
    if not cleaned:
        raise _a_number()
    if _DATE.fullmatch(cleaned):
        raise NumberFormatError(_("is a date, not a number"))
    check_signs(cleaned)
    negative = False
    if cleaned.startswith("(") and cleaned.endswith(")"):
        negative, cleaned = True, cleaned[1:-1].strip()
    if cleaned[:1] in "+-" and not cleaned[1:2].isdigit():
        # A sign before a currency sign: -$5, +€10.
        negative, cleaned = negative ^ (cleaned[0] == "-"), cleaned[1:].strip()
    seen: dict[str, str] = {}
    cleaned = _strip_currency(cleaned, seen)
    match = _TOKEN.match(cleaned)
    if not match:
        raise _such_as()
    number, rest = match.group("num").strip(), match.group("rest").strip()
    rest = _strip_currency(rest.rstrip(".").strip(), seen).rstrip(".").strip()
    scale = 1.0
    if rest:
        if not allow_scale or rest not in _SCALES:
            raise _such_as()
        scale = _SCALES[rest]
    if " " in number:
        # Spaces group thousands only: "1 200 000" or "5 880 000,50", never "12 34".
        groups = number.split(" ")
        last = re.split(r"[.,]", groups[-1], maxsplit=1)[0]
        if re.search(r"[.,]", "".join(groups[:-1])):
            raise NumberFormatError(_("expected digits grouped by threes, such as 5 880 000"),
                                    _("digits grouped by threes, such as 5 880 000"))
        _check_groups([groups[0].lstrip("+-")] + groups[1:-1] + [last])
        number = number.replace(" ", "")
    # A lone comma with three digits is a thousands group unless a scale word
    # follows: "5,880 млн" is 5.88 million; a bare "1,234" stays ambiguous.
    if scale != 1.0 and re.fullmatch(r"[+-]?\d+,\d+", number):
        number = number.replace(",", ".")
    value = _decimal(number, whole) * scale
    if not math.isfinite(value):
        raise _finite()
    if len(seen) > 1:
        *first, last = sorted(seen)
        raise NumberFormatError(_("expected one currency, but the text names {first} and {last}",
                                  first=" and ".join(first), last=last),
                                _("one currency, but the text names {first} and {last}",
                                  first=" and ".join(first), last=last))
    currency, sign = next(iter(seen.items()), (None, ""))
    return Amount(-value if negative else value, currency, sign)


def parse_rate(text: str | float | int, *, percent_formatted: bool = False) -> tuple[float, bool]:
    """Read a share: `75%`, `75 %`, `0.75`, `0,75`, or a bare `75`.

    Returns (share, ambiguous). A bare number above 1 is read as percent (75 means
    75 %); 1 and below as a share (0.75 means 75 %). `ambiguous` is True where both
    readings are plausible (a bare 1, meaning 100 % or 1 %), so callers can warn.
    A number from a cell formatted as percent is a share already.
    """
    if isinstance(text, bool):
        raise NumberFormatError(_("expected a percentage, not a yes/no value"), _("a percentage, not a yes/no value"))
    if isinstance(text, (int, float)):
        value = parse_number(text)
        if percent_formatted:
            return value, False
        return _bare_rate(value)
    cleaned = visible(text).strip()
    if cleaned.endswith("%"):
        return parse_number(cleaned[:-1], allow_scale=False) / 100.0, False
    return _bare_rate(parse_number(cleaned, allow_scale=False))


def _bare_rate(value: float) -> tuple[float, bool]:
    if abs(value) > 1:
        return value / 100.0, False
    return value, value == 1


def format_money(value: float, currency: str = "") -> str:
    """12,645,161 style, for the terminal."""
    text = f"{value:,.0f}"
    return f"{text} {currency}".strip()
