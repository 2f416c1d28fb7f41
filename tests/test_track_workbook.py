"""The tracking workbook `leverage track` writes: a new file (never the plan), a Track sheet whose formulas agree with
LibreOffice and Gnumeric, and the plan's months with the actuals under the plan workbook's names (it tracks again)."""

from __future__ import annotations

import json

import engines
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from plan_books import conversion_below, plan_figures, plan_run, write_plan_book

from leverage.cli import main

OWNERS = {"conversion": "Sales: Anna", "margin": "CEO"}


def invoke(*args: object):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="leverage")


@pytest.fixture(scope="module")
def tracked(tmp_path_factory):  # type: ignore[no-untyped-def]
    """A plan with three months of actuals (conversion 30 % below plan), and the workbook `track` wrote of it."""
    folder = tmp_path_factory.mktemp("track")
    run = plan_run()
    book = write_plan_book(folder / "plan.xlsx", run, owners=OWNERS,
                           actuals=conversion_below(plan_figures(run), run.plan.year.clients_start, 3))
    result = invoke("track", book)
    assert result.exit_code == 0, result.output
    out = folder / "plan.track.xlsx"
    assert result.stderr == f"Wrote {out}\n"
    return book, out


def test_the_tracking_workbook_tracks_again_to_the_same_figures(tracked, tmp_path) -> None:  # type: ignore[no-untyped-def]
    book, out = tracked
    first = invoke("track", book, "--json", "-o", tmp_path / "a.xlsx")
    again = invoke("track", out, "--json", "-o", tmp_path / "b.xlsx")
    assert first.exit_code == again.exit_code == 0
    assert json.loads(again.stdout) == json.loads(first.stdout)


def test_the_track_sheet_holds_the_split_and_the_alert(tracked) -> None:  # type: ignore[no-untyped-def]
    _, out = tracked
    wb = load_workbook(out, data_only=True)
    assert wb.sheetnames == ["Track", "Plan and actuals"]
    ws = wb["Track"]
    rows = {r[0]: r[1:] for r in ws.iter_rows(values_only=True) if r[0] is not None}
    assert rows["Conversion"][0] == pytest.approx(-5934.772724469, rel=1e-9)
    assert rows["Total"][0] == pytest.approx(rows["Profit gap to date"][0], rel=1e-9)
    assert rows["Largest shortfall"][:3] == ("Conversion", pytest.approx(-5934.772724469, rel=1e-9), "owner: Sales: Anna")
    alert = [k for k in rows if str(k).startswith("Conversion, leads to paying clients off plan")]
    assert alert == ["Conversion, leads to paying clients off plan by more than 10% for 3 months in a row (2027-01, "
                     "2027-02, 2027-03: -30.00%, -30.00%, -30.00%); owner: Sales: Anna"]
    assert wb.properties.subject == "Lever method: plan against actuals"


def test_both_sheets_print_landscape_one_page_wide(tracked) -> None:  # type: ignore[no-untyped-def]
    _, out = tracked
    wb = load_workbook(out)
    for ws in wb.worksheets:
        setup = ws.page_setup
        # fitToWidth 1 is the default, which the file leaves out
        assert (setup.orientation, setup.fitToWidth or 1, setup.fitToHeight, ws.sheet_properties.pageSetUpPr.fitToPage) == (
            "landscape", 1, 0, True), ws.title


def test_never_over_the_plan_nor_an_existing_file(tracked) -> None:  # type: ignore[no-untyped-def]
    book, out = tracked
    same = invoke("track", book, "-o", book)
    assert same.exit_code == 3
    assert same.stderr == f"Error: {book}: the output would overwrite the input; choose another name with -o\n"
    exists = invoke("track", book)
    assert exists.exit_code == 3 and exists.stderr.startswith(f"Error: {out}: ")
    assert invoke("track", book, "--force").exit_code == 0


def test_russian_workbook(tracked, tmp_path) -> None:  # type: ignore[no-untyped-def]
    book, _ = tracked
    out = tmp_path / "ru.xlsx"
    assert invoke("track", book, "--lang", "ru", "-o", out).exit_code == 0
    wb = load_workbook(out, data_only=True)
    assert wb.sheetnames == ["Отслеживание", "План и факт"]


@pytest.mark.filterwarnings(engines.GNUMERIC_STYLES)
@pytest.mark.parametrize("engine", engines.NAMES)
def test_every_formula_cell_agrees_with_the_engine(tracked, engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _, out = tracked
    count, mismatches = engines.require(engine).compare_formula_cells(out, tmp_path / engine)
    assert mismatches == []
    # variance and share of 3 stages, 4 figures and 5 levers; the total and the gap; each month's gap
    assert count == 2 * (3 + 4 + 5) + 2 + 3
