"""The workbook's optional parts: cost-structure rows on the Points sheet, the Unit economics and Channels
sheets. Every formula agrees with LibreOffice, one formula per row, figures equal the JSON, edits flow."""

from dataclasses import replace

import engines
import openpyxl
import pytest
from helpers import points_table
from openpyxl.formula.translate import Translator

from leverage.model.inputs import Acquisition, Change, Channel, Costs, Inputs, Stage
from leverage.model.solve import solve
from leverage.render.table import to_dict
from leverage.workbook import write_workbook

KEYS = ("A", "B", "B'", "B''")
CHANNELS = (
    Channel("Conferences", spend=250_000, contacts=12_000, leads=1_900, sales=16, revenue=2_600_000),
    Channel("Content", spend=120_000, contacts=400_000, leads=2_600, sales=15, revenue=2_100_000),
    Channel("Cold calls", spend=160_000, contacts=9_000, leads=800, sales=6, revenue=180_000),
)


@pytest.fixture
def full(worked_example) -> Inputs:
    """The worked example with every optional section: costs, acquisition spend, channels."""
    return replace(worked_example, costs=Costs(0.3, 40_000), acquisition=Acquisition(530_000), channels=CHANNELS)


@pytest.fixture
def talk_case() -> Inputs:
    return Inputs(
        revenue=1_500_000, profit=150_000, headcount=10, clients_start=150, clients_new=100, clients_lost=200,
        funnel=(Stage("Leads", 2000), Stage("Paid", 100)), target_profit=300_000, currency="RUB",
        costs=Costs(variable_share=0.0), acquisition=Acquisition(spend=1_500_000, lifetime_months=4),
    )


def sheet_rows(path, title, first_row=4, width=14):
    """{label: [values...]} of a sheet's cached values from `first_row` on."""
    ws = openpyxl.load_workbook(path, data_only=True)[title]
    return {row[0]: list(row[1:]) for row in ws.iter_rows(min_row=first_row, max_col=width, values_only=True)
            if row[0] is not None}


def blank(value):
    return None if value == "" else value


def test_blank_optional_sections_add_nothing(tmp_path, worked_example):
    out = tmp_path / "plain.xlsx"
    write_workbook(solve(worked_example), out)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Summary", "Inputs", "Points", "Levers", "Charts", "Checks"]
    assert not {"variable_share", "cost_per_employee", "fixed_costs", "acquisition_spend"} & set(book.defined_names)
    assert set(to_dict(solve(worked_example))) == {"company", "currency", "target_profit", "changes", "points", "warnings"}


def test_figures_equal_the_json(tmp_path, full):
    scenarios = solve(full, changes=[("avg_check", Change(multiply=2)), ("conversion.2", Change(multiply=1.5))])
    out = tmp_path / "full.xlsx"
    write_workbook(scenarios, out)
    data = to_dict(scenarios)
    assert openpyxl.load_workbook(out).sheetnames == ["Summary", "Inputs", "Points", "Levers", "Unit economics", "Channels",
                                                       "Charts", "Checks"]
    points = points_table(out)
    for label, key in (("Profit", "profit"), ("Revenue", "revenue"), ("Profit margin", "margin"), ("Leads", "leads")):
        assert points[label] == pytest.approx([data["points"][k][key] for k in KEYS], rel=1e-12), label
    assert points["Fixed costs (derived from last year)"] == [pytest.approx(238_000)] * 4
    assert points["Left per unit of revenue after variable and staff costs"] == pytest.approx(
        [data["costs"]["unit_contribution"][k] for k in KEYS], rel=1e-12)

    econ = sheet_rows(out, "Unit economics", width=5)
    for label, key in (("Leads", "leads"), ("Acquisition spend", "acquisition_spend"), ("Cost to acquire a client (CAC)", "cac"),
                       ("Client lifetime, months", "lifetime_months"), ("Lifetime value (LTV)", "ltv"),
                       ("LTV / CAC", "ltv_to_cac"), ("Payback, months", "payback_months"),
                       ("Contribution share of revenue", "contribution_share")):
        assert econ[label] == pytest.approx([data["economics"]["points"][k][key] for k in KEYS], rel=1e-12), label
    assert econ["Pays back within the lifetime"] == ["OK"] * 4

    channels = sheet_rows(out, "Channels")
    rows = data["channels"]["rows"] + [data["channels"]["total"]]
    columns = ("spend", "contacts", "leads", "sales", "revenue", "ad_conversion", "cost_per_lead", "cost_of_sale",
               "conversion_to_sale", "avg_check", "romi")
    for row in rows:
        label = row["name"]
        assert channels[label][:len(columns)] == pytest.approx([row[c] for c in columns], rel=1e-12), label
        assert channels[label][len(columns)] == {True: "yes", False: "NO"}[row["pays_back"]]
    assert channels["Channel leads add up to the funnel"][2] == "OK" and data["channels"]["leads_match"]


def test_infeasible_point_with_costs_has_blank_margin_and_economics(tmp_path, full):
    scenarios = solve(full, changes=[("rev_per_employee", Change(multiply=0.5))])
    out = tmp_path / "x.xlsx"
    write_workbook(scenarios, out)
    data = to_dict(scenarios)
    assert data["points"]["B'"]["margin"] is None and data["economics"]["points"]["B'"] is None
    assert points_table(out)["Profit margin"][2] is None
    assert sheet_rows(out, "Unit economics", width=5)["Payback, months"][2] is None


def test_one_formula_per_row_on_the_new_sheets(tmp_path, full):
    out = tmp_path / "full.xlsx"
    write_workbook(solve(full, changes=[("avg_check", Change(multiply=2))]), out)
    book = openpyxl.load_workbook(out)

    def same(cells, label):
        first = cells[0]
        for cell in cells[1:]:
            moved = Translator(first.value, origin=first.coordinate).translate_formula(cell.coordinate)
            assert cell.value == moved, f"{label}: {cell.coordinate} {cell.value} differs from {moved}"

    checked = 0
    for sheet in ("Points", "Unit economics"):
        for row in book[sheet].iter_rows(min_row=4):
            cells = row[1:5]
            # Differ by point, by design: the drivers, and the status (A, last year, is never infeasible).
            drivers = ("Profit to reach", "Leads given", "Clients at start of year", "Status")
            if row[0].value in drivers or "Inputs" in str(cells[0].value):
                continue
            if all(isinstance(c.value, str) and c.value.startswith("=") for c in cells):
                same(cells, f"{sheet} {row[0].value}")
                checked += 1
    ws = book["Channels"]
    for col in range(7, 14):  # the metric columns, down the channels
        same([ws.cell(row, col) for row in range(4, 4 + len(CHANNELS))], f"Channels column {col}")
        checked += 1
    assert checked >= 19 + 15 + 7  # Points rows (Status excluded), Unit economics rows, Channels columns


@pytest.mark.parametrize("engine", engines.NAMES)
@pytest.mark.parametrize("case", ["full", "ru", "talk", "churn_no_variable_share", "infeasible_and_blanks", "surplus"])
def test_every_formula_cell_agrees_with_every_engine(tmp_path, full, talk_case, case, engine):
    inputs, changes, target, lang = full, [("avg_check", Change(multiply=2))], None, "en"
    if case == "ru":
        inputs, lang = replace(full, currency="RUB", lang="ru"), "ru"
    elif case == "talk":
        inputs = talk_case
    elif case == "churn_no_variable_share":
        inputs = replace(full, costs=None, acquisition=Acquisition(530_000, monthly_churn=0.05),
                         channels=CHANNELS[:2] + (Channel("Walk-ins", leads=300),))
        changes = [("retention", Change(set=1.0))]
    elif case == "infeasible_and_blanks":
        inputs = replace(full, channels=(Channel("Radio", spend=0, revenue=10), Channel("Flyers", contacts=0, leads=5)))
        changes = [("rev_per_employee", Change(multiply=0.5)), ("conversion", Change(multiply=1.1))]
    elif case == "surplus":
        target = 300_000
    out = tmp_path / "out.xlsx"
    write_workbook(solve(inputs, target, changes), out, lang=lang)
    count, mismatches = engines.require(engine).compare_formula_cells(out, tmp_path / engine)
    assert mismatches == []
    assert count > 150


@pytest.mark.filterwarnings(engines.GNUMERIC_STYLES)
@pytest.mark.parametrize("engine", engines.NAMES)
def test_editing_the_costs_in_the_workbook_moves_every_point(tmp_path, full, engine):
    """The consultant raises the cost per employee in the workbook; fixed costs stay derived from last year."""
    out = tmp_path / "out.xlsx"
    write_workbook(solve(full), out)
    book = openpyxl.load_workbook(out)
    sheet, coordinate = next(iter(book.defined_names["cost_per_employee"].destinations))
    assert book[sheet][coordinate].value == 40_000
    book[sheet][coordinate].value = 42_000
    book.save(out)
    table = points_table(engines.require(engine).recalculate(out, tmp_path / engine))
    expected = solve(replace(full, costs=Costs(0.3, 42_000)))
    assert expected.costs.fixed_costs == pytest.approx(238_000 - 83 * 2_000)
    for label, attr in (("Profit", "profit"), ("Revenue", "revenue"), ("Leads", "leads")):
        assert table[label] == pytest.approx([getattr(expected[k], attr) for k in KEYS], rel=1e-9)
