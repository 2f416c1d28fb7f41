"""The portfolio's benchmarks: each funnel step compared by name or by position, amounts within one
currency, the bottom quarter, and `--group-by` a template field (the optional `industry`)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from helpers import ROOT, fill_template

import leverage
from leverage.cli import main
from leverage.form.fields import field

TEMPLATE_EN = ROOT / "templates" / "leverage-template-en.xlsx"
TEMPLATE_RU = ROOT / "templates" / "leverage-template-ru.xlsx"

BASE = {
    "revenue": 1_000_000, "profit": 100_000, "headcount": 10, "clients_start": 40, "clients_new": 20,
    "clients_lost": 10, "target_profit": 150_000,
}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="leverage")


def client(folder, name, stages, counts, **values):
    return fill_template(TEMPLATE_EN, folder / f"{name}.xlsx", {**BASE, "company": name, "funnel_stages": stages,
                                                                "funnel_counts": counts, **values})


def test_a_step_is_compared_by_its_name_across_funnels_else_by_position_among_funnels_as_long(tmp_path):
    files = {
        "s1": client(tmp_path, "s1", ["Leads", "Meetings", "Paid"], [1_000, 200, 20]),   # 20 %, 10 %
        "s2": client(tmp_path, "s2", ["leads ", "MEETINGS", "Paid"], [1_000, 100, 20]),  # the same steps: 10 %, 20 %
        "s3": client(tmp_path, "s3", ["Leads", "Paid"], [1_000, 20]),                  # no other Leads → Paid
        "s4": client(tmp_path, "s4", ["Лиды", "Встречи", "Оплатили"], [500, 100, 20]),   # 20 %, 20 %
        "s5": client(tmp_path, "s5", ["Leads", "Calls", "Paid"], [400, 100, 20]),        # 25 %, 20 %
    }
    files = {name: str(path) for name, path in files.items()}
    marks = leverage.portfolio(tmp_path, jobs=1).benchmarks
    steps = {name: mark["percentiles"] for name, mark in marks.items() if name.startswith("conversion.")}
    assert steps == {
        "conversion.Leads → Meetings": {files["s1"]: 100, files["s2"]: 0},
        "conversion.Meetings → Paid": {files["s1"]: 0, files["s2"]: 100},
        "conversion.step 1 of 2": {files["s3"]: None},
        "conversion.step 1 of 3": {files["s4"]: 0, files["s5"]: 100},
        "conversion.step 2 of 3": {files["s4"]: 50, files["s5"]: 50},
    }
    named = marks["conversion.Leads → Meetings"]
    assert (named["lever"], named["step"], named["clients"]) == ("conversion", "Leads → Meetings", 2)
    assert named["quartiles"] == pytest.approx([0.125, 0.15, 0.175]) and named["bottom_quarter"] == [files["s2"]]
    assert marks["conversion.step 1 of 3"]["quartiles"] == pytest.approx([0.2125, 0.225, 0.2375])
    frame = leverage.portfolio(tmp_path, jobs=1).summary
    assert list(frame["conversion.Leads → Meetings percentile"])[:2] == [100, 0]
    assert frame["conversion.Leads → Meetings percentile"].isna().tolist()[2:] == [True] * 3


def test_amounts_are_benchmarked_within_one_currency_only(tmp_path):
    usd = [client(tmp_path, f"u{k}", ["Leads", "Paid"], [500, 20], revenue=revenue)
           for k, revenue in enumerate((1_000_000, 2_000_000, 3_000_000))]
    rub = client(tmp_path, "r", ["Leads", "Paid"], [500, 20], currency="RUB", revenue=90_000_000, profit=9_000_000,
                 target_profit=12_000_000)
    marks = leverage.portfolio(tmp_path, jobs=2).benchmarks
    for lever in ("avg_check", "rev_per_employee"):
        assert set(marks[f"{lever}.USD"]["percentiles"]) == {str(p) for p in usd}
        assert marks[f"{lever}.RUB"]["percentiles"] == {str(rub): None}
        assert marks[f"{lever}.USD"]["currency"] == "USD"
        assert [marks[f"{lever}.USD"]["percentiles"][str(p)] for p in usd] == [0, 50, 100]
        assert marks[f"{lever}.USD"]["bottom_quarter"] == [str(usd[0])]
    assert marks["rev_per_employee.USD"]["quartiles"] == pytest.approx([150_000, 200_000, 250_000])
    assert marks["rev_per_employee.RUB"]["quartiles"] == pytest.approx([9_000_000] * 3)


def test_group_by_industry_compares_each_client_within_its_industry_only(tmp_path):
    stages, counts = ["Leads", "Paid"], [500, 20]
    margins = {"r1": ("Retail", 100_000), "r2": (" retail ", 200_000), "i1": ("IT services", 300_000),
               "i2": ("it  services", 400_000), "i3": ("IT Services", 500_000), "n": ("", 250_000)}
    files = {name: str(client(tmp_path, name, stages, counts, industry=industry, profit=profit))
             for name, (industry, profit) in margins.items()}
    result = run("portfolio", tmp_path, "--group-by", "industry", "--json", "--jobs", "2")
    assert result.exit_code == 0, result.output
    marks = json.loads(result.stdout)["benchmarks"]
    margin = {name: mark for name, mark in marks.items() if mark["lever"] == "margin"}
    assert set(margin) == {"margin", "margin@IT services", "margin@Retail"}
    assert margin["margin@Retail"]["percentiles"] == {files["r1"]: 0, files["r2"]: 100}
    assert margin["margin@IT services"]["percentiles"] == {files["i1"]: 0, files["i2"]: 50, files["i3"]: 100}
    assert margin["margin@IT services"]["quartiles"] == pytest.approx([0.35, 0.4, 0.45])
    assert margin["margin@IT services"]["group"] == "IT services"
    assert margin["margin"]["percentiles"] == {files["n"]: None} and margin["margin"]["group"] == ""
    assert margin["margin@Retail"]["bottom_quarter"] == [files["r1"]]
    assert set(marks["rev_per_employee.USD@Retail"]["percentiles"]) == {files["r1"], files["r2"]}
    # the summary's percentile column holds each client's rank within its own group
    frame = leverage.portfolio(tmp_path, jobs=1, group_by="industry").summary
    ranks = dict(zip(frame["file"], frame["margin percentile"]))
    assert [ranks[files[n]] for n in ("r1", "r2", "i1", "i2", "i3")] == [0, 100, 0, 50, 100]
    ungrouped = json.loads(run("portfolio", tmp_path, "--json").stdout)["benchmarks"]["margin"]
    assert len(ungrouped["percentiles"]) == 6 and ungrouped["group"] is None


def test_group_by_currency_and_bad_fields(tmp_path):
    client(tmp_path, "a", ["Leads", "Paid"], [500, 20])
    client(tmp_path, "b", ["Leads", "Paid"], [500, 20], currency="EUR")
    marks = leverage.portfolio(tmp_path, group_by="currency").benchmarks
    assert {name for name in marks if name.startswith("margin")} == {"margin@EUR", "margin@USD"}
    bad = run("portfolio", tmp_path, "--group-by", "company")
    assert bad.exit_code == 2 and bad.stdout == ""
    assert bad.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--group-by': 'company' is not one of 'industry', 'currency', 'lang'.")
    with pytest.raises(leverage.LeverageError) as refused:
        leverage.portfolio(tmp_path, group_by="company")
    assert refused.value.exit_code == 2
    assert "expected a template field to group by: industry, currency, lang" in str(refused.value)


def test_the_cli_choices_are_the_runs_group_fields_text_fields_of_the_template():
    from leverage.portfolio_run import GROUP_FIELDS

    option = next(p for p in main.commands["portfolio"].params if p.name == "group_by")
    assert tuple(option.type.choices) == GROUP_FIELDS
    assert {field(name).kind for name in GROUP_FIELDS} <= {"text", "currency", "lang"}


@pytest.mark.parametrize("template, label", [(TEMPLATE_EN, "Industry"), (TEMPLATE_RU, "Отрасль")])
def test_the_templates_have_an_optional_industry_read_spacing_tidied(tmp_path, template, label):
    from openpyxl import load_workbook

    from leverage.form.names import locate

    book = load_workbook(template)
    cell = locate(book, field("industry"))[0]
    assert cell.offset(0, -1).value == label or label in [c.value for c in book.worksheets[0][cell.row]]
    values = {**BASE, "funnel_stages": ["Leads", "Paid"], "funnel_counts": [500, 20]}
    filled = fill_template(template, tmp_path / "c.xlsx", {**values, "industry": "  IT   services "})
    assert leverage.api.load_inputs(filled).industry == "IT services"
    blank = fill_template(template, tmp_path / "d.xlsx", values)
    assert leverage.api.load_inputs(blank).industry == ""


def test_a_client_in_the_bottom_quarter_is_told_so_in_its_lines_and_its_json_in_both_languages(tmp_path):
    # retention (40 + 20 − lost) / 60: 83.3, 93.3, 86.7, 96.7 and 90 %: the first is the lowest (percentile 0)
    for name, lost in (("a", 10), ("b", 4), ("c", 8), ("d", 2), ("e", 6)):
        client(tmp_path, name, ["Leads", "Paid"], [500, 20], clients_lost=lost, profit=100_000 + 10_000 * lost)
    result = run("portfolio", tmp_path, "--jobs", "1")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    a = lines.index(next(line for line in lines if line.startswith(str(tmp_path / "a.xlsx"))))
    assert lines[a + 1] == "  Retention 83.3%: bottom quarter of 5 clients; the median is 90.0%"
    document = json.loads(run("portfolio", tmp_path, "--json").stdout)
    assert "Retention 83.3%: bottom quarter of 5 clients; the median is 90.0%" in document["clients"][0]["conclusions"]
    assert not any(line.startswith("Retention") for line in document["clients"][3]["conclusions"])   # 96.7 %
    ru = json.loads(run("portfolio", tmp_path, "--json", "--lang", "ru").stdout)["clients"][0]["conclusions"]
    assert [line for line in ru if "83,3 %" in line] == [
        "Конверсия в удержание 83,3 %: нижняя четверть среди 5 клиентов; медиана 90,0 %"]
    grouped = json.loads(run("portfolio", tmp_path, "--json", "--group-by", "currency").stdout)
    assert "Retention 83.3%: bottom quarter of 5 clients in USD; the median is 90.0%" in \
        grouped["clients"][0]["conclusions"]


def test_two_files_of_the_same_company_are_warned_about_naming_both(tmp_path):
    first = client(tmp_path, "a", ["Leads", "Paid"], [500, 20], company="Acme Ltd")
    second = client(tmp_path, "b", ["Leads", "Paid"], [500, 20], company=" acme  ltd", profit=120_000)
    third = client(tmp_path, "c", ["Leads", "Paid"], [500, 20], company="Other name")       # a's figures
    result = run("portfolio", tmp_path)
    assert result.exit_code == 0
    assert result.stderr.splitlines()[:2] == [
        f"Warning: {first} and {second} are the same company (acme ltd): each is benchmarked as a client of its own",
        f"Warning: {first} and {third} have the same figures for last year: the same company twice?",
    ]
    document = json.loads(run("portfolio", tmp_path, "--json", "--lang", "ru").stdout)
    assert document["duplicates"] == [
        {"files": [str(first), str(second)],
         "message": f"{first} и {second} — одна и та же компания (acme ltd): в сравнении каждый файл считается "
                    "отдельным клиентом"},
        {"files": [str(first), str(third)],
         "message": f"у {first} и {third} одинаковые показатели за прошлый год: одна и та же компания дважды?"},
    ]


def test_readme_shows_what_the_sample_portfolio_prints_grouped_by_industry():
    import os

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = "$ leverage portfolio samples/portfolio --group-by industry\n"
    start = readme.index(command) + len(command)
    cwd = os.getcwd()
    try:
        os.chdir(ROOT)
        result = run("portfolio", "samples/portfolio", "--group-by", "industry", "--jobs", "1")
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0
    assert result.stdout + result.stderr == readme[start:readme.index("```", start)]
