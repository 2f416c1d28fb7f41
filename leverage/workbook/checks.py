"""The Checks sheet: does the model hold together? One master check sums it up.

Each check is a formula per point that is TRUE when the figures agree to nine
decimals of their relative difference, ROUND((a-b)/MAX(1,ABS(b)),9)=0: floating
point noise passes, any real disagreement fails. (A named tolerance constant
would read better, but Google Sheets does not import named constants.) A point that cannot be computed passes: its figures are
blank and the Points sheet says why. The master check, named `checks_ok`, is the
AND of every check; the summary sheet shows it.

Python computes each check from the solver's figures the way the formula does,
and writes the result as the cell's cached value.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from ..i18n import Message, _
from ..i18n.terms import POINT_SHORT
from ..model.inputs import Point, ScenarioPoint
from .context import WorkbookContext
from .page import wrapped_height
from .warnings_block import write_warnings

DIGITS = 9
MASTER_NAME = "checks_ok"
# What each check says, by its key.
CHECK_TEXTS: dict[str, Message] = {
    "check_clients": _('Clients add up: (start + new − surplus) × retention = active at year end'),
    "check_last_year": _('Last year adds up: start + new − lost = active, 0 ≤ lost ≤ start + new, last funnel stage = new clients'),
    "check_funnel": _('The funnel holds: each stage × its conversion = the next stage; the last stage = new clients'),
    "check_target": _("Targets are met: A = last year's profit, B and B′ = the target, B″ uses last year's leads"),
    "check_forward": _("B″ is consistent with the levers: last year's leads through B′'s levers give B″'s profit"),
}


@dataclass(frozen=True)
class _Check:
    key: str
    points: tuple[str, ...]
    formula: Callable[[str], str]      # point -> expression (TRUE when the check holds)
    value: Callable[[ScenarioPoint], bool]  # point -> the same, computed in Python


def _same(a: str, b: str) -> str:
    return f"ROUND((({a})-({b}))/MAX(1,ABS({b})),{DIGITS})=0"


def _same_value(a: float, b: float) -> bool:
    return round((a - b) / max(1.0, abs(b)), DIGITS) == 0


@dataclass(frozen=True)
class MasterCheck:
    """The defined name of the master check and the value cached in it."""

    name: str
    value: bool


def write_checks(ctx: WorkbookContext) -> MasterCheck:
    """Write the Checks sheet and name its master check `checks_ok`."""
    book, lang, fmt, points, layout, t = ctx.book, ctx.lang, ctx.fmt, ctx.points, ctx.inputs, ctx.t
    scenarios = ctx.scenarios
    inputs = scenarios.inputs
    ws = book.add_worksheet(t.gettext("Checks"))
    steps = len(inputs.funnel) - 1
    keys = points.keys
    p = points.cell

    def guarded(expr: Callable[[str], str]) -> Callable[[str], str]:
        return lambda key: f"IF({p('feasible', key)},{expr(key)},TRUE)"

    def funnel(key: str) -> str:
        parts = [_same(f"{p(f'stage.{k}', key)}*{p(f'conversion.{k + 1}', key)}", p(f"stage.{k + 1}", key)) for k in range(steps)]
        parts.append(_same(p(f"stage.{steps}", key), p("clients_new", key)))
        return f"AND({','.join(parts)})"

    def funnel_value(point: Point) -> bool:
        counts, conv = point.funnel, point.levers.conversions
        ok = all(_same_value(counts[k] * conv[k], counts[k + 1]) for k in range(steps))
        return ok and _same_value(counts[-1], point.clients_new)

    def target(key: str) -> str:
        if key == "A":
            return f"AND({_same(p('profit', key), 'profit')},{_same(p('stage.0', key), layout.funnel_cells[0])})"
        if key == "B''":
            return _same(p("stage.0", key), layout.funnel_cells[0])
        return _same(p("profit", key), "target_profit")

    def target_value(point: Point) -> bool:
        if point.key == "A":
            return _same_value(point.profit, inputs.profit) and _same_value(point.leads, inputs.leads)
        if point.key == "B''":
            return _same_value(point.leads, inputs.leads)
        return _same_value(point.profit, scenarios.target_profit)

    b1 = layout.lever_b1
    conversions_b1 = "*".join(b1[f"conversion.{k}"] for k in range(1, steps + 1))
    costs = scenarios.costs
    forward_revenue = (f"((clients_start+clients_new-clients_lost)+{layout.funnel_cells[0]}*{conversions_b1})"
                       f"*{b1['retention']}*{b1['avg_check']}")
    if costs is None:
        forward_profit = f"{forward_revenue}*{b1['margin']}"
    else:
        # With a cost structure the margin is an output: P = R(1 - v) - (R / revenue per employee) c - F.
        forward_profit = (f"{forward_revenue}*(1-variable_share)-{forward_revenue}/{b1['rev_per_employee']}"
                          f"*cost_per_employee-fixed_costs")

    def forward_value(point: Point) -> bool:
        levers = point.levers
        revenue = (inputs.clients_end + inputs.leads * math.prod(levers.conversions)) * levers.retention * levers.avg_check
        if costs is None:
            profit = revenue * levers.margin
        else:
            profit = (revenue * (1 - costs.variable_share) - revenue / levers.rev_per_employee * costs.cost_per_employee
                      - costs.fixed_costs)
        return _same_value(point.profit, profit)

    checks = [
        _Check("check_clients", keys, guarded(lambda k: _same(
            f"({p('clients_start', k)}+{p('clients_new', k)}-{p('surplus', k)})*{p('retention', k)}", p("clients_end", k))),
            lambda pt: not pt.feasible or _same_value((pt.clients_start + pt.clients_new - pt.clients_surplus) * pt.levers.retention, pt.clients_end)),
        _Check("check_last_year", ("A",), lambda k: (
            f"AND(clients_lost>=0,clients_lost<=clients_start+clients_new,{_same(layout.funnel_cells[-1], 'clients_new')})"),
            lambda pt: 0 <= inputs.clients_lost <= inputs.clients_start + inputs.clients_new
            and _same_value(inputs.funnel[-1].count, inputs.clients_new)),
        _Check("check_funnel", keys, guarded(funnel), lambda pt: not pt.feasible or funnel_value(pt)),
        _Check("check_target", keys, guarded(target), lambda pt: not pt.feasible or target_value(pt)),
        _Check("check_forward", ("B''",), guarded(lambda k: _same(p("profit", k), forward_profit)),
               lambda pt: not pt.feasible or forward_value(pt)),
    ]

    label_width = 100
    ws.set_column(0, 0, label_width)
    ws.set_column(1, len(keys) + 1, 11)
    ws.write_string(0, 0, t.gettext("Checks: the model holds together"), fmt.title)
    ws.write_string(2, 0, t.gettext("Check"), fmt.header)
    for i, key in enumerate(keys):
        ws.write_string(2, 1 + i, POINT_SHORT[key], fmt.header)
    all_col = 1 + len(keys)
    ws.write_string(2, all_col, t.gettext("All"), fmt.header)
    ws.freeze_panes(3, 1)

    row = 3
    for check in checks:
        text = t(CHECK_TEXTS[check.key])
        ws.write_string(row, 0, text, fmt.sentence)
        ws.set_row(row, wrapped_height(text, label_width, lang))
        results = []
        for i, key in enumerate(keys):
            if key in check.points:
                value = bool(check.value(scenarios[key]))
                ws.write_formula(row, 1 + i, f"={check.formula(key)}", fmt.flag, value)
                results.append((xl_rowcol_to_cell(row, 1 + i), value))
            else:
                ws.write_string(row, 1 + i, "—", fmt.flag)  # this check does not apply to this point
        ws.write_formula(row, all_col, f"=AND({','.join(ref for ref, _ in results)})", fmt.flag, all(v for _, v in results))
        row += 1
    first, last = 3, row - 1
    master_value = all(bool(c.value(scenarios[k])) for c in checks for k in c.points)
    row += 1
    ws.write_string(row, 0, t.gettext("Master check (every check above)"), fmt.section)
    for col in range(1, all_col):
        ws.write_blank(row, col, None, fmt.section)
    ws.write_formula(row, all_col, f"=AND({xl_rowcol_to_cell(first, all_col)}:{xl_rowcol_to_cell(last, all_col)})",
                     fmt.flag, master_value)
    book.define_name(MASTER_NAME, f"={quote_sheetname(ws.name)}!{xl_rowcol_to_cell(row, all_col, row_abs=True, col_abs=True)}")
    for top, left, bottom, right in ((first, 1, last, all_col), (row, all_col, row, all_col)):
        corner = xl_rowcol_to_cell(top, left)
        for test, cell_format in (("NOT", fmt.fail), ("", fmt.pass_)):
            ws.conditional_format(top, left, bottom, right, {
                "type": "formula", "criteria": f"=AND(ISLOGICAL({corner}),{test}({corner}))", "format": cell_format})
    note = t.gettext("A point that cannot be computed passes its checks: the Points sheet says why it is infeasible. Figures agree when their relative difference rounds to 0 at nine decimals.")
    ws.write_string(row + 2, 0, note, fmt.note)
    ws.set_row(row + 2, wrapped_height(note, label_width, lang))
    write_warnings(ws, row + 4, scenarios.warnings, fmt, lang, width=label_width)
    return MasterCheck(MASTER_NAME, master_value)
