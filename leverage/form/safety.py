"""Refusing what is not an .xlsx workbook, or is built to exhaust memory or time, before openpyxl sees it.

Every check here works on the raw bytes and on the zip archive's own records,
bounded by the limits below, so a hostile file is refused in well under a second
and a few tens of MB, with a message saying what the file is and what to do:

- what the file really is, whatever its name: an old .xls or a password-protected
  workbook (both OLE compound files), an OpenDocument spreadsheet, a binary .xlsb,
  a Word or PowerPoint file, a CSV or other text, a web page, a PDF;
- truncated or damaged archives;
- zip bombs: the archive's declared entry count, total unpacked size, the size
  of each part and its compression ratio are checked before anything is unpacked
  (Python's zipfile never unpacks more than an entry declares);
- XML that declares entities (billion laughs): no spreadsheet program writes a
  DOCTYPE, so any part holding one is refused (openpyxl also parses with
  defusedxml, which forbids entities; this check does not depend on it);
- absurdly large sheets: openpyxl keeps every cell in memory (about 400 bytes
  each) and creates one for every cell of a merged or hyperlinked range, so the
  cells, the area of merged and hyperlinked ranges and the XML elements are
  counted first.
"""

from __future__ import annotations

import io
import re
import stat
import struct
import zipfile
from pathlib import Path

from ..errors import FileFormatError, InputError, Problem
from ..i18n import Message, Num, _

SAVE_AS = _("open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx)")
# What a refused file should have been: the end of many refusals.
EXPECTED = _("expected a filled template (.xlsx)")
# Where to go with figures in a file that cannot be opened as a template.
COPY_FIGURES = _("copy the figures into a template from `leverage template`")
ZIP_BOMB = _("it may be a zip bomb")

# A filled template is about 30 KB; a consultant's whole model with logos stays under a few MB.
MAX_FILE_BYTES = 20 * 2**20
# The template has 12 parts; a workbook with a hundred sheets and charts has a few hundred.
MAX_ENTRIES = 1_000
# The zip's central directory: zipfile builds an object per entry from it before we can count them.
MAX_DIRECTORY_BYTES = 2**20
# What the parts declare they unpack to, all together and each: a template unpacks to about 200 KB.
MAX_UNPACKED = 100 * 2**20
MAX_PART_BYTES = 40 * 2**20
# Spreadsheet XML packs 5 to 20 times; zip bombs pack about 1,000 times. Checked for parts above 1 MB.
MAX_RATIO = 100
RATIO_FROM_BYTES = 2**20
# openpyxl holds about 400 bytes per cell and creates one for each cell of a merged or hyperlinked
# range: 100,000 cells stay under 100 MB. The template has about 150; a sheet of data pasted beside it
# a few thousand.
MAX_CELLS = 100_000
# Every XML element (a cell's value, a style, a defined name, a validation) becomes Python objects of up
# to 1 KB: 200,000 elements stay near 200 MB and 3 s to load. The template has about 2,500.
MAX_ELEMENTS = 200_000

_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP = b"PK\x05\x06"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_EOCD = struct.Struct("<4s4H2LH")
_ZIP64_LOCATOR = b"PK\x06\x07"

# A namespace-prefixed cell (<x:c r="A1">); unprefixed ones are counted with bytes.count, which is faster.
_PREFIXED_CELL = re.compile(rb"<[A-Za-z_][\w.-]{0,30}:c[\s/>]")
# A merged or hyperlinked range: openpyxl creates a cell object for each of its cells.
_RANGE = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,30}:)?(?:mergeCell|hyperlink)\b[^>]*?\sref\s*=\s*[\"']([^\"']{0,100})[\"']")
_REF_END = re.compile(r"\$?([A-Za-z]*)\$?(\d*)")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def refuse(path: Path, why: Message) -> FileFormatError:
    return FileFormatError(Problem(str(path), None, why, has_seen=False))


def read_workbook_bytes(path: Path) -> bytes:
    """The file's bytes, once they are known to be an .xlsx workbook that is safe to open.

    Raises InputError when the file cannot be read at all, and FileFormatError
    saying what the file is when it is not a workbook openpyxl may open.
    """
    data = _read_bounded(path)
    if not data:
        raise refuse(path, _("the file is empty; {expected}", expected=EXPECTED))
    if data.startswith(_OLE_MAGIC):
        raise refuse(path, _ole_kind(data))
    if not data.startswith(_ZIP_MAGIC):
        if data.startswith(_EMPTY_ZIP):
            raise refuse(path, _("is an empty zip archive, not an .xlsx workbook; {expected}", expected=EXPECTED))
        raise refuse(path, _not_a_zip(data, path))
    check_archive(path, data)
    return data


def _read_bounded(path: Path) -> bytes:
    """At most MAX_FILE_BYTES + 1 bytes of a regular file: a device or a huge file is never read whole."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(Problem(str(path), None, _("no such file"), has_seen=False)) from None
    except OSError as exc:
        raise InputError(Problem(str(path), None, _unreadable(exc), has_seen=False)) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(Problem(str(path), None, _("is a folder; {expected}", expected=EXPECTED), has_seen=False))
    if not stat.S_ISREG(info.st_mode):
        raise InputError(Problem(str(path), None, _("is not a regular file; {expected}", expected=EXPECTED),
                                 has_seen=False))
    too_big = _("is larger than {limit} MB, far more than a filled template; "
                "expected a filled template (.xlsx), without other data", limit=MAX_FILE_BYTES // 2**20)
    if info.st_size > MAX_FILE_BYTES:
        raise refuse(path, too_big)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(Problem(str(path), None, _unreadable(exc), has_seen=False)) from None
    if len(data) > MAX_FILE_BYTES:
        raise refuse(path, too_big)
    return data


def _unreadable(exc: OSError) -> Message:
    """The system's reason stays as the system says it (in English, or in the locale's language)."""
    return _("cannot be read ({reason})", reason=exc.strerror)


def _ole_kind(data: bytes) -> Message:
    """What an OLE compound file is, from the stream names in its directory."""
    streams = _ole_streams(data)
    if {"EncryptedPackage", "EncryptionInfo"} & streams:
        return _("is protected with a password, so it cannot be read; open it in Excel or LibreOffice, "
            "remove the password (Excel: File > Info > Protect Workbook > Encrypt with Password; "
            "LibreOffice: File > Save As without \"Save with password\") and save it as .xlsx")
    if {"Workbook", "Book"} & streams:
        return _("is an old-format Excel 97-2003 workbook (.xls); {save_as}", save_as=SAVE_AS)
    if "WordDocument" in streams:
        return _("is a Word document (.doc), not a workbook; {expected}", expected=EXPECTED)
    return _("is an old-format .xls workbook or a password-protected file; {save_as}, without a password", save_as=SAVE_AS)


def _ole_streams(data: bytes) -> set[str]:
    """Names of the well-known streams in an OLE compound file.

    Directory entries sit at 128-byte boundaries after the 512-byte header: a
    UTF-16 name (64 bytes) followed by its length in bytes, terminator included.
    """
    found = set()
    for name in ("EncryptedPackage", "EncryptionInfo", "Workbook", "Book", "WordDocument"):
        encoded = name.encode("utf-16-le") + b"\0\0"
        start = 512
        while (at := data.find(encoded, start)) != -1:
            if at % 128 == 0 and data[at + 64:at + 66] == len(encoded).to_bytes(2, "little"):
                found.add(name)
                break
            start = at + 1
    return found


def _not_a_zip(data: bytes, path: Path) -> Message:
    """What a file that is neither a zip nor an OLE file is, as far as its first bytes tell."""
    head = data[:4096]
    if head.startswith(b"%PDF"):
        return _("is a PDF document, not a workbook; copy its figures into a template from `leverage template`")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (b"\0" not in head and _is_text(head)):
        text = head.lstrip(b"\xef\xbb\xbf\xff\xfe\xfe\xff").replace(b"\0", b"").lstrip().lower()
        if text.startswith((b"<!doctype html", b"<html")) or b"<table" in text:
            return _("is a web page (HTML) with a spreadsheet's name, not a workbook; {save_as}", save_as=SAVE_AS)
        if b"urn:schemas-microsoft-com:office:spreadsheet" in text:
            return _("is an Excel 2003 XML spreadsheet, not an .xlsx workbook; {save_as}", save_as=SAVE_AS)
        if b"opendocument" in text:
            return _("is a flat OpenDocument spreadsheet (.fods), not an .xlsx workbook; {save_as}", save_as=SAVE_AS)
        return _CSV
    if path.suffix.lower() in {".csv", ".tsv", ".txt"}:
        return _CSV
    return _("is not an .xlsx workbook; expected a filled template (for another spreadsheet format, {save_as})", save_as=SAVE_AS)


_CSV = _("is a text (CSV) file, not a workbook; {save_as}", save_as=SAVE_AS)


def _is_text(head: bytes) -> bool:
    for encoding in ("utf-8", "cp1251"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Cut mid-character at 4096 bytes is fine; control characters other than layout ones are not text.
        return not any(ord(ch) < 32 and ch not in "\t\r\n\f" for ch in text)
    return False


def check_archive(path: Path, data: bytes) -> None:
    """Refuse a zip that is damaged, is not a spreadsheet, or declares more than a template could hold."""
    entries, directory_bytes = _directory_size(data)
    if entries is None:
        raise refuse(path, _("is incomplete or damaged: the end of its zip archive is missing, as when a download "
            "or copy was cut off; get the file again, or open it in Excel or LibreOffice, "
            "which may repair it, and save it as .xlsx"))
    if entries > MAX_ENTRIES or directory_bytes > MAX_DIRECTORY_BYTES:
        raise refuse(path, _too_many_entries(entries))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # zipfile raises many unrelated types for damaged archives
        raise refuse(path, _("is incomplete or damaged ({exc}); get the file again, or {save_as}", exc=str(exc), save_as=SAVE_AS)) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise refuse(path, _too_many_entries(len(infos)))
        names = {info.filename for info in infos}
        _check_kind(path, archive, names)
        _check_sizes(path, infos)
        _check_parts(path, archive, infos)


def _too_many_entries(entries: int) -> Message:
    return _("is a zip archive of {entries} entries, far more than a workbook holds (at most {limit} are read); "
             "{expected}", entries=Num(entries), limit=Num(MAX_ENTRIES), expected=EXPECTED)


def _directory_size(data: bytes) -> tuple[int | None, int]:
    """Entry count and central-directory size from the end record, found as zipfile finds it."""
    at = len(data) - _EOCD.size
    if not (at >= 0 and data[at:at + 4] == _EMPTY_ZIP and data[-2:] == b"\0\0"):
        at = data.rfind(_EMPTY_ZIP, max(0, len(data) - 2**16 - _EOCD.size))
    if at < 0 or at + _EOCD.size > len(data):
        return None, 0
    _, _, _, _, entries, directory_bytes, _, _ = _EOCD.unpack_from(data, at)
    if at >= 20 and data[at - 20:at - 16] == _ZIP64_LOCATOR:
        # A ZIP64 archive keeps the real counts in its own record; zipfile checks them, we bound them.
        (offset,) = struct.unpack_from("<Q", data, at - 12)
        if offset + 56 <= len(data) and data[offset:offset + 4] == b"PK\x06\x06":
            entries, directory_bytes = struct.unpack_from("<QQ", data, offset + 32)
    return entries, directory_bytes


def _check_kind(path: Path, archive: zipfile.ZipFile, names: set[str]) -> None:
    if "mimetype" in names:
        try:
            mimetype = archive.open("mimetype").read(200)
        except Exception:  # damaged: the parts check below says so
            mimetype = b""
        if b"opendocument" in mimetype:
            raise refuse(path, _("is an OpenDocument spreadsheet (.ods); {save_as}", save_as=SAVE_AS))
    if "xl/workbook.bin" in names:
        raise refuse(path, _("is a binary Excel workbook (.xlsb); {save_as}", save_as=SAVE_AS))
    if "word/document.xml" in names:
        raise refuse(path, _("is a Word document (.docx), not a workbook; {expected}", expected=EXPECTED))
    if "ppt/presentation.xml" in names:
        raise refuse(path, _("is a PowerPoint file (.pptx), not a workbook; {expected}", expected=EXPECTED))
    if "[Content_Types].xml" not in names:
        raise refuse(path, _("is a zip archive, not an .xlsx workbook; {expected}", expected=EXPECTED))
    if any(info.flag_bits & 0x1 for info in archive.infolist()):
        raise refuse(path, _("is an encrypted zip archive, not a workbook Excel writes; {save_as}", save_as=SAVE_AS))


def _check_sizes(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    unpacked = sum(info.file_size for info in infos)
    if unpacked > MAX_UNPACKED:
        raise refuse(path, _(
            "declares {mb} MB of contents, far more than a workbook holds (at most {limit} MB are read); {bomb}",
            mb=Num(unpacked / 2**20), limit=MAX_UNPACKED // 2**20, bomb=ZIP_BOMB))
    for info in infos:
        if info.file_size > MAX_PART_BYTES:
            raise refuse(path, _(
                'declares a part "{part}" of {mb} MB, far more than a workbook holds (at most {limit} MB '
                "are read); {bomb}",
                part=info.filename, mb=Num(info.file_size / 2**20), limit=MAX_PART_BYTES // 2**20, bomb=ZIP_BOMB))
        if info.file_size > RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size / max(info.compress_size, 1)
            raise refuse(path, _(
                'packs its part "{part}" {ratio} times, where spreadsheets pack at most about {limit} times; '
                "{bomb}", part=info.filename, ratio=Num(ratio), limit=MAX_RATIO, bomb=ZIP_BOMB))


def _check_parts(path: Path, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Unpack each part (bounded by the declared sizes) and count what openpyxl would build from it."""
    cells = elements = 0
    for info in infos:
        if info.is_dir():
            continue
        try:
            part = _as_utf8(archive.read(info))
        except Exception as exc:  # a damaged part: a bad CRC, zlib's errors, an unknown compression method
            raise refuse(path, _('is damaged: its part "{part}" cannot be unpacked ({exc}); get the file again, '
                                 "or {save_as}", part=info.filename, exc=str(exc), save_as=SAVE_AS)) from None
        if _DTD.search(part):
            raise refuse(path, _(
                'declares XML entities in its part "{part}" (<!DOCTYPE>), which no '
                "spreadsheet program writes; the file may be built to attack the reader, so it is not opened",
                part=info.filename))
        cells += sum(part.count(b"<c" + end) for end in (b" ", b">", b"/", b"\t", b"\n", b"\r"))
        cells += sum(1 for _ in _PREFIXED_CELL.finditer(part))
        if b"mergeCell" in part or b"hyperlink" in part:
            cells += sum(_area(match.group(1)) for match in _RANGE.finditer(part))
        # Start tags: every "<" but those of end tags, comments, declarations and processing instructions.
        elements += part.count(b"<") - part.count(b"</") - part.count(b"<!") - part.count(b"<?")
        if cells > MAX_CELLS:
            raise refuse(path, _(
                "has more than {cells} cells (counting merged and hyperlinked ranges), far more than a "
                "template holds; {copy}", cells=Num(MAX_CELLS), copy=COPY_FIGURES))
        if elements > MAX_ELEMENTS:
            raise refuse(path, _(
                "has more than {elements} XML elements, far more than a template holds; {copy}",
                elements=Num(MAX_ELEMENTS), copy=COPY_FIGURES))


def _as_utf8(part: bytes) -> bytes:
    """XML in UTF-16 (which the XML parser accepts) re-encoded, so the byte patterns above see its tags."""
    if part.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\0" in part[:64]:
        try:
            return part.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return part
    return part


# Excel's limits; a reference beyond them is counted as reaching them.
_ROWS, _COLUMNS = 1_048_576, 16_384


def _area(ref: bytes) -> int:
    """Cells in a range reference as openpyxl expands it ("A1:C3" is 9; "A:A" and "1:1" are whole columns, rows)."""
    ends = ref.decode("ascii", "replace").split(":")
    if len(ends) > 2:
        return 0  # openpyxl refuses such a reference rather than expanding it
    bounds = []
    for end in ends:
        match = _REF_END.fullmatch(end.strip())
        if not match:
            return 0
        letters, digits = match.groups()
        bounds.append((_column(letters) if letters else None, _row(digits) if digits else None))
    if len(bounds) == 1:
        return 1
    (col1, row1), (col2, row2) = bounds
    cols = abs((col2 or _COLUMNS) - (col1 or 1)) + 1
    rows = abs((row2 or _ROWS) - (row1 or 1)) + 1
    return rows * cols


def _row(digits: str) -> int:
    digits = digits.lstrip("0")
    return _ROWS if len(digits) > 7 else min(int(digits or 0), _ROWS)


def _column(letters: str) -> int:
    number = 0
    for letter in letters.upper()[:4]:
        number = number * 26 + ord(letter) - 64
    return min(number, _COLUMNS)
