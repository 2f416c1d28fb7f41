"""One translator per run: the gettext catalog of the run's language, and Babel's number formatting.

Messages are English msgids with named placeholders, translated in the catalog
`locale/<lang>/LC_MESSAGES/leverage.po` (extracted, updated and compiled with Babel: see the README's
Development section). Code that speaks now calls a `Translator`; code that speaks later (an error, a
warning) makes a lazy `Message` with `_()` or `N_()`, which the run's translator renders at the edge:

    raise InputError(_("expected a share between 0 and 100 %"))
    N_("{n} row", "{n} rows", count)
    translator("ru", "RUB")(message)              # the Russian
    str(message)                                  # the English

A message's parameters may be messages themselves, the lazy numbers `Num`, `Pct`, `Amount` and `Digits`,
or any object with an `in_language(translator)` method (a module's own figure style), which the translator
renders in its language when it renders the message. A fraction takes the plural form of 2 (Russian "few", as after 4,3).
"""

from __future__ import annotations

import functools
import gettext as _gettext
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import formatting
from .bilingual import Text, compose, in_lang
from .formatting import CURRENCY_SIGNS, NBSP

__all__ = [
    "Amount", "CURRENCY_SIGNS", "Digits", "LANGS", "Message", "N_", "NBSP", "Num",
    "Pct", "Text", "Translator", "_", "compose", "currency_unit", "in_lang",
    "money", "number", "percent", "pgettext_lazy", "sign_first", "times", "translator",
]

LANGS = ("en", "ru")
DOMAIN = "leverage"
LOCALE_DIR = Path(__file__).parent / "locale"


# --- lazy messages -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    """A message to be rendered later, in the language of the run: an English msgid and its parameters.

    `str(message)` is its English. `plural` and `n` make it a plural message (`N_`), `context` tells one
    English msgid with two Russian translations apart (`pgettext`).
    """

    msgid: str
    params: Mapping[str, object] = field(default_factory=dict, hash=False)
    plural: str | None = None
    n: float | None = None
    context: str | None = None

    def __str__(self) -> str:
        return translator("en")(self)

    def __add__(self, other: object) -> str:  # str(message) + "..." reads as the English
        return str(self) + str(other)

    def __radd__(self, other: object) -> str:
        return str(other) + str(self)


def _(msgid: str, /, **params: object) -> Message:
    """A lazy message: `_("{count} inputs are blank", count=3)`."""
    return Message(msgid, params)


def N_(singular: str, plural: str, n: float, /, **params: object) -> Message:
    """A lazy plural message; `n` (which may be a fraction) picks the form and is `{n}` unless given."""
    return Message(singular, params, plural, n)


def pgettext_lazy(context: str, msgid: str, /, **params: object) -> Message:
    """A lazy message with a context: the same English, another translation."""
    return Message(msgid, params, context=context)


@dataclass(frozen=True)
class Num:
    """A number to format in the run's language: 17,819.15 / 17 819,15."""

    value: float
    decimals: int = 0
    sentence: bool = False

    def __str__(self) -> str:
        return translator("en").number(self.value, self.decimals, sentence=self.sentence)


@dataclass(frozen=True)
class Pct:
    """A share to format as a percentage in the run's language: 9.49% / 9,49 %."""

    share: float
    decimals: int = 2
    sentence: bool = False

    def __str__(self) -> str:
        return translator("en").percent(self.share, self.decimals, sentence=self.sentence)


@dataclass(frozen=True)
class Amount:
    """An amount to format with the run's currency (or `currency`): $1,200,000 / 1 200 000 ₽."""

    value: float
    currency: str | None = None
    sentence: bool = False

    def __str__(self) -> str:
        return translator("en", self.currency or "USD").money(self.value, sentence=self.sentence)


@dataclass(frozen=True)
class Digits:
    """A number already written with a decimal point (`2.5`, `1.7e-307`), given its language's decimal sign."""

    text: str

    def in_language(self, tr: Translator) -> str:
        return self.text.replace(".", ",") if tr.lang == "ru" else self.text

    def __str__(self) -> str:
        return self.text


# --- the translator --------------------------------------------------------------------------------------------


@functools.cache
def _catalog(lang: str) -> _gettext.NullTranslations:
    if lang == "en":  # the msgids are the English
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang])


def _selector(n: float) -> int:
    """The integer gettext's plural formula picks a form by: a fraction takes the form of 2 (English "times",
    Russian "few", as after 4,3), which is what both languages' grammar wants."""
    if float(n).is_integer():
        return abs(int(n))
    return 2


class Translator:
    """Messages and numbers in one language and one currency: one per run (see `translator`)."""

    def __init__(self, lang: str | None, currency: str = "USD") -> None:
        self.lang = lang if lang in LANGS else "en"
        self.currency = currency
        self._catalog = _catalog(self.lang)
        self._space = NBSP  # in a sentence nothing wraps: not Russian thousands, nor "17,467,000 €" from its sign

    def __repr__(self) -> str:
        return f"Translator({self.lang!r}, {self.currency!r})"

    # Messages.

    def gettext(self, msgid: str, /, **params: object) -> str:
        """`msgid` in the translator's language, its placeholders filled with `params`."""
        return self._fill(self._catalog.gettext(msgid), params)

    def ngettext(self, singular: str, plural: str, n: float, /, **params: object) -> str:
        """The plural form `n` takes (one, few or many in Russian; a fraction takes "few"), filled with `params`."""
        params.setdefault("n", n)
        return self._fill(self._catalog.ngettext(singular, plural, _selector(n)), params)

    def pgettext(self, context: str, msgid: str, /, **params: object) -> str:
        """`msgid` as translated in `context` (the same English may need two Russian wordings)."""
        return self._fill(self._catalog.pgettext(context, msgid), params)

    def __call__(self, message: Message | str) -> str:
        """A lazy `Message` rendered in this language (a plain str is returned as it is)."""
        if not isinstance(message, Message):
            return str(message)
        params = dict(message.params)
        if message.plural is not None:
            assert message.n is not None
            params.setdefault("n", message.n)
            if message.context is not None:
                found = self._catalog.npgettext(message.context, message.msgid, message.plural, _selector(message.n))
            else:
                found = self._catalog.ngettext(message.msgid, message.plural, _selector(message.n))
        elif message.context is not None:
            found = self._catalog.pgettext(message.context, message.msgid)
        else:
            found = self._catalog.gettext(message.msgid)
        return self._fill(found, params)

    def _fill(self, template: str, params: Mapping[str, object]) -> str:
        if not params:
            return template
        return template.format(**{name: self.render(value) for name, value in params.items()})

    def render(self, value: object) -> object:
        """A message's parameter as it goes into the sentence: messages, lazy numbers, errors carrying a
        message and objects with an `in_language(translator)` method are rendered in this language; anything
        else goes in as it is."""
        if isinstance(value, Message):
            return self(value)
        if isinstance(value, Num):
            return self.number(value.value, value.decimals, sentence=value.sentence)
        if isinstance(value, Pct):
            return self.percent(value.share, value.decimals, sentence=value.sentence)
        if isinstance(value, Amount):
            return formatting.money(value.value, value.currency or self.currency, self.lang,
                                    self._space if value.sentence else " ")
        if callable(in_language := getattr(value, "in_language", None)):  # a lazy figure of a module's own style
            return in_language(self)
        if isinstance(value, BaseException):
            text = getattr(value, "text", None)
            return text(self.lang) if callable(text) else in_lang(value, self.lang)
        if isinstance(value, Text):
            return value.get(self.lang)
        return value

    # Numbers.

    def number(self, value: float, decimals: int = 0, *, sentence: bool = False) -> str:
        """`value` with thousands grouped: 17,819.15 / 17 819,15; 1.0e+15 from a quadrillion up."""
        return formatting.number(value, decimals, self.lang, self._space if sentence else " ")

    def percent(self, share: float, decimals: int = 2, *, sentence: bool = False) -> str:
        """A share as a percentage: 9.49% / 9,49 %."""
        return formatting.percent(share, decimals, self.lang, self._space if sentence else " ")

    def money(self, value: float, *, sentence: bool = False) -> str:
        """An amount in the translator's currency: $1,200,000 / 1 200 000 ₽ / 1,200,000 €."""
        return formatting.money(value, self.currency, self.lang, self._space if sentence else " ")

    def times(self, ratio: float) -> str:
        """A ratio above 1 as "4.3×" in English, in the catalog's Russian plural in Russian (one decimal, or none when it is whole)."""
        shown = self.number(ratio, 1)
        whole = shown.endswith((".0", ",0"))
        if whole:
            shown = shown[:-2]
        n = round(ratio) if whole else ratio
        return self.ngettext("{ratio}×", "{ratio}×", n, ratio=shown)

    @property
    def currency_unit(self) -> str:
        """The currency as table labels name it: USD in English, ₽ in Russian."""
        return formatting.currency_unit(self.currency, self.lang)

    @property
    def sign_first(self) -> bool:
        """Whether the currency's sign goes before the number ($1,200,000)."""
        return formatting.sign_first(self.currency, self.lang)


@functools.cache
def translator(lang: str | None, currency: str = "USD") -> Translator:
    """The translator of `lang` (English unless "ru") and `currency`, made once."""
    return Translator(lang, currency)


# --- the functions of the older interface, by language: kept for the output modules until they take a Translator.


def number(value: float, decimals: int = 0, lang: str = "en", space: str = " ") -> str:
    """`value` with thousands grouped in `lang`; `space` groups Russian thousands."""
    return formatting.number(value, decimals, lang, space)


def percent(share: float, decimals: int = 2, lang: str = "en", space: str = " ") -> str:
    """A share as a percentage in `lang`."""
    return formatting.percent(share, decimals, lang, space)


def money(value: float, currency: str, lang: str = "en", space: str = " ") -> str:
    """An amount with its currency sign where `lang` puts it."""
    return formatting.money(value, currency, lang, space)


def currency_unit(currency: str, lang: str) -> str:
    """The currency as a table's labels name it in `lang`."""
    return formatting.currency_unit(currency, lang)


def sign_first(currency: str, lang: str) -> bool:
    """Whether the currency's sign goes before the number in `lang`."""
    return formatting.sign_first(currency, lang)


def times(ratio: float, lang: str) -> str:
    """A ratio above 1 as `Translator.times` writes it."""
    return translator(lang).times(ratio)
