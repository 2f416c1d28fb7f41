"""The lever analysis as a terminal table and as JSON; both say the same as the Levers sheet."""

from __future__ import annotations

from typing import Any

from ..i18n import Message, Translator, translator
from ..i18n.terms import GOAL_REASONS, amount, count, lever_label, metric
from ..model.analysis import LeverAnalysis, Requirement, Rise
from ..model.levers import is_rate


def reason_text(requirement: Requirement) -> Message | None:
    """Why the goal seek finds no value for the lever (None when it finds one)."""
    return GOAL_REASONS[requirement.reason] if requirement.reason else None


def to_dict(analysis: LeverAnalysis) -> dict[str, Any]:
    """One JSON-ready document: sensitivity (ranked), all five together, goal seek."""
    inputs = analysis.inputs

    def rise(r: Rise) -> dict[str, Any]:
        return {"lever": r.lever, "value_a": r.value_a, "value": r.value, "capped": r.capped,
                "profit": r.profit, "change": r.change}

    return {
        "company": inputs.company,
        "currency": inputs.currency,
        "step": analysis.step,
        "base_profit": analysis.base_profit,
        "target_profit": analysis.target_profit,
        "sensitivity": [rise(r) for r in analysis.sensitivity],
        "all_levers": {"profit": analysis.all_levers.profit, "change": analysis.all_levers.change},
        "next_year": {
            "clients_start": analysis.next_year.clients_start,
            "leads": analysis.next_year.leads,
            "profit": analysis.next_year_profit,
            "new_clients_needed": analysis.new_clients_needed,
        },
        "goal_seek": [
            {"lever": g.lever, "value_a": g.value_a, "required": g.required, "change": g.change,
             "feasible": g.feasible, "reason": None if g.reason is None else str(reason_text(g))}
            for g in analysis.goal_seek
        ],
        "warnings": [{"location": w.location, "metric": w.metric, "message": str(w.message)} for w in analysis.warnings],
    }


def to_json(analysis: LeverAnalysis) -> str:
    import json  # only for --json

    return json.dumps(to_dict(analysis), ensure_ascii=False, indent=2)


def _value(t: Translator, lever: str, value: float | None) -> str:
    """A lever's value as the tables show it: a rate in percent, leads as a count, else an amount."""
    if value is None:
        return "—"
    if is_rate(lever):
        return t.percent(value, 3 if abs(value) < 0.01 else 2)
    return count(t, value) if lever == "leads" else amount(t, value)


def _change(t: Translator, value: float | None) -> str:
    if value is None:
        return "—"
    return ("+" if value >= 0 else "−") + t.percent(abs(value), 2)


def _columns(rows: list[list[str]], left: int) -> list[str]:
    """Left-align the first `left` columns and the last (a note), right-align the numbers."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    last = len(widths) - 1
    lines = []
    for row in rows:
        cells = [cell.ljust(w) if i < left or i == last else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


def table(analysis: LeverAnalysis, t: Translator | None = None) -> str:
    """Sensitivity ranked by profit, then the goal seek, as plain text in `t`'s language (default: the
    template's)."""
    inputs = analysis.inputs
    t = t or translator(inputs.lang, inputs.currency)
    names = tuple(stage.name for stage in inputs.funnel)
    label = lambda lever: lever_label(t, lever, names)  # noqa: E731
    step = f"{analysis.step:+.0%}" if round(analysis.step, 2) == analysis.step else f"{analysis.step:+.2%}"
    heading = t.gettext("Levers of {company}", company=inputs.company or "—")
    out = [f"{heading} ({inputs.currency})", ""]
    out.append(t.gettext("Each lever alone {step}, against last year recomputed forward (profit {profit}):",
                         step=step, profit=amount(t, analysis.base_profit)))
    rows = [["#", t.gettext("Lever"), "A", step, metric(t, "profit"), t.gettext("Profit change vs A"), ""]]
    for rank, r in enumerate(analysis.sensitivity, start=1):
        rows.append([str(rank), label(r.lever), _value(t, r.lever, r.value_a), _value(t, r.lever, r.value),
                     amount(t, r.profit), _change(t, r.change), t.gettext("capped at 100 %") if r.capped else ""])
    rows.append(["", t.gettext("All five together"), "", "", amount(t, analysis.all_levers.profit),
                 _change(t, analysis.all_levers.change), ""])
    out += _columns(rows, left=2)
    out.append("")
    if analysis.target_profit is None:
        out.append(t.gettext("No target profit: give --target-profit (or fill it in the template) for the goal seek."))
        return "\n".join(out)
    year = analysis.next_year
    out.append(t.gettext("What each lever alone must reach for profit {target} next year",
                         target=amount(t, analysis.target_profit)))
    out.append(t.gettext("({clients} clients carried in, {leads} leads, other levers as last year: profit {profit} "
                         "with nothing changed):", clients=count(t, year.clients_start), leads=count(t, year.leads),
                         profit=amount(t, analysis.next_year_profit)))
    rows = [[t.gettext("Lever"), "A", t.gettext("Required"), t.gettext("Change vs A"), ""]]
    for g in analysis.goal_seek:
        reason = reason_text(g)
        why = "" if reason is None else t(reason)
        if not g.feasible:
            why = t.gettext("infeasible: {why}", why=why)
        rows.append([label(g.lever), _value(t, g.lever, g.value_a), _value(t, g.lever, g.required),
                     _change(t, g.change), why])
    out += _columns(rows, left=1)
    return "\n".join(out)
