"""The solver against the domain doc: the worked example figure by figure, the
infeasible cases, and invariants checked by hypothesis."""

import math
from dataclasses import replace

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from strategies import companies

import leverage
from leverage.changes import parse_change
from leverage.errors import InputError, OptionError
from leverage.i18n.conclusions import reason_message
from leverage.model.inputs import Change, Infeasible, Inputs, Stage, whole_units
from leverage.model.solve import derive_levers, forward, solve


def r2(x):
    return round(x, 2)


def test_worked_example_levers(worked_example):
    levers = derive_levers(worked_example)
    assert round(levers.margin * 100, 3) == 9.490
    assert round(levers.rev_per_employee) == 70_843
    assert worked_example.clients_end == 67
    assert round(levers.retention * 100, 3) == 75.281
    assert round(levers.avg_check) == 87_761
    assert [round(c * 100, 3) for c in levers.conversions] == [34.906, 2.000]


def test_worked_example_points(worked_example):
    s = solve(worked_example, changes=[("avg_check", parse_change("avg_check", "x2"))])
    a, b, b1, b2 = (s[k] for k in ("A", "B", "B'", "B''"))
    # Domain doc section 4, column by column.
    assert (a.profit, a.revenue, a.headcount, a.clients_end, a.clients_new, a.funnel) == (
        558_000, 5_880_000, 83, 67, 37, (5300, 1850, 37))
    assert r2(b.profit) == 1_200_000 and round(b.revenue) == 12_645_161
    assert r2(b.headcount) == 178.49 and round(b.levers.avg_check) == 87_761
    assert r2(b.clients_end) == 144.09 and r2(b.clients_new) == 124.40
    assert [r2(x) for x in b.funnel] == [17_819.15, 6_219.89, 124.40]
    assert r2(b1.profit) == 1_200_000 and round(b1.revenue) == 12_645_161
    assert r2(b1.headcount) == 178.49 and round(b1.levers.avg_check) == 175_522
    assert r2(b1.clients_end) == 72.04 and r2(b1.clients_new) == 28.70
    assert [r2(x) for x in b1.funnel] == [4_110.93, 1_434.95, 28.70]
    assert round(b2.profit) == 1_304_090 and round(b2.revenue) == 13_742_022
    assert r2(b2.headcount) == 193.98 and round(b2.levers.avg_check) == 175_522
    assert r2(b2.clients_end) == 78.29 and r2(b2.clients_new) == 37
    assert [r2(x) for x in b2.funnel] == [5300, 1850, 37]
    # The talk in words: B'' earns over 1 M more revenue and almost 10 % more profit than the target.
    assert b2.revenue - a.revenue > 1_000_000
    assert 1.08 < b2.profit / 1_200_000 < 1.10
    # B' needs about 4.3x fewer leads than B.
    assert round(b.leads / b1.leads, 1) == 4.3


def test_whole_units_rule(worked_example):
    s = solve(worked_example, changes=[("avg_check", Change(multiply=2))])
    b, b2 = s["B"], s["B''"]
    assert [b.whole(x) for x in b.funnel] == [17_820, 6_220, 125]
    assert b.whole(b.headcount) == 179
    assert b2.whole(b2.clients_end) == 78 and b2.whole(b2.headcount) == 193
    # Noise from floating point never adds or removes a unit.
    assert whole_units(124.00000000001, "back") == 124
    assert whole_units(36.9999999999, "forward") == 37


def test_no_new_clients_needed_reports_surplus(worked_example):
    s = solve(worked_example, target_profit=300_000)
    b = s["B"]
    assert b.feasible and b.clients_new == 0 and b.funnel == (0.0, 0.0, 0.0)
    # 300k needs 300000 / 0.0949 / 87761 = 36.02 clients at year end, so 47.85 carried in would do.
    assert r2(b.clients_surplus) == r2(67 - 300_000 / (558_000 / 5_880_000) / (5_880_000 / 67) / (67 / 89))


@pytest.mark.parametrize("lever,change,code", [
    ("retention", "+30pp", "retention_above_100"),
    ("conversion.2", "x60", "conversion_above_100"),
])
def test_levers_beyond_100_percent_are_infeasible(worked_example, lever, change, code):
    s = solve(worked_example, changes=[(lever, parse_change(lever, change))])
    assert s["B"].feasible
    for key in ("B'", "B''"):
        point = s[key]
        assert isinstance(point, Infeasible) and not point.feasible and not hasattr(point, "profit")
        assert [r.code for r in point.reasons] == [code]


def test_loss_making_year_explains_instead_of_computing():
    inputs = Inputs(revenue=1_000_000, profit=-50_000, headcount=10, clients_start=10, clients_new=5,
                    clients_lost=3, funnel=(Stage("Leads", 100), Stage("Paid", 5)), target_profit=100_000)
    s = solve(inputs)
    assert not s["B"].feasible
    assert s["B"].reasons[0].code == "margin_not_positive"
    assert reason_message(s["B"].reasons[0]) == (
        "margin is -5.00%: at zero or negative margin more revenue only multiplies the loss, so no volume reaches "
        "a profit target; fix the margin first")


def test_target_is_required_and_positive(worked_example):
    """The API checks the target against the template; the solver takes a checked number."""
    from dataclasses import replace
    with pytest.raises(InputError, match="no target profit"):
        leverage.solve(replace(worked_example, target_profit=None))
    with pytest.raises(InputError, match="above 0"):
        leverage.solve(worked_example, target_profit=-1)
    with pytest.raises(ValueError, match="a target profit above 0 is needed, got -1"):
        solve(worked_example, target_profit=-1)


def test_step_beyond_funnel_is_refused(worked_example):
    with pytest.raises(OptionError) as option:  # the API checks the changes against the template
        leverage.solve(worked_example, levers=[("conversion.3", Change(multiply=2))])
    assert option.value.exit_code == 2
    assert str(option.value) == ("Invalid value for '--lever': conversion.3: this funnel has 2 step(s); "
                                "expected conversion.1 to conversion.2")
    template = replace(worked_example, changes=(("conversion.3", Change(multiply=2)),),
                       sources=(("lever_conversion.3", "Inputs!D30"),))
    with pytest.raises(InputError) as typed:
        leverage.solve(template)
    assert str(typed.value) == ("Inputs!D30 (conversion.3): conversion.3: this funnel has 2 step(s); "
                                "expected conversion.1 to conversion.2")


def test_template_changes_are_overridden_and_cli_changes_compose(worked_example):
    from dataclasses import replace
    inputs = replace(worked_example, changes=(("avg_check", Change(multiply=3)), ("margin", Change(set=0.2))))
    s = solve(inputs, changes=[("avg_check", Change(multiply=2)), ("avg_check", Change(multiply=1.1))])
    levers = s["B'"].levers
    assert math.isclose(levers.avg_check, 5_880_000 / 67 * 2.2)
    assert levers.margin == 0.2


@settings(max_examples=300, deadline=None)
@given(companies(), st.floats(min_value=1.01, max_value=20))
def test_forward_from_b_leads_returns_the_target(inputs, growth):
    target = inputs.profit * growth
    s = solve(inputs, target_profit=target)
    b = s["B"]
    assume(b.clients_new > 0)
    again = forward("check", b.leads, b.levers, b.clients_start)
    assert math.isclose(again.profit, target, rel_tol=1e-9)
    assert math.isclose(again.headcount, b.headcount, rel_tol=1e-9)


LEVERS = ["margin", "avg_check", "retention", "rev_per_employee", "conversion"]


@settings(max_examples=300, deadline=None)
@given(companies(), st.sampled_from(LEVERS), st.floats(min_value=1.0, max_value=3.0), st.floats(min_value=1.01, max_value=10))
def test_more_of_any_lever_never_needs_more_leads(inputs, lever, factor, growth):
    target = inputs.profit * growth
    base = solve(inputs, target_profit=target)
    more = solve(inputs, target_profit=target, changes=[(lever, Change(multiply=factor))])
    if not more["B'"].feasible:
        assert lever in ("margin", "retention", "conversion")
        return
    assert more["B'"].leads <= base["B"].leads * (1 + 1e-12) + 1e-9
    # B'' starts from A's year-end clients, so compare it with B'' unchanged, not with A.
    assert more["B''"].profit >= base["B''"].profit * (1 - 1e-12)
