"""`leverage portfolio -o PORTFOLIO.xlsx` (the summary workbook) and `--workbooks DIR` (each client's scenario workbook)."""

from __future__ import annotations

import json
import shutil

import engines
import openpyxl
import pytest
from click.testing import CliRunner
from helpers import EN, ROOT, SAMPLES, SECOND_CLIENT, describe, fill_template

import leverage
from leverage.cli import main
from leverage.errors import OutputError
from leverage.i18n import translator
from leverage.portfolio_run import SOME_FAILED
from leverage.workbook.portfolio_book import benchmark_title, column_title, lever_title, shared_stages

TEMPLATE_EN = EN
PORTFOLIO = SAMPLES / "portfolio"

GOOD = SECOND_CLIENT


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="leverage")


@pytest.fixture
def book(tmp_path):
    """Two good clients in USD, one broken template, one file that is no workbook."""
    folder = tmp_path / "clients"
    folder.mkdir()
    shutil.copy(SAMPLES / "worked-example.xlsx", folder / "a-worked.xlsx")
    fill_template(TEMPLATE_EN, folder / "b-second.xlsx", GOOD)
    fill_template(TEMPLATE_EN, folder / "c-bad.xlsx", {**GOOD, "company": "Bad Co", "headcount": -3})
    (folder / "d-not-a-workbook.xlsx").write_text("name,revenue\nx,1\n")
    return folder


def identifiers(ws, lang="en", stages=None):
    """The header's columns by their identifiers (the CSV's), each in its cell's comment; every header cell
    holds its column's title in `lang`, as `column_title` words it."""
    names = [cell.comment.text for cell in ws[1]]
    assert [cell.value for cell in ws[1]] == [column_title(translator(lang), n, stages) for n in names]
    return names


def rows(ws, lang="en", stages=None):
    """The clients' rows as {identifier: value}: the rows under the header, up to the first blank one."""
    table = list(ws.iter_rows(values_only=True))
    header, clients = identifiers(ws, lang, stages), []
    for row in table[1:]:
        if row[0] is None:
            break
        clients.append(dict(zip(header, row)))
    return clients


def benchmark_blocks(ws, lang="en", stages=None):
    """{benchmark key: {"quartiles", "rows": [(file, value, percentile)]}} as the Benchmarks sheet shows them:
    each section is titled as `benchmark_title` words its key, which is the section cell's comment."""
    t = translator(lang)
    blocks, name = {}, None
    for cells in ws.iter_rows(min_row=4, max_col=7):
        row = [c.value for c in cells]
        if cells[0].comment is not None:
            name = cells[0].comment.text
            assert row[0] == benchmark_title(t, name, stages) and row[1] is None
            blocks[name] = {"quartiles": None, "rows": []}
        elif name and row[0] not in (None, t.gettext("File")):
            blocks[name]["rows"].append((row[0], row[2], row[3]))
            blocks[name]["quartiles"] = list(row[4:7])
        elif row[0] is None:
            name = None
    return blocks


def test_summary_workbook_of_the_sample_portfolio_per_currency_sheets_benchmarks_equal_the_json(tmp_path):
    out = tmp_path / "portfolio.xlsx"
    result = run("portfolio", PORTFOLIO, "-o", out, "--json", "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == ["6 of 6 clients solved, 0 failed", f"Wrote {out}"]
    data = json.loads(result.stdout)
    files = [c["file"] for c in data["clients"]]
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Clients", "Clients EUR", "Clients RUB", "Clients USD", "Benchmarks"]
    clients = wb["Clients"]
    assert clients.freeze_panes == "C2"
    assert clients.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(clients.max_column)}7"
    table = rows(clients)
    assert [r["file"] for r in table] == files and len(table) == 6       # one row a client, in the JSON's order
    assert all(r["status"] == "ok" and r["problems"] is None for r in table)
    for row, client in zip(table, data["clients"]):
        a, b2 = client["points"]["A"], client["points"]["B''"]
        assert (row["company"], row["currency"]) == (client["company"], client["currency"])
        assert row["A profit"] == pytest.approx(a["profit"]) and row["A retention"] == pytest.approx(a["retention"])
        assert row["B'' profit"] == pytest.approx(b2["profit"])
        assert row["best_lever"] == lever_title(translator("en"), client["best_lever"]["lever"])  # in words
    # Every amount is formatted in its own row's currency; rates as percentages.
    header = identifiers(clients)
    profit, margin = header.index("A profit") + 1, header.index("A margin") + 1
    signs = {"USD": "$", "EUR": "€", "RUB": "₽"}
    for r, row in enumerate(table, start=2):
        assert signs[row["currency"]] in clients.cell(r, profit).number_format
        assert clients.cell(r, margin).number_format == "0.00%"
    # The sheet of all clients adds nothing up: its currencies differ. Each currency's sheet has its total.
    assert not [c.coordinate for row in clients.iter_rows() for c in row if c.data_type == "f"]
    assert clients.max_row == 7
    values = openpyxl.load_workbook(out, data_only=True)
    for currency in ("EUR", "RUB", "USD"):
        mine = [c for c in data["clients"] if c["currency"] == currency]
        sheet = values[f"Clients {currency}"]
        shown = rows(sheet)[:len(mine)]
        assert [r["file"] for r in shown] == [c["file"] for c in mine]
        assert sheet.freeze_panes == "C2" and sheet.auto_filter.ref.endswith(str(len(mine) + 1))
        total = dict(zip(identifiers(sheet), [c.value for c in sheet[len(mine) + 3]]))
        assert total["file"] == "Total"
        assert total["A revenue"] == pytest.approx(sum(c["points"]["A"]["revenue"] for c in mine))
        assert total["B'' profit"] == pytest.approx(sum(c["points"]["B''"]["profit"] for c in mine))
        assert total["A margin"] is None and total["A avg_check"] is None   # rates and averages are not added
        header = identifiers(wb[f"Clients {currency}"])
        formula = wb[f"Clients {currency}"].cell(len(mine) + 3, header.index("A revenue") + 1)
        assert formula.value == f"=SUM({formula.column_letter}2:{formula.column_letter}{len(mine) + 1})"
        assert signs[currency] in formula.number_format
    # The Benchmarks sheet: per lever the JSON's quartiles, and each client's percentile and last year's value.
    blocks = benchmark_blocks(wb["Benchmarks"])
    assert list(blocks) == list(data["benchmarks"])
    by_file = {c["file"]: c for c in data["clients"]}
    for name, benchmark in data["benchmarks"].items():
        shown = blocks[name]
        assert shown["quartiles"] == pytest.approx(benchmark["quartiles"])
        assert {f: p for f, _v, p in shown["rows"]} == benchmark["percentiles"]
        values = [v for _f, v, _p in shown["rows"]]
        assert values == sorted(values)                                    # lowest first, as the chart shows them
        for file, value, _p in shown["rows"]:
            assert value == pytest.approx(benchmark["values"][file])
            a = by_file[file]["points"]["A"]
            lever = name.partition(".")[0]
            if lever in a:  # a lever of point A itself; a funnel step's and lead conversion's are compared above
                assert value == pytest.approx(a[lever])
    assert blocks["retention"]["rows"][0][0].endswith("bay-design.xlsx")  # the README's lowest retention
    assert len(wb["Benchmarks"]._charts) == len(data["benchmarks"])     # a chart per lever


def test_error_rows_are_visible_with_every_problem_and_one_currency_has_no_currency_sheets(book, tmp_path):
    out = tmp_path / "summary.xlsx"
    result = run("portfolio", book, "-o", out, "--jobs", "1")
    assert result.exit_code == SOME_FAILED, result.output
    assert result.stderr.splitlines()[-2:] == ["2 of 4 clients solved, 2 failed", f"Wrote {out}"]
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Clients", "Benchmarks"]                     # one currency: no sheet per currency
    table = rows(wb["Clients"])
    assert wb["Clients"]["A7"].value == "Total"                           # and the clients' sheet has the total
    assert [r["status"] for r in table] == ["ok", "ok", "error", "error"]
    bad, not_workbook = table[2], table[3]
    assert bad["problems"] == "Inputs!C14 (headcount): expected a whole number above 0, got -3"
    assert bad["A profit"] is None and bad["errors"] == 1
    assert "not a workbook" in not_workbook["problems"]
    assert wb["Clients"]["A4"].fill.fgColor.rgb.endswith("FFC7CE")         # an error row is filled red
    assert wb["Clients"]["A2"].fill.fgColor.rgb in (None, "00000000")
    blocks = benchmark_blocks(wb["Benchmarks"])
    assert {f for f, _v, _p in blocks["margin"]["rows"]} == {str(book / "a-worked.xlsx"), str(book / "b-second.xlsx")}


def test_the_summary_workbook_in_russian_and_a_name_without_suffix(book, tmp_path):
    result = run("portfolio", book / "a-worked.xlsx", book / "b-second.xlsx", "-o", tmp_path / "svodka", "--lang", "ru")
    assert result.exit_code == 0, result.output
    out = tmp_path / "svodka.xlsx"
    assert result.stderr.splitlines()[-1] == f"Wrote {out} (к указанному имени добавлено .xlsx)"
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Клиенты", "Сравнение"]
    assert wb["Клиенты"].cell(2, 1).value == str(book / "a-worked.xlsx")
    header = identifiers(wb["Клиенты"], "ru")
    assert wb["Клиенты"].cell(2, header.index("B'' beats target") + 1).value in ("да", "НЕТ")
    assert wb.properties.subject == "Метод рычага: сводка по портфелю"


def test_the_summary_workbook_is_never_written_over_unasked_nor_read_back_as_a_client(book):
    out = book / "summary.xlsx"
    assert run("portfolio", book, "-o", out).exit_code == SOME_FAILED
    before = out.read_bytes()
    again = run("portfolio", book, "-o", out)
    assert again.exit_code == 3 and again.stdout == ""                    # refused before the run
    assert again.stderr == (f"Error: {out}: already exists; use --force to overwrite it or -o to choose another "
                            "name\n")
    assert out.read_bytes() == before
    forced = run("portfolio", book, "-o", out, "--force", "--json")
    assert forced.exit_code == SOME_FAILED
    assert str(out) not in [c["file"] for c in json.loads(forced.stdout)["clients"]]  # not read back
    assert len(rows(openpyxl.load_workbook(out)["Clients"])) == 4
    assert not list(book.glob(".*.partial"))
    given = run("portfolio", book / "a-worked.xlsx", "-o", book / "a-worked.xlsx", "--force")
    assert given.exit_code == 3 and "would overwrite the input" in given.stderr


def test_workbooks_one_per_good_client_equal_to_what_solve_writes(book, tmp_path):
    folder = tmp_path / "out" / "books"                                   # created, parents and all
    result = run("portfolio", book, "--workbooks", folder, "--jobs", "2")
    assert result.exit_code == SOME_FAILED, result.output
    assert result.stderr.splitlines()[-1] == f"Wrote 2 client workbooks into {folder}"
    assert sorted(p.name for p in folder.iterdir()) == ["a-worked.leverage.xlsx", "b-second.leverage.xlsx"]
    for name in ("a-worked", "b-second"):
        alone = tmp_path / f"{name}.solved.xlsx"
        assert run("solve", book / f"{name}.xlsx", "-o", alone).exit_code == 0
        assert describe(folder / f"{name}.leverage.xlsx") == describe(alone)


def test_workbooks_follow_the_run_lang_and_levers(book, tmp_path):
    folder = tmp_path / "books"
    result = run("portfolio", book / "b-second.xlsx", "--workbooks", folder, "--lever", "retention=+5pp",
                 "--target-growth", "x2", "--lang", "ru")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1] == f"Записана 1 книга клиента в {folder}"
    alone = tmp_path / "alone.xlsx"
    assert run("solve", book / "b-second.xlsx", "-o", alone, "--lever", "retention=+5pp", "--target-profit", 400_000,
               "--lang", "ru").exit_code == 0
    assert describe(folder / "b-second.leverage.xlsx") == describe(alone)


def test_an_existing_client_workbook_is_refused_before_the_run(book, tmp_path):
    folder = tmp_path / "books"
    assert run("portfolio", book, "--workbooks", folder).exit_code == SOME_FAILED
    (folder / "a-worked.leverage.xlsx").unlink()
    kept = (folder / "b-second.leverage.xlsx").read_bytes()
    again = run("portfolio", book, "--workbooks", folder)
    assert again.exit_code == 3 and again.stdout == ""
    assert again.stderr == (f"Error: {folder / 'b-second.leverage.xlsx'}: already exists; use --force to overwrite "
                            "the clients' workbooks or choose another folder with --workbooks\n")
    assert sorted(p.name for p in folder.iterdir()) == ["b-second.leverage.xlsx"]  # nothing was solved or written
    assert (folder / "b-second.leverage.xlsx").read_bytes() == kept
    forced = run("portfolio", book, "--workbooks", folder, "--force")
    assert forced.exit_code == SOME_FAILED
    assert sorted(p.name for p in folder.iterdir()) == ["a-worked.leverage.xlsx", "b-second.leverage.xlsx"]


def test_workbooks_inside_the_folder_read_are_not_read_back(book):
    first = run("portfolio", book, "--workbooks", book, "--json")
    assert first.exit_code == SOME_FAILED
    again = run("portfolio", book, "--workbooks", book, "--force", "--json")
    assert [c["file"] for c in json.loads(again.stdout)["clients"]] == [
        str(book / n) for n in ("a-worked.xlsx", "b-second.xlsx", "c-bad.xlsx", "d-not-a-workbook.xlsx")]


def test_two_templates_of_one_name_and_a_folder_that_is_a_file_are_refused(book, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(book / "b-second.xlsx", other / "b-second.xlsx")
    folder = tmp_path / "books"
    clash = run("portfolio", book / "b-second.xlsx", other / "b-second.xlsx", "--workbooks", folder)
    assert clash.exit_code == 3 and clash.stdout == ""
    assert clash.stderr == (f"Error: {book / 'b-second.xlsx'} and {other / 'b-second.xlsx'} would both write "
                            f"{folder / 'b-second.leverage.xlsx'}; rename one of them\n")
    assert not folder.exists()
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    refused = run("portfolio", book / "b-second.xlsx", "--workbooks", a_file)
    assert refused.exit_code == 3
    assert refused.stderr == f"Error: {a_file}: is a file, not a folder; give --workbooks a folder\n"


def test_the_api_writes_the_summary_workbook_and_the_clients_workbooks(book, tmp_path):
    folder = tmp_path / "books"
    result = leverage.portfolio([book / "a-worked.xlsx", book / "c-bad.xlsx"], jobs=1, workbooks=folder)
    assert [c.status for c in result.clients] == ["ok", "error"]
    assert [p.name for p in folder.iterdir()] == ["a-worked.leverage.xlsx"]
    written = leverage.api.write_portfolio(result, tmp_path / "summary")
    assert written == tmp_path / "summary.xlsx"
    assert [r["status"] for r in rows(openpyxl.load_workbook(written)["Clients"])] == ["ok", "error"]
    with pytest.raises(OutputError):
        leverage.api.write_portfolio(result, written)
    with pytest.raises(OutputError):
        leverage.portfolio([book / "a-worked.xlsx"], workbooks=folder)


@pytest.mark.parametrize("engine", engines.NAMES)
def test_the_totals_agree_with_libreoffice_and_gnumeric(engine, book, tmp_path):
    out = tmp_path / "portfolio.xlsx"
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in ("bay-design", "northwind-it", "ru-soft", "ru-stroy"):
        shutil.copy(PORTFOLIO / f"{name}.xlsx", folder / f"{name}.xlsx")
    shutil.copy(book / "c-bad.xlsx", folder / "c-bad.xlsx")   # an error row among the summed ones
    assert run("portfolio", folder, "-o", out).exit_code == SOME_FAILED
    count, mismatches = engines.require(engine).compare_formula_cells(out, tmp_path / engine)
    assert count >= 2 * 10 and mismatches == []


def test_readme_shows_what_the_summary_workbook_and_the_workbooks_print(tmp_path, monkeypatch):
    """The README's run of `-o portfolio.xlsx --workbooks client-books` on the sample portfolio is real output."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ leverage portfolio samples/portfolio -o portfolio.xlsx --workbooks client-books > /dev/null\n"
    start = readme.index(command) + len(command)
    first = readme[start:readme.index("$ ", start)]
    again = readme[readme.index(command, start) + len(command):readme.index("$ echo", start)]
    (tmp_path / "samples").symlink_to(SAMPLES)
    monkeypatch.chdir(tmp_path)
    shown = run("portfolio", "samples/portfolio", "-o", "portfolio.xlsx", "--workbooks", "client-books")
    assert shown.exit_code == 0 and shown.stderr == first
    refused = run("portfolio", "samples/portfolio", "-o", "portfolio.xlsx", "--workbooks", "client-books")
    assert refused.exit_code == 3 and refused.stderr == again
    assert len(list((tmp_path / "client-books").glob("*.leverage.xlsx"))) == 6
    assert not list((tmp_path / "client-books").glob(".*.partial")) and not list(tmp_path.glob(".*.partial"))


def test_the_benchmarks_sheet_shows_whatever_levers_the_benchmarks_hold(book, tmp_path, monkeypatch):
    """Funnel steps and amounts within a currency are read from each client's point A, or from "values"."""
    import leverage.portfolio_run as portfolio_run

    result = leverage.portfolio([book / "a-worked.xlsx", book / "b-second.xlsx"], jobs=1)
    a, b = (str(book / n) for n in ("a-worked.xlsx", "b-second.xlsx"))
    marks = {
        **portfolio_run.benchmarks(result.clients),
        "conversion.1": {"quartiles": [0.1, 0.2, 0.3], "percentiles": {a: 100.0, b: 0.0}},
        "avg_check.USD": {"quartiles": [1, 2, 3], "percentiles": {a: 0.0, b: 100.0}},
        "retention.by_industry": {"quartiles": [0.5, 0.6, 0.7], "percentiles": {a: 0.0, b: 100.0},
                                  "values": {a: 0.5, b: 0.7}},
    }
    monkeypatch.setattr(portfolio_run, "benchmarks", lambda clients, group_by=None: marks)
    out = leverage.api.write_portfolio(result, tmp_path / "summary.xlsx")
    blocks = benchmark_blocks(openpyxl.load_workbook(out)["Benchmarks"])
    assert list(blocks) == list(marks)
    points = {c.file: c.points["A"] for c in result.clients}
    first_step = {f: p["funnel"][1]["conversion"] for f, p in points.items()}
    assert blocks["conversion.1"]["rows"] == sorted(((f, pytest.approx(first_step[f]), marks["conversion.1"]["percentiles"][f])
                                                     for f in (a, b)), key=lambda r: first_step[r[0]])
    assert {f: v for f, v, _p in blocks["avg_check.USD"]["rows"]} == pytest.approx({f: p["avg_check"] for f, p in points.items()})
    assert blocks["retention.by_industry"]["rows"] == [(a, 0.5, 0.0), (b, 0.7, 100.0)]
    ws = openpyxl.load_workbook(out)["Benchmarks"]
    money = [c for row in ws.iter_rows() for c in row if c.value == "Average check, USD"][0]
    assert money.comment.text == "avg_check.USD" and "$" in ws.cell(money.row + 2, 3).number_format
    # A key of a shape not known keeps its identifier as its title; a funnel step is named by its stages when
    # every client's funnel names them alike.
    titles = {c.comment.text: c.value for row in ws.iter_rows(max_col=1) for c in row if c.comment is not None}
    stages = shared_stages(result.clients)
    assert titles["retention.by_industry"] == "retention.by_industry"
    assert 1 not in stages and titles["conversion.1"] == "Conversion 1"   # Leads → Proposals sent, and Leads → Paid


def test_a_chart_of_many_clients_leaves_their_names_to_the_table(tmp_path):
    import zipfile

    folder = tmp_path / "many"
    folder.mkdir()
    for k in range(41):
        shutil.copy(PORTFOLIO / "bay-design.xlsx", folder / f"client-{k:02}.xlsx")
    out = tmp_path / "many.xlsx"
    assert run("portfolio", folder, "-o", out, "--jobs", "2").exit_code == 0
    assert len(rows(openpyxl.load_workbook(out)["Clients"])) == 41
    with zipfile.ZipFile(out) as xlsx:
        charts = [xlsx.read(n).decode() for n in xlsx.namelist() if n.startswith("xl/charts/chart")]
    assert charts and all('<c:tickLblPos val="none"/>' in chart for chart in charts)
    few = tmp_path / "few.xlsx"
    assert run("portfolio", PORTFOLIO, "-o", few).exit_code == 0
    with zipfile.ZipFile(few) as xlsx:
        charts = [xlsx.read(n).decode() for n in xlsx.namelist() if n.startswith("xl/charts/chart")]
    assert not any('<c:tickLblPos val="none"/>' in chart for chart in charts)


def test_the_summary_workbook_prints_in_readable_strips(tmp_path):
    import libreoffice

    engines.require("LibreOffice")
    out = tmp_path / "portfolio.xlsx"
    assert run("portfolio", PORTFOLIO, "-o", out).exit_code == 0
    pdf = libreoffice.to_pdf(out, tmp_path / "pdf", tmp_path / "work")
    # Four clients sheets (all, EUR, RUB, USD) three pages wide each, the Benchmarks one page wide with at most a page
    # per lever: readable strips, not dozens of them, nor forty columns squeezed onto one page.
    levers = len(leverage.portfolio(PORTFOLIO, jobs=1).benchmarks)
    assert 4 * 3 + 1 < libreoffice.pdf_page_count(pdf) <= 4 * 3 + levers
    clients = openpyxl.load_workbook(out).worksheets[0]
    assert (clients.page_setup.fitToWidth, clients.print_title_cols, clients.print_title_rows) == (3, "$A:$B", "$1:$1")


def test_headers_sections_and_chart_titles_are_words_in_russian_and_the_identifiers_are_in_comments(tmp_path):
    import zipfile

    out, csv = tmp_path / "svodka.xlsx", tmp_path / "svodka.csv"
    result = run("portfolio", PORTFOLIO, "-o", out, "--csv", csv, "--json", "--lang", "ru")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    wb = openpyxl.load_workbook(out)
    clients = wb["Клиенты"]
    names = identifiers(clients, "ru")
    headers = dict(zip(names, [c.value for c in clients[1]]))
    assert [headers[n] for n in ("file", "A avg_check", "B'' clients_new", "A lead_conversion", "retention percentile",
                                 "rev_per_employee percentile", "B'' beats target", "best_lever profit_effect")] == [
        "Файл", "A: средний чек", "B″: новые клиенты", "A: конверсия лидов в клиентов",
        "Конверсия в удержание: процентиль", "Выручка на сотрудника: процентиль", "B″: достигает цели",
        "Лучший рычаг: прирост прибыли"]
    assert clients.freeze_panes == "C2" and clients.auto_filter.ref == f"A1:{clients.cell(1, len(names)).column_letter}7"
    table = rows(clients, "ru")
    ru = translator("ru")
    assert [r["best_lever"] for r in table] == [lever_title(ru, c["best_lever"]["lever"]) for c in data["clients"]]
    assert lever_title(ru, "avg_check") in [r["best_lever"] for r in table]          # "Средний чек", not avg_check
    for currency in ("EUR", "RUB", "USD"):
        assert identifiers(wb[f"Клиенты {currency}"], "ru") == names
    blocks = benchmark_blocks(wb["Сравнение"], "ru")
    assert list(blocks) == list(data["benchmarks"])
    sections = [c.value for row in wb["Сравнение"].iter_rows(max_col=1) for c in row if c.comment is not None]
    assert sections == ["Маржинальность", "Конверсия в удержание", "Конверсия лидов в клиентов",
                        "Конверсия, шаг 1 воронки из 3 этапов", "Конверсия, шаг 2 воронки из 3 этапов",
                        "Конверсия, шаг 1 воронки из 2 этапов",
                        "Выручка на сотрудника, EUR", "Средний чек, EUR", "Выручка на сотрудника, RUB", "Средний чек, RUB",
                        "Выручка на сотрудника, USD", "Средний чек, USD"]
    with zipfile.ZipFile(out) as xlsx:
        charts = [xlsx.read(n).decode() for n in sorted(xlsx.namelist()) if n.startswith("xl/charts/chart")]
    assert sorted(title for title in sections if any(f"<a:t>{title}</a:t>" in chart for chart in charts)) == sorted(sections)
    assert not any("rev_per_employee" in chart or "lead_conversion" in chart for chart in charts)
    # The CSV keeps the identifiers a machine reads, whatever the run's language.
    assert csv.read_text(encoding="utf-8").splitlines()[0].split(",")[:6] == [
        "file", "company", "currency", "status", "A profit", "A revenue"]


@pytest.mark.parametrize(("lang", "key", "title"), [
    ("en", "margin", "Profit margin"),
    ("en", "lead_conversion", "Lead-to-client conversion"),
    ("en", "rev_per_employee.EUR", "Revenue per employee, EUR"),
    ("ru", "rev_per_employee.EUR", "Выручка на сотрудника, EUR"),
    ("en", "avg_check.USD@Retail", "Average check, USD (Retail)"),
    ("ru", "margin@Розница", "Маржинальность (Розница)"),
    ("en", "conversion.2", "Conversion 2: Calls → Meetings"),
    ("ru", "conversion.2", "Конверсия 2: Calls → Meetings"),
    ("en", "conversion.1", "Conversion 1"),
    ("en", "conversion.Leads → Paid", "Conversion, Leads → Paid"),
    ("en", "conversion.step 2 of 3", "Conversion, step 2 of 3 stages"),
    ("ru", "conversion.step 2 of 3", "Конверсия, шаг 2 воронки из 3 этапов"),
    ("ru", "conversion.step 1 of 21", "Конверсия, шаг 1 воронки из 21 этапа"),
    ("en", "retention.by_industry", "retention.by_industry"),      # a shape not known: its identifier
    ("en", "churn", "churn"),
])
def test_a_benchmark_key_in_words(lang, key, title):
    assert benchmark_title(translator(lang), key, {2: ("Calls", "Meetings")}) == title


@pytest.mark.parametrize(("lang", "column", "title"), [
    ("en", "A avg_check", "A: average check"),
    ("en", "B'' clients_new", "B″: new clients"),
    ("en", "B' headcount", "B′: headcount"),
    ("en", "retention percentile", "Retention: percentile"),
    ("en", "conversion.Leads → Paid percentile", "Conversion, Leads → Paid: percentile"),
    ("ru", "A rev_per_employee", "A: выручка на сотрудника"),
    ("ru", "target_profit", "Целевая прибыль"),
    ("ru", "warnings", "Предупреждения"),
    ("en", "A conversion.2", "A: conversion 2: Calls → Meetings"),
    ("en", "A mystery", "A mystery"),
    ("en", "mystery percentile", "mystery percentile"),
])
def test_a_summary_column_in_words(lang, column, title):
    assert column_title(translator(lang), column, {2: ("Calls", "Meetings")}) == title
