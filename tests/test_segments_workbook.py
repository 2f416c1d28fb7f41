"""The Segments sheet: written by `leverage segments -o` and by `leverage solve --clients`, its tables live formulas
that LibreOffice and Gnumeric recalculate to what `leverage.segments` computes, and B′'s average check fed from it."""

import json
import shutil
from pathlib import Path

import engines
import openpyxl
import pytest
from click.testing import CliRunner

import leverage
from leverage.cli import main
from leverage.model.segments import Client, segment

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "crm-export-ru.csv"
LOGISTICS = ("--cost-per-client", "95k", "--drop", "<100k", "--bands", "100k")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def labelled(ws, column: int = 2) -> dict[str, object]:
    """{label in column A: the value in `column`} down the sheet (the first of equal labels)."""
    out: dict[str, object] = {}
    for row in ws.iter_rows(min_col=1, max_col=column):
        if isinstance(row[0].value, str):
            out.setdefault(row[0].value, row[column - 1].value)
    return out


def rows_of(ws, label: str) -> list[int]:
    return [cell.row for cell in ws["A"] if cell.value == label]


@pytest.fixture(scope="module")
def logistics(tmp_path_factory) -> Path:
    """The talk's logistics case as `leverage segments -o` writes it."""
    out = tmp_path_factory.mktemp("segments") / "logistics.xlsx"
    result = run("segments", SAMPLE, *LOGISTICS, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stderr.endswith(f"Wrote {out}\n")
    return out


@pytest.fixture(scope="module")
def solved(tmp_path_factory) -> tuple[Path, dict]:
    """`leverage solve` of the Russian sample template with the logistics export's drop: the workbook and the JSON."""
    folder = tmp_path_factory.mktemp("solved")
    template = folder / "client.xlsx"
    shutil.copy(ROOT / "samples" / "ru-company.xlsx", template)
    out = folder / "client.leverage.xlsx"
    result = run("solve", template, "--clients", SAMPLE, *LOGISTICS[:4], "-o", out, "--json")
    assert result.exit_code == 0, result.output
    return out, json.loads(result.stdout)


def test_the_logistics_case_comes_out_in_the_sheet(logistics):
    """219 of 300 clients under 100,000 a year (73.0 %), the average check 198,500 -> 600,000: × 3.02."""
    ws = openpyxl.load_workbook(logistics, data_only=True)["Segments"]
    values = labelled(ws)
    assert values["Band threshold 1 (annual revenue)"] == 100_000
    assert (values["Clients"], values["Revenue"]) == (300, pytest.approx(59_550_040))
    small = rows_of(ws, "<100k")[0]
    assert [ws.cell(small, c).value for c in range(3, 8)] == [100_000, 219, 0.73, 219 * 50_000, pytest.approx(0.1839, abs=1e-4)]
    assert ws.cell(small, 10).value == -219 * 45_000  # the contribution: the negative segment
    assert values["Clients dropped"] == 219 and values["Clients left"] == 81
    assert values["Average check before"] == pytest.approx(198_500.13, abs=0.01)
    assert values["Average check after"] == pytest.approx(600_000.5)
    factor = values["Average-check factor (after ÷ before)"]
    assert round(factor, 2) == 3.02
    assert factor == leverage.segments(SAMPLE, bands=[100_000], cost_per_client=95_000, drop=["<100k"]).drop.avg_check_factor
    assert values["Cost saved"] == 219 * 95_000
    # The per-client table: largest revenue first, the ABC class and the drop as formulas.
    formulas = openpyxl.load_workbook(logistics)["Segments"]
    header = rows_of(ws, "Client")[0]
    assert [ws.cell(header, c).value for c in range(1, 12)] == [
        "Client", "Revenue", "Cost to serve", "Segment", "Cumulative revenue", "Cumulative % of revenue",
        "Cumulative % of clients", "ABC class", "Contribution", "Cumulative contribution", "Dropped (1 = yes)"]
    first, last = header + 1, header + 300
    assert ws.cell(first, 2).value >= ws.cell(last, 2).value
    assert ws.cell(last, 6).value == pytest.approx(1.0) and ws.cell(last, 7).value == 1.0
    assert formulas.cell(first + 1, 8).value.startswith("=IF(")
    assert sum(ws.cell(r, 11).value for r in range(first, last + 1)) == 219


def test_the_sheet_has_the_pareto_and_whale_charts(logistics):
    ws = openpyxl.load_workbook(logistics)["Segments"]
    assert len(ws._charts) == 2


@pytest.mark.filterwarnings(engines.GNUMERIC_STYLES)
@pytest.mark.parametrize("engine", engines.NAMES)
def test_every_formula_agrees_with_the_engines(logistics, solved, engine, tmp_path):
    for path in (logistics, solved[0]):
        count, mismatches = engines.require(engine).compare_formula_cells(path, tmp_path / path.stem)
        assert mismatches == []
        assert count > 2000


def moved_export(tmp_path: Path) -> Path:
    path = tmp_path / "crm.csv"
    lines = ["Client;Revenue;Cost;Segment"] + [f"Client {i};{1000 * (i + 1) ** 2};{3000 + 100 * i};{'north' if i % 3 else 'south'}"
                                              for i in range(20)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.filterwarnings(engines.GNUMERIC_STYLES)
@pytest.mark.parametrize("engine", engines.NAMES)
def test_moving_a_threshold_moves_the_tables(engine, tmp_path):
    """The thresholds and the ABC limit changed in a copy: each engine gives the tables Python computes for them."""
    export = moved_export(tmp_path)
    out = tmp_path / "segments.xlsx"
    result = run("segments", export, "--bands", "100k", "--drop", "C", "-o", out)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    ws = book["Segments"]
    threshold, a_limit = rows_of(ws, "Band threshold 1 (annual revenue)")[0], rows_of(ws, "ABC: the limit of class A")[0]
    ws.cell(threshold, 2).value = 50_000
    ws.cell(a_limit, 2).value = 0.5
    cached = openpyxl.load_workbook(out, data_only=True)["Segments"]
    band_rows = {name: rows_of(cached, name)[0] for name in ("<100k", "≥100k")}
    abc_rows = {name: rows_of(ws, name)[-1] for name in ("A", "B", "C")}
    copy = tmp_path / "moved.xlsx"
    book.save(copy)
    recalculated = openpyxl.load_workbook(engines.require(engine).recalculate(copy, tmp_path / "work"), data_only=True)["Segments"]
    clients = [Client(f"Client {i}", 1000.0 * (i + 1) ** 2, 3000.0 + 100 * i) for i in range(20)]
    expected = segment(clients, bands=[50_000], abc=(0.5, 0.95))
    for s, r in zip(expected.bands, band_rows.values()):
        assert recalculated.cell(r, 1).value == s.name  # the label follows the threshold: <50k, ≥50k
        got = [recalculated.cell(r, c).value for c in (4, 6, 9, 10)]
        assert got == pytest.approx([s.clients, s.revenue, s.cost, s.contribution])
    for s in expected.abc:
        got = [recalculated.cell(abc_rows[s.name], c).value for c in (4, 6)]
        assert got == pytest.approx([s.clients, s.revenue])
    d = leverage.segments(export, bands=[50_000], abc=(0.5, 0.95), drop=["C"]).drop
    values = labelled(recalculated)
    assert values["Clients dropped"] == d.clients_dropped
    assert values["Average-check factor (after ÷ before)"] == pytest.approx(d.avg_check_factor)


def test_b_prime_average_check_refers_to_the_drop(solved):
    """Inputs' × multiply cell of the average check is the Segments sheet's factor; B′ in the workbook is the JSON's."""
    path, data = solved
    book = openpyxl.load_workbook(path)
    values = openpyxl.load_workbook(path, data_only=True)
    inputs, segments = book["Исходные данные"], values["Сегменты"]
    linked = [(c.coordinate, c.value) for row in inputs.iter_rows() for c in row
              if isinstance(c.value, str) and "Сегменты" in c.value]
    assert len(linked) == 2  # the average check's factor and the margin
    factor_ref = next(ref for coord, ref in linked if coord.startswith("D"))
    cell = factor_ref.rpartition("!")[2].replace("$", "")
    assert segments[cell].value == pytest.approx(data["points"]["B'"]["avg_check"] / data["points"]["A"]["avg_check"])
    points = values["Точки"]
    b_prime = {row[0].value: row[3].value for row in points.iter_rows(min_row=4) if row[0].value}
    assert b_prime["Средний чек (выручка на клиента за год)"] == pytest.approx(data["points"]["B'"]["avg_check"], rel=1e-12)
    assert b_prime["Маржинальность"] == pytest.approx(data["points"]["B'"]["margin"], rel=1e-12)
    # The summary shows where B′'s average check comes from, live from the Segments sheet.
    summary = values["Сводка"]
    title = rows_of(summary, "Отказ от <100k: показатели клиентской базы (лист «Сегменты»)")[0]
    block = {summary.cell(r, 1).value: summary.cell(r, 2).value for r in range(title + 1, title + 5)}
    assert block["Клиентов уходит"] == 219
    assert round(block["Множитель среднего чека (после ÷ до)"], 2) == 3.02
    assert book["Сводка"].cell(title + 4, 2).value.startswith("=Сегменты!")


def test_a_lever_given_keeps_its_own_value(tmp_path):
    template = tmp_path / "client.xlsx"
    shutil.copy(ROOT / "samples" / "ru-company.xlsx", template)
    out = tmp_path / "out.xlsx"
    result = run("solve", template, "--clients", SAMPLE, "--drop", "<100k", "--lever", "avg_check=x2", "-o", out)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert "Сегменты" in book.sheetnames
    assert not [c for row in book["Исходные данные"].iter_rows() for c in row if isinstance(c.value, str) and "Сегменты" in c.value]


def test_default_name_beside_the_export_and_no_overwrite(tmp_path):
    export = tmp_path / "crm.csv"
    shutil.copy(SAMPLE, export)
    first = run("segments", export, "-o")
    assert first.exit_code == 0, first.output
    written = tmp_path / "crm.segments.xlsx"
    assert first.stderr.endswith(f"Wrote {written}\n") and written.is_file()
    again = run("segments", export, "-o")
    assert again.exit_code == 3
    assert again.stderr == f"Error: {written}: already exists; use --force to overwrite it or -o to choose another name\n"
    assert run("segments", export, "-o", "--force").exit_code == 0


def test_above_the_live_limit_the_tables_are_values(tmp_path, monkeypatch):
    import leverage.workbook.segments_sheet as sheet

    monkeypatch.setattr(sheet, "LIVE_LIMIT", 100)
    out = tmp_path / "big.xlsx"
    result = run("segments", SAMPLE, *LOGISTICS, "-o", out)
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["Segments"]
    cells = [c.value for row in ws.iter_rows() for c in row]
    assert not [v for v in cells if isinstance(v, str) and v.startswith("=")]
    assert "Above 100 clients the per-client table is left out: the tables below are values, not formulas." in cells
    assert labelled(ws)["Clients dropped"] == 219


def test_russian_sheet_and_api(tmp_path):
    report = leverage.segments(SAMPLE, bands=[100_000], cost_per_client=95_000, drop=["<100k"])
    written = leverage.write_segments(report, tmp_path / "ru", lang="ru")
    assert written == tmp_path / "ru.xlsx"
    ws = openpyxl.load_workbook(written, data_only=True)["Сегменты"]
    assert labelled(ws)["Клиенты"] == 300
    assert ws["A1"].value == "Сегменты клиентской базы crm-export-ru.csv"


def test_the_sheet_prints_one_page_wide(logistics, tmp_path):
    """The tables on the first page, the charts on the second, then the 300 clients, one page wide (LibreOffice)."""
    import libreoffice

    engines.require("LibreOffice")
    pdf = libreoffice.to_pdf(logistics, tmp_path / "pdf", tmp_path / "lo")
    assert 3 <= libreoffice.pdf_page_count(pdf) <= 8
    ws = openpyxl.load_workbook(logistics)["Segments"]
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0  # 1 is the default, left out
    assert len(ws.row_breaks.brk) == 2


# Segment names a criterion would misread: comparisons, wildcards, the escape, a percent, a comma and a space.
TRICKY = ("<VIP>", "A*B", "AxB", "50%?", "50%x", "=x", "x", "~t", "t", ">5", "Москва, центр", "1", "VIP", "vip")


def tricky_export(tmp_path) -> Path:
    """Three clients in each tricky segment, revenues across the bands 1.23k, 250k and 1.5M."""
    lines = ["Клиент;Выручка;Сегмент"]
    for i, name in enumerate(TRICKY):
        for j, revenue in enumerate((900 + 10 * i, 260_000 + 1000 * i, 2_000_000 + 1000 * i)):
            lines.append(f"Клиент {i}-{j};{revenue};{name}")
    path = tmp_path / "tricky.csv"
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1251"))
    return path


@pytest.mark.filterwarnings(engines.GNUMERIC_STYLES)
@pytest.mark.parametrize("engine", engines.NAMES)
def test_segment_names_are_matched_literally_and_band_labels_follow_the_thresholds(engine, tmp_path):
    """Names starting with <, > or = or holding * ? ~ count only their own clients in each engine; a drop whose
    name holds ", " is one part; the band labels are formulas over the thresholds, cached as Python names them."""
    export = tricky_export(tmp_path)
    out = tmp_path / "tricky.xlsx"
    result = run("segments", export, "--bands", "1234,250k,1.5M", "--drop", "Москва, центр", "--drop", "<VIP>",
                 "--drop", "vip", "--cost-per-client", "1000", "-o", out)
    assert result.exit_code == 0, result.output
    report = leverage.segments(export, bands=[1234, 250_000, 1_500_000], drop=["Москва, центр", "<VIP>", "vip"],
                               cost_per_client=1000)
    assert report.drop.parts == ("Москва, центр", "<VIP>", "vip") and report.drop.clients_dropped == 9
    assert [s.name for s in report.segmentation.bands] == ["<1.23k", "1.23k-250k", "250k-1.5M", "≥1.5M"]
    assert {s.name: s.clients for s in report.segmentation.columns} == dict.fromkeys(TRICKY, 3)
    count, mismatches = engines.require(engine).compare_formula_cells(out, tmp_path / "work")
    assert count > 100 and mismatches == []
    cached = openpyxl.load_workbook(out, data_only=True)["Segments"]
    formulas = openpyxl.load_workbook(out)["Segments"]
    for s in report.segmentation.columns:
        r = rows_of(cached, s.name)[0]
        assert [cached.cell(r, c).value for c in (4, 6)] == [3, pytest.approx(s.revenue)]
    for s in report.segmentation.bands:
        r = rows_of(cached, s.name)[0]
        assert str(formulas.cell(r, 1).value).startswith("=")
        assert cached.cell(r, 4).value == s.clients
    assert labelled(cached)["Clients dropped"] == 9
    # Moving the thresholds renames the bands as Python would name them.
    copy = tmp_path / "moved.xlsx"
    moved = openpyxl.load_workbook(out)
    for n, value in enumerate((950, 1_000_000, 2_500_000), start=1):
        moved["Segments"].cell(rows_of(moved["Segments"], f"Band threshold {n} (annual revenue)")[0], 2).value = value
    moved.save(copy)
    recalculated = openpyxl.load_workbook(engines.require(engine).recalculate(copy, tmp_path / "again"),
                                          data_only=True)["Segments"]
    rows = [rows_of(cached, s.name)[0] for s in report.segmentation.bands]
    assert [recalculated.cell(r, 1).value for r in rows] == ["<950", "950-1M", "1M-2.5M", "≥2.5M"]
