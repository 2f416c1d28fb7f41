"""The run's warnings on the Inputs sheet, below the lever table: a minimal, separate block.

Kept apart from the sheet's layout so that it can move into the workbook's checks
area as a whole. Every text is written as a string: a location or message that
starts with "=" stays text.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import Notice
from .styles import Formats

_TITLE = {"en": "Warnings: possible but suspicious inputs", "ru": "Предупреждения: возможные, но подозрительные данные"}
_NONE = {"en": "No warnings.", "ru": "Предупреждений нет."}


def write_warnings(ws, row: int, warnings: Iterable[Notice], fmt: Formats, lang: str = "en") -> int:
    """Write the block from `row` (0-based) down: a title, then one warning per row. Returns the next free row."""
    ws.write_string(row, 0, _TITLE.get(lang, _TITLE["en"]), fmt.section)
    row += 1
    notices = list(warnings)
    if not notices:
        ws.write_string(row, 0, _NONE.get(lang, _NONE["en"]), fmt.note)
        return row + 1
    for notice in notices:
        ws.write_string(row, 0, notice.where, fmt.label)
        ws.write_string(row, 1, notice.message, fmt.text)
        row += 1
    return row
