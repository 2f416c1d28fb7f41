"""Russian messages about typed values, lever changes, ranges, the cost structure and the optional sections.

Whole Russian renderings of representative messages through the CLI and the functions that raise
them, then every message the existing tests drive (their own cases, imported where they are
parametrised), rendered in Russian with no English left outside quoted values and identifiers.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import replace

import corpus
import pytest
from click.testing import CliRunner
from corpus import RU
from helpers import BOOK_CHANNELS, EN, SAMPLE, TALK_CASE, WORKED, channel_inputs, fill_template

from leverage import api
from leverage.changes import ambiguous_share, check_lever_name, parse_assignment, parse_change
from leverage.cli import main
from leverage.errors import ChangeError, InputError, LeverageError, OptionError
from leverage.i18n import Message, Text, in_lang, translator
from leverage.i18n.conclusions import reason_text
from leverage.model.analysis import check_step
from leverage.model.channels import analyse_channels, leads_warning
from leverage.model.costs import cost_problems, refuse_margin_change
from leverage.model.economics import unit_economics, warning_text
from leverage.model.inputs import Acquisition, Change, Channel, Costs
from leverage.model.result import result_of
from leverage.model.solve import solve
from leverage.model.uncertainty import combine_ranges, parse_range, simulate
from leverage.numbers import NumberFormatError, parse_number, parse_rate

# Latin words a Russian message may keep: metric identifiers, point names and the usual abbreviations.
IDENTIFIERS = {"margin", "retention", "conversion", "leads", "romi", "seed", "ROMI", "LTV", "CAC", "A", "B",
               "nan", "inf"}  # and the value a step that is not a number echoes


def english_left(text: str) -> list[str]:
    """The Latin words of `text` outside «quoted values» that are not identifiers (avg_check, Inputs!C7, x2...)."""
    bare = re.sub(r"«[^»]*»", "", text)
    tokens = re.findall(r"[\w.!$:-]+", bare)
    return [t for t in tokens if re.fullmatch(r"[A-Za-z]+", t) and t not in IDENTIFIERS]


def assert_russian(message: object) -> str:
    """The Russian of `message` (a message, or an exception carrying one); fails if any English is left in it."""
    if isinstance(message, BaseException):
        assert isinstance(message.args[0], (Text, Message)), f"not a message: {message.args[0]!r}"
    else:
        assert isinstance(message, (Text, Message)), f"not a message: {message!r}"
    russian = in_lang(message, "ru")
    assert re.search("[а-яё]", russian), russian
    assert english_left(russian) == [], russian
    return russian


def raised(call, *args, error=LeverageError, **kwargs):
    with pytest.raises(error) as caught:
        call(*args, **kwargs)
    return caught.value


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_the_check_itself_catches_english():
    assert english_left("avg_check: «x0» умножает на 0; множитель должен быть больше 0") == []
    assert english_left('avg_check: "x0" multiplies by 0; expected a factor above 0') != []
    assert english_left("шаблон (--lever): Inputs!C7, conversion.K, x1.1, 175k, «the text»") == []
    with pytest.raises(AssertionError):
        assert_russian(ChangeError("unknown lever"))  # a message without Russian


# --- a) whole Russian renderings -----------------------------------------------------------------


def test_a_step_beyond_the_funnel_in_a_russian_template(tmp_path):
    source = corpus.filled(tmp_path / "ru.xlsx", RU, currency="RUB", lang="ru", revenue=58_800_000, profit=5_580_000)
    result = run("solve", source, "-o", tmp_path / "o.xlsx", "--lever", "conversion.3=x2", "--range", "conversion.5=1%..2%")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[3:] == [
        "Error: Недопустимое значение '--lever': неизвестный шаг воронки «conversion.3»: в этой воронке шаги с 1 по 2 "
        "(conversion.1 — переход с первого этапа на второй)",
        "Error: Недопустимое значение '--range': неизвестный шаг воронки «conversion.5»: в этой воронке шаги с 1 по 2 "
        "(conversion.1 — переход с первого этапа на второй)",
    ]
    english = run("solve", source, "-o", tmp_path / "o.xlsx", "--lever", "conversion.3=x2", "--lang", "en")
    assert english.stderr.splitlines()[3] == (
        'Error: Invalid value for \'--lever\': unknown funnel step "conversion.3": this funnel has steps 1 to 2 '
        "(conversion.1 = first stage to second)")


def test_a_missing_target_in_a_russian_template(tmp_path):
    source = corpus.filled(tmp_path / "ru.xlsx", RU, currency="RUB", lang="ru", target_profit=None,
                           revenue=58_800_000, profit=5_580_000)
    result = run("solve", source, "-o", tmp_path / "o.xlsx")
    assert result.exit_code == 1
    assert result.stderr == ("Error: Исходные данные!C34 (target_profit): не задана целевая прибыль: заполните её "
                             "в шаблоне или укажите --target-profit\n")


def test_fixed_costs_that_do_not_fit_last_year(tmp_path):
    values = {"revenue": 2_400_000, "profit": 264_000, "headcount": 24, "clients_start": 60, "clients_new": 30,
              "clients_lost": 18, "funnel_stages": ["Leads", "Paid"], "funnel_counts": [1_500, 30],
              "target_profit": 400_000, "variable_share": "20%", "cost_per_employee": 55_000, "fixed_costs": 300_000}
    result = run("solve", fill_template(EN, tmp_path / "c.xlsx", values), "--lang", "ru")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: Inputs!C55 (fixed_costs): ожидалось 336 000: при таких постоянных расходах цифры прошлого года дают "
        "прибыль прошлого года (выручка 2 400 000 × (1 − доля переменных расходов 20,00 %) − численность 24 × "
        "затраты на сотрудника 55 000 − прибыль 264 000); оставьте ячейку пустой, чтобы они рассчитались сами, или "
        "исправьте долю переменных расходов или затраты на сотрудника, получено 300000\n")


def test_a_margin_change_with_a_cost_structure(tmp_path):
    sample = tmp_path / "client.xlsx"
    shutil.copy(SAMPLE, sample)
    result = run("solve", sample, "--lever", "margin=+2pp", "--lang", "ru")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: --lever margin: маржинальность (margin) — результат расчёта, когда шаблон задаёт структуру расходов "
        "(Inputs!C54): прибыль = выручка × (1 − доля переменных расходов) − численность × затраты на сотрудника − "
        "постоянные расходы, так что маржинальность следует из выручки и задать её для B′ нельзя; вместо этого "
        "поднимите выручку на сотрудника или средний чек, снизьте в шаблоне долю переменных расходов или затраты на "
        "сотрудника либо очистите структуру расходов, чтобы менять маржинальность напрямую\n")


def test_the_optional_sections_warn_in_russian(tmp_path):
    talk = run("solve", fill_template(EN, tmp_path / "talk.xlsx", TALK_CASE), "-o", tmp_path / "t.xlsx", "--lang", "ru")
    assert talk.exit_code == 0, talk.output
    assert talk.stderr.splitlines()[0] == (
        "Warning: Юнит-экономика!B17 (payback_months): точки A, B, B′, B″: окупаемость 6,0 мес. дольше жизни клиента "
        "4,0 мес. (LTV 10 000 меньше CAC 15 000): каждый новый клиент уходит, не окупив привлечение, и чем больше "
        "таких клиентов приводит маркетинг, тем глубже кассовый разрыв; до масштабирования поднимите цену или "
        "удержание либо снизьте стоимость привлечения")
    book = run("solve", fill_template(EN, tmp_path / "book.xlsx", {**WORKED, **BOOK_CHANNELS}), "-o",
               tmp_path / "b.xlsx", "--lang", "ru")
    assert book.stderr.splitlines()[0] == (
        "Warning: Inputs!E66:E73 (channel_leads): лиды по каналам нельзя сверить с первым этапом воронки (Inputs!C24) "
        "— 5 300: у «Glamour magazine» лиды не указаны; каналы с указанными лидами дают в сумме 314")
    sample = tmp_path / "client.xlsx"
    shutil.copy(SAMPLE, sample)
    channels = run("solve", sample, "--lang", "ru")
    assert channels.stderr.splitlines()[0] == (
        "Warning: Каналы!L6 (romi): канал «Trade show» не окупается: ROMI -46,7 %, ожидалось 0 % или больше "
        "(затрачено 45 000, маржа после переменных расходов 24 000)")


def test_changes_and_numbers_that_cannot_be_read():
    assert in_lang(raised(parse_change, "avg_check", "double"), "ru") == (
        "avg_check: не удалось прочитать «double» (ожидалось число, например 1200000, 1 200 000 или 1,2 млн); "
        "напишите x2 (умножить), +100% или -10% (относительное изменение), +5pp (процентные пункты, только для "
        "долей) или новое значение (175000, 175k, 18%)")
    assert in_lang(raised(parse_change, "margin", "150%"), "ru") == (
        "margin: «150%» задаёт значение выше 100 %; ожидалась доля не больше 100 %")
    assert in_lang(raised(parse_number, "5,300", error=NumberFormatError), "ru") == (
        "текст неоднозначен: «5,300» может означать 5300 или 5.300; напишите 5300, 5 300 или 5.300 "
        "(с точкой — дробное число)")
    assert in_lang(raised(parse_range, "avg_check=200k..150k"), "ru") == (
        "avg_check: нижняя граница 200 000 больше верхней 150 000")
    assert in_lang(raised(parse_range, "retention=70%..120%"), "ru") == (
        "retention: 70 %..120 % выходит за пределы возможных долей (от 0 % до 100 %)")
    assert in_lang(ambiguous_share("1"), "ru") == ("«1» читается как 100 % (число без знака % не больше 1 — это доля); "
                                       "напишите 100% или 1%, чтобы было ясно, что имеется в виду")
    assert in_lang(raised(check_step, -1.0), "ru") == (
        "шаг -100 %; ожидалось изменение, отличное от 0 и больше -100 %, например 15%")


def test_api_problems_keep_the_russian_and_the_templates_language(worked_example):
    inputs = replace(worked_example, lang="ru", ranges=(("retention", 0.9, 0.8),),
                     sources=(("range.retention", "Исходные данные!D12"),))
    error = raised(api.solve, inputs, levers=["avg_check=+5pp"], ranges=["rev_per_employee=1..2"], error=OptionError)
    assert error.lang == "ru"
    assert error.text("ru").splitlines() == [
        "Недопустимое значение '--lever': avg_check: «+5pp» — это процентные пункты, а они применимы только к долям "
        "(margin, retention, conversion); напишите +10% или x1.1",
        "Недопустимое значение '--range': rev_per_employee меняет не прибыль, а только численность; диапазон задаётся "
        "для leads, conversion, avg_check, retention, margin или conversion.K",
        "Исходные данные!D12 (retention): retention: нижняя граница 90 % больше верхней 80 %",
    ]
    [note] = [n for n in api.solve(worked_example, levers=["retention=1"]).warnings if n.location == "--lever"]
    assert note.text("ru") == ("--lever (retention): «1» читается как 100 % (число без знака % не больше 1 — это "
                               "доля); напишите 100% или 1%, чтобы было ясно, что имеется в виду")


# --- b) messages of the lever modules, in Russian (the catalog test checks that every one has its Russian) --


@pytest.mark.parametrize("call", [
    lambda: check_lever_name("conversion.3", steps=2),
    lambda: check_lever_name("conversion.0"),
    lambda: check_lever_name("price"),
    lambda: parse_assignment("avg_check x2"),
    lambda: parse_change("margin", "+5"),
    lambda: parse_change("avg_check", "-5"),
    lambda: parse_change("margin", "0%"),
    lambda: parse_change("retention", "x"),
    lambda: parse_change("avg_check", "x-2"),
])
def test_lever_names_and_signed_numbers(call):
    assert_russian(raised(call))


def test_rate_refusals():
    assert_russian(raised(parse_rate, True, error=NumberFormatError))
    assert_russian(raised(parse_rate, "abc %", error=NumberFormatError))


def test_range_combinations_and_simulation_settings(example_scenarios):
    assert_russian(raised(combine_ranges, (), [("leads", 1, 2), ("leads", 2, 3)]))
    assert_russian(raised(combine_ranges, [("conversion", 0.1, 0.2)], [("conversion.1", 0.1, 0.2)]))
    assert_russian(raised(parse_range, "avg_check=-5..10"))
    assert_russian(raised(parse_range, "margin=-150%..10%"))
    assert_russian(raised(simulate, example_scenarios, [("leads", 1, 2)], samples=0))
    assert_russian(raised(simulate, example_scenarios, [("leads", 1, 2)], seed=-1))


def test_more_cost_messages(small):  # noqa: F811
    [problem] = cost_problems(replace(small, costs=Costs(0.5, 30, 150)))
    assert_russian(problem.expected)
    error = raised(api.solve, replace(small, lang="ru", costs=Costs(0.5, 30, 150)), error=InputError)
    assert error.lang == "ru" and english_left(error.text("ru")) == []
    without_sources = replace(small, costs=Costs(0.5, None, 100), sources=())
    assert_russian(cost_problems(without_sources)[0].expected)
    assert_russian(cost_problems(replace(without_sources, costs=Costs(None, 30)))[0].expected)
    command_line = raised(refuse_margin_change, replace(small, lang="ru"), True, error=ChangeError)
    assert command_line.lang == "ru" and assert_russian(command_line).startswith("--lever margin: маржинальность")
    template = raised(refuse_margin_change, small, False, error=InputError)
    assert_russian(template.problems[0].expected)
    halved = solve(small, changes=[("rev_per_employee", Change(multiply=0.5))])
    [reason] = halved["B'"].reasons
    told = reason_text(reason, halved, translator("ru"))
    assert re.search("[а-яё]", told) and english_left(told) == [], told


def test_targets_and_funnel_steps(worked_example):
    error = raised(api.levers, replace(worked_example, lang="ru"), target_profit=-5, error=InputError)
    assert error.lang == "ru" and assert_russian(error.problems[0].expected)
    assert_russian(raised(api.solve, replace(worked_example, target_profit=None), error=InputError).problems[0].expected)
    steps = raised(api.solve, worked_example, levers=[("conversion.5", Change(multiply=2))], error=OptionError)
    assert_russian(steps.problems[0].expected)


def optional_warnings(scenarios, lang):
    """The run's unit-economics and channel warnings, each in English and in `lang`."""
    return [Text(w.text("en"), w.text(lang)) for w in result_of(scenarios).warnings
            if w.metric in ("payback_months", "romi", "channel_leads")]


def test_channel_and_economics_warnings(worked_example):
    ru = translator("ru")

    def russian(message):
        text = ru(message)
        assert re.search("[а-яё]", text) and english_left(text) == [], text

    for channels in ([Channel("Magazine", leads=76), Channel("Website", leads=30), Channel("Walk-ins", leads=65)],
                     [Channel("Magazine", leads=76), Channel("Walk-ins")], [Channel("Walk-ins")],
                     [Channel("Magazine", leads=400)]):
        russian(leads_warning(analyse_channels(channel_inputs(*channels)), "Inputs!C24"))
    talk = solve(replace(worked_example, acquisition=Acquisition(50_000_000, lifetime_months=2)))
    [(keys, first)] = unit_economics(talk).warnings()
    english = str(warning_text(keys, first))
    for econ in (first, replace(first, payback_months=None)):
        assert english_left(ru(warning_text(keys, econ))) == []
    lines = optional_warnings(talk, "ru")
    assert lines and lines[0] == f"Unit economics!B17 (payback_months): {english}"
    assert lines[0].ru == f"Юнит-экономика!B17 (payback_months): {ru(warning_text(keys, first))}"
    for line in lines:
        assert re.search("[а-яё]", line.ru) and english_left(line.ru) == [], line.ru
    channels = replace(worked_example, channels=(Channel("Radio", spend=1000, leads=10, sales=1, revenue=10),))
    lines = optional_warnings(solve(channels), "ru")  # ROMI on revenue, leads that do not add up
    assert len(lines) == 2
    for line in lines:
        assert re.search("[а-яё]", line.ru) and english_left(line.ru) == [], line.ru