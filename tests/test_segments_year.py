"""A dated export: the year analysed, purchases per client (#) and the average transaction ($), the clients at the
start of the year, new and lost, compared with the template's; the whale curve; the drop in the JSON."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import leverage
from leverage.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "crm-export-ru.csv"
DEALS = """Выгрузка сделок

Дата;Контрагент;Сумма, руб.
05.01.2024;Альфа;100
01.05.2024;Бета;50
01.03.2025;Альфа;200
01.06.2025;Альфа;300
01.02.2025;Гамма;400
15.02.2025;Гамма;-100
31.12.2025;Дельта;1000
"""


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture
def deals(tmp_path):
    path = tmp_path / "deals.csv"
    path.write_bytes(DEALS.encode("cp1251"))
    return path


def test_the_last_twelve_months_and_the_year_before(deals):
    year = leverage.segments(deals).year
    assert (year.start.isoformat(), year.end.isoformat(), year.chosen) == ("2025-01-01", "2025-12-31", False)
    assert (year.before_start.isoformat(), year.before_end.isoformat()) == ("2024-01-01", "2024-12-31")
    # Alpha 500 over two purchases, Gamma 400 less a 100 refund, Delta 1000: # = 4 / 3, $ = 1800 / 4.
    assert (year.clients, year.purchases, year.revenue) == (3, 4, 1800)
    assert year.purchases_per_client == pytest.approx(4 / 3) and year.avg_transaction == 450
    assert year.avg_transaction * year.purchases_per_client == pytest.approx(1800 / 3)
    # The year before: Alpha and Beta; Gamma and Delta are new, Beta is lost; 2 + 2 - 1 = 3.
    assert (year.clients_start, year.clients_new, year.clients_lost) == (2, 2, 1)


def test_the_table_and_the_json_say_the_year(deals):
    result = run("segments", deals)
    assert result.exit_code == 0, result.output
    assert ("Year analysed 2025-01-01 to 2025-12-31: 3 clients, 4 purchases, 1.33 a client (#), 450 ₽ a purchase ($); "
            "$ × # = average check 600 ₽.\n") in result.stdout
    assert "The year before (2024-01-01 to 2024-12-31): 2 clients at the start of the year, 2 new, 1 lost.\n" in result.stdout
    assert (f"Warning: {deals} (Дата): the year analysed is the last twelve months of data, 2025-01-01 to 2025-12-31: "
            "5 of 7 rows\n") in result.stderr
    data = json.loads(run("segments", deals, "--json").stdout)
    assert data["year"] == {"start": "2025-01-01", "end": "2025-12-31", "chosen": False, "rows": 5, "total_rows": 7,
                            "clients": 3, "purchases": 4, "purchases_per_client": 4 / 3, "avg_transaction": 450.0,
                            "revenue": 1800.0, "year_before": {"start": "2024-01-01", "end": "2024-12-31"},
                            "clients_start": 2, "clients_new": 2, "clients_lost": 1}
    ru = run("segments", deals, "--lang", "ru")
    assert ("Анализируемый год с 2025-01-01 по 2025-12-31: 3 клиента, покупок — 4, 1,33 на клиента (#), 450 ₽ за "
            "покупку ($); $ × # = средний чек 600 ₽.\n") in ru.stdout


def test_a_calendar_year_asked_for(deals):
    result = run("segments", deals, "--year", "2024")
    assert result.exit_code == 0, result.output
    assert "Year analysed 2024-01-01 to 2024-12-31: 2 clients, 2 purchases" in result.stdout
    assert ("The data does not cover the year before (2023-01-01 to 2023-12-31): no clients at the start of the year, "
            "new or lost.\n") in result.stdout
    assert f"Warning: {deals} (Дата): the year analysed is 2024: 2 of 7 rows\n" in result.stderr
    none = run("segments", deals, "--year", "2019")
    assert none.exit_code == 1
    assert none.stderr == f"Error: {deals} (Дата): no row is dated in 2019: the dates run from 2024-01-05 to 2025-12-31\n"


def test_a_date_that_does_not_parse_is_located_below_the_title(tmp_path):
    path = tmp_path / "deals.csv"
    path.write_bytes("Отчёт\n\nДата;Клиент;Сумма\n01.02.2025;А;1\n31.02.2025;Б;2\n\n15.03.2025;В;3\n".encode("cp1251"))
    result = run("segments", path)
    assert result.exit_code == 1
    assert result.stderr == (f'Error: {path} (Дата): 1 row is not a date such as 31.12.2025 or 2025-12-31: '
                             'row 5 "31.02.2025"\n')


def test_solve_compares_the_year_s_clients_with_the_template(tmp_path, deals):
    template = tmp_path / "client.xlsx"
    shutil.copy(ROOT / "samples" / "ru-company.xlsx", template)
    inputs = leverage.api.load_inputs(template)
    result = run("solve", template, "--clients", deals, "--drop", "<500", "--lang", "en", "--force")
    assert result.exit_code == 0, result.output
    share = abs(2 / inputs.clients_start - 1)
    assert (f"Warning: {deals}: the export's 2 clients at the start of the year are {share:.0%} away from the "
            f"template's {inputs.clients_start:,.0f}\n") in result.stderr
    assert "new clients are" in result.stderr and "lost clients are" in result.stderr


def test_the_whale_curve_of_the_logistics_case():
    """81 clients at 505,000 each, then 219 taking 45,000 each back: the peak is the 81's contribution."""
    report = leverage.segments(SAMPLE, bands=[100_000], cost_per_client=95_000)
    whale = report.whale
    assert whale.clients_at_peak == 81 and whale.share_clients_at_peak == 0.27
    assert whale.peak == pytest.approx(48_600_040.5 - 81 * 95_000)
    assert whale.total == pytest.approx(31_050_040.5)
    assert whale.share_at_peak == pytest.approx(40_905_040.5 / 31_050_040.5)
    assert len(whale.points) == 21 and whale.points[-1].clients == 300
    assert whale.points[-1].contribution == pytest.approx(whale.total)
    data = json.loads(run("segments", SAMPLE, "--cost-per-client", "95k", "--json").stdout)
    assert data["whale"]["clients_at_peak"] == 81 and len(data["whale"]["curve"]) == 21
    assert data["whale"]["curve"][1] == {"share_clients": 0.05, "clients": 15, "contribution": pytest.approx(15 * 505_000.5),
                                         "share_contribution": pytest.approx(15 * 505_000.5 / 31_050_040.5)}
    assert json.loads(run("segments", SAMPLE, "--json").stdout)["whale"] is None


def test_the_segments_json_carries_the_drop_and_its_conclusion():
    data = json.loads(run("segments", SAMPLE, "--cost-per-client", "95k", "--drop", "<100k", "--json", "--lang", "ru").stdout)
    drop = data["drop"]
    assert (drop["clients_dropped"], drop["share_clients_dropped"]) == (219, 0.73)
    assert drop["share_revenue_dropped"] == pytest.approx(10_950_000 / 59_550_040.5)
    assert drop["avg_check_factor"] == pytest.approx(600_000.5 / 198_500.135)
    assert drop["conclusion"] == ("Отказ от 219 клиентов сегмента <100k (73 % клиентов, 18 % выручки) увеличивает "
                                  "средний чек в 3,02 раза.")


def test_readme_shows_what_segments_prints_for_the_deal_sample():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = '$ leverage segments crm-deals-ru.csv --cost-per-client 95k --drop "<100k"\n'
    start = readme.index(command) + len(command)
    shown = readme[start:readme.index("```", start)]
    deals = ROOT / "samples" / "crm-deals-ru.csv"
    result = run("segments", deals, "--cost-per-client", "95k", "--drop", "<100k")
    assert result.exit_code == 0
    assert shown == result.stdout + result.stderr.replace(str(deals), "crm-deals-ru.csv")


def test_the_deal_sample_s_year_and_flows():
    """2024: Alpha, North, Beta, Smirnov, Delta, Omega, Sigma; 2025 drops Beta and Delta, adds Gamma, Vector, Kozlova."""
    report = leverage.segments(ROOT / "samples" / "crm-deals-ru.csv", cost_per_client=95_000)
    year = report.year
    assert report.currency == "RUB"
    assert (year.clients, year.purchases, year.rows) == (8, 17, 18)
    assert (year.clients_start, year.clients_new, year.clients_lost) == (7, 3, 2)
    assert year.clients_start + year.clients_new - year.clients_lost == year.clients


def test_the_bench_export_reads_as_generated(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_segments", ROOT / "bench" / "segments.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    path = tmp_path / "deals.csv"
    bench.generate(path, 2_000, 200)
    report = leverage.segments(path)
    assert report.export.rows == 2_000 and report.export.columns == {
        "client": "Контрагент", "revenue": "Сумма, руб.", "date": "Дата"}
    assert report.year.total_rows == 2_000 and report.year.covers_year_before
