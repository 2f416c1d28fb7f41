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

from collections.abc import Iterable
from pathlib import Path

import xlsxwriter

from ..i18n import translator
from ..model.inputs import Scenarios
from ..model.result import result_of
from .charts import write_charts_sheet
from .checks import write_checks
from .context import PointsLayout, Section, SummaryBlock, SummaryCell, WorkbookContext
from .inputs_sheet import write_inputs
from .levers_sheet import write_levers
from .page import finish_sheet
from .points_sheet import write_points
from .section_inputs import write_optional_inputs
from .section_sheets import write_optional_sheets
from .styles import FIXED_CREATED, WORKBOOK_OPTIONS, make_formats
from .summary_sheet import write_summary

__all__ = ["PointsLayout", "Section", "SummaryBlock", "SummaryCell", "WorkbookContext", "write_workbook"]


def write_workbook(scenarios: Scenarios, path: Path | str, *, lang: str | None = None,
                   sections: Iterable[Section] = ()) -> None:
    """Write the scenario workbook for `scenarios` to `path` (overwriting it).

    Sheets: Summary, Inputs, Points, the sheets `sections` add, Charts, Checks.
    Each of `sections` is called once the Points sheet is written and returns the
    blocks to show on the summary under the conclusions (see `context.py`).
    """
    scenarios = result_of(scenarios)  # a Result as `leverage.solve` gives it: nothing is computed again
    lang = lang or scenarios.inputs.lang
    inputs = scenarios.inputs
    t = translator(lang, inputs.currency)
    book = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    company = inputs.company
    book.set_properties({
        "title": (t.gettext("{company}: lever method scenarios", company=company) if company
                  else t.gettext("Lever method scenarios")),
        "subject": t.gettext("Lever method: points A, B, B′ and B″"),
        "company": company,
        "comments": t.gettext("Written by leverage from the client's template; edit the yellow cells on the Inputs sheet."),
        "created": FIXED_CREATED,
    })
    fmt = make_formats(book, inputs.currency, lang)
    # The summary comes first in the workbook but is filled last, from the other sheets.
    summary = book.add_worksheet(t.gettext("Summary"))
    layout = write_inputs(book, scenarios, lang, fmt)
    extra = write_optional_inputs(book, scenarios, lang, fmt, layout)  # costs, acquisition, channels (if given)
    points = write_points(book, scenarios, lang, fmt, layout)
    ctx = WorkbookContext(book=book, scenarios=scenarios, lang=lang, fmt=fmt, inputs=layout, points=points)

    def optional_section(ctx: WorkbookContext) -> list[SummaryBlock]:
        write_optional_sheets(ctx.book, ctx.scenarios, ctx.lang, ctx.fmt, ctx.inputs, ctx.points, extra)
        return []

    builtin: list[Section] = [_levers_section, optional_section]
    if scenarios.uncertainty is not None:
        builtin.append(_uncertainty_section)
    blocks = [block for section in (*builtin, *sections) for block in section(ctx)]
    chart_data = write_charts_sheet(ctx)
    master = write_checks(ctx)
    write_summary(summary, ctx, chart_data, master, blocks)
    for ws in book.worksheets():
        finish_sheet(ws, company, lang, one_page=ws is summary)
    summary.activate()
    book.close()


def _levers_section(ctx: WorkbookContext) -> list[SummaryBlock]:
    """The Levers sheet; the summary shows its ranking."""
    analysis = ctx.scenarios.analysis
    return write_levers(ctx.book, analysis, ctx.lang, ctx.fmt, ctx.inputs) if analysis is not None else []


def _uncertainty_section(ctx: WorkbookContext) -> list[SummaryBlock]:
    from .uncertainty_sheet import write_uncertainty  # only with ranges

    if ctx.scenarios.uncertainty is not None:
        write_uncertainty(ctx.book, ctx.scenarios.uncertainty, ctx.scenarios.inputs, ctx.lang, ctx.fmt)
    return []
