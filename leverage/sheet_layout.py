"""Where the workbook puts the figures a warning points at: sheet names and cell positions.

The Unit economics and Channels sheets lay their tables out from these positions, and the
warnings of a run (`Channels!L6 (romi): ...`) name their cells from the same ones. Plain
data and arithmetic: the warning builder imports this module without importing the workbook
(or xlsxwriter). A cell is a `SheetCell`: its English as a str, its sheet named in the language a
translator renders it in, as the workbook's sheet names differ.
"""

from __future__ import annotations

from .i18n import Message, Translator, _

# Unit economics: one row per figure, one column per point (A in column B, as on the Points sheet).
ECONOMICS_ROWS = ("leads", "cost_per_lead", "point_spend", "clients_new", "conversion", "cac", "avg_check",
                  "monthly_revenue", "contribution_share", "monthly_contribution", "lifetime", "ltv", "ltv_to_cac",
                  "payback", "pays_back")
ECONOMICS_FIRST_ROW = 3
ECONOMICS_FIRST_COL = 1

# Channels: one row per channel; column A the name, then the figures, then the metrics.
CHANNEL_FIGURES = ("spend", "contacts", "leads", "sales", "revenue")
CHANNEL_METRICS = ("ad_conversion", "cost_per_lead", "cost_of_sale", "conversion_to_sale", "avg_check", "romi", "pays_back")
CHANNEL_COLUMNS = ("name", *CHANNEL_FIGURES, *CHANNEL_METRICS)
CHANNELS_FIRST_ROW = 3


def a1(row: int, col: int) -> str:
    """A zero-based (row, column) as an A1 reference: (5, 11) is L6."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return f"{letters}{row + 1}"


class SheetCell(str):
    """`Unit economics!B16` (or a sheet alone): the str is the English, as JSON and logs show it;
    `in_language` names the sheet in a translator's language (the Russian sheet name, then `!B16`)."""

    sheet: Message
    ref: str | None

    def __new__(cls, sheet: Message, ref: str | None = None) -> SheetCell:
        cell = super().__new__(cls, f"{sheet}!{ref}" if ref else str(sheet))
        cell.sheet, cell.ref = sheet, ref
        return cell

    def in_language(self, t: Translator) -> str:
        name = t(self.sheet)
        return f"{name}!{self.ref}" if self.ref else name

    def __reduce__(self) -> tuple[type[SheetCell], tuple[Message, str | None]]:
        # A str subclass with attributes: keep them when pickled or copied.
        return (SheetCell, (self.sheet, self.ref))


def economics_cell(row: str, point_index: int) -> SheetCell:
    """`Unit economics!B16`: the figure `row` of the point with this index (A = 0)."""
    return SheetCell(_("Unit economics"), a1(ECONOMICS_FIRST_ROW + ECONOMICS_ROWS.index(row),
                                             ECONOMICS_FIRST_COL + point_index))


def channels_cell(column: str, channel_index: int) -> SheetCell:
    """`Channels!L4`: the figure `column` of the channel with this index (the first is 0)."""
    return SheetCell(_("Channels"), a1(CHANNELS_FIRST_ROW + channel_index, CHANNEL_COLUMNS.index(column)))


def channels_sheet() -> SheetCell:
    """The Channels sheet's name."""
    return SheetCell(_("Channels"))
