"""The monthly plan: B' phased by month (`leverage plan`, `leverage.plan`, `leverage.model.plan`)."""

import json
import math
import shutil
from dataclasses import replace

import pytest
from click.testing import CliRunner
from helpers import ROOT
from hypothesis import given, settings
from hypothesis import strategies as st

import leverage
from leverage.cli import main
from leverage.errors import OptionError
from leverage.model.plan import YearMonth, plan_of, seasonal_shares
from leverage.model.solve import back_calculate, derive_levers
from leverage.render.plan import plan_dict

SAMPLE = ROOT / "samples" / "worked-example.xlsx"
INPUTS = leverage.solve(SAMPLE).inputs


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "client.xlsx"
    shutil.copy(SAMPLE, path)
    return path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="leverage")


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)


def test_even_months_add_up_to_the_worked_examples_b_prime(sample):
    run_ = leverage.plan(sample, start="2027-01")
    months = run_.plan.months
    assert [str(m.month) for m in months] == [f"2027-{k:02d}" for k in range(1, 13)]
    assert round(sum(m.leads for m in months), 2) == 4110.93
    assert round(sum(m.new_clients for m in months), 2) == 28.70
    assert round(sum(m.revenue for m in months)) == 12_645_161
    assert round(sum(m.profit for m in months)) == 1_200_000
    assert round(months[-1].active_clients, 2) == 72.04
    assert round(months[-1].headcount, 2) == 178.49
    year = run_.scenarios["B'"]
    for k in range(3):
        assert close(sum(m.stages[k] for m in months), year.funnel[k])
    assert run_.plan.pipeline == () and run_.plan.pipeline_leads == 0


def test_each_month_holds_the_chain(sample):
    run_ = leverage.plan(sample, start="2027-01", seasonality="1,1,1,1,1,1,1,1,1,1,2,3")
    levers = run_.scenarios["B'"].levers
    for m in run_.plan.months:
        for k, conversion in enumerate(levers.conversions):
            assert close(m.stages[k + 1], m.stages[k] * conversion)
        assert close(m.profit, m.revenue * levers.margin)
    december = run_.plan.months[-1]
    assert close(december.revenue, 12_645_161.290322581 * 3 / 15)


def test_a_sales_cycle_moves_leads_ahead_and_states_the_pipeline(sample):
    run_ = leverage.plan(sample, start="2027-01", lag=2, seasonality="1,1,1,1,1,1,1,1,1,1,2,3")
    plan = run_.plan
    year = run_.scenarios["B'"]
    conversion = year.levers.conversion_product
    # The new clients of month m come from the leads of month m - 2; the year still adds up to B'.
    for m in range(2, 12):
        assert close(plan.months[m].new_clients, plan.months[m - 2].leads * conversion)
    assert [str(m.month) for m in plan.pipeline] == ["2026-11", "2026-12"]
    for m in range(2):
        assert close(plan.months[m].new_clients, plan.pipeline[m].leads * conversion)
    assert close(sum(m.leads for m in plan.months), year.leads)
    assert close(sum(m.new_clients for m in plan.months), year.clients_new)
    assert close(plan.pipeline_leads, year.leads * 2 / 15)
    assert round(plan.months[-1].active_clients, 2) == 72.04


@settings(max_examples=60, deadline=None)
@given(weights=st.lists(st.floats(0, 1e6), min_size=12, max_size=12).filter(lambda w: sum(w) > 0),
       lag=st.integers(0, 11), target=st.floats(1e5, 1e9), start=st.integers(1, 12))
def test_the_months_add_up_to_the_year(weights, lag, target, start):
    inputs = INPUTS
    point = back_calculate("B'", target, derive_levers(inputs), inputs.clients_end)
    plan = plan_of(point, inputs.headcount, YearMonth(2027, start), weights, lag)
    assert math.isclose(sum(plan.shares), 1.0, rel_tol=1e-12)
    for name, total in (("leads", point.leads), ("new_clients", point.clients_new), ("revenue", point.revenue),
                        ("profit", point.profit)):
        assert math.isclose(sum(getattr(m, name) for m in plan.months), total, rel_tol=1e-9)
    for k, stage in enumerate(point.funnel):
        assert math.isclose(sum(m.stages[k] for m in plan.months), stage, rel_tol=1e-9)
    assert math.isclose(plan.months[-1].active_clients, point.clients_end, rel_tol=1e-12)
    assert math.isclose(plan.months[-1].headcount, point.headcount, rel_tol=1e-12)
    assert len(plan.pipeline) == lag
    assert str(plan.months[-1].month) == str(YearMonth(2027, start).shifted(11))


def test_seasonal_shares():
    assert seasonal_shares(None) == (1 / 12,) * 12
    assert seasonal_shares([2] * 12) == (1 / 12,) * 12
    with pytest.raises(ValueError):
        seasonal_shares([0] * 12)


def test_the_command_prints_the_table(sample):
    result = run("plan", sample, "--start", "2027-01")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Monthly plan: B′ from 2027-01, flows add up to the year, stocks end at it"
    assert lines[2].split() == ["Month", "Leads", "Proposals", "sent", "Paid", "Active", "clients", "Revenue,", "USD",
                                "Profit,", "USD", "Headcount"]
    assert lines[3].split() == ["2027-01", "342.58", "119.58", "2.39", "67.77", "1,053,763", "100,000", "90.96"]
    assert lines[-3].split() == ["Year", "4,110.93", "1,434.95", "28.70", "72.04", "12,645,161", "1,200,000", "178.49"]


def test_the_command_states_the_pipeline_in_russian(sample):
    result = run("plan", sample, "--start", "2027-01", "--lag", "2", "--lang", "ru")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == ("Помесячный план: B′ с 2027-01; потоки в сумме дают год, "
                                             "остатки на конец года — как в B′")
    assert result.stdout.splitlines()[-1] == (
        "Цикл сделки 2 месяца: год должен начаться с 685,15 лидов за месяцы до 2027-01 "
        "(2026-11: 342,58, 2026-12: 342,58)")


def test_the_json_is_the_apis(sample):
    result = run("plan", sample, "--start", "2027-01", "--json", "--lever", "avg_check=x2")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == plan_dict(leverage.plan(sample, levers=["avg_check=x2"], start="2027-01"))
    assert list(data) == ["company", "currency", "target_profit", "changes", "start", "seasonality", "lag",
                          "plan_months", "months", "year", "pipeline", "ramp", "scenarios", "owners", "warnings"]
    assert list(data["months"][0]) == ["month", "stages", "leads", "new_clients", "active_clients", "revenue",
                                       "profit", "headcount"]
    assert data["months"][0]["stages"][0] == {"stage": "Leads", "count": data["months"][0]["leads"]}
    assert round(data["year"]["leads"], 2) == 4110.93
    assert math.isclose(sum(m["profit"] for m in data["months"]), 1_200_000)
    assert data["pipeline"] == {"lag": 0, "leads": 0, "months": []}
    assert data["ramp"]["months"] == 0 and data["ramp"]["extra_leads"] == 0 and data["plan_months"] == 12


@pytest.mark.parametrize("args, message", [
    (["--start", "2027-13"], "Invalid value for '--start': \"2027-13\": expected a month as YYYY-MM, such as 2027-01"),
    (["--start", "January"], "Invalid value for '--start': \"January\": expected a month as YYYY-MM, such as 2027-01"),
    (["--seasonality", "1,2,3"],
     "Invalid value for '--seasonality': \"1,2,3\": expected \"even\", \"last-year\" or twelve weights separated by "
     "commas, got 3"),
    (["--seasonality", "0,0,0,0,0,0,0,0,0,0,0,0"],
     "Invalid value for '--seasonality': the twelve weights sum to 0; expected at least one above 0"),
    (["--seasonality", "1,1,1,1,1,1,1,1,1,1,1,-1"], "Invalid value for '--seasonality': expected weights of 0 or more"),
    (["--seasonality", "1,1,1,1,1,1,1,1,1,1,1,x"],
     "Invalid value for '--seasonality': \"1,1,1,1,1,1,1,1,1,1,1,x\": \"x\" is not a number; "
     "expected twelve weights separated by commas"),
    (["--lag", "-1"], "Invalid value for '--lag': -1 is not in the range 0<=x<=11."),
    (["--lag", "12"], "Invalid value for '--lag': 12 is not in the range 0<=x<=11."),
    (["--months", "0"], "Invalid value for '--months': expected a plan of 1 to 12 months, got 0"),
    (["--months", "13"], "Invalid value for '--months': expected a plan of 1 to 12 months, got 13"),
    (["--months", "6", "--lag", "7"],
     "Invalid value for '--lag': expected a sales cycle of 0 to 6 months (the plan's length), got 7"),
    (["--owner", "sales=Bob"], "Invalid value for '--owner': \"sales=Bob\": expected METRIC=NAME with METRIC one of "
                               "leads, conversion, retention, avg_check, margin, rev_per_employee"),
    (["--owner", "leads= "], "Invalid value for '--owner': \"leads= \": expected a name of 1 to 100 characters after \"=\""),
    (["--ramp", "-1"], "Invalid value for '--ramp': expected a ramp of 0 to 12 months (the plan's length), got -1"),
    (["--months", "3", "--ramp", "4"],
     "Invalid value for '--ramp': expected a ramp of 0 to 3 months (the plan's length), got 4"),
])
def test_bad_options_exit_2_naming_the_option(sample, args, message):
    result = run("plan", sample, *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: {message}"


def test_the_api_refuses_bad_settings_at_the_option(sample):
    with pytest.raises(OptionError) as caught:
        leverage.plan(sample, start="2027-1x", seasonality=[1.0] * 11, lag=12)
    assert caught.value.text().splitlines() == [
        "Invalid value for '--start': \"2027-1x\": expected a month as YYYY-MM, such as 2027-01",
        "Invalid value for '--seasonality': expected twelve weights, got 11",
        "Invalid value for '--lag': expected a sales cycle of 0 to 11 months, got 12",
    ]


def test_an_infeasible_b_prime_is_refused(sample):
    result = run("plan", sample, "--lever", "margin=-100pp")
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        "Error: template: point B′ cannot be computed, so there is no plan to phase: the profit margin is -90.51% "
        "(at zero or negative margin more revenue only multiplies the loss: fix the margin first)\n")
    russian = run("plan", sample, "--lever", "margin=-100pp", "--lang", "ru")
    assert russian.exit_code == 1
    assert russian.stderr == (
        "Error: шаблон: точку B′ рассчитать нельзя, поэтому раскладывать по месяцам нечего: маржинальность -90,51\u00a0% "
        "(при нулевой или отрицательной марже рост выручки только умножает убыток: сначала нужно исправить "
        "маржинальность)\n")


def test_a_shorter_plan_covers_the_first_months_of_the_year(sample):
    full = leverage.plan(sample, start="2027-01", seasonality=SEASONAL).plan
    half = leverage.plan(sample, start="2027-01", seasonality=SEASONAL, months=6).plan
    assert [str(m.month) for m in half.months] == [f"2027-{k:02d}" for k in range(1, 7)]
    assert half.months == full.months[:6]
    year = half.year
    assert close(sum(m.profit for m in half.months), year.profit * 6 / 15)
    assert close(sum(m.new_clients for m in half.months), year.clients_new * 6 / 15)
    result = run("plan", sample, "--start", "2027-01", "--months", "6")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-3].split() == ["Total", "2,055.46", "717.47", "14.35", "70.58", "6,322,581",
                                                      "600,000", "130.75"]


SEASONAL = "1,1,1,1,1,1,1,1,1,1,2,3"


def test_a_ramp_needs_more_leads_early_and_says_how_many(sample):
    result = run("plan", sample, "--start", "2027-01", "--ramp", "3", "--lever", "conversion.2=+50%")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # The template's doubled check ramps too: January needs 7.18 new clients (28.70 a year without the ramp).
    assert lines[3].split()[:4] == ["2027-01", "913.77", "318.96", "7.18"]
    assert lines[6].split()[:4] == ["2027-04", "228.38", "79.72", "2.39"]
    assert lines[-1] == ("Ramp 3 months: the changed levers (Conversion 2, Average check) move from last year's to B′'s, "
                         "so the plan needs 1,175.14 more leads than at B′'s levers (3,915.75 in all) and 8.58 more new "
                         "clients (37.28 in all): a lower margin, average check or retention in the ramp's months needs "
                         "more clients for the same profit")
    run_ = leverage.plan(sample, start="2027-01", ramp=3, levers=["conversion.2=+50%"])
    plan, a = run_.plan, run_.scenarios["A"].levers.conversions
    january = plan.months[0]
    # January's conversions are a quarter of the way from A's to B''s; the chain holds at them.
    rates = [x + (y - x) / 4 for x, y in zip(a, plan.year.levers.conversions)]
    assert close(january.stages[1], january.leads * rates[0])
    assert close(january.new_clients, january.stages[1] * rates[1])
    assert round(plan.extra_leads, 2) == 1_175.14
    assert round(sum(m.profit for m in plan.months)) == 1_200_000
    russian = run("plan", sample, "--start", "2027-01", "--ramp", "3", "--lever", "conversion.2=+50%", "--lang", "ru",
                  "--force")
    assert russian.stdout.splitlines()[-1] == (
        "Разгон 3 месяца: изменённые рычаги (Конверсия 2, Средний чек) переходят от прошлогодних значений к B′, "
        "поэтому плану нужно на 1\u00a0175,14 лидов больше, чем при рычагах B′ (всего 3\u00a0915,75) и на 8,58 новых "
        "клиентов больше (всего 37,28): при более низких маржинальности, среднем чеке или удержании в месяцы разгона "
        "для той же прибыли нужно больше клиентов")


@settings(max_examples=60, deadline=None)
@given(lag=st.integers(0, 11), ramp=st.integers(0, 12), factors=st.lists(st.floats(0.2, 5), min_size=2, max_size=2),
       target=st.floats(1e5, 1e9), weights=st.lists(st.floats(0, 1e3), min_size=12, max_size=12).filter(
           lambda w: sum(w) > 0))
def test_with_a_ramp_the_year_still_reaches_the_target(lag, ramp, factors, target, weights):
    inputs = INPUTS
    levers = derive_levers(inputs)
    changed = replace(levers, conversions=tuple(min(1.0, c * f) for c, f in zip(levers.conversions, factors)))
    point = back_calculate("B'", target, changed, inputs.clients_end)
    plan = plan_of(point, inputs.headcount, YearMonth(2027, 1), weights, lag, ramp=ramp, start_levers=levers)
    assert math.isclose(sum(m.profit for m in plan.months), point.profit, rel_tol=1e-9)
    assert math.isclose(sum(m.new_clients for m in plan.months), point.clients_new, rel_tol=1e-9)
    assert math.isclose(plan.months[-1].active_clients, point.clients_end, rel_tol=1e-12)
    without = plan_of(point, inputs.headcount, YearMonth(2027, 1), weights, lag)
    assert math.isclose(plan.leads_without_ramp, sum(m.leads for m in without.months), rel_tol=1e-9)
    assert math.isclose(plan.pipeline_leads_without_ramp, without.pipeline_leads, rel_tol=1e-9, abs_tol=1e-9)
    if ramp == 0:
        assert plan.extra_leads == pytest.approx(0, abs=1e-6)
    if all(f >= 1 for f in factors) and ramp:  # B''s conversions above A's: the ramp costs leads
        assert plan.extra_leads >= -1e-6


@settings(max_examples=60, deadline=None)
@given(lag=st.integers(0, 11), ramp=st.integers(1, 12), check=st.floats(1, 4), margin=st.floats(1, 2),
       retention=st.floats(0, 0.2), target=st.floats(1e5, 1e9))
def test_a_ramp_of_check_margin_and_retention_keeps_the_profit_and_needs_more_clients(lag, ramp, check, margin,
                                                                                       retention, target):
    inputs = INPUTS
    levers = derive_levers(inputs)
    changed = replace(levers, avg_check=levers.avg_check * check, margin=min(0.9, levers.margin * margin),
                      retention=min(0.99, levers.retention + retention))
    point = back_calculate("B'", target, changed, inputs.clients_end)
    plan = plan_of(point, inputs.headcount, YearMonth(2027, 1), None, lag, ramp=ramp, start_levers=levers)
    without = plan_of(point, inputs.headcount, YearMonth(2027, 1), None, lag)
    # Month by month, the profit is the plan's without the ramp: the year reaches B''s.
    for m, n in zip(plan.months, without.months):
        assert math.isclose(m.profit, n.profit, rel_tol=1e-9)
    # Levers below B''s in the ramp's months need at least B''s new clients, and the leads to bring them.
    for k, (m, n) in enumerate(zip(plan.months, without.months)):
        assert m.new_clients >= n.new_clients - 1e-9
        assert m.revenue >= n.revenue * (1 - 1e-12)
        if k >= ramp:  # past the ramp: B''s levers
            assert math.isclose(m.new_clients, n.new_clients, rel_tol=1e-12)
    assert plan.extra_leads >= -1e-6 and plan.extra_new_clients >= -1e-9
    moved = ({"avg_check"} if changed.avg_check != levers.avg_check else set()) | ({"margin"} if changed.margin != levers.margin else set()) | (
        {"retention"} if changed.retention != levers.retention else set())
    assert set(plan.ramped) == moved


def test_the_worked_examples_ramp_phases_in_the_doubled_check(sample):
    """--ramp 3 on the worked example: the check is 1.25, 1.5, 1.75 times A's in months 1 to 3, so those months need
    B′'s clients before retention times 2 / 1.25, 2 / 1.5 and 2 / 1.75, less those carried in."""
    run_ = leverage.plan(sample, start="2027-01", ramp=3)
    plan, b = run_.plan, run_.scenarios["B'"]
    a = run_.scenarios["A"]
    assert plan.ramped == ("avg_check",)
    needed = b.clients_start + b.clients_new  # no surplus: (S + N) x r = E
    for m, factor in enumerate((1.25, 1.5, 1.75)):
        assert plan.months[m].new_clients == pytest.approx((b.clients_new + needed * (2 / factor - 1)) / 12)
        assert plan.months[m].revenue / plan.months[m].new_clients < b.revenue / b.clients_new
    assert a.levers.avg_check * 2 == pytest.approx(b.levers.avg_check)
    assert round(sum(m.profit for m in plan.months)) == 1_200_000
    assert round(sum(m.new_clients for m in plan.months), 2) == 37.28
    assert round(plan.extra_leads, 2) == 1_229.39
    assert round(sum(m.leads for m in plan.months), 2) == 5_340.32
    table = run("plan", sample, "--start", "2027-01", "--ramp", "3").stdout
    assert "1,229.39 more leads" in table and "8.58 more new clients" in table


def test_three_scenarios_move_b_primes_changed_levers_by_ten_percent(sample):
    run_ = leverage.plan(sample, start="2027-01")
    outlook = run_.outlook
    assert outlook.method == "levers" and outlook.moved == ("avg_check",)
    assert [s.key for s in outlook.all] == ["negative", "base", "positive"]
    # The average check is the only change: profit is linear in it.
    assert [round(s.profit) for s in outlook.all] == [1_080_000, 1_200_000, 1_320_000]
    result = run("plan", sample, "--start", "2027-01")
    assert result.stdout.splitlines()[-1] == (
        "Scenarios, the year's profit in USD: negative 1,080,000, base 1,200,000 (B′), positive 1,320,000: "
        "B′'s changed levers (Average check) 10% worse and 10% better")
    data = plan_dict(run_)
    assert data["scenarios"] == {"method": "levers", "moved": ["avg_check"], "negative": {"profit": outlook.negative.profit},
                                 "base": {"profit": 1_200_000}, "positive": {"profit": outlook.positive.profit}}


def test_with_ranges_the_scenarios_are_the_simulations_p10_and_p90():
    inputs = replace(INPUTS, ranges=(("avg_check", 300_000.0, 400_000.0),))
    run_ = leverage.plan(inputs, start="2027-01")
    uncertainty = run_.scenarios.uncertainty
    assert run_.outlook.method == "simulation" and run_.outlook.moved == ("avg_check",)
    assert (run_.outlook.negative.profit, run_.outlook.positive.profit) == (uncertainty.p10, uncertainty.p90)
    assert run_.outlook.base.profit == pytest.approx(1_200_000)


def test_with_no_lever_changed_the_scenarios_move_the_leads(sample):
    run_ = leverage.plan(sample, start="2027-01", levers=["avg_check=x1"], target_profit=600_000)
    assert run_.outlook.moved == ("leads",)
    negative, base, positive = (s.profit for s in run_.outlook.all)
    assert negative < base < positive and base == pytest.approx(600_000)


def test_owners_stand_beside_their_metrics(sample):
    result = run("plan", sample, "--start", "2027-01", "--owner", "leads=Marketing", "--owner", "conversion=Sales",
                 "--owner", "avg_check=Account managers", "--owner", "margin=CEO")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[3].split() == ["Owner", "Marketing", "Sales", "Sales", "Account", "managers", "CEO"]
    assert lines[4] == "" and lines[5].startswith("2027-01")
    data = plan_dict(leverage.plan(sample, start="2027-01", owners=["leads=Marketing", ("margin", "CEO")]))
    assert data["owners"] == {"leads": "Marketing", "conversion": "", "retention": "", "avg_check": "",
                              "margin": "CEO", "rev_per_employee": ""}
