"""A client list's segments as a terminal table and as JSON (exact, locale-free figures)."""

from __future__ import annotations

import json
from typing import Any

from ..client_segments import SegmentReport
from ..i18n import N_, Translator, _
from ..model.segments import Segment


def _segment_dict(s: Segment) -> dict[str, Any]:
    return {"name": s.name, "clients": s.clients, "revenue": s.revenue, "share_clients": s.share_clients,
            "share_revenue": s.share_revenue, "avg_check": s.avg_check, "cost": s.cost, "contribution": s.contribution}


def to_dict(report: SegmentReport) -> dict[str, Any]:
    """The report as the issue's JSON: totals, segments, ABC classes, the drop, the columns taken, the warnings."""
    seg, dropped = report.segmentation, report.drop
    drop = None if dropped is None else {
        "what": dropped.what, "clients": dropped.clients, "revenue": dropped.revenue, "avg_check": dropped.avg_check,
        "avg_check_factor": dropped.avg_check_factor, "clients_dropped": dropped.clients_dropped,
        "revenue_dropped": dropped.revenue_dropped, "cost_saved": dropped.cost_saved,
        "contribution_before": dropped.contribution_before, "contribution_after": dropped.contribution_after}
    return {"clients": seg.count, "revenue": seg.revenue, "avg_check": seg.avg_check, "cost": seg.cost,
            "contribution": seg.contribution, "segments": [_segment_dict(s) for s in seg.segments],
            "abc": [_segment_dict(s) for s in seg.abc], "negative": [s.name for s in seg.negative], "drop": drop,
            "columns": dict(report.export.columns), "warnings": [w.text() for w in report.warnings]}


def to_json(report: SegmentReport) -> str:
    return json.dumps(to_dict(report), ensure_ascii=False, indent=2)


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
    d = report.drop
    if d is not None:
        out += ["", t(N_("Dropping {what}: {n} client leaves, taking {revenue} of revenue.",
                         "Dropping {what}: {n} clients leave, taking {revenue} of revenue.", d.clients_dropped,
                         what=d.what, revenue=t.money(d.revenue_dropped))),
                t(N_("{n} client remains, with {remaining}.", "{n} clients remain, with {remaining}.", d.clients,
                     remaining=t.money(d.revenue))),
                t(_("Average check {before} -> {after}: {factor}.", before=t.money(d.avg_check_before),
                    after=t.money(d.avg_check), factor=t.times(d.avg_check_factor)))]
        if d.cost_saved is not None:
            out.append(t(_("Cost saved {saved}; contribution {before} -> {after}.", saved=t.money(d.cost_saved),
                           before=t.money(d.contribution_before or 0.0), after=t.money(d.contribution_after or 0.0))))
    return "\n".join(out)
