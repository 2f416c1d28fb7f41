"""The workbook calls only functions Excel 2007 knows, so no formula needs XlsxWriter's `_xlfn.` prefix."""

import re
from pathlib import Path

import pytest
from helpers import sample_templates
from openpyxl import load_workbook

from leverage import api

SAMPLES = sample_templates()

# Functions of Excel 2007, which Excel reads without a `_xlfn.` prefix: the workbook is written with
# XlsxWriter's `use_future_functions` off, so a later function here would reach Excel unprefixed.
EXCEL_2007_FUNCTIONS = frozenset({
    "ABS", "AND", "AVERAGE", "COUNT", "COUNTA", "COUNTIF", "IF", "IFERROR", "INDEX", "ISBLANK", "ISERROR",
    "ISLOGICAL", "ISNUMBER", "ISTEXT", "LN", "MATCH", "MAX", "MIN", "N", "NOT", "OR", "POWER", "PRODUCT", "RANK",
    "ROUND", "ROUNDDOWN", "ROUNDUP", "ROW", "ROWS", "SUM", "SUMPRODUCT",
})
# A function call: an upper-case name before "(", outside string literals (removed first).
_CALLS = re.compile(r"[A-Z_][A-Z0-9._]*(?=\()")
_STRINGS = re.compile(r'"(?:[^"]|"")*"')


def stored_formulas(path: Path) -> list[str]:
    """Every formula stored in the workbook at `path`: cells, conditional formats and data validations."""
    book = load_workbook(path)
    formulas = []
    for sheet in book.worksheets:
        formulas += [cell.value for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
        for rules in sheet.conditional_formatting:
            formulas += [formula for rule in rules.rules for formula in rule.formula or ()]
        formulas += [v.formula1 for v in sheet.data_validations.dataValidation if v.formula1]
    return [str(formula) for formula in formulas]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.stem)
def test_every_formula_calls_only_excel_2007_functions(tmp_path, sample):
    path = tmp_path / f"{sample.stem}.xlsx"
    api.write_workbook(api.solve(sample, ranges=["avg_check=150k..200k"], samples=1000), path)
    formulas = stored_formulas(path)
    assert len(formulas) > 300
    assert [formula for formula in formulas if "_xlfn." in formula] == []
    called = {name for formula in formulas for name in _CALLS.findall(_STRINGS.sub('""', formula))}
    assert called and called <= EXCEL_2007_FUNCTIONS, sorted(called - EXCEL_2007_FUNCTIONS)


def test_the_check_sees_a_later_function(tmp_path):
    """What the test above relies on: XlsxWriter stores a post-2007 function with its prefix, and it is read back."""
    import xlsxwriter

    path = tmp_path / "later.xlsx"
    with xlsxwriter.Workbook(str(path), {"use_future_functions": True}) as book:
        book.add_worksheet().write_formula("A1", "=IFS(B1>0,1,TRUE,0)")
    assert stored_formulas(path) == ["=_xlfn.IFS(B1>0,1,TRUE,0)"]
