"""The spreadsheet engines the tests recalculate workbooks in, by name: LibreOffice and Gnumeric.

A helper module, not a test file. Each engine recalculates a workbook from its formulas
(tests/libreoffice.py, tests/gnumeric.py) so that a test can compare the values with
those the writer cached. Tests parametrized over `NAMES` run in every engine and skip,
one by one, where an engine is not installed (CI installs both).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import gnumeric
import libreoffice
import pytest


@dataclass(frozen=True)
class Engine:
    name: str
    find: Callable[[], str | None]
    compare_formula_cells: Callable[[Path, Path], tuple[int, list[str]]]
    recalculate: Callable[[Path, Path], Path]


ENGINES = {engine.name: engine for engine in (
    Engine("LibreOffice", libreoffice.find_soffice, libreoffice.compare_formula_cells, libreoffice.recalculate),
    Engine("Gnumeric", gnumeric.find_ssconvert, gnumeric.compare_formula_cells, gnumeric.recalculate),
)}
NAMES = tuple(ENGINES)

#: openpyxl's warning on reading a workbook Gnumeric wrote (it writes no default cell style), for filterwarnings.
GNUMERIC_STYLES = "ignore:Workbook contains no default style:UserWarning"


def require(name: str) -> Engine:
    """The engine called `name`; the calling test is skipped when it is not installed."""
    engine = ENGINES[name]
    if engine.find() is None:
        pytest.skip(f"{name} is not installed")
    return engine
