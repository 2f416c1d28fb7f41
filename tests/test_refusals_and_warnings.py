"""Refusing clearly and warning about the suspicious (see `corpus`), with the exact messages.

A refused template lists every problem in one run, each with its cell, metric,
the value seen and what was expected; a suspicious one succeeds with warnings on
stderr, in the JSON and in the workbook.
"""

from __future__ import annotations

import json

import corpus
import pytest
from cases import REFUSED, WARNED
from click.testing import CliRunner
from corpus import errors, solve, warnings
from openpyxl import load_workbook

from leverage.cli import main

# --- Refuse clearly ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("cells, messages", REFUSED.values(), ids=REFUSED.keys())
def test_refused_with_located_messages(tmp_path, cells, messages):
    assert errors(solve(corpus.filled(tmp_path / "refused.xlsx", **cells))) == messages


# --- Warnings: possible but suspicious ------------------------------------------------------------------------


@pytest.mark.parametrize("cells, messages", WARNED.values(), ids=WARNED.keys())
def test_suspicious_inputs_warn_and_the_run_succeeds(tmp_path, cells, messages):
    result = solve(corpus.filled(tmp_path / "warned.xlsx", **cells))
    assert result.exit_code == 0, result.stderr
    assert warnings(result) == messages
    assert [f"{w['location']} ({w['metric']}): {w['message']}" for w in json.loads(result.stdout)["warnings"]] == messages


def test_warnings_reach_the_terminal_json_and_workbook(tmp_path):
    path = corpus.filled(tmp_path / "w.xlsx", profit=4_000_000, target_profit=5_000_000)
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(main, ["solve", str(path), "-o", str(out), "--lever", "margin=1"])
    assert result.exit_code == 0
    expected = [
        WARNED["margin above 60 %"][1][0],
        '--lever (margin): "1" is read as 100 % (a bare number of 1 or less is a share); write 100% or 1% to say '
        "which is meant",
    ]
    assert result.stderr == "".join(f"Warning: {line}\n" for line in expected) + f"Wrote {out}\n"
    assert "Warning" not in result.stdout and "Profit margin" in result.stdout
    sheet = load_workbook(out)["Checks"]
    lines = [row[0].value for row in sheet.iter_rows() if row[0].value]
    title = lines.index("Warnings: possible but suspicious inputs")
    assert lines[title + 1:] == expected
