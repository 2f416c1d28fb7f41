"""Gnumeric helpers for tests: recalculate a workbook from scratch and compare values.

This is a helper module, not a test file.  Gnumeric is the second engine beside
LibreOffice (tests/libreoffice.py): a formula that only one engine evaluates as
the writer meant is a portability bug, so the tests recalculate in both.

``ssconvert --recalc`` recalculates every cell before it writes the copy, but a
cell it could not evaluate still comes out (as an error value, or whatever it
made of the formula) and ``ssconvert`` exits 0 all the same.  So the workbook
handed to it is first a copy whose every cached formula result was overwritten
with a number no formula here produces (``PLANTED``): a run that did not
recalculate a cell shows that number, and the comparison is of values only.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from libreoffice import CellKey, formula_cells, run_converter, same_value, values_at

__all__ = [
    "ERRORS",
    "PLANTED",
    "compare_formula_cells",
    "find_ssconvert",
    "plant_cached_values",
    "recalculate",
    "recalculated_values",
]

#: Seconds one conversion may take before it is killed (one takes about 0.2 s).
TIMEOUT = 120

#: What every cached formula result is overwritten with before recalculating.
PLANTED = -987654.321

#: The error values a spreadsheet shows; any of them in a formula cell is a mismatch.
ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"})

# A formula cell of SpreadsheetML: <c r=".." t=".."><f>..</f><v>..</v></c> (the <f> may be empty or
# self-closing for a shared formula; t says whether the cached value is a number, a string or a boolean).
_CELL = re.compile(rb"<c\b([^>]*)>(<f\b(?:[^>]*/>|[^>]*>.*?</f>))(?:<v>.*?</v>|<v/>)?(<is>.*?</is>)?</c>", re.DOTALL)
_TYPE = re.compile(rb'\s+t="[^"]*"')


def find_ssconvert() -> str | None:
    """Path of Gnumeric's ``ssconvert`` on PATH, or None."""
    return shutil.which("ssconvert")


def _plant(match: re.Match[bytes]) -> bytes:
    attributes, formula = _TYPE.sub(b"", match.group(1)), match.group(2)
    return b"<c" + attributes + b">" + formula + b"<v>" + repr(PLANTED).encode() + b"</v></c>"


def plant_cached_values(xlsx_path: Path, out: Path) -> Path:
    """Copy ``xlsx_path`` to ``out`` with every formula cell's cached value replaced by ``PLANTED``."""
    with zipfile.ZipFile(xlsx_path) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("xl/worksheets/") and item.filename.endswith(".xml"):
                data = _CELL.sub(_plant, data)
            target.writestr(item, data)
    return out


def recalculate(xlsx_path: Path, workdir: Path) -> Path:
    """Recalculate ``xlsx_path`` in Gnumeric from a copy without its cached values; return the new file.

    The copy and the result live in a fresh directory under ``workdir``; the original is left untouched.
    """
    ssconvert = find_ssconvert()
    if ssconvert is None:
        raise RuntimeError("Gnumeric (ssconvert) is not on PATH")
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="gnumeric-", dir=workdir))
    planted = plant_cached_values(Path(xlsx_path), folder / "planted.xlsx")
    out = folder / "recalculated.xlsx"
    cmd = [ssconvert, "--recalc", "--export-type=Gnumeric_Excel:xlsx2", str(planted), str(out)]
    # ssconvert is a GTK program: keep it off any display.
    env = {**os.environ, "DISPLAY": "", "NO_AT_BRIDGE": "1"}
    proc, stdout, stderr = run_converter(cmd, "Gnumeric", xlsx_path, env)
    if proc.returncode != 0 or not out.is_file():
        raise RuntimeError(f"Gnumeric failed to convert {xlsx_path} (exit code {proc.returncode}, "
                           f"output {'exists' if out.exists() else 'missing'})\n"
                           f"command: {cmd}\nstdout:\n{stdout}\nstderr:\n{stderr}")
    return out


def recalculated_values(xlsx_path: Path, workdir: Path) -> dict[CellKey, object]:
    """Gnumeric's freshly computed values for every formula cell of ``xlsx_path``."""
    return values_at(recalculate(Path(xlsx_path), workdir), formula_cells(xlsx_path))


def compare_formula_cells(xlsx_path: Path, workdir: Path, rel: float = 1e-9, abs_: float = 1e-6
                          ) -> tuple[int, list[str]]:
    """Compare cached formula results with Gnumeric's recalculation, as libreoffice.compare_formula_cells does.

    Returns ``(number of formula cells compared, mismatch descriptions)``, e.g.
    ``"Levers!I18: cached 2, Gnumeric 1"``; an error value is a mismatch whatever was cached.
    """
    keys = formula_cells(xlsx_path)
    cached = values_at(Path(xlsx_path), keys)
    computed = values_at(recalculate(Path(xlsx_path), workdir), keys)
    mismatches = [
        f"{sheet}!{coord}: cached {cached[sheet, coord]!r}, Gnumeric {computed[sheet, coord]!r}"
        for sheet, coord in keys
        if computed[sheet, coord] in ERRORS or not same_value(cached[sheet, coord], computed[sheet, coord], rel, abs_)
    ]
    return len(keys), mismatches
