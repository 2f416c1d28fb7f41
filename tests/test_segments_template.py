"""`leverage segments --template`: the export reconciled with the template as `solve --clients` does, B′'s average
check and margin as solve makes them, another currency refused; `solve --clients --year`."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import leverage
from leverage.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "crm-export-ru.csv"
DEALS = ROOT / "samples" / "crm-deals-ru.csv"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def template(tmp_path):
    path = tmp_path / "client.xlsx"
    shutil.copy(ROOT / "samples" / "ru-company.xlsx", path)
    return path


def test_segments_with_a_template_prints_b_prime_as_solve_makes_it(template, tmp_path):
    """The logistics case against the Russian sample template: B′'s check 2,970,000 -> 8,977,331, margin 33.73 %."""
    args = ("--drop", "<100k", "--cost-per-client", "95k")
    solved = run("solve", template, "--clients", SAMPLE, *args, "--json", "-o", tmp_path / "out.xlsx")
    assert solved.exit_code == 0, solved.output
    points = json.loads(solved.stdout)["points"]
    result = run("segments", SAMPLE, *args, "--bands", "100k", "--template", template)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(
        f"\n\nWith the template {template}, as `leverage solve --clients` makes B′: average check 2,970,000 ₽ -> "
        "8,977,331 ₽.\nProfit margin 10.98% -> 33.73%: what the drop leaves, scaled to the template's revenue.\n")
    # The same warnings of the reconciliation as solve prints, after the export's own.
    reconciled = [f"Warning: {SAMPLE}: the export's revenue 59,550,040 ₽ is 60% away from the template's "
                  "148,500,000 ₽: an export often covers part of the business; the drop's factor is applied as a "
                  "proportion",
                  f"Warning: {SAMPLE}: the export's 300 clients are 500% away from the template's 50 active clients"]
    assert result.stderr.splitlines()[-2:] == reconciled
    data = json.loads(run("segments", SAMPLE, *args, "--template", template, "--json").stdout)
    assert data["template"] == {"path": str(template),
                                "avg_check": {"a": points["A"]["avg_check"],
                                              "b_prime": points["B'"]["avg_check"]},
                                "margin": {"a": points["A"]["margin"],
                                           "b_prime": points["B'"]["margin"]}}
    assert data["template"]["avg_check"]["b_prime"] == pytest.approx(
        2_970_000 * data["drop"]["avg_check_factor"])
    assert data["warnings"][-2:] == [w.removeprefix("Warning: ") for w in reconciled]
    api = leverage.segments(SAMPLE, drop=["<100k"], cost_per_client=95_000, template=template)
    assert api.template is not None and api.template.avg_check == (
        points["A"]["avg_check"], points["B'"]["avg_check"])


def test_segments_with_a_template_in_russian_and_without_a_drop(template):
    ru = run("segments", SAMPLE, "--drop", "<100k", "--cost-per-client", "95k", "--template", template, "--lang", "ru")
    assert ru.exit_code == 0
    assert ru.stdout.endswith(
        f"С шаблоном {template}, как B′ строит `leverage solve --clients`: средний чек 2 970 000 ₽ -> 8 977 331 ₽.\n"
        "Маржинальность 10,98 % -> 33,73 %: что оставляет отказ, в масштабе выручки шаблона.\n")
    plain = run("segments", SAMPLE, "--template", template)
    assert plain.exit_code == 0
    assert "With the template" not in plain.stdout
    assert f"Warning: {SAMPLE}: the export's 300 clients are 500% away from the template's 50 active clients\n" \
        in plain.stderr
    assert json.loads(run("segments", SAMPLE, "--template", template, "--json").stdout)["template"] == {
        "path": str(template), "avg_check": None, "margin": None}
    assert json.loads(run("segments", SAMPLE, "--json").stdout)["template"] is None


def test_a_dated_export_s_flows_are_compared_with_the_template_s(template):
    result = run("segments", DEALS, "--year", "2025", "--template", template)
    assert result.exit_code == 0, result.output
    for line in ("the export's 7 clients at the start of the year are 83% away from the template's 41",
                 "the export's 3 new clients are 83% away from the template's 18",
                 "the export's 2 lost clients are 78% away from the template's 9"):
        assert f"Warning: {DEALS}: {line}\n" in result.stderr


def test_an_export_in_another_currency_than_the_template_s_is_refused_and_nothing_written(tmp_path):
    template = tmp_path / "client.xlsx"
    shutil.copy(ROOT / "samples" / "worked-example.xlsx", template)
    out = tmp_path / "seg.xlsx"
    result = run("segments", SAMPLE, "--template", template, "--drop", "<100k", "-o", out)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (f"Error: {SAMPLE}: the amounts are in RUB, the template's in USD: expected an export in "
                             "the template's currency\n")
    assert not out.exists()


def test_a_missing_template_is_refused(tmp_path):
    result = run("segments", SAMPLE, "--template", tmp_path / "none.xlsx")
    assert result.exit_code == 1
    assert str(tmp_path / "none.xlsx") in result.stderr


def test_solve_clients_takes_year(template, tmp_path):
    """`solve --clients --year 2025` analyses 2025 as `segments --year 2025` does."""
    out = tmp_path / "out.xlsx"
    result = run("solve", template, "--clients", DEALS, "--drop", "<100k", "--year", "2025", "--json", "-o", out)
    assert result.exit_code == 0, result.output
    report = leverage.segments(DEALS, drop=["<100k"], year=2025)
    assert json.loads(result.stdout)["drop"]["avg_check_factor"] == report.drop.avg_check_factor
    assert f"Warning: {DEALS} (Дата): анализируется 2025 год: 18 из 29 строк\n" in result.stderr
    unknown = run("solve", template, "--clients", DEALS, "--drop", "<100k", "--year", "2020", "-o", out, "--force")
    assert unknown.exit_code == 1
    assert "2020" in unknown.stderr
    alone = run("solve", template, "--year", "2025", "-o", out, "--force")
    assert alone.exit_code == 2
    assert "Invalid value for '--year': expected --clients with --year: the export whose year is analysed" in alone.stderr
