"""Reading what people type (see `corpus`): numbers and rates as text, formulas, moved cells, lost names.

Every case goes through `leverage solve` (corpus.solve checks that the input is
unchanged, that there is no traceback, and that a failed run writes nothing) and
must read as the worked example, or fail with the exact messages.
"""

from __future__ import annotations

import json

import corpus
import pytest
from cases import LABELS, MOVED, TYPED
from corpus import RU, WORKED_A, errors, point_a, solve, warnings

from leverage.form.fields import field
from leverage.form.names import locate
from leverage.i18n import in_lang
from leverage.numbers import NumberFormatError, parse_number

# --- Read what people type ------------------------------------------------------------------------------


@pytest.mark.parametrize("cells", TYPED.values(), ids=TYPED.keys())
def test_typed_numbers_read_as_the_worked_example(tmp_path, cells):
    result = solve(corpus.filled(tmp_path / "typed.xlsx", **cells))
    assert point_a(result) == WORKED_A | {"counts": [5300, 1850, 37]}
    assert json.loads(result.stdout)["target_profit"] == 1_200_000
    assert warnings(result) == []


def test_roubles_with_signs_and_words(tmp_path):
    result = solve(corpus.filled(tmp_path / "rub.xlsx", RU, currency="RUB", lang="ru", revenue="588 000 000 ₽",
                                 profit="55,8 млн руб.", target_profit="120 000 000 р.", clients_lost="22 клиента"))
    # The parser's reason ("a number such as 1200000, ...") comes from `numbers`, in its Russian once it has one.
    with pytest.raises(NumberFormatError) as caught:
        parse_number("22 клиента", whole=True)
    reason = in_lang(caught.value, "ru").split(" ", 1)[1]  # after its "expected" / "ожидалось"
    assert errors(result) == [
        f"Исходные данные!C19 (clients_lost): ожидалось целое число не меньше 0: {reason}, получено «22 клиента»"]
    result = solve(corpus.filled(tmp_path / "rub.xlsx", RU, currency="RUB", lang="ru", revenue="588 000 000 ₽",
                                 profit="55,8 млн руб.", target_profit="120 000 000 р."))
    data = json.loads(result.stdout)
    assert (data["points"]["A"]["revenue"], data["points"]["A"]["profit"], data["target_profit"]) == (
        588_000_000, 55_800_000, 120_000_000)
    assert warnings(result) == []


RATES = {
    "75%": ("75%", None), "75 %": ("75 %", None), "0,75": ("0,75", None), "0.75": ("0.75", None),
    "bare 75 (percent)": ("75", None), "number 0.75": (0.75, None), "number 75": (75, None),
    "0.75 formatted as percent": (0.75, "0%"), "x1.5 formatted as percent": ("x1.5", "0%"),
}


@pytest.mark.parametrize("typed, number_format", RATES.values(), ids=RATES.keys())
def test_rates_in_every_form(tmp_path, typed, number_format):
    """A new retention of 75 % (last year's is 75.28 %), however it was typed."""
    path = corpus.filled(tmp_path / "rates.xlsx", lever_retention=typed)
    if number_format:
        corpus.edit(path, lambda wb: setattr(locate(wb, field("lever_retention"))[0], "number_format", number_format))
    result = solve(path)
    expected = 67 / 89 * 1.5 if typed == "x1.5" else 0.75
    assert json.loads(result.stdout)["points"]["B'"]["retention"] == pytest.approx(expected)
    assert warnings(result) == []


def test_formulas_with_saved_results_are_read(tmp_path):
    """As Excel saves them: the formula and its result; the result is used."""
    path = corpus.rezip(corpus.filled(tmp_path / "plain.xlsx"), tmp_path / "formulas.xlsx", corpus.with_formula(
        "C10", "5000000+880000", "5880000"))
    path = corpus.rezip(path, path, corpus.with_formula("C40", '"x"&amp;2', "x2", text=True))
    result = solve(path)
    assert point_a(result)["revenue"] == 5_880_000
    assert json.loads(result.stdout)["changes"] == {"avg_check": "x2"}


def test_formulas_without_saved_results_are_named(tmp_path):
    """As scripts write them: no results, so each such input cell is named."""
    path = corpus.rezip(corpus.filled(tmp_path / "plain.xlsx"), tmp_path / "script.xlsx",
                        corpus.with_formula("C10", "5000000+880000", None))
    path = corpus.rezip(path, path, corpus.with_formula("C14", "80+3", None))
    assert errors(solve(path)) == [
        f"Inputs!{cell} ({name}): expected a value, but the cell holds a formula with no saved result (the file was "
        "written by a program that does not calculate); open and save it in Excel or LibreOffice, or type the "
        f'value, got "={formula}"'
        for cell, name, formula in (("C10", "revenue", "5000000+880000"), ("C14", "headcount", "80+3"))
    ]


# --- Rows inserted, sheets renamed, reordered or added; names lost ---------------------------------------


@pytest.mark.parametrize("change, revenue_at", MOVED.values(), ids=MOVED.keys())
def test_inputs_are_found_wherever_they_moved(tmp_path, change, revenue_at):
    path = corpus.edit(corpus.filled(tmp_path / "moved.xlsx", profit="lots"), change)
    # A problem names the cell where the input is now.
    assert errors(solve(path)) == [
        f'{revenue_at.replace("C10", "C11").replace("C13", "C14")} (profit): expected an amount above 0: a number '
        'such as 1200000, 1 200 000 or 1.2M, got "lots"']
    path = corpus.edit(corpus.filled(tmp_path / "moved-ok.xlsx"), change)
    assert point_a(solve(path)) == WORKED_A | {"counts": [5300, 1850, 37]}


FOUND_BY_LABELS = "Sheet1: defined names were missing; inputs were found by their labels"


@pytest.mark.parametrize("template, at", LABELS.values(), ids=LABELS.keys())
def test_lost_names_fall_back_to_labels(tmp_path, template, at):
    source = corpus.filled(tmp_path / "source.xlsx", template, revenue="5 880 000", lever_retention="80%",
                           lever_conversion_steps=[None, "x1.5"])
    result = solve(corpus.paste_values(source, tmp_path / "pasted.xlsx", at=at))
    assert point_a(result) == WORKED_A | {"counts": [5300, 1850, 37]}
    assert json.loads(result.stdout)["changes"] == {"avg_check": "x2", "retention": "80%", "conversion.2": "x1.5"}
    assert warnings(result) == [FOUND_BY_LABELS]


def test_label_fallback_names_what_it_cannot_find(tmp_path):
    def damage(wb):
        sheet = wb["Sheet1"]
        sheet["A14"] = sheet["B14"] = None  # the "headcount" key and the "Headcount" label
        sheet["B40"] = "Revenue"  # a second "Revenue" label

    path = corpus.edit(corpus.paste_values(corpus.filled(tmp_path / "s.xlsx"), tmp_path / "p.xlsx"), damage)
    result = solve(path)
    assert warnings(result) == [FOUND_BY_LABELS]
    assert errors(result) == [
        'Sheet1!B40 (revenue): expected the label "Revenue" once (it is at B10): the defined names were missing '
        "and a label found twice does not tell which value is meant",
        'Sheet1 (headcount): expected a label "Headcount" (or "Количество сотрудников") with the value to its '
        "right: the defined names were missing, so inputs are looked up by their labels",
    ]


def test_control_characters_never_reach_the_terminal(tmp_path):
    """Line breaks, tabs and bidirectional overrides in names become spaces: they would act on a terminal."""
    source = corpus.filled(tmp_path / "client.xlsx", company="ACME\tLtd\n\u202eevil",
                           funnel_stages=["Leads\r\n", "Pro\u2066posals", "Paid"])
    data = json.loads(solve(source).stdout)
    assert data["company"] == "ACME Ltd evil"
    assert [stage["stage"] for stage in data["points"]["A"]["funnel"]] == ["Leads", "Pro posals", "Paid"]
