"""Broken and hostile files (see `corpus.hostile`): each refused with what it is and what to do, fast,
in little memory, with exit code 1, no traceback and no output."""

from __future__ import annotations

import re

import corpus
import pytest
from corpus import errors, solve
from libreoffice import _convert as convert
from libreoffice import find_soffice

from leverage.form.safety import MAX_CELLS, MAX_ELEMENTS, MAX_ENTRIES, SAVE_AS

# --- Refuse what is broken or hostile ----------------------------------------------------------------------

ZIP_BOMB = "it may be a zip bomb"
TOO_MANY_CELLS = (f"has more than {MAX_CELLS:,} cells (counting merged and hyperlinked ranges), far more than a "
                  "template holds; copy the figures into a template from `leverage template`")
HOSTILE = {
    "empty": "the file is empty; expected a filled template (.xlsx)",
    "noise": f"is not an .xlsx workbook; expected a filled template (for another spreadsheet format, {SAVE_AS})",
    "truncated": "is incomplete or damaged: the end of its zip archive is missing, as when a download or copy was "
                 "cut off; get the file again, or open it in Excel or LibreOffice, which may repair it, and save it "
                 "as .xlsx",
    "old": f"is an old-format Excel 97-2003 workbook (.xls); {SAVE_AS}",
    "old-renamed": f"is an old-format Excel 97-2003 workbook (.xls); {SAVE_AS}",
    "password": "is protected with a password, so it cannot be read; open it in Excel or LibreOffice, remove the "
                "password (Excel: File > Info > Protect Workbook > Encrypt with Password; LibreOffice: File > Save "
                'As without "Save with password") and save it as .xlsx',
    "word": "is a Word document (.doc), not a workbook; expected a filled template (.xlsx)",
    "sheet": f"is an OpenDocument spreadsheet (.ods); {SAVE_AS}",
    "ods-renamed": f"is an OpenDocument spreadsheet (.ods); {SAVE_AS}",
    "data": f"is a text (CSV) file, not a workbook; {SAVE_AS}",
    "csv-renamed": f"is a text (CSV) file, not a workbook; {SAVE_AS}",
    "unicode-text": f"is a text (CSV) file, not a workbook; {SAVE_AS}",
    "web-page": f"is a web page (HTML) with a spreadsheet's name, not a workbook; {SAVE_AS}",
    "report": "is a PDF document, not a workbook; copy its figures into a template from `leverage template`",
    "binary": f"is a binary Excel workbook (.xlsb); {SAVE_AS}",
    "document": "is a Word document (.docx), not a workbook; expected a filled template (.xlsx)",
    "plain-zip": "is a zip archive, not an .xlsx workbook; expected a filled template (.xlsx)",
    "bad-xml": "cannot be read as an .xlsx workbook (ParseError: unclosed token: line 1, column 0); " + SAVE_AS,
    "zip-bomb": 'packs its part "xl/worksheets/sheet1.xml" 1,028 times, where spreadsheets pack at most about '
                f"100 times; {ZIP_BOMB}",
    "declared-huge": f"declares 4,096 MB of contents, far more than a workbook holds (at most 100 MB are read); "
                     f"{ZIP_BOMB}",
    "lying-sizes": f"cannot be read as an .xlsx workbook (OSError: File contains no valid workbook part); {SAVE_AS}",
    "many-entries": f"is a zip archive of {corpus.MAX_ENTRIES_CASE + 1:,} entries, far more than a workbook holds "
                    f"(at most {MAX_ENTRIES:,} are read); expected a filled template (.xlsx)",
    "billion-laughs": 'declares XML entities in its part "xl/workbook.xml" (<!DOCTYPE>), which no spreadsheet '
                      "program writes; the file may be built to attack the reader, so it is not opened",
    "billion-laughs-utf16": 'declares XML entities in its part "xl/workbook.xml" (<!DOCTYPE>), which no '
                            "spreadsheet program writes; the file may be built to attack the reader, so it is not "
                            "opened",
    "merged-bomb": TOO_MANY_CELLS,
    "hyperlink-bomb": TOO_MANY_CELLS,
    "huge-sheet": TOO_MANY_CELLS,
    "huge-file": "is larger than 20 MB, far more than a filled template; expected a filled template (.xlsx), "
                 "without other data",
}


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

    from leverage._openpyxl import load_workbook as guarded_load

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
