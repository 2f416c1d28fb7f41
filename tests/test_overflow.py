"""Figures whose results would not be finite: refused where they are given, or the point says why; never a crash.

Amounts and counts above a quadrillion (`plausibility.MAX_FIGURE`) are refused: in a template cell with
exit code 1 and the cell, in an option with exit code 2 and the option. Figures within it that still
divide into infinities (a profit of 1e-300) make the point infeasible. No RuntimeWarning, no traceback,
and no number written with three hundred digits.
"""

import json
import subprocess
import sys
import warnings

import corpus
import pytest
from click.testing import CliRunner
from helpers import SAMPLES

from leverage import api
from leverage.cli import main
from leverage.errors import OptionError
from leverage.i18n import number

BIGGER = "at most 1,000,000,000,000,000: a larger figure than any business has"


def run(*args):
    """The command with every warning an error: a RuntimeWarning would end in exit code 4."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return CliRunner().invoke(main, [str(a) for a in args], prog_name="leverage")


def usage(command):
    return f"Usage: leverage {command} [OPTIONS] INPUT\nTry 'leverage {command} --help' for help.\n\n"


@pytest.mark.parametrize("cells, message", [
    ({"revenue": 1e308}, f"Inputs!C10 (revenue): expected an amount above 0, {BIGGER}, got 1e+308"),
    ({"revenue": "1e16"}, f'Inputs!C10 (revenue): expected an amount above 0, {BIGGER}, got "1e16"'),
    ({"headcount": 1e300}, f"Inputs!C14 (headcount): expected a whole number above 0, {BIGGER}, got 1e+300"),
    ({"clients_start": 1e300}, f"Inputs!C17 (clients_start): expected a whole number of 0 or more, {BIGGER}, got 1e+300"),
    ({"funnel_counts": [5300, 1850, 2e15]},
     f"Inputs!C26 (funnel_counts): expected a whole number above 0, {BIGGER}, got 2000000000000000"),
    ({"target_profit": 1e308}, f"Inputs!C34 (target_profit): expected an amount above 0, {BIGGER}, got 1e+308"),
])
@pytest.mark.parametrize("command", [["solve"], ["show"], ["levers"], ["levers", "--json"], ["show", "--range", "avg_check=1..2"]])
def test_a_cell_beyond_any_business_is_refused_at_its_cell(tmp_path, cells, message, command):
    source = corpus.filled(tmp_path / "client.xlsx", **cells)
    before = source.read_bytes()
    result = run(command[0], source, *command[1:])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message}\n"
    assert source.read_bytes() == before and not (tmp_path / "client.leverage.xlsx").exists()


def test_a_russian_template_is_told_in_russian(tmp_path):
    source = corpus.filled(tmp_path / "ru.xlsx", corpus.RU, currency="RUB", lang="ru", revenue=1e308, profit=5_580_000)
    result = run("show", source)
    assert result.exit_code == 1
    assert result.stderr == ("Error: Исходные данные!C10 (revenue): ожидалась сумма больше 0, не больше "
                             "1 000 000 000 000 000: больше, чем у любого бизнеса, получено 1e+308\n")


@pytest.mark.parametrize("command", ["solve", "show"])
@pytest.mark.parametrize("args, message", [
    (["--target-profit", "1e308"], f"Invalid value for '--target-profit': \"1e308\": expected an amount {BIGGER}"),
    (["--target-profit", "2000000000M"], f"Invalid value for '--target-profit': \"2000000000M\": expected an amount {BIGGER}"),
    (["--lever", "avg_check=x1e308"],
     f"Invalid value for '--lever': the change \"x1e308\" takes avg_check from 87,761 to ∞; expected {BIGGER}"),
    (["--lever", "rev_per_employee=1e16"],
     f"Invalid value for '--lever': the change \"1e16\" takes rev_per_employee from 70,843 to 1.0e+16; expected {BIGGER}"),
    (["--lever", "avg_check=x1e10", "--lever", "avg_check=x1e10"],
     f"Invalid value for '--lever': the change \"x1e10, x1e10\" takes avg_check from 87,761 to 8.8e+24; expected {BIGGER}"),
    (["--range", "avg_check=0..1e308"], f"Invalid value for '--range': avg_check: the high end 1.0e+308; expected {BIGGER}"),
    (["--range", "leads=0..2e15"], f"Invalid value for '--range': leads: the high end 2.0e+15; expected {BIGGER}"),
])
def test_an_option_beyond_any_business_is_exit_2_naming_the_option(tmp_path, command, args, message):
    source = corpus.filled(tmp_path / "client.xlsx", target_profit=1_200_000)
    result = run(command, source, *args)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"{usage(command)}Error: {message}\n"
    assert not (tmp_path / "client.leverage.xlsx").exists()


def test_a_template_lever_change_beyond_any_business_is_refused_at_its_cell(tmp_path):
    source = corpus.filled(tmp_path / "client.xlsx", lever_avg_check="x1e300")
    result = run("show", source)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: Inputs!") and line.endswith(
        f"(avg_check): the change \"x1e300\" takes avg_check from 87,761 to 8.8e+304; expected {BIGGER}")


def test_levers_refuses_a_step_beyond_any_question(sample_copy):
    result = run("levers", sample_copy, "--step", "1e308")
    assert result.exit_code == 2
    assert result.stderr == (f"{usage('levers')}Error: Invalid value for '--step': \"1e308\": the step is 1.0e+308 %; "
                             "expected at most +100,000 %, such as 15%\n")


@pytest.fixture
def sample_copy(tmp_path):
    import shutil

    path = tmp_path / "client.xlsx"
    shutil.copy(SAMPLES / "worked-example.xlsx", path)
    return path


@pytest.mark.parametrize("command", ["solve", "show"])
def test_a_profit_that_divides_into_infinity_is_refused_at_its_cell(tmp_path, command):
    """Within the limits a margin of 1.7e-307 still divides the target into a revenue no number holds; the
    workbook's formulas could not hold it either, so the run is refused at the profit's cell."""
    source = corpus.filled(tmp_path / "client.xlsx", profit=1e-300, target_profit=1_200_000)
    result = run(command, source)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: Inputs!C11 (margin): the margin (profit / revenue) is 1.7e-307, so small that the target needs a revenue "
        "larger than any number that can be computed; check profit and revenue for a figure far too small or too large\n")
    assert not (tmp_path / "client.leverage.xlsx").exists()


def test_the_points_themselves_say_which_figure_overflows(worked_example):
    from dataclasses import replace

    from leverage.model.solve import back_calculate, derive_levers, forward

    levers = replace(derive_levers(worked_example), avg_check=1e-308)
    b = back_calculate("B'", 1_200_000, levers, 67)
    assert not b.feasible and [(r.code, r.lever) for r in b.reasons] == [("not_finite", "clients_new")]
    assert not hasattr(b, "profit") and not hasattr(b, "funnel")  # an Infeasible has no figures
    assert forward("B''", 5300, levers, 67).feasible  # forward only multiplies: 0 profit, nothing overflows


LEVER_OVERFLOW = ("the lever changes make clients_new of B' larger than any number that can be computed; check them "
                  "for a figure far too small or too large")


def test_a_tiny_lever_change_on_the_command_line_is_exit_2(tmp_path):
    result = run("show", SAMPLES / "worked-example.xlsx", "--lever", "avg_check=x1e-308")
    assert result.exit_code == 2
    assert result.stderr == f"{usage('show')}Error: Invalid value for '--lever': {LEVER_OVERFLOW}\n"
    with pytest.raises(OptionError):
        api.solve(SAMPLES / "worked-example.xlsx", levers=["avg_check=x1e-308"])


def test_a_tiny_lever_change_in_the_template_is_refused_at_its_cell(tmp_path):
    source = corpus.filled(tmp_path / "client.xlsx", lever_avg_check="x1e-307")
    result = run("show", source)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("Error: Inputs!") and line.endswith(f"(avg_check): {LEVER_OVERFLOW}")


def test_the_goal_seek_gives_no_infinity(tmp_path):
    source = corpus.filled(tmp_path / "client.xlsx", profit=1e-300)
    result = run("levers", source, "--json")
    assert result.exit_code == 0
    assert "Infinity" not in result.stdout and "NaN" not in result.stdout
    data = json.loads(result.stdout)
    unreachable = [g["lever"] for g in data["goal_seek"] if g["reason"] == "this lever alone cannot reach the target"]
    assert unreachable == ["leads", "avg_check"]
    [margin] = [g for g in data["goal_seek"] if g["lever"] == "margin"]
    assert margin["feasible"] and round(margin["required"], 4) == 0.1746
    assert run("levers", source).exit_code == 0


def test_a_simulation_that_overflows_says_so(tmp_path):
    result = run("show", SAMPLES / "worked-example.xlsx", "--lever", "margin=x1e308", "--range", "retention=10%..20%")
    assert result.exit_code == 2
    assert result.stderr == ("Error: the simulated profit of B″ is larger than any number that can be computed: check "
                             "B″'s levers (the lever changes) and the ranges for a figure far too large\n")


def test_no_runtime_warning_reaches_stderr(tmp_path):
    """The issue's cases, as a consultant runs them: with -W error any RuntimeWarning would be a traceback."""
    source = corpus.filled(tmp_path / "client.xlsx", profit=1e-300)
    for args in (["show", source, "--range", "avg_check=0..1e15"], ["levers", source], ["solve", source],
                 ["show", SAMPLES / "worked-example.xlsx", "--range", "avg_check=0..1e308"]):
        result = subprocess.run([sys.executable, "-W", "error", "-m", "leverage", *map(str, args)],
                                capture_output=True, text=True)
        assert result.returncode in (0, 1, 2), result.stderr
        assert "Warning:" not in result.stderr.replace("Warning: Inputs!C34 (target_profit)", "")
        assert "Traceback" not in result.stderr and "RuntimeWarning" not in result.stderr


def test_huge_numbers_read_as_powers_of_ten():
    assert number(1e308) == "1.0e+308" and number(-2.5e20, 2, "ru") == "-2,5e+20"
    assert number(999_999_999_999_999.0) == "999,999,999,999,999"
    assert number(float("inf")) == "∞"
