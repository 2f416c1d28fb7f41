"""A corpus of messy, broken and hostile inputs, generated from the real template (no opaque binaries).

Helper module for the tests and for `bench/hostile.py`. Messy templates are the
committed template filled by `fill_template` (the worked example, with some cells
overridden), then edited as Excel would (openpyxl) or at the XML level where only
that shows what a real file holds (saved formula results). Broken and hostile files
are built with zipfile, by hand for the OLE compound files, as small as they can be.
"""

from __future__ import annotations

import io
import json
import os
import re
import resource
import struct
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner
from helpers import fill_template
from openpyxl import Workbook, load_workbook

from leverage.cli import main
from leverage.form.safety import MAX_CELLS, MAX_ENTRIES, SAVE_AS

ROOT = Path(__file__).resolve().parent.parent
EN = ROOT / "templates" / "leverage-template-en.xlsx"
RU = ROOT / "templates" / "leverage-template-ru.xlsx"

WORKED_EXAMPLE = {
    "company": "Worked example", "currency": "USD", "lang": "en",
    "revenue": 5_880_000, "profit": 558_000, "headcount": 83,
    "clients_start": 52, "clients_new": 37, "clients_lost": 22,
    "funnel_stages": ["Leads", "Proposals", "Paid"], "funnel_counts": [5_300, 1_850, 37],
    "target_profit": 1_200_000, "lever_avg_check": "x2",
}


def filled(path: Path, template: Path = EN, **cells) -> Path:
    """The template filled with the worked example, `cells` overriding it."""
    return fill_template(template, path, {**WORKED_EXAMPLE, **cells}, force=True)


def edit(path: Path, change: Callable[[Workbook], None]) -> Path:
    """Change a workbook with openpyxl, as a consultant would in Excel, and save it in place."""
    workbook = load_workbook(path)
    change(workbook)
    workbook.save(path)
    return path


def shift_rows(workbook: Workbook, rows: int, title: str | None = None) -> None:
    """Insert `rows` rows at the top of the first sheet and maybe rename it, moving names and merged cells
    as Excel does (openpyxl moves only the cells)."""
    from openpyxl.utils.cell import absolute_coordinate, quote_sheetname, range_boundaries
    from openpyxl.worksheet.cell_range import CellRange

    sheet = workbook.worksheets[0]
    sheet.insert_rows(1, rows)
    sheet.title = title or sheet.title
    for merged in sheet.merged_cells.ranges:
        merged.shift(row_shift=rows)
    for defined in workbook.defined_names.values():
        [(_, ref)] = defined.destinations
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        moved = CellRange(min_col=min_col, min_row=min_row + rows, max_col=max_col, max_row=max_row + rows)
        defined.attr_text = f"{quote_sheetname(sheet.title)}!{absolute_coordinate(moved.coord)}"


def zip_bytes(entries: dict[str, bytes | str], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(path: Path, out: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    """Copy an .xlsx with its parts changed at the XML level (as no spreadsheet API would)."""
    entries = parts(path)
    change(entries)
    out.write_bytes(zip_bytes(entries))
    return out


# The template's one sheet, as openpyxl (fill_template) saves it.
SHEET = "xl/worksheets/sheet1.xml"


def with_formula(cell: str, formula: str, result: str | None, *, text: bool = False
                 ) -> Callable[[dict[str, bytes]], None]:
    """Put a formula in `cell` of the first sheet, with a saved result (as Excel writes) or without (as scripts
    do); `text` marks a text result."""

    def change(entries: dict[str, bytes]) -> None:
        name = SHEET
        xml = entries[name].decode()
        cached = "" if result is None else f"<v>{result}</v>"
        kind = ' t="str"' if text else ""
        new, count = re.subn(rf'<c r="{cell}"([^>]*?)(?:/>|>.*?</c>)',
                             lambda m: f'<c r="{cell}"{_drop_type(m.group(1))}{kind}><f>{formula}</f>{cached}</c>',
                             xml, count=1)
        assert count == 1, cell
        entries[name] = new.encode()

    return change


def _drop_type(attributes: str) -> str:
    return re.sub(r'\st="[^"]*"', "", attributes)


def paste_values(source: Path, out: Path, *, at: tuple[int, int] = (1, 1)) -> Path:
    """The template's cells pasted as values into a fresh workbook: labels and figures, no defined names."""
    sheet = load_workbook(source).worksheets[0]
    fresh = Workbook()
    target = fresh.active
    target.title = "Sheet1"
    row0, col0 = at
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None and not (isinstance(cell.value, str) and cell.value.startswith("=")):
                target.cell(row=cell.row + row0 - 1, column=cell.column + col0 - 1, value=cell.value)
    fresh.save(out)
    return out


# --- Running the command on the corpus -----------------------------------------------------------------

# Point A of the worked example as --json prints it: what every messy spelling of it must read as.
WORKED_A = {
    "profit": 558_000, "revenue": 5_880_000, "headcount": 83, "clients_start": 52, "clients_new": 37,
    "clients_end": 67, "leads": 5_300,
}


def solve(path: Path, *args):
    """`leverage solve PATH --json ARGS` through click's runner, checking what every run must keep:
    the input's bytes unchanged, no traceback, and no output when the run fails."""
    before = path.read_bytes()
    out = path.with_name(path.stem + ".out.xlsx")
    result = CliRunner().invoke(main, ["solve", str(path), "-o", str(out), "--json", *map(str, args)])
    assert path.read_bytes() == before, "the input was written to"
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 1, 2, 3), result.output
    if result.exit_code:
        assert not out.exists(), "a failed run wrote an output"
        assert result.stdout == ""
    else:
        assert out.exists()
    return result


def point_a(result) -> dict:
    """Point A of a successful --json run, in the keys of WORKED_A, with the funnel counts."""
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    a = data["points"]["A"]
    return {key: a[key] for key in WORKED_A} | {"counts": [stage["count"] for stage in a["funnel"]]}


def errors(result) -> list[str]:
    """The `Error: ` lines of a run that failed on its input."""
    assert result.exit_code == 1, result.output
    return [line.removeprefix("Error: ") for line in result.stderr.splitlines() if line.startswith("Error: ")]


def warnings(result) -> list[str]:
    """The `Warning: ` lines of a run."""
    return [line.removeprefix("Warning: ") for line in result.stderr.splitlines() if line.startswith("Warning: ")]


# --- OLE compound files (old .xls, password-protected .xlsx) ---------------------------------------

_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal, well-formed OLE compound file (version 3, 512-byte sectors) holding `streams`.

    An .xls workbook holds a "Workbook" stream; an encrypted .xlsx holds
    "EncryptionInfo" and "EncryptedPackage". Streams are padded to 4096 bytes so
    that they live in regular sectors and no mini stream is needed.
    """
    sector = 512
    names = list(streams)
    datas = [streams[n].ljust(4096, b"\0") for n in names]
    chains, next_sector = [], 2  # sector 0: FAT, sector 1: directory
    for data in datas:
        count = -(-len(data) // sector)
        chains.append((next_sector, count))
        next_sector += count
    fat = [_FAT, _END]
    for start, count in chains:
        fat += [start + i + 1 for i in range(count - 1)] + [_END]
    assert len(fat) <= sector // 4
    fat_sector = struct.pack(f"<{sector // 4}I", *(fat + [_FREE] * (sector // 4 - len(fat))))

    def entry(name: str, kind: int, start: int, size: int, child: int = _FREE, right: int = _FREE) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB3I", len(encoded), kind, 1, _FREE, right, child)
                + bytes(16) + bytes(4) + bytes(16) + struct.pack("<IQ", start, size))

    entries = [entry("Root Entry", 5, _END, 0, child=1)]
    for i, (name, (start, _), data) in enumerate(zip(names, chains, datas), start=1):
        entries.append(entry(name, 2, start, len(data), right=i + 1 if i < len(names) else _FREE))
    directory = b"".join(entries).ljust(sector, b"\0")
    assert len(directory) == sector
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + bytes(6) + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
              + struct.pack("<109I", 0, *([_FREE] * 108)))
    assert len(header) == sector
    return header + fat_sector + directory + b"".join(d.ljust(-(-len(d) // sector) * sector, b"\0") for d in datas)


# --- Zip bombs and other hostile archives --------------------------------------------------------------

def deflated_zeros(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(2**20)
    out = [packer.compress(chunk) for _ in range(size // len(chunk))]
    out.append(packer.compress(bytes(size % len(chunk))))
    return b"".join(out) + packer.flush()


def raw_zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of already-deflated members: (name, deflated bytes, declared size, crc)."""
    body, directory = io.BytesIO(), io.BytesIO()
    for name, data, size, crc in members:
        offset = body.tell()
        encoded = name.encode()
        body.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(data), size, len(encoded), 0))
        body.write(encoded + data)
        directory.write(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, crc, len(data), size,
                                    len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    cd = directory.getvalue()
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(cd), body.tell(), 0)
    return body.getvalue() + cd + end


def zip_bomb(size: int) -> bytes:
    """A workbook-shaped zip whose sheet is `size` bytes of zeros packed about 1,000 times."""
    sheet = deflated_zeros(size)
    return raw_zip([
        ("[Content_Types].xml", zlib.compress(b"<Types/>")[2:-4], 8, zlib.crc32(b"<Types/>")),
        ("xl/worksheets/sheet1.xml", sheet, size, zlib.crc32(bytes(size))),
    ])


def lying_sizes() -> bytes:
    """Parts that declare a few bytes but unpack to 10 MB: zipfile stops at the declared size."""
    sheet = deflated_zeros(10 * 2**20)
    return raw_zip([
        ("[Content_Types].xml", zlib.compress(b"<Types/>")[2:-4], 8, zlib.crc32(b"<Types/>")),
        ("xl/worksheets/sheet1.xml", sheet, 1000, zlib.crc32(bytes(1000))),
    ])


def declared_huge(source: Path) -> bytes:
    """The filled template with its sheet's declared size raised to 4 GB - 1 in the central directory."""
    data = bytearray(source.read_bytes())
    target = SHEET.encode()
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + name_length] == target:
            struct.pack_into("<L", data, at + 24, 0xFFFFFFFE)
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
    + "]>\n"
)


def billion_laughs(source: Path, out: Path, *, encoding: str = "utf-8") -> Path:
    """The template with entity expansion declared in its workbook part (and used in a sheet name)."""

    def change(entries: dict[str, bytes]) -> None:
        xml = entries["xl/workbook.xml"].decode()
        xml = re.sub(r"^<\?xml[^>]*\?>\s*", "", xml)
        xml = re.sub(r'(<sheet [^>]*name=")[^"]*"', r'\1&lol9;"', xml, count=1)
        text = BILLION_LAUGHS + xml
        if encoding != "utf-8":
            text = text.replace('<?xml version="1.0"?>', f'<?xml version="1.0" encoding="{encoding}"?>')
        entries["xl/workbook.xml"] = text.encode(encoding)

    return rezip(source, out, change)


def add_part(source: Path, out: Path, name: str, data: bytes) -> Path:
    def change(entries: dict[str, bytes]) -> None:
        entries[name] = data

    return rezip(source, out, change)


def in_sheet(source: Path, out: Path, xml: str) -> Path:
    """The template with `xml` added at the end of its sheet (a merged or hyperlinked range, say)."""

    def change(entries: dict[str, bytes]) -> None:
        name = SHEET
        entries[name] = entries[name].replace(b"</worksheet>", xml.encode() + b"</worksheet>")

    return rezip(source, out, change)


def many_cells(count: int) -> bytes:
    """Sheet XML with `count` small number cells, 100 a row."""
    rows = []
    for r in range(count // 100 + 1):
        cells = "".join(f'<c r="{_col(c)}{r + 1}"><v>1</v></c>' for c in range(min(100, count - r * 100)))
        rows.append(f'<row r="{r + 1}">{cells}</row>')
    return ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + "".join(rows) + "</sheetData></worksheet>").encode()


def _col(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def add_sheet(source: Path, out: Path, title: str, xml: bytes) -> Path:
    """The template with one more sheet, wired into the workbook as Excel would."""

    def change(entries: dict[str, bytes]) -> None:
        entries["xl/worksheets/sheet99.xml"] = xml
        entries["xl/workbook.xml"] = entries["xl/workbook.xml"].replace(
            b"</sheets>", f'<sheet name="{title}" sheetId="99" r:id="rId99"/></sheets>'.encode())
        if b'xmlns:r="' not in entries["xl/workbook.xml"]:
            raise AssertionError("workbook.xml lacks the relationships namespace")
        entries["xl/_rels/workbook.xml.rels"] = entries["xl/_rels/workbook.xml.rels"].replace(
            b"</Relationships>",
            b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'worksheet" Target="/xl/worksheets/sheet99.xml"/></Relationships>')
        entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
            b"</Types>",
            b'<Override PartName="/xl/worksheets/sheet99.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')

    return rezip(source, out, change)


def hostile(folder: Path) -> dict[str, Path]:
    """Every broken or hostile file of the corpus, by case name, written under `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    base = filled(folder / "base.xlsx")
    made: dict[str, Path] = {}

    def write(name: str, data: bytes) -> None:
        made[name.split(".")[0]] = folder / name
        (folder / name).write_bytes(data)

    write("empty.xlsx", b"")
    write("noise.xlsx", b"\x00\x01\x02 not a workbook")
    write("truncated.xlsx", base.read_bytes()[: len(base.read_bytes()) // 2])
    write("old.xls", compound_file({"Workbook": b"\x09\x08" + bytes(100)}))
    write("old-renamed.xlsx", compound_file({"Workbook": b"\x09\x08" + bytes(100)}))
    write("password.xlsx", compound_file({"EncryptionInfo": b"\x04\x00\x04\x00" + bytes(100),
                                          "EncryptedPackage": bytes(5000)}))
    write("word.doc", compound_file({"WordDocument": bytes(100)}))
    write("sheet.ods", zip_bytes({"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
                                  "content.xml": "<office:document-content/>"}, zipfile.ZIP_STORED))
    write("ods-renamed.xlsx", (folder / "sheet.ods").read_bytes())
    write("data.csv", "Revenue,5880000\nProfit,558000\n".encode())
    write("csv-renamed.xlsx", "Выручка;5 880 000\nПрибыль;558 000\n".encode("cp1251"))
    write("unicode-text.xlsx", "Revenue\t5880000\n".encode("utf-16"))
    write("web-page.xls", b"<html><body><table><tr><td>Revenue</td><td>5880000</td></tr></table></body></html>")
    write("report.pdf.xlsx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    write("binary.xlsb", zip_bytes({"[Content_Types].xml": "<Types/>", "xl/workbook.bin": b"\0"}))
    write("document.docx.xlsx", zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}))
    write("plain-zip.xlsx", zip_bytes({"readme.txt": "hello"}))
    write("bad-xml.xlsx", zip_bytes({"[Content_Types].xml": "<Types", "xl/workbook.xml": "<"}))
    write("zip-bomb.xlsx", zip_bomb(30 * 2**20))
    write("declared-huge.xlsx", declared_huge(base))
    write("lying-sizes.xlsx", lying_sizes())
    write("many-entries.xlsx", zip_bytes({"[Content_Types].xml": "<Types/>",
                                          **{f"xl/media/{i}.xml": "" for i in range(MAX_ENTRIES_CASE)}}))
    billion_laughs(base, folder / "billion-laughs.xlsx")
    made["billion-laughs"] = folder / "billion-laughs.xlsx"
    billion_laughs(base, folder / "billion-laughs-utf16.xlsx", encoding="utf-16")
    made["billion-laughs-utf16"] = folder / "billion-laughs-utf16.xlsx"
    in_sheet(base, folder / "merged-bomb.xlsx", '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>')
    made["merged-bomb"] = folder / "merged-bomb.xlsx"
    in_sheet(base, folder / "hyperlink-bomb.xlsx",
             "<hyperlinks><hyperlink ref='A:XFD' display='x'/></hyperlinks>")
    made["hyperlink-bomb"] = folder / "hyperlink-bomb.xlsx"
    add_sheet(base, folder / "huge-sheet.xlsx", "Data", many_cells(210_000))
    made["huge-sheet"] = folder / "huge-sheet.xlsx"
    huge = folder / "huge-file.xlsx"
    with open(huge, "wb") as handle:
        handle.truncate(21 * 2**20)  # sparse: costs no disk
    made["huge-file"] = huge
    return made


MAX_ENTRIES_CASE = 1_001


# Runs `python -m leverage ...` and reports its peak memory from /proc at exit. The kernel's ru_maxrss is
# no use here: a child counts its parent's memory at the fork (the test process, a few hundred MB).
_MEASURED = """\
import atexit, runpy, sys
def _peak():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                sys.stderr.write("peak-kb: " + line.split()[1] + "\\n")
atexit.register(_peak)
sys.argv = ["leverage", *sys.argv[1:]]
runpy.run_module("leverage", run_name="__main__", alter_sys=True)
"""


def run_measured(args: list[str], cwd: Path = ROOT, timeout: float = 60) -> tuple[int, str, float, float]:
    """(exit code, stderr without the peak line, CPU seconds, peak MB) of `leverage ARGS` in its own process."""
    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    before = cpu()
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen([sys.executable, "-c", _MEASURED, *args], stdout=subprocess.DEVNULL,
                                   stderr=err, cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT)})
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise
        err.seek(0)
        lines = err.read().decode(errors="replace").splitlines()
    peak = [int(line.split()[1]) for line in lines if line.startswith("peak-kb: ")]
    text = "\n".join(line for line in lines if not line.startswith("peak-kb: "))
    return process.returncode, text, cpu() - before, (peak[0] / 1024 if peak else float("nan"))


# What `leverage solve` says about each hostile file of `hostile_files`, whole.
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
    "many-entries": f"is a zip archive of {MAX_ENTRIES_CASE + 1:,} entries, far more than a workbook holds "
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
