"""What a hostile tester typed into the template and the command line: doubled signs, names that hold
formulas or point past the sheet, values that mislead, text that would act on the terminal.

Every case goes through `leverage solve` (corpus.solve checks that the input is unchanged, that there is
no traceback, and that a failed run writes nothing) and asserts the whole message.
"""

from __future__ import annotations

import corpus
import pytest
from click.testing import CliRunner
from corpus import ROOT, RU, errors, solve
from openpyxl.workbook.defined_name import DefinedName

from leverage.cli import main
from leverage.form import read as reader
from leverage.workbook.checks import MASTER_NAME

# --- More than one sign is refused, with the value shown ------------------------------------------------

TWO_SIGNS = "one sign at most (+, - or accounting parentheses), found {n}; write the one sign meant"


def test_doubled_signs_in_cells_are_refused_with_the_value(tmp_path):
    path = corpus.filled(tmp_path / "signs.xlsx", revenue="-$-5,880,000", profit="(-3)", headcount="+-5",
                         clients_lost="--22", funnel_counts=["5 300", "- -1 850", "37"], target_profit="€--1.2M")
    sign = TWO_SIGNS.format(n=2)
    assert errors(solve(path)) == [
        f'Inputs!C10 (revenue): expected an amount above 0: {sign}, got "-$-5,880,000"',
        f'Inputs!C11 (profit): expected an amount above 0: {sign}, got "(-3)"',
        f'Inputs!C14 (headcount): expected a whole number above 0: {sign}, got "+-5"',
        f'Inputs!C19 (clients_lost): expected a whole number of 0 or more: {sign}, got "--22"',
        f'Inputs!C34 (target_profit): expected an amount above 0: {sign}, got "€--1.2M"',
        f'Inputs!C25 (funnel_counts): expected a whole number above 0: {sign}, got "- -1 850"',
    ]


def test_doubled_signs_are_refused_in_russian(tmp_path):
    path = corpus.filled(tmp_path / "signs.xlsx", RU, currency="RUB", lang="ru", clients_lost="--22",
                         revenue="(−5 880 000)")
    assert errors(solve(path)) == [
        "Исходные данные!C10 (revenue): ожидалась сумма больше 0: не больше одного знака (+, - или скобки), "
        "а их 2; оставьте один нужный знак, получено «(−5 880 000)»",
        "Исходные данные!C19 (clients_lost): ожидалось целое число не меньше 0: не больше одного знака "
        "(+, - или скобки), а их 2; оставьте один нужный знак, получено «--22»",
    ]


@pytest.mark.parametrize("option,value,shown", [
    ("--target-profit", "--1.2M", '"--1.2M": expected ' + TWO_SIGNS.format(n=2)),
    ("--target-profit", "(+$1.2M)", '"(+$1.2M)": expected ' + TWO_SIGNS.format(n=2)),
    ("--target-profit", "-+-1.2M", '"-+-1.2M": expected ' + TWO_SIGNS.format(n=3)),
])
def test_doubled_signs_on_the_command_line_are_usage_errors(template_file, option, value, shown):
    result = CliRunner().invoke(main, ["solve", str(template_file), "--json", option, value])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: Invalid value for '{option}': {shown}"


@pytest.mark.parametrize("change", ["retention=--10%", "retention=+-5pp", "retention=--5pp", "avg_check=-+10%",
                                    "avg_check=x--2", "retention=--0.5", "margin=- -2pp", "conversion.1=(-3%)"])
def test_doubled_signs_in_lever_changes_are_refused(template_file, change):
    lever, _, typed = change.partition("=")
    result = CliRunner().invoke(main, ["solve", str(template_file), "--json", "--lever", change])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--lever': {lever}: cannot read \"{typed}\" (expected {TWO_SIGNS.format(n=2)}); "
        "expected x2 (multiply), +100% or -10% (relative), +5pp (percentage points, rates only), or a new value "
        "(175000, 175k, 18%)")


def test_doubled_signs_in_the_template_levers_are_refused(tmp_path):
    path = corpus.filled(tmp_path / "signs.xlsx", lever_avg_check="x2", lever_retention="--10%")
    assert errors(solve(path)) == [
        f'Inputs!C41 (lever_retention): cannot read "--10%" (expected {TWO_SIGNS.format(n=2)}); expected x2 '
        "(multiply), +100% or -10% (relative), +5pp (percentage points, rates only), or a new value "
        "(175000, 175k, 18%)"]


def test_one_sign_still_reads(tmp_path):
    """One sign of any kind, before or after a currency sign, and accounting parentheses alone, keep their
    meaning: the runs fail only on the negative values, not on reading them."""
    path = corpus.filled(tmp_path / "one.xlsx", revenue="+$5,880,000", profit="$-3", clients_lost="(3)",
                         target_profit="+1.2e6")
    assert errors(solve(path)) == [
        'Inputs!C11 (profit): expected a profit above 0: at a margin (profit / revenue) of 0 or below every extra '
        "sale adds to the loss, so scaling the business multiplies the loss instead of reaching a profit; fix the "
        'margin first (prices, costs, clients that cost more than they pay), got "$-3"',
        'Inputs!C19 (clients_lost): expected a whole number of 0 or more, got "(3)"',
    ]


# --- Text echoed from cells is cleaned; what does not show is named ------------------------------------

def test_echoed_cell_text_cannot_act_on_the_terminal(tmp_path):
    """A C1 control (CSI), a bidi override and line breaks that would start a fake `Error:` line become spaces,
    and the message names them, so the text shown never looks fine while it is not."""
    path = corpus.filled(tmp_path / "controls.xlsx", currency="US\u009bD", revenue="5880000\u009b31m",
                         profit="\u202e558000", headcount="8\nError: fake", lever_retention="+5\u2066pp")
    result = solve(path)
    assert errors(result) == [
        'Inputs!C6 (currency): expected one of USD, RUB, EUR, got "US D" (it contains an invisible character U+009B)',
        "Inputs!C10 (revenue): expected an amount above 0: a number such as 1200000, 1 200 000 or 1.2M, "
        'got "5880000 31m" (it contains an invisible character U+009B)',
        "Inputs!C11 (profit): expected an amount above 0: a number without direction controls, which make the cell "
        'show its digits out of order, got " 558000" (it contains an invisible character U+202E)',
        "Inputs!C14 (headcount): expected a whole number above 0: a number such as 1200000, 1 200 000 or 1.2M, "
        'got "8 Error: fake" (it contains an invisible character U+000A)',
        'Inputs!C41 (lever_retention): cannot read "+5 pp" (expected a number without direction controls, which '
        "make the cell show its digits out of order); expected x2 (multiply), +100% or -10% (relative), +5pp "
        "(percentage points, rates only), or a new value (175000, 175k, 18%)",
    ]
    assert all(ch not in result.stderr for ch in "\u009b\u202e\u2066\r")
    assert len(result.stderr.splitlines()) == 5


def test_echoed_text_is_cleaned_in_russian(tmp_path):
    path = corpus.filled(tmp_path / "controls.xlsx", RU, currency="RUB", lang="ru", clients_lost="2\u009b2x\u200b")
    assert errors(solve(path)) == [
        "Исходные данные!C19 (clients_lost): ожидалось целое число не меньше 0: число, например 1200000, "
        "1 200 000 или 1,2 млн, получено «2 2x» (в тексте есть невидимые символы U+009B, U+200B)"]


def test_invisible_characters_pasted_into_numbers_are_harmless(tmp_path):
    """Zero-width spaces, a BOM, a word joiner and soft hyphens carry no meaning in a number: they are dropped."""
    path = corpus.filled(tmp_path / "invisible.xlsx", revenue="5880000\u200b", profit="\ufeff558000",
                         headcount="8\u20603", clients_lost="22\u00ad", lever_avg_check="x2\u200c",
                         funnel_counts=["5\u200d300", "1850", "37\ufeff"])
    result = solve(path, "--lever", "retention=+5\u200bpp")
    assert corpus.point_a(result) == corpus.WORKED_A | {"counts": [5300, 1850, 37]}
    assert corpus.warnings(result) == []


# --- Defined names: formulas, values, names past the sheet, names scoped to several sheets -------------

def _named(tmp_path, template=corpus.EN, **names):
    """The worked example with defined names changed, as in Formulas > Name Manager."""
    def change(workbook):
        for name, text in names.items():
            workbook.defined_names[name].attr_text = text

    cells = dict(currency="RUB", lang="ru") if template == RU else {}
    return corpus.edit(corpus.filled(tmp_path / "names.xlsx", template, **cells), change)


def _not_a_reference(name, held, cited=None, shape="the cell"):
    such_as = f" (such as {cited})" if cited else ""
    return (f'template ({name}): expected the name "{name}" to be a plain reference to {shape} that holds {name}'
            f'{such_as}, but it holds "{held}", a formula, value or list that Excel calculates and this tool does '
            f"not read; in Formulas > Name Manager, point the name at {shape} and put any formula in the cell itself")


def test_names_holding_formulas_or_values_are_refused(tmp_path):
    """Excel calculates such a name (revenue := Inputs!$C$10*2 is 11,760,000); reading the bare cell it mentions
    would give another figure, so it is refused, pointing at the cell it mentions."""
    path = _named(tmp_path, revenue="Inputs!$C$10*2", profit="+1000000", headcount="=Inputs!$C$14",
                  clients_start="52", clients_new="profit", clients_lost="Inputs:Inputs!$C$19",
                  target_profit="SUM(Inputs!$C$34)", funnel_counts="Inputs!$C$24:$C$31*1")
    assert errors(solve(path)) == [
        _not_a_reference("revenue", "Inputs!$C$10*2", "Inputs!$C$10"),
        _not_a_reference("profit", "+1000000"),
        _not_a_reference("headcount", "=Inputs!$C$14", "Inputs!$C$14"),
        _not_a_reference("clients_start", "52"),
        _not_a_reference("clients_new", "profit"),
        _not_a_reference("clients_lost", "Inputs:Inputs!$C$19", "Inputs!$C$19"),
        _not_a_reference("funnel_counts", "Inputs!$C$24:$C$31*1", "Inputs!$C$24:$C$31", "the column of cells"),
        _not_a_reference("target_profit", "SUM(Inputs!$C$34)", "Inputs!$C$34"),
    ]


def test_names_holding_formulas_are_refused_in_russian(tmp_path):
    path = _named(tmp_path, RU, revenue="'Исходные данные'!$C$10*2")
    assert errors(solve(path)) == [
        "шаблон (revenue): ожидалось, что имя «revenue» — простая ссылка на ячейку со значением revenue (например, "
        "'Исходные данные'!$C$10), а в нём «'Исходные данные'!$C$10*2» — формула, значение или список, которые "
        "вычисляет Excel, но не читает эта программа; в Формулы > Диспетчер имён укажите в имени ячейку, "
        "а формулу, если она нужна, запишите в самой ячейке"]


def test_plain_references_still_read(tmp_path):
    """Relative, quoted and padded references are plain references."""
    path = _named(tmp_path, revenue="Inputs!C10", profit="'Inputs'!$C$11", headcount=" Inputs!$C$14 ")
    assert corpus.point_a(solve(path)) == corpus.WORKED_A | {"counts": [5300, 1850, 37]}


def test_names_past_the_last_row_or_column_are_refused(tmp_path):
    path = _named(tmp_path, revenue="Inputs!$C$2000000", profit="Inputs!$XFE$1",
                  funnel_counts="Inputs!$C$1048570:$C$1048577")
    beyond = ('template ({0}): expected the name "{0}" to point at {1}, but it points at "{2}", beyond the last row '
              "(1,048,576) or column (XFD) of a sheet; restore it in Formulas > Name Manager")
    assert errors(solve(path)) == [
        beyond.format("revenue", "one cell", "Inputs!$C$2000000"),
        beyond.format("profit", "one cell", "Inputs!$XFE$1"),
        beyond.format("funnel_counts", "one column of cells", "Inputs!$C$1048570:$C$1048577"),
    ]


def test_names_past_the_last_row_are_refused_in_russian(tmp_path):
    path = _named(tmp_path, RU, revenue="'Исходные данные'!$C$2000000")
    assert errors(solve(path)) == [
        "шаблон (revenue): ожидалось, что имя «revenue» указывает на одну ячейку, а оно указывает на "
        "«'Исходные данные'!$C$2000000» — за последней строкой (1 048 576) или столбцом (XFD) листа; "
        "исправьте его в Формулы > Диспетчер имён"]


def test_a_name_scoped_to_several_sheets_is_ambiguous(tmp_path):
    """A copied sheet brings sheet-scoped copies of its names; without the workbook's name, none is the one."""
    def change(workbook):
        copy = workbook.copy_worksheet(workbook["Inputs"])
        copy.title = "Inputs (2)"
        for name in ("revenue", "profit"):
            del workbook.defined_names[name]
            for sheet in workbook.worksheets:
                sheet.defined_names[name] = DefinedName(name, attr_text=f"'{sheet.title}'!$C$10")

    path = corpus.edit(corpus.filled(tmp_path / "copied.xlsx"), change)
    ambiguous = ('template ({0}): expected one cell named "{0}", but the name is ambiguous: it is defined for the '
                 "sheets Inputs, Inputs (2) and not for the whole workbook (as after copying a sheet); in Formulas > "
                 "Name Manager, delete the copies and keep one name with the scope Workbook")
    assert errors(solve(path)) == [ambiguous.format("revenue"), ambiguous.format("profit")]


# --- Messages that mislead -------------------------------------------------------------------------------

@pytest.mark.parametrize("source,lang,message", [
    ("worked-example.xlsx", "en", "is a leverage result workbook (written by `leverage solve`), not a template; "
                                  "run it on the filled template the result was made from"),
    ("ru-company.xlsx", "ru", "это книга с результатами leverage (её записала команда `leverage solve`), а не "
                              "шаблон; запустите команду на заполненном шаблоне, из которого получен результат"),
])
def test_the_result_workbook_given_as_input_is_one_error(tmp_path, source, lang, message):
    result_book = tmp_path / "client.leverage.xlsx"
    written = CliRunner().invoke(main, ["solve", str(ROOT / "samples" / source), "-o", str(result_book)])
    assert written.exit_code == 0, written.output
    assert errors(solve(result_book)) == [f"{result_book}: {message}"]
    shown = CliRunner().invoke(main, ["show", str(result_book)])
    assert (shown.exit_code, shown.stderr) == (1, f"Error: {result_book}: {message}\n")


def test_the_result_mark_is_the_writers_master_check():
    assert reader._RESULT_MARK == MASTER_NAME


def test_a_number_in_a_date_formatted_cell_is_shown_as_its_number(tmp_path):
    """openpyxl reads a number no date can show (Excel shows ####) as "#VALUE!"; the message shows the number."""
    def change(workbook):
        sheet = workbook["Inputs"]
        sheet["C10"].number_format = "dd.mm.yyyy"
        sheet["C11"].number_format = "yyyy-mm-dd hh:mm"
        sheet["C11"].value = 1e12

    path = corpus.edit(corpus.filled(tmp_path / "dates.xlsx"), change)
    assert errors(solve(path)) == [
        "Inputs!C10 (revenue): expected an amount above 0, not a number in a cell formatted as a date (dd.mm.yyyy), "
        "which shows it as ####; set the cell's format to Number, got 5880000",
        "Inputs!C11 (profit): expected an amount above 0, not a number in a cell formatted as a date "
        "(yyyy-mm-dd hh:mm), which shows it as ####; set the cell's format to Number, got 1000000000000",
    ]


def test_a_number_in_a_date_formatted_cell_in_russian(tmp_path):
    def change(workbook):
        workbook.worksheets[0]["C14"].number_format = "dd.mm.yyyy"
        workbook.worksheets[0]["C14"].value = 3_000_000

    path = corpus.edit(corpus.filled(tmp_path / "dates.xlsx", RU, currency="RUB", lang="ru"), change)
    assert errors(solve(path)) == [
        "Исходные данные!C14 (headcount): ожидалось целое число больше 0, а не число в ячейке с форматом даты "
        "(dd.mm.yyyy), которая показывает его как ####; задайте ячейке формат «Числовой», получено 3000000"]


EIGHT = ["Leads", "Calls", "Meetings", "Demos", "Trials", "Proposals", "Contracts", "Signed"]


@pytest.mark.parametrize("below,cell,seen", [
    ({"B32": "Paid", "C32": 37}, "C32 (funnel_counts)", "37"),
    ({"C32": "37"}, "C32 (funnel_counts)", '"37"'),
    ({"B32": "Paid"}, "B32 (funnel_stages)", '"Paid"'),
])
def test_a_ninth_stage_below_the_funnel_is_not_ignored(tmp_path, below, cell, seen):
    def change(workbook):
        for at, value in below.items():
            workbook["Inputs"][at] = value

    path = corpus.edit(corpus.filled(tmp_path / "nine.xlsx", funnel_stages=EIGHT,
                                     funnel_counts=[5300, 4000, 3000, 2000, 1000, 500, 100, 37]), change)
    assert errors(solve(path)) == [
        f"Inputs!{cell}: expected nothing below the funnel: it holds 8 stages (B24:C31), so a stage typed here "
        f"is not read; fold the stages into 8 rows, got {seen}"]


def test_a_stage_below_a_short_funnel_is_named_too_in_russian(tmp_path):
    def change(workbook):
        workbook.worksheets[0]["C32"] = 12

    path = corpus.edit(corpus.filled(tmp_path / "nine.xlsx", RU, currency="RUB", lang="ru"), change)
    assert errors(solve(path)) == [
        "Исходные данные!C32 (funnel_counts): ожидалось, что под воронкой ничего нет: в ней 8 этапов (B24:C31), "
        "поэтому этап, записанный здесь, не читается; уложите этапы в 8 строк, получено 12"]


def test_a_label_or_an_input_below_the_funnel_is_not_a_stage(tmp_path):
    """With the blank row under the funnel deleted, the target's label and cell come up to it."""
    def change(workbook):
        sheet = workbook["Inputs"]
        sheet["B32"], sheet["C32"] = "Target profit", 1_200_000
        workbook.defined_names["target_profit"].attr_text = "Inputs!$C$32"

    result = solve(corpus.edit(corpus.filled(tmp_path / "moved.xlsx"), change))
    assert corpus.point_a(result) == corpus.WORKED_A | {"counts": [5300, 1850, 37]}


# --- A currency sign that contradicts the template's currency warns ------------------------------------

def test_a_currency_sign_other_than_the_templates_warns(tmp_path):
    path = corpus.filled(tmp_path / "rub.xlsx", RU, currency="RUB", lang="ru", revenue="$588,000,000",
                         profit="€55.8M", target_profit="120 000 000 руб.", headcount="83")
    result = solve(path)
    assert result.exit_code == 0
    assert corpus.warnings(result) == [
        "Исходные данные!C10 (revenue): сумма указана со знаком «$» (USD), а валюта шаблона — RUB; она прочитана "
        "как RUB: пересчитайте её или укажите валюту шаблона USD",
        "Исходные данные!C11 (profit): сумма указана со знаком «€» (EUR), а валюта шаблона — RUB; она прочитана "
        "как RUB: пересчитайте её или укажите валюту шаблона EUR",
    ]


def test_every_amount_field_compares_its_currency(tmp_path):
    """Codes and words as well as signs, in the core and the optional sections; the template's own currency
    and amounts without a sign do not warn."""
    path = corpus.filled(tmp_path / "eur.xlsx", currency="EUR", revenue="5 880 000 руб.", profit="558000 usd",
                         target_profit="€1.2M", cost_per_employee="US$40000", fixed_costs="2 002 000р.", variable_share="0%")
    other = ('Inputs!{0} ({1}): the amount is typed with "{2}"{3}, but the template\'s currency is EUR; it is read '
             "as EUR: convert it, or set the template's currency to {4}")
    result = solve(path)
    assert result.exit_code == 0, result.output
    assert corpus.warnings(result) == [
        other.format("C10", "revenue", "руб.", " (RUB)", "RUB"),
        other.format("C11", "profit", "USD", "", "USD"),
        other.format("C54", "cost_per_employee", "US$", " (USD)", "USD"),
        other.format("C55", "fixed_costs", "р.", " (RUB)", "RUB"),
    ]


def test_an_amount_naming_two_currencies_is_refused(tmp_path):
    path = corpus.filled(tmp_path / "two.xlsx", revenue="$5,880,000 RUB")
    assert errors(solve(path)) == [
        'Inputs!C10 (revenue): expected an amount above 0: one currency, but the text names RUB and USD, '
        'got "$5,880,000 RUB"']


def test_a_funnel_on_the_last_rows_of_the_sheet_has_no_row_below(tmp_path):
    path = _named(tmp_path, funnel_stages="Inputs!$B$1048569:$B$1048576", funnel_counts="Inputs!$C$1048569:$C$1048576")
    assert errors(solve(path)) == [
        "Inputs!C1048569:C1048576 (funnel_counts): expected at least 2 funnel stages: leads in the first row, paying "
        "new clients in the last filled row"]


def test_a_lever_change_typed_in_another_currency_warns(tmp_path):
    """A new amount for a lever is compared too; the template's own sign does not warn."""
    path = corpus.filled(tmp_path / "levers.xlsx", lever_avg_check="€175k", lever_rev_per_employee="80 000 $")
    result = solve(path)
    assert corpus.warnings(result) == [
        "Inputs!C40 (lever_avg_check): the amount is typed with \"€\" (EUR), but the template's currency is USD; it "
        "is read as USD: convert it, or set the template's currency to EUR",
    ]


def test_a_result_workbook_that_lost_its_names_is_still_a_result(tmp_path):
    result_book = tmp_path / "client.leverage.xlsx"
    assert CliRunner().invoke(main, ["solve", str(ROOT / "samples" / "worked-example.xlsx"), "-o",
                                     str(result_book)]).exit_code == 0

    def drop_names(workbook):
        for name in list(workbook.defined_names):
            del workbook.defined_names[name]

    corpus.edit(result_book, drop_names)
    assert errors(solve(result_book)) == [
        f"{result_book}: is a leverage result workbook (written by `leverage solve`), not a template; run it on the "
        "filled template the result was made from"]
