"""The issue's "Bad input" list, item by item: each export refused with a message naming the file, the row or the
column, what was seen and what was expected; exit 1 (2 for an option); nothing written."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

import leverage.clients
from leverage.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "crm-export-ru.csv"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def refused(path: Path, *options, code: int = 1) -> str:
    """Run `segments PATH -o OUT`; check the exit code and that nothing was written; the error output."""
    out = path.with_name("out.xlsx")
    result = run("segments", path, *options, "-o", out)
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    assert not out.exists()
    return result.stderr


@pytest.mark.parametrize("text, message", [
    pytest.param("Name;Region\nAcme;North\n",
                 ': no revenue column: expected a header such as revenue, amount, выручка or сумма in the first 30 '
                 'rows (or --column revenue=HEADER); the first row holds: "Name", "Region"', id="no revenue column"),
    pytest.param("Client;Amount;Revenue\nAcme;1;2\n",
                 ': the columns "Amount" and "Revenue" both claim the role revenue; map one with --column '
                 'revenue=HEADER', id="two columns claim one role"),
    pytest.param("Acme;100\nBeta;200\n",
                 ': a header row is missing: the first row holds data ("Acme", "100"), not the names of the columns; '
                 'expected a header row above the table, such as Client;Revenue (or --column revenue=HEADER)',
                 id="a header row missing"),
    pytest.param("Client;Amount\nAcme;abc\nBeta;10\nGamma;n/a\nDelta;x\nEpsilon;y\n",
                 ' (Amount): 4 rows are not amounts such as 5 880 000 or 1.2M: row 2 "abc"; row 4 "n/a"; row 5 "x"',
                 id="amounts that are not numbers"),
    pytest.param("", ": the export is empty", id="an empty export"),
    pytest.param("Client;Amount\n", ": the export is empty", id="a header and no rows"),
    pytest.param("Client;Amount;Date\nAcme;10;yesterday\n",
                 ' (Date): 1 row is not a date such as 31.12.2025 or 2025-12-31: row 2 "yesterday"',
                 id="a date that does not parse"),
    pytest.param("Client;Amount\nAcme;-100\nBeta;0\n",
                 " (Amount): no client has a net revenue above zero", id="no client above zero"),
])
def test_each_bad_export_is_refused_with_its_place(tmp_path, text, message):
    path = tmp_path / "crm.csv"
    path.write_text(text, encoding="utf-8")
    assert refused(path).splitlines()[-1] == f"Error: {path}{message}"


def test_the_first_rows_shown_of_many_that_are_not_amounts(tmp_path):
    path = tmp_path / "crm.csv"
    path.write_text("Client;Amount\n" + "".join(f"C{i};bad{i}\n" for i in range(10)), encoding="utf-8")
    error = refused(path)
    assert error.startswith(f"Error: {path} (Amount): 10 rows are not amounts such as 5 880 000 or 1.2M: row 2 \"bad0\"")


def test_a_client_at_or_below_zero_is_reported_left_out_and_warned(tmp_path):
    path = tmp_path / "crm.csv"
    path.write_text("Client;Amount\nAcme;100\nBeta;-50\nGamma;0\nDelta;300\nBeta;20\n", encoding="utf-8")
    out = tmp_path / "out.xlsx"
    result = run("segments", path, "--json", "-o", out)
    assert result.exit_code == 0
    assert (f"Warning: {path} (Amount): 2 clients have a net revenue at or below zero and are left out of the shares: "
            "Beta, Gamma\n") in result.stderr
    report = leverage.segments(path)
    assert [c.name for c in report.segmentation.clients] == ["Acme", "Delta"]
    assert report.segmentation.revenue == 400
    assert out.exists()


def test_an_unreadable_encoding_says_which_were_tried(tmp_path):
    path = tmp_path / "crm.csv"
    path.write_bytes(b"Client;Amount\n\x98\xff\xfe;10\n")
    assert refused(path) == f"Error: {path}: cannot be read as text: tried the encodings UTF-8, Windows-1251\n"


def test_an_export_over_200_mb_is_refused_with_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(leverage.clients, "MAX_BYTES", 200 * 1024 * 1024)
    path = tmp_path / "crm.csv"
    with path.open("wb") as f:
        f.write(b"Client;Amount\nAcme;1\n")
        f.truncate(200 * 1024 * 1024 + 1)  # sparse: no 200 MB written
    assert refused(path) == f"Error: {path}: is larger than 200 MB, the limit of an export\n"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_an_export_over_the_row_limit_is_refused_with_the_limit(tmp_path, monkeypatch, suffix):
    monkeypatch.setattr(leverage.clients, "MAX_ROWS", 5)
    path = tmp_path / f"crm{suffix}"
    rows = [("Client", "Amount")] + [(f"C{i}", 100 + i) for i in range(7)]
    if suffix == ".csv":
        path.write_text("".join(f"{a};{b}\n" for a, b in rows), encoding="utf-8")
    else:
        wb = Workbook()
        for row in rows:
            wb.active.append(row)
        wb.save(path)
    assert refused(path) == f"Error: {path}: has more than 5 rows, the limit of an export\n"


def test_the_row_limit_is_five_million_and_the_size_200_mb():
    assert (leverage.clients.MAX_ROWS, leverage.clients.MAX_BYTES) == (5_000_000, 200 * 1024 * 1024)


@pytest.mark.parametrize("what, why", [("<10", '"<10" matches no client'),
                                       ("<10M", '"<10M" matches every client: nothing would be left'),
                                       ("Z", '"Z": expected clients below a revenue (<100k), a band, an ABC class or '
                                             'a segment')])
def test_a_drop_that_matches_nothing_or_everything_is_refused(what, why, tmp_path):
    export = tmp_path / "crm.csv"
    shutil.copy(SAMPLE, export)
    assert f"Error: Invalid value for '--drop': {why}" in refused(export, "--drop", what, code=2)


def test_an_export_in_another_currency_than_the_template_s(tmp_path):
    export = tmp_path / "crm.csv"
    export.write_text("Client;Amount\nAcme;100 $\nBeta;200 $\n", encoding="utf-8")
    template = tmp_path / "client.xlsx"
    shutil.copy(ROOT / "samples" / "ru-company.xlsx", template)
    message = (f"Error: {export}: the amounts are in USD, the template's in RUB: expected an export in the "
               "template's currency\n")
    assert refused(export, "--template", template) == message
    out = tmp_path / "solved.xlsx"
    solved = run("solve", template, "--clients", export, "--drop", "<150", "-o", out)
    assert solved.exit_code == 1 and solved.stderr == message and not out.exists()
