"""The optional sheets, written when the template gives their inputs: Unit economics, Channels.

Their modules are imported only then, to keep start-up quick for the common template.
"""

from __future__ import annotations

import xlsxwriter

from ..model.result import Result
from .context import PointsLayout
from .inputs_sheet import InputsLayout
from .section_inputs import OptionalInputs
from .styles import Formats


def write_optional_sheets(book: xlsxwriter.Workbook, scenarios: Result, lang: str, fmt: Formats,
                          layout: InputsLayout, points: PointsLayout, extra: OptionalInputs) -> None:
    econ = scenarios.economics
    if econ is not None:
        from .economics_sheet import write_economics

        write_economics(book, scenarios, econ, lang, fmt, layout, points)
    report = scenarios.channels
    if report is not None:
        from .channels_sheet import write_channels

        write_channels(book, scenarios, report, lang, fmt, layout, extra)
