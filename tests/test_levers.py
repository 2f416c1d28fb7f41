"""Lever analysis: the book's 1.15^5, the worked example by hand, caps, edge cases,
the JSON and table renderings and the `levers` command."""

import json
import math
from dataclasses import replace

import pytest
from cases import UNUSABLE_STEPS
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from strategies import companies

import leverage
from leverage.cli import main
from leverage.errors import ChangeError, InputError
from leverage.model.analysis import LEVERS, analyse, check_step
from leverage.model.inputs import Inputs, Stage
from leverage.model.solve import solve
from leverage.render.levers import table, to_dict, to_json

BOOK = Inputs(  # no clients carried into the year: profit = L × C × $ × # × M
    revenue=1_000_000, profit=100_000, headcount=10, clients_start=0, clients_new=50, clients_lost=10,
    funnel=(Stage("Leads", 1000), Stage("Meetings", 200), Stage("Paid", 50)),
)


def by_lever(items):
    return {item.lever: item for item in items}


def test_book_five_levers_at_15_percent_double_profit():
    """Domain doc section 5: 1.15^5 = 2.011, and each lever alone gives +15 %."""
    a = analyse(BOOK)
    assert a.base_profit == pytest.approx(100_000, rel=1e-12)
    assert round(a.all_levers.profit / a.base_profit, 3) == 2.011
    assert a.all_levers.profit / a.base_profit == pytest.approx(1.15 ** 5, rel=1e-12)
    for rise in a.sensitivity:
        assert rise.change == pytest.approx(0.15, rel=1e-12) and not rise.capped, rise.lever
    # All five tie to the cent, so the rank keeps the book's order.
    assert [r.lever for r in a.sensitivity] == list(LEVERS)
    # Conversion is the funnel's: each of the two steps rises by sqrt(1.15), the whole by 1.15.
    conversion = by_lever(a.sensitivity)["conversion"]
    assert conversion.value == pytest.approx(50 / 1000 * 1.15, rel=1e-12)


def test_point_a_recomputed_forward_gives_last_years_profit(worked_example):
    a = analyse(worked_example)
    assert a.base_profit == pytest.approx(558_000, rel=1e-12)
    assert a.base.clients_start == 52


def test_worked_example_sensitivity_by_hand(worked_example):
    a = analyse(worked_example)
    rises = by_lever(a.sensitivity)
    for lever in ("avg_check", "retention", "margin"):
        assert rises[lever].profit == pytest.approx(558_000 * 1.15, rel=1e-12)
    # Leads and conversion reach only the 37 new clients, not the 52 carried in.
    funnel_only = (52 + 37 * 1.15) / 89
    assert rises["leads"].profit == pytest.approx(558_000 * funnel_only, rel=1e-12)
    assert rises["conversion"].change == pytest.approx(funnel_only - 1, rel=1e-9)
    assert round(rises["leads"].change, 4) == 0.0624
    assert a.all_levers.profit == pytest.approx(558_000 * (52 + 37 * 1.15 ** 2) / 89 * 1.15 ** 3, rel=1e-12)
    assert [r.lever for r in a.sensitivity] == ["avg_check", "retention", "margin", "leads", "conversion"]
    assert rises["retention"].value == pytest.approx(67 / 89 * 1.15)


def test_worked_example_goal_seek_by_hand(worked_example):
    a = analyse(worked_example)
    target = 1_200_000
    margin, retention, check = 558_000 / 5_880_000, 67 / 89, 5_880_000 / 67
    carried, new, leads = 67, 37, 5300
    per_client = retention * check * margin          # 558,000 / 89: profit per client before retention
    assert per_client == pytest.approx(558_000 / 89)
    assert a.next_year.clients_start == carried
    assert a.next_year_profit == pytest.approx((carried + new) * per_client)   # 652,045 with nothing changed
    need_new = target / per_client - carried                                   # 124.40, as point B needs
    assert a.new_clients_needed == pytest.approx(need_new)
    g = by_lever(a.goal_seek)
    assert [x.lever for x in a.goal_seek] == ["leads", "conversion", "conversion.1", "conversion.2",
                                              "avg_check", "retention", "margin"]
    assert g["leads"].required == pytest.approx(need_new / (37 / 5300))
    assert g["leads"].required == pytest.approx(solve(worked_example)["B"].leads, rel=1e-12)
    assert round(g["leads"].required, 2) == 17_819.15 and g["leads"].feasible
    factor = need_new / new                                                    # 3.362: the funnel must convert this much more
    assert g["conversion"].required == pytest.approx(need_new / leads)
    assert g["conversion"].change == pytest.approx(factor - 1)
    # One factor on both steps: sqrt(3.362) = 1.834, taking 34.9 % to 64.0 %: feasible.
    assert g["conversion"].feasible and (1850 / 5300) * math.sqrt(factor) < 1
    assert g["conversion.1"].required == pytest.approx(1850 / 5300 * factor)
    assert not g["conversion.1"].feasible and g["conversion.1"].reason == "above_100"
    assert g["conversion.2"].required == pytest.approx(0.02 * factor) and g["conversion.2"].feasible
    assert g["avg_check"].required == pytest.approx(target / (margin * (carried + new) * retention))
    assert round(g["avg_check"].required) == 161_513 and g["avg_check"].feasible
    assert g["retention"].required == pytest.approx(target / (margin * (carried + new) * check))
    assert round(g["retention"].required, 4) == 1.3854 and not g["retention"].feasible
    assert g["margin"].required == pytest.approx(target / ((carried + new) * retention * check))
    assert round(g["margin"].required, 4) == 0.1746 and g["margin"].feasible
    assert g["avg_check"].change == pytest.approx(target / a.next_year_profit - 1)


def test_rates_are_capped_at_100_percent_and_flagged():
    inputs = Inputs(revenue=1_000_000, profit=900_000, headcount=5, clients_start=100, clients_new=100, clients_lost=20,
                    funnel=(Stage("Leads", 200), Stage("Calls", 190), Stage("Paid", 100)))
    a = analyse(inputs)   # margin 90 %, retention 90 %, top step 95 %
    rises = by_lever(a.sensitivity)
    for lever in ("retention", "margin"):
        assert rises[lever].capped and rises[lever].value == 1.0
        assert rises[lever].profit == pytest.approx(a.base_profit / 0.9)
    # One factor on both steps: 95 % reaches 100 % at 1/0.95, so the funnel rises by (1/0.95)^2 only.
    assert rises["conversion"].capped
    assert rises["conversion"].value == pytest.approx(0.5 / 0.95 ** 2)
    assert not rises["avg_check"].capped and not rises["leads"].capped
    assert "capped at 100 %" in table(a)
    assert to_dict(a)["sensitivity"][0]["capped"] in (True, False)


def test_carried_in_clients_can_cover_the_target(worked_example):
    a = analyse(worked_example, target_profit=300_000)   # 67 carried in already bring more
    g = by_lever(a.goal_seek)
    assert a.new_clients_needed < 0
    for lever in ("leads", "conversion", "conversion.1", "conversion.2"):
        assert g[lever].required == 0 and g[lever].feasible and g[lever].reason == "covered", lever
        assert g[lever].change == -1
    assert g["avg_check"].feasible and g["avg_check"].change < 0 and g["avg_check"].reason is None
    assert "already reach the target" in table(a)


def test_loss_making_year_needs_margin_first():
    inputs = Inputs(revenue=1_000_000, profit=-50_000, headcount=10, clients_start=10, clients_new=5, clients_lost=3,
                    funnel=(Stage("Leads", 100), Stage("Paid", 5)), target_profit=100_000)
    a = analyse(inputs)
    g = by_lever(a.goal_seek)
    assert [x.lever for x in a.goal_seek] == ["leads", "conversion", "avg_check", "retention", "margin"]
    for lever in ("leads", "conversion", "avg_check", "retention"):
        assert g[lever].required is None and not g[lever].feasible and g[lever].reason == "unreachable", lever
    # Next year: 12 carried in + 5 new, retention 12/15, average check 1 M / 12 clients.
    assert g["margin"].feasible and g["margin"].required == pytest.approx(100_000 / ((12 + 5) * 12 / 15 * 1_000_000 / 12))
    # Raising a negative margin by 15 % deepens the loss: the change says worse, not better.
    assert by_lever(a.sensitivity)["margin"].change == pytest.approx(-0.15)
    assert a.sensitivity[-1].lever == "margin"


def test_no_target_leaves_the_goal_seek_out(worked_example):
    a = analyse(replace(worked_example, target_profit=None))
    assert a.goal_seek == () and a.target_profit is None
    assert table(a).endswith("for the goal seek.")
    with pytest.raises(InputError, match="above 0"):  # the API checks the target against the template
        leverage.levers(worked_example, target_profit=-5)


@pytest.mark.parametrize("step", UNUSABLE_STEPS)
def test_unusable_steps_are_refused(worked_example, step):
    with pytest.raises(ChangeError, match="above -100 %"):
        analyse(worked_example, step=step)


def test_a_fall_is_allowed(worked_example):
    a = analyse(worked_example, step=-0.1)
    assert check_step(-0.1) == -0.1
    assert by_lever(a.sensitivity)["margin"].change == pytest.approx(-0.1)
    assert not any(r.capped for r in a.sensitivity)


@settings(max_examples=200, deadline=None)
@given(companies(), st.floats(min_value=0.2, max_value=20))
def test_each_requirement_reaches_the_target_forward(inputs, growth):
    """Put each feasible required value back into the forward chain: the target comes out."""
    target = inputs.profit * growth
    a = analyse(inputs, target_profit=target)
    year = a.next_year
    assume(a.new_clients_needed > 0)
    for g in a.goal_seek:
        if g.lever.startswith("conversion."):
            continue
        assert g.required is not None
        changed = replace(year, **{g.lever: g.required})
        assert changed.profit() == pytest.approx(target, rel=1e-9), g.lever


def test_json_document(worked_example):
    a = analyse(worked_example)
    data = json.loads(to_json(a))
    assert set(data) >= {"base_profit", "target_profit", "sensitivity", "all_levers", "goal_seek"}
    assert [set(item) >= {"lever", "profit", "change"} for item in data["sensitivity"]] == [True] * 5
    assert set(data["all_levers"]) == {"profit", "change"}
    for item in data["goal_seek"]:
        assert set(item) >= {"lever", "required", "change", "feasible", "reason"}
    retention = next(item for item in data["goal_seek"] if item["lever"] == "retention")
    assert retention["reason"] == "cannot exceed 100 %" and retention["feasible"] is False
    assert data["target_profit"] == 1_200_000 and data["base_profit"] == pytest.approx(558_000)
    assert data["sensitivity"][0]["lever"] == "avg_check"


def test_api_takes_inputs_and_is_exported(worked_example):
    assert leverage.levers(worked_example, target_profit=2e6, step=0.1) == analyse(worked_example, 2e6, 0.1)


def test_cli_levers_json_equals_the_api(template_file, worked_example):
    result = CliRunner().invoke(main, ["levers", str(template_file), "--json", "--target-profit", "1.2M", "--step", "15"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data == json.loads(to_json(leverage.levers(template_file, 1_200_000, 0.15)))
    # The template holds the worked example: the same analysis as from its figures.
    assert data["sensitivity"] == json.loads(to_json(analyse(worked_example, 1_200_000, 0.15)))["sensitivity"]


def test_cli_levers_table(template_file, worked_example):
    result = CliRunner().invoke(main, ["levers", str(template_file)])
    assert result.exit_code == 0, result.output
    assert result.output == table(leverage.levers(template_file)) + "\n"
    assert "1  Average check" in result.output


@pytest.mark.parametrize("step,message", [
    ("1", 'Invalid value for \'--step\': "1" may mean 100 % or 1 %; write 100% or 1%'),
    ("abc", 'Invalid value for \'--step\': "abc": expected a percentage such as 15%, 0.15 or 15'),
    ("-100%", "Invalid value for '--step': \"-100%\": the step is -100%; expected a change other than 0 and above -100 %, such as 15%"),
])
def test_cli_refuses_bad_steps(template_file, step, message):
    result = CliRunner().invoke(main, ["levers", str(template_file), "--step", step])
    assert result.exit_code == 2
    assert message in result.output


@pytest.mark.parametrize("text", ["15%", "0.15", "15", "15 %"])
def test_cli_step_spellings(template_file, worked_example, text):
    result = CliRunner().invoke(main, ["levers", str(template_file), "--json", "--step", text])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["step"] == 0.15
