"""The scenario workbook: inputs the client can edit, and points A, B, B' and B'' as live formulas.

Layout principles (financial-modelling practice):

- The Inputs sheet holds last year's figures and the lever changes for B' as
  constants (pale yellow, blue); nothing else in the workbook is a constant.
- The Points sheet has one column per point. Its first rows are the point's
  drivers (profit to reach or leads given, clients carried in, levers), which
  refer to the Inputs sheet; every row below holds ONE formula repeated across
  the point columns, so a row reads the same for A, B, B' and B''.
- The chain is acyclic: revenue is computed first, from the profit target
  (back) or from the leads given (forward), and everything else follows from it.
- Every formula cell is written with the value the solver computed, because
  XlsxWriter caches 0 otherwise and non-recalculating readers would show zeros.
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter

from .. import i18n
from ..model import Scenarios
from .inputs_sheet import write_inputs
from .optional_inputs import write_optional_inputs
from .optional_sheets import write_optional_sheets
from .points_sheet import write_points
from .styles import FIXED_CREATED, WORKBOOK_OPTIONS, make_formats

__all__ = ["write_workbook"]


def write_workbook(scenarios: Scenarios, path: Path | str, *, lang: str | None = None) -> None:
    """Write the scenario workbook for `scenarios` to `path` (overwriting it)."""
    lang = lang or scenarios.inputs.lang
    book = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    inputs = scenarios.inputs
    book.set_properties({
        "title": f"{i18n.text(lang, 'points_title')}: {inputs.company}".rstrip(": "),
        "subject": "Lever method scenarios",
        "company": inputs.company,
        "created": FIXED_CREATED,
    })
    fmt = make_formats(book, inputs.currency)
    layout = write_inputs(book, scenarios, lang, fmt)
    extra = write_optional_inputs(book, scenarios, lang, fmt, layout)  # costs, acquisition, channels (if given)
    points = write_points(book, scenarios, lang, fmt, layout)
    write_optional_sheets(book, scenarios, lang, fmt, layout, points, extra)
    book.close()


