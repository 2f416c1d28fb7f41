"""The tracking of a plan as a terminal table and as JSON: plan, actual and variance to date and by month, the profit
gap by lever, the largest shortfall and its owner, the alerts, the forecast and the re-plan."""

from __future__ import annotations

from typing import Any

from ..i18n import Message, Pct, Translator, _, translator
from ..i18n.terms import amount, count, lever_label, lever_name, metric
from ..i18n.tracking import REASONS, TRACKED_LEVERS, alert_text
from ..model.track import LEVERS, Figures, Levers, Track, TrackResult, Variance

# The figures of a month, and the levers beside them, in the order the table and the JSON give them.
FLOWS_AND_STOCKS = ("leads", "new_clients", "active_clients", "revenue", "profit", "headcount")
LEVER_METRICS = ("conversion", "retention", "avg_check", "margin", "rev_per_employee")
def _figures(names: tuple[str, ...], f: Figures, levers: Levers) -> dict[str, Any]:
    return {
        "stages": [{"stage": name, "count": c} for name, c in zip(names, f.stages)],
        "leads": f.leads, "new_clients": f.new_clients, "active_clients": f.active_clients, "revenue": f.revenue,
        "profit": f.profit, "headcount": f.headcount,
        **{key: levers.get(key) for key in LEVER_METRICS},
    }


def _variance(plan: Figures, actual: Figures, pl: Levers, al: Levers) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in FLOWS_AND_STOCKS:
        v = Variance(getattr(plan, key), getattr(actual, key))
        out[key] = {"amount": v.amount, "share": v.share}
    for key in LEVER_METRICS:
        p, a = pl.get(key), al.get(key)
        if p is None or a is None:
            out[key] = None
            continue
        v = Variance(p, a)
        out[key] = {"amount": v.amount, "share": v.share}
    return out


def track_dict(run: TrackResult) -> dict[str, Any]:
    """The tracking as JSON data, exact figures; messages in English."""
    t, names, en = run.track, run.stage_names, translator("en", run.currency)
    shortfall = t.largest_shortfall
    replan = t.replan
    return {
        "currency": run.currency,
        "tolerance": t.tolerance,
        "months_with_actuals": list(t.months_with_actuals),
        "to_date": {
            "plan": _figures(names, t.to_date_plan, t.to_date_plan_levers),
            "actual": _figures(names, t.to_date_actual, t.to_date_actual_levers),
            "variance": _variance(t.to_date_plan, t.to_date_actual, t.to_date_plan_levers, t.to_date_actual_levers),
        },
        "months": [{
            "month": m.month,
            "plan": _figures(names, m.plan, m.plan_levers),
            "actual": _figures(names, m.actual, m.actual_levers),
            "variance": _variance(m.plan, m.actual, m.plan_levers, m.actual_levers),
            "profit_gap": m.gap,
            "contributions": dict(m.contributions),
        } for m in t.months],
        "profit_gap": t.gap,
        "contributions": dict(t.contributions),
        "conversion_steps": [{"step": j + 1, "from": names[j], "to": names[j + 1], "amount": a}
                             for j, a in enumerate(t.steps)],
        "largest_shortfall": None if shortfall is None else {
            "lever": shortfall.lever, "amount": shortfall.amount, "share_of_gap": shortfall.share_of_gap,
            "variance": shortfall.variance, "owner": run.owners.get(shortfall.lever) or None,
        },
        "alerts": [{"metric": a.metric, "months": list(a.months), "variances": list(a.shares),
                    "owner": run.owners.get(a.metric) or None,
                    "message": alert_text(a, t, run.owners.get(a.metric, ""), en)} for a in t.alerts],
        "forecast": {"target_profit": t.target_profit, "plan_rest": dict(t.forecast.plan_rest),
                     "run_rate": dict(t.forecast.run_rate)},
        "replan": None if replan is None else {
            "months_left": list(replan.months_left),
            "profit_needed": replan.profit_needed,
            "plan_profit_left": replan.plan_profit_left,
            "conversion_seen": replan.conversion_seen,
            "leads_planned": replan.leads_planned,
            "leads": replan.leads,
            "new_clients": replan.new_clients,
            "levers": {r.lever: {"plan": r.plan, "factor": r.factor, "value": r.value, "reason": r.reason}
                       for r in replan.levers},
        },
        "warnings": [{"location": w.location, "metric": w.metric, "message": str(w.message)} for w in run.warnings],
    }


def track_json(run: TrackResult) -> str:
    import json  # only for --json

    return json.dumps(track_dict(run), ensure_ascii=False, indent=2)


def _money(t: Translator, value: float) -> str:
    """An amount, whole, never "-0"."""
    return amount(t, round(value) + 0.0)


def _count(t: Translator, value: float) -> str:
    return count(t, round(value, 2) + 0.0)


def _percent(t: Translator, share: float) -> str:
    return t.percent(round(share, 4) + 0.0)


def _lever_value(t: Translator, lever: str, value: float | None) -> str:
    if value is None:
        return "—"
    if lever in ("conversion", "retention", "margin"):
        return _percent(t, value)
    if lever in ("avg_check", "rev_per_employee"):
        return _money(t, value)
    return _count(t, value)


def _share(t: Translator, share: float | None) -> str:
    return "—" if share is None else _percent(t, share)


def _columns(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip()
            for r in rows]


def track_table(run: TrackResult, t: Translator | None = None) -> str:
    """The tracking for the terminal, in the translator's language."""
    t = t or translator(run.lang, run.currency)
    tr, names = run.track, run.stage_names
    cur = t.currency_unit
    done = tr.months_with_actuals
    out = [t.ngettext("Tracking: {n} month with actuals ({first} to {last}), tolerance {tolerance}",
                      "Tracking: {n} months with actuals ({first} to {last}), tolerance {tolerance}",
                      len(done), first=done[0], last=done[-1], tolerance=Pct(tr.tolerance, 0)), ""]
    p, a = tr.to_date_plan, tr.to_date_actual
    rows = [[t.gettext("To date"), t.gettext("Plan"), t.gettext("Actual"), t.gettext("Variance"), "%"]]
    figures = [*((name, p.stages[j], a.stages[j], False) for j, name in enumerate(names)),
               (t.gettext("Active clients"), p.active_clients, a.active_clients, False),
               (f"{metric(t, 'revenue')}, {cur}", p.revenue, a.revenue, True),
               (f"{metric(t, 'profit')}, {cur}", p.profit, a.profit, True),
               (metric(t, "headcount"), p.headcount, a.headcount, False)]
    for label, pv, av, money in figures:
        shown = _money if money else _count
        rows.append([label, shown(t, pv), shown(t, av), shown(t, av - pv), _share(t, Variance(pv, av).share)])
    for lever in LEVER_METRICS:
        lp, la = tr.to_date_plan_levers.get(lever), tr.to_date_actual_levers.get(lever)
        share = Variance(lp, la).share if lp is not None and la is not None else None
        diff = None if lp is None or la is None else la - lp
        label = t(TRACKED_LEVERS[lever]) + (f", {cur}" if lever in ("avg_check", "rev_per_employee") else "")
        rows.append([label, _lever_value(t, lever, lp), _lever_value(t, lever, la),
                     "—" if diff is None else (_percent(t, diff) if lever in ("conversion", "retention", "margin")
                                               else _lever_value(t, lever, diff)), _share(t, share)])
    out += _columns(rows)
    out += ["", *_columns([[t.gettext("Month"), t.gettext("Profit plan"), t.gettext("Profit actual"),
                            t.gettext("Gap"), *(t(lever_name_message(lever)) for lever in ("leads", "conversion",
                                                                                          "retention", "avg_check",
                                                                                          "margin"))],
                           *([m.month, _money(t, m.plan.profit), _money(t, m.actual.profit), _money(t, m.gap),
                              *(_share(t, _lever_share(m.plan_levers, m.actual_levers, lever))
                                for lever in ("leads", "conversion", "retention", "avg_check", "margin"))]
                             for m in tr.months)])]
    out += ["", t.gettext("Profit gap to date: {gap} {currency}, by lever:", gap=_money(t, tr.gap), currency=cur)]
    lever_rows = []
    for lever in LEVERS:
        lever_rows.append(["  " + lever_name(t, lever), _money(t, tr.contributions[lever])])
        if lever == "conversion" and len(tr.steps) > 1:
            lever_rows += [["    " + lever_label(t, f"conversion.{j + 1}", names), _money(t, x)]
                           for j, x in enumerate(tr.steps)]
    lever_rows.append(["  " + t.gettext("Total"), _money(t, sum(tr.contributions.values()))])
    out += _columns(lever_rows)
    shortfall = tr.largest_shortfall
    if shortfall is not None:
        owner = run.owners.get(shortfall.lever, "")
        params: dict[str, object] = {"lever": lever_name(t, shortfall.lever), "amount": _money(t, shortfall.amount),
                                     "currency": cur, "variance": _share(t, shortfall.variance),
                                     "share": _share(t, shortfall.share_of_gap), "owner": owner}
        if shortfall.share_of_gap is not None:
            line = t.gettext("Largest shortfall: {lever}, {amount} {currency} ({share} of the gap; the lever {variance} "
                             "against plan to date)", **params)
        else:
            line = t.gettext("Largest shortfall: {lever}, {amount} {currency} (the lever {variance} against plan to "
                             "date; the other levers more than make up for it)", **params)
        line += "; " + (t.gettext("owner: {owner}", owner=owner) if owner else t.gettext("no owner named in the plan"))
        out += ["", line]
    if tr.alerts:
        out += ["", t.gettext("Alerts:"), *("  " + alert_text(a, tr, run.owners.get(a.metric, ""), t)
                                            for a in tr.alerts)]
    else:
        out += ["", t.gettext("No alerts: no metric off plan by more than {tolerance} for three months in a row.",
                              tolerance=Pct(tr.tolerance, 0))]
    f = tr.forecast
    out += ["", *_columns([[t.gettext("Forecast of the year"), t.gettext("Actuals + plan for the months left"),
                            t.gettext("At the run rate")],
                           *([label, shown, rate] for label, shown, rate in (
                               (f"{metric(t, 'profit')}, {cur}", _money(t, f.plan_rest["profit"]),
                                _money(t, f.run_rate["profit"])),
                               (f"{metric(t, 'revenue')}, {cur}", _money(t, f.plan_rest["revenue"]),
                                _money(t, f.run_rate["revenue"])),
                               (metric(t, "leads"), _count(t, f.plan_rest["leads"]),
                                _count(t, f.run_rate["leads"])),
                               (metric(t, "clients_new"), _count(t, f.plan_rest["new_clients"]),
                                _count(t, f.run_rate["new_clients"]))))]),
            t.gettext("Target profit of the year: {target} {currency}", target=_money(t, tr.target_profit),
                      currency=cur)]
    out += _replan_lines(t, tr, cur)
    return "\n".join(out)


def lever_name_message(lever: str) -> Message:
    """A lever's short name as the monthly table's header gives it (with a % sign: variances)."""
    return _("{lever}, %", lever=_LEVER_SHORT[lever])


_LEVER_SHORT: dict[str, Message] = {
    "leads": _("Leads"), "conversion": _("Conversion"), "retention": _("Retention"),
    "avg_check": _("Average check"), "margin": _("Profit margin"),
}


def _lever_share(pl: Levers, al: Levers, lever: str) -> float | None:
    p, a = pl.get(lever), al.get(lever)
    return Variance(p, a).share if p is not None and a is not None else None


def _replan_lines(t: Translator, tr: Track, cur: str) -> list[str]:
    replan = tr.replan
    if replan is None:
        return ["", t.gettext("Re-plan: no month of the plan is left.")]
    n = len(replan.months_left)
    out = ["", t.ngettext("Re-plan: the {n} month left ({first} to {last}) needs {needed} {currency} of profit; the "
                          "plan has {planned} in it.",
                          "Re-plan: the {n} months left ({first} to {last}) need {needed} {currency} of profit; the "
                          "plan has {planned} in them.", n, first=replan.months_left[0], last=replan.months_left[-1],
                          needed=_money(t, replan.profit_needed), currency=cur,
                          planned=_money(t, replan.plan_profit_left))]
    if replan.leads is not None and replan.conversion_seen is not None:
        out.append("  " + t.gettext("At the conversion seen so far ({conversion}): {leads} leads (planned {planned}), "
                                    "{clients} new clients.", conversion=_percent(t, replan.conversion_seen),
                                    leads=count(t, round(replan.leads, 2), sentence=True),
                                    planned=count(t, round(replan.leads_planned, 2), sentence=True),
                                    clients=count(t, round(replan.new_clients or 0.0, 2), sentence=True)))
    else:
        out.append("  " + t.gettext("No number of leads reaches the target at the conversion seen so far."))
    out.append("  " + t.gettext("Or one lever alone, with the leads planned:"))
    rows = []
    for r in replan.levers:
        label = "    " + t(TRACKED_LEVERS[r.lever]) + (f", {cur}" if r.lever == "avg_check" else "")
        if r.reason is not None or r.value is None:
            rows.append([label, t(REASONS[r.reason or "unreachable"]), ""])
        else:
            rows.append([label, _lever_value(t, r.lever, r.value),
                         t.gettext("plan {plan}, {factor}", plan=_lever_value(t, r.lever, r.plan),
                                   factor="×" + t.number(r.factor or 0.0, 2))])
    out += _columns(rows)
    return out
