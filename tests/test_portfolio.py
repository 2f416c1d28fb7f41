"""`leverage portfolio` and `leverage.portfolio`: every client's template at once, a bad one never stopping the run."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from helpers import EN, ROOT, SAMPLES, SECOND_CLIENT, fill_template

import leverage
from leverage.cli import main
from leverage.portfolio_run import SOME_FAILED

TEMPLATE_EN = EN

GOOD = SECOND_CLIENT


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="leverage")


@pytest.fixture
def book(tmp_path):
    """A folder of clients: three good ones, two broken in different ways, and files that are no clients."""
    folder = tmp_path / "clients"
    folder.mkdir()
    shutil.copy(SAMPLES / "worked-example.xlsx", folder / "a-worked.xlsx")
    shutil.copy(SAMPLES / "ru-company.xlsx", folder / "b-ru.xlsx")
    fill_template(TEMPLATE_EN, folder / "c-second.xlsx", GOOD)
    fill_template(TEMPLATE_EN, folder / "d-bad-cells.xlsx", {**GOOD, "company": "Bad Co", "headcount": -3,
                                                            "clients_new": "abc"})
    (folder / "e-not-a-workbook.xlsx").write_text("name,revenue\nx,1\n")
    (folder / "~$a-worked.xlsx").write_bytes(b"lock")            # Excel's lock file: skipped
    shutil.copy(SAMPLES / "worked-example.xlsx", folder / ".hidden.xlsx")
    (folder / "notes.txt").write_text("not a workbook, not *.xlsx")
    assert run("solve", folder / "a-worked.xlsx", "-o", folder / "a-worked.leverage.xlsx").exit_code == 0  # skipped
    return folder


def test_one_row_a_client_good_rows_equal_solve_json_broken_rows_name_file_cell_problem(book):
    result = run("portfolio", book, "--json", "--jobs", "2")
    assert result.exit_code == SOME_FAILED, result.output
    data = json.loads(result.stdout)
    clients = data["clients"]
    names = [c["file"] for c in clients]
    assert names == [str(book / n) for n in ("a-worked.xlsx", "b-ru.xlsx", "c-second.xlsx", "d-bad-cells.xlsx",
                                             "e-not-a-workbook.xlsx")]
    for client in clients[:3]:
        assert client["status"] == "ok" and client["errors"] == []
        solved = run("solve", client["file"], "--json", "-o", book.parent / "out.xlsx", "--force")
        assert solved.exit_code == 0, solved.output
        alone = json.loads(solved.stdout)
        assert client["points"] == alone["points"]
        assert client["warnings"] == alone["warnings"]
        assert (client["company"], client["currency"]) == (alone["company"], alone["currency"])
        assert set(client) == {"file", "company", "currency", "status", "errors", "points", "best_lever", "warnings",
                               "conclusions"}
    assert clients[0]["currency"] == "USD" and clients[1]["currency"] == "RUB"
    assert clients[0]["best_lever"]["lever"] in {"leads", "conversion", "avg_check", "retention", "margin"}
    bad, not_workbook = clients[3], clients[4]
    assert bad["status"] == "error" and bad["company"] is None and bad["points"] == {}
    assert bad["errors"] == [
        {"location": "Inputs!C14", "metric": "headcount", "message": "expected a whole number above 0, got -3"},
        {"location": "Inputs!C18", "metric": "clients_new",
         "message": 'expected a whole number of 0 or more: a number such as 1200000, 1 200 000 or 1.2M, got "abc"'},
    ]
    assert not_workbook["status"] == "error" and not_workbook["company"] is None
    assert not_workbook["errors"][0]["location"] == str(book / "e-not-a-workbook.xlsx")
    assert "not a workbook" in not_workbook["errors"][0]["message"]
    assert result.stderr.splitlines() == [
        f"Error: {book / 'd-bad-cells.xlsx'}: Inputs!C14 (headcount): expected a whole number above 0, got -3",
        f"Error: {book / 'd-bad-cells.xlsx'}: Inputs!C18 (clients_new): expected a whole number of 0 or more: "
        'a number such as 1200000, 1 200 000 or 1.2M, got "abc"',
        f"Error: {book / 'e-not-a-workbook.xlsx'}: {not_workbook['errors'][0]['message']}",
        "3 of 5 clients solved, 2 failed",
    ]


def test_lines_one_a_client_in_english_and_in_russian(book):
    result = run("portfolio", book / "a-worked.xlsx", book / "c-second.xlsx", "--jobs", "1")
    assert result.exit_code == 0, result.output
    a, c = book / "a-worked.xlsx", book / "c-second.xlsx"
    solved = json.loads(run("portfolio", c, "--json").stdout)["clients"][0]
    clients = [line for line in result.stdout.splitlines() if not line.startswith("  ")]  # not the conclusions
    assert clients[0] == (
        f"{a}: International client (worked example): B″ profit $1,304,090 against a target of $1,200,000; "
        "best lever margin")
    assert clients[1].startswith(f"{c}: Second client: B″ ")
    assert solved["best_lever"]["lever"] in clients[1]
    assert result.stderr == "2 of 2 clients solved, 0 failed\n"
    ru = run("portfolio", book / "b-ru.xlsx", book / "d-bad-cells.xlsx", "--lang", "ru")
    assert ru.exit_code == SOME_FAILED
    assert ru.stdout.splitlines() == [
        f"{book / 'b-ru.xlsx'}: ООО «Альфа-Проект» (пример): прибыль B″ 25 517 788 ₽ при цели 25 000 000 ₽; "
        "лучший рычаг margin",
        f"{book / 'd-bad-cells.xlsx'}: не решён (его ошибки ниже)",
    ]
    assert ru.stderr.splitlines()[0] == (
        f"Error: {book / 'd-bad-cells.xlsx'}: Inputs!C14 (headcount): ожидалось целое число больше 0, получено -3")
    assert ru.stderr.splitlines()[-1] == "решено клиентов: 1 из 2, с ошибками: 1"


def test_target_growth_is_last_years_profit_times_it_and_levers_apply_to_every_client(book):
    files = [book / "a-worked.xlsx", book / "c-second.xlsx"]
    result = run("portfolio", *files, "--target-growth", "x2", "--lever", "retention=+5pp", "--json")
    assert result.exit_code == 0, result.output
    for client, profit in zip(json.loads(result.stdout)["clients"], (558_000, 200_000)):
        alone = run("solve", client["file"], "--json", "--target-profit", profit * 2, "--lever", "retention=+5pp",
                    "-o", book.parent / "out.xlsx", "--force")
        assert client["points"] == json.loads(alone.stdout)["points"]


def test_the_api_returns_the_summary_frame_and_the_clients_the_same_on_one_process_or_two(book):
    one = leverage.portfolio(book, jobs=1)
    two = leverage.portfolio(book, jobs=2)
    assert one.clients == two.clients
    frame = one.summary
    assert list(frame["file"]) == [c.file for c in one.clients]
    assert list(frame["status"]) == ["ok", "ok", "ok", "error", "error"]
    assert list(frame["currency"])[:3] == ["USD", "RUB", "USD"]
    worked = frame.iloc[0]
    assert worked["A profit"] == 558_000 and worked["A revenue"] == 5_880_000 and worked["A headcount"] == 83
    assert worked["A lead_conversion"] == pytest.approx(37 / 5_300)
    assert worked["target_profit"] == 1_200_000 and bool(worked["B'' beats target"]) is True
    assert worked["B'' profit"] == one.clients[0].points["B''"]["profit"]
    assert worked["errors"] == 0 and frame.iloc[3]["errors"] == 2
    for column in ("A margin", "A avg_check", "A retention", "A leads", "B revenue", "B' headcount",
                   "B'' clients_new", "B'' leads", "best_lever", "best_lever profit_effect", "warnings"):
        assert column in frame.columns


def test_csv_one_row_a_client_never_over_a_file_unasked(book, tmp_path):
    import pandas as pd

    out = tmp_path / "summary.csv"
    result = run("portfolio", book, "--csv", out)
    assert result.exit_code == SOME_FAILED
    assert result.stderr.splitlines()[-1] == f"Wrote {out}"
    frame = pd.read_csv(out)
    assert list(frame["status"]) == ["ok", "ok", "ok", "error", "error"]
    again = run("portfolio", book, "--csv", out)
    assert again.exit_code == 3 and again.stdout == ""
    assert again.stderr == (f"Error: {out}: already exists; use --force to overwrite it or -o to choose another "
                            "name\n")
    assert run("portfolio", book, "--csv", out, "--force").exit_code == SOME_FAILED


def test_an_output_inside_the_folder_read_is_not_read_back_as_a_client(book):
    out = book / "summary.csv"
    assert run("portfolio", book, "--csv", out).exit_code == SOME_FAILED
    result = run("portfolio", book, "--json", "--csv", out, "--force")
    assert len(json.loads(result.stdout)["clients"]) == 5


@pytest.mark.parametrize("args, code, message", [
    (["--jobs", "0"], 2, "Invalid value for '--jobs': 0 is not in the range x>=1."),
    (["--target-growth", "0"], 2, "Invalid value for '--target-growth': \"0\": expected a factor above 0, such as x2 or 1.5"),
    (["--target-growth", "-1.5"], 2, "Invalid value for '--target-growth': \"-1.5\": expected a factor above 0, such as x2 or 1.5"),
    (["--target-growth", "twice"], 2, "Invalid value for '--target-growth': \"twice\": expected a factor of last year's profit such as x2 or 1.5"),
    (["--target-growth", "x2", "--target-profit-from-template"], 2,
     "Invalid value for '--target-growth': give --target-growth or --target-profit-from-template, not both"),
])
def test_bad_options_are_refused_with_exit_code_2(book, args, code, message):
    result = run("portfolio", book, *args)
    assert result.exit_code == code
    assert result.stderr.splitlines()[-1] == f"Error: {message}"
    assert result.stdout == ""


def test_a_missing_path_and_a_folder_without_templates_are_refused_together(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "client.leverage.xlsx").write_bytes(b"")  # an output of `leverage solve`: no client
    result = run("portfolio", tmp_path / "nowhere", empty)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"Error: {tmp_path / 'nowhere'}: no such file or folder",
        f"Error: {empty}: no templates (.xlsx files) in this folder",
    ]
    ru = run("portfolio", empty, "--lang", "ru")
    assert ru.stderr == f"Error: {empty}: в папке нет шаблонов (файлов .xlsx)\n"


def test_the_api_refuses_bad_arguments():
    with pytest.raises(leverage.LeverageError) as bad:
        leverage.portfolio(SAMPLES, target_growth=0)
    assert bad.value.exit_code == 2
    with pytest.raises(leverage.LeverageError) as bad:
        leverage.portfolio(SAMPLES, jobs=0)
    assert bad.value.exit_code == 2


def test_no_progress_bar_when_piped(book):
    result = run("portfolio", book / "a-worked.xlsx", book / "c-second.xlsx")
    assert "%" not in result.stderr and "#" not in result.stderr


def test_portfolio_stays_the_function_after_a_run(book):
    """The run's module is `portfolio_run`, not `portfolio`, which would shadow `leverage.portfolio`."""
    leverage.portfolio(book / "a-worked.xlsx")
    assert callable(leverage.portfolio) and leverage.portfolio is leverage.api.portfolio


def small_client(folder, name, *, profit, headcount, lost, new, leads, currency="USD"):
    """A client of revenue 1,000,000 (margin = profit / 1,000,000), 40 clients at the start."""
    values = {**GOOD, "company": name, "revenue": 1_000_000, "profit": profit, "headcount": headcount,
              "clients_start": 40, "clients_lost": lost, "clients_new": new, "funnel_counts": [leads, new],
              "target_profit": profit * 1.5, "currency": currency}
    return fill_template(TEMPLATE_EN, folder / f"{name}.xlsx", values)


def test_percentiles_and_quartiles_checked_by_hand_amounts_never_across_currencies(tmp_path):
    """Margins 10, 20, 20, 40 % and 30 % (in RUB): percentiles 0, 37.5, 37.5, 100 and 75 (lower + ties / 2
    among the 4 others); quartiles by linear interpolation: 20, 20 and 30 %. Revenue per employee within
    one currency only."""
    small_client(tmp_path, "p1", profit=100_000, headcount=10, lost=10, new=20, leads=1_000)   # retention 75 %
    small_client(tmp_path, "p2", profit=200_000, headcount=10, lost=4, new=20, leads=500)      # 90 %
    small_client(tmp_path, "p3", profit=200_000, headcount=20, lost=8, new=20, leads=400)      # 80 %
    small_client(tmp_path, "p4", profit=400_000, headcount=25, lost=2, new=20, leads=250)      # 95 %
    small_client(tmp_path, "r1", profit=300_000, headcount=1, lost=6, new=20, leads=800, currency="RUB")
    book = leverage.portfolio(tmp_path, jobs=2)
    marks = book.benchmarks
    files = {name: str(tmp_path / f"{name}.xlsx") for name in ("p1", "p2", "p3", "p4", "r1")}
    usd = ("p1", "p2", "p3", "p4")
    margin = marks["margin"]
    assert [margin["percentiles"][files[n]] for n in usd] == [0, 37.5, 37.5, 100]
    assert margin["percentiles"][files["r1"]] == pytest.approx(75)   # 30 %: above 3 of the 4 others
    assert margin["quartiles"] == pytest.approx([0.2, 0.2, 0.3])     # 10 20 20 30 40: positions 1, 2, 3
    # retention 75, 90, 80, 95 and 85 % (r1): ranks 0, 75, 25, 100, 50
    assert [marks["retention"]["percentiles"][files[n]] for n in (*usd, "r1")] == pytest.approx([0, 75, 25, 100, 50])
    # leads to clients: 2, 4, 5, 8 and 2.5 %
    assert [marks["lead_conversion"]["percentiles"][files[n]] for n in (*usd, "r1")] == pytest.approx([0, 50, 75, 100, 25])
    assert marks["lead_conversion"]["quartiles"] == pytest.approx([0.025, 0.04, 0.05])
    # revenue per employee: 100k, 100k, 50k, 40k in USD; the RUB client is alone in its currency
    assert set(marks) == {"margin", "retention", "lead_conversion", "conversion.Leads → Paid", "rev_per_employee.USD",
                          "rev_per_employee.RUB", "avg_check.USD", "avg_check.RUB"}
    assert marks["conversion.Leads → Paid"]["percentiles"] == marks["lead_conversion"]["percentiles"]  # one step
    rpe = marks["rev_per_employee.USD"]
    assert [rpe["values"][files[n]] for n in usd] == pytest.approx([100_000, 100_000, 50_000, 40_000])
    assert [rpe["percentiles"][n] for n in (files[n] for n in usd)] == pytest.approx([100 * 2.5 / 3, 100 * 2.5 / 3,
                                                                                        100 / 3, 0])
    assert rpe["quartiles"] == pytest.approx([47_500, 75_000, 100_000])   # 40k 50k 100k 100k
    assert marks["rev_per_employee.RUB"] == {"quartiles": [1_000_000, 1_000_000, 1_000_000],
                                             "percentiles": {files["r1"]: None}, "bottom_quarter": [],
                                             "lever": "rev_per_employee", "step": None, "currency": "RUB",
                                             "group": None, "clients": 1, "values": {files["r1"]: 1_000_000}}
    # the bottom quarter: a percentile below 25, lowest value first
    assert margin["bottom_quarter"] == [files["p1"]] and marks["retention"]["bottom_quarter"] == [files["p1"]]
    assert rpe["bottom_quarter"] == [files["p4"]] and margin["clients"] == 5 and margin["currency"] is None
    frame = book.summary
    assert list(frame["margin percentile"]) == pytest.approx([0, 37.5, 37.5, 100, 75])
    assert list(frame["rev_per_employee percentile"])[:4] == pytest.approx([250 / 3, 250 / 3, 100 / 3, 0])
    assert frame["rev_per_employee percentile"].isna().tolist()[4]
    document = json.loads(run("portfolio", tmp_path, "--json").stdout)
    assert document["benchmarks"] == json.loads(json.dumps(marks))


def test_a_client_alone_has_no_percentile_and_no_values_no_quartiles():
    from leverage.model.benchmarks import percentiles, quartiles

    assert percentiles({"a": 0.5}) == {"a": None} and quartiles({"a": 0.5}) == (0.5, 0.5, 0.5)
    assert percentiles({}) == {} and quartiles({}) is None
    assert percentiles({"a": 1, "b": 1, "c": 1}) == {"a": 50, "b": 50, "c": 50}


def test_readme_shows_what_the_sample_portfolio_prints():
    """The README's run of samples/portfolio is real output, and its six clients are solved (en and ru)."""
    import os

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ leverage portfolio samples/portfolio\n"
    start = readme.index(command) + len(command)
    shown = readme[start:readme.index("```", start)]
    cwd = os.getcwd()
    try:
        os.chdir(ROOT)
        result = run("portfolio", "samples/portfolio", "--jobs", "1")
        marks = json.loads(run("portfolio", "samples/portfolio", "--json").stdout)["benchmarks"]
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0
    assert result.stdout + result.stderr == shown
    assert len([line for line in result.stdout.splitlines() if not line.startswith("  ")]) == 6
    assert json.dumps(marks["retention"]["quartiles"], indent=2).replace("\n", "\n      ") in readme
