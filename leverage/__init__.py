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

import importlib
from typing import TYPE_CHECKING

# The public names, each from the module that defines it. They are imported on first use
# (PEP 562), so that `leverage solve` imports only what the command needs: start-up time
# is part of the tool's speed (bench/startup.py).
_EXPORTS = {
    "LeverAnalysis": "model.analysis",
    "default_output": "api", "levers": "api", "show": "api", "solve": "api", "template": "api",
    "write_workbook": "api",
    "parse_lever": ("changes", "parse_assignment"),
    "analyse_channels": "model.channels",
    "Conclusion": "render.conclusions", "conclude": "render.conclusions",
    "unit_economics": "model.economics",
    "ChangeError": "errors", "FileFormatError": "errors", "InputError": "errors", "LeverageError": "errors",
    "OutputError": "errors", "Problem": "errors",
    "Acquisition": "model.inputs", "Change": "model.inputs", "Channel": "model.inputs", "Costs": "model.inputs", "Inputs": "model.inputs",
    "Levers": "model.inputs", "Point": "model.inputs", "Scenarios": "model.inputs", "Stage": "model.inputs",
    "parse_money": ("numbers", "parse_number"),
    "comparison": "render.table", "table": "render.table", "to_dict": "render.table", "to_json": "render.table",
}

if TYPE_CHECKING:
    from .api import default_output, levers, show, solve, template, write_workbook
    from .changes import parse_assignment as parse_lever
    from .errors import ChangeError, FileFormatError, InputError, LeverageError, OutputError, Problem
    from .model.analysis import LeverAnalysis
    from .model.channels import analyse_channels
    from .model.economics import unit_economics
    from .model.inputs import Acquisition, Change, Channel, Costs, Inputs, Levers, Point, Scenarios, Stage
    from .numbers import parse_number as parse_money
    from .render.conclusions import Conclusion, conclude
    from .render.table import comparison, table, to_dict, to_json


def __getattr__(name: str):
    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(f"module 'leverage' has no attribute {name!r}")
    module, attribute = (target, name) if isinstance(target, str) else target
    value = getattr(importlib.import_module(f".{module}", __name__), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


__version__ = "0.1.0"

__all__ = [
    "Acquisition", "Change", "ChangeError", "Channel", "Conclusion", "Costs", "FileFormatError", "InputError", "Inputs",
    "LeverAnalysis", "LeverageError", "Levers", "OutputError", "Point", "Problem", "Scenarios", "Stage", "analyse_channels",
    "comparison", "conclude", "default_output", "levers", "parse_lever", "parse_money", "show", "solve", "table",
    "template", "to_dict", "to_json", "unit_economics", "write_workbook",
]
