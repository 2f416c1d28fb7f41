"""Conclusions are sentences built from the client's numbers, in English and Russian:
the worked example sentence by sentence, then the special cases."""

from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leverage import i18n
from leverage.changes import parse_change
from leverage.i18n import translator
from leverage.i18n.conclusions import change_label, conclude
from leverage.model.inputs import Change, Stage
from leverage.model.solve import solve

SP = i18n.NBSP


def in_lang(scenarios, lang):
    return conclude(scenarios, translator(lang, scenarios.inputs.currency))


def by_key(scenarios, lang):
    return {c.key: c for c in in_lang(scenarios, lang)}


def test_worked_example_in_english(example_scenarios):
    said = by_key(example_scenarios, "en")
    assert list(said) == ["b_target", "b_volumes", "b1_vs_b", "b1_vs_a", "b2_vs_target"]
    assert said["b_target"].text == (
        "B, the target with nothing improved: a profit of $1,200,000 needs revenue of $12,645,161, 2.2× last year's.")
    assert said["b_volumes"].text == (
        "Compared with last year, B needs 2.2× as many people (179 instead of 83), "
        "3.4× as many new clients (125 instead of 37) and 3.4× as many leads (17,820 instead of 5,300).")
    # B' 4,110.93 vs B 17,819.15 leads -> 4.3x fewer
    assert said["b1_vs_b"].text == (
        "With the average check doubled, B′ needs 4.3× fewer leads than B (4,111 instead of 17,820) "
        "and 4.3× fewer new clients (29 instead of 125).")
    assert said["b1_vs_b"].tone == "good"
    assert said["b1_vs_a"].text == (
        "Compared with last year, B′ needs 1.3× fewer leads (4,111 instead of 5,300), "
        "1.3× fewer new clients (29 instead of 37) and 2.2× as many people (179 instead of 83).")
    # B'' 1,304,090 vs target 1,200,000 -> +8.7 %
    assert said["b2_vs_target"].text == (
        "With last year's 5,300 leads and B′'s levers, B″ makes a profit of $1,304,090: "
        "it beats the target by 8.7% ($104,090 more).")


def test_worked_example_in_russian(example_scenarios):
    said = {k: c.text.replace(SP, " ") for k, c in by_key(example_scenarios, "ru").items()}
    assert said["b_target"] == (
        "B, цель без улучшений: для прибыли 1 200 000 $ нужна выручка 12 645 161 $, в 2,2 раза больше, чем в прошлом году.")
    assert said["b1_vs_b"] == (
        "Если средний чек увеличить вдвое, для B′ нужно в 4,3 раза меньше лидов, чем для B (4 111 вместо 17 820), "
        "и в 4,3 раза меньше новых клиентов (29 вместо 125).")
    assert said["b2_vs_target"] == (
        "С лидами прошлого года (5 300) и рычагами B′ точка B″ даёт прибыль 1 304 090 $: это на 8,7 % (104 090 $) больше цели.")


def test_numbers_in_russian_sentences_do_not_break(example_scenarios):
    text = by_key(example_scenarios, "ru")["b1_vs_b"].text
    assert f"17{SP}820" in text and "17 820" not in text


def test_sentences_follow_the_numbers(worked_example):
    """Another client, other sentences: nothing is canned."""
    inputs = replace(worked_example, revenue=4_000_000, profit=800_000, currency="EUR")
    said = by_key(solve(inputs, 1_000_000, [("avg_check", Change(multiply=1.5))]), "en")
    assert said["b_target"].text.replace(SP, " ").startswith("B, the target with nothing improved: a profit of 1,000,000 € needs revenue of 5,000,000 €")
    assert "With the average check raised by 50%, B′ needs 6.2× fewer leads than B (1,027 instead of 6,339)" in said["b1_vs_b"].text
    assert "it beats the target by 40.2%" in said["b2_vs_target"].text


def test_falling_short_of_the_target(worked_example):
    said = by_key(solve(worked_example, 1_500_000, [("avg_check", Change(multiply=2))]), "en")
    assert said["b2_vs_target"].text.endswith("it falls short of the target by 13.1% ($195,910 less).")
    assert said["b2_vs_target"].tone == "bad"


def test_no_new_clients_needed(worked_example):
    said = by_key(solve(worked_example, 300_000, [("avg_check", Change(multiply=2))]), "en")
    assert said["surplus"].text == (
        "With the average check doubled, the 67 clients carried in from last year cover B′: "
        "no new clients or leads are needed (43 to spare).")
    b = [c for c in in_lang(solve(worked_example, 300_000), "en") if c.key == "surplus"][0]
    assert b.text.endswith("the 67 clients carried in from last year already cover the target, "
                           "so no new clients or leads are needed (19 to spare).")
    ru = [c.text for c in in_lang(solve(worked_example, 300_000), "ru") if c.key == "surplus"][0]
    assert "новые клиенты и лиды не нужны (в запасе: 19)" in ru


def test_infeasible_points_are_explained_once(worked_example):
    scenarios = solve(worked_example, changes=[("retention", parse_change("retention", "+30pp"))])
    said = by_key(scenarios, "en")
    assert "b1_vs_b" not in said and "b2_vs_target" not in said
    assert said["infeasible"].text == (
        "B′ and B″ cannot be computed: retention is 105.28% (more clients cannot stay than there were).")
    assert by_key(scenarios, "ru")["infeasible"].text.replace(SP, " ") == (
        "B′ и B″ невозможно рассчитать: конверсия в удержание 105,28 % (остаться не может больше клиентов, чем было).")


def test_infeasible_last_year_margin(worked_example):
    scenarios = solve(replace(worked_example, profit=-10_000))
    said = by_key(scenarios, "en")
    assert list(said) == ["no_change", "infeasible"]
    assert said["infeasible"].text.startswith("B, B′ and B″ cannot be computed: the profit margin is -0.17% (")


def test_no_change_and_several_changes(worked_example):
    assert by_key(solve(worked_example), "en")["no_change"].text == "No lever is changed for B′, so B′ equals B."
    inputs = replace(worked_example, funnel=(Stage("Лиды", 5300), Stage("КП", 1850), Stage("Оплаты", 37)))
    changes = [("margin", Change(set=0.15)), ("conversion.1", Change(multiply=1.5)), ("retention", Change(add=0.1))]
    scenarios = solve(inputs, changes=changes)
    ru = by_key(scenarios, "ru")["b1_vs_b"].text.replace(SP, " ")
    assert ru.startswith("Если маржинальность довести до 15,00 %, конверсию «Лиды → КП» увеличить на 50 % "
                         "и конверсию в удержание поднять на 10 п.п., для B′ нужно в ")
    en = by_key(scenarios, "en")["b1_vs_b"].text
    assert en.startswith("With the profit margin set to 15.00%, the conversion Лиды → КП raised by 50% "
                         "and retention raised by 10 pp, B′ needs ")
    labels = [change_label(scenarios, lever, change, translator("en", scenarios.inputs.currency)).replace(SP, " ") for lever, change in scenarios.changes]
    assert labels == ["profit margin = 15.00%", "conversion Лиды → КП ×1.5", "retention +10 pp"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.floats(50_000, 50_000_000), factor=st.floats(0.3, 4.0), lang=st.sampled_from(["en", "ru"]))
def test_any_figures_give_whole_sentences(worked_example, target, factor, lang):
    said = in_lang(solve(worked_example, target, [("avg_check", Change(multiply=factor))]), lang)
    assert said
    for conclusion in said:
        assert conclusion.text.endswith(".")
        assert "nan" not in conclusion.text and "inf" not in conclusion.text and "None" not in conclusion.text
