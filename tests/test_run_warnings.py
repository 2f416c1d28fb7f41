"""Warnings every command gives alike: the inputs' own (`levers` as `solve`), and an implausible target."""

import json
import shutil

import corpus
import openpyxl
import pytest
from click.testing import CliRunner
from helpers import SAMPLES

import leverage
from leverage.cli import main

MARGIN = ("Warning: Inputs!C11 (margin): the margin is 68.03% (profit 4,000,000 / revenue 5,880,000), above the 60% "
          "that almost no business keeps as net profit; check that profit is net profit after all costs, not the "
          "contribution margin (revenue − variable costs)")
PER_EMPLOYEE = ("Warning: Inputs!C14 (rev_per_employee): revenue per employee is 1,176 USD (revenue 5,880,000 / "
                "headcount 5,000), far below the 5,000 USD a year a business needs to pay one employee; check that "
                "revenue is not in thousands and that headcount counts people")
CHECK = "a target is rarely below 1/10 of last year's profit or above 100 times it: check the figure and its unit (1.2M, not 1.2)"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def warning_lines(result):
    return [line for line in result.stderr.splitlines() if line.startswith("Warning:")]


@pytest.fixture
def suspicious(tmp_path):
    """A template whose margin and revenue per employee both look wrong."""
    return corpus.filled(tmp_path / "client.xlsx", profit=4_000_000, headcount=5000, target_profit=8_000_000)


@pytest.mark.parametrize("command", [["levers"], ["levers", "--json"], ["levers", "--step", "-10%"]])
def test_levers_reports_the_inputs_warnings_as_solve_does(suspicious, tmp_path, command):
    solved = run("solve", suspicious, "-o", tmp_path / "o.xlsx")
    assert warning_lines(solved) == [MARGIN, PER_EMPLOYEE]
    result = run(*command[:1], suspicious, *command[1:])
    assert result.exit_code == 0
    assert result.stderr == f"{MARGIN}\n{PER_EMPLOYEE}\n"


def test_levers_json_has_the_warnings_of_solve_json(suspicious, tmp_path):
    solved = json.loads(run("solve", suspicious, "--json", "-o", tmp_path / "o.xlsx").stdout)
    analysed = json.loads(run("levers", suspicious, "--json").stdout)
    assert analysed["warnings"] == solved["warnings"]
    assert [w["metric"] for w in analysed["warnings"]] == ["margin", "rev_per_employee"]
    assert set(analysed["warnings"][0]) == {"location", "metric", "message"}
    assert json.loads(run("levers", SAMPLES / "worked-example.xlsx", "--json").stdout)["warnings"] == []


def test_the_api_gives_levers_the_same_warnings(suspicious):
    assert leverage.levers(suspicious).warnings == leverage.solve(suspicious).warnings
    assert [w.metric for w in leverage.levers(suspicious).warnings] == ["margin", "rev_per_employee"]


def test_a_russian_template_warns_in_russian_in_levers(tmp_path):
    source = corpus.filled(tmp_path / "ru.xlsx", corpus.RU, currency="RUB", lang="ru", revenue=58_800_000,
                           profit=40_000_000, target_profit=50_000_000)
    [line] = warning_lines(run("levers", source))
    assert line.startswith("Warning: Исходные данные!C11 (margin): маржинальность 68,03 % (прибыль 40 000 000 / "
                           "выручка 58 800 000)")


@pytest.mark.parametrize("target, moved", [
    ("1.2", "the target profit 1.20 is 1/465,000 of last year's profit (558,000)"),
    ("55k", "the target profit 55,000 is 1/10.15 of last year's profit (558,000)"),
    ("60M", "the target profit 60,000,000 is 108 times last year's profit (558,000)"),
    ("1e15", "the target profit 1.0e+15 is 1,792,114,695 times last year's profit (558,000)"),
])
@pytest.mark.parametrize("command", [["show"], ["solve", "--force"], ["levers"]])
def test_an_implausible_target_on_the_command_line_is_warned(tmp_path, target, moved, command):
    source = tmp_path / "client.xlsx"
    shutil.copy(SAMPLES / "worked-example.xlsx", source)
    result = run(command[0], source, "--target-profit", target, *command[1:])
    assert result.exit_code == 0, result.output
    assert warning_lines(result) == [f"Warning: --target-profit (target_profit): {moved}; {CHECK}"]


@pytest.mark.parametrize("target", ["56k", "1.2M", "55.8M", "558000"])
def test_a_plausible_target_is_not_warned(template_file, target):
    for command in ("show", "levers"):
        result = run(command, template_file, "--target-profit", target)
        assert result.exit_code == 0 and warning_lines(result) == [], result.stderr


def test_a_template_target_is_warned_at_its_cell_in_every_output(tmp_path):
    source = corpus.filled(tmp_path / "client.xlsx", target_profit=1.2)
    warning = f"Inputs!C34 (target_profit): the target profit 1.20 is 1/465,000 of last year's profit (558,000); {CHECK}"
    for command in ("show", "levers"):
        assert warning_lines(run(command, source)) == [f"Warning: {warning}"]
    for command in ("show", "levers"):
        [entry] = json.loads(run(command, source, "--json").stdout)["warnings"]
        assert entry == {"location": "Inputs!C34", "metric": "target_profit", "message": warning.split(": ", 1)[1]}
    assert run("solve", source).exit_code == 0
    checks = openpyxl.load_workbook(tmp_path / "client.leverage.xlsx")["Checks"]
    assert warning in [cell.value for row in checks.iter_rows() for cell in row]


def test_an_implausible_target_is_warned_in_russian(tmp_path):
    source = corpus.filled(tmp_path / "ru.xlsx", corpus.RU, currency="RUB", lang="ru", revenue=58_800_000,
                           profit=5_580_000, target_profit=1e12)
    expected = ("Warning: Исходные данные!C34 (target_profit): целевая прибыль 1 000 000 000 000 в 179 211 раз больше "
                "прибыли прошлого года (5 580 000); цель редко бывает меньше 1/10 прибыли прошлого года или больше неё "
                "в 100 раз: проверьте число и его единицы (1.2M, а не 1.2)")
    for command in ("show", "levers"):
        assert warning_lines(run(command, source)) == [expected]


def test_a_target_typed_in_another_currency_than_the_template_is_warned(tmp_path):
    """`--target-profit $1.2M` on a RUB template is read as 1.2M RUB, as a cell typed so would be, and the run says
    so in every output; a target in the template's own currency, or with no sign, says nothing."""
    source = SAMPLES / "ru-company.xlsx"
    expected = ('Warning: --target-profit (target_profit): сумма указана со знаком «$» (USD), а валюта шаблона — RUB; '
                "она прочитана как RUB: пересчитайте её или укажите валюту шаблона USD")
    shown = run("show", source, "--target-profit", "$30M")
    assert shown.exit_code == 0
    assert expected in warning_lines(shown)
    plain = run("show", source, "--target-profit", "30M")
    assert not [w for w in warning_lines(plain) if "--target-profit" in w]
    assert not [w for w in warning_lines(run("show", source, "--target-profit", "30M ₽")) if "--target-profit" in w]
    as_json = json.loads(run("solve", source, "--target-profit", "$30M", "--json", "-o", tmp_path / "o.xlsx").stdout)
    assert [w["location"] for w in as_json["warnings"]].count("--target-profit") == 1
    same = json.loads(run("solve", source, "--target-profit", "30M", "--json", "-o", tmp_path / "p.xlsx").stdout)
    assert as_json["points"] == same["points"]  # read as 30M RUB, the figure unchanged
    from leverage.numbers import TypedAmount

    assert [w.location for w in leverage.solve(source, TypedAmount(30e6, "USD", "$")).warnings].count("--target-profit") == 1
    assert all(w.location != "--target-profit" for w in leverage.solve(source, 30e6).warnings)
