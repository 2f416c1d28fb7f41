"""The monthly plan as a terminal table and as JSON: months down, the funnel, clients, revenue, profit and headcount across."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..i18n import Translator, translator
from ..i18n.conclusions import reason_text
from ..i18n.terms import amount, count, lever_name, metric
from ..model.inputs import Reason, Scenarios
from ..model.plan import PlanResult
from ..plan_settings import OWNERS


@dataclass(frozen=True)
class reasons_in_language:  # noqa: N801 (a lazy value, read as a call)
    """Why B' cannot be computed, rendered in the language of the message it goes into (`Translator.render`)."""

    scenarios: Scenarios
    reasons: tuple[Reason, ...]

    def in_language(self, t: Translator) -> str:
        return "; ".join(reason_text(reason, self.scenarios, t) for reason in self.reasons)


def _stages(names: tuple[str, ...], counts: tuple[float, ...]) -> list[dict[str, Any]]:
    return [{"stage": name, "count": c} for name, c in zip(names, counts)]


def plan_dict(run: PlanResult) -> dict[str, Any]:
    """The plan as JSON data, exact (unrounded) figures: the months, the year they add up to, the pipeline."""
    plan, names = run.plan, run.stage_names
    year = plan.year
    return {
        "company": run.scenarios.inputs.company,
        "currency": run.scenarios.inputs.currency,
        "target_profit": run.scenarios.target_profit,
        "changes": {lever: change.text for lever, change in run.scenarios.changes},
        "start": str(plan.start),
        "seasonality": list(plan.shares),
        "lag": plan.lag,
        "plan_months": len(plan.months),
        "months": [{
            "month": str(m.month),
            "stages": _stages(names, m.stages),
            "leads": m.leads,
            "new_clients": m.new_clients,
            "active_clients": m.active_clients,
            "revenue": m.revenue,
            "profit": m.profit,
            "headcount": m.headcount,
        } for m in plan.months],
        "year": {
            "stages": _stages(names, year.funnel),
            "leads": year.leads,
            "new_clients": year.clients_new,
            "clients_start": year.clients_start,
            "active_clients": year.clients_end,
            "revenue": year.revenue,
            "profit": year.profit,
            "headcount": year.headcount,
            "margin": year.levers.margin,
            "retention": year.levers.retention,
            "conversions": list(year.levers.conversions),
        },
        "pipeline": {
            "lag": plan.lag,
            "leads": plan.pipeline_leads,
            "months": [{"month": str(m.month), "stages": _stages(names[:-1], m.stages), "leads": m.leads}
                       for m in plan.pipeline],
        },
        "ramp": {
            "months": plan.ramp,
            "leads": sum(m.leads for m in plan.months) + plan.pipeline_leads,
            "leads_without_ramp": plan.leads_without_ramp + plan.pipeline_leads_without_ramp,
            "extra_leads": plan.extra_leads,
            "levers": list(plan.ramped),
            "new_clients": sum(m.new_clients for m in plan.months),
            "extra_new_clients": plan.extra_new_clients,
        },
        "scenarios": _scenarios(run),
        "owners": {key: dict(run.owners).get(key, "") for key in OWNERS},
        "warnings": [{"location": w.location, "metric": w.metric, "message": str(w.message)} for w in run.warnings],
    }


def _scenarios(run: PlanResult) -> dict[str, Any]:
    outlook = run.outlook
    if outlook is None:
        return {}
    return {"method": outlook.method, "moved": list(outlook.moved),
            **{s.key: {"profit": s.profit} for s in outlook.all}}


def scenarios_line(run: PlanResult, t: Translator) -> str | None:
    """The three scenarios' profits in one sentence, saying where the outer two come from."""
    outlook = run.outlook
    if outlook is None:
        return None
    neg, base, pos = (amount(t, s.profit) if s.profit is not None else "—" for s in outlook.all)
    if outlook.method == "simulation":
        return t.gettext("Scenarios, the year's profit in {cur}: negative {negative}, base {base} (B′), positive "
                         "{positive}: the P10 and P90 of B″'s simulation", cur=t.currency_unit, negative=neg, base=base,
                         positive=pos)
    moved = ", ".join(lever_name(t, lever) for lever in outlook.moved)
    return t.gettext("Scenarios, the year's profit in {cur}: negative {negative}, base {base} (B′), positive "
                     "{positive}: B′'s changed levers ({levers}) 10% worse and 10% better", cur=t.currency_unit,
                     negative=neg, base=base, positive=pos, levers=moved)


def plan_json(run: PlanResult) -> str:
    import json  # only for --json

    return json.dumps(plan_dict(run), ensure_ascii=False, indent=2)


def ramp_line(run: PlanResult, t: Translator) -> str:
    """What the ramp costs: the leads (and new clients) beyond those at B′'s levers throughout."""
    plan = run.plan
    levers = ", ".join(dict.fromkeys(lever_name(t, lever) for lever in plan.ramped)) or "—"
    leads = count(t, round(sum(m.leads for m in plan.months) + plan.pipeline_leads, 2), sentence=True)
    if plan.extra_leads < 0:
        return t.ngettext(
            "Ramp {n} month: the changed levers ({levers}) move from last year's to B′'s, so the plan needs {extra} "
            "fewer leads than at B′'s levers ({leads} in all)",
            "Ramp {n} months: the changed levers ({levers}) move from last year's to B′'s, so the plan needs {extra} "
            "fewer leads than at B′'s levers ({leads} in all)",
            plan.ramp, levers=levers, extra=count(t, round(-plan.extra_leads, 2), sentence=True), leads=leads)
    line = t.ngettext(
        "Ramp {n} month: the changed levers ({levers}) move from last year's to B′'s, so the plan needs {extra} "
        "more leads than at B′'s levers ({leads} in all)",
        "Ramp {n} months: the changed levers ({levers}) move from last year's to B′'s, so the plan needs {extra} "
        "more leads than at B′'s levers ({leads} in all)",
        plan.ramp, levers=levers, extra=count(t, round(plan.extra_leads, 2), sentence=True), leads=leads)
    if plan.extra_new_clients > 1e-9:
        line += t.gettext(
            " and {extra} more new clients ({new} in all): a lower margin, average check or retention in the "
            "ramp's months needs more clients for the same profit",
            extra=count(t, round(plan.extra_new_clients, 2), sentence=True),
            new=count(t, round(sum(m.new_clients for m in plan.months), 2), sentence=True))
    return line


def plan_table(run: PlanResult, t: Translator | None = None) -> str:
    """Months down, figures across, then the year's total (flows summed, stocks at year end) and the pipeline."""
    inputs = run.scenarios.inputs
    t = t or translator(inputs.lang, inputs.currency)
    plan, names = run.plan, run.stage_names
    cur = t.currency_unit
    headers = [t.gettext("Month"), *names, t.gettext("Active clients"),
               f"{metric(t, 'revenue')}, {cur}", f"{metric(t, 'profit')}, {cur}", metric(t, "headcount")]
    rows = [[str(m.month), *(count(t, round(c, 2)) for c in m.stages), count(t, round(m.active_clients, 2)),
             amount(t, m.revenue), amount(t, m.profit), count(t, round(m.headcount, 2))] for m in plan.months]
    last = plan.months[-1]
    total = "Year" if len(plan.months) == len(plan.shares) else "Total"
    rows.append([t.gettext("Year") if total == "Year" else t.gettext("Total"),
                 *(count(t, round(sum(m.stages[k] for m in plan.months), 2)) for k in range(len(names))),
                 count(t, round(last.active_clients, 2)), amount(t, sum(m.revenue for m in plan.months)),
                 amount(t, sum(m.profit for m in plan.months)), count(t, round(last.headcount, 2))])
    owners = dict(run.owners)
    if owners:  # who answers for each column: leads, the stages after them (conversion), and so on
        by_column = ["leads", *(["conversion"] * (len(names) - 1)), "retention", "avg_check", "margin",
                     "rev_per_employee"]
        rows.insert(0, [t.gettext("Owner"), *(owners.get(key, "") for key in by_column)])
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

    title = (t.gettext("Monthly plan: B′ from {start}, flows add up to the year, stocks end at it", start=str(plan.start))
             if abs(plan.extra_new_clients) < 1e-9 else
             t.ngettext("Monthly plan: B′ from {start}, its levers ramped in over {n} month: profit adds up to the year",
                        "Monthly plan: B′ from {start}, its levers ramped in over {n} months: profit adds up to the year",
                        plan.ramp, start=str(plan.start)))
    out = [title,
           "", line(headers), *(line(r) for r in rows[:-1]), "", line(rows[-1])]
    if owners:
        out.insert(4, "")  # the owners' row, then a blank line before the months
    line_ = scenarios_line(run, t)
    if line_ is not None:
        out += ["", line_]
    if plan.lag:
        out += ["", t.ngettext(
            "Sales cycle {n} month: the year must start with {leads} leads in the month before {start} ({months})",
            "Sales cycle {n} months: the year must start with {leads} leads in the months before {start} ({months})",
            plan.lag, leads=count(t, round(plan.pipeline_leads, 2), sentence=True), start=str(plan.start),
            months=", ".join(f"{m.month}: {count(t, round(m.leads, 2), sentence=True)}" for m in plan.pipeline))]
    if plan.ramp:
        out += ["", ramp_line(run, t)]
    return "\n".join(out)
