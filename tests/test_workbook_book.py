"""The workbook's quick way through formulas stores exactly what XlsxWriter's own way stores."""

from pathlib import Path

import pytest
from helpers import sample_templates
from xlsxwriter.worksheet import Worksheet

from leverage import api
from leverage.workbook import book as book_module
from leverage.workbook.book import CLASSIC_FUNCTIONS, Sheet, plain_formula

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sample_templates()


def written_formulas(monkeypatch, tmp_path, sample: Path, **solve_options) -> list[tuple[str, bool]]:
    """Every (formula, expand_future_functions) the writer hands XlsxWriter for `sample`."""
    seen: list[tuple[str, bool]] = []

    class Recording(Sheet):
        def _prepare_formula(self, formula, expand_future_functions=False):
            seen.append((formula, expand_future_functions))
            return super()._prepare_formula(formula, expand_future_functions)

    monkeypatch.setattr(book_module.Book, "worksheet_class", Recording)
    api.write_workbook(api.solve(sample, **solve_options), tmp_path / f"{sample.stem}.xlsx")
    return seen


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.stem)
def test_every_formula_is_stored_as_xlsxwriter_would_store_it(monkeypatch, tmp_path, sample):
    seen = written_formulas(monkeypatch, tmp_path, sample, ranges=["avg_check=150k..200k"], samples=1000)
    assert len(seen) > 300
    reference, quick = Worksheet(), Sheet()
    for formula, expand in seen:
        assert quick._prepare_formula(formula, expand) == reference._prepare_formula(formula, expand), formula


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.stem)
def test_every_formula_takes_the_quick_way(monkeypatch, tmp_path, sample):
    """A function missing from CLASSIC_FUNCTIONS would silently make writing slow again."""
    formulas = [formula for formula, _ in written_formulas(monkeypatch, tmp_path, sample)]
    slow = [formula for formula in formulas if plain_formula(formula) is None]
    assert formulas and not slow, f"add the functions of these formulas to CLASSIC_FUNCTIONS: {slow[:3]}"


@pytest.mark.parametrize("name", sorted(CLASSIC_FUNCTIONS))
def test_xlsxwriter_leaves_every_classic_function_alone(name):
    formula = f"={name}(A1,1)"
    assert Worksheet()._prepare_formula(formula, True) == formula[1:]
    assert plain_formula(formula) == formula[1:]


@pytest.mark.parametrize(("formula", "stored"), [
    ("=XLOOKUP(A1,B1:B3,C1:C3)", "_xlfn.XLOOKUP(A1,B1:B3,C1:C3)"),
    ("=IF(A1,SORT(B1:B3),0)", "IF(A1,_xlfn._xlws.SORT(B1:B3),0)"),
    ("=_xlfn.STDEV.S(A1:A3)", "_xlfn.STDEV.S(A1:A3)"),
    ("{=SUM(A1:A3*B1:B3)}", "SUM(A1:A3*B1:B3)"),
    ('=IF(A1,"SORT(",0)', 'IF(A1,"_xlfn._xlws.SORT(",0)'),  # XlsxWriter's own (text included)
])
def test_other_functions_take_xlsxwriters_way(formula, stored):
    assert Sheet()._prepare_formula(formula) == stored == Worksheet()._prepare_formula(formula)


@pytest.mark.parametrize("formula", ["=IF(A1,1,0)", "=MAX(STDEV.S(A1:A3),1)", "=AND(A1>0,CONCAT(B1,C1)=\"x\")"])
def test_with_future_functions_expanded_the_result_is_xlsxwriters(formula):
    sheet, reference = Sheet(), Worksheet()
    sheet.use_future_functions = reference.use_future_functions = True
    assert sheet._prepare_formula(formula) == reference._prepare_formula(formula)
    assert Sheet()._prepare_formula(formula, True) == Worksheet()._prepare_formula(formula, True)
