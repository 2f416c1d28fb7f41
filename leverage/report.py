"""Scenarios as a terminal table (with conclusions) and as JSON; both say the same as the workbook."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

from . import i18n
from .changes import is_rate
from .conclusions import conclude, reason_text
from .model import Point, Scenarios, Uncertainty
from .report_optional import optional_lines, with_optional


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
        data["reasons"] = [{"code": r.code, "lever": r.lever, "value": r.value, "message": str(r.message)} for r in point.reasons]
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
    data = with_optional(scenarios, {
        "company": inputs.company,
        "currency": inputs.currency,
        "target_profit": scenarios.target_profit,
        "changes": {lever: change.text for lever, change in scenarios.changes},
        "points": {p.key: point_dict(p, scenarios.stage_names) for p in scenarios.points},
        "warnings": [
            {"location": w.location, "metric": w.metric, "message": str(w.message)} for w in scenarios.warnings
        ],
    })
    if scenarios.uncertainty is not None:
        data["uncertainty"] = uncertainty_dict(scenarios.uncertainty)
    return data


def uncertainty_dict(u: Uncertainty) -> dict[str, Any]:
    """The simulation of B'': its settings, the probability of the target, percentiles, histogram."""
    return {
        "samples": u.samples,
        "seed": u.seed,
        "distribution": "uniform",
        "probability": u.probability,
        "p10": u.p10,
        "p50": u.p50,
        "p90": u.p90,
        "ranges": {lever: {"low": low, "high": high} for lever, low, high in u.ranges},
        "histogram": [{"from": a, "to": b, "count": n} for a, b, n in u.histogram],
    }


def to_json(scenarios: Scenarios) -> str:
    import json  # only for --json

    return json.dumps(to_dict(scenarios), ensure_ascii=False, indent=2)


def _money(value: float | None, lang: str) -> str:
    return "—" if value is None else i18n.number(value, 0, lang)


def _count(value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    return i18n.number(value, 0 if abs(value - round(value)) < 5e-7 else 2, lang)


def _rate(value: float, lang: str) -> str:
    return i18n.percent(value, 2, lang)


Style = Callable[[str, str], str]


def _plain(text: str, role: str) -> str:
    return text


def terminal_style(text: str, role: str) -> str:
    """Colour for a terminal that shows it: headers bold, good news green, problems red."""
    import click

    styles = {"header": {"bold": True}, "good": {"fg": "green"}, "bad": {"fg": "yellow"}, "error": {"fg": "red"}}
    return click.style(text, **styles[role]) if role in styles else text


def table(scenarios: Scenarios, lang: str | None = None, style: Style = _plain) -> str:
    """A plain-text comparison of the four points, exact figures and whole units.

    Numbers follow the language (1,200,000 and 9.49% in English, 1 200 000 and
    9,49 % in Russian); `style(text, role)` may colour the text for a terminal.
    """
    lang = lang or scenarios.inputs.lang
    cur = i18n.currency_unit(scenarios.inputs.currency, lang)
    points = scenarios.points
    metric = lambda key: i18n.metric(lang, key)  # noqa: E731
    rows: list[tuple[str, list[str]]] = []

    def add(label: str, cells: list[str]) -> None:
        rows.append((label, cells))

    add(f"{metric('profit')}, {cur}", [_money(p.profit, lang) for p in points])
    add(f"{metric('revenue')}, {cur}", [_money(p.revenue, lang) for p in points])
    add(metric("margin"), [_rate(p.levers.margin, lang) for p in points])
    add(metric("headcount"), [_count(p.headcount, lang) for p in points])
    add(f"{metric('rev_per_employee')}, {cur}", [_money(p.levers.rev_per_employee, lang) for p in points])
    add(f"{metric('avg_check').split(' (')[0]}, {cur}", [_money(p.levers.avg_check, lang) for p in points])
    add(metric("clients_start"), [_count(p.clients_start, lang) for p in points])
    add(metric("clients_new"), [_count(p.clients_new, lang) for p in points])
    add(metric("clients_end"), [_count(p.clients_end, lang) for p in points])
    add(metric("retention"), [_rate(p.levers.retention, lang) for p in points])
    names = scenarios.stage_names
    for k, name in enumerate(names):
        if k:
            add(f"  {i18n.text(lang, 'conversion_to', stage=name)}", [_rate(p.levers.conversions[k - 1], lang) for p in points])
        add(name, [_count(p.funnel[k], lang) if p.feasible else "—" for p in points])
    if any(p.clients_surplus for p in points):
        add(i18n.text(lang, "surplus"), [_count(p.clients_surplus, lang) if p.feasible else "—" for p in points])
    whole_rows = [(metric("headcount"), lambda p: p.headcount), (metric("clients_new"), lambda p: p.clients_new),
                  (metric("clients_end"), lambda p: p.clients_end)]
    whole_rows += [(name, lambda p, k=k: p.funnel[k] if p.feasible else None) for k, name in enumerate(names)]
    headers = [i18n.POINT_SHORT[p.key] for p in points]
    label_width = max(len(label) for label, _ in rows + [(name, None) for name, _ in whole_rows]) + 2
    widths = [max(len(h), *(len(cells[i]) for _, cells in rows)) + 2 for i, h in enumerate(headers)]

    def line(label: str, cells: list[str], role: str = "") -> str:
        padded = [c.rjust(w) for c, w in zip(cells, widths)]
        padded = [style(c, "error") if c.strip() == "—" else style(c, role) for c in padded]
        return style(label.ljust(label_width), role) + "".join(padded)

    out = [line("", headers, "header")]
    out += [line(label, cells) for label, cells in rows]
    out.append("")
    out.append(style(i18n.text(lang, "whole"), "header"))
    for label, get in whole_rows:
        out.append(line(f"  {label}", [_count(p.whole(get(p)), lang) if p.feasible else "—" for p in points]))
    for p in points:
        for reason in p.reasons:
            why = reason_text(reason, scenarios, lang).replace(i18n.NBSP, " ")
            out.append(style(f"{i18n.POINT_SHORT[p.key]} {i18n.text(lang, 'infeasible')}: {why}", "error"))
    out += optional_lines(scenarios, lang)
    if scenarios.uncertainty is not None:
        out += ["", *uncertainty_lines(scenarios.uncertainty, lang, scenarios.stage_names)]
    return "\n".join(out)


def range_text(lever: str, low: float, high: float, lang: str = "en") -> str:
    if is_rate(lever):
        return f"{_rate(low, lang)} .. {_rate(high, lang)}"
    if lever == "leads":
        return f"{_count(low, lang)} .. {_count(high, lang)}"
    return f"{_money(low, lang)} .. {_money(high, lang)}"


def uncertainty_lines(u: Uncertainty, lang: str, stage_names: tuple[str, ...]) -> list[str]:
    """The simulation in a few lines: the ranges, the probability of the target, P10/P50/P90."""
    heading = i18n.text(lang, "unc_heading", samples=i18n.number(u.samples, 0, lang, " "), seed=str(u.seed))
    rows = [(f"  {i18n.lever_label(lang, lever, stage_names)}", range_text(lever, low, high, lang))
            for lever, low, high in u.ranges]
    rows.append((f"  {i18n.text(lang, 'unc_probability', target=_money(u.target_profit, lang))}",
                 i18n.percent(u.probability, 1, lang)))
    rows += [(f"  {i18n.text(lang, key)}", _money(getattr(u, key), lang)) for key in ("p10", "p50", "p90")]
    width = max(len(label) for label, _ in rows) + 2
    return [heading] + [label.ljust(width) + value for label, value in rows]


def comparison(scenarios: Scenarios, lang: str | None = None, style: Style = _plain, width: int = 100) -> str:
    """The table, then the conclusions in words: what `leverage show` prints."""
    lang = lang or scenarios.inputs.lang
    lines = [table(scenarios, lang, style), "", style(i18n.text(lang, "conclusions"), "header")]
    for conclusion in conclude(scenarios, lang):
        if conclusion.key == "infeasible":
            continue  # the table already lists the reasons
        text = textwrap.fill(conclusion.text, width, initial_indent="• ", subsequent_indent="  ")
        lines.append(style(text.replace(i18n.NBSP, " "), conclusion.tone))
    return "\n".join(lines)
