"""The optional cost structure (domain doc, section 7), checked against point A.

Without one, the lever chain uses the net margin: P = R x m, so profit is
proportional to revenue. With one, P = R x (1 - v) - H x c - F, where H = R /
revenue per employee, v is the variable cost share, c the cost of an employee
for a year and F the fixed costs. Profit is still linear in revenue, so the
back-calculation stays closed-form: R = (P* + F) / (1 - v - c / revenue per employee).

Point A must still reproduce last year's profit. So the fixed costs are the
residual F = R_A x (1 - v) - H_A x c - P_A: derived when the template leaves
them blank, and checked when it gives them (a typed figure that disagrees by
more than one unit of currency is refused with the figure that would agree).

Pure: plain numbers in, plain numbers (or problems) out.
"""

from __future__ import annotations

from ..errors import ChangeError, InputError, Problem
from ..i18n import Text, number, percent
from .inputs import CostModel, Inputs, Reason

# A typed fixed-cost figure may differ from the residual by rounding to whole units.
FIXED_COSTS_TOLERANCE = 1.0


def _fmt(value: float, lang: str = "en") -> str:
    return number(value, 0 if abs(value - round(value)) < 5e-7 else 2, lang)


def _in(where: str | None) -> str:
    """` (Inputs!C61)` after a Russian phrase, or nothing when the value has no cell."""
    return f" ({where})" if where else ""


def implied_fixed_costs(inputs: Inputs, variable_share: float, cost_per_employee: float) -> float:
    """The fixed costs that make last year's figures reproduce last year's profit."""
    return inputs.revenue * (1.0 - variable_share) - inputs.headcount * cost_per_employee - inputs.profit


def cost_problems(inputs: Inputs) -> list[Problem]:
    """Why the template's cost structure cannot be used, or [] (also [] when there is none)."""
    costs = inputs.costs
    if costs is None or (costs.cost_per_employee is None and costs.fixed_costs is None):
        return []
    where = inputs.source
    if costs.cost_per_employee is None:
        return [Problem(
            where("cost_per_employee"), "cost_per_employee", Text(
                f"expected a cost per employee as well: fixed costs ({where('fixed_costs') or 'given'}) are part of the "
                "cost structure, which also needs the staff costs (type 0 if they are inside the fixed costs)",
                f"ожидались также затраты на сотрудника: постоянные расходы{_in(where('fixed_costs'))} — часть "
                "структуры расходов, а ей нужны и расходы на персонал (введите 0, если они входят в постоянные расходы)",
            ),
            None,
        )]
    if costs.variable_share is None:
        return [Problem(
            where("variable_share"), "variable_share", Text(
                "expected the variable cost share as well: with a cost per employee "
                f"({where('cost_per_employee') or 'given'}) profit is revenue x (1 - variable share) - headcount x "
                "cost per employee - fixed costs (type 0% if every cost is staff or fixed)",
                f"ожидалась также доля переменных расходов: при заданных затратах на сотрудника"
                f"{_in(where('cost_per_employee'))} прибыль = выручка × (1 − доля переменных расходов) − численность × "
                "затраты на сотрудника − постоянные расходы (введите 0%, если все расходы — на персонал или постоянные)",
            ),
            None,
        )]
    v, c = costs.variable_share, costs.cost_per_employee
    implied = implied_fixed_costs(inputs, v, c)
    basis = (f"revenue {_fmt(inputs.revenue)} x (1 - variable share {v:.2%}) - headcount {_fmt(inputs.headcount)} "
             f"x cost per employee {_fmt(c)} - profit {_fmt(inputs.profit)}")
    basis_ru = (f"выручка {_fmt(inputs.revenue, 'ru')} × (1 − доля переменных расходов {percent(v, 2, 'ru')}) − "
                f"численность {_fmt(inputs.headcount, 'ru')} × затраты на сотрудника {_fmt(c, 'ru')} − "
                f"прибыль {_fmt(inputs.profit, 'ru')}")
    if implied < -FIXED_COSTS_TOLERANCE:
        most = (inputs.revenue * (1 - v) - inputs.profit) / inputs.headcount
        return [Problem(
            where("cost_per_employee"), "cost_per_employee", Text(
                f"expected variable and staff costs that leave at least last year's profit: {basis} = {_fmt(implied)}, "
                "so the fixed costs would be negative; check the variable share and the cost per employee "
                f"(at most {_fmt(most)} with this variable share)",
                "ожидались переменные расходы и расходы на персонал, после которых остаётся хотя бы прибыль прошлого "
                f"года: {basis_ru} = {_fmt(implied, 'ru')}, то есть постоянные расходы были бы отрицательными; "
                "проверьте долю переменных расходов и затраты на сотрудника (при этой доле — не больше "
                f"{_fmt(most, 'ru')})",
            ),
            c,
        )]
    if costs.fixed_costs is not None and abs(costs.fixed_costs - implied) > FIXED_COSTS_TOLERANCE:
        return [Problem(
            where("fixed_costs"), "fixed_costs", Text(
                f"expected {_fmt(implied)}, the fixed costs with which last year's figures reproduce last year's profit "
                f"({basis}); leave the cell blank to derive them, or correct the variable share or the cost per employee",
                f"ожидалось {_fmt(implied, 'ru')}: при таких постоянных расходах цифры прошлого года дают прибыль "
                f"прошлого года ({basis_ru}); оставьте ячейку пустой, чтобы они рассчитались сами, или исправьте долю "
                "переменных расходов или затраты на сотрудника",
            ),
            costs.fixed_costs,
        )]
    return []


def cost_model(inputs: Inputs) -> CostModel | None:
    """The cost structure for the solver, or None for the plain margin model.

    The costs are checked ones: `leverage.solve` refuses those that cannot be used first (`cost_problems`).
    """
    costs = inputs.costs
    if costs is None or costs.cost_per_employee is None or costs.variable_share is None:
        return None
    implied = implied_fixed_costs(inputs, costs.variable_share, costs.cost_per_employee)
    return CostModel(
        variable_share=costs.variable_share,
        cost_per_employee=costs.cost_per_employee,
        fixed_costs=implied,
        fixed_costs_given=costs.fixed_costs is not None,
    )


def refuse_margin_change(inputs: Inputs, from_command_line: bool) -> None:
    """With a cost structure the margin is an output; a change to it cannot be applied.

    Reinterpreting "+5pp margin" as a cut in some cost would be a guess, so the
    change is refused with what to do instead.
    """
    message = Text(
        "margin is an output when the template gives a cost structure "
        f"({inputs.source('cost_per_employee') or 'cost per employee'}): profit = revenue x (1 - variable share) - "
        "headcount x cost per employee - fixed costs, so the margin follows from revenue and cannot be set for B′; "
        "raise revenue per employee or the average check instead, lower the variable share or the cost per employee "
        "in the template, or clear the cost structure to change the margin directly",
        "маржинальность (margin) — результат расчёта, когда шаблон задаёт структуру расходов "
        f"({inputs.source('cost_per_employee') or 'затраты на сотрудника'}): прибыль = выручка × (1 − доля переменных "
        "расходов) − численность × затраты на сотрудника − постоянные расходы, так что маржинальность следует из "
        "выручки и задать её для B′ нельзя; вместо этого поднимите выручку на сотрудника или средний чек, снизьте в "
        "шаблоне долю переменных расходов или затраты на сотрудника либо очистите структуру расходов, чтобы менять "
        "маржинальность напрямую",
    )
    error: ChangeError | InputError
    if from_command_line:
        error = ChangeError(Text(f"--lever margin: {message}", f"--lever margin: {message.ru}"))
    else:
        error = InputError(Problem(inputs.source("lever_margin"), "lever_margin", message, has_seen=False))
    raise error.said_in(inputs.lang)


def unit_contribution_reason(costs: CostModel, rev_per_employee: float) -> Reason | None:
    """Why a point is infeasible under the cost structure, or None."""
    if rev_per_employee <= 0:
        return None  # reported as a lever problem already
    unit = costs.unit_contribution(rev_per_employee)
    if unit > 0:
        return None
    staff = costs.cost_per_employee / rev_per_employee
    together = costs.variable_share + staff
    return Reason("unit_contribution_not_positive", "rev_per_employee", rev_per_employee,
                  (("variable_share", costs.variable_share), ("staff", staff), ("together", together)))
