"""The Inputs sheet: last year's figures, the target and the lever changes, editable."""

from __future__ import annotations

from dataclasses import dataclass

import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell

from ..changes import step_changes
from ..i18n import _, translator
from ..i18n.terms import metric
from ..model.analysis import DEFAULT_STEP
from ..model.inputs import Change, Scenarios
from ..model.solve import apply_changes, derive_levers
from .page import wrapped_height
from .styles import Formats

# The lever table's columns: the lever, A's value, and the three ways to change it for B′.
LEVER_HEADERS = (_("Lever"), _("A (last year)"), _("New value"), _("× multiply"), _("+ add"), _("B′ value"))


@dataclass
class InputsLayout:
    sheet: str
    funnel_cells: list[str]     # absolute references to stage counts, leads first
    funnel_rows: tuple[int, int]  # first and last row of the funnel (names in column A, counts in B)
    lever_a: dict[str, str]     # lever -> reference of its point-A value
    lever_b1: dict[str, str]    # lever -> reference of its B' value


def absolute(sheet: str, row: int, col: int) -> str:
    return f"{quote_sheetname(sheet)}!{xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)}"


def write_inputs(book: xlsxwriter.Workbook, scenarios: Scenarios, lang: str, fmt: Formats, *,
                 step: float = DEFAULT_STEP) -> InputsLayout:
    inputs = scenarios.inputs
    t = translator(lang, inputs.currency)
    name = t.gettext("Inputs")
    ws = book.add_worksheet(name)
    ws.set_column(0, 0, 46)
    ws.set_column(1, 5, 17)
    ws.freeze_panes(1, 1)
    ws.write_string(0, 0, t.gettext("Last year (point A) and the target"), fmt.title)
    rows: list[tuple[str, str, object, object]] = [
        ("company", t.gettext("Company"), inputs.company, fmt.text_input),
        ("currency", t.gettext("Currency"), inputs.currency, fmt.text_input),
        ("revenue", metric(t, "revenue"), inputs.revenue, fmt.money_input),
        ("profit", metric(t, "profit"), inputs.profit, fmt.money_input),
        ("headcount", metric(t, "headcount"), inputs.headcount, fmt.count_input),
        ("clients_start", metric(t, "clients_start"), inputs.clients_start, fmt.count_input),
        ("clients_new", metric(t, "clients_new"), inputs.clients_new, fmt.count_input),
        ("clients_lost", t.gettext("Lost clients"), inputs.clients_lost, fmt.count_input),
        ("target_profit", t.gettext("Target profit"), scenarios.target_profit, fmt.money_input),
    ]
    row = 2
    for key, label, value, cell_format in rows:
        ws.write_string(row, 0, label, fmt.label)
        if isinstance(value, str):
            ws.write_string(row, 1, value, cell_format)
        else:
            ws.write_number(row, 1, value, cell_format)
        book.define_name(key, f"={absolute(name, row, 1)}")
        row += 1

    row += 1
    ws.write_string(row, 0, t.gettext("New-business funnel"), fmt.section)
    ws.write_string(row, 1, t.gettext("Count"), fmt.section)
    row += 1
    funnel_cells = []
    funnel_row0 = row
    for stage in inputs.funnel:
        ws.write_string(row, 0, stage.name, fmt.text_input)
        ws.write_number(row, 1, stage.count, fmt.count_input)
        funnel_cells.append(absolute(name, row, 1))
        row += 1

    row += 1
    ws.write_string(row, 0, t.gettext("Levers: point A and the changes for B′"), fmt.title)
    row += 1
    for col, header in enumerate(LEVER_HEADERS):
        ws.write_string(row, col, t(header), fmt.header)
    ws.set_row(row, 30)
    row += 1

    levers_a = derive_levers(inputs)
    levers_b1 = apply_changes(levers_a, dict(scenarios.changes))  # the levers as changed, before any solving
    changes = dict(scenarios.changes)
    steps = step_changes(changes, len(levers_a.conversions))
    ends = "(clients_start+clients_new-clients_lost)"
    lever_rows: list[tuple[str, str, str, float, float, Change | None, object]] = [
        ("margin", metric(t, "margin"), "=profit/revenue", levers_a.margin, levers_b1.margin, changes.get("margin"), fmt.rate),
        ("rev_per_employee", metric(t, "rev_per_employee"), "=revenue/headcount", levers_a.rev_per_employee, levers_b1.rev_per_employee, changes.get("rev_per_employee"), fmt.money),
        ("avg_check", metric(t, "avg_check"), f"=revenue/{ends}", levers_a.avg_check, levers_b1.avg_check, changes.get("avg_check"), fmt.money),
        ("retention", metric(t, "retention"), f"={ends}/(clients_start+clients_new)", levers_a.retention, levers_b1.retention, changes.get("retention"), fmt.rate),
    ]
    names = [stage.name for stage in inputs.funnel]
    for k, (a_value, b_value, change) in enumerate(zip(levers_a.conversions, levers_b1.conversions, steps), start=1):
        label = f"{metric(t, f'conversion.{k}')}: {names[k - 1]} → {names[k]}"
        formula = f"={funnel_cells[k]}/{funnel_cells[k - 1]}"
        lever_rows.append((f"conversion.{k}", label, formula, a_value, b_value, change, fmt.rate))

    lever_a: dict[str, str] = {}
    lever_b1: dict[str, str] = {}
    for lever, label, formula, a_value, b_value, change, value_format in lever_rows:
        is_rate = value_format is fmt.rate
        ws.write_string(row, 0, label, fmt.label)
        ws.write_formula(row, 1, formula, value_format, a_value)
        set_format = fmt.rate_input if is_rate else fmt.money_input
        _write_change(ws, row, change, set_format, fmt)
        a_ref = xl_rowcol_to_cell(row, 1)
        set_ref, mul_ref, add_ref = (xl_rowcol_to_cell(row, col) for col in (2, 3, 4))
        # IF(ISNUMBER()) rather than N() for a blank addend: Gnumeric gives #NUM! for N() of a blank cell.
        ws.write_formula(
            row, 5,
            f"=IF(ISNUMBER({set_ref}),{set_ref},{a_ref}*IF(ISNUMBER({mul_ref}),{mul_ref},1)+IF(ISNUMBER({add_ref}),{add_ref},0))",
            value_format, b_value,
        )
        lever_a[lever] = absolute(name, row, 1)
        lever_b1[lever] = absolute(name, row, 5)
        row += 1
    hint = t.gettext("Change B′ here: a new value, or a factor (× 2 doubles), or an amount to add (+0.05 = +5 pp for rates).")
    ws.merge_range(row, 0, row, 5, "", fmt.note)
    ws.write_string(row, 0, hint, fmt.note)
    ws.set_row(row, wrapped_height(hint, 46 + 5 * 17, lang))
    # The Levers sheet's sensitivity step: an input, so it lives here with the others.
    row += 2
    ws.write_string(row, 0, t.gettext("Step: each lever rises by"), fmt.label)
    ws.write_number(row, 1, step, fmt.rate_input)
    book.define_name("lever_step", f"={absolute(name, row, 1)}")
    return InputsLayout(sheet=name, funnel_cells=funnel_cells, funnel_rows=(funnel_row0, funnel_row0 + len(inputs.funnel) - 1),
                        lever_a=lever_a, lever_b1=lever_b1)


def _write_change(ws, row: int, change: Change | None, set_format: object, fmt: Formats) -> None:
    """Write a change as its three editable parts: new value, factor, addend."""
    if change is not None and change.set is not None:
        ws.write_number(row, 2, change.set, set_format)
    else:
        ws.write_blank(row, 2, None, set_format)
    if change is not None and change.set is None and change.multiply != 1.0:
        ws.write_number(row, 3, change.multiply, fmt.factor_input)
    else:
        ws.write_blank(row, 3, None, fmt.factor_input)
    if change is not None and change.set is None and change.add != 0.0:
        ws.write_number(row, 4, change.add, fmt.factor_input)
    else:
        ws.write_blank(row, 4, None, fmt.factor_input)


