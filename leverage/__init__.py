"""leverage: the lever method for growing a client's profit.

Decompose last year's profit into leading metrics, back-calculate what a target
demands with nothing improved (B), with levers changed (B'), and with last year's
leads kept (B''), and write it all as a live workbook.

    >>> import leverage
    >>> scenarios = leverage.solve("client.xlsx", target_profit=1.2e6, levers=["avg_check=x2"])
    >>> leverage.write_workbook(scenarios, "client.leverage.xlsx")
    >>> leverage.levers("client.xlsx", target_profit=1.2e6).sensitivity[0].lever
    'avg_check'
"""

from .api import default_output, levers, plan, portfolio, segments, show, solve, template, track, write_segments, write_workbook
from .changes import parse_assignment as parse_lever
from .errors import ChangeError, FileFormatError, InputError, LeverageError, OutputError, Problem
from .i18n.conclusions import Conclusion, conclude
from .model.analysis import LeverAnalysis
from .model.channels import analyse_channels
from .model.economics import unit_economics
from .model.inputs import Acquisition, Change, Channel, Costs, Inputs, Levers, Point, Scenarios, Stage
from .numbers import parse_number as parse_money
from .render.table import comparison, table, to_dict, to_json

__version__ = "0.1.0"

__all__ = [
    "Acquisition", "Change", "ChangeError", "Channel", "Conclusion", "Costs", "FileFormatError", "InputError", "Inputs",
    "LeverAnalysis", "LeverageError", "Levers", "OutputError", "Point", "Problem", "Scenarios", "Stage", "analyse_channels",
    "comparison", "conclude", "default_output", "levers", "parse_lever", "parse_money", "plan", "portfolio", "segments", "show", "solve", "table",
    "template", "to_dict", "to_json", "track", "unit_economics", "write_segments", "write_workbook",
]
