"""Finding inputs by their labels when a workbook has lost the template's defined names.

Figures pasted into a fresh workbook leave the names behind but usually bring
their labels along. Each field's label, English or Russian as the template
writes it (column B), is looked for on the sheet that holds the most of them:
a value is the cell to the right of its label, a funnel column is the cells
below its header, and a per-step lever change sits beside "Conversion, step K".
A label found twice is a problem rather than a guess.
"""

from __future__ import annotations

import re
from collections import defaultdict

from openpyxl import Workbook
from openpyxl.cell import Cell

from ..errors import Problem
from ..i18n import _
from ..model.inputs import MAX_STAGES
from .fields import FIELDS, Field

FOUND_BY_LABELS = _("defined names were missing; inputs were found by their labels")

# "Conversion, step 2: stage 2 → 3" (see template._STEP), after normalising.
_STEP = re.compile(r"^(?P<label>.+?) (?P<k>\d+)\s*:")
_LONGEST_LABEL = 120


def normalise(text: str) -> str:
    """Labels compare without case, extra spaces or a trailing colon."""
    return " ".join(text.split()).rstrip(":").strip().casefold()


def is_label(text: object) -> bool:
    """Whether a cell's value is the label of a template field (in either language)."""
    return isinstance(text, str) and any(normalise(text) in _labels(spec) for spec in FIELDS)


def _labels(spec: Field) -> set[str]:
    return {normalise(spec.label.en), normalise(spec.label.ru)}


def locate_by_labels(workbook: Workbook) -> tuple[dict[str, list[Cell]], list[Problem], str | None]:
    """The input cells found by their labels, the problems met, and the sheet they are on.

    Returns ({}, [], None) when no sheet holds a label of a required field: the
    workbook is then not a template at all.
    """
    by_label = {label: spec for spec in FIELDS if spec.kind != "change" or spec.rows == 1 for label in _labels(spec)}
    steps_field = next(spec for spec in FIELDS if spec.kind == "change" and spec.rows > 1)
    step_labels = _labels(steps_field)
    best: tuple[int, str, dict[str, list[Cell]], dict[int, list[Cell]]] | None = None
    for sheet in workbook.worksheets:
        found: dict[str, list[Cell]] = defaultdict(list)
        steps: dict[int, list[Cell]] = defaultdict(list)
        # Only the cells the sheet holds: iterating its full rectangle would create every empty cell.
        for cell in sorted(sheet._cells.values(), key=lambda c: (c.row, c.column)):
            if not isinstance(cell.value, str) or len(cell.value) > _LONGEST_LABEL:
                continue
            text = normalise(cell.value)
            if text in by_label:
                found[by_label[text].name].append(cell)
            elif (match := _STEP.match(text)) and match["label"] in step_labels:
                steps[int(match["k"])].append(cell)
        found = {name: _rightmost_per_row(cells) for name, cells in found.items()}
        steps = {k: _rightmost_per_row(cells) for k, cells in steps.items()}
        required = sum(1 for spec in FIELDS if spec.required and spec.name in found)
        if required and (best is None or len(found) > best[0]):
            best = (len(found), sheet.title, found, steps)
    if best is None:
        return {}, [], None
    _, title, found, steps = best
    located, problems = _cells(workbook[title], found, steps, steps_field)
    return located, problems, title


def _rightmost_per_row(cells: list[Cell]) -> list[Cell]:
    """In one row, the label nearest its value counts: the template's key column ("revenue") sits left of
    the label ("Revenue") and reads the same."""
    by_row: dict[int, Cell] = {}
    for cell in cells:
        if cell.row not in by_row or cell.column > by_row[cell.row].column:
            by_row[cell.row] = cell
    return list(by_row.values())


def _cells(sheet, found: dict[str, list[Cell]], steps: dict[int, list[Cell]],
           steps_field: Field) -> tuple[dict[str, list[Cell]], list[Problem]]:
    located: dict[str, list[Cell]] = {}
    problems: list[Problem] = []
    label_rows = {cell.row for cells in found.values() for cell in cells}
    for spec in FIELDS:
        if spec is steps_field:
            continue
        cells = found.get(spec.name, [])
        if not cells:
            if spec.required:
                problems.append(Problem(
                    sheet.title, spec.name,
                    _('expected a label "{en}" (or "{ru}") with the value below: the defined names were missing, '
                      "so inputs are looked up by their labels", en=spec.label.en, ru=spec.label.ru)
                    if spec.rows > 1 else
                    _('expected a label "{en}" (or "{ru}") with the value to its right: the defined names were '
                      "missing, so inputs are looked up by their labels", en=spec.label.en, ru=spec.label.ru),
                    has_seen=False,
                ))
            continue
        if len(cells) > 1:
            problems.append(Problem(
                f"{sheet.title}!{cells[1].coordinate}", spec.name,
                _('expected the label "{label}" once (it is at {cell}): the defined names '
                  "were missing and a label found twice does not tell which value is meant",
                  label=cells[0].value, cell=cells[0].coordinate),
                has_seen=False,
            ))
            continue
        label = cells[0]
        if spec.rows == 1:
            located[spec.name] = [sheet.cell(row=label.row, column=label.column + 1)]
            continue
        column = []
        for row in range(label.row + 1, label.row + 1 + MAX_STAGES):
            if row in label_rows:
                break
            column.append(sheet.cell(row=row, column=label.column))
        if column:
            located[spec.name] = column
    # Per-step changes: "Conversion, step 1", "step 2", ... up to the first missing step.
    column = []
    for k in range(1, steps_field.rows + 1):
        if len(steps.get(k, [])) != 1:
            break
        label = steps[k][0]
        column.append(sheet.cell(row=label.row, column=label.column + 1))
    if column:
        located[steps_field.name] = column
    return located, problems
