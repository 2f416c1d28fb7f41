"""The optional sheets, written when the template gives their inputs: Unit economics, Channels."""

from __future__ import annotations

import xlsxwriter

from ..channels import analyse_channels
from ..economics import unit_economics
from ..model import Scenarios
from .channels_sheet import write_channels
from .context import PointsLayout
from .economics_sheet import write_economics
from .inputs_sheet import InputsLayout
from .optional_inputs import OptionalInputs
from .styles import Formats


def write_optional_sheets(book: xlsxwriter.Workbook, scenarios: Scenarios, lang: str, fmt: Formats,
                          layout: InputsLayout, points: PointsLayout, extra: OptionalInputs) -> None:
    econ = unit_economics(scenarios)
    if econ is not None:
        write_economics(book, scenarios, econ, lang, fmt, layout, points)
    report = analyse_channels(scenarios.inputs)
    if report is not None:
        write_channels(book, scenarios, report, lang, fmt, layout, extra)
