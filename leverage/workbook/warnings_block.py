"""The run's warnings on the Checks sheet, below the checks: possible but suspicious inputs.

Every text is written as a string: a location or message that starts with "="
stays text.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import Notice
from ..i18n import translator
from .page import wrapped_height
from .styles import Formats


def write_warnings(ws, row: int, warnings: Iterable[Notice], fmt: Formats, lang: str, width: float = 100) -> int:
    """Write the block from `row` (0-based) down: a title, then one warning per row, each wrapped in a
    column `width` characters wide. Returns the next free row."""
    t = translator(lang)
    ws.write_string(row, 0, t.gettext("Warnings: possible but suspicious inputs"), fmt.section)
    row += 1
    notices = list(warnings)
    if not notices:
        ws.write_string(row, 0, t.gettext("No warnings."), fmt.note)
        return row + 1
    for notice in notices:
        text = notice.text(lang)
        ws.write_string(row, 0, text, fmt.sentence)
        ws.set_row(row, wrapped_height(text, width, lang))
        row += 1
    return row
