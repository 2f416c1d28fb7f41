"""`leverage track`: the model's split of the profit gap by lever, alerts, forecast and re-plan (issue 12's
"Done when" figures), then the command on plan workbooks written by tests/plan_books.py."""

from __future__ import annotations

import dataclasses
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from plan_books import conversion_below, plan_figures, plan_run

from leverage.model.track import LEVERS, Figures, contributions_of, track


@pytest.fixture(scope="module")
def run():  # type: ignore[no-untyped-def]
    return plan_run()


@pytest.fixture(scope="module")
def plan(run):  # type: ignore[no-untyped-def]
    return plan_figures(run)


def months(run) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(m.month) for m in run.plan.months]


def tracked(run, plan, actual, **kw):  # type: ignore[no-untyped-def]
    return track(months(run), plan, actual, clients_start=run.plan.year.clients_start,
                 target_profit=run.plan.year.profit, **kw)


def test_actuals_equal_to_the_plan_give_no_gap_no_alert_and_zero_contributions(run, plan) -> None:  # type: ignore[no-untyped-def]
    result = tracked(run, plan, plan[:3])
    assert result.gap == 0
    assert all(v == 0 for v in result.contributions.values())
    assert all(v == 0 for v in result.steps)
    assert result.alerts == ()
    assert result.largest_shortfall is None
    assert result.forecast.plan_rest["profit"] == pytest.approx(1_200_000, rel=1e-12)
    assert result.forecast.run_rate["profit"] == pytest.approx(1_200_000, rel=1e-12)
    assert result.replan is not None and result.replan.profit_needed == pytest.approx(900_000, rel=1e-12)
    assert result.replan.leads == pytest.approx(result.replan.leads_planned, rel=1e-9)


def test_conversion_30_percent_below_plan_for_three_months(run, plan) -> None:  # type: ignore[no-untyped-def]
    actual = conversion_below(plan, run.plan.year.clients_start, 3)
    result = tracked(run, plan, actual)
    assert result.gap < 0
    assert math.isclose(sum(result.contributions.values()), result.gap, rel_tol=1e-9)
    assert result.contributions["conversion"] < 0
    assert math.isclose(result.contributions["conversion"], result.gap, rel_tol=1e-9)
    for lever in ("leads", "retention", "avg_check", "margin"):
        assert abs(result.contributions[lever]) < 1e-6 * abs(result.gap)
    # the miss is on the last step (proposals to paying clients); the first step is as planned
    assert result.steps[0] == 0 and math.isclose(result.steps[1], result.gap, rel_tol=1e-9)
    assert [(a.metric, a.months) for a in result.alerts] == [("conversion", ("2027-01", "2027-02", "2027-03"))]
    assert result.alerts[0].shares == pytest.approx((-0.3, -0.3, -0.3))
    shortfall = result.largest_shortfall
    assert shortfall is not None and shortfall.lever == "conversion"
    assert shortfall.share_of_gap == pytest.approx(1.0) and shortfall.variance == pytest.approx(-0.3)


def test_two_months_off_plan_raise_no_alert(run, plan) -> None:  # type: ignore[no-untyped-def]
    actual = conversion_below(plan, run.plan.year.clients_start, 2)
    assert tracked(run, plan, actual + [plan[2]]).alerts == ()


def test_the_re_plan_reaches_the_target_exactly(run, plan) -> None:  # type: ignore[no-untyped-def]
    """Re-simulating the months left with the leads the re-plan asks for (at the conversion seen) gives the target."""
    S = run.plan.year.clients_start
    actual = conversion_below(plan, S, 3)
    result = tracked(run, plan, actual)
    replan = result.replan
    assert replan is not None and replan.leads is not None and replan.conversion_seen is not None
    assert replan.conversion_seen == pytest.approx(plan[0].new_clients / plan[0].leads * 0.7)
    # the months left at the plan's margin, revenue per client and retention factor, with x times its new clients
    x = replan.new_clients / sum(f.new_clients for f in plan[3:])
    won, planned, profit = sum(f.new_clients for f in actual), sum(f.new_clients for f in plan[:3]), 0.0
    for f in plan[3:]:
        won += x * f.new_clients
        planned += f.new_clients
        profit += f.profit / (S + planned) * (S + won)
    assert result.to_date_actual.profit + profit == pytest.approx(run.plan.year.profit, rel=1e-12)
    assert replan.leads == pytest.approx(replan.new_clients / replan.conversion_seen)
    levers = {r.lever: r for r in replan.levers}
    assert levers["margin"].value == pytest.approx(levers["margin"].plan * levers["margin"].factor)
    assert levers["margin"].factor > 1 and levers["leads"].factor > 1


def test_no_month_left_means_no_re_plan(run, plan) -> None:  # type: ignore[no-untyped-def]
    result = tracked(run, plan, plan)
    assert result.replan is None and result.gap == 0


def _perturbed(plan: list[Figures], S: float, factors: list[tuple[float, ...]]) -> list[Figures]:
    out = []
    for f, k in zip(plan, factors):
        stages = [f.stages[0] * k[0]]
        for j in range(1, len(f.stages)):
            stages.append(f.stages[j] * k[0] * k[1 + min(j - 1, 1)])
        out.append(Figures(tuple(stages), f.active_clients * k[3], f.revenue * k[4], f.profit * k[5],
                           f.headcount * k[6]))
    return out


factor = st.floats(min_value=0.2, max_value=3.0, allow_nan=False)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(factor, factor, factor, factor, factor, st.floats(-2.0, 3.0), factor), min_size=1,
                max_size=12), st.integers(0, 3))
def test_contributions_add_up_to_the_gap(factors, lag) -> None:  # type: ignore[no-untyped-def]
    """Any actuals (profit negative included), any sales cycle: the levers' contributions add up to the gap."""
    run = _runs(lag)
    plan = plan_figures(run)
    actual = _perturbed(plan, run.plan.year.clients_start, factors)
    result = tracked(run, plan, actual)
    total = sum(result.contributions[lever] for lever in LEVERS)
    scale = max(abs(result.gap), sum(abs(f.profit) for f in actual), 1.0)
    assert abs(total - result.gap) <= 1e-9 * scale
    assert math.isclose(sum(result.steps), result.contributions["conversion"], rel_tol=1e-9, abs_tol=1e-9 * scale)


_RUNS: dict[int, object] = {}


def _runs(lag: int):  # type: ignore[no-untyped-def]
    if lag not in _RUNS:
        _RUNS[lag] = plan_run(lag=lag)
    return _RUNS[lag]


def test_fallbacks_where_no_log_can_be_taken(run, plan) -> None:  # type: ignore[no-untyped-def]
    S = run.plan.year.clients_start
    p = plan[0]
    # no revenue, a loss: the margin term is the costs without revenue; the rest (Shapley) still adds up
    lost = dataclasses.replace(p, revenue=0.0, profit=-50_000.0)
    shares, steps = contributions_of(p, lost, p, lost, S)
    assert sum(shares.values()) == pytest.approx(-150_000, rel=1e-12)
    assert shares["margin"] == pytest.approx(-50_000, rel=1e-12)
    # no paying client at all: the new clients' term goes to the conversion into the empty stage
    none = dataclasses.replace(p, stages=(*p.stages[:-1], 0.0))
    shares, steps = contributions_of(p, none, p, none, S)
    assert steps[0] == 0 and steps[1] == shares["conversion"] != 0 and shares["leads"] == 0
    assert sum(shares.values()) == pytest.approx(0.0, abs=1e-9)  # the same revenue and profit
    # new clients to date as planned while leads rose and conversion fell: neither moved profit
    more = dataclasses.replace(p, stages=(p.stages[0] * 1.25, p.stages[1], p.stages[2]), revenue=p.revenue * 1.1,
                               profit=p.profit * 1.1)
    shares, steps = contributions_of(p, more, p, more, S)
    assert shares["leads"] == 0 and shares["conversion"] == 0
    assert sum(shares.values()) == pytest.approx(more.profit - p.profit, rel=1e-12)
