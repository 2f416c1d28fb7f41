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
from ..i18n import Pct, Translator, _, number
from .inputs import CostModel, Inputs, Reason

# A typed fixed-cost figure may differ from the residual by rounding to whole units.
FIXED_COSTS_TOLERANCE = 1.0


def _fmt(value: float, lang: str = "en") -> str:
    return number(value, 0 if abs(value - round(value)) < 5e-7 else 2, lang)


class _F:
    """A figure as `_fmt` writes it, in the language that renders it."""

    def __init__(self, value: float) -> None:
        self.value = value

    def in_language(self, tr: Translator) -> str:
        return _fmt(self.value, tr.lang)

    def __str__(self) -> str:
        return _fmt(self.value)


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
            where("cost_per_employee"), "cost_per_employee",
            _("expected a cost per employee as well: fixed costs ({cell}) are part of the cost structure, which also "
              "needs the staff costs (type 0 if they are inside the fixed costs)", cell=where("fixed_costs"))
            if where("fixed_costs") else
            _("expected a cost per employee as well: fixed costs (given) are part of the cost structure, which also "
              "needs the staff costs (type 0 if they are inside the fixed costs)"),
            None,
        )]
    if costs.variable_share is None:
        return [Problem(
            where("variable_share"), "variable_share",
            _("expected the variable cost share as well: with a cost per employee ({cell}) profit is revenue x "
              "(1 - variable share) - headcount x cost per employee - fixed costs (type 0% if every cost is staff or "
              "fixed)", cell=where("cost_per_employee"))
            if where("cost_per_employee") else
            _("expected the variable cost share as well: with a cost per employee (given) profit is revenue x "
              "(1 - variable share) - headcount x cost per employee - fixed costs (type 0% if every cost is staff or "
              "fixed)"),
            None,
        )]
    v, c = costs.variable_share, costs.cost_per_employee
    implied = implied_fixed_costs(inputs, v, c)
    basis = dict(revenue=_F(inputs.revenue), share=Pct(v), headcount=_F(inputs.headcount), cost=_F(c),
                 profit=_F(inputs.profit), implied=_F(implied))
    if implied < -FIXED_COSTS_TOLERANCE:
        most = (inputs.revenue * (1 - v) - inputs.profit) / inputs.headcount
        return [Problem(
            where("cost_per_employee"), "cost_per_employee", _(
                "expected variable and staff costs that leave at least last year's profit: revenue {revenue} x "
                "(1 - variable share {share}) - headcount {headcount} x cost per employee {cost} - profit {profit} = "
                "{implied}, so the fixed costs would be negative; check the variable share and the cost per employee "
                "(at most {most} with this variable share)", most=_F(most), **basis),
            c,
        )]
    if costs.fixed_costs is not None and abs(costs.fixed_costs - implied) > FIXED_COSTS_TOLERANCE:
        return [Problem(
            where("fixed_costs"), "fixed_costs", _(
                "expected {implied}, the fixed costs with which last year's figures reproduce last year's profit "
                "(revenue {revenue} x (1 - variable share {share}) - headcount {headcount} x cost per employee {cost} "
                "- profit {profit}); leave the cell blank to derive them, or correct the variable share or the cost "
                "per employee", **basis),
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
    cell = inputs.source("cost_per_employee")
    if cell:
        message = _("margin is an output when the template gives a cost structure ({cell}): profit = revenue x "
                    "(1 - variable share) - headcount x cost per employee - fixed costs, so the margin follows from "
                    "revenue and cannot be set for B′; raise revenue per employee or the average check instead, lower "
                    "the variable share or the cost per employee in the template, or clear the cost structure to "
                    "change the margin directly", cell=cell)
    else:
        message = _("margin is an output when the template gives a cost structure (cost per employee): profit = "
                    "revenue x (1 - variable share) - headcount x cost per employee - fixed costs, so the margin "
                    "follows from revenue and cannot be set for B′; raise revenue per employee or the average check "
                    "instead, lower the variable share or the cost per employee in the template, or clear the cost "
                    "structure to change the margin directly")
    error: ChangeError | InputError
    if from_command_line:
        error = ChangeError(_("--lever margin: {message}", message=message))
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
