"""Where a field's cells are: the workbook-scope defined name that points at them (`locate`).

Shared by the template's reader (`read`), the reader of its other sections (`sections`) and the
writer that fills a template (`write`), so that none of them imports another for it.
"""

from __future__ import annotations

import re

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.utils import range_boundaries

from ..errors import InputError, Problem
from ..i18n import Message, Num, _
from .cells import printable
from .fields import Field

__all__ = ["LAST_COLUMN", "LAST_ROW", "locate"]

# A name pointing at more rows than this is not a template's table (say, a whole column).
_MAX_TABLE_ROWS = 100
# Excel's last row and column (XFD).
LAST_ROW, LAST_COLUMN = 1_048_576, 16_384
# A sheet's name in a reference: quoted ('Last year', with '' for a quote) or a plain word.
_SHEET = r"(?P<sheet>'(?:[^']|'')+'|[^\W\d][\w.]*)"
_AT = r"\$?[A-Za-z]{1,3}\$?\d+"
# What a defined name may hold: one reference to a cell, a range, whole columns or rows (shapes checked later).
_REFERENCE = re.compile(rf"{_SHEET}!(?:{_AT}(?::{_AT})?|\$?[A-Za-z]{{1,3}}:\$?[A-Za-z]{{1,3}}|\$?\d+:\$?\d+)")
# A cell a formula mentions, to suggest where the name may have been meant to point.
_CELL = re.compile(rf"{_SHEET}!{_AT}(?::{_AT})?")


def locate(workbook: Workbook, spec: Field) -> list[Cell]:
    """The cells a field's defined name points at, top to bottom.

    The workbook-scope name is used; where it is missing or broken, a name of the
    same text scoped to one sheet (Excel gives a copied sheet such names) stands
    in. Raises InputError when the name is missing, is scoped to several sheets
    only, holds a formula or a value rather than a reference, or does not point at
    one cell (one column of cells for a table field) within a sheet, as after
    deleting the row it named.
    """
    defined = workbook.defined_names.get(spec.name)
    if defined is None or "#REF!" in (defined.value or ""):
        scoped = [(ws.title, ws.defined_names[spec.name]) for ws in workbook.worksheets
                  if spec.name in ws.defined_names]
        usable = [(title, name) for title, name in scoped if "#REF!" not in (name.value or "")]
        if len(usable) == 1:
            defined = usable[0][1]
        elif len(usable) > 1 and defined is None:
            raise InputError(_problem(spec, _ambiguous(spec, [title for title, _ in usable])))
    if defined is None:
        raise InputError(Problem(
            None, spec.name,
            _('expected a cell named "{name}" (Formulas > Name Manager), but the name is missing; '
              "copy the figures into a fresh template from `leverage template`", name=spec.name),
            has_seen=False,
        ))
    value = printable((defined.value or "").strip())
    reference = _REFERENCE.fullmatch(value)
    if value and "#REF!" not in value and reference is None:
        raise InputError(_problem(spec, _not_a_reference(spec, value, workbook)))
    try:
        assert reference is not None
        sheet = reference["sheet"]
        sheet = sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet
        min_col, min_row, max_col, max_row = range_boundaries(value[reference.end("sheet") + 1:])
    except Exception:  # no reference, or one openpyxl cannot bound (a whole column)
        sheet, min_row = "", None
    if min_row is not None and min_col is not None and (max_row > LAST_ROW or max_col > LAST_COLUMN):
        if spec.rows == 1:
            beyond = _('expected the name "{name}" to point at one cell, but it points at "{value}", beyond the '
                       "last row ({row}) or column (XFD) of a sheet; restore it in Formulas > Name Manager",
                       name=spec.name, value=value[:100], row=Num(LAST_ROW))
        else:
            beyond = _('expected the name "{name}" to point at one column of cells, but it points at "{value}", '
                       "beyond the last row ({row}) or column (XFD) of a sheet; restore it in Formulas > Name Manager",
                       name=spec.name, value=value[:100], row=Num(LAST_ROW))
        raise InputError(_problem(spec, beyond))
    if sheet not in workbook.sheetnames or min_row is None or min_col is None or min_col != max_col or (
        spec.rows == 1 and min_row != max_row
    ) or not 0 <= max_row - min_row < _MAX_TABLE_ROWS:
        points_at = value[:100]
        raise InputError(Problem(
            None, spec.name,
            _('expected the name "{name}" to point at one cell, but it points at "{value}" '
              "(a deleted row or sheet leaves #REF!); restore it in Formulas > Name Manager",
              name=spec.name, value=points_at) if spec.rows == 1 else
            _('expected the name "{name}" to point at one column of cells, but it points at "{value}" '
              "(a deleted row or sheet leaves #REF!); restore it in Formulas > Name Manager",
              name=spec.name, value=points_at),
            has_seen=False,
        ))
    sheet_cells = workbook[sheet]
    return [sheet_cells.cell(row=row, column=min_col) for row in range(min_row, max_row + 1)]


def _problem(spec: Field, message: Message) -> Problem:
    """A problem with a field's defined name: it has no cell to locate."""
    return Problem(None, spec.name, message, has_seen=False)


def _ambiguous(spec: Field, sheets: list[str]) -> Message:
    """A name scoped to several sheets and to none of the workbook: any of them could be meant."""
    listed = ", ".join(sheets[:5]) + (", ..." if len(sheets) > 5 else "")
    return _('expected one cell named "{name}", but the name is ambiguous: it is defined for the sheets {sheets} '
             "and not for the whole workbook (as after copying a sheet); in Formulas > Name Manager, delete the "
             "copies and keep one name with the scope Workbook", name=spec.name, sheets=listed)


def _not_a_reference(spec: Field, value: str, workbook: Workbook) -> Message:
    """A name that holds a formula or a value (`Inputs!$C$10*2`, `+1000000`): Excel calculates it, this tool
    reads cells, so the name is refused rather than read as the bare cell it mentions."""
    cited = next((match[0] for match in _CELL.finditer(value)
                  if match["sheet"].strip("'").replace("''", "'") in workbook.sheetnames), None)
    params = dict(name=spec.name, value=value[:100], cited=cited)
    if spec.rows == 1 and cited:
        return _('expected the name "{name}" to be a plain reference to the cell that holds {name} (such as {cited}), '
                 'but it holds "{value}", a formula, value or list that Excel calculates and this tool does not '
                 "read; in Formulas > Name Manager, point the name at the cell and put any formula in the cell "
                 "itself", **params)
    if spec.rows == 1:
        return _('expected the name "{name}" to be a plain reference to the cell that holds {name}, '
                 'but it holds "{value}", a formula, value or list that Excel calculates and this tool does not '
                 "read; in Formulas > Name Manager, point the name at the cell and put any formula in the cell "
                 "itself", **params)
    if cited:
        return _('expected the name "{name}" to be a plain reference to the column of cells that holds {name} '
                 '(such as {cited}), but it holds "{value}", a formula, value or list that Excel calculates and this '
                 "tool does not read; in Formulas > Name Manager, point the name at the column of cells and put any "
                 "formula in the cell itself", **params)
    return _('expected the name "{name}" to be a plain reference to the column of cells that holds {name}, '
             'but it holds "{value}", a formula, value or list that Excel calculates and this tool does not read; '
             "in Formulas > Name Manager, point the name at the column of cells and put any formula in the cell "
             "itself", **params)
