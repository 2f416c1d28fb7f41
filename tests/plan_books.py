"""Plan workbooks for the tests of `leverage track`: the names of the plan workbook's contract, written with
XlsxWriter from a real plan (`leverage.plan` on a template), values cached.

One place, so that the tests can switch to the real writer (`leverage plan -o`) when it lands: `write_plan_book`
is the only function that knows the layout.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

import leverage
from leverage.model.plan import PlanResult
from leverage.model.track import Figures

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "worked-example.xlsx"
PLAN_SHEET = "Plan"


def plan_run(template: Path = SAMPLE, **settings: object) -> PlanResult:
    settings.setdefault("start", "2027-01")
    return leverage.plan(template, **settings)  # type: ignore[arg-type]


def plan_figures(run: PlanResult) -> list[Figures]:
    """The plan's months as the tracker reads them."""
    return [Figures(m.stages, m.active_clients, m.revenue, m.profit, m.headcount)
            for m in run.plan.months]


def write_plan_book(path: Path, run: PlanResult | None = None, *, actuals: Sequence[Mapping[str, object] | Figures] = (),
                    owners: Mapping[str, str] | None = None, tolerance: float = 0.1, drop: Sequence[str] = (),
                    kind: str = "leverage-plan/1") -> Path:
    """A plan workbook of `run` (default: the worked example from 2027-01) at `path`, with `actuals` typed into its
    first months: Figures (numbers), or mappings of a row's name (`actual_revenue`) to what is typed. `drop` leaves
    names out (a workbook whose names are gone)."""
    run = run or plan_run()
    months = run.plan.months
    names = run.stage_names
    inputs = run.scenarios.inputs
    book = xlsxwriter.Workbook(str(path))
    book.set_properties({"subject": "Lever method: monthly plan"})
    ws = book.add_worksheet(PLAN_SHEET)
    n = len(names)

    def name(key: str, row: int, first: int, last: int | None = None) -> None:
        if key in drop:
            return
        ref = f"'{PLAN_SHEET}'!{xl_rowcol_to_cell(row, first, row_abs=True, col_abs=True)}"
        if last is not None:
            ref += f":{xl_rowcol_to_cell(row, last, row_abs=True, col_abs=True)}"
        book.define_name(key, f"={ref}")

    row = 0
    ws.write(row, 0, "Month")
    for i, m in enumerate(months):
        ws.write_string(row, 1 + i, str(m.month))
    name("plan_month", row, 1, len(months))
    row += 1
    plan_rows = [*(f"plan_stage_{j}" for j in range(1, n + 1)), "plan_active_clients", "plan_revenue", "plan_profit",
                 "plan_headcount"]
    for key in plan_rows:
        ws.write(row, 0, key)
        for i, m in enumerate(months):
            value = (m.stages[int(key.rsplit("_", 1)[1]) - 1] if key.startswith("plan_stage_")
                     else getattr(m, key.removeprefix("plan_")))
            ws.write_number(row, 1 + i, value)
        name(key, row, 1, len(months))
        row += 1
    actual_rows = [*(f"actual_stage_{j}" for j in range(1, n + 1)), "actual_active_clients", "actual_revenue",
                   "actual_profit", "actual_headcount"]
    for key in actual_rows:
        ws.write(row, 0, key)
        for i, typed in enumerate(actuals):
            if isinstance(typed, Figures):
                value: object = (typed.stages[int(key.rsplit("_", 1)[1]) - 1] if key.startswith("actual_stage_")
                                 else getattr(typed, key.removeprefix("actual_")))
            else:
                value = typed.get(key)
            if value is None:
                continue
            if isinstance(value, str):
                ws.write_string(row, 1 + i, value)
            else:
                ws.write_number(row, 1 + i, float(value))  # type: ignore[arg-type]
        name(key, row, 1, len(months))
        row += 1
    row += 1
    ws.write(row, 0, "plan_stage_names")
    for j, stage in enumerate(names):
        ws.write_string(row, 1 + j, stage)
    name("plan_stage_names", row, 1, n)
    row += 1
    singles: dict[str, object] = {
        "plan_kind": kind, "plan_clients_start": run.plan.year.clients_start,
        "plan_lag": run.plan.lag, "plan_target_profit": run.plan.year.profit,
        "plan_currency": inputs.currency, "plan_lang": inputs.lang, "plan_tolerance": tolerance,
    }
    for lever in ("leads", "conversion", "retention", "avg_check", "margin", "rev_per_employee"):
        singles[f"owner_{lever}"] = (owners or {}).get(lever, "")
    for key, value in singles.items():
        ws.write(row, 0, key)
        if isinstance(value, str):
            if value:
                ws.write_string(row, 1, value)
        else:
            ws.write_number(row, 1, float(value))  # type: ignore[arg-type]
        name(key, row, 1)
        row += 1
    book.close()
    return path


def conversion_below(plan: Sequence[Figures], clients_start: float, months: int, factor: float = 0.7) -> list[Figures]:
    """Actuals of the first `months` whose last conversion (to paying clients) is `factor` times the plan's, every
    other lever as planned: the new clients fall, active clients follow at the plan's retention factor, revenue at
    the plan's revenue per active client, profit at its margin."""
    out = []
    won = planned = 0.0
    for m in plan[:months]:
        new = m.new_clients * factor
        won += new
        planned += m.new_clients
        kept = m.active_clients / (clients_start + planned)
        active = (clients_start + won) * kept
        revenue = m.revenue / m.active_clients * active
        out.append(Figures((*m.stages[:-1], new), active, revenue, revenue * m.profit / m.revenue, m.headcount))
    return out
