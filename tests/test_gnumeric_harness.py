"""The Gnumeric harness really recalculates instead of echoing cached values, and reports errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import gnumeric
import openpyxl
import pytest
import xlsxwriter
from libreoffice import cached_values, formula_cells

pytestmark = pytest.mark.skipif(gnumeric.find_ssconvert() is None, reason="Gnumeric (ssconvert) not installed")


def _workbook(path: Path, formulas: list[tuple[str, str, object]]) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    inputs = wb.add_worksheet("Inputs")
    inputs.write("A1", 2)
    inputs.write("A2", 3)
    inputs.write_blank("A3", None)
    calc = wb.add_worksheet("Calc Sheet")
    for cell, formula, value in formulas:
        calc.write_formula(cell, formula, None, value)
    wb.close()
    return path


RIGHT = [
    ("A1", "=Inputs!A1*Inputs!A2", 6),
    ("A2", "=Inputs!A1/Inputs!A2", 2 / 3),
    ("A3", "=SUM(Inputs!A1:A2)*1.1", (2 + 3) * 1.1),
    ("A4", '="total "&A1', "total 6"),
    ("A5", "=Inputs!A1>Inputs!A2", False),
    ("A6", "=Inputs!A1<Inputs!A2", True),
    ("A7", '=IF(A1>100,"big","")', ""),
    ("A8", "=ROUND(A2,2)", 0.67),
    ("A9", "=IF(ISNUMBER(Inputs!A3),Inputs!A3,0)", 0),
]


def test_every_cached_value_is_overwritten_before_recalculating(tmp_path):
    xlsx = _workbook(tmp_path / "right.xlsx", RIGHT)
    planted = gnumeric.plant_cached_values(xlsx, tmp_path / "planted.xlsx")
    assert formula_cells(planted) == formula_cells(xlsx)
    assert set(cached_values(planted).values()) == {gnumeric.PLANTED}
    book = openpyxl.load_workbook(planted)
    assert book["Calc Sheet"]["A4"].value == '="total "&A1' and book["Inputs"]["A1"].value == 2


def test_recalculation_is_forced_not_cached(tmp_path):
    xlsx = _workbook(tmp_path / "wrong.xlsx", [("A1", "=Inputs!A1*Inputs!A2", 99), ("A2", '="n="&Inputs!A1', "n=2")])
    assert cached_values(xlsx)[("Calc Sheet", "A1")] == 99
    assert gnumeric.recalculated_values(xlsx, tmp_path / "g") == {("Calc Sheet", "A1"): 6, ("Calc Sheet", "A2"): "n=2"}


def test_compare_reports_exactly_the_wrong_cache(tmp_path):
    xlsx = _workbook(tmp_path / "wrong.xlsx", RIGHT[:3] + [("A4", "=Inputs!A1*Inputs!A2", 99)])
    assert gnumeric.compare_formula_cells(xlsx, tmp_path / "g") == (4, ["Calc Sheet!A4: cached 99, Gnumeric 6"])


def test_correct_cache_compares_clean(tmp_path):
    xlsx = _workbook(tmp_path / "right.xlsx", RIGHT)
    assert gnumeric.compare_formula_cells(xlsx, tmp_path / "g") == (9, [])


def test_an_error_value_is_a_mismatch_even_where_ssconvert_succeeds(tmp_path):
    xlsx = _workbook(tmp_path / "errors.xlsx", [
        ("A1", "=Inputs!A1/0", 0), ("A2", "=NA()", "#N/A"), ("A3", "=Inputs!A1+1", 3)])
    assert gnumeric.compare_formula_cells(xlsx, tmp_path / "g") == (3, [
        "Calc Sheet!A1: cached 0, Gnumeric '#DIV/0!'", "Calc Sheet!A2: cached '#N/A', Gnumeric '#N/A'"])


def test_failed_conversion_raises_with_output(tmp_path, monkeypatch):
    xlsx = _workbook(tmp_path / "right.xlsx", RIGHT)
    monkeypatch.setattr(gnumeric, "find_ssconvert", lambda: shutil.which("false"))
    with pytest.raises(RuntimeError, match="Gnumeric failed to convert .*right.xlsx .exit code 1"):
        gnumeric.recalculate(xlsx, tmp_path / "g")
