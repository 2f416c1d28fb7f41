"""Refusals of files that are not usable workbooks, and output errors, in Russian.

A file is refused before its template's language is known, so its refusal is in
Russian with `--lang ru`; an output error of `solve` follows the template's
language; `leverage template OUT --lang ru` follows its --lang. The English of
every message is asserted byte for byte by the existing tests; here, whole
Russian renderings of representative messages, then every message of the area
driven in Russian and checked for leftover English.
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import corpus
import pytest
from click.testing import CliRunner
from corpus import HOSTILE, RU
from helpers import fill_template

from leverage.cli import main
from leverage.errors import LeverageError, OutputError
from leverage.fileio import write_atomically
from leverage.form import safety
from leverage.form.safety import MAX_ELEMENTS, read_workbook_bytes
from leverage.form.write import write_template
from leverage.i18n import Message, in_lang

SAVE_AS_RU = "откройте файл в Excel или LibreOffice и сохраните как книгу Excel: «Файл > Сохранить как > Книга Excel (.xlsx)»"
EXISTS_RU = "такой файл уже есть; чтобы перезаписать его, добавьте --force, или выберите другое имя с -o"

# Words that stay in Latin letters in Russian: names of programs and formats, options, commands.
LATIN = {"excel", "libreoffice", "opendocument", "word", "powerpoint", "pdf", "html", "csv", "xml", "doctype",
         "zip", "xlsx", "xls", "xlsb", "ods", "fods", "doc", "docx", "pptx"}


def leftover_english(russian: str, *, path: object = None, details: tuple[str, ...] = ()) -> list[str]:
    """Latin words of a Russian message outside the file name, quoted values, `commands`, options, program and
    format names and the system's own wording of an error (`details`, and a library's `(ParseError: ...)`)."""
    text = russian.replace(str(path), " ") if path is not None else russian
    for detail in details:
        text = text.replace(detail, " ")
    text = re.sub(r"«[^»]*»|`[^`]*`|\(\w+(?:Error|Exception): [^)]*\)|(?<![\w-])--?[a-z][\w-]*", " ", text)
    return [word for word in re.findall(r"[A-Za-z]+", text) if word.lower() not in LATIN]


def solve(path: Path, *args: str):
    return CliRunner().invoke(main, ["solve", str(path), "-o", str(path.with_name("out.xlsx")), *args])


def refusal(path: Path, lang: str = "ru") -> str:
    """What `read_workbook_bytes` says of `path`, in `lang`."""
    with pytest.raises(LeverageError) as caught:
        read_workbook_bytes(path)
    return caught.value.text(lang)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return corpus.hostile(tmp_path_factory.mktemp("hostile"))


# --- a) Whole Russian renderings ------------------------------------------------------------------------------


@pytest.mark.parametrize("case, russian", [
    ("empty", "файл пуст; нужен заполненный шаблон (.xlsx)"),
    ("old", f"это книга Excel 97-2003 в старом формате (.xls); {SAVE_AS_RU}"),
    ("password", "файл защищён паролем, поэтому прочитать его нельзя; откройте его в Excel или LibreOffice, снимите "
                 "пароль (Excel: «Файл > Сведения > Защита книги > Зашифровать с использованием пароля»; LibreOffice: "
                 "«Файл > Сохранить как» без флажка «Сохранить с паролем») и сохраните как .xlsx"),
    ("sheet", f"это таблица OpenDocument (.ods); {SAVE_AS_RU}"),
    ("data", f"это текстовый файл (CSV), а не книга Excel; {SAVE_AS_RU}"),
    ("report", "это документ PDF, а не книга Excel; перенесите его цифры в шаблон, созданный командой "
               "`leverage template`"),
    ("noise", f"это не книга .xlsx; нужен заполненный шаблон (если это таблица в другом формате, {SAVE_AS_RU})"),
    ("bad-xml", f"не читается как книга Excel (.xlsx) (ParseError: unclosed token: line 1, column 0); {SAVE_AS_RU}"),
    ("zip-bomb", "часть «xl/worksheets/sheet1.xml» сжата в 1 028 раз, а таблицы сжимаются не больше чем примерно "
                 "в 100 раз; возможно, это zip-бомба"),
    ("many-entries", "это zip-архив, записей в нём 1 002 — намного больше, чем бывает в книге Excel (читается "
                     "не больше 1 000); нужен заполненный шаблон (.xlsx)"),
    ("billion-laughs", "в части «xl/workbook.xml» объявлены XML-сущности (<!DOCTYPE>), которых не записывает ни одна "
                       "программа для таблиц; файл может быть создан для атаки на программу чтения, поэтому он "
                       "не открыт"),
    ("huge-sheet", "в файле больше 100 000 ячеек (считая объединённые ячейки и диапазоны гиперссылок), намного "
                   "больше, чем в шаблоне; перенесите цифры в шаблон, созданный командой `leverage template`"),
])
def test_a_refused_file_is_told_in_russian_with_lang_ru(hostile, case, russian):
    path = hostile[case]
    result = solve(path, "--lang", "ru")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}: {russian}\n"
    assert solve(path).stderr == f"Error: {path}: {HOSTILE[case]}\n"  # English without --lang


def test_an_existing_output_is_told_in_the_russian_templates_language(tmp_path):
    source = corpus.filled(tmp_path / "client.xlsx", RU, currency="RUB", lang="ru")
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"previous")
    result = solve(source)
    assert result.exit_code == 3 and out.read_bytes() == b"previous"
    assert result.stderr == f"Error: {out}: {EXISTS_RU}\n"
    english = solve(source, "--lang", "en")
    assert english.stderr == f"Error: {out}: already exists; use --force to overwrite it or -o to choose another name\n"


def test_the_output_may_not_be_the_input_in_russian(tmp_path):
    source = corpus.filled(tmp_path / "client.xlsx", RU, currency="RUB", lang="ru")
    result = CliRunner().invoke(main, ["solve", str(source), "-o", str(source), "--force"])
    assert result.exit_code == 3
    assert result.stderr == (f"Error: {source}: результат записался бы поверх исходного файла; выберите другое имя "
                             "с -o\n")


def test_an_english_template_gets_its_output_error_in_russian_with_lang_ru(tmp_path):
    source = corpus.filled(tmp_path / "client.xlsx")
    missing = tmp_path / "no-such-folder" / "out.xlsx"
    result = CliRunner().invoke(main, ["solve", str(source), "-o", str(missing), "--lang", "ru"])
    assert result.exit_code == 3
    assert result.stderr == f"Error: {missing.parent}: такой папки нет\n"


def test_the_template_command_follows_its_lang(tmp_path):
    out = tmp_path / "t.xlsx"
    assert CliRunner().invoke(main, ["template", str(out), "--lang", "ru"]).exit_code == 0
    again = CliRunner().invoke(main, ["template", str(out), "--lang", "ru"])
    assert again.exit_code == 3
    assert again.stderr == f"Error: {out}: {EXISTS_RU}\n"


def test_save_as_has_its_russian():
    assert str(safety.SAVE_AS) == "open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx)"
    assert in_lang(safety.SAVE_AS, "ru") == SAVE_AS_RU


# --- b) Every message of the area, in Russian, without leftover English ---------------------------------------


@pytest.mark.parametrize("case", HOSTILE)
def test_every_hostile_file_is_refused_in_russian(hostile, case):
    path = hostile[case]
    result = solve(path, "--lang", "ru")
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: {path}: ") and line != f"Error: {path}: {HOSTILE[case]}"
    assert leftover_english(line.removeprefix("Error: "), path=path) == [], line


def _zip_with(entries: dict[str, bytes]) -> bytes:
    return corpus.zip_bytes({"[Content_Types].xml": "<Types/>", **entries})


def _encrypted() -> bytes:
    """A workbook-shaped zip whose central directory marks its parts encrypted."""
    data = bytearray(_zip_with({"xl/workbook.xml": b"<workbook/>"}))
    at = data.find(b"PK\x01\x02")
    while at != -1:
        struct.pack_into("<H", data, at + 8, 1)
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def _bad_crc() -> bytes:
    body = b"<workbook/>"
    return corpus.raw_zip([
        ("[Content_Types].xml", zlib.compress(b"<Types/>")[2:-4], 8, zlib.crc32(b"<Types/>")),
        ("xl/workbook.xml", zlib.compress(body)[2:-4], len(body), zlib.crc32(body) ^ 1),
    ])


def _huge_part() -> bytes:
    return corpus.raw_zip([
        ("[Content_Types].xml", zlib.compress(b"<Types/>")[2:-4], 8, zlib.crc32(b"<Types/>")),
        ("xl/worksheets/sheet1.xml", corpus.deflated_zeros(1000), 50 * 2**20, 0),
    ])


# Files the hostile corpus does not hold: (name, bytes, the English refusal's start, library wording in it).
MORE_FILES = [
    ("empty-zip.xlsx", b"PK\x05\x06" + bytes(18), "is an empty zip archive", ()),
    ("xml2003.xlsx", b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">',
     "is an Excel 2003 XML spreadsheet", ()),
    ("flat.xlsx", b'<?xml version="1.0"?><office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">',
     "is a flat OpenDocument spreadsheet", ()),
    ("binary.csv", b"\x00\x01 numbers", "is a text (CSV) file", ()),
    ("other-ole.xlsx", corpus.compound_file({"Other": bytes(100)}), "is an old-format .xls workbook or a password", ()),
    ("slides.xlsx", _zip_with({"ppt/presentation.xml": b"<p/>"}), "is a PowerPoint file", ()),
    ("encrypted.xlsx", _encrypted(), "is an encrypted zip archive", ()),
    ("huge-part.xlsx", _huge_part(), 'declares a part "xl/worksheets/sheet1.xml" of 50 MB', ()),
    ("bad-crc.xlsx", _bad_crc(), 'is damaged: its part "xl/workbook.xml" cannot be unpacked',
     ("Bad CRC-32 for file 'xl/workbook.xml'",)),
    ("bad-directory.xlsx", _zip_with({"xl/workbook.xml": b"<w/>"}).replace(b"PK\x01\x02", b"PK\x01\x09"),
     "is incomplete or damaged (", ("Bad magic number for central directory",)),
]


@pytest.mark.parametrize("name, data, english, details", MORE_FILES, ids=[case[0] for case in MORE_FILES])
def test_every_other_refusal_is_in_russian(tmp_path, name, data, english, details):
    path = tmp_path / name
    path.write_bytes(data)
    assert refusal(path, "en").startswith(f"{path}: {english}")
    russian = refusal(path)
    assert leftover_english(russian, path=path, details=details) == [], russian
    result = solve(path, "--lang", "ru")
    assert result.exit_code == 1 and result.stderr == f"Error: {russian}\n"


def test_the_element_limit_in_russian(tmp_path):
    rows = "".join(f'<row r="{100 + i}"/>' for i in range(MAX_ELEMENTS))
    path = corpus.in_sheet(corpus.filled(tmp_path / "base.xlsx"), tmp_path / "rows.xlsx", "")
    path = corpus.rezip(path, path, lambda entries: entries.__setitem__(
        corpus.SHEET, entries[corpus.SHEET].replace(b"</sheetData>", rows.encode() + b"</sheetData>")))
    assert solve(path, "--lang", "ru").stderr == (
        f"Error: {path}: в файле больше 200 000 элементов XML, намного больше, чем в шаблоне; перенесите цифры в "
        "шаблон, созданный командой `leverage template`\n")


def test_what_is_not_a_file_is_refused_in_russian(tmp_path, monkeypatch):
    assert refusal(tmp_path / "missing.xlsx") == f"{tmp_path / 'missing.xlsx'}: такого файла нет"
    assert refusal(tmp_path) == f"{tmp_path}: это папка; нужен заполненный шаблон (.xlsx)"
    assert refusal(Path("/dev/null")) == "/dev/null: это не обычный файл; нужен заполненный шаблон (.xlsx)"
    huge = tmp_path / "huge.xlsx"
    with open(huge, "wb") as handle:
        handle.truncate(21 * 2**20)
    assert refusal(huge) == (f"{huge}: файл больше 20 МБ, намного больше заполненного шаблона; нужен заполненный "
                             "шаблон (.xlsx) без других данных")
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(b"PK")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(safety, "open", denied, raising=False)
    assert refusal(locked, "en") == f"{locked}: cannot be read (Permission denied)"
    assert refusal(locked) == f"{locked}: не удаётся прочитать (Permission denied)"


def test_every_output_error_in_russian(tmp_path, monkeypatch):
    source = tmp_path / "in.xlsx"
    source.write_bytes(b"input")
    exists = tmp_path / "exists.xlsx"
    exists.write_bytes(b"previous")

    def russian(path, **options):
        with pytest.raises(OutputError) as caught:
            write_atomically(path, lambda tmp: tmp.write_bytes(b"new"), **{"force": False, **options})
        assert caught.value.text("ru") != caught.value.text("en")
        assert leftover_english(caught.value.text("ru"), path=path, details=(str(path.parent),)) == []
        return caught.value.text("ru")

    assert russian(exists) == f"{exists}: {EXISTS_RU}"
    assert russian(source, force=True, inputs=(source,)) == (
        f"{source}: результат записался бы поверх исходного файла; выберите другое имя с -o")
    assert russian(tmp_path) == f"{tmp_path}: это папка; укажите имя файла с расширением .xlsx"
    assert russian(tmp_path / "no" / "out.xlsx") == f"{tmp_path / 'no'}: такой папки нет"
    # Without --force the new file is linked into place: a file that appears meanwhile is refused the same way.
    monkeypatch.setattr("leverage.fileio.check_output", lambda *args, **kwargs: None)
    assert russian(exists) == f"{exists}: {EXISTS_RU}"

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("leverage.fileio._create_partial", denied)
    out = tmp_path / "out.xlsx"
    with pytest.raises(OutputError) as caught:
        write_atomically(out, lambda tmp: None, force=False)
    assert str(caught.value) == f"{out}: cannot write (Permission denied)"
    assert caught.value.text("ru") == f"{out}: не удаётся записать (Permission denied)"


@pytest.mark.parametrize("options, russian", [
    ({"lang": "de"}, "неизвестный язык шаблона «de»: допустимы en, ru"),
    ({"currency": "usd"}, "неизвестная валюта «usd»: допустимы USD, RUB, EUR"),
])
def test_template_options_in_russian(tmp_path, options, russian):
    with pytest.raises(ValueError) as caught:
        write_template(tmp_path / "t.xlsx", **options)
    assert isinstance(caught.value.args[0], Message) and in_lang(caught.value, "ru") == russian


def test_too_many_values_in_russian(tmp_path):
    with pytest.raises(ValueError) as caught:
        fill_template(corpus.EN, tmp_path / "f.xlsx", {"funnel_counts": [1] * 9})
    assert in_lang(caught.value, "ru") == "funnel_counts: значений 9, а ячеек 8"
