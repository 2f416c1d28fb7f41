"""`leverage show` prints the comparison and conclusions without writing; colour only on a terminal."""

import io
import json
from dataclasses import replace

import pytest
from click.testing import CliRunner

from leverage import api, cli
from leverage.render.table import to_json


@pytest.fixture
def template(template_file):
    """The worked example's filled template (a copy in tmp_path)."""
    return template_file


def run(*args, env=None):
    return CliRunner().invoke(cli.main, [str(a) for a in args], env=env)


def test_show_prints_the_comparison_and_writes_nothing(tmp_path, template):
    before = sorted(tmp_path.iterdir())
    result = run("show", template, "--lever", "avg_check=x2")
    assert result.exit_code == 0, result.output
    assert sorted(tmp_path.iterdir()) == before
    lines = result.output.splitlines()
    assert lines[0].split() == ["A", "B", "B′", "B″"]
    assert lines[1].split() == ["Profit,", "USD", "558,000", "1,200,000", "1,200,000", "1,304,090"]
    assert "Conclusions" in lines
    text = " ".join(line.strip() for line in lines)
    assert "B′ needs 4.3× fewer leads than B (4,111 instead of 17,820)" in text
    assert "it beats the target by 8.7% ($104,090 more)." in text
    assert "\x1b[" not in result.output  # not a terminal: no colour


def test_show_in_russian_groups_thousands_with_spaces(template):
    result = run("show", template, "--lever", "avg_check=x2", "--lang", "ru", "--target-profit", "1,2 млн")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].split() == ["Прибыль,", "$", "558", "000", "1", "200", "000", "1", "200", "000", "1", "304", "090"]
    assert "9,49 %" in result.output and "\u00a0" not in result.output
    assert "в 4,3 раза меньше лидов, чем для B (4 111 вместо 17 820)" in " ".join(line.strip() for line in lines)


def test_show_json_equals_the_api(template, worked_example):
    result = run("show", template, "--lever", "avg_check=x2", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == json.loads(to_json(api.solve(template, levers=["avg_check=x2"])))


def test_show_and_solve_print_the_same(tmp_path, template):
    shown = run("show", template, "--lever", "avg_check=x2")
    solved = run("solve", template, "--lever", "avg_check=x2", "-o", tmp_path / "out.xlsx")
    assert solved.exit_code == 0, solved.output
    assert solved.stdout == shown.stdout
    assert (tmp_path / "out.xlsx").is_file()


def test_show_explains_bad_levers(template):
    result = run("show", template, "--lever", "avg_check=+5pp")
    assert result.exit_code == 2
    assert "Invalid value for '--lever': avg_check: \"+5pp\" is in percentage points, which apply to rates only" in result.output


def test_colour_only_on_a_terminal_without_no_color():
    class Terminal(io.StringIO):
        def isatty(self):
            return True
    assert cli.wants_color(Terminal(), {}) is True
    assert cli.wants_color(Terminal(), {"NO_COLOR": "1"}) is False
    assert cli.wants_color(Terminal(), {"NO_COLOR": ""}) is True  # no-color.org: set and not empty
    assert cli.wants_color(io.StringIO(), {}) is False


def test_colour_when_wanted(template, monkeypatch, worked_example):
    monkeypatch.setattr(cli, "wants_color", lambda stream, environ=None: True)
    result = CliRunner().invoke(cli.main, ["show", str(template), "--lever", "retention=+30pp"], color=True)
    assert result.exit_code == 0, result.output
    assert "\x1b[1m" in result.output  # bold header
    assert "\x1b[31mB′ infeasible: retention is 105.28% (more clients cannot stay than there were)" in result.output
    plain = api.show(replace(worked_example), levers=["retention=+30pp"])
    assert "\x1b[" not in plain


def test_every_command_has_help():
    for name, command in cli.main.commands.items():
        result = run(name, "--help")
        assert result.exit_code == 0
        assert command.help and command.get_short_help_str(), name
        assert not command.get_short_help_str(limit=70).endswith("..."), name  # the command list shows it whole
