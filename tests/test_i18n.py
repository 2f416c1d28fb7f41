"""The translator: numbers as each language writes them, plural forms from the catalog, lazy messages."""

import pytest

from leverage import i18n
from leverage.i18n import N_, Amount, Message, Num, Pct, Translator, _, translator

EN, RU = Translator("en"), Translator("ru", "RUB")


@pytest.mark.parametrize("call, expected", [
    (lambda: EN.number(17_819.154, 2), "17,819.15"),
    (lambda: RU.number(17_819.154, 2), "17 819,15"),
    (lambda: RU.number(17_819.154, 2, sentence=True), "17\u00a0819,15"),
    (lambda: EN.number(1_200_000), "1,200,000"),
    (lambda: RU.number(1_200_000), "1 200 000"),
    (lambda: EN.number(2.675, 2), "2.67"),  # the float's exact value, rounded as Python rounds it
    (lambda: EN.number(-0.4), "-0"),
    (lambda: EN.number(1e15, 0), "1.0e+15"),
    (lambda: RU.number(1e15, 0), "1,0e+15"),
    (lambda: EN.number(float("inf")), "∞"),
    (lambda: RU.number(float("-inf")), "-∞"),
    (lambda: EN.percent(0.09490), "9.49%"),
    (lambda: RU.percent(0.09490), "9,49 %"),
    (lambda: RU.percent(0.09490, sentence=True), "9,49\u00a0%"),
    (lambda: EN.money(1_200_000), "$1,200,000"),
    (lambda: Translator("en", "EUR").money(1_200_000), "1,200,000 €"),
    (lambda: Translator("en", "RUB").money(1_200_000), "1,200,000 ₽"),
    (lambda: Translator("ru", "USD").money(1_200_000), "1 200 000 $"),
    (lambda: RU.money(1_200_000), "1 200 000 ₽"),
    (lambda: RU.money(1_200_000, sentence=True), "1\u00a0200\u00a0000\u00a0₽"),
    (lambda: Translator("en", "GBP").money(1_200), "1,200 GBP"),
    (lambda: EN.currency_unit, "USD"),
    (lambda: RU.currency_unit, "₽"),
    (lambda: EN.times(4.3347), "4.3×"),
    (lambda: RU.times(4.3347), "в 4,3 раза"),
    (lambda: RU.times(1.0), "в 1 раз"),
    (lambda: RU.times(2.0), "в 2 раза"),
    (lambda: RU.times(5.02), "в 5 раз"),
    (lambda: RU.times(12.0), "в 12 раз"),
    (lambda: RU.times(21.0), "в 21 раз"),
    (lambda: RU.times(22.0), "в 22 раза"),
])
def test_formatting(call, expected):
    assert call() == expected


@pytest.mark.parametrize("call, expected", [
    (lambda: i18n.number(17_819.154, 2, "ru", i18n.NBSP), "17\u00a0819,15"),
    (lambda: i18n.percent(0.09490, 2, "ru"), "9,49 %"),
    (lambda: i18n.money(1_200_000, "EUR", "en"), "1,200,000 €"),
    (lambda: i18n.times(4.3347, "ru"), "в 4,3 раза"),
])
def test_the_functions_by_language_format_as_the_translator(call, expected):
    assert call() == expected


@pytest.mark.parametrize("n, en, ru", [
    (1, "1×", "в 1 раз"),
    (2, "2×", "в 2 раза"),
    (5, "5×", "в 5 раз"),
    (21, "21×", "в 21 раз"),
    (4.3, "4.3×", "в 4.3 раза"),  # a fraction takes the "few" form
])
def test_plural_forms_come_from_the_catalog(n, en, ru):
    assert EN.ngettext("{ratio}×", "{ratio}×", n, ratio=n) == en
    assert RU.ngettext("{ratio}×", "{ratio}×", n, ratio=n) == ru
    assert RU(N_("{ratio}×", "{ratio}×", n, ratio=n)) == ru


def test_translator_is_one_per_language_and_currency():
    assert translator("ru", "RUB") is translator("ru", "RUB")
    assert translator(None).lang == "en" and translator("de").lang == "en"
    assert (translator("ru", "EUR").lang, translator("ru", "EUR").currency) == ("ru", "EUR")


def test_a_message_is_lazy_and_its_str_is_the_english():
    message = _("{ratio} as a message", ratio=N_("{ratio}×", "{ratio}×", 3, ratio="3"))
    assert isinstance(message, Message) and message.msgid == "{ratio} as a message"
    assert str(message) == "3× as a message"
    assert RU(message) == "в 3 раза as a message"  # no translation: the msgid, its parameters translated
    with pytest.raises(AttributeError):
        message.msgid = "other"  # type: ignore[misc]


def test_lazy_numbers_format_in_the_language_that_renders_them():
    message = _("{n}; {share}; {amount}", n=Num(17_819.154, 2), share=Pct(0.0949), amount=Amount(1_200_000))
    assert str(message) == "17,819.15; 9.49%; $1,200,000"
    assert RU(message) == "17 819,15; 9,49 %; 1 200 000 ₽"
    assert RU(_("{x}", x=Amount(5, "USD"))) == "5 $"
    assert RU(_("{x}", x=Num(1000, sentence=True))) == "1\u00a0000"
