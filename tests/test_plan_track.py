"""`leverage plan -o` then `leverage track` on the workbook the plan wrote: the two commands meet at the plan
workbook's names, and tracking the real workbook gives what tracking the contract's names gives (tests/plan_books.py).

The actuals come in the three ways a consultant gives them: none yet, a monthly CSV next to the plan, and typed into
the plan workbook's Actuals block and saved by a spreadsheet (here LibreOffice and Gnumeric recalculate the copy, as
Excel would on saving, so the plan rows keep their values)."""

from __future__ import annotations

import json
from pathlib import Path

import engines
import openpyxl
import pytest
from click.testing import CliRunner
from helpers import ROOT
from plan_books import conversion_below, plan_figures, plan_run, write_plan_book

from leverage.cli import main

SAMPLE = ROOT / "samples" / "worked-example.xlsx"


def invoke(*args: object):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="leverage")


@pytest.fixture(scope="module")
def real_plan(tmp_path_factory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("plan") / "plan.xlsx"
    result = invoke("plan", SAMPLE, "--start", "2027-01", "-o", path)
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture(scope="module")
def below():  # type: ignore[no-untyped-def]
    run = plan_run()
    return run, conversion_below(plan_figures(run), run.plan.year.clients_start, 3)


def _csv(path: Path, actual) -> Path:  # type: ignore[no-untyped-def]
    lines = ["month,leads,proposals sent,paid,active clients,revenue,profit,headcount"]
    for month, f in zip(("2027-01", "2027-02", "2027-03"), actual):
        lines.append(",".join([month, *(repr(x) for x in (*f.stages, f.active_clients, f.revenue, f.profit,
                                                          f.headcount))]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_fresh_plan_says_it_has_no_actuals_yet(real_plan) -> None:  # type: ignore[no-untyped-def]
    result = invoke("track", real_plan, "--json", "-o", real_plan.with_name("fresh.xlsx"))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (f"Error: {real_plan}: holds no actuals yet: type the first month's into the Actuals rows "
                             "(actual_*), or give them with --actuals FILE\n")


def test_the_real_plan_with_a_csv_tracks_as_the_contract_says(tmp_path, real_plan, below) -> None:  # type: ignore[no-untyped-def]
    run, actual = below
    csv = _csv(tmp_path / "actuals.csv", actual)
    real = json.loads(invoke("track", real_plan, "--actuals", csv, "--json", "-o", tmp_path / "real.xlsx").stdout)
    contract = json.loads(invoke("track", write_plan_book(tmp_path / "names.xlsx", run, actuals=actual), "--json").stdout)
    assert real["months_with_actuals"] == contract["months_with_actuals"] == ["2027-01", "2027-02", "2027-03"]
    assert real["profit_gap"] == pytest.approx(contract["profit_gap"], rel=1e-9)
    assert real["profit_gap"] < 0
    assert real["contributions"] == pytest.approx(contract["contributions"], rel=1e-9, abs=1e-6)
    assert sum(real["contributions"].values()) == pytest.approx(real["profit_gap"], rel=1e-9)
    assert [a["metric"] for a in real["alerts"]] == ["conversion"]


@pytest.mark.parametrize("engine_name", engines.NAMES)
def test_actuals_typed_into_the_plan_and_saved_by_a_spreadsheet(tmp_path, real_plan, below, engine_name) -> None:  # type: ignore[no-untyped-def]
    engine = engines.require(engine_name)
    run, actual = below
    typed = tmp_path / "typed.xlsx"
    book = openpyxl.load_workbook(real_plan)
    for key, values in {
        **{f"actual_stage_{j + 1}": [f.stages[j] for f in actual] for j in range(len(run.stage_names))},
        "actual_active_clients": [f.active_clients for f in actual], "actual_revenue": [f.revenue for f in actual],
        "actual_profit": [f.profit for f in actual], "actual_headcount": [f.headcount for f in actual],
    }.items():
        [(sheet, ref)] = book.defined_names[key].destinations
        cells = book[sheet][ref.replace("$", "")]
        for cell, value in zip(cells[0], values):
            cell.value = value
    book.save(typed)
    saved = engine.recalculate(typed, tmp_path / "engine")
    tracked = invoke("track", saved, "--json")
    assert tracked.exit_code == 0, tracked.output
    from_book = json.loads(tracked.stdout)
    from_csv = json.loads(invoke("track", real_plan, "--actuals", _csv(tmp_path / "a.csv", actual), "--json",
                                 "-o", tmp_path / "from-csv.xlsx").stdout)
    assert from_book["months_with_actuals"] == ["2027-01", "2027-02", "2027-03"]
    assert from_book["profit_gap"] == pytest.approx(from_csv["profit_gap"], rel=1e-9)
    assert from_book["contributions"] == pytest.approx(from_csv["contributions"], rel=1e-9, abs=1e-6)
    assert [a["metric"] for a in from_book["alerts"]] == ["conversion"]
