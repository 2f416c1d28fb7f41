"""The blank template: the committed files are what `write_template` writes now, every
field is a named, styled, validated and annotated input, and filling keeps all of it."""

import pytest
from helpers import ROOT, describe, fill_template, without_values
from openpyxl import load_workbook

from leverage.errors import OutputError
from leverage.form.fields import FIELDS, METRIC_LABELS, SECTIONS, field, label
from leverage.form.names import locate
from leverage.form.write import STANDARD_TEMPLATES, build_template, write_template
from leverage.workbook.styles import FIXED_CREATED

TEMPLATES = ROOT / "templates"
SAMPLES = ROOT / "samples"
STANDARD = [(TEMPLATES / name, lang, currency) for name, (lang, currency) in STANDARD_TEMPLATES.items()]


@pytest.mark.parametrize("path, lang, currency", STANDARD, ids=lambda p: getattr(p, "name", p))
def test_committed_template_is_what_write_template_writes_now(tmp_path, path, lang, currency):
    fresh = write_template(tmp_path / path.name, lang=lang, currency=currency)
    assert describe(path) == describe(fresh)


@pytest.mark.parametrize("path, lang, currency", STANDARD, ids=lambda p: getattr(p, "name", p))
def test_every_field_is_a_named_styled_validated_annotated_input(path, lang, currency):
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    assert len(wb.worksheets) == 1
    for spec in FIELDS:
        cells = locate(wb, spec)  # raises if the defined name is missing or malformed
        assert len(cells) == spec.rows, spec.name
        for cell in cells:
            where = f"{spec.name} {cell.coordinate}"
            assert cell.parent is ws, where
            assert cell.fill.fgColor.rgb == "FFFFF2CC", where
            assert cell.font.color.rgb == "FF0000FF", where
            assert cell.border.left.style == "thin", where
            assert cell.protection.locked is False, where
            assert cell.comment is not None and cell.comment.text == spec.note.get(lang), where
            assert cell.data_type != "f", where
            [validation] = [v for v in ws.data_validations.dataValidation if cell.coordinate in v.sqref]
            assert validation.promptTitle == spec.label.get(lang)[:32], where
            assert validation.prompt == spec.hint.get(lang), where
    assert wb.properties.created == FIXED_CREATED.replace(tzinfo=None)


def test_field_kinds_get_their_validation_and_format():
    wb = load_workbook(TEMPLATES / "leverage-template-en.xlsx")
    ws = wb.worksheets[0]

    def rule(name):
        cell = locate(wb, field(name))[0]
        [v] = [v for v in ws.data_validations.dataValidation if cell.coordinate in v.sqref]
        return v.type, v.operator, v.formula1, cell.number_format, v.error

    assert rule("currency") == ("list", None, '"USD,RUB,EUR"', "@", "Choose one of: USD, RUB, EUR.")
    assert rule("lang") == ("list", None, '"en,ru"', "@", "Choose one of: en, ru.")
    assert rule("company") == ("textLength", "lessThanOrEqual", "200", "@", "At most 200 characters.")
    assert rule("revenue") == ("decimal", "greaterThan", "0", "#,##0", "Type an amount above 0, as a number.")
    assert rule("headcount") == ("whole", "greaterThan", "0", "#,##0", "Type a whole number above 0.")
    assert rule("clients_lost") == ("whole", "greaterThanOrEqual", "0", "#,##0", "Type a whole number of 0 or more.")
    assert rule("funnel_counts") == ("whole", "greaterThan", "0", "#,##0", "Type a whole number above 0.")
    # Changes accept anything and are text cells: in a number cell Excel would turn "+10%" into 0.1.
    assert rule("lever_avg_check") == (None, None, None, "@", None)
    assert rule("lever_conversion_steps") == (None, None, None, "@", None)


@pytest.mark.parametrize("lang, currency, leads", [("en", "EUR", "Leads"), ("ru", "USD", "Лиды")])
def test_prefilled_cells_and_live_unit(tmp_path, lang, currency, leads):
    path = write_template(tmp_path / "t.xlsx", lang=lang, currency=currency)
    wb = load_workbook(path)

    def values(name):
        return [cell.value for cell in locate(wb, field(name))]

    assert values("currency") == [currency]
    assert values("lang") == [lang]
    assert values("funnel_stages") == [leads] + [None] * 7
    assert values("funnel_counts") == [None] * 8
    assert values("revenue") == values("lever_avg_check") == values("target_profit") == [None]
    ws = wb.worksheets[0]
    revenue = locate(wb, field("revenue"))[0]
    assert ws.title == ("Inputs" if lang == "en" else "Исходные данные")
    # The unit beside a money input follows the currency cell.
    assert ws.cell(revenue.row, revenue.column + 1).value == '=IF(currency="","USD",currency)'
    cached = load_workbook(path, data_only=True).worksheets[0].cell(revenue.row, revenue.column + 1).value
    assert cached == currency


def test_layout_title_sections_in_order(tmp_path):
    path = write_template(tmp_path / "t.xlsx")
    ws = load_workbook(path).worksheets[0]
    column_a = [ws.cell(row, 1).value for row in range(1, ws.max_row + 1)]
    assert column_a[0] == "leverage: inputs for the lever method"
    headings = [section.title.en for section in SECTIONS]
    assert [value for value in column_a if value in headings] == headings
    assert ws.freeze_panes == "A4"
    setup = ws.page_setup
    # One page wide, as many tall as needed (XlsxWriter leaves out fitToWidth=1, the default).
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (setup.orientation, setup.fitToWidth or 1, setup.fitToHeight, setup.paperSize) == ("landscape", 1, 0, 9)


def test_same_call_writes_the_same_contents(tmp_path):
    build_template(tmp_path / "a.xlsx", lang="ru", currency="EUR")
    build_template(tmp_path / "b.xlsx", lang="ru", currency="EUR")
    assert describe(tmp_path / "a.xlsx") == describe(tmp_path / "b.xlsx")


def test_write_template_refuses_to_overwrite_without_force(tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"keep me")
    with pytest.raises(OutputError, match="already exists; use --force"):
        write_template(path)
    assert path.read_bytes() == b"keep me"
    write_template(path, force=True)
    assert load_workbook(path).worksheets[0].title == "Inputs"


@pytest.mark.parametrize("options, message", [
    ({"lang": "de"}, "unknown template language 'de': expected one of en, ru"),
    ({"currency": "usd"}, "unknown currency 'usd': expected one of USD, RUB, EUR"),
])
def test_unknown_language_or_currency(tmp_path, options, message):
    with pytest.raises(ValueError, match=message):
        write_template(tmp_path / "t.xlsx", **options)
    assert not (tmp_path / "t.xlsx").exists()


def test_filling_keeps_names_validations_and_notes(tmp_path):
    template = TEMPLATES / "leverage-template-en.xlsx"
    filled = fill_template(template, tmp_path / "f.xlsx", {"revenue": 5_880_000, "funnel_stages": ["=Leads", "Paid"]})
    assert without_values(describe(filled)) == without_values(describe(template))
    wb = load_workbook(filled)
    assert locate(wb, field("revenue"))[0].value == 5_880_000
    first = locate(wb, field("funnel_stages"))[0]
    assert (first.value, first.data_type) == ("=Leads", "s")  # text, not a formula


@pytest.mark.parametrize("sample, template", [
    ("worked-example.xlsx", "leverage-template-en.xlsx"),
    ("ru-company.xlsx", "leverage-template-ru.xlsx"),
])
def test_samples_keep_the_template_names_validations_and_notes(sample, template):
    assert without_values(describe(SAMPLES / sample)) == without_values(describe(TEMPLATES / template))


def test_fill_refuses_too_many_values(tmp_path):
    with pytest.raises(ValueError, match="funnel_counts: 9 values for 8 cells"):
        fill_template(TEMPLATES / "leverage-template-en.xlsx", tmp_path / "f.xlsx", {"funnel_counts": [1] * 9})


def test_labels_in_both_languages():
    assert label("clients_lost", "ru") == "Ушедшие клиенты"
    assert label("revenue", "en") == "Revenue"
    for lang in ("en", "ru"):
        for spec in FIELDS:
            assert spec.label.get(lang) and spec.hint.get(lang) and spec.note.get(lang), (spec.name, lang)
            assert len(spec.hint.get(lang)) <= 255  # Excel's limit for an input message
    keys = {"margin", "rev_per_employee", "avg_check", "retention", "clients_end", "leads", "conversion",
            "headcount", "profit", "revenue", "clients_start", "clients_new"}
    assert keys <= set(METRIC_LABELS["en"]) and keys <= set(METRIC_LABELS["ru"])
    assert METRIC_LABELS["ru"]["retention"] == "Конверсия в удержание"
    with pytest.raises(KeyError, match="no template field 'retention'"):
        field("retention")
