"""`leverage track` on real plan workbooks (tests/plan_books.py) in tmp_path: the table, the JSON, the API, and the
refusals and warnings with their whole messages and exit codes."""

from __future__ import annotations

import json
import math
import shutil

import pytest
from click.testing import CliRunner
from helpers import ROOT
from plan_books import conversion_below, plan_figures, plan_run, write_plan_book

import leverage
from leverage.cli import main
from leverage.render.track import track_dict

SAMPLE = ROOT / "samples" / "worked-example.xlsx"
OWNERS = {"leads": "Marketing: Oleg", "conversion": "Sales: Anna", "retention": "Account managers",
          "avg_check": "Account managers", "margin": "CEO", "rev_per_employee": "Operations"}


@pytest.fixture(scope="module")
def run_():  # type: ignore[no-untyped-def]
    return plan_run()


@pytest.fixture(scope="module")
def plan(run_):  # type: ignore[no-untyped-def]
    return plan_figures(run_)


def invoke(*args: object):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="leverage")


def test_conversion_below_plan_in_the_table_with_its_owner(tmp_path, run_, plan) -> None:  # type: ignore[no-untyped-def]
    book = write_plan_book(tmp_path / "plan.xlsx", run_, owners=OWNERS,
                           actuals=conversion_below(plan, run_.plan.year.clients_start, 3))
    result = invoke("track", book)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Tracking: 3 months with actuals (2027-01 to 2027-03), tolerance 10%"
    assert "Profit gap to date: -5,935 USD, by lever:" in lines
    assert "  Conversion                              -5,935" in lines
    assert "    Conversion 2: Proposals sent → Paid   -5,935" in lines
    assert ("Largest shortfall: Conversion, -5,935 USD (100.00% of the gap; the lever -30.00% against plan to date); "
            "owner: Sales: Anna") in lines
    assert ("  Conversion, leads to paying clients off plan by more than 10% for 3 months in a row (2027-01, 2027-02, "
            "2027-03: -30.00%, -30.00%, -30.00%); owner: Sales: Anna") in lines
    assert ("Re-plan: the 9 months left (2027-04 to 2027-12) need 905,935 USD of profit; the plan has 900,000 in "
            "them.") in lines
    assert result.stderr == f"Wrote {tmp_path / 'plan.track.xlsx'}\n"


def test_json_holds_what_the_issue_gives_and_equals_the_api(tmp_path, run_, plan) -> None:  # type: ignore[no-untyped-def]
    book = write_plan_book(tmp_path / "plan.xlsx", run_, owners=OWNERS,
                           actuals=conversion_below(plan, run_.plan.year.clients_start, 3))
    result = invoke("track", book, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in ("months_with_actuals", "to_date", "profit_gap", "contributions", "largest_shortfall", "alerts",
                "forecast", "replan", "warnings"):
        assert key in data
    assert set(data["to_date"]) >= {"plan", "actual"}
    assert data["months_with_actuals"] == ["2027-01", "2027-02", "2027-03"]
    assert set(data["contributions"]) == {"leads", "conversion", "retention", "avg_check", "margin"}
    assert math.isclose(sum(data["contributions"].values()), data["profit_gap"], rel_tol=1e-9)
    assert data["alerts"] == [{
        "metric": "conversion", "months": ["2027-01", "2027-02", "2027-03"],
        "variances": data["alerts"][0]["variances"], "owner": "Sales: Anna",
        "message": "Conversion, leads to paying clients off plan by more than 10% for 3 months in a row (2027-01, "
                   "2027-02, 2027-03: -30.00%, -30.00%, -30.00%); owner: Sales: Anna"}]
    assert data["largest_shortfall"]["lever"] == "conversion"
    assert data["largest_shortfall"]["owner"] == "Sales: Anna"
    assert data == json.loads(json.dumps(track_dict(leverage.track(book))))


def test_actuals_as_planned_say_no_alert(tmp_path, run_, plan) -> None:  # type: ignore[no-untyped-def]
    book = write_plan_book(tmp_path / "plan.xlsx", run_, actuals=plan[:4])
    result = invoke("track", book)
    assert result.exit_code == 0, result.output
    assert "No alerts: no metric off plan by more than 10% for three months in a row." in result.stdout
    assert "Profit gap to date: 0 USD, by lever:" in result.stdout
    data = json.loads(invoke("track", book, "--json", "--force").stdout)
    assert data["profit_gap"] == 0 and all(v == 0 for v in data["contributions"].values())
    assert data["alerts"] == [] and data["largest_shortfall"] is None


def test_russian_table(tmp_path, run_, plan) -> None:  # type: ignore[no-untyped-def]
    book = write_plan_book(tmp_path / "plan.xlsx", run_, owners=OWNERS,
                           actuals=conversion_below(plan, run_.plan.year.clients_start, 3))
    result = invoke("track", book, "--lang", "ru")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "План и факт: факт за 3 месяца (с 2027-01 по 2027-03), допуск 10 %"
    assert ("  Конверсия из лидов в оплативших: отклонение от плана больше 10 % 3 месяца подряд (2027-01, 2027-02, "
            "2027-03: -30,00 %, -30,00 %, -30,00 %); ответственный: Sales: Anna") in result.stdout.splitlines()


def test_actuals_typed_as_text_as_the_template_accepts(tmp_path, run_, plan) -> None:  # type: ignore[no-untyped-def]
    typed = [{"actual_stage_1": "342,58", "actual_stage_2": "119.58", "actual_stage_3": " 2 ",
              "actual_active_clients": "67,5", "actual_revenue": "1 053 763,44", "actual_profit": "$100k",
              "actual_headcount": 91}]
    result = leverage.track(write_plan_book(tmp_path / "plan.xlsx", run_, actuals=typed))
    actual = result.track.to_date_actual
    assert actual.stages == (342.58, 119.58, 2.0)
    assert (actual.active_clients, actual.revenue, actual.profit, actual.headcount) == (67.5, 1053763.44, 100000, 91)
    assert result.track.gap == 0  # $100k is the plan's profit
    assert abs(sum(result.track.contributions.values())) <= 1e-9 * 100_000


def test_tolerance_option(tmp_path, run_, plan) -> None:  # type: ignore[no-untyped-def]
    book = write_plan_book(tmp_path / "plan.xlsx", run_, actuals=conversion_below(plan, run_.plan.year.clients_start,
                                                                                  3, factor=0.8))
    assert json.loads(invoke("track", book, "--json").stdout)["alerts"][0]["metric"] == "conversion"
    assert json.loads(invoke("track", book, "--json", "--tolerance", "25%", "--force").stdout)["alerts"] == []
    bad = invoke("track", book, "--tolerance", "150%")
    assert bad.exit_code == 2
    assert "Error: Invalid value for '--tolerance': \"150%\": expected a tolerance above 0 and below 100 %" in bad.output


def test_a_gap_in_the_months_names_the_month(tmp_path, run_, plan) -> None:  # type: ignore[no-untyped-def]
    book = write_plan_book(tmp_path / "plan.xlsx", run_, actuals=[plan[0], {}, plan[2]])
    result = invoke("track", book)
    assert result.exit_code == 1
    assert result.stderr == ("Error: Plan!C9: 2027-02 has no actuals while 2027-03 has: type the actuals of every month "
                             "from the plan's first, without a gap\n")


def test_a_month_with_some_actuals_needs_them_all(tmp_path, run_, plan) -> None:  # type: ignore[no-untyped-def]
    book = write_plan_book(tmp_path / "plan.xlsx", run_, actuals=[{"actual_revenue": 1_000_000, "actual_profit": "x"}])
    result = invoke("track", book)
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert ('Error: Plan!B14 (actual_profit): expected a number such as 1200000, 1 200 000 or 1.2M, got "x"'
            in errors)
    assert "Error: Plan!B9 (actual_stage_1): 2027-01 has other actuals; expected this one too, got a blank cell" in errors


def test_contradicting_actuals_warn(tmp_path, run_, plan) -> None:  # type: ignore[no-untyped-def]
    first = plan[0]
    odd = {"actual_stage_1": 100, "actual_stage_2": 120, "actual_stage_3": first.new_clients,
           "actual_active_clients": first.active_clients, "actual_revenue": first.revenue,
           "actual_profit": first.profit, "actual_headcount": first.headcount}
    result = invoke("track", write_plan_book(tmp_path / "plan.xlsx", run_, actuals=[odd]))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == ("Warning: Plan!B10 (actual_stage_2): 2027-01: Proposals sent (120.00) is "
                                             "above Leads (100.00), a conversion over 100 %")


def test_no_actuals_yet(tmp_path, run_) -> None:  # type: ignore[no-untyped-def]
    result = invoke("track", write_plan_book(tmp_path / "plan.xlsx", run_))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "holds no actuals yet: type the first month's into the Actuals rows (actual_*), or give them with " \
           "--actuals FILE" in result.stderr


def test_a_template_is_refused_with_what_to_run(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "client.xlsx"
    shutil.copy(SAMPLE, path)
    result = invoke("track", path)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {path}: is a template, not a plan; run `leverage plan client.xlsx -o PLAN.xlsx` "
                             "first, then track that plan\n")


def test_a_solve_workbook_is_refused_with_what_it_is(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "client.xlsx"
    shutil.copy(SAMPLE, path)
    out = tmp_path / "client.leverage.xlsx"
    assert invoke("solve", path, "-o", out).exit_code == 0
    result = invoke("track", out)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {out}: is a workbook `leverage solve` wrote, not a plan; run `leverage plan "
                             "TEMPLATE -o PLAN.xlsx` on the template, then track that plan\n")


def test_names_gone_are_refused(tmp_path, run_, plan) -> None:  # type: ignore[no-untyped-def]
    book = write_plan_book(tmp_path / "plan.xlsx", run_, actuals=plan[:1], drop=("actual_revenue", "plan_lag"))
    result = invoke("track", book)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {book}: the plan workbook's names are gone or point at other cells (plan_lag, "
                             "actual_revenue); write the plan again with `leverage plan TEMPLATE -o PLAN.xlsx` and type "
                             "the actuals into it\n")
    gone = write_plan_book(tmp_path / "other.xlsx", run_, drop=("plan_kind",))
    assert "the plan workbook's name \"plan_kind\" is gone" in invoke("track", gone).stderr


def test_actuals_from_a_russian_csv(tmp_path, run_, plan) -> None:  # type: ignore[no-untyped-def]
    book = write_plan_book(tmp_path / "plan.xlsx", run_)
    actual = conversion_below(plan, run_.plan.year.clients_start, 3)
    lines = ["Месяц;Лиды;Proposals sent;Новые клиенты;Активные клиенты;Выручка;Прибыль;Численность"]
    for month, f in zip(("2027-01", "2027-02", "2027-03"), actual):
        cells = [month, *(repr(x).replace(".", ",") for x in (*f.stages, f.active_clients, f.revenue, f.profit,
                                                              f.headcount))]
        lines.append(";".join(cells))
    csv = tmp_path / "факт.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    from_file = json.loads(invoke("track", book, "--actuals", csv, "--json").stdout)
    typed = json.loads(invoke("track", write_plan_book(tmp_path / "typed.xlsx", run_, actuals=actual), "--json").stdout)
    assert from_file["months_with_actuals"] == typed["months_with_actuals"]
    assert [a["message"] for a in from_file["alerts"]] == [a["message"] for a in typed["alerts"]]
    assert from_file["profit_gap"] == pytest.approx(typed["profit_gap"], rel=1e-12)
    assert from_file["contributions"] == pytest.approx(typed["contributions"], rel=1e-9, abs=1e-6)


def test_actuals_file_with_a_gap_or_an_unknown_month(tmp_path, run_, plan) -> None:  # type: ignore[no-untyped-def]
    book = write_plan_book(tmp_path / "plan.xlsx", run_)
    f = plan[0]
    row = ",".join(repr(x) for x in (*f.stages, f.active_clients, f.revenue, f.profit, f.headcount))
    csv = tmp_path / "actuals.csv"
    csv.write_text(f"month,leads,proposals sent,new clients,active clients,revenue,profit,headcount\n"
                   f"2027-01,{row}\n2027-03,{row}\n2028-01,{row}\n", encoding="utf-8")
    result = invoke("track", book, "--actuals", csv)
    assert result.exit_code == 1
    assert result.stderr == ('Error: actuals.csv, row 4 (month): expected a month of the plan (2027-01 to 2027-12) as '
                             'YYYY-MM, got "2028-01"\n')
    csv.write_text(f"month,leads,proposals sent,new clients,active clients,revenue,profit,headcount\n"
                   f"2027-01,{row}\n2027-03,{row}\n", encoding="utf-8")
    result = invoke("track", book, "--actuals", csv)
    assert result.stderr == (f"Error: {csv}: 2027-02 has no actuals while 2027-03 has: type the actuals of every "
                             "month from the plan's first, without a gap\n")
    csv.write_text("month,leads,revenue\n2027-01,1,2\n", encoding="utf-8")
    result = invoke("track", book, "--actuals", csv)
    assert result.stderr == (f"Error: {csv}: expected a column for each metric; missing: Proposals sent, Paid, "
                             "active clients, profit, headcount\n")


def test_the_readme_shows_real_output(tmp_path, run_, plan) -> None:  # type: ignore[no-untyped-def]
    """README's `leverage track plan.xlsx` block is this run's output, line by line."""
    text = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = text.index("    $ leverage track plan.xlsx") + 1
    shown = []
    for line in text[start:]:
        if line and not line.startswith("    "):
            break
        shown.append(line[4:])
    while shown and not shown[-1]:
        shown.pop()
    book = write_plan_book(tmp_path / "plan.xlsx", run_, owners=OWNERS,
                           actuals=conversion_below(plan, run_.plan.year.clients_start, 3))
    result = invoke("track", book)
    assert result.stdout.rstrip("\n").splitlines() == shown


def test_a_row_name_pointing_at_other_cells_is_refused(tmp_path, run_, plan) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    book = write_plan_book(tmp_path / "plan.xlsx", run_, actuals=plan[:1])
    wb = load_workbook(book)
    wb.defined_names["actual_revenue"].attr_text = "'Plan'!$B$13:$L$13"  # eleven months of twelve
    wb.save(book)
    result = invoke("track", book)
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {book}: the plan workbook's names are gone or point at other cells "
                             "(actual_revenue); write the plan again with `leverage plan TEMPLATE -o PLAN.xlsx` and "
                             "type the actuals into it\n")


def test_the_plans_tolerance_cell(tmp_path, run_, plan) -> None:  # type: ignore[no-untyped-def]
    actual = conversion_below(plan, run_.plan.year.clients_start, 3, factor=0.8)
    as_percent = leverage.track(write_plan_book(tmp_path / "percent.xlsx", run_, actuals=actual, tolerance=25))
    assert as_percent.track.tolerance == 0.25 and as_percent.track.alerts == ()
    result = invoke("track", write_plan_book(tmp_path / "zero.xlsx", run_, actuals=actual, tolerance=0))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].endswith("(plan_tolerance): expected a tolerance above 0 and below 100 %, "
                                                  "got 0")


def test_the_readme_json_excerpt_is_real(tmp_path, run_, plan) -> None:  # type: ignore[no-untyped-def]
    text = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = text.index("    $ leverage track plan.xlsx --json --force") + 1
    end = text.index("    }", start)
    excerpt = json.loads("\n".join(line for line in text[start:end + 1] if line.strip() != "..."))
    book = write_plan_book(tmp_path / "plan.xlsx", run_, owners=OWNERS,
                           actuals=conversion_below(plan, run_.plan.year.clients_start, 3))
    data = json.loads(invoke("track", book, "--json").stdout)
    assert _close({key: data[key] for key in excerpt}, excerpt)


def _close(a: object, b: object) -> bool:
    """Equal, numbers within 1e-9 (the noise of a lever that did not move may differ in its last digits)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b))
    if isinstance(a, float | int) and isinstance(b, float | int):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)
    return a == b


def test_negative_counts_and_no_active_clients_are_refused(tmp_path, run_, plan) -> None:  # type: ignore[no-untyped-def]
    first = plan[0]
    typed = {"actual_stage_1": -5, "actual_stage_2": 100, "actual_stage_3": 2, "actual_active_clients": 0,
             "actual_revenue": first.revenue, "actual_profit": -1000, "actual_headcount": 90}
    result = invoke("track", write_plan_book(tmp_path / "plan.xlsx", run_, actuals=[typed]))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: Plan!B9 (actual_stage_1): expected 0 or more, got -5",
        "Error: Plan!B12 (actual_active_clients): expected active clients above 0, got 0",
    ]


def test_a_sales_cycle_plan_tracks(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """With a lag, the plan's months and the stages above the paying clients are dated apart; the split still adds up."""
    lagged = plan_run(lag=2, seasonality="1,1,1,1,1,1,1,1,1,1,2,3")
    months = plan_figures(lagged)
    actual = conversion_below(months, lagged.plan.year.clients_start, 4, factor=0.6)
    result = leverage.track(write_plan_book(tmp_path / "plan.xlsx", lagged, actuals=actual))
    assert result.lag == 2
    assert math.isclose(sum(result.track.contributions.values()), result.track.gap, rel_tol=1e-9)
    assert [a.metric for a in result.track.alerts] == ["conversion"]
    assert result.track.alerts[0].months == ("2027-01", "2027-02", "2027-03", "2027-04")
