"""openpyxl, imported without numpy.

openpyxl imports numpy whenever it is installed, only so that numpy scalars are
accepted as cell values. We read templates and never hand it numpy values, and
numpy's import would more than double the start-up time of `leverage solve`.
So numpy is hidden while openpyxl is first imported; numpy itself stays
importable afterwards for the code that needs it (Monte Carlo).
"""

from __future__ import annotations

import sys

if "openpyxl" not in sys.modules and "numpy" not in sys.modules:
    sys.modules["numpy"] = None  # type: ignore[assignment]  # makes `import numpy` raise ImportError
    try:
        import openpyxl
    finally:
        del sys.modules["numpy"]
else:
    import openpyxl

from openpyxl import load_workbook  # noqa: E402
from openpyxl.cell.cell import Cell  # noqa: E402
from openpyxl.styles.numbers import is_date_format  # noqa: E402
from openpyxl.utils.cell import range_boundaries  # noqa: E402
from openpyxl.workbook.workbook import Workbook  # noqa: E402

__all__ = ["Cell", "Workbook", "is_date_format", "load_workbook", "openpyxl", "range_boundaries"]
