"""A wrapped note across several columns, tall enough for its text (used by the optional sheets)."""

from __future__ import annotations

import math

from xlsxwriter.worksheet import Worksheet


def note(ws: Worksheet, row: int, last_col: int, text: str, cell_format: object, width: float) -> None:
    """Write `text` merged across columns A to `last_col`; `width` is their width in characters."""
    ws.merge_range(row, 0, row, last_col, "", cell_format)
    ws.write_string(row, 0, text, cell_format)
    ws.set_row(row, 15 * max(1, math.ceil(len(text) / (width * 1.1))) + 2)
