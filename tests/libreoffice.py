"""LibreOffice helpers for tests: force a full recalculation, compare values, render PDFs.

This is a helper module, not a test file.  It lets tests check the values the
writer *cached* in a workbook against the values an independent spreadsheet
engine computes from the formulas.

Why the profile dance: on load, LibreOffice keeps the cached values of an xlsx
file ("never recalculate") unless the user profile sets
``/org.openoffice.Office.Calc/Formula/Load/OOXMLRecalcMode`` to 0 ("always").
Every call therefore runs ``soffice`` with a fresh, throwaway profile directory
(``-env:UserInstallation=...``) that is pre-seeded with that setting.  A
separate profile per call also means concurrent calls never share a running
LibreOffice instance (its IPC pipe name derives from the profile path).
Creating a fresh profile costs little: a whole conversion, start-up included,
takes about a second.
"""

from __future__ import annotations

import datetime as _dt
import math
import os
import re
import shutil
import signal
import subprocess
import tempfile
import warnings
from pathlib import Path

import openpyxl

__all__ = [
    "cached_values",
    "compare_formula_cells",
    "find_soffice",
    "formula_cells",
    "pdf_page_count",
    "recalculate",
    "recalculated_values",
    "same_value",
    "to_pdf",
    "values_at",
]

#: Seconds one LibreOffice conversion may take before it is killed.
TIMEOUT = 180

# 0 = always recalculate, 1 = never, 2 = ask (the "ask" turns into "never"
# when headless).
_REGISTRY_XCU = """\
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" \
xmlns:xs="http://www.w3.org/2001/XMLSchema" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">\
<prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""

CellKey = tuple[str, str]


def run_converter(cmd: list[str], engine: str, source: object, env: dict[str, str] | None = None) -> tuple[subprocess.Popen, str, str]:
    """Run an engine's conversion `cmd`; the process, its stdout and stderr; RuntimeError after TIMEOUT seconds.

    The engine runs in a session of its own, so that a timeout kills the whole of it (soffice.bin too,
    not only the oosplash/shell wrapper that launched it).
    """
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        stdout, stderr = proc.communicate()
        raise RuntimeError(f"{engine} timed out after {TIMEOUT} s converting {source}\n"
                           f"command: {cmd}\nstdout:\n{stdout}\nstderr:\n{stderr}") from None
    return proc, stdout, stderr


def find_soffice() -> str | None:
    """Path of the LibreOffice executable on PATH, or None."""
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _require_soffice() -> str:
    soffice = find_soffice()
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice/libreoffice) is not on PATH")
    return soffice


def _convert(src: Path, target: str, outdir: Path, workdir: Path) -> Path:
    """Run one headless ``--convert-to`` with a fresh recalc-always profile.

    ``target`` is a LibreOffice conversion spec such as
    ``"xlsx:Calc MS Excel 2007 XML"``; the output lands in ``outdir`` and is
    named after ``src`` with the spec's extension.
    """
    src = Path(src).resolve()
    if not src.is_file():
        raise FileNotFoundError(src)
    soffice = _require_soffice()
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    outdir = Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)

    profile = Path(tempfile.mkdtemp(prefix="lo-profile-", dir=workdir)).resolve()
    (profile / "user").mkdir()
    (profile / "user" / "registrymodifications.xcu").write_text(
        _REGISTRY_XCU, encoding="utf-8"
    )
    expected = outdir / (src.stem + "." + target.split(":", 1)[0])
    if expected.exists():
        expected.unlink()  # never mistake a stale file for this run's output

    cmd = [
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        "--nofirststartwizard",
        "--convert-to",
        target,
        "--outdir",
        str(outdir),
        str(src),
    ]
    try:
        proc, stdout, stderr = run_converter(cmd, "LibreOffice", src)
    finally:
        shutil.rmtree(profile, ignore_errors=True)

    # soffice exits 0 even when it could not load the document, so the output
    # file is the real success criterion.
    if proc.returncode != 0 or not expected.is_file():
        raise RuntimeError(
            f"LibreOffice failed to convert {src} to {target} "
            f"(exit code {proc.returncode}, expected output {expected} "
            f"{'exists' if expected.exists() else 'missing'})\n"
            f"command: {cmd}\nstdout:\n{stdout}\nstderr:\n{stderr}"
        )
    return expected


def recalculate(xlsx_path: Path, workdir: Path) -> Path:
    """Open ``xlsx_path`` in LibreOffice, recalculate everything, save as xlsx.

    Returns the path of the new file, inside a fresh directory under
    ``workdir``; the original is left untouched.
    """
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    outdir = Path(tempfile.mkdtemp(prefix="lo-recalc-", dir=workdir))
    return _convert(Path(xlsx_path), "xlsx:Calc MS Excel 2007 XML", outdir, workdir)


def _load(path: Path, data_only: bool) -> openpyxl.Workbook:
    with warnings.catch_warnings():
        # openpyxl warns about extensions it does not read (data validation,
        # conditional formatting extLst, ...); irrelevant for cell values.
        warnings.simplefilter("ignore", UserWarning)
        return openpyxl.load_workbook(path, data_only=data_only)


def _is_formula(cell) -> bool:
    if cell.data_type == "f":
        return True
    value = cell.value
    return isinstance(value, str) and value.startswith("=")


def formula_cells(xlsx_path: Path) -> list[CellKey]:
    """(sheet title, coordinate) of every formula cell, in workbook order."""
    wb = _load(Path(xlsx_path), data_only=False)
    try:
        return [
            (ws.title, cell.coordinate)
            for ws in wb.worksheets
            for row in ws.iter_rows()
            for cell in row
            if _is_formula(cell)
        ]
    finally:
        wb.close()


def values_at(path: Path, keys: list[CellKey]) -> dict[CellKey, object]:
    """The values of the cells ``keys`` in ``path``, as cached there."""
    wb = _load(path, data_only=True)
    try:
        return {(sheet, coord): wb[sheet][coord].value for sheet, coord in keys}
    finally:
        wb.close()


def cached_values(xlsx_path: Path) -> dict[CellKey, object]:
    """The values the writer cached for every formula cell of ``xlsx_path``."""
    return values_at(Path(xlsx_path), formula_cells(xlsx_path))


def recalculated_values(xlsx_path: Path, workdir: Path) -> dict[CellKey, object]:
    """LibreOffice's freshly computed values for every formula cell of ``xlsx_path``."""
    keys = formula_cells(xlsx_path)
    return values_at(recalculate(Path(xlsx_path), workdir), keys)


def _normalise(value: object) -> object:
    if value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    return value


def same_value(cached: object, computed: object, rel: float, abs_: float) -> bool:
    """Whether an engine's ``computed`` value is the writer's ``cached`` one (numbers within the tolerance)."""
    a, b = _normalise(cached), _normalise(computed)
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)
    if isinstance(a, _dt.datetime) and isinstance(b, _dt.datetime):
        return abs((a - b).total_seconds()) <= 1e-3
    return a == b


def compare_formula_cells(
    xlsx_path: Path, workdir: Path, rel: float = 1e-9, abs_: float = 1e-6
) -> tuple[int, list[str]]:
    """Compare cached formula results with LibreOffice's recalculation.

    Returns ``(number of formula cells compared, mismatch descriptions)``,
    e.g. ``"Points!C7: cached 12.5, LibreOffice 13.0"``.  Numbers compare
    within ``rel``/``abs_``; ``""`` equals ``None`` and ``True`` equals ``1``.
    """
    keys = formula_cells(xlsx_path)
    cached = values_at(Path(xlsx_path), keys)
    computed = values_at(recalculate(Path(xlsx_path), workdir), keys)
    mismatches = [
        f"{sheet}!{coord}: cached {cached[sheet, coord]!r}, "
        f"LibreOffice {computed[sheet, coord]!r}"
        for sheet, coord in keys
        if not same_value(cached[sheet, coord], computed[sheet, coord], rel, abs_)
    ]
    return len(keys), mismatches


def to_pdf(xlsx_path: Path, outdir: Path, workdir: Path) -> Path:
    """Render ``xlsx_path`` (recalculated) to ``outdir/<stem>.pdf``."""
    return _convert(Path(xlsx_path), "pdf:calc_pdf_Export", Path(outdir), Path(workdir))


def pdf_page_count(pdf: Path) -> int:
    """Number of pages of ``pdf`` (``pdfinfo`` if installed, else a raw scan)."""
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo:
        result = subprocess.run(
            [pdfinfo, str(pdf)], capture_output=True, text=True, timeout=60
        )
        match = re.search(r"^Pages:\s+(\d+)", result.stdout, re.MULTILINE)
        if result.returncode == 0 and match:
            return int(match.group(1))
    # Fallback: count page objects.  Good enough for LibreOffice's PDFs, which
    # do not hide objects inside compressed object streams.
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", Path(pdf).read_bytes()))
