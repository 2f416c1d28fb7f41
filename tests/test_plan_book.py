"""The plan workbook (`leverage plan -o PLAN.xlsx`): the contract's names, live formulas that agree with the
model and with LibreOffice and Gnumeric, with and without actuals typed in."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import engines
import libreoffice
import openpyxl
import pytest
from click.testing import CliRunner
from helpers import ROOT

import leverage
from leverage.cli import main
from leverage.workbook.plan_book import PlanFigures, PlanInputs, metric_keys, write_plan_book

SAMPLE = ROOT / "samples" / "worked-example.xlsx"
SEASONAL = "1,1,1,1,1,1,1,1,1,1,2,3"


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "client.xlsx"
    shutil.copy(SAMPLE, path)
    return path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="leverage")


def named(workbook: openpyxl.Workbook, name: str) -> list[object]:
    """The values of the cells a workbook-scope name refers to, in order."""
    (sheet, ref), = workbook.defined_names[name].destinations
    cells = workbook[sheet][ref.replace("$", "")]
    if not isinstance(cells, tuple):
        return [cells.value]
    return [c.value for row in cells for c in (row if isinstance(row, tuple) else (row,))]


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def test_the_command_writes_the_plan_workbook_beside_the_template_and_never_overwrites_it(sample):
    result = run("plan", sample, "--start", "2027-01")
    assert result.exit_code == 0, result.output
    out = sample.with_name("client.plan.xlsx")
    assert result.stderr == f"Wrote {out}\n"
    assert out.is_file()
    again = run("plan", sample, "--start", "2027-01")
    assert again.exit_code == 3
    assert again.stderr == f"Error: {out}: already exists; use --force to overwrite it or -o to choose another name\n"
    assert run("plan", sample, "--start", "2027-01", "--force").exit_code == 0
    chosen = sample.with_name("mine.xlsx")
    assert run("plan", sample, "-o", chosen, "--json").exit_code == 0 and chosen.is_file()


def test_the_workbook_holds_the_contracts_names_with_the_worked_examples_figures(sample, tmp_path):
    out = tmp_path / "plan.xlsx"
    assert run("plan", sample, "--start", "2027-01", "-o", out).exit_code == 0
    book = openpyxl.load_workbook(out, data_only=True)
    assert book.properties.subject == "Lever method: monthly plan"
    assert named(book, "plan_kind") == ["leverage-plan/1"]
    assert named(book, "plan_month") == [f"2027-{m:02d}" for m in range(1, 13)]
    assert named(book, "plan_stage_names") == ["Leads", "Proposals sent", "Paid"]
    assert round(sum(named(book, "plan_stage_1")), 2) == 4110.93
    assert round(sum(named(book, "plan_stage_3")), 2) == 28.70
    assert round(sum(named(book, "plan_revenue"))) == 12_645_161
    assert round(sum(named(book, "plan_profit"))) == 1_200_000
    assert round(named(book, "plan_active_clients")[-1], 2) == 72.04
    assert round(named(book, "plan_headcount")[-1], 2) == 178.49
    assert named(book, "plan_clients_start") == [67]
    assert named(book, "plan_lag") == [0]
    assert round(named(book, "plan_target_profit")[0]) == 1_200_000
    assert named(book, "plan_currency") == ["USD"] and named(book, "plan_lang") == ["en"]
    assert named(book, "plan_tolerance") == [0.1]
    for owner in ("leads", "conversion", "retention", "avg_check", "margin", "rev_per_employee"):
        assert named(book, f"owner_{owner}") in ([None], [""])
    for key in metric_keys(3):
        assert named(book, f"actual_{key}") == [None] * 12
        assert len(named(book, f"plan_{key}")) == 12
    formulas = openpyxl.load_workbook(out)
    for key in metric_keys(3):
        assert all(str(v).startswith("=") for v in named(formulas, f"plan_{key}"))
        (sheet, ref), = formulas.defined_names[f"plan_{key}"].destinations
        assert sheet == "Plan" and ref.count("$") == 4


def test_the_cached_months_are_the_models_in_russian_with_lag_and_seasonality(sample, tmp_path):
    out = tmp_path / "plan.xlsx"
    result = run("plan", sample, "--start", "2027-03", "--lag", "2", "--seasonality", SEASONAL, "--lang", "ru",
                 "-o", out)
    assert result.exit_code == 0, result.output
    plan = leverage.plan(sample, start="2027-03", lag=2, seasonality=SEASONAL).plan
    book = openpyxl.load_workbook(out, data_only=True)
    assert book.sheetnames == ["План"]
    assert book.properties.subject == "Метод рычага: помесячный план"
    assert named(book, "plan_lang") == ["ru"] and named(book, "plan_lag") == [2]
    assert named(book, "plan_month")[0] == "2027-03" and named(book, "plan_month")[-1] == "2028-02"
    for k in range(3):
        assert all(close(a, m.stages[k]) for a, m in zip(named(book, f"plan_stage_{k + 1}"), plan.months))
    for key in ("active_clients", "revenue", "profit", "headcount"):
        assert all(close(a, getattr(m, key)) for a, m in zip(named(book, f"plan_{key}"), plan.months))
    labels = [c.value for c in book["План"]["A"] if c.value]
    assert "Факт: вносите показатели каждого месяца по мере поступления" in labels
    assert "Прогноз на конец года" in labels


def test_actuals_equal_to_the_plan_leave_nothing_off_plan(sample):
    run_ = leverage.plan(sample, start="2027-01")
    inputs = PlanInputs.of(run_)
    plan = PlanFigures(inputs)
    actuals = {key: plan.plan[key][:3] + [None] * 9 for key in plan.keys}
    figures = PlanFigures(inputs, actuals)
    assert figures.flags == [1.0] * 3 + [0.0] * 9 and figures.n == 3
    for key in figures.keys:
        assert figures.variance_to_date(key) == pytest.approx(0, abs=1e-9)
        assert figures.variance_pct_to_date(key) == pytest.approx(0, abs=1e-12)
        assert figures.variance(key, 3) == ""
        if key not in ("active_clients", "headcount"):
            assert figures.forecast(key) == pytest.approx(figures.plan_total(key))
            assert figures.run_rate(key) == pytest.approx(figures.plan_total(key))


def _typed(path: Path, actuals: dict[str, list[float | None]], out: Path) -> Path:
    """A copy of the plan workbook `path` with `actuals` typed into its Actuals block (openpyxl, no cached values)."""
    book = openpyxl.load_workbook(path)
    for key, values in actuals.items():
        (sheet, ref), = book.defined_names[f"actual_{key}"].destinations
        for cell, value in zip(book[sheet][ref.replace("$", "")][0], values):
            cell.value = value
    book.save(out)
    return out


def _actuals(figures: PlanFigures) -> dict[str, list[float | None]]:
    """Three months of actuals: conversion to paying clients 30 % below plan, revenue and profit following."""
    out: dict[str, list[float | None]] = {}
    for key in figures.keys:
        factor = 0.7 if key in (f"stage_{figures.stages}", "revenue", "profit") else 1.0
        out[key] = [figures.plan[key][m] * factor for m in range(3)] + [None] * (figures.m - 3)
    return out


CASES = {
    "en": ("--start", "2027-01"),
    "ru-lag-ramp": ("--start", "2027-03", "--lag", "2", "--seasonality", SEASONAL, "--ramp", "3",
                    "--lever", "conversion.2=+50%", "--lang", "ru"),
    "six-months": ("--start", "2027-01", "--months", "6", "--ramp", "2", "--lever", "conversion.1=+20%",
                   "--owner", "leads=Marketing"),
}


@pytest.fixture(scope="module", params=list(CASES))
def plan_book(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("plan-engines")
    source = folder / "client.xlsx"
    shutil.copy(SAMPLE, source)
    out = folder / "plan.xlsx"
    result = CliRunner().invoke(main, ["plan", str(source), *CASES[request.param], "-o", str(out)])
    assert result.exit_code == 0, result.output
    return source, CASES[request.param], out


@pytest.mark.parametrize("engine", engines.NAMES)
def test_every_formula_cell_agrees_with_the_engine(plan_book, engine, tmp_path):
    _, _, out = plan_book
    count, mismatches = engines.require(engine).compare_formula_cells(out, tmp_path / engine)
    assert mismatches == []
    assert count > 200


@pytest.mark.parametrize("engine", engines.NAMES)
@pytest.mark.filterwarnings(engines.GNUMERIC_STYLES)
def test_actuals_typed_in_are_recalculated_as_python_computes_them(plan_book, engine, tmp_path):
    source, args, out = plan_book
    options = dict(zip(args[::2], args[1::2]))
    run_ = leverage.plan(source, start=options["--start"], lag=int(options.get("--lag", 0)),
                         seasonality=options.get("--seasonality"), months=int(options.get("--months", 12)),
                         ramp=int(options.get("--ramp", 0)), levers=[options["--lever"]] if "--lever" in options else [],
                         owners=[options["--owner"]] if "--owner" in options else [])
    figures = PlanFigures(PlanInputs.of(run_))
    actuals = _actuals(figures)
    expected = tmp_path / "expected.xlsx"
    write_plan_book(run_, expected, lang=options.get("--lang"), actuals=actuals)  # the values PlanFigures computes
    typed = _typed(out, actuals, tmp_path / "typed.xlsx")
    recalculated = engines.require(engine).recalculate(typed, tmp_path / engine)
    keys = libreoffice.formula_cells(expected)
    want, got = libreoffice.values_at(expected, keys), libreoffice.values_at(recalculated, keys)
    mismatches = [f"{sheet}!{cell}: {want[sheet, cell]!r} != {got[sheet, cell]!r}" for sheet, cell in keys
                  if not libreoffice.same_value(want[sheet, cell], got[sheet, cell], 1e-9, 1e-6)]
    assert mismatches == []
    book = openpyxl.load_workbook(recalculated, data_only=True)
    assert named(book, "plan_profit") == pytest.approx(figures.plan["profit"])  # the plan does not move
    after = PlanFigures(PlanInputs.of(run_), actuals)
    assert after.n == 3
    assert after.variance_to_date("profit") == pytest.approx(-0.3 * sum(figures.plan["profit"][:3]))
    assert after.forecast("profit") == pytest.approx(figures.profit_plan - 0.3 * sum(figures.plan["profit"][:3]))


def test_off_plan_cells_are_coloured_beyond_the_tolerance(sample, tmp_path):
    out = tmp_path / "plan.xlsx"
    assert run("plan", sample, "-o", out).exit_code == 0
    book = openpyxl.load_workbook(out)
    (_, tolerance), = book.defined_names["plan_tolerance"].destinations
    rules = [(str(rng.sqref), rule.formula[0]) for rng in book["Plan"].conditional_formatting for rule in rng.rules]
    (_, actual), = book.defined_names["actual_stage_1"].destinations
    assert any(sqref == actual.replace("$", "") and tolerance in formula for sqref, formula in rules)
    assert len(rules) == 2 * len(metric_keys(3))  # the actual and its variance in percent, for every metric


def test_solve_and_plan_refuse_a_plan_workbook_given_as_the_template(sample, tmp_path):
    out = tmp_path / "plan.xlsx"
    assert run("plan", sample, "-o", out).exit_code == 0
    message = (f"Error: {out}: is a leverage plan workbook (written by `leverage plan`), not a template; run the "
               "command on the filled template the plan was made from\n")
    for command in ("solve", "plan"):
        result = run(command, out, "-o", tmp_path / f"{command}.xlsx")
        assert result.exit_code == 1
        assert result.stderr == message
    russian = tmp_path / "plan-ru.xlsx"
    assert run("plan", sample, "-o", russian, "--lang", "ru").exit_code == 0
    result = run("solve", russian, "-o", tmp_path / "x.xlsx")
    assert result.stderr == (f"Error: {russian}: это книга помесячного плана leverage (её записала команда "
                             "`leverage plan`), а не шаблон; запустите команду на заполненном шаблоне, по которому "
                             "составлен план\n")


def test_a_shorter_plan_with_a_ramp_holds_the_models_months(sample, tmp_path):
    out = tmp_path / "plan.xlsx"
    args = ("--start", "2027-01", "--months", "6", "--ramp", "2", "--lag", "1", "--lever", "conversion.1=+20%")
    assert run("plan", sample, *args, "-o", out).exit_code == 0
    plan = leverage.plan(sample, start="2027-01", months=6, ramp=2, lag=1, levers=["conversion.1=+20%"]).plan
    book = openpyxl.load_workbook(out, data_only=True)
    assert named(book, "plan_month") == [f"2027-{m:02d}" for m in range(1, 7)]
    for k in range(3):
        assert all(close(a, m.stages[k]) for a, m in zip(named(book, f"plan_stage_{k + 1}"), plan.months, strict=True))
    for key in ("active_clients", "revenue", "profit", "headcount"):
        assert all(close(a, getattr(m, key)) for a, m in zip(named(book, f"plan_{key}"), plan.months, strict=True))
    assert round(named(book, "plan_target_profit")[0]) == 1_200_000  # B''s year, the plan covering half of it
    sheet = book["Plan"]
    extra = next(row for row in sheet.iter_rows() if row[0].value == "Extra leads the ramp needs")
    assert math.isclose(extra[8].value, sum(m.leads for m in plan.months) - plan.leads_without_ramp, rel_tol=1e-9)


def test_the_scenarios_years_are_spread_by_the_plans_shares(sample, tmp_path):
    out = tmp_path / "plan.xlsx"
    assert run("plan", sample, "--start", "2027-01", "--seasonality", SEASONAL, "-o", out).exit_code == 0
    sheet = openpyxl.load_workbook(out, data_only=True)["Plan"]
    rows = {row[0].value: row for row in sheet.iter_rows() if row[0].value and "scenario" in str(row[0].value)}
    negative, base, positive = (rows[f"{k} scenario{s}, profit, USD"] for k, s in
                                (("Negative", ""), ("Base", " (B′)"), ("Positive", "")))
    assert [round(r[1].value) for r in (negative, base, positive)] == [1_080_000, 1_200_000, 1_320_000]
    assert math.isclose(positive[13].value, 1_320_000 * 3 / 15, rel_tol=1e-12)  # December, three times a month
    assert math.isclose(positive[14].value, 1_320_000, rel_tol=1e-12)


def test_owners_are_written_to_the_contracts_cells_and_beside_each_metric(sample, tmp_path):
    out = tmp_path / "plan.xlsx"
    assert run("plan", sample, "--owner", "leads=Marketing", "--owner", "margin=CEO", "-o", out).exit_code == 0
    book = openpyxl.load_workbook(out, data_only=True)
    assert named(book, "owner_leads") == ["Marketing"] and named(book, "owner_margin") == ["CEO"]
    assert named(book, "owner_retention") in ([None], [""])
    sheet = book["Plan"]
    (_, leads), = book.defined_names["plan_stage_1"].destinations
    (_, profit), = book.defined_names["actual_profit"].destinations
    assert sheet["B" + leads.split("$")[2].rstrip(":")].value == "Marketing"
    assert sheet["B" + profit.split("$")[2].rstrip(":")].value == "CEO"
