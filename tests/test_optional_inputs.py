"""The template's optional sections (cost structure, unit economics, channels, ranges): laid out like every
input, read by name into Inputs, every problem reported with its cell, and blank or absent they change nothing."""

import itertools
from dataclasses import replace

import corpus
import pytest
from cases import SAME_KIND, with_formulas
from helpers import ROOT, describe, fill_template, template_values, without_values
from openpyxl import load_workbook

from leverage.changes import parse_change
from leverage.errors import InputError
from leverage.form.fields import ALL_SECTIONS, OPTIONAL_FIELDS, OPTIONAL_SECTIONS, RANGE_LEVERS, field
from leverage.form.names import locate
from leverage.form.read import read_template
from leverage.form.write import STANDARD_TEMPLATES, write_template
from leverage.model.inputs import Acquisition, Channel, Costs

TEMPLATES = ROOT / "templates"
EN = TEMPLATES / "leverage-template-en.xlsx"
STANDARD = [(TEMPLATES / name, lang) for name, (lang, _) in STANDARD_TEMPLATES.items()]


@pytest.fixture
def fill(tmp_path, worked_example):
    names = itertools.count(1)

    def _fill(template=EN, **cells):
        values = {**template_values(worked_example), "lever_avg_check": "x2", **cells}
        return fill_template(template, tmp_path / f"filled-{next(names)}.xlsx", values)

    return _fill


def problems(path):
    with pytest.raises(InputError) as caught:
        read_template(path)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize("path, lang", STANDARD, ids=lambda p: getattr(p, "name", p))
def test_every_optional_field_is_a_named_styled_validated_annotated_input(path, lang):
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    for spec in OPTIONAL_FIELDS:
        cells = locate(wb, spec)
        assert len(cells) == spec.rows, spec.name
        for cell in cells:
            where = f"{spec.name} {cell.coordinate}"
            assert cell.fill.fgColor.rgb == "FFFFF2CC" and cell.font.color.rgb == "FF0000FF", where
            assert cell.protection.locked is False and cell.value is None, where
            assert cell.comment is not None and cell.comment.text == spec.note.get(lang), where
            [validation] = [v for v in ws.data_validations.dataValidation if cell.coordinate in v.sqref]
            assert validation.prompt == spec.hint.get(lang), where
        assert len(spec.hint.get(lang)) <= 255 and spec.label.get(lang)
    column_a = [ws.cell(row, 1).value for row in range(1, ws.max_row + 1)]
    titles = [section.title.get(lang) for section in ALL_SECTIONS]
    assert [value for value in column_a if value in titles] == titles  # the optional sections come last


def test_rates_get_a_percentage_rule_and_the_channel_table_its_columns():
    wb = load_workbook(EN)
    ws = wb.worksheets[0]

    def rule(name):
        cell = locate(wb, field(name))[0]
        [v] = [v for v in ws.data_validations.dataValidation if cell.coordinate in v.sqref]
        return v.type, v.operator, v.formula1, v.formula2, cell.number_format

    assert rule("variable_share") == ("decimal", None, "0", "1", "0.0#%")  # None: "between", the default
    assert rule("lifetime_months") == ("decimal", "greaterThan", "0", None, "0.0#")
    assert rule("channel_leads") == ("whole", "greaterThanOrEqual", "0", None, "#,##0")
    columns = [locate(wb, field(name))[0].column_letter for name in
               ("channel_names", "channel_spend", "channel_contacts", "channel_leads", "channel_sales", "channel_revenue")]
    assert columns == ["B", "C", "D", "E", "F", "G"]
    header = locate(wb, field("channel_names"))[0].row - 1
    assert [ws.cell(header, col).value for col in range(2, 8)] == [
        "Channel", "Spend, USD", "Contacts", "Leads", "Sales", "Revenue, USD"]
    assert ws.print_area == "'Inputs'!$A$1:$I$116"  # market, profile (industry), then the monthly plan's section last


def test_blank_optional_sections_read_as_before(fill, worked_example):
    inputs = read_template(fill())
    assert (inputs.costs, inputs.acquisition, inputs.channels, inputs.ranges) == (None, None, (), ())
    assert replace(inputs, sources=(), changes=()) == worked_example


def test_a_template_from_before_the_optional_sections_reads(fill, worked_example, tmp_path):
    wb = load_workbook(fill(variable_share="30%"))
    for spec in OPTIONAL_FIELDS:
        del wb.defined_names[spec.name]
    wb.save(tmp_path / "old.xlsx")
    inputs = read_template(tmp_path / "old.xlsx")
    assert replace(inputs, sources=(), changes=()) == worked_example


def test_every_optional_section_reads(fill):
    inputs = read_template(fill(
        variable_share="30%", cost_per_employee="40 000", fixed_costs=238_000,
        acquisition_spend="530k", lifetime_months=None, monthly_churn=0.02,
        channel_names=["Magazine", "Website", None, "Walk-ins"],
        channel_spend=[300_000, "200 000", None, None], channel_contacts=[900_000, None, None, None],
        channel_leads=[2_300, 2_000, None, 1_000], channel_sales=[15, 17, None, 5],
        channel_revenue=[900_000, 1_100_000, None, 300_000],
        range_avg_check_low="150k", range_avg_check_high=200_000, range_retention_low=70, range_retention_high="85%",
        range_leads_low=4_000, range_leads_high=6_000,
    ))
    assert inputs.costs == Costs(variable_share=0.3, cost_per_employee=40_000, fixed_costs=238_000)
    assert inputs.acquisition == Acquisition(spend=530_000, monthly_churn=0.02)
    assert inputs.channels == (
        Channel("Magazine", 300_000, 900_000, 2_300, 15, 900_000),
        Channel("Website", 200_000, None, 2_000, 17, 1_100_000),
        Channel("Walk-ins", None, None, 1_000, 5, 300_000),
    )
    assert inputs.ranges == (("avg_check", 150_000, 200_000), ("retention", 0.7, 0.85), ("leads", 4_000, 6_000))
    assert inputs.source("variable_share") == "Inputs!C53" and inputs.source("channel_leads") == "Inputs!E66:E73"
    assert inputs.source("channel.3.leads") == "Inputs!E69"  # the third channel listed, in the fourth row
    assert inputs.changes == (("avg_check", parse_change("avg_check", "x2")),)


@pytest.mark.parametrize("typed", ["30%", "30 %", 0.3, 30, "0,3"])
def test_rate_forms(fill, typed):
    assert read_template(fill(variable_share=typed)).costs == Costs(variable_share=0.3)


def test_every_optional_problem_is_reported_with_the_core_ones(fill):
    assert problems(fill(
        revenue="abc",
        variable_share="100%", cost_per_employee=-5,
        lifetime_months=4, monthly_churn="25%",
        channel_names=[None, "Radio"], channel_spend=[1_000, "lots"], channel_leads=[10, 2.5],
        range_margin_low="12%", range_avg_check_low=200_000, range_avg_check_high=150_000,
    )) == [
        'Inputs!C10 (revenue): expected an amount above 0: a number such as 1200000, 1 200 000 or 1.2M, got "abc"',
        "Inputs!C54 (cost_per_employee): expected an amount of 0 or more, got -5",
        "Inputs!C53 (variable_share): expected a share below 100 %: with every unit of revenue spent on variable "
        'costs, no sale contributes anything, got "100%"',
        'Inputs!C61 (monthly_churn): expected either an average client lifetime (Inputs!C60) or a monthly churn, '
        'not both: the lifetime is 1 / churn months, got "25%"',
        "Inputs!B66 (channel_names): expected a name for channel 1, which has figures, got a blank cell",
        'Inputs!C67 (channel_spend): expected an amount of 0 or more: a number such as 1200000, 1 200 000 or 1.2M, '
        'got "lots"',
        "Inputs!E67 (channel_leads): expected a whole number of 0 or more, got 2.5",
        "Inputs!C78 (range_margin_high): expected the high end of the range as well: margin has only one end "
        "(Inputs!C77), got a blank cell",
        "Inputs!C80 (range_avg_check_high): expected at least the low end, 200,000 (Inputs!C79), got 150000",
    ]


def test_unit_economics_need_the_spend(fill):
    assert problems(fill(lifetime_months=4)) == [
        "Inputs!C59 (acquisition_spend): expected the marketing and sales spend: the unit economics need it for the "
        "cost to acquire a client (an average client lifetime is given in Inputs!C60), got a blank cell",
    ]


def test_cost_structure_that_does_not_reproduce_last_year_is_refused_at_reading(fill):
    assert problems(fill(variable_share="30%", cost_per_employee=40_000, fixed_costs=240_000)) == [
        "Inputs!C55 (fixed_costs): expected 238,000, the fixed costs with which last year's figures reproduce last "
        "year's profit (revenue 5,880,000 x (1 - variable share 30.00%) - headcount 83 x cost per employee 40,000 - "
        "profit 558,000); leave the cell blank to derive them, or correct the variable share or the cost per "
        "employee, got 240000",
    ]


def test_filled_samples_keep_the_optional_sections(tmp_path):
    for lang, currency in (("en", "USD"), ("ru", "RUB")):
        fresh = write_template(tmp_path / f"{lang}.xlsx", lang=lang, currency=currency)
        filled = fill_template(fresh, tmp_path / f"{lang}-filled.xlsx", {"channel_names": ["A", "B"], "variable_share": 0.3})
        assert without_values(describe(filled)) == without_values(describe(fresh))
    assert {s.key for s in OPTIONAL_SECTIONS} == {"costs", "unit_economics", "channels", "ranges", "market", "profile", "plan"}
    # Exactly the levers the simulation varies: revenue per employee moves headcount, not profit.
    assert [lever for lever, _ in RANGE_LEVERS] == ["margin", "avg_check", "retention", "conversion", "leads"]


def test_the_channels_sample_keeps_the_template_names_validations_and_notes():
    assert without_values(describe(ROOT / "samples" / "channels-example.xlsx")) == without_values(describe(EN))


# --- Optional cells read what people type, exactly as the core cells do ----------------------------------

def test_optional_cells_read_messy_typing_as_the_core_does(fill):
    inputs = read_template(fill(
        acquisition_spend="1 500 000 usd.", lifetime_months="4,5",
        channel_names=["  Magazine\nads ", "\u202eWebsite"], channel_leads=["5,300", "2\u00a0000"],
        channel_spend=["$300,000.00", "200 тыс."], channel_sales=["15.0", 17],
        range_leads_low="4,000", range_leads_high="6 000",
    ))
    assert inputs.acquisition == Acquisition(spend=1_500_000, lifetime_months=4.5)
    assert inputs.channels == (
        Channel("Magazine ads", 300_000, None, 5_300, 15, None), Channel("Website", 200_000, None, 2_000, 17, None),
    )
    assert inputs.ranges == (("leads", 4_000, 6_000),)
    assert inputs.warnings == ()


@pytest.mark.parametrize("typed", ["30 %", "30%", 30, "30", "0,3", " 30\u00a0% "])
def test_optional_rates_read_every_form(fill, typed):
    inputs = read_template(fill(variable_share=typed))
    assert inputs.costs == Costs(variable_share=0.3) and inputs.warnings == ()


BARE_ONE = '"1" is read as 100 % (a bare number of 1 or less is a share); write 100% or 1% to say which is meant'


def formatted(path, number_format, *names):
    """The cells of `names` reformatted, as after pasting over them or changing their format in Excel."""
    wb = load_workbook(path)
    for name in names:
        locate(wb, field(name))[0].number_format = number_format
    wb.save(path)
    return path


def test_a_bare_1_in_a_rate_gets_the_core_ambiguity_warning(fill):
    with pytest.raises(InputError) as caught:
        read_template(fill(variable_share="1"))
    assert [str(p) for p in caught.value.problems] == [
        "Inputs!C53 (variable_share): expected a share below 100 %: with every unit of revenue spent on variable "
        'costs, no sale contributes anything, got "1"',
    ]
    assert [str(w) for w in caught.value.warnings] == [f"Inputs!C53 (variable_share): {BARE_ONE}"]
    rates = dict(acquisition_spend="530k", range_retention_low="80%")
    for path in (fill(**rates, monthly_churn="1", range_retention_high="1"),
                 formatted(fill(**rates, monthly_churn=1, range_retention_high=1), "General",
                           "monthly_churn", "range_retention_high")):
        inputs = read_template(path)
        assert (inputs.acquisition.monthly_churn, inputs.ranges) == (1.0, (("retention", 0.8, 1.0),))
        assert [str(w) for w in inputs.warnings] == [
            f"Inputs!C61 (monthly_churn): {BARE_ONE}", f"Inputs!C82 (range_retention_high): {BARE_ONE}",
        ]


def test_a_1_shown_as_100_percent_is_not_ambiguous(fill):
    """The template formats rates as percentages: a 1 there shows as 100 %, as in a core cell formatted so."""
    inputs = read_template(formatted(fill(range_retention_low="80%", range_retention_high=1, lever_retention=1),
                                     "0%", "lever_retention"))
    assert inputs.ranges == (("retention", 0.8, 1.0),)
    assert dict(inputs.changes)["retention"] == parse_change("retention", "100%")
    assert inputs.warnings == ()


@pytest.mark.parametrize("core, optional, typed", SAME_KIND, ids=str)
def test_optional_cells_refuse_with_the_core_messages(fill, core, optional, typed):
    found = problems(fill(**{core: typed, optional: [typed] if field(optional).rows > 1 else typed,
                             "channel_names": ["Magazine"]}))
    assert len(found) == 2  # both, in the same run
    core_message, optional_message = (p.split(")", 1)[1] for p in found)
    assert optional_message == core_message


def test_a_bad_optional_value_is_reported_with_a_bad_core_value(fill):
    with pytest.raises(InputError) as caught:
        read_template(fill(headcount="83 people", lever_retention="1", channel_names=["Magazine"],
                           channel_leads=["5.300"], acquisition_spend="530k", monthly_churn="1"))
    assert [str(p) for p in caught.value.problems] == [
        "Inputs!C14 (headcount): expected a whole number above 0: a number such as 1200000, 1 200 000 or 1.2M, "
        'got "83 people"',
        "Inputs!E66 (channel_leads): expected a whole number of 0 or more: the dot is a decimal point; for 5300 "
        'write 5300 or 5 300, got "5.300"',
    ]
    assert [str(w) for w in caught.value.warnings] == [
        f"Inputs!C41 (lever_retention): {BARE_ONE}", f"Inputs!C61 (monthly_churn): {BARE_ONE}",
    ]


@pytest.mark.parametrize("core_formula", [False, True], ids=["alone", "with a core formula"])
def test_optional_formulas_are_read_as_the_core_reads_them(fill, tmp_path, core_formula):
    core = [("C10", "5000000+880000", "5880000")] if core_formula else []
    saved = corpus.rezip(fill(), tmp_path / "saved.xlsx", with_formulas(*core, ("C59", "1000000+500000", "1500000")))
    assert read_template(saved).acquisition == Acquisition(spend=1_500_000)
    unsaved = corpus.rezip(fill(range_margin_low="12%"), tmp_path / "unsaved.xlsx",
                           with_formulas(*core, ("C59", "1000000+500000", None), ("C78", "0.1*2", None)))
    no_result = ("expected a value, but the cell holds a formula with no saved result (the file was written by a "
                 "program that does not calculate); open and save it in Excel or LibreOffice, or type the value, got")
    assert problems(unsaved) == [  # the range's high end is not blank: it is not asked for again
        f'Inputs!C59 (acquisition_spend): {no_result} "=1000000+500000"',
        f'Inputs!C78 (range_margin_high): {no_result} "=0.1*2"',
    ]


def test_a_cell_of_spaces_is_blank(fill):
    assert problems(fill(lifetime_months=4, acquisition_spend="  ", range_margin_low="12%", range_margin_high=" ")) == [
        "Inputs!C59 (acquisition_spend): expected the marketing and sales spend: the unit economics need it for the "
        "cost to acquire a client (an average client lifetime is given in Inputs!C60), got a blank cell",
        "Inputs!C78 (range_margin_high): expected the high end of the range as well: margin has only one end "
        "(Inputs!C77), got a blank cell",
    ]
