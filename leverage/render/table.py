"""Scenarios as a terminal table (with conclusions) and as JSON; both say the same as the workbook."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from functools import partial
from typing import Any

from ..i18n import NBSP, Translator, translator
from ..i18n.conclusions import conclude, reason_message, reason_text
from ..i18n.terms import PERCENTILES, POINT_SHORT, amount, count, lever_label, lever_name, metric
from ..model.inputs import Point, ScenarioPoint, Scenarios, Uncertainty, figure
from ..model.levers import is_rate
from ..model.market import Market
from ..model.result import result_of
from .sections import optional_lines, with_optional


def point_dict(point: ScenarioPoint, stage_names: tuple[str, ...]) -> dict[str, Any]:
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
        data["reasons"] = [{"code": r.code, "lever": r.lever, "value": r.value, "message": reason_message(r)} for r in point.reasons]
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
    """The run as JSON data: a `Result` (as `leverage.solve` gives), or Scenarios made one (`result_of`)."""
    scenarios = result_of(scenarios)
    inputs = scenarios.inputs
    data = with_optional(scenarios, {
        "company": inputs.company,
        "currency": inputs.currency,
        "target_profit": scenarios.target_profit,
        "changes": {lever: change.text for lever, change in scenarios.changes},
        "points": {p.key: _with_market(point_dict(p, scenarios.stage_names), scenarios.market, p.key)
                   for p in scenarios.points},
        "warnings": [
            {"location": w.location, "metric": w.metric, "message": str(w.message)} for w in scenarios.warnings
        ],
    })
    if scenarios.uncertainty is not None:
        data["uncertainty"] = uncertainty_dict(scenarios.uncertainty)
    return data


def _with_market(data: dict[str, Any], market: Market | None, key: str) -> dict[str, Any]:
    """A point's data with its `market` shares, where a market size is given and the point computed."""
    share = market.share(key) if market is not None else None
    if market is not None and share is not None:
        data["market"] = {"size": market.size, "leads_share": share.leads_share,
                          "new_clients_share": share.new_clients_share}
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


Style = Callable[[str, str], str]


def _plain(text: str, role: str) -> str:
    return text


def terminal_style(text: str, role: str) -> str:
    """Colour for a terminal that shows it: headers bold, good news green, problems red."""
    import click

    styles: dict[str, dict[str, Any]] = {"header": {"bold": True}, "good": {"fg": "green"}, "bad": {"fg": "yellow"}, "error": {"fg": "red"}}
    return click.style(text, **styles[role]) if role in styles else text


def table(scenarios: Scenarios, t: Translator | None = None, style: Style = _plain) -> str:
    """A plain-text comparison of the four points, exact figures and whole units.

    Numbers follow `t`'s language (default: the template's): 1,200,000 and 9.49% in
    English, 1 200 000 and 9,49 % in Russian; `style(text, role)` may colour the text
    for a terminal.
    """
    scenarios = result_of(scenarios)
    t = t or translator(scenarios.inputs.lang, scenarios.inputs.currency)
    cur = t.currency_unit
    points = scenarios.points
    name_of = lambda key: metric(t, key)  # noqa: E731
    rows: list[tuple[str, list[str]]] = []

    def add(label: str, cells: list[str]) -> None:
        rows.append((label, cells))

    add(f"{name_of('profit')}, {cur}", [amount(t, figure(p, "profit")) for p in points])
    add(f"{name_of('revenue')}, {cur}", [amount(t, figure(p, "revenue")) for p in points])
    add(name_of("margin"), [t.percent(p.levers.margin) for p in points])
    add(name_of("headcount"), [count(t, figure(p, "headcount")) for p in points])
    add(f"{name_of('rev_per_employee')}, {cur}", [amount(t, p.levers.rev_per_employee) for p in points])
    add(f"{lever_name(t, 'avg_check')}, {cur}", [amount(t, p.levers.avg_check) for p in points])
    add(name_of("clients_start"), [count(t, p.clients_start) for p in points])
    add(name_of("clients_new"), [count(t, figure(p, "clients_new")) for p in points])
    add(name_of("clients_end"), [count(t, figure(p, "clients_end")) for p in points])
    add(name_of("retention"), [t.percent(p.levers.retention) for p in points])
    names = scenarios.stage_names
    for k, name in enumerate(names):
        if k:
            add("  " + t.gettext("conversion to {stage}", stage=name),
                [t.percent(p.levers.conversions[k - 1]) for p in points])
        add(name, [count(t, p.funnel[k]) if p.feasible else "—" for p in points])
    if any(figure(p, "clients_surplus") for p in points):
        add(t.gettext("Clients carried in beyond need"),
            [count(t, p.clients_surplus) if p.feasible else "—" for p in points])
    if scenarios.market is not None:
        market = scenarios.market
        for attr, text in (("leads_share", t.gettext("Leads, share of a market of {size}", size=count(t, market.size))),
                           ("new_clients_share", t.gettext("New clients, share of a market of {size}",
                                                           size=count(t, market.size)))):
            add(text, [_share(t, market, p.key, attr) for p in points])
    whole_rows: list[tuple[str, Callable[[Point], float]]] = [
        (name_of("headcount"), lambda p: p.headcount), (name_of("clients_new"), lambda p: p.clients_new),
        (name_of("clients_end"), lambda p: p.clients_end)]
    whole_rows += [(name, partial(_stage, k=k)) for k, name in enumerate(names)]
    headers = [POINT_SHORT[p.key] for p in points]
    label_width = max(len(label) for label, _ in rows + [(name, None) for name, _ in whole_rows]) + 2
    widths = [max(len(h), *(len(cells[i]) for _, cells in rows)) + 2 for i, h in enumerate(headers)]

    def line(label: str, cells: list[str], role: str = "") -> str:
        padded = [c.rjust(w) for c, w in zip(cells, widths)]
        padded = [style(c, "error") if c.strip() == "—" else style(c, role) for c in padded]
        return style(label.ljust(label_width), role) + "".join(padded)

    out = [line("", headers, "header")]
    out += [line(label, cells) for label, cells in rows]
    out.append("")
    out.append(style(t.gettext("Whole units (requirements rounded up, forecasts down)"), "header"))
    for label, get in whole_rows:
        out.append(line(f"  {label}", [count(t, p.whole(get(p))) if p.feasible else "—" for p in points]))
    for p in points:
        for reason in p.reasons:
            why = reason_text(reason, scenarios, t).replace(NBSP, " ")
            out.append(style(t.gettext("{point} infeasible: {why}", point=POINT_SHORT[p.key], why=why), "error"))
    out += optional_lines(scenarios, t)
    if scenarios.uncertainty is not None:
        out += ["", *uncertainty_lines(scenarios.uncertainty, t, scenarios.stage_names)]
    return "\n".join(out)


def _share(t: Translator, market: Market, key: str, attr: str) -> str:
    """A point's share of the market as the table shows it; "—" for a point that cannot be computed."""
    share = market.share(key)
    return "—" if share is None else t.percent(getattr(share, attr))


def _stage(point: Point, k: int) -> float:
    return point.funnel[k]


def range_text(t: Translator, lever: str, low: float, high: float) -> str:
    """A lever's range as the table shows it: "75.00% .. 85.00%", "34,000 .. 42,000"."""
    if is_rate(lever):
        return f"{t.percent(low)} .. {t.percent(high)}"
    if lever == "leads":
        return f"{count(t, low)} .. {count(t, high)}"
    return f"{amount(t, low)} .. {amount(t, high)}"


def uncertainty_lines(u: Uncertainty, t: Translator, stage_names: tuple[str, ...]) -> list[str]:
    """The simulation in a few lines: the ranges, the probability of the target, P10/P50/P90."""
    heading = t.gettext("Uncertainty of B″ ({samples} samples, seed {seed}, uniform within each range):",
                        samples=t.number(u.samples), seed=str(u.seed))
    rows = [(f"  {lever_label(t, lever, stage_names)}", range_text(t, lever, low, high))
            for lever, low, high in u.ranges]
    rows.append(("  " + t.gettext("Probability of reaching {target}", target=amount(t, u.target_profit)),
                 t.percent(u.probability, 1)))
    rows += [(f"  {t(PERCENTILES[key])}", amount(t, getattr(u, key))) for key in ("p10", "p50", "p90")]
    width = max(len(label) for label, _ in rows) + 2
    return [heading] + [label.ljust(width) + value for label, value in rows]


def comparison(scenarios: Scenarios, t: Translator | None = None, style: Style = _plain, width: int = 100) -> str:
    """The table, then the conclusions in words: what `leverage show` prints."""
    scenarios = result_of(scenarios)
    t = t or translator(scenarios.inputs.lang, scenarios.inputs.currency)
    lines = [table(scenarios, t, style), "", style(t.gettext("Conclusions"), "header")]
    for conclusion in conclude(scenarios, t):
        if conclusion.key == "infeasible":
            continue  # the table already lists the reasons
        text = textwrap.fill(conclusion.text, width, initial_indent="• ", subsequent_indent="  ")
        lines.append(style(text.replace(NBSP, " "), conclusion.tone))
    return "\n".join(lines)
