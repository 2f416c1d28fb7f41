"""The optional results (cost structure, unit economics, channels) as JSON, terminal lines and warnings.

`report.to_dict` and `report.table` call `with_optional` and `optional_lines`, so
the JSON gains "costs", "economics" and "channels" keys, and the table short
sections after it, only when the template gives those inputs. `warnings` are
the lines the CLI prints to stderr as `Warning: ...`, naming the workbook cell.
Every figure is the one the workbook caches.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from . import i18n
from .i18n import Text, compose
from .i18n import economics_words as i18n_optional
from .model import Inputs, Scenarios

if TYPE_CHECKING:
    from .channels import ChannelMetrics, ChannelReport
    from .economics import UnitEconomics


def unit_economics(scenarios: Scenarios) -> UnitEconomics | None:
    """`economics.unit_economics`, importing that module only for a template that gives acquisition spend."""
    if scenarios.inputs.acquisition is None:
        return None
    from .economics import unit_economics

    return unit_economics(scenarios)


def analyse_channels(inputs: Inputs) -> ChannelReport | None:
    """`channels.analyse_channels`, importing that module only for a template that lists channels."""
    if not inputs.channels:
        return None
    from .channels import analyse_channels

    return analyse_channels(inputs)


def with_optional(scenarios: Scenarios, data: dict[str, Any]) -> dict[str, Any]:
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
    econ = unit_economics(scenarios)
    if econ is not None:
        data["economics"] = economics_dict(econ)
    report = analyse_channels(scenarios.inputs)
    if report is not None:
        data["channels"] = channels_dict(report, scenarios.inputs.lang)
    return data


def economics_dict(econ: UnitEconomics) -> dict[str, Any]:
    from .economics import warning_text

    return {
        "contribution": econ.contribution,
        "lifetime": econ.lifetime,
        "cost_per_lead": econ.cost_per_lead,
        "points": {key: None if point is None else {k: v for k, v in asdict(point).items() if k != "key"}
                   for key, point in econ.points},
        "warnings": [warning_text(keys, first) for keys, first in econ.warnings()],
    }


def _channel(metrics: ChannelMetrics) -> dict[str, Any]:
    return asdict(metrics)


def channels_dict(report: ChannelReport, lang: str = "en") -> dict[str, Any]:
    from .channels import advice

    return {
        "romi_basis": "variable_share" if report.by_variable_share else "revenue",
        "contribution_share": report.contribution_share,
        "rows": [_channel(c) for c in report.channels],
        "total": _channel(report.total),
        "funnel_leads": report.funnel_leads,
        "leads_total": report.leads_total,
        "leads_match": report.leads_match,
        "advice": advice(report, lang),
    }


# --- Terminal -------------------------------------------------------------------------------------


def _money(value: float | None, lang: str = "en") -> str:
    if value is None:
        return "—"
    return i18n.number(value, 2 if abs(value) < 1000 and abs(value - round(value)) > 5e-7 else 0, lang)


def _number(value: float | None, lang: str = "en") -> str:
    return "—" if value is None else i18n.number(value, 2, lang)


def _rate(value: float | None, lang: str = "en") -> str:
    return "—" if value is None else i18n.percent(value, 2, lang)


def _columns(title: str, rows: list[tuple[str, list[str]]], headers: list[str], indent: str = "  ") -> list[str]:
    """A small table: `title` above the labels, right-aligned columns."""
    label_width = max(len(title), *(len(label) + len(indent) for label, _ in rows)) + 2
    widths = [max(len(h), *(len(cells[i]) for _, cells in rows)) + 2 for i, h in enumerate(headers)]
    out = [title.ljust(label_width) + "".join(h.rjust(w) for h, w in zip(headers, widths))]
    out += [(indent + label).ljust(label_width) + "".join(c.rjust(w) for c, w in zip(cells, widths))
            for label, cells in rows]
    return out


def optional_lines(scenarios: Scenarios, lang: str) -> list[str]:
    """Short sections for the end of the terminal table; [] when the template gives none."""
    t = lambda key, **kw: i18n_optional.text(lang, key, **kw)  # noqa: E731
    cur = i18n.currency_unit(scenarios.inputs.currency, lang)
    lines: list[str] = []
    costs = scenarios.costs
    if costs is not None:
        lines += ["", t("costs_line", v=_rate(costs.variable_share, lang), c=_money(costs.cost_per_employee, lang),
                        f=_money(costs.fixed_costs, lang), how=t("fixed_given" if costs.fixed_costs_given else "fixed_derived"))]
    econ = unit_economics(scenarios)
    if econ is not None:
        points = [econ[p.key] for p in scenarios.points]

        def row(key: str, attr: str, render: Any) -> tuple[str, list[str]]:
            return t(key), ["—" if p is None else render(getattr(p, attr), lang) for p in points]

        rows = [
            row("point_spend", "acquisition_spend", _money),
            row("cac", "cac", _money),
            row("monthly_contribution", "monthly_contribution", _money),
            row("lifetime", "lifetime_months", _number),
            row("ltv", "ltv", _money),
            row("ltv_to_cac", "ltv_to_cac", _number),
            row("payback", "payback_months", _number),
            (t("pays_back"), ["—" if p is None else t("ok" if p.pays_back else "loses") for p in points]),
        ]
        headers = [i18n.POINT_SHORT[p.key] for p in scenarios.points]
        lines += ["", *_columns(f"{t('economics_heading')}, {cur}", rows, headers)]
    report = analyse_channels(scenarios.inputs)
    if report is not None:
        from .channels import advice

        keys = ("ad_conversion", "channel_cost_per_lead", "cost_of_sale", "conversion_to_sale", "channel_avg_check",
                "romi", "channel_pays_back")
        yes_no = {True: t("yes"), False: t("no"), None: "—"}

        def cells(c: ChannelMetrics) -> list[str]:
            return [_rate(c.ad_conversion, lang), _money(c.cost_per_lead, lang), _money(c.cost_of_sale, lang),
                    _rate(c.conversion_to_sale, lang), _money(c.avg_check, lang), _rate(c.romi, lang), yes_no[c.pays_back]]

        rows = [(c.name, cells(c)) for c in report.channels] + [(t("total"), cells(report.total))]
        lines += ["", *_columns(f"{t('channels_table_heading')}, {cur}", rows, [t(k) for k in keys])]
        lines += [f"  {line}" for line in advice(report, lang)]
    return lines


def warnings(scenarios: Scenarios, lang: str | None = None) -> list[Text]:
    """What the CLI prints as `Warning: ...`: clients that do not pay back, channels that do not, leads that
    do not add up. Each names the workbook cell (in the workbook's language) and the value seen and expected;
    each is a `Text`, to be printed in the consultant's language."""
    lang = lang or scenarios.inputs.lang
    out: list[Text] = []
    econ = unit_economics(scenarios)
    if econ is not None:
        from .economics import warning_text
        from .workbook import economics_sheet

        index = {p.key: i for i, p in enumerate(scenarios.points)}
        for keys, first in econ.warnings():
            where = f"{economics_sheet.cell(lang, 'payback', index[keys[0]])} (payback_months)"
            out.append(Text(f"{where}: {warning_text(keys, first)}", f"{where}: {warning_text(keys, first, 'ru')}"))
    report = analyse_channels(scenarios.inputs)
    if report is not None:
        from .channels import leads_warning
        from .workbook import channels_sheet

        for i, c in enumerate(report.channels):
            if c.pays_back is False:
                assert c.romi is not None and c.spend is not None and c.revenue is not None
                basis = "after variable costs" if report.by_variable_share else "in revenue"
                returned = c.revenue * report.contribution_share
                basis_ru = "маржа после переменных расходов" if report.by_variable_share else "выручка"
                where = f"{channels_sheet.cell(lang, 'romi', i)} (romi)"
                out.append(Text(
                    f'{where}: channel "{c.name}" does not pay back: ROMI {c.romi:.1%}, expected 0% or more '
                    f"({_money(c.spend)} spent, {_money(returned)} returned {basis})",
                    f"{where}: канал «{c.name}» не окупается: ROMI {i18n.percent(c.romi, 1, 'ru')}, ожидалось 0 % "
                    f"или больше (затрачено {_money(c.spend, 'ru')}, {basis_ru} {_money(returned, 'ru')})",
                ))
        message = leads_warning(report, scenarios.inputs.source("funnel.1"))
        if message is not None:
            where = scenarios.inputs.source("channel_leads") or channels_sheet.sheet_name(lang)
            out.append(compose("{where} (channel_leads): {message}", "{where} (channel_leads): {message}",
                               where=where, message=message))
    return out
