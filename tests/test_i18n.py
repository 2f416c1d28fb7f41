"""Numbers as each language writes them: grouped thousands, decimal commas, currency signs."""

import pytest

from leverage import i18n


@pytest.mark.parametrize("call, expected", [
    (lambda: i18n.number(1_200_000, 0, "en"), "1,200,000"),
    (lambda: i18n.number(1_200_000, 0, "ru"), "1 200 000"),
    (lambda: i18n.number(17_819.154, 2, "ru", i18n.NBSP), "17\u00a0819,15"),
    (lambda: i18n.percent(0.09490, 2, "en"), "9.49%"),
    (lambda: i18n.percent(0.09490, 2, "ru"), "9,49 %"),
    (lambda: i18n.money(1_200_000, "USD", "en"), "$1,200,000"),
    (lambda: i18n.money(1_200_000, "EUR", "en"), "1,200,000 €"),
    (lambda: i18n.money(1_200_000, "USD", "ru"), "1 200 000 $"),
    (lambda: i18n.money(1_200_000, "RUB", "ru"), "1 200 000 ₽"),
    (lambda: i18n.times(4.3347, "en"), "4.3×"),
    (lambda: i18n.times(4.3347, "ru"), "в 4,3 раза"),
    (lambda: i18n.times(2.0, "ru"), "в 2 раза"),
    (lambda: i18n.times(5.02, "ru"), "в 5 раз"),
    (lambda: i18n.times(12.0, "ru"), "в 12 раз"),
    (lambda: i18n.times(22.0, "ru"), "в 22 раза"),
])
def test_number_styles(call, expected):
    assert call() == expected
