"""Numbers as consultants type them, in English and Russian notation."""

import re

import pytest
from cases import DATES_AS_TEXT, NUMBER_REFUSALS
from hypothesis import given
from hypothesis import strategies as st

from leverage.numbers import NumberFormatError, parse_amount, parse_number, parse_rate


@pytest.mark.parametrize("text,value", [
    ("1.2M", 1_200_000), ("1200k", 1_200_000), ("1 200 000", 1_200_000), ("1,2M", 1_200_000),
    ("1.2e6", 1_200_000), ("$1.2M", 1_200_000), ("5\u00a0880\u00a0000", 5_880_000),
    ("5\u202f880\u202f000", 5_880_000), ("9,5", 9.5), ("5,880,000", 5_880_000),
    ("$5,880,000", 5_880_000), ("558 000 ₽", 558_000), ("1 200 000 руб.", 1_200_000),
    ("5.88M", 5_880_000), ("5,88 млн", 5_880_000), ("850 тыс.", 850_000), ("52.0", 52),
    ("  12  ", 12), ("1.2 млн руб.", 1_200_000), ("5000 USD", 5000), ("EUR 10", 10), ("€10", 10),
    ("558000р", 558_000), ("5 880 000,50", 5_880_000.5), ("5,880,000.50", 5_880_000.5),
    ("5.880.000,50", 5_880_000.5), ("(5)", -5), ("-$5", -5), ("\u22125", -5), (7, 7), (2.5, 2.5),
])
def test_reads(text, value):
    assert parse_number(text) == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("text,reason", NUMBER_REFUSALS)
def test_refuses_with_reason(text, reason):
    with pytest.raises(NumberFormatError, match=reason):
        parse_number(text)


@pytest.mark.parametrize("text,share,ambiguous", [
    ("75%", 0.75, False), ("75 %", 0.75, False), ("0.75", 0.75, False), ("0,75", 0.75, False),
    ("75", 0.75, False), ("5,5%", 0.055, False), ("1", 1.0, True), (0.75, 0.75, False), (75, 0.75, False),
])
def test_rates(text, share, ambiguous):
    assert parse_rate(text) == (pytest.approx(share), ambiguous)


def test_percent_formatted_cell_is_a_share_already():
    assert parse_rate(1.5, percent_formatted=True) == (1.5, False)


def _format(value: float, decimals: int, group: str, point: str) -> str:
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\0").replace(".", point).replace("\0", group)


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=2),
       st.sampled_from([(",", "."), (" ", ","), ("\u00a0", ","), ("\u202f", ","), ("", "."), ("", ",")]),
       st.sampled_from(["", "$", " ₽", " руб.", " USD", "€"]))
def test_formatted_numbers_parse_back(cents, decimals, separators, currency):
    """Whatever Excel in English or Russian shows, pasted back as text, reads as the same number."""
    value = cents / 100 if decimals else float(cents)
    group, point = separators
    text = _format(value, decimals, group, point)
    typed = text + currency if currency.startswith(" ") else currency + text
    if re.fullmatch(r"\d{1,3},\d{3}", text):
        # "1,234" could be 1234 or 1.234: refused by design, never guessed.
        with pytest.raises(NumberFormatError, match="ambiguous"):
            parse_number(typed)
    else:
        assert parse_number(typed) == pytest.approx(round(value, decimals), rel=1e-12, abs=1e-9)


@pytest.mark.parametrize("text,value", [
    ("5,300", 5300), ("52,000", 52_000), ("1,850", 1850), ("5,880,000", 5_880_000), ("52,0", 52), ("37", 37),
])
def test_whole_counts_read_a_lone_comma_as_thousands(text, value):
    """5,300 leads cannot be 5.3: in a whole-count cell the comma can only group thousands."""
    assert parse_number(text, whole=True) == value
    with pytest.raises(NumberFormatError, match="ambiguous") if re.fullmatch(r"\d{1,3},\d{3}", text) else _no_error():
        parse_number(text)


def test_ambiguity_quotes_the_text_typed():
    with pytest.raises(NumberFormatError) as caught:
        parse_number("5,300")
    assert str(caught.value) == 'is ambiguous: "5,300" may mean 5300 or 5.300; write 5300, 5 300 or 5.300'
    assert parse_number("1234,567") == pytest.approx(1234.567)  # four digits before the comma: a decimal comma


@pytest.mark.parametrize("text", DATES_AS_TEXT)
def test_dates_typed_as_text_are_refused_as_dates(text):
    with pytest.raises(NumberFormatError, match="^is a date, not a number$"):
        parse_number(text)


class _no_error:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


_LOCALES = [(",", "."), (" ", ","), ("\u00a0", ","), ("\u202f", ","), ("", "."), ("", ",")]


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=2),
       st.sampled_from(_LOCALES), st.sampled_from(["%", " %", "\u00a0%"]))
def test_formatted_percentages_parse_back(hundredths, decimals, separators, sign):
    """A percentage from 0 to 100 as English or Russian Excel shows it (75%, 7,5 %, 99,25 %) reads as its share."""
    value = hundredths / 100 if decimals else float(hundredths // 100)
    group, point = separators
    text = _format(value, decimals, group, point) + sign
    share, ambiguous = parse_rate(text)
    assert share == pytest.approx(round(value, decimals) / 100, rel=1e-12, abs=1e-12)
    assert not ambiguous


@given(st.integers(min_value=1, max_value=10_000), st.sampled_from(_LOCALES))
def test_bare_rates_follow_the_documented_rule(hundredths, separators):
    """A bare number above 1 is percent, 1 and below a share; only a bare 1 reads two ways."""
    value = hundredths / 100
    group, point = separators
    share, ambiguous = parse_rate(_format(value, 2, group, point))
    assert share == pytest.approx(value / 100 if value > 1 else value)
    assert ambiguous == (value == 1)


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(_LOCALES))
def test_formatted_whole_counts_parse_back(count, separators):
    """A whole count as either locale groups it, or with Excel's trailing decimals, reads as itself."""
    group, point = separators
    for text in (_format(float(count), 0, group, point), _format(float(count), 2, group, point)):
        assert parse_number(text, whole=True) == count


@given(st.integers(min_value=1, max_value=99_999), st.sampled_from([(".", "M", 1e6), (",", " млн", 1e6),
                                                                    (".", "k", 1e3), (",", " тыс.", 1e3)]))
def test_scale_words_parse_back(hundredths, scale):
    point, word, factor = scale
    value = hundredths / 100
    assert parse_number(f"{value:.2f}".replace(".", point) + word) == pytest.approx(value * factor, rel=1e-12)


@pytest.mark.parametrize("text,signs", [
    ("--22", 2), ("-$-5,880,000", 2), ("(-3)", 2), ("+-5", 2), ("- -5", 2), ("--1.2M", 2), ("(+$1.2M)", 2),
    ("\u2212-5", 2), ("((3))", 2), ("-+-1", 3), ("€--10", 2),
])
def test_more_than_one_sign_is_refused(text, signs):
    with pytest.raises(NumberFormatError, match=re.escape(f"found {signs};")):
        parse_number(text)
    with pytest.raises(NumberFormatError, match=re.escape(f"found {signs};")):
        parse_rate(text + "%")


@pytest.mark.parametrize("text,value", [("(3)", -3), ("-$5", -5), ("$-5", -5), ("+5", 5), ("1.2e-3", 0.0012),
                                        ("-1.2e+3", -1200), ("5\u200b880\u200b000", 5_880_000), ("\ufeff12", 12)])
def test_one_sign_and_invisible_characters_read(text, value):
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize("text,currency,sign", [
    ("$5", "USD", "$"), ("5 usd", "USD", "USD"), ("US$5", "USD", "US$"), ("€5", "EUR", "€"), ("EUR 5", "EUR", "EUR"),
    ("5 ₽", "RUB", "₽"), ("5 руб.", "RUB", "руб."), ("5р", "RUB", "р"), ("5 млн руб.", "RUB", "руб."),
    ("5", None, ""), (5.0, None, ""),
])
def test_amounts_tell_their_currency(text, currency, sign):
    amount = parse_amount(text)
    assert (amount.currency, amount.sign) == (currency, sign)
