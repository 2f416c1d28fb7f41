"""Every engine computes the same workbook: each written workbook, recalculated in LibreOffice and in
Gnumeric from scratch, gives the value the writer cached in every formula cell.

The workbooks are those of the samples and of companies generated here in both languages, with every
optional section (cost structure, unit economics, channels, ranges), written by the real command.
"""

from __future__ import annotations

import random
from pathlib import Path

import engines
import pytest
from click.testing import CliRunner
from helpers import fill_template, sample_templates

from leverage.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sample_templates()
TEMPLATES = {"en": ROOT / "templates" / "leverage-template-en.xlsx", "ru": ROOT / "templates" / "leverage-template-ru.xlsx"}
STAGES = {"en": ["Leads", "Calls", "Meetings", "Proposals", "Paid"], "ru": ["Лиды", "Звонки", "Встречи", "КП", "Оплатили"]}
CHANNELS = {"en": ["Conferences", "Paid search", "Referrals"], "ru": ["Конференции", "Контекст", "Рекомендации"]}


def company(lang: str, seed: int) -> dict[str, object]:
    """A plausible made-up company with every optional section filled, the same for the same seed."""
    rng = random.Random(seed)
    revenue = rng.randrange(2_000, 300_000) * 1_000
    profit = round(revenue * rng.uniform(0.04, 0.2), -3)
    headcount = rng.randrange(8, 250)
    clients_start, clients_new = rng.randrange(20, 300), rng.randrange(10, 120)
    stages = rng.randrange(2, 6)
    counts = [clients_new]
    for _ in range(stages - 1):
        counts.insert(0, round(counts[0] * rng.uniform(1.8, 9)))
    names = STAGES[lang][:stages - 1] + STAGES[lang][-1:]
    leads = counts[0]
    shares = [0.5, 0.3, 0.2]
    channel_leads = [round(leads * share) for share in shares]
    channel_leads[-1] = leads - sum(channel_leads[:-1]) + (0 if seed % 2 else 7)  # every other: leads differ
    check = revenue / (clients_start + clients_new - clients_start // 4)
    return {
        "company": f"{'Company' if lang == 'en' else 'Компания'} {seed}",
        "currency": "RUB" if lang == "ru" else ("USD", "EUR")[seed % 2],
        "revenue": revenue, "profit": profit, "headcount": headcount,
        "clients_start": clients_start, "clients_new": clients_new, "clients_lost": clients_start // 4,
        "funnel_stages": names, "funnel_counts": counts,
        "target_profit": round(profit * rng.uniform(1.3, 2.5), -3),
        "lever_avg_check": "+20%", "lever_retention": "+3pp" if lang == "en" else "+3 п.п.",
        "lever_conversion_steps": [None] * (stages - 2) + ["x1.3"],
        "variable_share": "25%", "cost_per_employee": round(revenue * rng.uniform(0.2, 0.5) / headcount, -2),
        "acquisition_spend": round(revenue * rng.uniform(0.02, 0.08), -3),
        "channel_names": CHANNELS[lang],
        "channel_spend": [round(revenue * share * 0.03, -3) for share in shares[:2]] + [0],
        "channel_contacts": [leads * 20, leads * 60, leads * 2],
        "channel_leads": channel_leads,
        "channel_sales": [round(clients_new * share) for share in shares],
        "channel_revenue": [round(revenue * share * 0.4, -3) for share in shares],
        "range_avg_check_low": round(check * 0.9, -2), "range_avg_check_high": round(check * 1.3, -2),
        "range_retention_low": "70%", "range_retention_high": "90%",
    }


CASES = [pytest.param(path, id=path.stem) for path in SAMPLES] + [
    pytest.param((lang, seed), id=f"{lang}-company-{seed}") for lang, seeds in (("en", (1, 2, 3)), ("ru", (4, 5, 6)))
    for seed in seeds]


@pytest.fixture(scope="module", params=CASES)
def workbook(request, tmp_path_factory) -> Path:
    """The workbook `leverage solve` writes for one sample or generated company."""
    folder = tmp_path_factory.mktemp("engines")
    source = request.param
    if not isinstance(source, Path):
        lang, seed = source
        source = fill_template(TEMPLATES[lang], folder / f"{lang}-company-{seed}.xlsx", company(lang, seed))
    out = folder / "out.xlsx"
    result = CliRunner().invoke(main, ["solve", str(source), "--samples", "500", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file()
    return out


@pytest.mark.parametrize("engine", engines.NAMES)
def test_every_formula_cell_agrees_with_the_engine(workbook, engine, tmp_path):
    count, mismatches = engines.require(engine).compare_formula_cells(workbook, tmp_path / engine)
    assert mismatches == []
    assert count > 400
