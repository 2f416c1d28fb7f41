"""Scenarios as a terminal table and as JSON; both say the same as the workbook."""

from __future__ import annotations

import json
from typing import Any

from . import i18n
from .model import Point, Scenarios


def point_dict(point: Point, stage_names: tuple[str, ...]) -> dict[str, Any]:
    """One point with exact (unrounded) values, its levers, funnel and whole units."""
    levers = point.levers
    data: dict[str, Any] = {
        "feasible": point.feasible,
        "mode": point.mode,
        "margin": levers.margin,
        "rev_per_employee": levers.rev_per_employee,
        "avg_check": levers.avg_check,
        "retention": levers.retention,
        "clients_start": point.clients_start,
    }
    if not point.feasible:
        data["reasons"] = [{"code": r.code, "lever": r.lever, "value": r.value, "message": r.message} for r in point.reasons]
        data["funnel"] = [
            {"stage": name, "count": None, "conversion": levers.conversions[k - 1] if k else None}
            for k, name in enumerate(stage_names)
        ]
        return data
    data.update({
        "profit": point.profit,
        "revenue": point.revenue,
        "headcount": point.headcount,
        "clients_new": point.clients_new,
        "clients_end": point.clients_end,
        "clients_surplus": point.clients_surplus,
        "leads": point.leads,
        "funnel": [
            # conversion: the share of the previous stage that reached this one.
            {"stage": name, "count": count, "conversion": levers.conversions[k - 1] if k else None}
            for k, (name, count) in enumerate(zip(stage_names, point.funnel))
        ],
        "whole": {
            "headcount": point.whole(point.headcount),
            "clients_new": point.whole(point.clients_new),
            "clients_end": point.whole(point.clients_end),
            "funnel": [point.whole(count) for count in point.funnel],
        },
    })
    return data


def to_dict(scenarios: Scenarios) -> dict[str, Any]:
    inputs = scenarios.inputs
    return {
        "company": inputs.company,
        "currency": inputs.currency,
        "target_profit": scenarios.target_profit,
        "changes": {lever: change.text for lever, change in scenarios.changes},
        "points": {p.key: point_dict(p, scenarios.stage_names) for p in scenarios.points},
        "warnings": [
            {"location": w.location, "metric": w.metric, "message": w.message} for w in scenarios.warnings
        ],
    }


def to_json(scenarios: Scenarios) -> str:
    return json.dumps(to_dict(scenarios), ensure_ascii=False, indent=2)


def _money(value: float | None, currency: str) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _count(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if abs(value - round(value)) < 5e-7 else f"{value:,.2f}"


def _rate(value: float) -> str:
    return f"{value:.2%}"


def table(scenarios: Scenarios, lang: str | None = None) -> str:
    """A plain-text comparison of the four points, exact figures and whole units."""
    lang = lang or scenarios.inputs.lang
    cur = scenarios.inputs.currency
    points = scenarios.points
    metric = lambda key: i18n.metric(lang, key)  # noqa: E731
    rows: list[tuple[str, list[str]]] = []

    def add(label: str, cells: list[str]) -> None:
        rows.append((label, cells))

    add(f"{metric('profit')}, {cur}", [_money(p.profit, cur) for p in points])
    add(f"{metric('revenue')}, {cur}", [_money(p.revenue, cur) for p in points])
    add(metric("margin"), [_rate(p.levers.margin) for p in points])
    add(metric("headcount"), [_count(p.headcount) for p in points])
    add(f"{metric('rev_per_employee')}, {cur}", [_money(p.levers.rev_per_employee, cur) for p in points])
    add(f"{metric('avg_check').split(' (')[0]}, {cur}", [_money(p.levers.avg_check, cur) for p in points])
    add(metric("clients_start"), [_count(p.clients_start) for p in points])
    add(metric("clients_new"), [_count(p.clients_new) for p in points])
    add(metric("clients_end"), [_count(p.clients_end) for p in points])
    add(metric("retention"), [_rate(p.levers.retention) for p in points])
    names = scenarios.stage_names
    for k, name in enumerate(names):
        if k:
            add(f"  {i18n.text(lang, 'conversion_to', stage=name)}", [_rate(p.levers.conversions[k - 1]) for p in points])
        add(name, [_count(p.funnel[k]) if p.feasible else "—" for p in points])
    if any(p.clients_surplus for p in points):
        add(i18n.text(lang, "surplus"), [_count(p.clients_surplus) if p.feasible else "—" for p in points])
    whole_rows = [(metric("headcount"), lambda p: p.headcount), (metric("clients_new"), lambda p: p.clients_new),
                  (metric("clients_end"), lambda p: p.clients_end)]
    whole_rows += [(name, lambda p, k=k: p.funnel[k] if p.feasible else None) for k, name in enumerate(names)]
    headers = [i18n.POINT_SHORT[p.key] for p in points]
    label_width = max(len(label) for label, _ in rows + [(name, None) for name, _ in whole_rows]) + 2
    widths = [max(len(h), *(len(cells[i]) for _, cells in rows)) + 2 for i, h in enumerate(headers)]

    def line(label: str, cells: list[str]) -> str:
        return label.ljust(label_width) + "".join(c.rjust(w) for c, w in zip(cells, widths))

    out = [line("", headers)]
    out += [line(label, cells) for label, cells in rows]
    out.append("")
    out.append(i18n.text(lang, "whole"))
    for label, get in whole_rows:
        out.append(line(f"  {label}", [f"{p.whole(get(p)):,}" if p.feasible else "—" for p in points]))
    for p in points:
        for reason in p.reasons:
            out.append(f"{i18n.POINT_SHORT[p.key]} {i18n.text(lang, 'infeasible')}: {reason.message}")
    return "\n".join(out)
