"""Where the workbook puts the figures a warning points at: sheet names and cell positions.

The Unit economics and Channels sheets lay their tables out from these positions, and the
warnings of a run (`Channels!L6 (romi): ...`) name their cells from the same ones. Plain
data and arithmetic: the warning builder imports this module without importing the workbook
(or xlsxwriter). A cell is given in both languages, as the workbook's sheet names differ.
"""

from __future__ import annotations

from . import i18n_optional
from .i18n import Text

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


def _both(key: str, ref: str) -> Text:
    return Text(f"{i18n_optional.text('en', key)}!{ref}", f"{i18n_optional.text('ru', key)}!{ref}")


def economics_cell(row: str, point_index: int) -> Text:
    """`Unit economics!B16`: the figure `row` of the point with this index (A = 0)."""
    return _both("economics_sheet", a1(ECONOMICS_FIRST_ROW + ECONOMICS_ROWS.index(row), ECONOMICS_FIRST_COL + point_index))


def channels_cell(column: str, channel_index: int) -> Text:
    """`Channels!L4`: the figure `column` of the channel with this index (the first is 0)."""
    return _both("channels_sheet", a1(CHANNELS_FIRST_ROW + channel_index, CHANNEL_COLUMNS.index(column)))


def channels_sheet() -> Text:
    """The Channels sheet's name."""
    return Text(i18n_optional.text("en", "channels_sheet"), i18n_optional.text("ru", "channels_sheet"))
