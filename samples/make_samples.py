"""Regenerate the sample inputs from the committed templates: `python samples/make_samples.py`
(with the package installed, `pip install -e .`). `fill_template` is the tests' helper
(tests/helpers.py): only the tests and this script fill a template from a dict of values.

- `worked-example.xlsx`: the domain doc's worked example (section 4): an international
  client in USD, target profit 1,200,000, the average check doubled for point B′.
- `ru-company.xlsx`: a made-up Russian B2B engineering-services firm in RUB, with a
  four-stage funnel, a target and two lever changes.
- `channels-example.xlsx`: a made-up B2B software firm in USD with every optional
  section: a cost structure (fixed costs left blank, derived from last year), the
  marketing and sales spend for the unit economics, three acquisition channels whose
  leads add up to the funnel (one of them does not pay back), and ranges.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from helpers import fill_template  # noqa: E402

WORKED_EXAMPLE = {
    "company": "International client (worked example)",
    "revenue": 5_880_000,
    "profit": 558_000,
    "headcount": 83,
    "clients_start": 52,
    "clients_new": 37,
    "clients_lost": 22,
    "funnel_stages": ["Leads", "Proposals sent", "Paid"],
    "funnel_counts": [5_300, 1_850, 37],
    "target_profit": 1_200_000,
    "lever_avg_check": "x2",
}

RU_COMPANY = {
    "company": "ООО «Альфа-Проект» (пример)",
    "revenue": 148_500_000,
    "profit": 16_300_000,
    "headcount": 62,
    "clients_start": 41,
    "clients_new": 18,
    "clients_lost": 9,
    "funnel_stages": ["Лиды", "Встречи", "Отправленные КП", "Оплатили"],
    "funnel_counts": [640, 152, 61, 18],
    "target_profit": 25_000_000,
    "lever_avg_check": "+30%",
    "lever_conversion_steps": [None, None, "+5 п.п."],
}

CHANNELS_EXAMPLE = {
    "company": "Northwind Analytics (example)",
    "revenue": 2_400_000,
    "profit": 264_000,
    "headcount": 24,
    "clients_start": 60,
    "clients_new": 30,
    "clients_lost": 18,
    "funnel_stages": ["Leads", "Demos", "Paid"],
    "funnel_counts": [1_500, 240, 30],
    "target_profit": 400_000,
    "lever_avg_check": "+15%",
    "lever_conversion_steps": [None, "+25%"],
    "variable_share": "20%",
    "cost_per_employee": 55_000,
    "acquisition_spend": 180_000,
    "channel_names": ["Webinars", "Paid search", "Trade show"],
    "channel_spend": [60_000, 75_000, 45_000],
    "channel_contacts": [40_000, 300_000, 3_000],
    "channel_leads": [600, 650, 250],
    "channel_sales": [14, 10, 6],
    "channel_revenue": [520_000, 290_000, 30_000],
    "range_avg_check_low": 34_000,
    "range_avg_check_high": 42_000,
    "range_retention_low": "75%",
    "range_retention_high": "85%",
}


def main() -> None:
    templates, samples = ROOT / "templates", ROOT / "samples"
    for template, name, values in (
        ("leverage-template-en.xlsx", "worked-example.xlsx", WORKED_EXAMPLE),
        ("leverage-template-ru.xlsx", "ru-company.xlsx", RU_COMPANY),
        ("leverage-template-en.xlsx", "channels-example.xlsx", CHANNELS_EXAMPLE),
    ):
        print(fill_template(templates / template, samples / name, values, force=True))


if __name__ == "__main__":
    main()
