"""Reading filled templates: the worked example round-trips, cells are found by name
wherever they move, and every problem of a template is reported at once with its cell."""

import datetime as dt
import hashlib
import itertools
import re
from dataclasses import replace

import pytest
from cases import CLIENTS_NOT_ADDING_UP, FUNNEL_PROBLEMS
from helpers import ROOT, fill_template, template_values
from libreoffice import find_soffice, recalculate
from openpyxl import Workbook, load_workbook
from openpyxl.utils.cell import absolute_coordinate, quote_sheetname, range_boundaries
from openpyxl.worksheet.cell_range import CellRange

from leverage.changes import parse_change
from leverage.errors import FileFormatError, InputError
from leverage.form.fields import field
from leverage.form.names import locate
from leverage.form.read import read_template
from leverage.model.inputs import Stage

EN = ROOT / "templates" / "leverage-template-en.xlsx"
RU = ROOT / "templates" / "leverage-template-ru.xlsx"
SAMPLES = ROOT / "samples"


@pytest.fixture
def expected(worked_example):
    """The worked example as the template holds it: average check x2 for point B'."""
    return replace(worked_example, changes=(("avg_check", parse_change("avg_check", "x2")),))


@pytest.fixture
def fill(tmp_path, expected):
    """fill(**cells) -> the en template filled with the worked example, `cells` overriding it."""
    names = itertools.count(1)

    def _fill(template=EN, **cells):
        values = {**template_values(expected), "lever_avg_check": "x2", **cells}
        return fill_template(template, tmp_path / f"filled-{next(names)}.xlsx", values)

    return _fill


def edit(path, change):
    """Change a workbook with openpyxl, as a consultant would in Excel, and save it in place."""
    wb = load_workbook(path)
    change(wb)
    wb.save(path)
    return path


def cell(wb, name, row=0):
    return locate(wb, field(name))[row]


def problems(path):
    with pytest.raises(InputError) as caught:
        read_template(path)
    return [str(problem) for problem in caught.value.problems]


def test_worked_example_reads_back(fill, expected):
    inputs = read_template(fill())
    assert replace(inputs, sources=()) == expected
    assert inputs.source("revenue") == "Inputs!C10"
    assert inputs.source("funnel_counts") == "Inputs!C24:C31"
    assert inputs.source("funnel_stages") == "Inputs!B24:B31"
    assert [inputs.source(f"funnel.{k}") for k in (1, 2, 3)] == ["Inputs!C24", "Inputs!C25", "Inputs!C26"]
    assert inputs.source("lever_avg_check") == "Inputs!C40"
    assert inputs.source("lever_conversion_steps") == "Inputs!C43:C49"


def test_samples_read(expected):
    worked = read_template(SAMPLES / "worked-example.xlsx")
    assert replace(worked, sources=()) == replace(
        expected, company="International client (worked example)",
        funnel=(Stage("Leads", 5300), Stage("Proposals sent", 1850), Stage("Paid", 37)),
    )
    ru = read_template(SAMPLES / "ru-company.xlsx")
    assert (ru.lang, ru.currency, ru.revenue, ru.profit, ru.headcount) == ("ru", "RUB", 148_500_000, 16_300_000, 62)
    assert [stage.name for stage in ru.funnel] == ["Лиды", "Встречи", "Отправленные КП", "Оплатили"]
    assert ru.changes == (("avg_check", parse_change("avg_check", "+30%")),
                          ("conversion.3", parse_change("conversion.3", "+5 п.п.")))
    assert ru.source("lever_conversion.3") == "Исходные данные!C45"
    assert 0.08 <= ru.profit / ru.revenue <= 0.15


def test_inserted_rows_and_renamed_sheet_still_read(fill, expected):
    def insert_rows_and_rename(wb):
        # Excel moves defined names and merged cells with the cells; openpyxl does not, so move them here.
        ws = wb.worksheets[0]
        ws.insert_rows(1, 3)
        for merged in ws.merged_cells.ranges:
            merged.shift(row_shift=3)
        ws.title = "Client's data"
        for defined in wb.defined_names.values():
            [(_, ref)] = defined.destinations
            min_col, min_row, max_col, max_row = range_boundaries(ref)
            moved = CellRange(min_col=min_col, min_row=min_row + 3, max_col=max_col, max_row=max_row + 3)
            defined.attr_text = f"{quote_sheetname(ws.title)}!{absolute_coordinate(moved.coord)}"

    inputs = read_template(edit(fill(), insert_rows_and_rename))
    assert replace(inputs, sources=()) == expected
    assert inputs.source("revenue") == "Client's data!C13"
    assert inputs.source("funnel_counts") == "Client's data!C27:C34"


@pytest.mark.parametrize("revenue", ["5 880 000", "$5,880,000", "5,88 млн", "USD 5.88M"])
def test_numbers_typed_as_text_read(fill, expected, revenue):
    path = fill(
        revenue=revenue, profit="558 000", headcount="83", clients_start="52.0", clients_new=37.0,
        clients_lost=" 22 ", funnel_counts=["5300", "1 850", "37"], target_profit="1.2M",
    )
    assert replace(read_template(path), sources=()) == expected


def test_blank_optional_cells_take_defaults(fill):
    inputs = read_template(fill(company=None, currency=None, lang=None, target_profit=None, lever_avg_check=None))
    assert (inputs.company, inputs.currency, inputs.lang, inputs.target_profit, inputs.changes) == ("", "USD", "en", None, ())


def test_choices_ignore_case_and_spaces(fill):
    inputs = read_template(fill(currency=" rub", lang="RU "))
    assert (inputs.currency, inputs.lang) == ("RUB", "ru")


def test_lever_changes_in_every_form(fill):
    inputs = read_template(fill(
        lever_margin="18%", lever_rev_per_employee=90_000, lever_avg_check="x2", lever_retention="+5pp",
        lever_conversion="x1.5", lever_conversion_steps=["-10%", 0.04],
    ))
    assert inputs.changes == (
        ("margin", parse_change("margin", "18%")),
        ("rev_per_employee", parse_change("rev_per_employee", 90_000)),
        ("avg_check", parse_change("avg_check", "x2")),
        ("retention", parse_change("retention", "+5pp")),
        ("conversion", parse_change("conversion", "x1.5")),
        ("conversion.1", parse_change("conversion.1", "-10%")),
        ("conversion.2", parse_change("conversion.2", 0.04)),
    )
    assert inputs.source("lever_conversion.2") == "Inputs!C44"


def test_number_in_a_percent_cell_is_the_percentage_typed(fill):
    def percent_cells(wb):
        for name, value in (("lever_margin", 0.15), ("lever_avg_check", 0.1)):
            target = cell(wb, name)
            target.value, target.number_format = value, "0%"

    assert problems(edit(fill(), percent_cells)) == [
        'Inputs!C40 (lever_avg_check): "10%" is a percentage, but avg_check is an amount; '
        "write +10% for a relative change or a new amount such as 175k",
    ]
    inputs = read_template(edit(fill(), lambda wb: setattr(cell(wb, "lever_margin"), "number_format", "0%")))
    assert inputs.changes[0][0] == "avg_check"


def test_stage_names_are_kept_as_text(fill):
    inputs = read_template(fill(funnel_stages=["=Leads", "  Proposals ", 2024]))
    assert [stage.name for stage in inputs.funnel] == ["=Leads", "Proposals", "2024"]


def test_every_problem_is_reported_at_once_with_its_cell(fill):
    path = fill(
        currency="GBP", revenue="abc", headcount=-1, clients_lost=100, funnel_counts=[5300, 6000, 37],
        lever_margin="x0", lever_conversion_steps=[None, None, "x2"],
    )
    with pytest.raises(InputError) as caught:
        read_template(path)
    assert str(caught.value) == "\n".join([
        'Inputs!C6 (currency): expected one of USD, RUB, EUR, got "GBP"',
        'Inputs!C10 (revenue): expected an amount above 0: a number such as 1200000, 1 200 000 or 1.2M, got "abc"',
        "Inputs!C14 (headcount): expected a whole number above 0, got -1",
        "Inputs!C19 (clients_lost): expected at most 89 lost clients (clients at start 52 + new 37), got 100",
        'Inputs!C25 (funnel_counts): expected at most 5,300, the count of the stage before ("Leads"): a later '
        "stage cannot hold more than an earlier one (that is a conversion above 100 %), got 6000",
        'Inputs!C38 (lever_margin): "x0" multiplies by 0; expected a factor above 0',
        "Inputs!C45 (lever_conversion_steps): expected no change on step 3: the funnel has 3 stages, "
        'so its steps are 1 to 2, got "x2"',
    ])
    assert [(p.location, p.metric, p.seen) for p in caught.value.problems][:3] == [
        ("Inputs!C6", "currency", "GBP"), ("Inputs!C10", "revenue", "abc"), ("Inputs!C14", "headcount", -1),
    ]


def test_blank_template_lists_every_required_input():
    assert problems(EN) == [
        "Inputs!C10 (revenue): expected an amount above 0, got a blank cell",
        "Inputs!C11 (profit): expected an amount above 0, got a blank cell",
        "Inputs!C14 (headcount): expected a whole number above 0, got a blank cell",
        "Inputs!C17 (clients_start): expected a whole number of 0 or more, got a blank cell",
        "Inputs!C18 (clients_new): expected a whole number of 0 or more, got a blank cell",
        "Inputs!C19 (clients_lost): expected a whole number of 0 or more, got a blank cell",
        'Inputs!C24 (funnel_counts): expected how many reached stage 1 "Leads" last year, got a blank cell',
        "Inputs!C24:C31 (funnel_counts): expected at least 2 funnel stages: leads in the first row, "
        "paying new clients in the last filled row",
    ]


def test_loss_making_year_and_bad_values(fill):
    assert problems(fill(profit=-120_000, target_profit=0, clients_start=52.5, headcount=True,
                         clients_new=dt.datetime(2024, 1, 1), lever_retention="1,234")) == [
        "Inputs!C11 (profit): expected a profit above 0: at a margin (profit / revenue) of 0 or below every "
        "extra sale adds to the loss, so scaling the business multiplies the loss instead of reaching a profit; "
        "fix the margin first (prices, costs, clients that cost more than they pay), got -120000",
        "Inputs!C14 (headcount): expected a whole number above 0, not a yes/no value, got True",
        "Inputs!C17 (clients_start): expected a whole number of 0 or more, got 52.5",
        "Inputs!C18 (clients_new): expected a whole number of 0 or more, not a date (set the cell's format "
        "to Number), got 2024-01-01 00:00:00",
        "Inputs!C34 (target_profit): expected an amount above 0, got 0",
        'Inputs!C41 (lever_retention): cannot read "1,234" (is ambiguous: "1,234" may mean 1234 or 1.234; '
        "write 1234, 1 234 or 1.234); expected x2 (multiply), +100% or -10% (relative), +5pp (percentage "
        "points, rates only), or a new value (175000, 175k, 18%)",
    ]


@pytest.mark.parametrize("clients, message", CLIENTS_NOT_ADDING_UP)
def test_clients_must_add_up(fill, clients, message):
    assert message in problems(fill(**clients))


@pytest.mark.parametrize("funnel, messages", FUNNEL_PROBLEMS)
def test_funnel_problems(fill, funnel, messages):
    assert problems(fill(**funnel)) == messages


def test_longest_funnel_and_last_step_change(fill):
    counts = [5300, 4000, 3000, 2000, 1000, 500, 100, 37]
    inputs = read_template(fill(funnel_stages=[f"S{k}" for k in range(1, 9)], funnel_counts=counts,
                                lever_conversion_steps=[None] * 6 + ["x2"]))
    assert [stage.count for stage in inputs.funnel] == counts
    assert inputs.changes[-1] == ("conversion.7", parse_change("conversion.7", "x2"))


def test_missing_and_broken_names(fill):
    def break_names(wb):
        del wb.defined_names["revenue"]
        wb.defined_names["profit"].attr_text = "Inputs!#REF!"
        wb.defined_names["funnel_counts"].attr_text = "Inputs!$C$24:$D$31"

    assert problems(edit(fill(), break_names)) == [
        'template (revenue): expected a cell named "revenue" (Formulas > Name Manager), but the name is '
        "missing; copy the figures into a fresh template from `leverage template`",
        'template (profit): expected the name "profit" to point at one cell, but it points at "Inputs!#REF!" '
        "(a deleted row or sheet leaves #REF!); restore it in Formulas > Name Manager",
        'template (funnel_counts): expected the name "funnel_counts" to point at one column of cells, but it '
        'points at "Inputs!$C$24:$D$31" (a deleted row or sheet leaves #REF!); restore it in Formulas > Name Manager',
    ]


def test_formula_without_a_saved_result_is_a_problem(fill):
    path = edit(fill(), lambda wb: setattr(cell(wb, "revenue"), "value", "=5000000+880000"))
    assert problems(path) == [
        "Inputs!C10 (revenue): expected a value, but the cell holds a formula with no saved result (the file "
        "was written by a program that does not calculate); open and save it in Excel or LibreOffice, or "
        'type the value, got "=5000000+880000"',
    ]


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_formula_results_saved_by_a_spreadsheet_are_read(fill, expected, tmp_path):
    def formulas(wb):
        cell(wb, "revenue").value = "=5000000+880000"
        cell(wb, "lever_avg_check").value = '="x"&(1+1)'
        cell(wb, "clients_lost").value = "=1/0"

    saved = recalculate(edit(fill(), formulas), tmp_path / "lo")
    assert problems(saved) == ['Inputs!C19 (clients_lost): expected a value, not an error, got "#DIV/0!"']
    edit(saved, lambda wb: setattr(cell(wb, "clients_lost"), "value", 22))
    saved_again = recalculate(saved, tmp_path / "lo2")
    assert replace(read_template(saved_again), sources=()) == expected


def test_ru_template_reads(fill):
    inputs = read_template(fill(RU, lang="ru", currency="RUB", funnel_stages=["Лиды", "КП", "Оплата"]))
    assert (inputs.lang, inputs.currency) == ("ru", "RUB")
    assert inputs.source("revenue") == "Исходные данные!C10"


def test_a_workbook_that_is_not_a_template(tmp_path):
    path = tmp_path / "other.xlsx"
    Workbook().save(path)
    with pytest.raises(FileFormatError) as caught:
        read_template(path)
    assert str(caught.value) == (
        f"{path}: has none of the named input cells of a leverage template (revenue, profit, ...) and none of "
        "their labels; expected a template from `leverage template`, filled in"
    )


def test_missing_file_or_folder(tmp_path):
    with pytest.raises(InputError, match="no such file") as caught:
        read_template(tmp_path / "nope.xlsx")
    assert not isinstance(caught.value, FileFormatError)
    with pytest.raises(InputError, match="is a folder; expected a filled template"):
        read_template(tmp_path)


def test_reading_leaves_the_file_unchanged(fill):
    path = fill(revenue="=5000000+880000")  # a formula cell makes the reader load the file twice
    before = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    with pytest.raises(InputError):
        read_template(path)
    read_template(fill())
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before


def test_names_that_are_not_a_range_are_problems(fill, tmp_path):
    """Names a fuzzer broke: a stray quote (openpyxl's tokenizer fails), empty, a whole column, reversed."""
    import corpus

    def change(entries):
        xml = entries["xl/workbook.xml"].decode()
        for name, text in (("company", 'Inputs!$C$5"2'), ("currency", ""), ("funnel_counts", "Inputs!$C:$C"),
                           ("funnel_stages", "Inputs!$B$31:$B$24")):
            xml = re.sub(rf'(<definedName name="{name}">)[^<]*', rf"\g<1>{text}", xml)
        entries["xl/workbook.xml"] = xml.encode()

    path = corpus.rezip(fill(), tmp_path / "names.xlsx", change)
    points_at = 'expected the name "{}" to point at {}, but it points at "{}" (a deleted row or sheet leaves #REF!); ' \
                "restore it in Formulas > Name Manager"
    assert problems(path) == [
        'template (company): expected the name "company" to be a plain reference to the cell that holds company '
        '(such as Inputs!$C$5), but it holds "Inputs!$C$5"2", a formula, value or list that Excel calculates and '
        "this tool does not read; in Formulas > Name Manager, point the name at the cell and put any formula in "
        "the cell itself",
        "template (currency): " + points_at.format("currency", "one cell", ""),
        "template (funnel_stages): " + points_at.format("funnel_stages", "one column of cells", "Inputs!$B$31:$B$24"),
        "template (funnel_counts): " + points_at.format("funnel_counts", "one column of cells", "Inputs!$C:$C"),
    ]
