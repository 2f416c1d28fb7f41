"""A client list's segments as a terminal table and as JSON (exact, locale-free figures)."""

from __future__ import annotations

import json
from typing import Any

from ..client_segments import SegmentReport, drop_shares, factor_text
from ..i18n import N_, Translator, _, translator
from ..model.segments import Segment, Whale, Year


def _segment_dict(s: Segment) -> dict[str, Any]:
    return {"name": s.name, "clients": s.clients, "revenue": s.revenue, "share_clients": s.share_clients,
            "share_revenue": s.share_revenue, "avg_check": s.avg_check, "cost": s.cost, "contribution": s.contribution}


def drop_dict(report: SegmentReport, t: Translator | None = None) -> dict[str, Any] | None:
    """The drop: who leaves (clients, their shares of the clients and of the revenue), the base after, the factor
    and the conclusion saying it (in `t`'s language, English by default); None without a drop."""
    dropped, conclusion = report.drop, report.drop_conclusion
    if dropped is None or conclusion is None:
        return None
    share_clients, share_revenue = drop_shares(dropped, report.segmentation)
    t = t or translator("en", report.currency or "USD")
    return {"what": dropped.what, "clients": dropped.clients, "revenue": dropped.revenue, "avg_check": dropped.avg_check,
            "avg_check_factor": dropped.avg_check_factor, "clients_dropped": dropped.clients_dropped,
            "share_clients_dropped": share_clients, "revenue_dropped": dropped.revenue_dropped,
            "share_revenue_dropped": share_revenue, "cost_saved": dropped.cost_saved,
            "contribution_before": dropped.contribution_before, "contribution_after": dropped.contribution_after,
            "conclusion": t(conclusion)}


def year_dict(year: Year | None) -> dict[str, Any] | None:
    """The year analysed: its dates, purchases (#, $), and the clients at its start, new and lost (None where the
    data does not cover the year before)."""
    if year is None:
        return None
    return {"start": year.start.isoformat(), "end": year.end.isoformat(), "chosen": year.chosen, "rows": year.rows,
            "total_rows": year.total_rows, "clients": year.clients, "purchases": year.purchases,
            "purchases_per_client": year.purchases_per_client, "avg_transaction": year.avg_transaction,
            "revenue": year.revenue, "year_before": {"start": year.before_start.isoformat(),
                                                     "end": year.before_end.isoformat()},
            "clients_start": year.clients_start, "clients_new": year.clients_new, "clients_lost": year.clients_lost}


def whale_dict(curve: Whale | None) -> dict[str, Any] | None:
    """The whale curve, compact: the peak, the clients at it, and the curve every 5 % of the clients."""
    if curve is None:
        return None
    return {"total": curve.total, "peak": curve.peak, "clients_at_peak": curve.clients_at_peak,
            "share_clients_at_peak": curve.share_clients_at_peak, "share_at_peak": curve.share_at_peak,
            "curve": [{"share_clients": p.share_clients, "clients": p.clients, "contribution": p.contribution,
                       "share_contribution": p.share_contribution} for p in curve.points]}


def to_dict(report: SegmentReport, t: Translator | None = None) -> dict[str, Any]:
    """The report as the issue's JSON: totals, segments, ABC classes, the drop, the columns taken, the warnings,
    and with a date column the year analysed, with costs the whale curve. `t` is the conclusion's language."""
    seg = report.segmentation
    return {"clients": seg.count, "revenue": seg.revenue, "avg_check": seg.avg_check, "cost": seg.cost,
            "contribution": seg.contribution, "segments": [_segment_dict(s) for s in seg.segments],
            "abc": [_segment_dict(s) for s in seg.abc], "negative": [s.name for s in seg.negative],
            "drop": drop_dict(report, t), "year": year_dict(report.year), "whale": whale_dict(report.whale),
            "columns": dict(report.export.columns), "template": template_dict(report),
            "warnings": [w.text() for w in report.warnings]}


def template_dict(report: SegmentReport) -> dict[str, Any] | None:
    """With `--template`: its path, and with a drop A's and B′'s average check and margin as `solve --clients`
    makes B′ (`margin` null where the drop leaves it to the template); None without a template."""
    fit = report.template
    if fit is None:
        return None
    pair = (lambda p: None if p is None else {"a": p[0], "b_prime": p[1]})
    return {"path": fit.path, "avg_check": pair(fit.avg_check), "margin": pair(fit.margin)}


def solve_json(result: Any, report: SegmentReport, t: Translator) -> str:
    """`leverage solve --clients --json`: the run's JSON (as `leverage solve --json`), with the drop its B′ took."""
    from .table import to_dict as run_dict

    return json.dumps({**run_dict(result), "drop": drop_dict(report, t)}, ensure_ascii=False, indent=2)


def to_json(report: SegmentReport, t: Translator | None = None) -> str:
    return json.dumps(to_dict(report, t), ensure_ascii=False, indent=2)


def table(report: SegmentReport, t: Translator) -> str:
    """The segment and ABC tables, then the drop, in `t`'s language and currency."""
    seg = report.segmentation
    with_cost = seg.cost is not None
    heads = [t(_("Segment")), t(_("Clients")), t(_("% clients")), t(_("Revenue")), t(_("% revenue")),
             t(_("Average check"))]
    if with_cost:
        heads += [t(_("Cost to serve")), t(_("Contribution")), t(_("Per client"))]

    def row(s: Segment) -> list[str]:
        cells = [s.name, t.number(s.clients), t.percent(s.share_clients, 1), t.money(s.revenue),
                 t.percent(s.share_revenue, 1), t.money(s.avg_check) if s.clients else "-"]
        if with_cost:
            per = s.contribution_per_client
            cells += [t.money(s.cost or 0.0), t.money(s.contribution or 0.0), "-" if per is None else t.money(per)]
        return cells

    rows = [heads] + [row(s) for s in seg.segments] + [[""] * len(heads)] + [row(s) for s in seg.abc]
    total = [t(_("All")), t.number(seg.count), t.percent(1.0, 1), t.money(seg.revenue), t.percent(1.0, 1),
             t.money(seg.avg_check)]
    if with_cost:
        total += [t.money(seg.cost or 0.0), t.money(seg.contribution or 0.0), t.money((seg.contribution or 0.0) / seg.count)]
    rows.append(total)
    widths = [max(len(r[i]) for r in rows) for i in range(len(heads))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(r, widths))).rstrip()
             for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    out = [t(_("Columns taken: {columns}", columns=", ".join(f'{role} "{h}"' for role, h in report.export.columns.items()))),
           ""] + lines
    out += _year_lines(report.year, t) + _whale_lines(report.whale, t)
    d = report.drop
    if d is not None:
        out += ["", t(N_("Dropping {what}: {n} client leaves, taking {revenue} of revenue.",
                         "Dropping {what}: {n} clients leave, taking {revenue} of revenue.", d.clients_dropped,
                         what=d.what, revenue=t.money(d.revenue_dropped))),
                t(N_("{n} client remains, with {remaining}.", "{n} clients remain, with {remaining}.", d.clients,
                     remaining=t.money(d.revenue))),
                t(_("Average check {before} -> {after}: {factor}.", before=t.money(d.avg_check_before),
                    after=t.money(d.avg_check), factor=t.ngettext("{ratio}×", "{ratio}×", round(d.avg_check_factor, 2),
                                                                  ratio=factor_text(t, d.avg_check_factor))))]
        if d.cost_saved is not None:
            out.append(t(_("Cost saved {saved}; contribution {before} -> {after}.", saved=t.money(d.cost_saved),
                           before=t.money(d.contribution_before or 0.0), after=t.money(d.contribution_after or 0.0))))
    fit = report.template
    if fit is not None and fit.avg_check is not None:
        out += ["", t(_("With the template {template}, as `leverage solve --clients` makes B′: average check "
                        "{before} -> {after}.", template=fit.path, before=t.money(fit.avg_check[0]),
                        after=t.money(fit.avg_check[1])))]
        if fit.margin is not None:
            out.append(t(_("Profit margin {before} -> {after}: what the drop leaves, scaled to the template's revenue.",
                           before=t.percent(fit.margin[0], 2), after=t.percent(fit.margin[1], 2))))
    return "\n".join(out)



def _year_lines(year: Year | None, t: Translator) -> list[str]:
    """The year analysed: purchases a client (#), the average transaction ($), and the clients' flows."""
    if year is None:
        return []
    lines = ["", t(N_("Year analysed {start} to {end}: {n} client, {purchases} purchases, {per} a client (#), "
                      "{each} a purchase ($); $ × # = average check {check}.",
                      "Year analysed {start} to {end}: {n} clients, {purchases} purchases, {per} a client (#), "
                      "{each} a purchase ($); $ × # = average check {check}.", year.clients,
                      start=year.start.isoformat(), end=year.end.isoformat(), purchases=t.number(year.purchases),
                      per=t.number(year.purchases_per_client, 2), each=t.money(year.avg_transaction),
                      check=t.money(year.revenue / year.clients)))]
    if year.clients_start is not None:
        lines.append(t(_("The year before ({start} to {end}): {clients} clients at the start of the year, {new} new, "
                         "{lost} lost.", start=year.before_start.isoformat(), end=year.before_end.isoformat(),
                         clients=t.number(year.clients_start), new=t.number(year.clients_new or 0),
                         lost=t.number(year.clients_lost or 0))))
    else:
        lines.append(t(_("The data does not cover the year before ({start} to {end}): no clients at the start of "
                         "the year, new or lost.", start=year.before_start.isoformat(),
                         end=year.before_end.isoformat())))
    return lines


def _whale_lines(curve: Whale | None, t: Translator) -> list[str]:
    """The whale curve as one line: its peak, and what the clients after it take back."""
    if curve is None:
        return []
    if curve.clients_at_peak == 0:
        return ["", t(_("Whale curve: no client brings more than it costs to serve."))]
    if curve.clients_at_peak == curve.count:
        return ["", t(_("Whale curve: every client brings more than it costs to serve, {peak} in all.",
                        peak=t.money(curve.peak)))]
    share = curve.share_at_peak
    of_total = "" if share is None else t(_(" ({share} of the contribution)", share=t.percent(share, 0)))
    return ["", t(N_("Whale curve: the most profitable {n} client ({clients} of clients) brings {peak}{of_total}; "
                     "the other {rest} take {back} back.",
                     "Whale curve: the most profitable {n} clients ({clients} of clients) bring {peak}{of_total}; "
                     "the other {rest} take {back} back.", curve.clients_at_peak,
                     clients=t.percent(curve.share_clients_at_peak, 0), peak=t.money(curve.peak),
                     of_total=of_total,
                     rest=t.number(curve.count - curve.clients_at_peak), back=t.money(curve.peak - curve.total)))]
