"""Broken and hostile files (see `corpus.hostile`): each refused with what it is and what to do, fast,
in little memory, with exit code 1, no traceback and no output."""

from __future__ import annotations

import re

import corpus
import pytest
from corpus import HOSTILE, errors, solve
from libreoffice import _convert as convert
from libreoffice import find_soffice

from leverage.form.safety import MAX_ELEMENTS, SAVE_AS

# --- Refuse what is broken or hostile ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return corpus.hostile(tmp_path_factory.mktemp("hostile"))


def test_the_hostile_corpus_is_covered(hostile):
    assert sorted(hostile) == sorted(HOSTILE)


@pytest.mark.parametrize("case", HOSTILE)
def test_broken_and_hostile_files_are_refused(hostile, case):
    path = hostile[case]
    result = solve(path)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}: {HOSTILE[case]}\n"


def test_defusedxml_guards_openpyxl_itself(tmp_path):
    """Past our own check, openpyxl parses with defusedxml, which refuses entity declarations."""
    from defusedxml import EntitiesForbidden
    from openpyxl import load_workbook as guarded_load

    path = corpus.billion_laughs(corpus.filled(tmp_path / "base.xlsx"), tmp_path / "laughs.xlsx")
    with pytest.raises(ValueError, match="Unable to read workbook") as caught:
        guarded_load(path)
    assert isinstance(caught.value.__cause__ or caught.value.__context__, EntitiesForbidden)


def test_element_limit(tmp_path):
    rows = "".join(f'<row r="{100 + i}"/>' for i in range(MAX_ELEMENTS))
    path = corpus.in_sheet(corpus.filled(tmp_path / "base.xlsx"), tmp_path / "rows.xlsx", "")
    path = corpus.rezip(path, path, lambda entries: entries.__setitem__(
        corpus.SHEET, entries[corpus.SHEET].replace(b"</sheetData>", rows.encode() + b"</sheetData>")))
    assert errors(solve(path)) == [
        f"{path}: has more than {MAX_ELEMENTS:,} XML elements, far more than a template holds; copy the figures "
        "into a template from `leverage template`"]


MEASURED = ["zip-bomb", "declared-huge", "lying-sizes", "many-entries", "billion-laughs", "merged-bomb",
            "hyperlink-bomb", "huge-sheet", "huge-file", "password", "truncated"]


def test_hostile_files_are_refused_fast_in_little_memory(hostile, tmp_path):
    """Each in its own process, start-up included: CPU time from the kernel, peak memory from /proc."""
    if not re.search(r"VmHWM", open("/proc/self/status").read()):
        pytest.skip("needs Linux /proc")
    for case in MEASURED:
        code, err, cpu, peak = corpus.run_measured(["solve", str(hostile[case]), "-o", str(tmp_path / "o.xlsx")])
        assert (code, err) == (1, f"Error: {hostile[case]}: {HOSTILE[case]}"), case
        assert cpu < 5 and peak < 200, f"{case}: {cpu:.2f} s, {peak:.0f} MB"
        assert not (tmp_path / "o.xlsx").exists()


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_real_xls_and_ods_files_are_recognised(tmp_path):
    """The hand-built files above, checked against what a spreadsheet program really writes."""
    source = corpus.filled(tmp_path / "client.xlsx")
    for target, message in (("xls:MS Excel 97", f"is an old-format Excel 97-2003 workbook (.xls); {SAVE_AS}"),
                            ("ods:calc8", f"is an OpenDocument spreadsheet (.ods); {SAVE_AS}")):
        converted = convert(source, target, tmp_path / "out", tmp_path / "lo")
        renamed = converted.with_name(f"renamed-{converted.suffix[1:]}.xlsx")
        renamed.write_bytes(converted.read_bytes())
        for path in (converted, renamed):
            assert solve(path).stderr == f"Error: {path}: {message}\n"
