"""The optional results (cost structure, unit economics, channels) as JSON, terminal lines and warnings.

`table.to_dict` and `table.table` call `with_optional` and `optional_lines`, so
the JSON gains "costs", "economics" and "channels" keys, and the table short
sections after it, only when the template gives those inputs. Every figure is the
one the workbook caches, computed once in the run's `Result`.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from ..i18n import Translator, translator
from ..i18n.terms import POINT_SHORT
from ..model.result import Result

if TYPE_CHECKING:
    from ..model.channels import ChannelMetrics, ChannelReport
    from ..model.economics import UnitEconomics


def with_optional(scenarios: Result, data: dict[str, Any]) -> dict[str, Any]:
    """`data` (what `to_dict` built) with the optional sections the template gives."""
    costs = scenarios.costs
    if costs is not None:
        data["costs"] = {
            "variable_share": costs.variable_share,
            "cost_per_employee": costs.cost_per_employee,
            "fixed_costs": costs.fixed_costs,
            "fixed_costs_given": costs.fixed_costs_given,
            "unit_contribution": {p.key: costs.unit_contribution(p.levers.rev_per_employee) for p in scenarios.points},
        }
        for point in scenarios.points:
            if not point.feasible:  # the margin is an output of the costs, and there are no figures
                data["points"][point.key]["margin"] = None
    econ = scenarios.economics
    if econ is not None:
        data["economics"] = economics_dict(econ)
    report = scenarios.channels
    if report is not None:
        data["channels"] = channels_dict(report, scenarios.inputs.lang)
    return data


def economics_dict(econ: UnitEconomics) -> dict[str, Any]:
    from ..model.economics import warning_text

    return {
        "contribution": econ.contribution,
        "lifetime": econ.lifetime,
        "cost_per_lead": econ.cost_per_lead,
        "points": {key: None if point is None else {k: v for k, v in asdict(point).items() if k != "key"}
                   for key, point in econ.points},
        "warnings": [str(warning_text(keys, first)) for keys, first in econ.warnings()],
    }


def _channel(metrics: ChannelMetrics) -> dict[str, Any]:
    return asdict(metrics)


def channels_dict(report: ChannelReport, lang: str) -> dict[str, Any]:
    """The channel analysis for the JSON; its advice in `lang` (the template's language)."""
    from ..model.channels import advice

    return {
        "romi_basis": "variable_share" if report.by_variable_share else "revenue",
        "contribution_share": report.contribution_share,
        "rows": [_channel(c) for c in report.channels],
        "total": _channel(report.total),
        "funnel_leads": report.funnel_leads,
        "leads_total": report.leads_total,
        "leads_match": report.leads_match,
        "advice": [translator(lang)(line) for line in advice(report)],
    }


# --- Terminal -------------------------------------------------------------------------------------


def _amount(t: Translator, value: float | None) -> str:
    """An amount in these tables: to the cent under 1,000 when it has cents (115.38), else whole (4,286)."""
    if value is None:
        return "—"
    return t.number(value, 2 if abs(value) < 1000 and abs(value - round(value)) > 5e-7 else 0)


def _decimal(t: Translator, value: float | None) -> str:
    return "—" if value is None else t.number(value, 2)


def _rate(t: Translator, value: float | None) -> str:
    return "—" if value is None else t.percent(value, 2)


def _columns(title: str, rows: list[tuple[str, list[str]]], headers: list[str], indent: str = "  ") -> list[str]:
    """A small table: `title` above the labels, right-aligned columns."""
    label_width = max(len(title), *(len(label) + len(indent) for label, _ in rows)) + 2
    widths = [max(len(h), *(len(cells[i]) for _, cells in rows)) + 2 for i, h in enumerate(headers)]
    out = [title.ljust(label_width) + "".join(h.rjust(w) for h, w in zip(headers, widths))]
    out += [(indent + label).ljust(label_width) + "".join(c.rjust(w) for c, w in zip(cells, widths))
            for label, cells in rows]
    return out


def optional_lines(scenarios: Result, t: Translator) -> list[str]:
    """Short sections for the end of the terminal table; [] when the template gives none."""
    cur = t.currency_unit
    lines: list[str] = []
    costs = scenarios.costs
    if costs is not None:
        how = (t.gettext("as given, agreeing with last year") if costs.fixed_costs_given
               else t.gettext("derived from last year"))
        lines += ["", t.gettext("Cost structure: variable share {v}, cost per employee {c}, fixed costs {f} ({how})",
                                v=_rate(t, costs.variable_share), c=_amount(t, costs.cost_per_employee),
                                f=_amount(t, costs.fixed_costs), how=how)]
    econ = scenarios.economics
    if econ is not None:
        points = [econ[p.key] for p in scenarios.points]

        def row(label: str, attr: str, render: Any) -> tuple[str, list[str]]:
            return label, ["—" if p is None else render(t, getattr(p, attr)) for p in points]

        rows = [
            row(t.gettext("Acquisition spend"), "acquisition_spend", _amount),
            row(t.gettext("Cost to acquire a client (CAC)"), "cac", _amount),
            row(t.gettext("Contribution per client, a month"), "monthly_contribution", _amount),
            row(t.gettext("Client lifetime, months"), "lifetime_months", _decimal),
            row(t.gettext("Lifetime value (LTV)"), "ltv", _amount),
            row(t.gettext("LTV / CAC"), "ltv_to_cac", _decimal),
            row(t.gettext("Payback, months"), "payback_months", _decimal),
            (t.gettext("Pays back within the lifetime"),
             ["—" if p is None else t.gettext("OK") if p.pays_back else t.gettext("loses money") for p in points]),
        ]
        headers = [POINT_SHORT[p.key] for p in scenarios.points]
        lines += ["", *_columns(t.gettext("Unit economics, {unit}", unit=cur), rows, headers)]
    report = scenarios.channels
    if report is not None:
        from ..model.channels import advice

        headers = [t.gettext("Ad conversion"), t.gettext("Cost per lead"), t.gettext("Cost of sale"),
                   t.gettext("Conversion to sale"), t.gettext("Average check"), t.gettext("ROMI"),
                   t.gettext("Pays back")]
        yes_no = {True: t.gettext("yes"), False: t.gettext("NO"), None: "—"}

        def cells(c: ChannelMetrics) -> list[str]:
            return [_rate(t, c.ad_conversion), _amount(t, c.cost_per_lead), _amount(t, c.cost_of_sale),
                    _rate(t, c.conversion_to_sale), _amount(t, c.avg_check), _rate(t, c.romi), yes_no[c.pays_back]]

        rows = [(c.name, cells(c)) for c in report.channels] + [(t.gettext("Total"), cells(report.total))]
        lines += ["", *_columns(t.gettext("Channels, {unit}", unit=cur), rows, headers)]
        lines += [f"  {t(line)}" for line in advice(report)]
    return lines
