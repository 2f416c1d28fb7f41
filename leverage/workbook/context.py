"""What the sheet writers share, and the hook for extra summary sections.

A *section* is a function that receives the `WorkbookContext` after the Inputs and
Points sheets are written, may add sheets of its own (the lever analysis, say),
and returns `SummaryBlock`s for the summary sheet to show under the conclusions:

    def analysis_section(ctx: WorkbookContext) -> list[SummaryBlock]:
        ws = ctx.book.add_worksheet("Lever analysis")
        ...  # formulas referring to ctx.points.cell("profit", "B''") and so on
        return [SummaryBlock(title="Which lever moves profit most", header=("Δ profit",),
                             rows=(("Average check +10 %", (SummaryCell(131_409, "='Lever analysis'!C5", "money"),)),))]

    write_workbook(scenarios, path, sections=[analysis_section])

Block cells that are formulas carry their computed value, like every formula
cell of the workbook, so readers that do not recalculate still show figures.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from ..i18n import Translator, translator
from ..model.inputs import POINT_KEYS
from ..model.result import Result
from .inputs_sheet import InputsLayout
from .styles import Formats


@dataclass
class PointsLayout:
    """Where each row and point of the Points sheet is, and the value cached in each cell."""

    sheet: str
    rows: dict[str, int]
    first_col: int
    header_row: int
    keys: tuple[str, ...] = POINT_KEYS
    values: dict[tuple[str, str], object] = field(default_factory=dict)

    def col(self, point: str) -> int:
        return self.first_col + self.keys.index(point)

    def cell(self, row: str, point: str, *, absolute: bool = True) -> str:
        """`Points!$C$20`: the cell of `row` for `point`, qualified by the sheet name."""
        ref = xl_rowcol_to_cell(self.rows[row], self.col(point), row_abs=absolute, col_abs=absolute)
        return f"{quote_sheetname(self.sheet)}!{ref}"

    def value(self, row: str, point: str) -> object:
        """The value cached in that cell ("" for an infeasible point's figures)."""
        return self.values[row, point]

    def across(self, row: str) -> list:
        """`row` across the point columns, as a chart range [sheet, row, col, row, col]."""
        r = self.rows[row]
        return [self.sheet, r, self.first_col, r, self.first_col + len(self.keys) - 1]

    def down(self, first: str, last: str, point: str) -> list:
        """Rows `first` to `last` of one point's column, as a chart range."""
        c = self.col(point)
        return [self.sheet, self.rows[first], c, self.rows[last], c]


@dataclass
class WorkbookContext:
    """Everything a sheet writer or a summary section needs."""

    book: xlsxwriter.Workbook
    scenarios: Result
    lang: str
    fmt: Formats
    inputs: InputsLayout
    points: PointsLayout

    @property
    def t(self) -> Translator:
        """The run's translator: the workbook's language, the template's currency."""
        return translator(self.lang, self.scenarios.inputs.currency)


@dataclass(frozen=True)
class SummaryCell:
    """One cell of a summary block: a constant, or a formula with its computed `value`."""

    value: float | str | bool | None = None
    formula: str | None = None
    style: str = "text"  # money, count, whole, rate, ratio, text, flag


@dataclass(frozen=True)
class SummaryBlock:
    """A titled table (and optional notes) that a section adds to the summary sheet."""

    title: str
    header: tuple[str, ...] = ()
    # Each row: its label (text, or a live cell such as a ranked lever's name) and its cells.
    rows: tuple[tuple[str | SummaryCell, tuple[SummaryCell, ...]], ...] = ()
    notes: tuple[str, ...] = ()


Section = Callable[[WorkbookContext], Iterable[SummaryBlock]]
