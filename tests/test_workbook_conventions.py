"""Workbook conventions: protection without a password, print setup, frozen headers,
document properties, number formats in the client's currency and language, and
the same inputs giving the same workbook."""

import re
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from corpus import RU, filled

from leverage.cli import main
from leverage.model.solve import solve
from leverage.workbook import write_workbook

ROOT = Path(__file__).resolve().parent.parent


def test_sheets_are_protected_without_password_and_inputs_stay_editable(tmp_path, example_scenarios):
    out = tmp_path / "out.xlsx"
    write_workbook(example_scenarios, out)
    book = openpyxl.load_workbook(out)
    for ws in book.worksheets:
        assert ws.protection.sheet and not ws.protection.password, ws.title
        # openpyxl stores "True" for an action that is *protected*.
        assert not ws.protection.formatColumns and not ws.protection.formatRows, ws.title
    inputs = book["Inputs"]
    assert inputs["B5"].value == 5_880_000 and inputs["B5"].protection.locked is False
    assert inputs["A5"].protection.locked is True
    unlocked_formulas = [
        f"{ws.title}!{c.coordinate}" for ws in book.worksheets for row in ws.iter_rows() for c in row
        if isinstance(c.value, str) and c.value.startswith("=") and not c.protection.locked
    ]
    assert unlocked_formulas == []
    constants_outside_inputs = [
        f"{ws.title}!{c.coordinate}" for ws in book.worksheets if ws.title != "Inputs"
        for row in ws.iter_rows() for c in row if isinstance(c.value, (int, float)) and not isinstance(c.value, bool)
    ]
    assert constants_outside_inputs == []


def test_print_setup_and_frozen_headers(tmp_path, example_scenarios):
    out = tmp_path / "out.xlsx"
    write_workbook(example_scenarios, out)
    for ws in openpyxl.load_workbook(out).worksheets:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.fitToWidth in (1, None) and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert "Worked example" in ws.oddHeader.left.text, ws.title
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text, ws.title
        assert ws.freeze_panes is not None, ws.title


def test_company_ampersand_survives_the_header(tmp_path, example_scenarios):
    out = tmp_path / "out.xlsx"
    write_workbook(solve(replace(example_scenarios.inputs, company="Smith & Sons"), changes=example_scenarios.changes), out)
    with zipfile.ZipFile(out) as z:
        assert "Smith &amp;&amp; Sons" in z.read("xl/worksheets/sheet1.xml").decode()


def test_a_template_without_company_name(tmp_path, example_scenarios):
    out = tmp_path / "out.xlsx"
    write_workbook(solve(replace(example_scenarios.inputs, company=""), changes=example_scenarios.changes), out)
    book = openpyxl.load_workbook(out)
    assert book["Summary"]["A1"].value == "The path to a profit of $1,200,000"
    assert book.properties.title == "Lever method scenarios"
    assert book["Summary"].oddHeader.left.text is None and book["Summary"].oddHeader.right.text == "&A"


def app_property(path, name):
    with zipfile.ZipFile(path) as z:
        match = re.search(rf"<{name}>([^<]*)</{name}>", z.read("docProps/app.xml").decode())
    return match.group(1) if match else None


def test_document_properties(tmp_path, example_scenarios):
    out = tmp_path / "out.xlsx"
    write_workbook(example_scenarios, out, lang="ru")
    props = openpyxl.load_workbook(out).properties
    assert props.title == "Worked example: сценарии метода рычага"
    assert props.subject == "Метод рычага: точки A, B, B′ и B″"
    assert app_property(out, "Company") == "Worked example"
    assert props.created.year == 2000


@pytest.mark.parametrize("currency, lang, money, rate", [
    ("USD", "en", '"$"#,##0', "0.00%"),
    ("EUR", "en", '#,##0 "€"', "0.00%"),
    ("RUB", "ru", '[$-419]#,##0 "₽"', "[$-419]0.00 %"),
    ("USD", "ru", '[$-419]#,##0 "$"', "[$-419]0.00 %"),
])
def test_number_formats_follow_currency_and_language(tmp_path, example_scenarios, currency, lang, money, rate):
    out = tmp_path / "out.xlsx"
    write_workbook(solve(replace(example_scenarios.inputs, currency=currency), changes=example_scenarios.changes), out, lang=lang)
    book = openpyxl.load_workbook(out)
    summary = book.worksheets[0]
    profit = next(r for r in summary.iter_rows(max_col=2) if r[0].value in ("Profit", "Прибыль"))[1]
    margin = next(r for r in summary.iter_rows(max_col=2) if r[0].value in ("Profit margin", "Маржинальность"))[1]
    assert (profit.number_format, margin.number_format) == (money, rate)
    assert book.worksheets[1]["B5"].number_format == money  # last year's revenue, an input


def contents(path):
    """Everything a reader sees, read back: cells (values and formulas), names, properties."""
    book = openpyxl.load_workbook(path)
    cells = {(ws.title, c.coordinate): (c.value, c.number_format) for ws in book.worksheets for row in ws.iter_rows() for c in row}
    names = {name: dn.attr_text for name, dn in book.defined_names.items()}
    props = book.properties
    return (book.sheetnames, cells, names, (props.title, props.subject, props.creator, props.created, props.modified),
            app_property(path, "Company"))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_same_inputs_same_workbook(tmp_path, example_scenarios, lang):
    write_workbook(example_scenarios, tmp_path / "one.xlsx", lang=lang)
    write_workbook(example_scenarios, tmp_path / "two.xlsx", lang=lang)
    one, two = contents(tmp_path / "one.xlsx"), contents(tmp_path / "two.xlsx")
    assert one == two
    assert len(one[1]) > 400


@pytest.mark.parametrize(("lang", "currency", "profit", "sign"), [
    ("ru", "RUB", "Прибыль, ₽                            558 000   1 200 000   1 200 000   1 304 090", "₽"),
    ("ru", "EUR", "Прибыль, €                            558 000   1 200 000   1 200 000   1 304 090", "€"),
    ("ru", "USD", "Прибыль, $                            558 000   1 200 000   1 200 000   1 304 090", "$"),
    ("en", "USD", "Profit, USD                     558,000   1,200,000   1,200,000   1,304,090", "$"),  # as README
    ("en", "EUR", "Profit, EUR                     558,000   1,200,000   1,200,000   1,304,090", "€"),
])
def test_the_terminal_table_names_the_currency_as_the_workbook_shows_it(tmp_path, lang, currency, profit, sign):
    """Russian tables carry the sign the workbook's figures carry; English ones the code, as the README shows."""
    source = filled(tmp_path / "client.xlsx", **({"template": RU} if lang == "ru" else {}), currency=currency, lang=lang,
                    variable_share="30%", acquisition_spend=530_000)
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(main, ["solve", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert profit in lines
    unit = profit.split(",")[1].split()[0]
    heading = {"ru": "Юнит-экономика", "en": "Unit economics"}[lang]
    assert any(line.startswith(f"{heading}, {unit} ") for line in lines)
    points = openpyxl.load_workbook(out)[{"ru": "Точки", "en": "Points"}[lang]]
    label = {"ru": "Прибыль", "en": "Profit"}[lang]
    row = next(r for r in points.iter_rows() if r[0].value == label)
    assert f'"{sign}"' in row[1].number_format


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_number_format_follows_the_language_in_cells_and_charts(tmp_path, lang):
    """No sheet or chart keeps an English format in a Russian workbook (4,58 %, not 4.58%), ranges included."""
    out = tmp_path / "out.xlsx"
    source = ROOT / "samples" / ("ru-company.xlsx" if lang == "ru" else "channels-example.xlsx")
    result = CliRunner().invoke(main, ["solve", str(source), "--range", "retention=70%..90%", "--samples", "200",
                                       "--lang", lang, "-o", str(out)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    formats = {c.number_format for ws in book.worksheets for row in ws.iter_rows() for c in row}
    with zipfile.ZipFile(out) as z:
        formats |= {code for name in z.namelist() if name.startswith("xl/charts/")
                    for code in re.findall(r'formatCode="([^"]*)"', z.read(name).decode())}
    percents = sorted(code.replace("&quot;", '"') for code in formats if "%" in code)
    assert len(percents) >= 4 and any(code.startswith("+") or ";+" in code or "]+" in code for code in percents)
    if lang == "ru":
        assert [code for code in percents if not (code.startswith("[$-419]") and "%" not in code.replace(" %", ""))] == []
    else:
        assert [code for code in percents if "[$-" in code or " %" in code] == []
