"""Words of the optional outputs (cost structure, unit economics, channels), in English and Russian.

Kept apart from `i18n` so the sections can be merged and translated on their own.
"""

from __future__ import annotations

TEXT = {
    "en": {
        # Inputs sheet
        "costs_title": "Cost structure and acquisition (optional inputs)",
        "variable_share": "Variable cost share",
        "cost_per_employee": "Cost per employee, a year",
        "fixed_costs": "Fixed costs (derived from last year)",
        "fixed_costs_note": "Revenue × (1 − variable share) − headcount × cost per employee − profit, so that point A "
                            "reproduces last year's profit.",
        "margin_note": "With a cost structure the margin is computed on the Points sheet from the costs; a change to "
                       "the margin above is not used.",
        "acquisition_spend": "Marketing and sales spend, last year",
        "lifetime_months": "Average client lifetime, months",
        "monthly_churn": "Monthly churn",
        "channels_title": "Acquisition channels, last year",
        # Points sheet (cost structure drivers)
        "unit_contribution": "Left per unit of revenue after variable and staff costs",
        # Economics sheet
        "economics_sheet": "Unit economics",
        "economics_title": "Unit economics of each point",
        "leads": "Leads",
        "cost_per_lead": "Cost per lead (last year's)",
        "point_spend": "Acquisition spend",
        "clients_new": "New clients",
        "conversion": "Conversion, lead to paying client",
        "cac": "Cost to acquire a client (CAC)",
        "avg_check": "Average check, a year",
        "monthly_revenue": "Revenue per client, a month",
        "contribution_share": "Contribution share of revenue",
        "monthly_contribution": "Contribution per client, a month",
        "lifetime": "Client lifetime, months",
        "ltv": "Lifetime value (LTV)",
        "ltv_to_cac": "LTV / CAC",
        "payback": "Payback, months",
        "pays_back": "Pays back within the lifetime",
        "ok": "OK",
        "loses": "loses money",
        "how": "How it is measured",
        "how_cac": "CAC = acquisition spend / new clients. B, B′ and B″ keep last year's cost per lead, so their spend "
                   "is their leads × that cost, and CAC = cost per lead / conversion from lead to paying client.",
        "how_contribution_variable_share": "Contribution share = 1 − variable cost share.",
        "how_contribution_margin": "No variable cost share is given: the net profit margin stands in for the "
                                   "contribution share (the book's TCV = $ × M × # × T), which is conservative.",
        "how_lifetime_months": "Lifetime: the template's average client lifetime.",
        "how_lifetime_churn": "Lifetime: 1 / the template's monthly churn.",
        "how_lifetime_retention": "Lifetime: 12 / (1 − annual retention) months, at most 120; annual retention "
                                  "cannot express a lifetime under a year.",
        "how_payback": "Payback = CAC / contribution per client a month. A client pays back when payback ≤ lifetime, "
                       "which is the same as LTV ≥ CAC.",
        "warnings": "Warnings (written with the figures above; the row above them updates live)",
        # Channels sheet
        "channels_sheet": "Channels",
        "channels_heading": "Acquisition channels: what each costs and returns",
        "channel": "Channel",
        "spend": "Spend",
        "contacts": "Contacts",
        "sales": "Sales",
        "revenue": "Revenue",
        "ad_conversion": "Ad conversion",
        "channel_cost_per_lead": "Cost per lead",
        "cost_of_sale": "Cost of sale",
        "conversion_to_sale": "Conversion to sale",
        "channel_avg_check": "Average check",
        "romi": "ROMI",
        "channel_pays_back": "Pays back",
        "yes": "yes",
        "no": "NO",
        "total": "Total",
        "romi_variable_share": "ROMI = (revenue × (1 − variable share) − spend) / spend.",
        "romi_revenue": "ROMI = (revenue − spend) / spend: no variable cost share is given, so the cost of what was "
                        "sold is ignored and every channel looks better than it is.",
        "funnel_leads": "Leads in the funnel's first stage",
        "leads_check": "Channel leads add up to the funnel",
        "leads_differ": "do not add up",
        "advice": "Advice (written with the figures above)",
        # Terminal
        "costs_line": "Cost structure: variable share {v}, cost per employee {c}, fixed costs {f} ({how})",
        "fixed_derived": "derived from last year",
        "fixed_given": "as given, agreeing with last year",
        "economics_heading": "Unit economics",
        "channels_table_heading": "Channels",
    },
    "ru": {
        "costs_title": "Структура затрат и привлечение (необязательные данные)",
        "variable_share": "Доля переменных затрат",
        "cost_per_employee": "Затраты на сотрудника в год",
        "fixed_costs": "Постоянные затраты (из прошлого года)",
        "fixed_costs_note": "Выручка × (1 − доля переменных) − сотрудники × затраты на сотрудника − прибыль, чтобы "
                            "точка A повторила прибыль прошлого года.",
        "margin_note": "При структуре затрат маржинальность считается на листе «Точки» из затрат; изменение "
                       "маржинальности выше не используется.",
        "acquisition_spend": "Затраты на маркетинг и продажи за прошлый год",
        "lifetime_months": "Средний срок жизни клиента, мес.",
        "monthly_churn": "Месячный отток",
        "channels_title": "Каналы привлечения за прошлый год",
        "unit_contribution": "Остаётся с единицы выручки после переменных затрат и персонала",
        "economics_sheet": "Юнит-экономика",
        "economics_title": "Юнит-экономика каждой точки",
        "leads": "Лиды",
        "cost_per_lead": "Стоимость лида (прошлого года)",
        "point_spend": "Затраты на привлечение",
        "clients_new": "Новые клиенты",
        "conversion": "Конверсия из лида в клиента",
        "cac": "Стоимость привлечения клиента (CAC)",
        "avg_check": "Средний чек за год",
        "monthly_revenue": "Выручка с клиента в месяц",
        "contribution_share": "Доля маржи в выручке",
        "monthly_contribution": "Маржа с клиента в месяц",
        "lifetime": "Срок жизни клиента, мес.",
        "ltv": "Пожизненная ценность (LTV)",
        "ltv_to_cac": "LTV / CAC",
        "payback": "Окупаемость, мес.",
        "pays_back": "Окупается за срок жизни",
        "ok": "OK",
        "loses": "в убыток",
        "how": "Как считается",
        "how_cac": "CAC = затраты на привлечение / новые клиенты. В B, B′ и B″ стоимость лида прошлогодняя, поэтому "
                   "затраты = лиды × эта стоимость, а CAC = стоимость лида / конверсия из лида в клиента.",
        "how_contribution_variable_share": "Доля маржи = 1 − доля переменных затрат.",
        "how_contribution_margin": "Доля переменных затрат не указана: вместо доли маржи взята чистая "
                                   "маржинальность (TCV = $ × M × # × T из книги), это осторожная оценка.",
        "how_lifetime_months": "Срок жизни: средний срок жизни клиента из шаблона.",
        "how_lifetime_churn": "Срок жизни: 1 / месячный отток из шаблона.",
        "how_lifetime_retention": "Срок жизни: 12 / (1 − годовое удержание) месяцев, не больше 120; годовое "
                                  "удержание не выражает срок меньше года.",
        "how_payback": "Окупаемость = CAC / маржа с клиента в месяц. Клиент окупается, если окупаемость ≤ срока "
                       "жизни, то есть LTV ≥ CAC.",
        "warnings": "Предупреждения (по цифрам выше; строка над ними пересчитывается)",
        "channels_sheet": "Каналы",
        "channels_heading": "Каналы привлечения: затраты и отдача",
        "channel": "Канал",
        "spend": "Затраты",
        "contacts": "Контакты",
        "sales": "Продажи",
        "revenue": "Выручка",
        "ad_conversion": "Конверсия рекламы",
        "channel_cost_per_lead": "Стоимость лида",
        "cost_of_sale": "Стоимость продажи",
        "conversion_to_sale": "Конверсия в продажу",
        "channel_avg_check": "Средний чек",
        "romi": "ROMI",
        "channel_pays_back": "Окупается",
        "yes": "да",
        "no": "НЕТ",
        "total": "Итого",
        "romi_variable_share": "ROMI = (выручка × (1 − доля переменных) − затраты) / затраты.",
        "romi_revenue": "ROMI = (выручка − затраты) / затраты: доля переменных затрат не указана, себестоимость не "
                        "учтена, и каждый канал выглядит лучше, чем есть.",
        "funnel_leads": "Лиды на первом этапе воронки",
        "leads_check": "Лиды каналов сходятся с воронкой",
        "leads_differ": "не сходятся",
        "advice": "Рекомендации (по цифрам выше)",
        "costs_line": "Структура затрат: доля переменных {v}, затраты на сотрудника {c}, постоянные затраты {f} ({how})",
        "fixed_derived": "выведены из прошлого года",
        "fixed_given": "как в шаблоне, сходятся с прошлым годом",
        "economics_heading": "Юнит-экономика",
        "channels_table_heading": "Каналы",
    },
}


def text(lang: str, key: str, **kwargs: str) -> str:
    return TEXT[lang][key].format(**kwargs)
