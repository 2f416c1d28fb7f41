"""The Levers sheet of the solve workbook: it equals the `levers --json` document, its
formulas agree with LibreOffice, and editing the step or last year's figures moves
every figure and the ranking."""

from dataclasses import replace

import engines
import openpyxl
import pytest

from leverage.model.analysis import analyse
from leverage.model.inputs import Change, Inputs, Stage
from leverage.model.solve import solve
from leverage.render.levers import to_dict
from leverage.workbook import write_workbook


def read_levers_sheet(path, sheet="Levers"):
    """The sheet's sensitivity (in lever order and ranked), all five, and goal-seek rows, as values."""
    rows = list(openpyxl.load_workbook(path, data_only=True)[sheet].iter_rows(values_only=True))
    labels = [row[0] for row in rows]
    base = labels.index("A, recomputed forward from its levers")
    sensitivity = {rows[i][0]: {"profit": rows[i][6], "change": rows[i][7], "rank": rows[i][8]} for i in range(base + 1, base + 6)}
    ranked_header = next(i for i, row in enumerate(rows) if row[1] == "Rank")
    ranked = [{"label": rows[i][0], "rank": rows[i][1], "profit": rows[i][2], "change": rows[i][3]}
              for i in range(ranked_header + 1, ranked_header + 6)]
    goal_header = next(i for i, row in enumerate(rows) if row[2] == "Required")
    goal = []
    for row in rows[goal_header + 1:]:
        if row[0] is None:
            break
        goal.append({"label": row[0], "value_a": row[1], "required": row[2], "change": row[3], "feasible": row[4], "reason": row[5]})
    return {"step": rows[2][1], "base_profit": rows[base][6], "sensitivity": sensitivity, "ranked": ranked,
            "all_levers": {"profit": rows[base + 6][6], "change": rows[base + 6][7]}, "goal": goal}


LABELS = {"leads": "Leads", "conversion": "Conversion, leads to paying clients", "avg_check": "Average check",
          "retention": "Retention", "margin": "Profit margin", "conversion.1": "Conversion 1: Leads → Proposals",
          "conversion.2": "Conversion 2: Proposals → Paid"}


def blank(value):
    return None if value is None else value


def assert_sheet_equals(sheet, data):
    assert sheet["step"] == data["step"]
    assert sheet["base_profit"] == pytest.approx(data["base_profit"], rel=1e-12)
    assert sheet["all_levers"] == pytest.approx(data["all_levers"], rel=1e-12)
    assert [row["label"] for row in sheet["ranked"]] == [LABELS[item["lever"]] for item in data["sensitivity"]]
    assert [row["rank"] for row in sheet["ranked"]] == [1, 2, 3, 4, 5]
    for row, item in zip(sheet["ranked"], data["sensitivity"]):
        assert (row["profit"], row["change"]) == pytest.approx((item["profit"], item["change"]), rel=1e-12)
        assert sheet["sensitivity"][row["label"]]["rank"] == row["rank"]
    assert [row["label"] for row in sheet["goal"]] == [LABELS[item["lever"]] for item in data["goal_seek"]]
    for row, item in zip(sheet["goal"], data["goal_seek"]):
        assert row["value_a"] == pytest.approx(item["value_a"], rel=1e-12)
        assert blank(row["required"]) == pytest.approx(item["required"], rel=1e-12)
        assert blank(row["change"]) == pytest.approx(item["change"], rel=1e-12)
        assert row["feasible"] == ("yes" if item["feasible"] else "NO")  # words: FALSE shows as 0 in some engines
        assert (row["reason"] or None) == item["reason"]


@pytest.mark.parametrize("target", [1_200_000, 300_000])
def test_levers_sheet_equals_the_json(tmp_path, worked_example, target):
    out = tmp_path / "out.xlsx"
    write_workbook(solve(worked_example, target, [("avg_check", Change(multiply=2))]), out)
    assert_sheet_equals(read_levers_sheet(out), to_dict(analyse(worked_example, target)))


def test_levers_sheet_is_translated(tmp_path, worked_example):
    out = tmp_path / "out.xlsx"
    write_workbook(solve(replace(worked_example, lang="ru", currency="RUB")), out)
    book = openpyxl.load_workbook(out)
    assert "Рычаги" in book.sheetnames
    assert book["Рычаги"]["A1"].value == "Рычаги: что даёт каждый и до чего его нужно поднять"
    # The step is the sheet's one input, named for the formulas that use it.
    # The step is an input, so it sits on the Inputs sheet with the others.
    assert book.defined_names["lever_step"].attr_text.startswith("'Исходные данные'!$B$")


@pytest.mark.parametrize(("lang", "words"), [("en", {True: "yes", False: "NO"}), ("ru", {True: "да", False: "НЕТ"})])
def test_feasible_says_yes_or_no_in_the_workbooks_language(tmp_path, worked_example, lang, words):
    """Words, not TRUE/FALSE (which LibreOffice prints as 1 and 0 in a number format): a live formula each."""
    out = tmp_path / "out.xlsx"
    write_workbook(solve(replace(worked_example, lang=lang)), out, lang=lang)
    title = "Levers" if lang == "en" else "Рычаги"
    formulas, values = (openpyxl.load_workbook(out, data_only=data_only)[title] for data_only in (False, True))
    header = next(row for row in range(1, values.max_row + 1) if values.cell(row, 5).value in ("Feasible", "Достижимо"))
    expected = [words[item["feasible"]] for item in to_dict(analyse(worked_example))["goal_seek"]]
    rows = range(header + 1, header + 1 + len(expected))
    assert [values.cell(row, 5).value for row in rows] == expected
    assert expected.count(words[False]) == 2  # conversion 1 and retention cannot be reached alone
    assert all(formulas.cell(row, 5).value.startswith("=IF(ISNUMBER(") for row in rows)


CAPPED = Inputs(revenue=1_000_000, profit=900_000, headcount=5, clients_start=100, clients_new=100, clients_lost=20,
                funnel=(Stage("Leads", 200), Stage("Calls", 190), Stage("Paid", 100)), target_profit=2_000_000)
LOSS = Inputs(revenue=1_000_000, profit=-50_000, headcount=10, clients_start=10, clients_new=5, clients_lost=3,
              funnel=(Stage("Leads", 100), Stage("Paid", 5)), target_profit=100_000)


@pytest.mark.parametrize("engine", engines.NAMES)
@pytest.mark.parametrize("case", ["capped", "loss"])
def test_edge_cases_agree_with_every_engine(tmp_path, case, engine):
    out = tmp_path / "out.xlsx"
    write_workbook(solve(CAPPED if case == "capped" else LOSS), out)
    count, mismatches = engines.require(engine).compare_formula_cells(out, tmp_path / engine)
    # The whole workbook: point A of a loss-making year is last year's fact on every sheet.
    assert mismatches == []
    assert count > 100


@pytest.mark.filterwarnings(engines.GNUMERIC_STYLES)
@pytest.mark.parametrize("engine", engines.NAMES)
def test_editing_the_step_and_inputs_moves_figures_and_ranking(tmp_path, worked_example, engine):
    """A step of 40 % caps retention (75 % x 1.4 > 100 %): it drops below margin in the ranking."""
    recalculate = engines.require(engine).recalculate
    out = tmp_path / "out.xlsx"
    write_workbook(solve(worked_example), out)
    book = openpyxl.load_workbook(out)
    [(sheet, ref)] = book.defined_names["lever_step"].destinations
    book[sheet][ref.replace("$", "")].value = 0.4
    book["Inputs"]["B5"].value = 6_000_000   # last year's revenue
    book.save(out)
    sheet = read_levers_sheet(recalculate(out, tmp_path / engine))
    expected = to_dict(analyse(replace(worked_example, revenue=6_000_000), step=0.4))
    assert [item["lever"] for item in expected["sensitivity"]][:3] == ["avg_check", "margin", "retention"]
    assert_sheet_equals(sheet, expected)
