"""Words the outputs use (workbook, terminal table), in English and Russian."""

from __future__ import annotations

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
        "ratio": "{p} / A",
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
        "ratio": "{p} / A",
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
