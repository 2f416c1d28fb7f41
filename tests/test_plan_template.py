"""The plan's template inputs: last year's revenue by month (`--seasonality last-year`) and the owners of the metrics,
from `leverage template` through `leverage plan` to the alerts of `leverage track`."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from helpers import ROOT, fill_template
from plan_books import conversion_below, plan_figures

import leverage
from leverage.cli import main
from leverage.form.fields import OPTIONAL_FIELDS

EN = ROOT / "templates" / "leverage-template-en.xlsx"
RU = ROOT / "templates" / "leverage-template-ru.xlsx"
SAMPLE = ROOT / "samples" / "worked-example.xlsx"
# Last year's revenue of the worked example by calendar month: ten even months, a busier November and December.
MONTHLY = [400_000] * 10 + [640_000, 1_240_000]  # 5,880,000, the year's revenue
OWNERS = {"owner_leads": "Marketing", "owner_conversion": "Sales: Olga", "owner_margin": "CEO"}


def invoke(*args: object):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="leverage")


def filled(tmp_path: Path, name: str = "client.xlsx", **values: object) -> Path:
    """The worked example's sample with `values` typed into its plan section."""
    return fill_template(SAMPLE, tmp_path / name, values)


def test_the_template_has_the_months_and_the_owners() -> None:
    for path, january, december, owner in ((EN, "Revenue, January", "Revenue, December", "Owner of conversion"),
                                           (RU, "Выручка, январь", "Выручка, декабрь", "Ответственный за конверсию")):
        book = openpyxl.load_workbook(path)
        [(sheet, ref)] = book.defined_names["monthly_revenue"].destinations
        cells = [row[0] for row in book[sheet][ref.replace("$", "")]]
        assert len(cells) == 12 and {c.column_letter for c in cells} == {"C"}
        ws = book[sheet]
        first, last = cells[0].row, cells[-1].row
        assert (ws.cell(first, 1).value, ws.cell(first, 2).value) == ("monthly_revenue.1", january)
        assert (ws.cell(last, 1).value, ws.cell(last, 2).value) == ("monthly_revenue.12", december)
        for key in ("leads", "conversion", "retention", "avg_check", "margin", "rev_per_employee"):
            [(_s, one)] = book.defined_names[f"owner_{key}"].destinations
            assert ":" not in one
        [(_s, conversion)] = book.defined_names["owner_conversion"].destinations
        assert ws[conversion.replace("$", "")].offset(0, -1).value == owner
    assert [f.name for f in OPTIONAL_FIELDS if f.section == "plan"] == [
        "monthly_revenue", "owner_leads", "owner_conversion", "owner_retention", "owner_avg_check", "owner_margin",
        "owner_rev_per_employee"]


def test_the_template_reads_the_months_and_the_owners(tmp_path) -> None:  # type: ignore[no-untyped-def]
    inputs = leverage.api.load_inputs(filled(tmp_path, monthly_revenue=MONTHLY, owner_conversion="  Sales:   Olga "))
    assert inputs.monthly_revenue == tuple(float(v) for v in MONTHLY)
    assert inputs.owners == (("conversion", "Sales: Olga"),)
    assert inputs.source("monthly_revenue") == "Inputs!C98:C109"
    assert inputs.source("monthly_revenue.11") == "Inputs!C108"
    blank = leverage.api.load_inputs(SAMPLE)
    assert (blank.monthly_revenue, blank.owners) == ((), ())


def test_last_year_seasonality_follows_the_calendar_months_from_the_start(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = filled(tmp_path, monthly_revenue=MONTHLY)
    run = leverage.plan(path, start="2027-04", seasonality="last-year")
    total = sum(MONTHLY)
    assert run.plan.shares == pytest.approx([v / total for v in MONTHLY[3:] + MONTHLY[:3]], rel=1e-12)
    year = run.plan.year
    assert sum(m.revenue for m in run.plan.months) == pytest.approx(year.revenue, rel=1e-12)
    assert sum(m.leads for m in run.plan.months) == pytest.approx(4110.93, abs=0.005)
    assert sum(m.profit for m in run.plan.months) == pytest.approx(1_200_000, rel=1e-12)
    december = run.plan.months[8]
    assert str(december.month) == "2027-12"
    assert december.revenue == pytest.approx(12_645_161.29 * 1_240_000 / 5_880_000, abs=0.01)
    assert run.warnings == ()
    result = invoke("plan", path, "--start", "2027-04", "--seasonality", "last-year", "--json", "-o",
                    tmp_path / "plan.xlsx")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["seasonality"] == pytest.approx(list(run.plan.shares), rel=1e-12)
    assert data["warnings"] == []
    assert result.stderr == f"Wrote {tmp_path / 'plan.xlsx'}\n"


def test_months_far_from_the_years_revenue_warn(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = filled(tmp_path, monthly_revenue=[550_000] * 12)
    result = invoke("plan", path, "--start", "2027-01", "--seasonality", "last-year", "-o", tmp_path / "plan.xlsx")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        "Warning: Inputs!C98:C109 (monthly_revenue): the twelve months' revenues add up to $6,600,000, 12.24% away "
        "from last year's revenue, $5,880,000: the seasonality follows the months, but check the figures")
    near = filled(tmp_path, "near.xlsx", monthly_revenue=[490_000] * 12)  # 5,880,000 exactly
    assert leverage.plan(near, seasonality="last-year").warnings == ()


@pytest.mark.parametrize(("values", "lang", "message"), [
    ({}, "en", "Error: Inputs!C98:C109 (monthly_revenue): expected last year's revenue of each month, January to "
               "December, for --seasonality last-year: the range is empty"),
    ({"monthly_revenue": [400_000] * 10 + [None, 1_240_000]}, "en",
     "Error: Inputs!C108 (monthly_revenue): expected a revenue for every month, January to December, for "
     "--seasonality last-year: November is blank while others are filled"),
    ({"monthly_revenue": [400_000] * 10 + [None, 1_240_000]}, "ru",
     "Error: Inputs!C108 (monthly_revenue): ожидалась выручка за каждый месяц, с января по декабрь, для "
     "--seasonality last-year: ноябрь не заполнен, а другие месяцы заполнены"),
    ({"monthly_revenue": [0] * 12}, "en",
     "Error: Inputs!C98:C109 (monthly_revenue): expected months whose revenues sum above 0 for --seasonality "
     "last-year: all twelve are 0"),
])
def test_last_year_seasonality_refuses_months_it_cannot_use(tmp_path, values, lang, message) -> None:  # type: ignore[no-untyped-def]
    path = filled(tmp_path, **values, lang=lang)
    result = invoke("plan", path, "--seasonality", "last-year", "-o", tmp_path / "plan.xlsx")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == message + "\n"
    assert not (tmp_path / "plan.xlsx").exists()


def test_a_template_from_before_the_months_says_what_to_do(tmp_path) -> None:  # type: ignore[no-untyped-def]
    book = openpyxl.load_workbook(SAMPLE)
    del book.defined_names["monthly_revenue"]
    book.save(tmp_path / "old.xlsx")
    result = invoke("plan", tmp_path / "old.xlsx", "--seasonality", "last-year", "-o", tmp_path / "plan.xlsx")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: template (monthly_revenue): expected last year's revenue of each month, January to December, for --seasonality "
        "last-year: the template has no monthly revenue range; write a new one with leverage template, or give "
        "twelve weights\n")


def test_the_templates_owners_fill_the_plan_and_the_option_wins(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = filled(tmp_path, **OWNERS)
    out = tmp_path / "plan.xlsx"
    result = invoke("plan", path, "--start", "2027-01", "--owner", "margin=Anna, CEO", "-o", out)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[3].split() == ["Owner", "Marketing", "Sales:", "Olga", "Sales:", "Olga", "Anna,", "CEO"]
    data = json.loads(invoke("plan", path, "--start", "2027-01", "--json", "-o", tmp_path / "j.xlsx").stdout)
    assert data["owners"] == {"leads": "Marketing", "conversion": "Sales: Olga", "retention": "", "avg_check": "",
                              "margin": "CEO", "rev_per_employee": ""}
    book = openpyxl.load_workbook(out)
    cells = {}
    for key in ("leads", "conversion", "retention", "margin"):
        [(sheet, ref)] = book.defined_names[f"owner_{key}"].destinations
        cells[key] = book[sheet][ref.replace("$", "")].value
    assert cells == {"leads": "Marketing", "conversion": "Sales: Olga", "retention": "", "margin": "Anna, CEO"}


def test_tracks_alert_names_the_templates_owner_of_conversion(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = filled(tmp_path, **OWNERS)
    plan_path = tmp_path / "plan.xlsx"
    assert invoke("plan", path, "--start", "2027-01", "-o", plan_path).exit_code == 0
    run = leverage.plan(path, start="2027-01")
    actual = conversion_below(plan_figures(run), run.plan.year.clients_start, 3)
    lines = ["month,leads,proposals sent,paid,active clients,revenue,profit,headcount"]
    for month, f in zip(("2027-01", "2027-02", "2027-03"), actual):
        lines.append(",".join([month, *(repr(x) for x in (*f.stages, f.active_clients, f.revenue, f.profit,
                                                          f.headcount))]))
    csv = tmp_path / "actuals.csv"
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("track", plan_path, "--actuals", csv, "--json", "-o", tmp_path / "track.xlsx")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    [alert] = data["alerts"]
    assert (alert["metric"], alert["months"], alert["owner"]) == ("conversion", ["2027-01", "2027-02", "2027-03"],
                                                                   "Sales: Olga")
    assert "Sales: Olga" in alert["message"]
    assert data["contributions"]["conversion"] < 0
    assert sum(data["contributions"].values()) == pytest.approx(data["profit_gap"], rel=1e-9)
