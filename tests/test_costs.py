"""The optional cost structure (domain doc, section 7): P = R(1 - v) - H c - F with H = R / rev_per_employee,
solved in closed form; point A reproduces last year's profit; the margin becomes an output."""

from dataclasses import replace

import pytest
from cases import UNUSABLE_COSTS
from hypothesis import given, settings
from hypothesis import strategies as st

import leverage
from leverage.changes import parse_change
from leverage.errors import ChangeError, InputError
from leverage.i18n.conclusions import reason_message
from leverage.model.costs import cost_model, cost_problems
from leverage.model.inputs import Change, Costs, Inputs, Stage
from leverage.model.solve import forward, solve


def test_fixed_costs_are_derived_so_that_a_reproduces_its_profit(small):
    costs = cost_model(small)
    assert (costs.variable_share, costs.cost_per_employee, costs.fixed_costs, costs.fixed_costs_given) == (0.5, 30, 100, False)
    assert costs.unit_contribution(100) == pytest.approx(0.2)
    assert costs.profit_at(1000, 100) == pytest.approx(100)


def test_closed_form_by_hand(small):
    s = solve(small)
    a, b, b1, b2 = (s[k] for k in ("A", "B", "B'", "B''"))
    assert s.costs == cost_model(small)
    assert (a.profit, a.revenue, a.levers.margin) == (100, 1000, 0.1)
    # R = (P* + F) / (1 - v - c / rpe) = (200 + 100) / 0.2 = 1,500: 1,500 x 0.5 - 15 x 30 - 100 = 200.
    assert b.revenue == pytest.approx(1500) and b.headcount == pytest.approx(15)
    assert b.profit == 200 and b.levers.margin == pytest.approx(200 / 1500)
    # The plain margin model would need 2,000: fixed costs spread over more revenue.
    assert solve(replace(small, costs=None))["B"].revenue == pytest.approx(2000)
    assert b1 == replace(b, key="B'")
    # B'' with A's levers and leads: clients (E_A + 4) x 10/12, revenue 100 a client.
    assert b2.revenue == pytest.approx((10 + 4) * 10 / 12 * 100)
    assert b2.profit == pytest.approx(b2.revenue * 0.2 - 100)
    assert b2.levers.margin == pytest.approx(b2.profit / b2.revenue)


def test_worked_example_with_a_cost_structure(worked_example):
    inputs = replace(worked_example, costs=Costs(variable_share=0.3, cost_per_employee=40_000))
    s = solve(inputs, changes=[("avg_check", Change(multiply=2))])
    assert s.costs.fixed_costs == pytest.approx(5_880_000 * 0.7 - 83 * 40_000 - 558_000)  # 238,000
    b = s["B"]
    unit = 0.7 - 40_000 / (5_880_000 / 83)
    assert b.revenue == pytest.approx((1_200_000 + 238_000) / unit)
    assert b.revenue < 12_645_161  # less than with the net margin: the fixed costs do not grow
    assert b.revenue * 0.3 + b.headcount * 40_000 + 238_000 + 1_200_000 == pytest.approx(b.revenue)
    # B'' from B''s own levers reproduces the profit that B' was solved for (the same levers).
    b1 = s["B'"]
    again = forward("x", b1.leads, b1.levers, b1.clients_start, s.costs)
    assert again.profit == pytest.approx(1_200_000) and again.revenue == pytest.approx(b1.revenue)


def test_variable_share_alone_keeps_the_plain_model(worked_example):
    inputs = replace(worked_example, costs=Costs(variable_share=0.3))
    s = solve(inputs)
    assert s.costs is None
    assert s["B"] == solve(worked_example)["B"]


def test_typed_fixed_costs_are_checked(small):
    assert cost_model(replace(small, costs=Costs(0.5, 30, 100.4))).fixed_costs == 100  # within rounding: derived
    with pytest.raises(InputError) as caught:  # the API checks the costs before solving
        leverage.solve(replace(small, costs=Costs(0.5, 30, 150)))
    assert str(caught.value) == (
        "Inputs!C62 (fixed_costs): expected 100, the fixed costs with which last year's figures reproduce last "
        "year's profit (revenue 1,000 x (1 - variable share 50.00%) - headcount 10 x cost per employee 30 - "
        "profit 100); leave the cell blank to derive them, or correct the variable share or the cost per "
        "employee, got 150"
    )


@pytest.mark.parametrize("costs, message", UNUSABLE_COSTS)
def test_unusable_cost_structures(small, costs, message):
    inputs = replace(small, costs=costs)
    assert [str(p) for p in cost_problems(inputs)] == [message]
    with pytest.raises(InputError, match="expected"):
        leverage.solve(inputs)


def test_a_margin_change_is_refused_with_what_to_do(small):
    with_template_change = replace(small, changes=(("margin", parse_change("margin", "+5pp")),))
    with pytest.raises(InputError) as caught:
        leverage.solve(with_template_change)
    [problem] = caught.value.problems
    assert (problem.location, problem.metric) == ("Inputs!C38", "lever_margin")
    assert str(problem.expected).startswith("margin is an output when the template gives a cost structure (Inputs!C61)")
    assert "raise revenue per employee or the average check instead" in str(problem.expected)
    with pytest.raises(ChangeError, match=r"^--lever margin: margin is an output"):
        leverage.solve(small, levers=[("margin", Change(set=0.2))])
    # Other levers still apply.
    assert solve(small, changes=[("avg_check", Change(multiply=2))])["B'"].feasible


def test_revenue_that_loses_money_at_the_margin_is_infeasible(small):
    s = solve(small, changes=[("rev_per_employee", Change(multiply=0.5))])
    b1 = s["B'"]
    assert not b1.feasible and s["B"].feasible
    [reason] = b1.reasons
    assert reason.code == "unit_contribution_not_positive"
    assert reason_message(reason) == (
        "each extra unit of revenue loses money: variable costs take 50.00% of it and staff costs (cost per "
        "employee / revenue per employee) 60.00%, together 110.00%; no volume reaches a profit target until "
        "revenue per employee rises or costs fall"
    )
    assert not s["B''"].feasible
    from leverage.i18n import translator
    from leverage.i18n.conclusions import reason_text

    assert reason_text(reason, s, translator("en")) == reason_message(reason)
    assert reason_text(reason, s, translator("ru")).startswith("каждая дополнительная единица выручки приносит убыток: "
                                                   "переменные расходы забирают 50,00 % от неё")


def test_forward_point_may_lose_money_and_says_so_in_its_margin(small):
    # Few leads: B'' cannot cover the fixed costs. That is a forecast, not an impossibility.
    s = solve(small, changes=[("retention", Change(set=0.3))])
    assert s["B''"].feasible and s["B''"].profit < 0 and s["B''"].levers.margin < 0


@settings(max_examples=200, deadline=None)
@given(
    revenue=st.floats(1e5, 1e8), margin=st.floats(0.01, 0.4), headcount=st.integers(2, 500),
    v=st.floats(0, 0.5), staff_share=st.floats(0, 0.4), growth=st.floats(1.01, 5),
)
def test_back_then_forward_reproduces_the_target(revenue, margin, headcount, v, staff_share, growth):
    profit = revenue * margin
    cpe = revenue * staff_share / headcount
    inputs = Inputs(revenue=revenue, profit=profit, headcount=headcount, clients_start=50, clients_new=30,
                    clients_lost=20, funnel=(Stage("Leads", 3000), Stage("Paid", 30)),
                    costs=Costs(variable_share=v, cost_per_employee=cpe))
    if cost_problems(inputs):
        return  # the costs leave less than the profit: refused, tested above
    s = solve(inputs, target_profit=profit * growth)
    a, b = s["A"], s["B"]
    assert s.costs.profit_at(a.revenue, a.levers.rev_per_employee) == pytest.approx(profit, rel=1e-9, abs=1e-6)
    if b.feasible:
        again = forward("x", b.leads, b.levers, b.clients_start, s.costs)
        assert again.profit == pytest.approx(profit * growth, rel=1e-9)
