"""Words and number styles the outputs use (workbook, terminal, conclusions), in English and Russian."""

from __future__ import annotations

NBSP = "\u00a0"

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


def number(value: float, decimals: int = 0, lang: str = "en", space: str = " ") -> str:
    """`value` with thousands grouped: 17,819.15 in English, 17 819,15 in Russian.

    `space` groups Russian thousands: a plain space for the terminal, a no-break
    space in sentences so that a number never wraps across two lines.
    """
    text = f"{value:,.{decimals}f}"
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
