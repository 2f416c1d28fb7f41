"""Numbers, percentages and money in a language, formatted by Babel with the project's patterns.

English groups thousands with commas (17,819.15); Russian with a space and a decimal comma
(17 819,15). The Russian grouping space is a no-break space inside sentences (so a number never
wraps across two lines) and a plain space in terminal tables: `sentence` chooses.
"""

from __future__ import annotations

import decimal
import math

from babel.numbers import format_decimal

NBSP = "\u00a0"

# Where each currency's sign goes. English puts the dollar first and the euro and rouble after (as
# Excel's en-US formats for those currencies do); Russian puts every sign after the number. This is
# the project's choice, not Babel's (Babel writes €1,200,000 in English).
CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "RUB": "₽"}

# From a quadrillion up a number is written 1.0e+15, never with fifteen or three hundred digits.
_HUGE = 1e15


def _locale(lang: str) -> str:
    return "ru" if lang == "ru" else "en"


def number(value: float, decimals: int, lang: str, space: str) -> str:
    """`value` with its thousands grouped and `decimals` decimals, in `lang`; `space` groups Russian thousands."""
    if math.isinf(value):  # beyond any number a computer holds: the sign of infinity reads in every language
        return "-∞" if value < 0 else "∞"
    if math.isnan(value) or abs(value) >= _HUGE:
        text = f"{value:.1e}"
        return text.replace(".", ",") if lang == "ru" else text
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    # The float's exact value, rounded half to even: what Python's own formatting of a float gives.
    text = format_decimal(decimal.Decimal(value), format=pattern, locale=_locale(lang))
    return text.replace(NBSP, space) if lang == "ru" else text


def percent(share: float, decimals: int, lang: str, space: str) -> str:
    """A share as a percentage: 9.49% in English, 9,49 % in Russian."""
    text = number(share * 100, decimals, lang, space)
    return f"{text}{space}%" if lang == "ru" else f"{text}%"


def sign_first(currency: str, lang: str) -> bool:
    """Whether the currency's sign goes before the number: the dollar, in English."""
    return lang == "en" and currency == "USD"


def money(value: float, currency: str, lang: str, space: str) -> str:
    """An amount with its currency sign where each language puts it: $1,200,000, 1 200 000 ₽, 1,200,000 €."""
    text = number(value, 0, lang, space)
    sign = CURRENCY_SIGNS.get(currency)
    if sign is None:
        return f"{text}{space}{currency}"
    if sign_first(currency, lang):
        return f"{sign}{text}"
    return f"{text}{space}{sign}"


def currency_unit(currency: str, lang: str) -> str:
    """The currency as a table's labels name it: the sign (₽) in Russian, with the sign the workbook's figures
    carry (the code reads as foreign there); Profit, USD in English, where the code is the usual label."""
    return CURRENCY_SIGNS.get(currency, currency) if lang == "ru" else currency
