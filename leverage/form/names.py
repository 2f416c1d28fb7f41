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
from ..i18n import Text, number
from .cells import printable
from .fields import Field

__all__ = ["LAST_COLUMN", "LAST_ROW", "locate"]

# A name pointing at more rows than this is not a template's table (say, a whole column).
_MAX_TABLE_ROWS = 100
# Excel's last row and column (XFD).
LAST_ROW, LAST_COLUMN = 1_048_576, 16_384
# A sheet's name in a reference: quoted ('Исходные данные', with '' for a quote) or a plain word.
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
            Text(
                f'expected a cell named "{spec.name}" (Formulas > Name Manager), but the name is missing; '
                "copy the figures into a fresh template from `leverage template`",
                f"ожидалась ячейка с именем «{spec.name}» (Формулы > Диспетчер имён), но такого имени нет; "
                "перенесите данные в чистый шаблон из `leverage template`",
            ),
            has_seen=False,
        ))
    value = printable((defined.value or "").strip())
    reference = _REFERENCE.fullmatch(value)
    if value and "#REF!" not in value and reference is None:
        raise InputError(_problem(spec, _not_a_reference(spec, value, workbook)))
    shape = Text("one cell", "одну ячейку") if spec.rows == 1 else Text("one column of cells", "один столбец ячеек")
    try:
        assert reference is not None
        sheet = reference["sheet"]
        sheet = sheet[1:-1].replace("''", "'") if sheet.startswith("'") else sheet
        min_col, min_row, max_col, max_row = range_boundaries(value[reference.end("sheet") + 1:])
    except Exception:  # no reference, or one openpyxl cannot bound (a whole column)
        sheet, min_row = "", None
    if min_row is not None and min_col is not None and (max_row > LAST_ROW or max_col > LAST_COLUMN):
        raise InputError(_problem(spec, Text(
            f'expected the name "{spec.name}" to point at {shape}, but it points at "{value[:100]}", beyond the '
            f"last row ({LAST_ROW:,}) or column (XFD) of a sheet; restore it in Formulas > Name Manager",
            f"ожидалось, что имя «{spec.name}» указывает на {shape.ru}, а оно указывает на «{value[:100]}» — "
            f"за последней строкой ({number(LAST_ROW, 0, 'ru')}) или столбцом (XFD) листа; исправьте его "
            "в Формулы > Диспетчер имён",
        )))
    if sheet not in workbook.sheetnames or min_row is None or min_col is None or min_col != max_col or (
        spec.rows == 1 and min_row != max_row
    ) or not 0 <= max_row - min_row < _MAX_TABLE_ROWS:
        points_at = value[:100]
        raise InputError(Problem(
            None, spec.name,
            Text(
                f'expected the name "{spec.name}" to point at {shape}, but it points at "{points_at}" '
                "(a deleted row or sheet leaves #REF!); restore it in Formulas > Name Manager",
                f"ожидалось, что имя «{spec.name}» указывает на {shape.ru}, а оно указывает на «{points_at}» "
                "(удалённая строка или лист оставляет #REF!); исправьте его в Формулы > Диспетчер имён",
            ),
            has_seen=False,
        ))
    sheet_cells = workbook[sheet]
    return [sheet_cells.cell(row=row, column=min_col) for row in range(min_row, max_row + 1)]


def _problem(spec: Field, message: Text) -> Problem:
    """A problem with a field's defined name: it has no cell to locate."""
    return Problem(None, spec.name, message, has_seen=False)


def _ambiguous(spec: Field, sheets: list[str]) -> Text:
    """A name scoped to several sheets and to none of the workbook: any of them could be meant."""
    listed = ", ".join(sheets[:5]) + (", ..." if len(sheets) > 5 else "")
    return Text(
        f'expected one cell named "{spec.name}", but the name is ambiguous: it is defined for the sheets {listed} '
        "and not for the whole workbook (as after copying a sheet); in Formulas > Name Manager, delete the copies "
        "and keep one name with the scope Workbook",
        f"ожидалась одна ячейка с именем «{spec.name}», но имя неоднозначно: оно задано для листов {listed}, "
        "а не для всей книги (так бывает после копирования листа); в Формулы > Диспетчер имён удалите копии "
        "и оставьте одно имя с областью «Книга»",
    )


def _not_a_reference(spec: Field, value: str, workbook: Workbook) -> Text:
    """A name that holds a formula or a value (`Inputs!$C$10*2`, `+1000000`): Excel calculates it, this tool
    reads cells, so the name is refused rather than read as the bare cell it mentions."""
    cited = next((match[0] for match in _CELL.finditer(value)
                  if match["sheet"].strip("'").replace("''", "'") in workbook.sheetnames), None)
    shape = "the cell" if spec.rows == 1 else "the column of cells"
    shape_ru = "ячейку" if spec.rows == 1 else "столбец ячеек"
    such_as = f" (such as {cited})" if cited else ""
    such_as_ru = f" (например, {cited})" if cited else ""
    return Text(
        f'expected the name "{spec.name}" to be a plain reference to {shape} that holds {spec.name}{such_as}, '
        f'but it holds "{value[:100]}", a formula, value or list that Excel calculates and this tool does not '
        f"read; in Formulas > Name Manager, point the name at {shape} and put any formula in the cell itself",
        f"ожидалось, что имя «{spec.name}» — простая ссылка на {shape_ru} со значением {spec.name}{such_as_ru}, "
        f"а в нём «{value[:100]}» — формула, значение или список, которые вычисляет Excel, но не читает эта "
        f"программа; в Формулы > Диспетчер имён укажите в имени {shape_ru}, а формулу, если она нужна, "
        "запишите в самой ячейке",
    )
