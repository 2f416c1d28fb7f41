"""The lever analysis as a terminal table and as JSON; both say the same as the Levers sheet."""

from __future__ import annotations

from typing import Any

from . import i18n
from .analysis import RATES, LeverAnalysis, Requirement, Rise
from .report import _count, _money


def reason_text(requirement: Requirement, lang: str = "en") -> str | None:
    return i18n.text(lang, f"gs_{requirement.reason}") if requirement.reason else None


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
             "feasible": g.feasible, "reason": reason_text(g)}
            for g in analysis.goal_seek
        ],
        "warnings": [{"location": w.location, "metric": w.metric, "message": str(w.message)} for w in analysis.warnings],
    }


def to_json(analysis: LeverAnalysis) -> str:
    import json  # only for --json

    return json.dumps(to_dict(analysis), ensure_ascii=False, indent=2)


def _value(lever: str, value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    if lever.startswith(RATES):
        return i18n.percent(value, 3 if abs(value) < 0.01 else 2, lang)
    return _count(value, lang) if lever == "leads" else _money(value, lang)


def _change(value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    return ("+" if value >= 0 else "−") + i18n.percent(abs(value), 2, lang)


def _columns(rows: list[list[str]], left: int) -> list[str]:
    """Left-align the first `left` columns and the last (a note), right-align the numbers."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    last = len(widths) - 1
    lines = []
    for row in rows:
        cells = [cell.ljust(w) if i < left or i == last else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


def table(analysis: LeverAnalysis, lang: str | None = None) -> str:
    """Sensitivity ranked by profit, then the goal seek, as plain text."""
    inputs = analysis.inputs
    lang = lang or inputs.lang
    names = tuple(stage.name for stage in inputs.funnel)
    label = lambda lever: i18n.lever_label(lang, lever, names)  # noqa: E731
    step = f"{analysis.step:+.0%}" if round(analysis.step, 2) == analysis.step else f"{analysis.step:+.2%}"
    heading = i18n.text(lang, "levers_heading", company=inputs.company or "—")
    out = [f"{heading} ({inputs.currency})", ""]
    out.append(i18n.text(lang, "sens_heading", step=step, profit=_money(analysis.base_profit, lang)))
    rows = [["#", i18n.text(lang, "lever"), "A", step, i18n.metric(lang, "profit"), i18n.text(lang, "change_vs_a"), ""]]
    for rank, r in enumerate(analysis.sensitivity, start=1):
        rows.append([str(rank), label(r.lever), _value(r.lever, r.value_a, lang), _value(r.lever, r.value, lang),
                     _money(r.profit, lang), _change(r.change, lang), i18n.text(lang, "capped_note") if r.capped else ""])
    rows.append(["", i18n.text(lang, "all_five_line"), "", "", _money(analysis.all_levers.profit, lang),
                 _change(analysis.all_levers.change, lang), ""])
    out += _columns(rows, left=2)
    out.append("")
    if analysis.target_profit is None:
        out.append(i18n.text(lang, "no_target"))
        return "\n".join(out)
    year = analysis.next_year
    out.append(i18n.text(lang, "goal_heading", target=_money(analysis.target_profit, lang)))
    out.append(i18n.text(lang, "goal_context", clients=_count(year.clients_start, lang), leads=_count(year.leads, lang),
                         profit=_money(analysis.next_year_profit, lang)))
    rows = [[i18n.text(lang, "lever"), "A", i18n.text(lang, "required"), i18n.text(lang, "change"), ""]]
    for g in analysis.goal_seek:
        why = reason_text(g, lang) or ""
        if not g.feasible:
            why = f"{i18n.text(lang, 'infeasible')}: {why}"
        rows.append([label(g.lever), _value(g.lever, g.value_a, lang), _value(g.lever, g.required, lang), _change(g.change, lang), why])
    out += _columns(rows, left=1)
    return "\n".join(out)
