"""XlsxWriter's workbook with a quicker way through the formulas we write.

XlsxWriter runs about thirty regular-expression substitutions over every
formula, to prefix the functions Excel added after 2010 (`_xlfn.XLOOKUP`). Our
workbooks hold about five hundred formulas, so those substitutions were half of
the time spent writing one (and a conditional format's formula goes through
some four hundred more). Our formulas use only functions from before 2010,
which need no prefix: when every function a formula calls is on the list below,
the formula goes out as XlsxWriter would write it, without the substitutions.
Any other function, and any formula that already carries a prefix, takes
XlsxWriter's own way, so the result is the same either way
(tests/test_workbook_book.py compares the two on every formula we write).
"""

from __future__ import annotations

import re

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

# Functions of Excel 2007, which Excel reads without a `_xlfn.` prefix. A name is added here only
# if XlsxWriter leaves it alone (tested), so a later XlsxWriter cannot be bypassed by mistake.
CLASSIC_FUNCTIONS = frozenset({
    "ABS", "AND", "AVERAGE", "COUNT", "COUNTA", "COUNTIF", "IF", "IFERROR", "INDEX", "ISBLANK", "ISERROR",
    "ISLOGICAL", "ISNUMBER", "ISTEXT", "LN", "MATCH", "MAX", "MIN", "N", "NOT", "OR", "POWER", "PRODUCT", "RANK",
    "ROUND", "ROUNDDOWN", "ROUNDUP", "ROW", "ROWS", "SUM", "SUMPRODUCT",
})

# XlsxWriter's substitutions match upper-case names before "(", so these are all the calls they could touch.
_CALLS = re.compile(r"[A-Z_][A-Z0-9._]*(?=\()")


def plain_formula(formula: str) -> str | None:
    """`formula` as XlsxWriter would store it, when it calls only classic functions; otherwise None."""
    if "_xlfn." in formula or not CLASSIC_FUNCTIONS.issuperset(_CALLS.findall(formula)):
        return None
    if formula.startswith("{"):
        formula = formula[1:]
    if formula.startswith("="):
        formula = formula[1:]
    if formula.endswith("}"):
        formula = formula[:-1]
    return formula


class Sheet(Worksheet):
    """A worksheet whose classic formulas skip XlsxWriter's future-function substitutions."""

    def _prepare_formula(self, formula, expand_future_functions=False):  # noqa: D102 (XlsxWriter's hook)
        # A classic function is left alone even when XlsxWriter expands the future functions
        # (conditional formats and data validations ask it to): the tests check every name.
        plain = plain_formula(formula)
        return super()._prepare_formula(formula, expand_future_functions) if plain is None else plain


class Book(xlsxwriter.Workbook):
    """A workbook whose sheets are `Sheet`s (XlsxWriter's documented way to subclass worksheets)."""

    worksheet_class = Sheet
