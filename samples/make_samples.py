"""Regenerate the sample inputs from the committed templates: `python samples/make_samples.py`
(with the package installed, `pip install -e .`).

- `worked-example.xlsx`: the domain doc's worked example (section 4): an international
  client in USD, target profit 1,200,000, the average check doubled for point B′.
- `ru-company.xlsx`: a made-up Russian B2B engineering-services firm in RUB, with a
  four-stage funnel, a target and two lever changes.
"""

from __future__ import annotations

from pathlib import Path

from leverage.template import fill_template

ROOT = Path(__file__).resolve().parent.parent

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


def main() -> None:
    templates, samples = ROOT / "templates", ROOT / "samples"
    for template, name, values in (
        ("leverage-template-en.xlsx", "worked-example.xlsx", WORKED_EXAMPLE),
        ("leverage-template-ru.xlsx", "ru-company.xlsx", RU_COMPANY),
    ):
        print(fill_template(templates / template, samples / name, values, force=True))


if __name__ == "__main__":
    main()
