"""The summary sheet, the charts and the checks: what the client sees first.

Figures on the summary equal the JSON, ratios are formulas on the Points sheet,
conclusions are text equal to `conclude`, charts exist and read live formula
cells, the master check really checks, and a section hook adds blocks."""

import re
import zipfile
from dataclasses import replace

import openpyxl
import pytest
from libreoffice import compare_formula_cells, find_soffice, pdf_page_count, recalculate, to_pdf

from leverage.changes import parse_change
from leverage.i18n import translator
from leverage.i18n.conclusions import conclude
from leverage.model.inputs import Change
from leverage.model.solve import solve
from leverage.render.table import to_dict
from leverage.workbook import SummaryBlock, SummaryCell, write_workbook

needs_libreoffice = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
KEYS = ["A", "B", "B'", "B''"]


@pytest.fixture
def example_ru(worked_example):
    inputs = replace(worked_example, currency="RUB", lang="ru", company="ООО «Ромашка»")
    return solve(inputs, changes=[("avg_check", parse_change("avg_check", "x2"))])


def rows_by_label(ws, first_col=1, width=10):
    """{label in column A: [values of the next `width` columns]} for a sheet."""
    out = {}
    for row in ws.iter_rows(min_row=1, max_col=first_col + width):
        if isinstance(row[0].value, str):
            out.setdefault(row[0].value, [c.value for c in row[first_col:first_col + width]])
    return out


def test_sheets_in_order_in_both_languages(tmp_path, example_scenarios):
    write_workbook(example_scenarios, tmp_path / "en.xlsx")
    write_workbook(example_scenarios, tmp_path / "ru.xlsx", lang="ru")
    assert openpyxl.load_workbook(tmp_path / "en.xlsx").sheetnames == ["Summary", "Inputs", "Points", "Levers", "Charts", "Checks"]
    assert openpyxl.load_workbook(tmp_path / "ru.xlsx").sheetnames == ["Сводка", "Исходные данные", "Точки", "Рычаги", "Графики", "Проверки"]


def test_summary_figures_equal_json_and_ratios_refer_to_points(tmp_path, example_scenarios):
    out = tmp_path / "out.xlsx"
    write_workbook(example_scenarios, out)
    values = rows_by_label(openpyxl.load_workbook(out, data_only=True)["Summary"])
    formulas = rows_by_label(openpyxl.load_workbook(out)["Summary"])
    data = to_dict(example_scenarios)["points"]
    assert values["Status"][:4] == ["OK"] * 4
    assert values["Profit"][:4] == pytest.approx([data[k]["profit"] for k in KEYS], rel=1e-12)
    assert values["Revenue"][:4] == pytest.approx([data[k]["revenue"] for k in KEYS], rel=1e-12)
    assert values["Headcount"][:4] == [data[k]["whole"]["headcount"] for k in KEYS]
    assert values["Leads"][:4] == [data[k]["whole"]["funnel"][0] for k in KEYS] == [5300, 17_820, 4_111, 5300]
    # Ratios B/A, B'/A, B''/A, B'/B, B''/B from the exact figures: B' needs 4.3x fewer leads than B.
    leads = [data[k]["leads"] for k in KEYS]
    assert values["Leads"][4:9] == pytest.approx(
        [leads[1] / leads[0], leads[2] / leads[0], leads[3] / leads[0], leads[2] / leads[1], leads[3] / leads[1]], rel=1e-12)
    assert round(1 / values["Leads"][7], 1) == 4.3
    assert values["Profit"][8] == pytest.approx(1.087, abs=5e-4)  # B'' beats the target by 8.7 %
    for label in ("Profit", "Leads", "Headcount", "Profit margin"):
        assert all(f.startswith("=") and "Points!" in f for f in formulas[label][:9]), label


def test_conclusions_are_text_from_the_figures(tmp_path, example_scenarios, example_ru):
    for scenarios, lang, sheet in ((example_scenarios, "en", "Summary"), (example_ru, "ru", "Сводка")):
        out = tmp_path / f"{lang}.xlsx"
        write_workbook(scenarios, out)
        cells = [c for row in openpyxl.load_workbook(out)[sheet].iter_rows(max_col=1) for c in row
                 if isinstance(c.value, str) and c.value.startswith("• ")]
        t = translator(lang, scenarios.inputs.currency)
        assert [c.value[2:] for c in cells] == [c.text for c in conclude(scenarios, t)]
        assert all(c.data_type == "s" for c in cells)
    text = " ".join(c.value for c in cells).replace("\u00a0", " ")
    assert "в 4,3 раза меньше лидов, чем для B" in text and "на 8,7 %" in text


def test_summary_title_keeps_template_text_as_text(tmp_path, example_scenarios):
    scenarios = solve(replace(example_scenarios.inputs, company="=1+1"), changes=example_scenarios.changes)
    out = tmp_path / "out.xlsx"
    write_workbook(scenarios, out)
    ws = openpyxl.load_workbook(out)["Summary"]
    assert ws["A1"].value == "=1+1: the path to a profit of $1,200,000" and ws["A1"].data_type == "s"


def chart_refs(path):
    """{chart part: [series formulas]} and the charts drawn on each sheet, from the xlsx parts."""
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        charts = {n: re.findall(r"<c:f>([^<]+)</c:f>", z.read(n).decode()) for n in names if re.match(r"xl/charts/chart\d+\.xml", n)}
        drawn = {}
        for n in names:
            m = re.match(r"xl/worksheets/_rels/(sheet\d+)\.xml\.rels", n)
            if m:
                drawings = re.findall(r'Target="../drawings/(drawing\d+\.xml)"', z.read(n).decode())
                drawn[m.group(1)] = sum(
                    len(re.findall(r"charts/chart\d+\.xml", z.read(f"xl/drawings/_rels/{d}.rels").decode())) for d in drawings)
    return charts, drawn


def test_charts_exist_and_read_live_formula_cells(tmp_path, example_scenarios):
    out = tmp_path / "out.xlsx"
    write_workbook(example_scenarios, out)
    charts, drawn = chart_refs(out)
    assert len(charts) == 7  # two on the summary, the levers' bars, a funnel per point on the Charts sheet
    assert drawn["sheet1"] == 2 and drawn["sheet4"] == 1 and drawn["sheet5"] == 4  # Summary, Levers, Charts
    book = openpyxl.load_workbook(out)
    values = 0
    for refs in charts.values():
        for ref in refs:
            sheet, cells = ref.rsplit("!", 1)
            sheet = sheet.strip("'")
            cells = book[sheet][cells.replace("$", "")]
            flat = [c for row in cells for c in row] if isinstance(cells, tuple) else [cells]
            if sheet == "Inputs":  # category names: the template's stage names
                assert all(c.data_type == "s" for c in flat)
            elif all(isinstance(c.value, str) and c.value.startswith("=") for c in flat):
                values += 1
            else:  # point labels on the Charts sheet
                assert sheet == "Charts" and [c.value for c in flat] == ["A", "B", "B′", "B″"]
    # Revenue, profit; three volumes; levers: names, changes; four funnels: spacing, stages, spacing again.
    assert values == 2 + 3 + 2 + 4 * 3


def test_checks_pass_and_master_is_named(tmp_path, example_scenarios):
    out = tmp_path / "out.xlsx"
    write_workbook(example_scenarios, out)
    book = openpyxl.load_workbook(out, data_only=True)
    assert "checks_ok" in book.defined_names
    sheet, cell = next(book.defined_names["checks_ok"].destinations)
    assert (sheet, book[sheet][cell.replace("$", "")].value) == ("Checks", True)
    assert rows_by_label(book["Summary"])["Checks"][0] == "All checks pass"


@needs_libreoffice
def test_master_check_catches_counts_that_do_not_add_up(tmp_path, example_scenarios):
    """The client types a last funnel stage that is not last year's new clients: the master check fails."""
    out = tmp_path / "out.xlsx"
    write_workbook(example_scenarios, out)
    book = openpyxl.load_workbook(out)
    ws = book["Inputs"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Paid")
    ws.cell(row, 2).value = 40
    book.save(out)
    recalculated = openpyxl.load_workbook(recalculate(out, tmp_path / "lo"), data_only=True)
    assert rows_by_label(recalculated["Summary"])["Checks"][0] == "A check fails: see the Checks sheet"
    assert rows_by_label(recalculated["Checks"])["Master check (every check above)"][4] is False


def test_infeasible_points_on_the_summary(tmp_path, worked_example):
    scenarios = solve(worked_example, changes=[("retention", parse_change("retention", "+30pp"))])
    out = tmp_path / "out.xlsx"
    write_workbook(scenarios, out, lang="ru")
    values = rows_by_label(openpyxl.load_workbook(out, data_only=True)["Сводка"])
    assert values["Статус"][:4] == ["OK", "OK", "невыполнимо", "невыполнимо"]
    assert values["Прибыль"][2:4] == [None, None] and values["Прибыль"][6:8] == [None, None]
    points = rows_by_label(openpyxl.load_workbook(out)["Точки"], width=1)
    assert points["B′: невыполнимо"] == ["конверсия в удержание 105,28\u00a0% (остаться не может больше клиентов, чем было)"]


def analysis_section(ctx):
    """An extra section, as an extension would add one: a formula on its own sheet, shown on the summary."""
    ws = ctx.book.add_worksheet("Analysis")
    profit, cell = ctx.points.value("profit", "B''"), ctx.points.cell("profit", "B''")
    ws.write_formula(0, 0, f"={cell}*1.1", None, profit * 1.1)
    return [SummaryBlock(title="Lever analysis", header=("Profit",),
                         rows=(("B″ with 10 % more", (SummaryCell(profit * 1.1, "=Analysis!A1", "money"),)),),
                         notes=("A note from the analysis.",))]


def test_a_section_adds_a_sheet_and_a_summary_block(tmp_path, example_scenarios):
    out = tmp_path / "out.xlsx"
    write_workbook(example_scenarios, out, sections=[analysis_section])
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Summary", "Inputs", "Points", "Levers", "Analysis", "Charts", "Checks"]
    rows = rows_by_label(book["Summary"])
    assert "Lever analysis" in rows and "A note from the analysis." in rows
    assert rows["B″ with 10 % more"][0] == "=Analysis!A1"
    with pytest.raises(ValueError, match="a figure needs a formula"):
        write_workbook(example_scenarios, tmp_path / "bad.xlsx", sections=[
            lambda ctx: [SummaryBlock("Bad", rows=(("constant", (SummaryCell(5.0, None, "money"),)),))]])


@needs_libreoffice
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_section_and_summary_agree_with_libreoffice(tmp_path, example_scenarios, lang):
    out = tmp_path / "out.xlsx"
    write_workbook(example_scenarios, out, lang=lang, sections=[analysis_section])
    count, mismatches = compare_formula_cells(out, tmp_path / "lo")
    assert mismatches == []
    assert count > 300


@needs_libreoffice
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_pdf_as_the_client_prints_it(tmp_path, worked_example, lang):
    """Each sheet prints one page wide: summary, inputs, points, charts and checks on five pages."""
    inputs = replace(worked_example, currency="RUB", lang="ru") if lang == "ru" else worked_example
    out = tmp_path / f"{lang}.xlsx"
    write_workbook(solve(inputs, changes=[("avg_check", Change(multiply=2))]), out)
    pdf = to_pdf(out, tmp_path / "pdf", tmp_path / "lo")
    assert 5 <= pdf_page_count(pdf) <= 7
