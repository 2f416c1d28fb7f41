"""Words and number styles the outputs use (workbook, terminal, conclusions), in English and Russian."""

from __future__ import annotations

NBSP = "\u00a0"


class Text(str):
    """Wording in English and Russian: the English is the str itself, the Russian is `.ru`.

    Template labels and notes, and every message of an error or warning, are Texts:
    whatever treats one as a str (comparisons, f-strings, JSON, logs) sees the English.
    """

    ru: str

    def __new__(cls, en: str, ru: str) -> Text:
        text = super().__new__(cls, en)
        text.ru = ru
        return text

    @property
    def en(self) -> str:
        return str(self)

    def get(self, lang: str | None) -> str:
        """The wording in `lang`: Russian for "ru", else English."""
        return self.ru if lang == "ru" else str(self)

    def __reduce__(self):  # a str subclass with an attribute: keep both when pickled or copied
        return (Text, (str(self), self.ru))


def in_lang(message: object, lang: str | None) -> str:
    """`message` in `lang`: the Russian of a `Text` (or of an exception carrying one) for "ru", else the English."""
    if isinstance(message, BaseException) and message.args:
        message = message.args[0]
    return message.get(lang) if isinstance(message, Text) else str(message)


def compose(en: str, ru: str, /, **parts: object) -> Text:
    """`Text` from two `str.format` templates; each part goes in in the template's own language.

    A part that is a `Text`, or an exception whose message is one, contributes its
    English to `en` and its Russian to `ru`; other parts are formatted as they are:
    `compose('"{seen}": {why}', '«{seen}»: {why}', seen=text, why=exc)`.
    """
    return Text(
        en.format(**{name: _part(value, "en") for name, value in parts.items()}),
        ru.format(**{name: _part(value, "ru") for name, value in parts.items()}),
    )


def _part(value: object, lang: str) -> object:
    if isinstance(value, (Text, BaseException)):
        return in_lang(value, lang)
    return value

# Where each currency's sign goes. English puts the dollar first and the euro and
# rouble after (as Excel's en-US formats for those currencies do); Russian puts
# every sign after the number.
CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "RUB": "₽"}

POINT_TITLES = {
    "en": {
        "A": "A: last year",
        "B": "B: target, nothing improved",
        "B'": "B′: target, levers changed",
        "B''": "B″: last year's leads, levers changed",
    },
    "ru": {
        "A": "A: прошлый год",
        "B": "B: цель без улучшений",
        "B'": "B′: цель с рычагами",
        "B''": "B″: лиды прошлого года с рычагами",
    },
}
POINT_SHORT = {"A": "A", "B": "B", "B'": "B′", "B''": "B″"}

TEXT = {
    "en": {
        "inputs_sheet": "Inputs",
        "points_sheet": "Points",
        "inputs_title": "Last year (point A) and the target",
        "levers_title": "Levers: point A and the changes for B′",
        "points_title": "Points A, B, B′ and B″",
        "lever": "Lever",
        "last_year": "A (last year)",
        "set": "New value",
        "multiply": "× multiply",
        "add": "+ add",
        "b1_value": "B′ value",
        "lever_hint": "Change B′ here: a new value, or a factor (× 2 doubles), or an amount to add (+0.05 = +5 pp for rates).",
        "metric": "Metric",
        "stage": "Stage",
        "count": "Count",
        "status": "Status",
        "ok": "OK",
        "infeasible": "infeasible",
        "calculation": "Calculation",
        "actual": "actual",
        "back": "back from profit",
        "forward": "forward from leads",
        "drivers": "Drivers",
        "target": "Profit to reach",
        "leads_in": "Leads given",
        "figures": "Figures (exact)",
        "whole": "Whole units (requirements rounded up, forecasts down)",
        "surplus": "Clients carried in beyond need",
        "conversion_to": "conversion to {stage}",
        "people": "people",
        "company": "Company",
        "currency": "Currency",
        "target_profit": "Target profit",
        "clients_lost": "Lost clients",
        "funnel": "New-business funnel",
        "reason": "Why",
        # Lever analysis (`leverage levers`, the Levers sheet).
        "levers_sheet": "Levers",
        "levers_sheet_title": "Levers: what each is worth, and what each must reach",
        "step": "Step: each lever rises by",
        "step_note": "Set on the Inputs sheet (the last input there): change it and every figure below follows.",
        "conversion_total": "Conversion, leads to paying clients",
        "levers_a_title": "Point A's levers, and each raised by the step",
        "raised": "Raised by the step",
        "capped": "Capped",
        "capped_note": "capped at 100 %",
        "cap_hint": "A rate stops at 100 %. Conversion rises by one factor on every funnel step, at most until the highest step reaches 100 %.",
        "sensitivity_title": "Sensitivity: each lever alone raised by the step, against point A recomputed forward",
        "scenario": "Scenario",
        "a_forward": "A, recomputed forward from its levers",
        "all_five": "All five together",
        "change_vs_a": "Profit change vs A",
        "rank": "Rank",
        "profit_to_cent": "Profit to the cent (what the rank compares)",
        "ranked_title": "Ranked, most profit first: follows the figures when inputs change (the chart shows this table)",
        "chart_levers": "Profit change with each lever raised by the step",
        "goal_title": "Goal seek for next year: the value each lever alone must reach for the target",
        "goal_note": "Next year: the clients carried in (A's active clients), A's leads, and A's other levers.",
        "carried_in": "Clients carried into next year",
        "clients_before_retention": "Clients before retention (carried in + new)",
        "next_profit": "Profit next year with nothing changed",
        "new_needed": "New clients needed for the target",
        "required": "Required",
        "change": "Change vs A",
        "feasible": "Feasible",
        "gs_above_100": "cannot exceed 100 %",
        "gs_step_above_100": "one factor on every step would take the highest step above 100 %; see the single steps",
        "gs_covered": "the clients carried in already reach the target: none needed",
        "gs_unreachable": "this lever alone cannot reach the target",
        "levers_heading": "Levers of {company}",
        "sens_heading": "Each lever alone {step}, against last year recomputed forward (profit {profit}):",
        "all_five_line": "All five together",
        "goal_heading": "What each lever alone must reach for profit {target} next year",
        "goal_context": "({clients} clients carried in, {leads} leads, other levers as last year: profit {profit} with nothing changed):",
        "no_target": "No target profit: give --target-profit (or fill it in the template) for the goal seek.",
        # Uncertainty (`solve --range`, the Uncertainty sheet).
        "uncertainty_sheet": "Uncertainty",
        "unc_title": "Uncertainty of B″: profit when levers fall anywhere in their ranges",
        "unc_note": "Values from a simulation of {samples} scenarios (seed {seed}): each ranged lever drawn uniformly "
                    "between its low and high, independently, the rest as in B″. They do not recalculate: "
                    "run leverage solve again after changing the inputs or the ranges.",
        "low": "Low",
        "high": "High",
        "unc_target": "Target profit",
        "probability": "Probability of reaching the target",
        "p10": "Profit, P10 (9 in 10 scenarios earn more)",
        "p50": "Profit, P50 (median)",
        "p90": "Profit, P90 (1 in 10 scenarios earn more)",
        "histogram": "Profit distribution of the simulated scenarios",
        "bin_from": "Profit from",
        "bin_to": "to",
        "bin_count": "Scenarios",
        "bin_share": "Share",
        "target_bin": "The target profit falls in this bin →",
        "unc_heading": "Uncertainty of B″ ({samples} samples, seed {seed}, uniform within each range):",
        "unc_probability": "Probability of reaching {target}",
        "summary_sheet": "Summary",
        "charts_sheet": "Charts",
        "checks_sheet": "Checks",
        "summary_title": "{company}: the path to a profit of {target}",
        "summary_title_plain": "The path to a profit of {target}",
        "levers_changed": "Levers changed for B′ and B″: {changes}",
        "no_levers_changed": "No lever is changed for B′ and B″ (change them on the Inputs sheet)",
        "ratio_to": "{p} / {q}",
        "conclusions": "Conclusions",
        "conclusions_note": "The conclusions are text written by leverage from the figures above as they were computed; "
                            "they do not follow edits to the inputs. Run leverage again to regenerate them.",
        "whole_note": "Headcount, clients and funnel stages are in whole units (requirements rounded up, forecasts down); "
                      "ratios use the exact figures of the Points sheet.",
        "check": "Check",
        "checks_title": "Checks: the model holds together",
        "checks_all": "All",
        "master_check": "Master check (every check above)",
        "checks_pass": "All checks pass",
        "checks_fail": "A check fails: see the Checks sheet",
        "check_clients": "Clients add up: (start + new − surplus) × retention = active at year end",
        "check_last_year": "Last year adds up: start + new − lost = active, 0 ≤ lost ≤ start + new, last funnel stage = new clients",
        "check_funnel": "The funnel holds: each stage × its conversion = the next stage; the last stage = new clients",
        "check_target": "Targets are met: A = last year's profit, B and B′ = the target, B″ uses last year's leads",
        "check_forward": "B″ is consistent with the levers: last year's leads through B′'s levers give B″'s profit",
        "checks_note": "A point that cannot be computed passes its checks: the Points sheet says why it is infeasible. "
                       "Figures agree when their relative difference rounds to 0 at nine decimals.",
        "chart_data": "Chart data (formulas on the Points sheet)",
        "chart_index": "{metric}, × last year",
        "chart_spacing": "Funnel spacing, {point}",
        "chart_money": "Revenue and profit",
        "chart_volumes": "Leads, new clients and headcount (last year = 1)",
        "chart_funnel": "Funnel, {point}",
        "page_footer": "Page &P of &N",
        "subject": "Lever method: points A, B, B′ and B″",
        "property_title": "{company}: lever method scenarios",
        "property_title_plain": "Lever method scenarios",
        "comments": "Written by leverage from the client's template; edit the yellow cells on the Inputs sheet.",
        "status_ok": "OK",
    },
    "ru": {
        "inputs_sheet": "Исходные данные",
        "points_sheet": "Точки",
        "inputs_title": "Прошлый год (точка A) и цель",
        "levers_title": "Рычаги: точка A и изменения для B′",
        "points_title": "Точки A, B, B′ и B″",
        "lever": "Рычаг",
        "last_year": "A (прошлый год)",
        "set": "Новое значение",
        "multiply": "× умножить",
        "add": "+ прибавить",
        "b1_value": "Значение в B′",
        "lever_hint": "Меняйте B′ здесь: новое значение, или множитель (× 2 удваивает), или прибавку (+0,05 = +5 п.п. для долей).",
        "metric": "Показатель",
        "stage": "Этап",
        "count": "Количество",
        "status": "Статус",
        "ok": "OK",
        "infeasible": "невыполнимо",
        "calculation": "Расчёт",
        "actual": "факт",
        "back": "от прибыли назад",
        "forward": "от лидов вперёд",
        "drivers": "Исходные величины",
        "target": "Целевая прибыль точки",
        "leads_in": "Заданные лиды",
        "figures": "Показатели (точно)",
        "whole": "В целых единицах (потребность вверх, прогноз вниз)",
        "surplus": "Клиентов с прошлого года сверх нужного",
        "conversion_to": "конверсия в «{stage}»",
        "people": "чел.",
        "company": "Компания",
        "currency": "Валюта",
        "target_profit": "Целевая прибыль",
        "clients_lost": "Ушедшие клиенты",
        "funnel": "Воронка нового бизнеса",
        "reason": "Почему",
        # Lever analysis (`leverage levers`, the Levers sheet).
        "levers_sheet": "Рычаги",
        "levers_sheet_title": "Рычаги: что даёт каждый и до чего его нужно поднять",
        "step": "Шаг: каждый рычаг растёт на",
        "step_note": "Задаётся на листе исходных данных (последнее поле): измените его, и все показатели ниже пересчитаются.",
        "conversion_total": "Конверсия из лидов в оплативших",
        "levers_a_title": "Рычаги точки A и каждый из них после шага",
        "raised": "После шага",
        "capped": "Ограничено",
        "capped_note": "ограничено 100 %",
        "cap_hint": "Доля не превышает 100 %. Конверсия растёт общим множителем на всех шагах воронки, пока самый высокий шаг не достигнет 100 %.",
        "sensitivity_title": "Чувствительность: каждый рычаг отдельно вырос на шаг, относительно точки A, пересчитанной вперёд",
        "scenario": "Сценарий",
        "a_forward": "A, пересчёт вперёд от её рычагов",
        "all_five": "Все пять вместе",
        "change_vs_a": "Изменение прибыли к A",
        "rank": "Место",
        "profit_to_cent": "Прибыль до копейки (по ней место)",
        "ranked_title": "По убыванию прибыли: порядок следует за показателями при изменении исходных данных (его показывает диаграмма)",
        "chart_levers": "Изменение прибыли при росте каждого рычага на шаг",
        "goal_title": "Подбор цели на следующий год: до чего нужно поднять каждый рычаг отдельно",
        "goal_note": "Следующий год: переходящие клиенты (постоянные клиенты точки A), лиды точки A и остальные рычаги точки A.",
        "carried_in": "Клиенты, переходящие на следующий год",
        "clients_before_retention": "Клиенты до удержания (переходящие + новые)",
        "next_profit": "Прибыль следующего года без изменений",
        "new_needed": "Нужно новых клиентов для цели",
        "required": "Нужно",
        "change": "Изменение к A",
        "feasible": "Достижимо",
        "gs_above_100": "не может превышать 100 %",
        "gs_step_above_100": "общий множитель поднял бы самый высокий шаг выше 100 %; см. отдельные шаги",
        "gs_covered": "переходящих клиентов уже хватает для цели: не нужно",
        "gs_unreachable": "один этот рычаг цели не достигает",
        "levers_heading": "Рычаги: {company}",
        "sens_heading": "Каждый рычаг отдельно {step}, относительно прошлого года, пересчитанного вперёд (прибыль {profit}):",
        "all_five_line": "Все пять вместе",
        "goal_heading": "До чего нужно поднять каждый рычаг отдельно для прибыли {target} в следующем году",
        "goal_context": "(переходящих клиентов {clients}, лидов {leads}, остальные рычаги как в прошлом году: прибыль без изменений {profit}):",
        "no_target": "Нет целевой прибыли: укажите --target-profit (или заполните её в шаблоне) для подбора цели.",
        # Uncertainty (`solve --range`, the Uncertainty sheet).
        "uncertainty_sheet": "Неопределённость",
        "unc_title": "Неопределённость B″: прибыль, когда рычаги принимают любые значения в своих диапазонах",
        "unc_note": "Значения из моделирования {samples} сценариев (seed {seed}): каждый рычаг с диапазоном выбран равномерно "
                    "между минимумом и максимумом, независимо, остальное как в B″. Они не пересчитываются: "
                    "запустите leverage solve снова после изменения исходных данных или диапазонов.",
        "low": "Минимум",
        "high": "Максимум",
        "unc_target": "Целевая прибыль",
        "probability": "Вероятность достичь цели",
        "p10": "Прибыль, P10 (9 из 10 сценариев дают больше)",
        "p50": "Прибыль, P50 (медиана)",
        "p90": "Прибыль, P90 (1 из 10 сценариев даёт больше)",
        "histogram": "Распределение прибыли по смоделированным сценариям",
        "bin_from": "Прибыль от",
        "bin_to": "до",
        "bin_count": "Сценариев",
        "bin_share": "Доля",
        "target_bin": "Целевая прибыль попадает в этот интервал →",
        "unc_heading": "Неопределённость B″ ({samples} сценариев, seed {seed}, равномерно в каждом диапазоне):",
        "unc_probability": "Вероятность достичь {target}",
        "summary_sheet": "Сводка",
        "charts_sheet": "Графики",
        "checks_sheet": "Проверки",
        "summary_title": "{company}: путь к прибыли {target}",
        "summary_title_plain": "Путь к прибыли {target}",
        "levers_changed": "Рычаги B′ и B″: {changes}",
        "no_levers_changed": "Рычаги для B′ и B″ не изменены (их меняют на листе исходных данных)",
        "ratio_to": "{p} / {q}",
        "conclusions": "Выводы",
        "conclusions_note": "Выводы — текст, который leverage написал по показателям выше в момент расчёта; "
                            "при правке исходных данных они не меняются. Запустите leverage снова, чтобы обновить их.",
        "whole_note": "Сотрудники, клиенты и этапы воронки — в целых единицах (потребность вверх, прогноз вниз); "
                      "отношения считаются по точным показателям листа «Точки».",
        "check": "Проверка",
        "checks_title": "Проверки: модель сходится",
        "checks_all": "Все",
        "master_check": "Общая проверка (все проверки выше)",
        "checks_pass": "Все проверки пройдены",
        "checks_fail": "Проверка не пройдена: см. лист «Проверки»",
        "check_clients": "Клиенты сходятся: (на начало + новые − запас) × удержание = постоянные на конец года",
        "check_last_year": "Прошлый год сходится: на начало + новые − ушедшие = постоянные, 0 ≤ ушедшие ≤ на начало + новые, "
                           "последний этап воронки = новые клиенты",
        "check_funnel": "Воронка сходится: этап × его конверсия = следующий этап; последний этап = новые клиенты",
        "check_target": "Цели выполнены: A = прибыль прошлого года, B и B′ = цель, B″ — на лидах прошлого года",
        "check_forward": "B″ согласована с рычагами: лиды прошлого года через рычаги B′ дают прибыль B″",
        "checks_note": "Точка, которую невозможно рассчитать, проходит проверки: почему она невыполнима, сказано на листе «Точки». "
                       "Показатели совпадают, если их относительная разница, округлённая до девяти знаков, равна 0.",
        "chart_data": "Данные графиков (формулы по листу «Точки»)",
        "chart_index": "{metric}, к прошлому году",
        "chart_spacing": "Отступ воронки, {point}",
        "chart_money": "Выручка и прибыль",
        "chart_volumes": "Лиды, новые клиенты и сотрудники (прошлый год = 1)",
        "chart_funnel": "Воронка, {point}",
        "page_footer": "Страница &P из &N",
        "subject": "Метод рычага: точки A, B, B′ и B″",
        "property_title": "{company}: сценарии метода рычага",
        "property_title_plain": "Сценарии метода рычага",
        "comments": "Создано leverage по шаблону клиента; меняйте жёлтые ячейки на листе исходных данных.",
        "status_ok": "OK",
    },
}

METRICS = {
    "en": {
        "profit": "Profit",
        "revenue": "Revenue",
        "margin": "Profit margin",
        "headcount": "Headcount",
        "rev_per_employee": "Revenue per employee",
        "avg_check": "Average check (annual revenue per client)",
        "clients_start": "Clients at start of year",
        "clients_new": "New clients",
        "clients_end": "Active clients at year end",
        "retention": "Retention",
        "leads": "Leads",
        "conversion": "Conversion, every funnel step",
    },
    "ru": {
        "profit": "Прибыль",
        "revenue": "Выручка",
        "margin": "Маржинальность",
        "headcount": "Количество сотрудников",
        "rev_per_employee": "Выручка на сотрудника",
        "avg_check": "Средний чек (выручка на клиента за год)",
        "clients_start": "Клиенты на начало года",
        "clients_new": "Новые клиенты",
        "clients_end": "Постоянные клиенты на конец года",
        "retention": "Конверсия в удержание",
        "leads": "Лиды",
        "conversion": "Конверсия, все шаги воронки",
    },
}


def text(lang: str, key: str, **kwargs: str) -> str:
    return TEXT[lang][key].format(**kwargs)


def metric(lang: str, key: str) -> str:
    if key.startswith("conversion."):
        return f"{METRICS[lang]['conversion'].split(',')[0]} {key.split('.')[1]}"
    return METRICS[lang][key]


def lever_label(lang: str, lever: str, stage_names: tuple[str, ...] = ()) -> str:
    """A lever's name for tables and sheets; a funnel step names its two stages."""
    if lever == "conversion":
        return text(lang, "conversion_total")
    if lever.startswith("conversion."):
        k = int(lever.split(".")[1])
        label = metric(lang, lever)
        return f"{label}: {stage_names[k - 1]} → {stage_names[k]}" if len(stage_names) > k else label
    return metric(lang, lever).split(" (")[0]
def number(value: float, decimals: int = 0, lang: str = "en", space: str = " ") -> str:
    """`value` with thousands grouped: 17,819.15 in English, 17 819,15 in Russian.

    `space` groups Russian thousands: a plain space for the terminal, a no-break
    space in sentences so that a number never wraps across two lines. From a quadrillion up (and for
    an infinity) it is written 1.0e+308, not with three hundred digits.
    """
    text = f"{value:,.{decimals}f}" if abs(value) < 1e15 else f"{value:.1e}"
    if lang == "ru":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", space)
    return text


def percent(share: float, decimals: int = 2, lang: str = "en", space: str = " ") -> str:
    """A share as a percentage: 9.49% in English, 9,49 % in Russian."""
    text = number(share * 100, decimals, lang, space)
    return f"{text}{space}%" if lang == "ru" else f"{text}%"


def money(value: float, currency: str, lang: str = "en", space: str = " ") -> str:
    """An amount with its currency sign where each language puts it: $1,200,000, 1 200 000 ₽."""
    text = number(value, 0, lang, space)
    sign = CURRENCY_SIGNS.get(currency)
    if sign is None:
        return f"{text}{space}{currency}"
    if sign_first(currency, lang):
        return f"{sign}{text}"
    return f"{text}{space}{sign}"


def currency_unit(currency: str, lang: str) -> str:
    """The currency as a table's labels name it: Прибыль, ₽ in Russian, with the sign the workbook's figures
    carry (the code reads as foreign there); Profit, USD in English, where the code is the usual label."""
    return CURRENCY_SIGNS.get(currency, currency) if lang == "ru" else currency


def sign_first(currency: str, lang: str) -> bool:
    return lang == "en" and currency == "USD"


def times(ratio: float, lang: str) -> str:
    """A ratio above 1 as "4.3×" or "в 4,3 раза" (one decimal, or none when it is whole)."""
    text = number(ratio, 1, lang)
    whole = text.endswith((".0", ",0"))
    if whole:
        text = text[:-2]
    if lang == "en":
        return f"{text}×"
    n = int(round(ratio))
    word = "раза" if not whole or (n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14)) else "раз"
    return f"в {text} {word}"
