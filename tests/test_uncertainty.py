"""Uncertainty of B″: range syntax, the simulation against the deterministic B″ and
against closed forms, reproducibility, numpy only when needed, JSON, table, sheet, CLI."""

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from cases import RANGE_REFUSALS
from click.testing import CliRunner
from libreoffice import compare_formula_cells, find_soffice

from leverage import api
from leverage.cli import main
from leverage.errors import ChangeError, InputError, OptionError
from leverage.model.uncertainty import combine_ranges, parse_range, simulate
from leverage.render.table import table, to_dict, to_json
from leverage.workbook import write_workbook

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("text,expected", [
    ("avg_check=150k..200k", ("avg_check", 150_000, 200_000)),
    ("avg_check=$150 000..$200 000", ("avg_check", 150_000, 200_000)),
    ("retention=70%..80%", ("retention", 0.7, 0.8)),
    ("retention=70..80", ("retention", 0.7, 0.8)),
    ("retention=0.7..0.8", ("retention", 0.7, 0.8)),
    ("margin=-5%..10%", ("margin", -0.05, 0.1)),
    ("leads=4.5k..6k", ("leads", 4500, 6000)),
    ("Conversion.2=1.5%..2.5%", ("conversion.2", 0.015, 0.025)),
    ("conversion=0.5%..1%", ("conversion", 0.005, 0.01)),
    ("avg_check=175k..175k", ("avg_check", 175_000, 175_000)),
])
def test_range_syntax(text, expected):
    lever, low, high = parse_range(text)
    assert lever == expected[0]
    assert (low, high) == pytest.approx(expected[1:])


@pytest.mark.parametrize("text,message", RANGE_REFUSALS)
def test_range_refusals(text, message):
    if message is None:   # the step exists only when the funnel is known
        with pytest.raises(ChangeError, match="this funnel has steps 1 to 2"):
            parse_range(text, steps=2)
        return
    with pytest.raises(ChangeError) as excinfo:
        parse_range(text)
    assert message in str(excinfo.value)


def test_ranges_combine_in_a_fixed_order():
    template = [("margin", 0.1, 0.2), ("avg_check", 1, 2)]
    given = [("retention", 0.5, 0.6), ("avg_check", 3, 4), ("conversion.2", 0.1, 0.2), ("leads", 1, 2)]
    assert combine_ranges(template, given) == (
        ("leads", 1, 2), ("conversion.2", 0.1, 0.2), ("avg_check", 3, 4), ("retention", 0.5, 0.6), ("margin", 0.1, 0.2))
    with pytest.raises(ChangeError, match="given twice"):
        combine_ranges((), [("leads", 1, 2), ("leads", 2, 3)])
    with pytest.raises(ChangeError, match="either the funnel's conversion or single steps"):
        combine_ranges([("conversion", 0.1, 0.2)], [("conversion.1", 0.1, 0.2)])


def test_zero_width_ranges_give_the_deterministic_b2(worked_example):
    s = api.solve(worked_example, levers=["avg_check=x2"])
    b2 = s["B''"]
    levers = b2.levers
    ranges = [("leads", 5300, 5300), ("avg_check", levers.avg_check, levers.avg_check),
              ("retention", levers.retention, levers.retention), ("margin", levers.margin, levers.margin)]
    ranges += [(f"conversion.{k}", c, c) for k, c in enumerate(levers.conversions, start=1)]
    u = simulate(s, ranges, samples=1000)
    assert u.p10 == u.p50 == u.p90 == b2.profit     # the same operations in the same order
    assert u.probability == 1.0 and round(b2.profit) == 1_304_090
    whole = simulate(s, [("conversion", levers.conversion_product, levers.conversion_product)], samples=10)
    assert whole.p50 == pytest.approx(b2.profit, rel=1e-12)


def test_a_range_below_and_above_the_target_by_closed_form(worked_example):
    """Profit is proportional to the average check: P(profit >= target) = (high - c*) / (high - low)."""
    s = api.solve(worked_example, levers=["avg_check=x2"])
    b2 = s["B''"]
    per_check = b2.profit / b2.levers.avg_check          # profit per unit of average check
    low, high = 150_000, 200_000
    u = simulate(s, [("avg_check", low, high)])
    needed = 1_200_000 / per_check                          # 161,513: the goal seek's figure, for B''
    assert u.probability == pytest.approx((high - needed) / (high - low), abs=0.005)
    for q, p in ((0.1, u.p10), (0.5, u.p50), (0.9, u.p90)):
        assert p == pytest.approx(per_check * (low + q * (high - low)), rel=0.002)
    assert sum(n for _, _, n in u.histogram) == u.samples == 100_000
    assert u.histogram[0][0] == pytest.approx(per_check * low, rel=1e-3)


def test_the_simulation_is_reproducible(worked_example):
    s = api.solve(worked_example)
    one = simulate(s, [("avg_check", 80e3, 100e3), ("retention", 0.7, 0.8)], samples=5000, seed=7)
    again = simulate(s, [("retention", 0.7, 0.8), ("avg_check", 80e3, 100e3)], samples=5000, seed=7)
    other = simulate(s, [("avg_check", 80e3, 100e3), ("retention", 0.7, 0.8)], samples=5000, seed=8)
    assert one == again and one != other
    assert api.solve(worked_example, ranges=["retention=70%..80%"]).uncertainty == \
        api.solve(worked_example, ranges=["retention=70%..80%"]).uncertainty


def test_template_ranges_and_their_override(worked_example):
    inputs = replace(worked_example, ranges=(("avg_check", 80e3, 90e3), ("margin", 0.08, 0.1)))
    u = api.solve(inputs, ranges=["avg_check=100k..110k"], samples=1000).uncertainty
    assert u.ranges == (("avg_check", 100e3, 110e3), ("margin", 0.08, 0.1))
    assert api.solve(worked_example).uncertainty is None


def test_all_range_problems_are_reported_at_once(worked_example):
    inputs = replace(worked_example, ranges=(("retention", 0.9, 0.8),), sources=(("range.retention", "Inputs!D12"),))
    with pytest.raises(OptionError) as excinfo:
        api.solve(inputs, ranges=["conversion.3=1%..2%", "rev_per_employee=1..2"])
    assert excinfo.value.exit_code == 2  # the command line is wrong; the template's problem is told with it
    lines = str(excinfo.value).splitlines()
    assert lines[0].startswith("Invalid value for '--range': unknown funnel step")
    assert lines[1].startswith("Invalid value for '--range': rev_per_employee does not change profit")
    assert lines[2] == "Inputs!D12 (retention): retention: the low end 90% is above the high end 80%"
    with pytest.raises(InputError) as template:
        api.solve(inputs)
    assert str(template.value) == lines[2]


def test_conversion_and_its_step_both_ranged_in_the_template(worked_example):
    inputs = replace(worked_example, ranges=(("conversion", 0.005, 0.01), ("conversion.1", 0.3, 0.4)),
                     sources=(("range.conversion", "Inputs!D40"),))
    with pytest.raises(InputError) as excinfo:
        api.solve(inputs)
    assert excinfo.value.exit_code == 1
    assert str(excinfo.value) == ("Inputs!D40 (conversion): conversion and conversion.1: range either the funnel's "
                                  "conversion or single steps, not both")


def test_json_and_table(worked_example):
    s = api.solve(worked_example, levers=["avg_check=x2"], ranges=["avg_check=150k..200k"])
    data = json.loads(to_json(s))["uncertainty"]
    assert set(data) >= {"samples", "seed", "probability", "p10", "p50", "p90", "ranges"}
    assert data["ranges"] == {"avg_check": {"low": 150_000, "high": 200_000}}
    assert (data["samples"], data["seed"], data["distribution"]) == (100_000, 2011, "uniform")
    assert "uncertainty" not in to_dict(api.solve(worked_example))
    text = table(s)
    assert "Uncertainty of B″ (100,000 samples, seed 2011, uniform within each range):" in text
    assert f"Probability of reaching 1,200,000          {s.uncertainty.probability:.1%}" in text


def test_numpy_is_imported_only_for_ranges():
    script = (
        "import sys, tempfile, os\n"
        "import leverage.cli, leverage\n"
        "from leverage.model.inputs import Inputs, Stage\n"
        "inputs = Inputs(revenue=5_880_000, profit=558_000, headcount=83, clients_start=52, clients_new=37,\n"
        "                clients_lost=22, funnel=(Stage('Leads', 5300), Stage('Paid', 37)), target_profit=1.2e6)\n"
        "out = os.path.join(tempfile.mkdtemp(), 'out.xlsx')\n"
        "leverage.write_workbook(leverage.solve(inputs, levers=['avg_check=x2']), out)\n"
        "leverage.levers(inputs)\n"
        "assert 'numpy' not in sys.modules, 'numpy imported without ranges'\n"
        "leverage.solve(inputs, ranges=['retention=70%..80%'], samples=10)\n"
        "assert 'numpy' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT)


def read_uncertainty_sheet(path, sheet="Uncertainty"):
    ws = openpyxl.load_workbook(path, data_only=True)[sheet]
    values = {row[0]: row[1] for row in ws.iter_rows(values_only=True) if row[0]}
    bins = [row[1:4] for row in ws.iter_rows(values_only=True) if isinstance(row[3], int)]
    return values, bins


def test_uncertainty_sheet_equals_the_json(tmp_path, worked_example):
    s = api.solve(worked_example, levers=["avg_check=x2"], ranges=["avg_check=150k..200k", "leads=4.5k..6k"])
    out = tmp_path / "out.xlsx"
    write_workbook(s, out)
    values, bins = read_uncertainty_sheet(out)
    data = to_dict(s)["uncertainty"]
    # xlsx keeps 16 significant digits.
    assert values["Probability of reaching the target"] == pytest.approx(data["probability"], rel=1e-15)
    assert values["Profit, P10 (9 in 10 scenarios earn more)"] == pytest.approx(data["p10"], rel=1e-15)
    assert values["Profit, P50 (median)"] == pytest.approx(data["p50"], rel=1e-15)
    assert values["Profit, P90 (1 in 10 scenarios earn more)"] == pytest.approx(data["p90"], rel=1e-15)
    assert (values["Leads"], values["Average check"]) == (4500, 150_000)
    assert [x for b in bins for x in b] == pytest.approx([h[k] for h in data["histogram"] for k in ("from", "to", "count")], rel=1e-15)
    assert "The target profit falls in this bin →" in values
    assert "Values from a simulation of 100,000 scenarios (seed 2011)" in next(iter(
        v for v in openpyxl.load_workbook(out)["Uncertainty"]["A"] if v.value and str(v.value).startswith("Values"))).value
    plain = tmp_path / "plain.xlsx"
    write_workbook(api.solve(worked_example), plain)
    assert "Uncertainty" not in openpyxl.load_workbook(plain).sheetnames


@pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")
def test_workbook_with_uncertainty_agrees_with_libreoffice(tmp_path, worked_example):
    s = api.solve(replace(worked_example, lang="ru", currency="RUB"), ranges=["retention=70%..80%"], samples=1000)
    out = tmp_path / "out.xlsx"
    write_workbook(s, out)
    assert "Неопределённость" in openpyxl.load_workbook(out).sheetnames
    count, mismatches = compare_formula_cells(out, tmp_path / "lo")
    assert mismatches == [] and count > 100


def test_cli_solve_with_ranges(template_file, worked_example, tmp_path):
    out = tmp_path / "result.xlsx"
    args = ["solve", str(template_file), "-o", str(out), "--json", "--lever", "avg_check=x2",
            "--range", "avg_check=150k..200k", "--range", "retention=70%..80%", "--samples", "2000", "--seed", "5"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    expected = api.solve(template_file, levers=["avg_check=x2"], ranges=["avg_check=150k..200k", "retention=70%..80%"],
                         samples=2000, seed=5)
    assert json.loads(result.stdout) == json.loads(to_json(expected))
    assert "Uncertainty" in openpyxl.load_workbook(out).sheetnames


@pytest.mark.parametrize("args,message", [
    (["--range", "retention=70%..120%"],
     "Invalid value for '--range': retention: 70%..120% leaves the shares it can take (0 % to 100 %)"),
    (["--range", "avg_check=1..2", "--samples", "0"], "Invalid value for '--samples': 0 is not in the range 1<=x<=10000000."),
    (["--range", "conversion.5=1%..2%"], "Error: Invalid value for '--range': unknown funnel step \"conversion.5\""),
])
def test_cli_refuses_bad_ranges(template_file, tmp_path, args, message):
    result = CliRunner().invoke(main, ["solve", str(template_file), "-o", str(tmp_path / "r.xlsx"), *args])
    assert result.exit_code == 2
    assert message in result.output


def test_cli_show_simulates_ranges_as_solve_does(template_file, tmp_path):
    """`show` takes the same --range, --samples and --seed as `solve` and prints the same comparison."""
    options = ["--lever", "avg_check=x2", "--range", "avg_check=150k..200k", "--range", "retention=70%..80%",
               "--samples", "2000", "--seed", "5"]
    shown = CliRunner().invoke(main, ["show", str(template_file), *options])
    solved = CliRunner().invoke(main, ["solve", str(template_file), "-o", str(tmp_path / "r.xlsx"), *options])
    assert shown.exit_code == solved.exit_code == 0, shown.output + solved.output
    assert shown.stdout == solved.stdout
    assert "Uncertainty of B″ (2,000 samples, seed 5, uniform within each range):" in shown.stdout
    assert sorted(path.name for path in tmp_path.iterdir()) == ["client.xlsx", "r.xlsx"]
    as_json = CliRunner().invoke(main, ["show", str(template_file), "--json", *options])
    expected = api.solve(template_file, levers=["avg_check=x2"], ranges=["avg_check=150k..200k", "retention=70%..80%"],
                         samples=2000, seed=5)
    assert json.loads(as_json.stdout) == json.loads(to_json(expected))
    assert json.loads(as_json.stdout)["uncertainty"]["samples"] == 2000


def test_api_show_takes_ranges(template_file):
    text = api.show(template_file, levers=["avg_check=x2"], ranges=["avg_check=150k..200k"], samples=1000, seed=1)
    expected = api.solve(template_file, levers=["avg_check=x2"], ranges=["avg_check=150k..200k"], samples=1000, seed=1)
    from leverage.i18n import translator
    from leverage.render.table import uncertainty_lines

    assert expected.uncertainty is not None
    lines = uncertainty_lines(expected.uncertainty, translator("en"), expected.stage_names)
    assert all(line in text for line in lines if line.strip())
