"""Market capacity: each point's leads and new clients as a share of the target segment's potential clients.

The talk's market: 203,000 companies in the target segment, 1 % of it 2,030 clients. The worked example with
that market, the warnings both ways (more leads than the market holds, a yearly share of new clients above
5 %), the template cell and the option, bad input at either, the JSON, the table, the conclusions in both
languages and the live workbook, recalculated in LibreOffice and Gnumeric.
"""

from __future__ import annotations

import json

import engines
import openpyxl
import pytest
from click.testing import CliRunner
from helpers import EN, ROOT, WORKED, fill_template

import leverage
from leverage.cli import main
from leverage.errors import OptionError
from leverage.model.market import MAX_YEARLY_SHARE, check_market_size, market_of, parse_market_size

TALK_MARKET = 203_000
EXAMPLE = {**WORKED, "lever_avg_check": "x2"}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def worked(tmp_path):
    """The worked example (the template's average check doubled) with the talk's market in its cell."""
    return fill_template(EN, tmp_path / "worked.xlsx", {**EXAMPLE, "market_size": TALK_MARKET})


@pytest.fixture
def no_market(tmp_path):
    return fill_template(EN, tmp_path / "plain.xlsx", EXAMPLE)


def test_the_talks_market_one_percent_is_2030_clients(worked):
    result = leverage.solve(worked)
    market = result.market
    assert market is not None and market.size == TALK_MARKET
    assert market.size * 0.01 == 2_030
    b1 = market.share("B'")
    assert b1 is not None
    assert b1.clients_new == pytest.approx(28.70, abs=0.005)
    assert b1.new_clients_share == pytest.approx(b1.clients_new / 203_000)
    assert round(b1.new_clients_share * 100, 2) == 0.01          # "0.01 % of a market of 203,000"
    assert b1.leads_share == pytest.approx(4_110.93 / 203_000, abs=1e-7)
    a = market.share("A")
    assert a is not None and (a.leads_share, a.new_clients_share) == (5_300 / 203_000, 37 / 203_000)
    # A market this size takes the plan easily: nothing warns.
    assert not [w for w in result.warnings if w.metric == "market_size"]


def test_the_worked_example_with_a_market_in_the_table_and_conclusions(worked):
    result = run("show", worked)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    at = lines.index("Paid                                                37      124.40       28.70          37")
    assert lines[at + 1:at + 3] == [
        "Leads, share of a market of 203,000              2.61%       8.78%       2.03%       2.61%",
        "New clients, share of a market of 203,000        0.02%       0.06%       0.01%       0.02%",
    ]
    assert lines[-2:] == [
        "• B′ needs 29 new clients a year, 0.01% of a market of 203,000 potential clients (1% of it is",
        "  2,030), and 4,111 leads, 2.03% of it.",
    ]
    assert result.stderr == ""


def test_in_russian(worked):
    result = run("show", worked, "--lang", "ru")
    assert result.exit_code == 0, result.output
    lines = [" ".join(line.replace("\u00a0", " ").split()) for line in result.stdout.splitlines()]
    assert "Лиды, доля рынка ёмкостью 203 000 2,61 % 8,78 % 2,03 % 2,61 %" in lines
    assert "Новые клиенты, доля рынка ёмкостью 203 000 0,02 % 0,06 % 0,01 % 0,02 %" in lines
    assert " ".join(lines[-2:]) == (
        "• B′ нужно 29 новых клиентов в год — 0,01 % рынка ёмкостью 203 000 потенциальных клиентов (1 % рынка "
        "— 2 030), и лидов — 4 111, 2,03 % рынка.")


def test_no_market_size_no_market_anywhere(no_market, tmp_path):
    result = run("solve", no_market, "--json", "-o", tmp_path / "out.xlsx")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert all("market" not in point for point in data["points"].values())
    assert leverage.solve(no_market).market is None
    assert "share of a market" not in run("show", no_market).stdout
    labels = [row[0].value for row in openpyxl.load_workbook(tmp_path / "out.xlsx")["Points"].iter_rows()]
    assert "Market capacity" not in labels
    assert "market_size" not in openpyxl.load_workbook(tmp_path / "out.xlsx").defined_names


def test_json_has_the_market_per_point_and_equals_the_api(worked, tmp_path):
    result = run("solve", worked, "--json", "-o", tmp_path / "out.xlsx")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == json.loads(leverage.to_json(leverage.solve(worked)))
    points = data["points"]
    assert points["A"]["market"] == {"size": 203_000, "leads_share": 5_300 / 203_000,
                                     "new_clients_share": 37 / 203_000}
    b1 = points["B'"]
    assert b1["market"] == {"size": 203_000, "leads_share": b1["leads"] / 203_000,
                            "new_clients_share": b1["clients_new"] / 203_000}
    assert set(points) == {"A", "B", "B'", "B''"} and all("market" in p for p in points.values())


def test_a_market_smaller_than_the_leads_warns_at_the_option(worked):
    # 10,000 potential clients: B needs 17,819.15 leads, more than the market holds; B′ (4,110.93) and B″ (5,300)
    # fit, and no point's new clients reach 5 % of it (B's 124.40 are 1.24 %).
    result = run("show", worked, "--market-size", "10 000")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "Warning: --market-size (market_size): point B needs 17,819.15 leads a year, more than the 10,000 potential "
        "clients the market holds: every potential client would have to become a lead, some more than once; check "
        "the market size or the levers",
    ]
    assert "Leads, share of a market of 10,000" in result.stdout


def test_a_yearly_share_above_five_percent_warns_at_the_templates_cell(tmp_path):
    # 2,400 potential clients and last year's 1,000 leads: B needs 124.40 new clients, 5.18 % of the market a
    # year (above 5 %); B′'s 28.70 are 1.20 %.
    path = fill_template(EN, tmp_path / "small.xlsx", {**EXAMPLE, "funnel_counts": [1_000, 400, 37],
                                                        "market_size": "2 400"})
    result = run("show", path)
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if "market_size" in line]
    assert warnings == [
        "Warning: Inputs!C90 (market_size): point B needs 3,362.10 leads a year, more than the 2,400 potential "
        "clients the market holds: every potential client would have to become a lead, some more than once; check "
        "the market size or the levers",
        "Warning: Inputs!C90 (market_size): point B needs 124.40 new clients a year, 5.18% of a market of 2,400; a "
        "plan whose new clients take more than 5% of the market in a year is rarely real",
    ]
    result = leverage.solve(path)
    assert result.market is not None
    assert [s.point for s in result.market.shares if s.new_clients_share > MAX_YEARLY_SHARE] == ["B"]


def test_last_years_leads_above_the_market_say_to_check_the_market(worked):
    result = run("show", worked, "--market-size", "5000")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "Warning: --market-size (market_size): last year's 5,300 leads are more than the 5,000 potential clients of "
        "the market: check the market size (the target segment's potential clients, not this year's prospects)")
    assert [line.split(": ")[2].split(" needs")[0] for line in lines[1:]] == ["point B", "point B″"]


def test_the_option_wins_over_the_templates_cell(worked):
    result = leverage.solve(worked, market_size="1 000 000")
    assert result.market is not None and result.market.size == 1_000_000
    assert result.inputs.source("market_size") == "--market-size"
    assert leverage.solve(worked).inputs.source("market_size") == "Inputs!C90"


@pytest.mark.parametrize("typed", ["203.5", "0", "-5", "abc", "2,5"])
def test_a_bad_market_size_at_the_option_is_exit_2(worked, typed):
    result = run("solve", worked, "--market-size", typed)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for '--market-size': \"{typed}\": expected a whole number of potential clients "
        "above 0, such as 203000")
    assert not (worked.parent / "worked.leverage.xlsx").exists()


def test_a_market_size_beyond_any_business_is_refused(worked):
    result = run("show", worked, "--market-size", "1e16")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--market-size': \"1e16\": expected a whole number of potential clients at most "
        "1,000,000,000,000,000: a larger figure than any business has")


def test_the_api_refuses_a_bad_market_size_at_the_option(worked):
    with pytest.raises(OptionError) as caught:
        leverage.solve(worked, market_size=0.5)
    assert caught.value.text() == ("Invalid value for '--market-size': \"0.5\": expected a whole number of potential "
                                   "clients above 0, such as 203000")
    assert caught.value.exit_code == 2


@pytest.mark.parametrize("typed, shown", [
    ("203.5", ', got "203.5"'), (0, ", got 0"), (-3, ", got -3"),
    ("many", ': a number such as 1200000, 1 200 000 or 1.2M, got "many"')])
def test_a_bad_market_size_in_its_cell_is_exit_1(tmp_path, typed, shown):
    path = fill_template(EN, tmp_path / "bad.xlsx", {**EXAMPLE, "market_size": typed})
    result = run("solve", path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"Error: Inputs!C90 (market_size): expected a whole number above 0{shown}"]
    assert not (tmp_path / "bad.leverage.xlsx").exists()


def test_parsing_and_checking_the_size():
    assert [parse_market_size(t) for t in ("203000", "203 000", "203,000", "203k", 203_000)] == [203_000.0] * 5
    assert check_market_size(2_030) == 2_030.0
    for bad in (True, 0, -1, 2.5, float("nan"), float("inf")):
        with pytest.raises(leverage.errors.ChangeError):
            check_market_size(bad)


def test_an_infeasible_point_has_no_share(worked):
    result = leverage.solve(worked, levers=["margin=-10pp"])
    assert result["B'"].feasible is False
    market = market_of(result)
    assert market is not None and market.share("B'") is None and market.share("A") is not None
    data = leverage.to_dict(result)
    assert "market" not in data["points"]["B'"] and "market" in data["points"]["B"]
    assert "Leads, share of a market of 203,000              2.61%       8.78%        —        —" in \
        leverage.table(result).splitlines()


def test_the_workbook_has_the_market_cell_and_shares(worked, tmp_path):
    out = tmp_path / "out.xlsx"
    result = run("solve", worked, "-o", out)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    ws = book["Points"]
    rows = {row[0].value: row for row in ws.iter_rows()}
    cell = rows["Market size, potential clients"][1]
    assert cell.value == 203_000
    assert book.defined_names["market_size"].attr_text == f"Points!${cell.column_letter}${cell.row}"
    leads = rows["Leads, share of the market"]
    assert leads[1].value.startswith("=IF(B") and "/market_size" in leads[1].value
    cached = {r[0].value: r for r in openpyxl.load_workbook(out, data_only=True)["Points"].iter_rows()}
    shares = [c.value for c in cached["New clients, share of the market"][1:5]]
    expected = leverage.solve(worked).market
    assert expected is not None
    assert shares == [s.new_clients_share for s in expected.shares]


@pytest.mark.filterwarnings(engines.GNUMERIC_STYLES)
@pytest.mark.parametrize("engine", engines.NAMES)
def test_the_market_formulas_agree_with_the_engine_and_follow_the_market_size(worked, tmp_path, engine):
    out = tmp_path / "out.xlsx"
    assert run("solve", worked, "-o", out).exit_code == 0
    spreadsheet = engines.require(engine)
    count, mismatches = spreadsheet.compare_formula_cells(out, tmp_path / "compare")
    assert mismatches == [] and count > 100
    # Live: another market size in its cell, and the shares follow it.
    book = openpyxl.load_workbook(out)
    ws = book["Points"]
    rows = {row[0].value: row for row in ws.iter_rows()}
    rows["Market size, potential clients"][1].value = 100_000
    moved = tmp_path / "moved.xlsx"
    book.save(moved)
    recalculated = openpyxl.load_workbook(spreadsheet.recalculate(moved, tmp_path / "recalc"), data_only=True)
    values = {row[0].value: [c.value for c in row[1:5]] for row in recalculated["Points"].iter_rows()}
    points = leverage.solve(worked).points
    assert values["Leads, share of the market"] == pytest.approx([p.leads / 100_000 for p in points])
    assert values["New clients, share of the market"] == pytest.approx([p.clients_new / 100_000 for p in points])


def test_the_readme_shows_what_show_prints():
    """The README's Market capacity lines are real output of the worked example."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sample = ROOT / "samples" / "worked-example.xlsx"
    for size in ("203000", "10000"):
        command = f"$ leverage show samples/worked-example.xlsx --market-size {size}\n"
        start = readme.index(command) + len(command)
        shown = readme[start:readme.index("```", start)].splitlines()
        result = run("show", sample, "--market-size", size)
        assert result.exit_code == 0
        printed = (result.stdout + result.stderr).splitlines()
        assert shown and all(line in printed for line in shown), [line for line in shown if line not in printed]


def test_the_warnings_in_russian(worked):
    result = run("show", worked, "--market-size", "2000", "--lang", "ru")
    assert result.exit_code == 0, result.output
    lines = [line.replace("\u00a0", " ") for line in result.stderr.splitlines()]
    assert ("Warning: --market-size (market_size): точке B нужно новых клиентов в год: 124,40 — 6,22 % рынка "
            "ёмкостью 2 000; план, в котором новые клиенты за год составляют больше 5 % рынка, редко реален") in lines
    assert lines[0] == (
        "Warning: --market-size (market_size): лидов за прошлый год (5 300) больше, чем потенциальных клиентов на "
        "рынке (2 000): проверьте ёмкость рынка (потенциальные клиенты целевого сегмента, а не текущие "
        "потенциальные сделки)")


@pytest.mark.filterwarnings(engines.GNUMERIC_STYLES)
@pytest.mark.parametrize("engine", engines.NAMES)
def test_a_russian_workbook_with_a_market_agrees_with_the_engine(tmp_path, engine):
    ru = ROOT / "templates" / "leverage-template-ru.xlsx"
    path = fill_template(ru, tmp_path / "ru.xlsx", {**EXAMPLE, "currency": "RUB", "lang": "ru",
                                                     "funnel_stages": ["Лиды", "КП", "Оплатили"],
                                                     "lever_avg_check": "x2", "market_size": "203 000"})
    out = tmp_path / "out.xlsx"
    result = run("solve", path, "-o", out, "--market-size", "2 400")
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    labels = [row[0].value for row in book["Точки"].iter_rows()]
    assert {"Ёмкость рынка", "Ёмкость рынка, потенциальных клиентов", "Лиды, доля рынка",
            "Новые клиенты, доля рынка"} <= set(labels)
    count, mismatches = engines.require(engine).compare_formula_cells(out, tmp_path / "compare")
    assert mismatches == [] and count > 100


def test_the_api_show_takes_the_market_size(no_market):
    text = leverage.show(no_market, market_size=203_000)
    assert "New clients, share of a market of 203,000        0.02%       0.06%       0.01%       0.02%" in text.splitlines()
    assert "(1% of it is" in text
