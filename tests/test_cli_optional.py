"""`leverage solve` with the optional sections: the talk's unit-economics case warns, the book's channel figures
print, the JSON gains its keys only when the inputs are given and equals the API, and costs are checked."""

import json
import shutil

import pytest
from click.testing import CliRunner
from helpers import BOOK_CHANNELS, EN, ROOT, SAMPLE, TALK_CASE, WORKED, fill_template

import leverage
from leverage.cli import main


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_the_talks_unit_economics_case_warns(tmp_path):
    path = fill_template(EN, tmp_path / "talk.xlsx", TALK_CASE)
    result = run("solve", path, "-o", tmp_path / "out.xlsx")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = lines.index("Unit economics, RUB                             A            B           B′           B″")
    # B needs 9,000 leads at last year's 167 a lead: 6.75 M of acquisition spend to earn 3 M of revenue.
    assert lines[start + 1:start + 9] == [
        "  Acquisition spend                     1,500,000    6,750,000    6,750,000    1,500,000",
        "  Cost to acquire a client (CAC)           15,000       15,000       15,000       15,000",
        "  Contribution per client, a month          2,500        2,500        2,500        2,500",
        "  Client lifetime, months                    4.00         4.00         4.00         4.00",
        "  Lifetime value (LTV)                     10,000       10,000       10,000       10,000",
        "  LTV / CAC                                  0.67         0.67         0.67         0.67",
        "  Payback, months                            6.00         6.00         6.00         6.00",
        "  Pays back within the lifetime       loses money  loses money  loses money  loses money",
    ]
    assert result.stderr.splitlines() == [
        "Warning: Unit economics!B17 (payback_months): points A, B, B′, B″: payback of 6.0 months exceeds the "
        "client lifetime of 4.0 months (LTV 10,000 is below CAC 15,000): each new client leaves before paying back "
        "what it cost to acquire, so the more clients marketing brings, the deeper the cash gap; raise the price or "
        "retention, or cut the cost of acquisition, before scaling",
        f"Wrote {tmp_path / 'out.xlsx'}",
    ]


def test_the_talks_case_in_json(tmp_path):
    path = fill_template(EN, tmp_path / "talk.xlsx", TALK_CASE)
    result = run("solve", path, "-o", tmp_path / "out.xlsx", "--json", "--lever", "avg_check=x2")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data == json.loads(leverage.to_json(leverage.solve(path, levers=["avg_check=x2"])))
    econ = data["economics"]
    assert (econ["contribution"], econ["lifetime"]) == ("variable_share", "months")
    a, b1 = econ["points"]["A"], econ["points"]["B'"]
    assert (a["cac"], a["monthly_revenue"], a["lifetime_months"], a["ltv"], a["payback_months"], a["pays_back"]) == (
        15_000, 2_500, 4, 10_000, 6, False)
    assert (b1["payback_months"], b1["pays_back"]) == (3, True)  # the doubled check pays back within 4 months
    assert len(econ["warnings"]) == 1 and econ["warnings"][0].startswith("points A, B: payback of 6.0 months")
    assert "channels" not in data and "costs" not in data  # a variable share alone is no cost structure


def test_the_books_channel_figures_print(tmp_path):
    path = fill_template(EN, tmp_path / "book.xlsx", {**WORKED, **BOOK_CHANNELS})
    result = run("solve", path, "-o", tmp_path / "out.xlsx")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Channels, USD"))
    table = {line.split("  ")[1].strip(): line for line in lines[start + 1:start + 6]}
    assert table["Vestnik glamura"].split()[2:5] == ["0.80%", "—", "—"]
    assert table["Provincial shopping"].split()[2] == "1.20%"
    assert table["Holiday promotion"].split()[3] == "100"
    assert table["Glamour magazine"].split()[4] == "312.50"
    assert table["Glamour magazine"].split()[6] == "3,000"  # average check 120,000 / 40
    data = json.loads(run("solve", path, "-o", tmp_path / "o2.xlsx", "--json", "--force").stdout)
    vestnik, shopping, promo, glamour = data["channels"]["rows"]
    assert (vestnik["ad_conversion"], shopping["ad_conversion"]) == (0.008, 0.012)
    assert (promo["cost_per_lead"], glamour["cost_of_sale"]) == (100, 312.5)
    # The channels' leads are not the year's funnel: said, not hidden.
    assert result.stderr.splitlines()[0] == (
        "Warning: Inputs!E66:E73 (channel_leads): channel leads cannot be checked against the funnel's first stage, "
        "5,300 leads (Inputs!C24): \"Glamour magazine\" give no leads; the channels that give leads add up to 314")


def test_the_channels_sample(tmp_path):
    sample = tmp_path / "client.xlsx"
    shutil.copy(SAMPLE, sample)
    result = run("solve", sample, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == json.loads(leverage.to_json(leverage.solve(sample)))
    # The sample also gives ranges for two levers, so B'' is simulated too.
    assert set(data) == {"company", "currency", "target_profit", "changes", "points", "warnings", "costs", "economics",
                         "channels", "uncertainty"}
    assert data["costs"]["fixed_costs"] == 336_000 and not data["costs"]["fixed_costs_given"]
    assert data["channels"]["leads_match"] and [r["pays_back"] for r in data["channels"]["rows"]] == [True, True, False]
    assert result.stderr.splitlines() == [
        'Warning: Channels!L6 (romi): channel "Trade show" does not pay back: ROMI -46.7%, expected 0% or more '
        "(45,000 spent, 24,000 returned after variable costs)",
        f"Wrote {sample.with_name('client.leverage.xlsx')}",
    ]
    inputs = leverage.solve(sample).inputs
    assert inputs.ranges == (("avg_check", 34_000, 42_000), ("retention", 0.75, 0.85))


def test_a_margin_change_with_a_cost_structure_is_refused(tmp_path):
    sample = tmp_path / "client.xlsx"
    shutil.copy(SAMPLE, sample)
    result = run("solve", sample, "--lever", "margin=+2pp")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "Error: --lever margin: margin is an output when the template gives a cost structure (Inputs!C54): profit = "
        "revenue x (1 - variable share) - headcount x cost per employee - fixed costs, so the margin follows from "
        "revenue and cannot be set for B′; raise revenue per employee or the average check instead")
    assert not sample.with_name("client.leverage.xlsx").exists()


@pytest.mark.parametrize("cells, message", [
    ({"variable_share": "20%", "cost_per_employee": 55_000, "fixed_costs": 300_000},
     "Error: Inputs!C55 (fixed_costs): expected 336,000, the fixed costs with which last year's figures reproduce "
     "last year's profit"),
    ({"cost_per_employee": 55_000},
     "Error: Inputs!C53 (variable_share): expected the variable cost share as well"),
])
def test_a_cost_structure_that_does_not_fit_last_year_is_an_input_error(tmp_path, cells, message):
    values = {"revenue": 2_400_000, "profit": 264_000, "headcount": 24, "clients_start": 60, "clients_new": 30,
              "clients_lost": 18, "funnel_stages": ["Leads", "Paid"], "funnel_counts": [1_500, 30],
              "target_profit": 400_000, **cells}
    path = fill_template(EN, tmp_path / "c.xlsx", values)
    result = run("solve", path)
    assert result.exit_code == 1
    assert result.stderr.startswith(message)


def test_the_docs_show_what_the_tool_prints(tmp_path):
    docs = (ROOT / "README.md").read_text(encoding="utf-8")
    sample = tmp_path / "client.xlsx"
    shutil.copy(SAMPLE, sample)
    lines = run("solve", sample).stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Cost structure:"))
    end = lines.index("Conclusions")
    for line in lines[start:end]:
        assert line in docs, line
    talk = fill_template(EN, tmp_path / "talk.xlsx", TALK_CASE)
    result = run("solve", talk, "-o", tmp_path / "out.xlsx")
    talk_lines = result.stdout.splitlines()
    economics = next(i for i, line in enumerate(talk_lines) if line.startswith("Unit economics"))
    for line in talk_lines[economics:economics + 9] + result.stderr.splitlines()[:1]:
        assert line in docs, line


def test_the_russian_unit_economics_and_channel_tables_have_russian_numbers(tmp_path):
    sample = tmp_path / "client.xlsx"
    shutil.copy(SAMPLE, sample)
    result = run("show", sample, "--lang", "ru")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "Маржинальность                        11,00 %    13,59 %    13,59 %    14,99 %" in lines
    start = next(i for i, line in enumerate(lines) if line.startswith("Структура затрат:"))
    assert lines[start:start + 20] == [
        "Структура затрат: доля переменных 20,00 %, затраты на сотрудника 55 000, постоянные затраты 336 000 "
        "(выведены из прошлого года)",
        "",
        "Юнит-экономика, $                              A        B       B′       B″",
        "  Затраты на привлечение                 180 000  230 400  115 200  180 000",
        "  Стоимость привлечения клиента (CAC)      6 000    6 000    4 800    4 800",
        "  Маржа с клиента в месяц                  2 222    2 222    2 556    2 556",
        "  Срок жизни клиента, мес.                 60,00    60,00    60,00    60,00",
        "  Пожизненная ценность (LTV)             133 333  133 333  153 333  153 333",
        "  LTV / CAC                                22,22    22,22    31,94    31,94",
        "  Окупаемость, мес.                         2,70     2,70     1,88     1,88",
        "  Окупается за срок жизни                     OK       OK       OK       OK",
        "",
        "Каналы, $        Конверсия рекламы  Стоимость лида  Стоимость продажи  Конверсия в продажу  Средний чек"
        "      ROMI  Окупается",
        "  Webinars                  1,50 %             100              4 286               2,33 %       37 143"
        "  593,33 %         да",
        "  Paid search               0,22 %          115,38              7 500               1,54 %       29 000"
        "  209,33 %         да",
        "  Trade show                8,33 %             180              7 500               2,40 %        5 000"
        "  -46,67 %        НЕТ",
        "  Итого                     0,44 %             120              6 000               2,00 %       28 000"
        "  273,33 %         да",
        "  «Trade show» не окупается: затрачено 45 000, вклад после переменных затрат 24 000 (ROMI -46,7 %). "
        "Доработайте предложение и конверсию в продажу или переложите бюджет в каналы, которые окупаются.",
        "  «Paid search» обходится в 7 500 за продажу, «Webinars» — в 4 286, но оба окупаются: сохраните оба. "
        "Окупающийся канал приводит клиентов, которых не приведёт более дешёвый, а с учётом пожизненной ценности "
        "клиента эти потери больше экономии на рекламе.",
        "",
    ]
