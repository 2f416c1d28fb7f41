"""The print header: the company's name, whatever its length and ampersands, never swallows the sheet's name."""

import re
import zipfile

import corpus
import openpyxl
import pytest
from click.testing import CliRunner

from leverage.cli import main
from leverage.workbook.page import HEADER_NAME_CHARS, header_text

LONG = "Smith & Sons & Partners " * 6  # 144 characters, an ampersand near the cut


def written_headers(path):
    """Each sheet's header as written in the file, and as openpyxl reads it back: left and right parts."""
    with zipfile.ZipFile(path) as archive:
        raw = {name: re.search(r"<oddHeader>(.*?)</oddHeader>", archive.read(name).decode()).group(1)
               for name in archive.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", name)}
    book = openpyxl.load_workbook(path)
    parts = [(ws.oddHeader.left.text, ws.oddHeader.right.text) for ws in book.worksheets]
    return raw, parts


@pytest.mark.parametrize("company, shown", [
    (LONG, LONG[:HEADER_NAME_CHARS - 1].replace("&", "&&") + "…"),
    ("A" * 99 + "&", "A" * 99 + "&&"),  # exactly the limit: kept whole
    ("A" * 99 + "& Co", "A" * 99 + "…"),  # the cut falls right after an ampersand
    ("A" * 98 + "&&& Co", "A" * 98 + "&&…"),
    ("&" * 300, "&&" * (HEADER_NAME_CHARS - 1) + "…"),
    ("Рога & Копыта", "Рога && Копыта"),
    ("😀&" * 60, ("😀&" * 60)[:HEADER_NAME_CHARS - 1].replace("&", "&&") + "…"),  # two UTF-16 units each
])
def test_the_company_in_the_header_is_cut_then_escaped(tmp_path, company, shown):
    source = corpus.filled(tmp_path / "client.xlsx", company=company)
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(main, ["solve", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Wrote {out}\n"
    raw, parts = written_headers(out)
    expected = f'&L&"-,Bold"{shown}&R&A'
    assert len(expected.encode("utf-16-le")) // 2 <= 255  # Excel's limit; XlsxWriter drops a longer header
    xml = expected.replace("&", "&amp;").replace('"', "&quot;")
    assert {name: header.replace('"', "&quot;") for name, header in raw.items()} == dict.fromkeys(raw, xml)
    assert parts == [(shown, "&A")] * len(parts)


def test_header_text_never_ends_in_a_lone_ampersand():
    for length in range(1, 260):
        for text in ("&" * length, "a&" * length, "&a" * length):
            shown = header_text(text)
            run = len(shown) - len(shown.rstrip("&"))
            assert run % 2 == 0 and len(shown.replace("&&", "&")) <= HEADER_NAME_CHARS, text
