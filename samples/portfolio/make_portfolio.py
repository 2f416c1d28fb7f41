"""Regenerate the sample portfolio, six made-up clients (four in English, two in Russian, in USD, EUR
and RUB): `python samples/portfolio/make_portfolio.py` (with the package installed). As
`samples/make_samples.py`, it fills the committed templates with the tests' helper `fill_template`.

    leverage portfolio samples/portfolio
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from helpers import fill_template  # noqa: E402

EN, RU = "leverage-template-en.xlsx", "leverage-template-ru.xlsx"

CLIENTS = (
    (EN, "northwind-it.xlsx", {
        "company": "Northwind IT Services (example)", "industry": "IT services", "revenue": 3_200_000, "profit": 288_000, "headcount": 28,
        "clients_start": 45, "clients_new": 18, "clients_lost": 9,
        "funnel_stages": ["Leads", "Meetings", "Paid"], "funnel_counts": [900, 120, 18],
        "target_profit": 450_000, "lever_avg_check": "+15%",
    }),
    (EN, "harbor-logistics.xlsx", {
        "company": "Harbor Logistics (example)", "industry": "B2B services", "revenue": 7_500_000, "profit": 450_000, "headcount": 64,
        "clients_start": 120, "clients_new": 30, "clients_lost": 25,
        "funnel_stages": ["Leads", "Quotes sent", "Paid"], "funnel_counts": [2_400, 300, 30],
        "target_profit": 700_000, "lever_retention": "+5pp",
    }),
    (EN, "bay-design.xlsx", {
        "company": "Bay Design Studio (example)", "industry": "B2B services", "revenue": 1_100_000, "profit": 154_000, "headcount": 9,
        "clients_start": 30, "clients_new": 22, "clients_lost": 12,
        "funnel_stages": ["Leads", "Paid"], "funnel_counts": [440, 22],
        "target_profit": 200_000,
    }),
    (EN, "alpine-clinic.xlsx", {
        "company": "Alpine Dental Clinic (example)", "industry": "Healthcare", "currency": "EUR", "revenue": 2_600_000, "profit": 312_000,
        "headcount": 31, "clients_start": 1_800, "clients_new": 700, "clients_lost": 540,
        "funnel_stages": ["Leads", "First visits", "Paid"], "funnel_counts": [3_500, 1_050, 700],
        "target_profit": 420_000, "lever_avg_check": "+10%",
    }),
    (RU, "ru-stroy.xlsx", {
        "company": "ООО «Стройпроект» (пример)", "industry": "Construction", "revenue": 240_000_000, "profit": 19_200_000, "headcount": 110,
        "clients_start": 35, "clients_new": 12, "clients_lost": 8,
        "funnel_stages": ["Лиды", "Встречи", "Оплатили"], "funnel_counts": [300, 60, 12],
        "target_profit": 30_000_000, "lever_avg_check": "+20%",
    }),
    (RU, "ru-soft.xlsx", {
        "company": "ООО «Софтлайн-Сервис» (пример)", "industry": "IT services", "revenue": 96_000_000, "profit": 14_400_000, "headcount": 48,
        "clients_start": 210, "clients_new": 70, "clients_lost": 42,
        "funnel_stages": ["Лиды", "Демо", "Оплатили"], "funnel_counts": [2_100, 350, 70],
        "target_profit": 20_000_000, "lever_retention": "+3 п.п.",
    }),
)


def main() -> None:
    templates, folder = ROOT / "templates", Path(__file__).resolve().parent
    for template, name, values in CLIENTS:
        print(fill_template(templates / template, folder / name, values, force=True))


if __name__ == "__main__":
    main()
