"""Unit economics (domain doc, section 6) and channels (section 5): the talk's warning case, the book's
channel figures, and the rules for each point's spend, lifetime and contribution."""

from dataclasses import replace

import pytest
from helpers import channel_inputs
from hypothesis import given, settings
from hypothesis import strategies as st

from leverage.i18n import translator
from leverage.model.channels import advice, analyse_channels, leads_warning
from leverage.model.economics import LIFETIME_CAP_MONTHS, unit_economics, warning_text
from leverage.model.inputs import Acquisition, Change, Channel, Costs, Inputs, Stage
from leverage.model.solve import solve

RU = translator("ru")


@pytest.fixture
def talk_case() -> Inputs:
    """The talk's small-client tariff (0:56): 2,500 a month, about 6 months to pay back, clients stay 4 months.

    Average check 30,000 a year (1,500,000 / 50 active clients) = 2,500 a month, all of it contribution
    (variable share 0 %); 1,500,000 spent on 100 new clients = 15,000 each = 6 months of 2,500.
    """
    return Inputs(
        revenue=1_500_000, profit=150_000, headcount=10, clients_start=150, clients_new=100, clients_lost=200,
        funnel=(Stage("Leads", 2000), Stage("Paid", 100)), target_profit=300_000, currency="RUB",
        costs=Costs(variable_share=0.0), acquisition=Acquisition(spend=1_500_000, lifetime_months=4),
    )


def test_the_talks_case_warns(talk_case):
    econ = unit_economics(solve(talk_case))
    a = econ["A"]
    assert (econ.contribution, econ.lifetime) == ("variable_share", "months")
    assert a.cac == pytest.approx(15_000) and a.acquisition_spend == pytest.approx(1_500_000)
    assert a.monthly_revenue == pytest.approx(2_500) and a.monthly_contribution == pytest.approx(2_500)
    assert a.lifetime_months == 4 and a.ltv == pytest.approx(10_000)
    assert a.payback_months == pytest.approx(6) and a.ltv_to_cac == pytest.approx(2 / 3)
    assert not a.pays_back
    [(keys, first)] = econ.warnings()  # A, B, B' and B'' share the levers, so one warning covers them
    assert keys == ("A", "B", "B'", "B''") and first == a
    assert str(warning_text(keys, first)) == (
        "points A, B, B′, B″: payback of 6.0 months exceeds the client lifetime of 4.0 months (LTV 10,000 is below "
        "CAC 15,000): each new client leaves before paying back what it cost to acquire, so the more clients "
        "marketing brings, the deeper the cash gap; raise the price or retention, or cut the cost of acquisition, "
        "before scaling")
    assert RU(warning_text(("A",), a)).startswith("точка A: окупаемость 6,0 мес. дольше жизни клиента 4,0 мес.")


def test_doubling_the_check_makes_the_talks_case_pay_back(talk_case):
    econ = unit_economics(solve(talk_case, changes=[("avg_check", Change(multiply=2))]))
    assert not econ["B"].pays_back
    b1 = econ["B'"]
    assert b1.payback_months == pytest.approx(3) and b1.ltv == pytest.approx(20_000) and b1.pays_back
    assert [keys for keys, _ in econ.warnings()] == [("A", "B")]


def test_monthly_churn_gives_the_lifetime(talk_case):
    econ = unit_economics(solve(replace(talk_case, acquisition=Acquisition(1_500_000, monthly_churn=0.25))))
    assert econ.lifetime == "churn" and econ["A"].lifetime_months == pytest.approx(4)


def test_without_lifetime_or_churn_annual_retention_gives_it(worked_example):
    inputs = replace(worked_example, acquisition=Acquisition(spend=530_000))
    s = solve(inputs, changes=[("retention", Change(set=1.0)), ("conversion.2", Change(multiply=1.5))])
    econ = unit_economics(s)
    a, b, b1, b2 = (econ[k] for k in ("A", "B", "B'", "B''"))
    assert (econ.contribution, econ.lifetime) == ("margin", "retention")
    # 1 / (1 - 75.28 %) years = 48.6 months; retention 100 % would never end: capped at 10 years.
    assert a.lifetime_months == pytest.approx(12 / (1 - 67 / 89)) and not a.lifetime_capped
    assert (b1.lifetime_months, b1.lifetime_capped) == (LIFETIME_CAP_MONTHS, True)
    # No variable share: the net margin is the contribution share (the book's TCV = $ x M x # x T).
    assert a.contribution_share == pytest.approx(558_000 / 5_880_000)
    assert a.ltv == pytest.approx(5_880_000 / 67 / 12 * 558_000 / 5_880_000 * a.lifetime_months)
    # Cost per lead 100 is kept: B buys its extra leads at that price, CAC = 100 / (37 / 5,300) = 14,324.
    assert econ.cost_per_lead == 100 and a.cac == pytest.approx(530_000 / 37)
    assert b.cac == pytest.approx(a.cac) and b.acquisition_spend == pytest.approx(s["B"].leads * 100)
    # A better conversion makes each client cheaper to win, in B' and in B''.
    assert b1.cac == pytest.approx(a.cac / 1.5) and b2.cac == pytest.approx(a.cac / 1.5)
    assert b2.acquisition_spend == pytest.approx(530_000)
    assert a.payback_months == pytest.approx(a.cac / a.monthly_contribution)
    assert a.pays_back and econ.warnings() == []


def test_no_acquisition_spend_no_unit_economics(worked_example):
    assert unit_economics(solve(worked_example)) is None


def test_infeasible_point_has_no_unit_economics(worked_example):
    inputs = replace(worked_example, acquisition=Acquisition(spend=530_000))
    econ = unit_economics(solve(inputs, changes=[("retention", Change(add=0.3))]))
    assert econ["B'"] is None and econ["B''"] is None and econ["A"] is not None


# --- Channels: the book chapter's figures -------------------------------------------------------

BOOK_CHANNELS = (
    # Ad conversion: two magazines, circulation 10,000 and 7,000, 80 and 84 calls, 25 and 50 sales.
    Channel("Vestnik glamura", contacts=10_000, leads=80, sales=25),
    Channel("Provincial shopping", contacts=7_000, leads=84, sales=50),
    # Cost per lead: 15,000 for a holiday promotion, 100 + 50 registrations.
    Channel("Holiday promotion", spend=15_000, leads=150),
    # Cost of sale: a module 10,000 + design 2,000 + 500 of a manager's time, 40 buyers.
    Channel("Glamour magazine", spend=12_500, sales=40),
    # Average check: 250 buyers, 750,000 revenue.
    Channel("Magazine, a month", sales=250, revenue=750_000),
)


def test_the_books_channel_figures():
    inputs = Inputs(revenue=1, profit=1, headcount=1, clients_start=0, clients_new=1, clients_lost=0,
                    funnel=(Stage("Leads", 464), Stage("Paid", 1)), channels=BOOK_CHANNELS)
    report = analyse_channels(inputs)
    vestnik, shopping, promo, glamour, magazine = report.channels
    assert vestnik.ad_conversion == pytest.approx(0.008) and shopping.ad_conversion == pytest.approx(0.012)
    assert promo.cost_per_lead == 100
    assert glamour.cost_of_sale == 312.5
    assert magazine.avg_check == 3_000
    # Conversion to sale is sales / leads, as the book defines it.
    assert vestnik.conversion_to_sale == pytest.approx(25 / 80) and shopping.conversion_to_sale == pytest.approx(50 / 84)
    assert vestnik.cost_per_lead is None and vestnik.romi is None and vestnik.pays_back is None
    assert report.total.leads == 80 + 84 + 150 and report.leads_missing == ("Glamour magazine", "Magazine, a month")
    # Totals divide column totals only where every channel gives both figures: these channels count different things.
    assert (report.total.ad_conversion, report.total.cost_per_lead, report.total.romi) == (None, None, None)


def test_romi_and_paying_back():
    report = analyse_channels(channel_inputs(
        Channel("Magazine", spend=10_000, contacts=50_000, leads=100, sales=20, revenue=60_000),
        Channel("Newspaper", spend=5_000, contacts=80_000, leads=145, sales=29, revenue=14_500),
        Channel("Referrals", spend=0, leads=55, sales=11, revenue=44_000),
        variable_share=0.6,
    ))
    magazine, newspaper, referrals = report.channels
    assert report.by_variable_share and report.contribution_share == pytest.approx(0.4)
    assert magazine.romi == pytest.approx((60_000 * 0.4 - 10_000) / 10_000) and magazine.pays_back
    assert newspaper.romi == pytest.approx((14_500 * 0.4 - 5_000) / 5_000) and newspaper.pays_back
    assert referrals.romi is None and referrals.cost_per_lead == 0 and referrals.pays_back  # free: pays back
    assert report.leads_match and leads_warning(report) is None
    assert report.total.spend == 15_000 and report.total.cost_per_lead == pytest.approx(15_000 / 300)


def test_never_advise_dropping_a_channel_that_pays_back_because_another_is_cheaper():
    # The book's case: the magazine costs 10,000 for 100 sales, the newspaper 5,000 for 145. Both pay back.
    report = analyse_channels(channel_inputs(
        Channel("Magazine", spend=10_000, leads=150, sales=100, revenue=300_000),
        Channel("Newspaper", spend=5_000, leads=150, sales=145, revenue=290_000),
    ))
    lines = [str(line) for line in advice(report)]
    assert lines[0] == (
        '"Magazine" costs 100 a sale and "Newspaper" 34.48, but both pay back: keep both. A channel that pays back '
        "brings clients the cheaper one would not, and over their lifetime they are worth more than the saving.")
    text = " ".join(lines).lower()
    for word in ("drop", "cut", "stop", "move its budget"):
        assert word not in text
    assert RU(advice(report)[0]).startswith("«Magazine» обходится в 100 за продажу, «Newspaper» — в 34,48, но оба "
                                              "окупаются: сохраните оба.")


def test_a_channel_that_does_not_pay_back_is_flagged_and_only_it():
    report = analyse_channels(channel_inputs(
        Channel("Magazine", spend=10_000, leads=150, sales=100, revenue=300_000),
        Channel("Radio", spend=40_000, leads=100, sales=5, revenue=50_000),
        Channel("Website", leads=50),
        variable_share=0.3,
    ))
    assert [c.name for c in report.not_paying] == ["Radio"]
    lines = [str(line) for line in advice(report)]
    assert lines == [
        '"Radio" does not pay back: 40,000 spent, 35,000 returned after variable costs (ROMI -12.5%). Fix its offer '
        "and its conversion to sale, or move its budget to channels that pay back.",
        '"Website": give spend and revenue to see whether the channel pays back.',
    ]
    assert not any("Magazine" in line for line in lines)
    assert RU(advice(report)[0]) == (
        "«Radio» не окупается: затрачено 40 000, вклад после переменных затрат 35 000 (ROMI -12,5 %). Доработайте "
        "предложение и конверсию в продажу или переложите бюджет в каналы, которые окупаются.")


def test_without_a_variable_share_romi_is_on_revenue_and_says_so():
    report = analyse_channels(channel_inputs(Channel("Magazine", spend=10_000, leads=300, sales=60, revenue=30_000)))
    assert not report.by_variable_share and report.channels[0].romi == pytest.approx(2.0)
    assert str(advice(report)[-1]) == ("ROMI is measured on revenue: without a variable cost share it ignores the cost of "
                                  "what was sold, which flatters every channel.")


def test_channel_leads_must_add_up_to_the_funnel():
    report = analyse_channels(channel_inputs(Channel("Magazine", leads=76), Channel("Website", leads=30),
                                             Channel("Walk-ins", leads=65)))
    assert report.leads_total == 171 and not report.leads_match
    assert str(leads_warning(report, "Inputs!C24")) == (
        "channel leads add up to 171, but the funnel's first stage has 300 leads (Inputs!C24): 129 leads come from "
        "no channel listed; list every channel, for the same year as the funnel")
    partial = analyse_channels(channel_inputs(Channel("Magazine", leads=76), Channel("Walk-ins")))
    assert str(leads_warning(partial)) == (
        "channel leads cannot be checked against the funnel's first stage, 300 leads: \"Walk-ins\" give no leads; "
        "the channels that give leads add up to 76")
    assert analyse_channels(channel_inputs()) is None


@settings(max_examples=150, deadline=None)
@given(spend=st.floats(1e3, 1e7), share=st.none() | st.floats(0, 0.95), months=st.none() | st.floats(0.5, 200),
       churn=st.none() | st.floats(0.005, 1), conversion=st.floats(1.01, 2.5))
def test_payback_within_lifetime_is_ltv_at_least_cac(spend, share, months, churn, conversion):
    worked_example = Inputs(revenue=5_880_000, profit=558_000, headcount=83, clients_start=52, clients_new=37,
                            clients_lost=22, funnel=(Stage("Leads", 5300), Stage("Proposals", 1850), Stage("Paid", 37)),
                            target_profit=1_200_000)
    acquisition = Acquisition(spend, lifetime_months=months, monthly_churn=None if months else churn)
    inputs = replace(worked_example, acquisition=acquisition, costs=Costs(variable_share=share))
    econ = unit_economics(solve(inputs, changes=[("conversion", Change(multiply=conversion))]))
    a = econ["A"]
    assert a.cac == pytest.approx(spend / 37)
    for _, point in econ.points:
        assert point.ltv_to_cac == pytest.approx(point.lifetime_months / point.payback_months)
        assert point.pays_back == (point.ltv >= point.cac * (1 - 1e-12)) or abs(point.ltv - point.cac) < 1e-6 * point.cac
        assert point.acquisition_spend == pytest.approx(point.leads * spend / 5300)
    # A conversion lever makes clients cheaper to win.
    assert econ["B'"].cac == pytest.approx(a.cac / conversion ** 2)
