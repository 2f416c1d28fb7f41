"""What every sheet gets: print setup, a header and footer, and protection without a password."""

from __future__ import annotations

import math

from xlsxwriter.worksheet import Worksheet

from ..i18n import translator

# Formulas are locked, inputs (formats with locked: False) stay editable; the
# client may still resize columns and rows and select any cell. No password:
# protection guards against slips, not people.
PROTECTION = {
    "format_columns": True,
    "format_rows": True,
    "select_locked_cells": True,
    "select_unlocked_cells": True,
}
PAPER = {"en": 1, "ru": 9}  # US Letter, A4
# The company's name in the header, in characters as written (before its ampersands are doubled): one
# line of the header's left part. Doubled, with the codes around it, it stays within Excel's 255.
HEADER_NAME_CHARS = 100

# Characters of running text per unit of column width, measured on LibreOffice's
# rendering with DejaVu Sans (wider than Excel's Calibri, so Excel only gets more
# room), with a margin. Cyrillic letters are wider than Latin ones.
CHARS_PER_UNIT = {"en": 1.35, "ru": 1.05}


def wrapped_height(text: str, width: float, lang: str, line: float = 15) -> float:
    """Row height (points) for `text` wrapped in a cell `width` units wide.

    Spreadsheets do not grow the rows of merged cells to fit their text, and
    LibreOffice keeps the heights of rows written without one, so rows holding
    long text get an explicit height.
    """
    per_line = max(1, int(width * CHARS_PER_UNIT[lang]))
    lines = sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))
    return line * lines + 3


def finish_sheet(ws: Worksheet, company: str, lang: str, *, one_page: bool = False) -> None:
    """Landscape, one page wide (and one tall if asked), the company in the header, page numbers below."""
    ws.set_landscape()
    ws.set_paper(PAPER[lang])
    ws.fit_to_pages(1, 1 if one_page else 0)
    ws.set_margins(left=0.5, right=0.5, top=0.8, bottom=0.7)
    name = header_text(company)
    ws.set_header(f'&L&"-,Bold"{name}&R&A' if name else "&R&A")
    ws.set_footer("&C" + translator(lang).gettext("Page &P of &N"))
    ws.protect("", PROTECTION)


def header_text(text: str, limit: int = HEADER_NAME_CHARS) -> str:
    """`text` as a header shows it: cut to `limit` characters (an ellipsis marks the cut), then escaped.

    In headers "&" starts a code, so the text's own ampersands are doubled; cutting
    after doubling could leave a lone "&" that would swallow the code after it.
    """
    if len(text) > limit:
        text = text[:limit - 1] + "…"
    return text.replace("&", "&&")
