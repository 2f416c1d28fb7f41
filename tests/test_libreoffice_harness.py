"""The LibreOffice harness really recalculates instead of echoing cached values."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import xlsxwriter

try:
    import libreoffice
except ImportError:  # e.g. pytest --import-mode=importlib: tests/ not on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import libreoffice

pytestmark = pytest.mark.skipif(
    libreoffice.find_soffice() is None, reason="LibreOffice (soffice) not installed"
)


def _wrong_cache_workbook(path: Path) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Sheet1")
    ws.write("A1", 2)
    ws.write("A2", 3)
    ws.write_formula("A3", "=A1*A2", None, 99)  # deliberately wrong: 2*3 = 6
    ws.write_formula("A4", '="n="&A1', None, "n=2")  # correct text result
    wb.close()
    return path


def _correct_cache_workbook(path: Path) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("Inputs")
    ws.write("A1", 2)
    ws.write("A2", 3)
    calc = wb.add_worksheet("Calc Sheet")
    formulas = [
        ("A1", "=Inputs!A1*Inputs!A2", 6),
        ("A2", "=Inputs!A1/Inputs!A2", 2 / 3),
        ("A3", "=SUM(Inputs!A1:A2)*1.1", (2 + 3) * 1.1),
        ("A4", '="total "&A1', "total 6"),
        ("A5", "=Inputs!A1>Inputs!A2", False),
        ("A6", "=Inputs!A1<Inputs!A2", True),
        ("A7", '=IF(A1>100,"big","")', ""),
        ("A8", "=ROUND(A2,2)", 0.67),
    ]
    for cell, formula, value in formulas:
        calc.write_formula(cell, formula, None, value)
    wb.close()
    return path


def test_recalculation_is_forced_not_cached(tmp_path: Path) -> None:
    xlsx = _wrong_cache_workbook(tmp_path / "wrong.xlsx")

    assert libreoffice.cached_values(xlsx)[("Sheet1", "A3")] == 99
    values = libreoffice.recalculated_values(xlsx, tmp_path / "lo")
    assert values == {("Sheet1", "A3"): 6, ("Sheet1", "A4"): "n=2"}


def test_compare_reports_exactly_the_wrong_cache(tmp_path: Path) -> None:
    xlsx = _wrong_cache_workbook(tmp_path / "wrong.xlsx")

    count, mismatches = libreoffice.compare_formula_cells(xlsx, tmp_path / "lo")
    assert count == 2
    assert mismatches == ["Sheet1!A3: cached 99, LibreOffice 6"]


def test_correct_cache_compares_clean(tmp_path: Path) -> None:
    xlsx = _correct_cache_workbook(tmp_path / "right.xlsx")

    count, mismatches = libreoffice.compare_formula_cells(xlsx, tmp_path / "lo")
    assert mismatches == []
    assert count == len(libreoffice.formula_cells(xlsx)) == 8


def test_concurrent_calls_do_not_collide(tmp_path: Path) -> None:
    wrong = _wrong_cache_workbook(tmp_path / "wrong.xlsx")
    right = _correct_cache_workbook(tmp_path / "right.xlsx")
    jobs = [wrong, right, wrong]  # same file twice into the same workdir, too
    with ThreadPoolExecutor(len(jobs)) as pool:
        results = list(
            pool.map(lambda p: libreoffice.compare_formula_cells(p, tmp_path / "lo"), jobs)
        )
    assert results == [
        (2, ["Sheet1!A3: cached 99, LibreOffice 6"]),
        (8, []),
        (2, ["Sheet1!A3: cached 99, LibreOffice 6"]),
    ]


def test_failed_conversion_raises_with_output(tmp_path: Path, monkeypatch) -> None:
    xlsx = _wrong_cache_workbook(tmp_path / "wrong.xlsx")
    monkeypatch.setattr(libreoffice, "find_soffice", lambda: "/bin/false")
    with pytest.raises(RuntimeError, match="failed to convert"):
        libreoffice.recalculate(xlsx, tmp_path / "lo")


def test_to_pdf_and_page_count(tmp_path: Path, monkeypatch) -> None:
    xlsx = _correct_cache_workbook(tmp_path / "right.xlsx")

    pdf = libreoffice.to_pdf(xlsx, tmp_path / "pdf", tmp_path / "lo")
    assert pdf == tmp_path / "pdf" / "right.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    pages = libreoffice.pdf_page_count(pdf)
    assert pages >= 1

    # Without pdfinfo the raw scan of page objects must agree.
    monkeypatch.setattr(libreoffice.shutil, "which", lambda name: None)
    assert libreoffice.pdf_page_count(pdf) == pages
