"""The scenario workbook: figures equal the JSON, formulas agree with LibreOffice,
one formula per row across the points, and edits to inputs flow through."""

from dataclasses import replace

import engines
import openpyxl
import pytest
from helpers import points_table
from openpyxl.formula.translate import Translator

from leverage.changes import parse_change
from leverage.model.inputs import Change
from leverage.model.solve import solve
from leverage.render.table import to_dict
from leverage.workbook import write_workbook


def test_workbook_figures_equal_json(tmp_path, example_scenarios):
    out = tmp_path / "out.xlsx"
    write_workbook(example_scenarios, out)
    table = points_table(out)
    data = to_dict(example_scenarios)["points"]
    keys = ["A", "B", "B'", "B''"]
    for label, field in [("Profit", "profit"), ("Revenue", "revenue"), ("Headcount", "headcount"),
                         ("New clients", "clients_new"), ("Active clients at year end", "clients_end")]:
        assert table[label] == pytest.approx([data[k][field] for k in keys], rel=1e-12), label
        if field in data["A"]["whole"]:
            assert table["whole:" + label] == [data[k]["whole"][field] for k in keys], label
    for i, stage in enumerate(["Leads", "Proposals", "Paid"]):
        assert table[stage] == pytest.approx([data[k]["funnel"][i]["count"] for k in keys], rel=1e-12)
        assert table["whole:" + stage] == [data[k]["whole"]["funnel"][i] for k in keys]
    assert [round(x, 2) for x in table["Leads"]] == [5300, 17_819.15, 4_110.93, 5300]
    assert table["whole:Leads"] == [5300, 17_820, 4_111, 5300]


def test_one_formula_per_row_across_points(tmp_path, example_scenarios):
    out = tmp_path / "out.xlsx"
    write_workbook(example_scenarios, out)
    ws = openpyxl.load_workbook(out)["Points"]
    checked = 0
    for row in ws.iter_rows(min_row=4):
        label, cells = row[0].value, row[1:5]
        if not all(isinstance(c.value, str) and c.value.startswith("=") for c in cells):
            continue
        if label in ("Profit to reach", "Leads given", "Clients at start of year", "Status") or "Inputs" in cells[0].value:
            continue  # drivers and status: what differs between the points by design
        first = cells[0]
        for cell in cells[1:]:
            moved = Translator(first.value, origin=first.coordinate).translate_formula(cell.coordinate)
            assert cell.value == moved, f"{label}: {cell.coordinate} {cell.value} differs from {moved}"
        checked += 1
    assert checked >= 15


def test_text_from_the_template_stays_text(tmp_path, example_scenarios):
    inputs = replace(example_scenarios.inputs, company="=HYPERLINK(\"http://x\")", funnel=tuple(
        replace(stage, name="+" + stage.name) if i == 0 else stage for i, stage in enumerate(example_scenarios.inputs.funnel)))
    out = tmp_path / "out.xlsx"
    write_workbook(solve(inputs), out)
    book = openpyxl.load_workbook(out)
    assert book["Inputs"]["B3"].value == '=HYPERLINK("http://x")' and book["Inputs"]["B3"].data_type == "s"
    assert any(c.value == "+Leads" and c.data_type == "s" for row in book["Points"].iter_rows() for c in row)


@pytest.mark.parametrize("engine", engines.NAMES)
@pytest.mark.parametrize("case", ["worked", "ru", "infeasible", "surplus", "four_stages", "loss_making", "ru_infeasible",
                                  "ru_surplus_eur"])
def test_every_formula_cell_agrees_with_every_engine(tmp_path, worked_example, case, engine):
    from leverage.model.inputs import Stage
    lang, inputs, changes, target = "en", worked_example, [("avg_check", Change(multiply=2))], None
    if case == "ru":
        lang = "ru"
        inputs = replace(worked_example, currency="RUB", lang="ru")
    elif case == "infeasible":
        changes = [("retention", parse_change("retention", "+30pp"))]
    elif case == "surplus":
        target = 300_000
    elif case == "loss_making":
        # B is infeasible (a loss only multiplies), B' fixes the margin first, A stays as it was.
        inputs = replace(worked_example, profit=-100_000)
        changes = [("margin", Change(set=0.12))]
    elif case == "ru_infeasible":
        lang, changes = "ru", [("retention", parse_change("retention", "+30pp"))]
        inputs = replace(worked_example, currency="RUB", lang="ru")
    elif case == "ru_surplus_eur":
        lang, target, inputs = "ru", 300_000, replace(worked_example, currency="EUR", lang="ru")
    elif case == "four_stages":
        inputs = replace(worked_example, funnel=(Stage("Leads", 5300), Stage("Calls", 2400), Stage("Proposals", 1850), Stage("Paid", 37)))
        changes = [("conversion", Change(multiply=1.2)), ("conversion.3", Change(add=0.01)), ("margin", Change(set=0.15))]
    out = tmp_path / "out.xlsx"
    write_workbook(solve(inputs, target, changes), out, lang=lang)
    count, mismatches = engines.require(engine).compare_formula_cells(out, tmp_path / engine)
    assert mismatches == []
    assert count > 100


@pytest.mark.filterwarnings(engines.GNUMERIC_STYLES)
@pytest.mark.parametrize("engine", engines.NAMES)
def test_changing_a_lever_in_the_workbook_moves_every_point(tmp_path, example_scenarios, engine):
    """The client edits the average-check factor from 2 to 3; LibreOffice recalculates."""
    out = tmp_path / "out.xlsx"
    write_workbook(example_scenarios, out)
    book = openpyxl.load_workbook(out)
    ws = book["Inputs"]
    row = next(r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value).startswith("Average check"))
    assert ws.cell(row, 4).value == 2
    ws.cell(row, 4).value = 3
    ws["B5"].value = 6_000_000  # and last year's revenue
    book.save(out)
    table = points_table(engines.require(engine).recalculate(out, tmp_path / engine))
    inputs = replace(example_scenarios.inputs, revenue=6_000_000)
    expected = solve(inputs, changes=[("avg_check", Change(multiply=3))])
    for label, attr in [("Leads", "leads"), ("Revenue", "revenue"), ("Headcount", "headcount")]:
        assert table[label] == pytest.approx([getattr(expected[k], attr) for k in ("A", "B", "B'", "B''")], rel=1e-9)
