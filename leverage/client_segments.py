"""A client list's segments as one report: the export as read, its segments, the drop, every warning; what
`leverage segments` prints and `leverage.segments` returns (with the tables as pandas DataFrames)."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from .clients import Export, read_clients
from .drops import apply
from .errors import InputError, Notice, OptionError, Problem
from .i18n import N_, Amount, Message, Num, Pct, Translator, _
from .model.inputs import Change, Inputs
from .model.segments import DEFAULT_ABC, Drop, Segmentation, Whale, Year, segment, whale


@dataclass(frozen=True)
class SegmentReport:
    """The segments of one export, and the drop when one was asked for."""

    source: Path
    export: Export
    segmentation: Segmentation
    drop: Drop | None
    warnings: tuple[Notice, ...]
    # With a template (`--template`): the export reconciled with it, and B′ as `solve --clients` makes it.
    template: TemplateFit | None = None

    @property
    def currency(self) -> str | None:
        return self.export.currency

    @property
    def year(self) -> Year | None:
        """The year analysed of a dated export: purchases per client, the average transaction, and where the data
        covers the year before the clients at its start, new and lost."""
        return self.export.year

    @cached_property
    def whale(self) -> Whale | None:
        """The cumulative profit curve, when the cost to serve is known."""
        return whale(self.segmentation)

    @property
    def drop_conclusion(self) -> Message | None:
        """What the drop does, as the conclusions say it (None without a drop)."""
        return None if self.drop is None else drop_conclusion(self.drop, self.segmentation)

    @property
    def clients(self) -> Any:
        """One row per client: name, revenue, cost to serve, the export's segment and the ABC class."""
        import pandas as pd

        seg = self.segmentation
        return pd.DataFrame({"client": [c.name for c in seg.clients], "revenue": [c.revenue for c in seg.clients],
                             "cost": [c.cost for c in seg.clients], "segment": [c.segment for c in seg.clients],
                             "abc": [seg.abc_class[c.name] for c in seg.clients]})

    @property
    def segments(self) -> Any:
        """One row per segment (bands, then the export's segments, then the ABC classes)."""
        import pandas as pd

        rows = [{"name": s.name, "kind": s.kind.value, "clients": s.clients, "revenue": s.revenue,
                 "share_clients": s.share_clients, "share_revenue": s.share_revenue, "avg_check": s.avg_check,
                 "cost": s.cost, "contribution": s.contribution}
                for s in self.segmentation.segments + self.segmentation.abc]
        return pd.DataFrame(rows)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while a list is read: its hundred thousand clients and their names make
    no cycles, but each batch of them would set off a collection that walks the whole heap again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def analyse_clients(path: str | Path, *, bands: Sequence[float] | None = None,
                    abc: tuple[float, float] = DEFAULT_ABC, drop: Sequence[str] = (),
                    columns: Mapping[str, str] | None = None, sheet: str | None = None,
                    cost_per_client: float | None = None, year: int | None = None,
                    template: str | Path | Inputs | None = None) -> SegmentReport:
    """Read the export at `path`, cut it into segments and apply the drop (`drop`: what `--drop` takes); `year`:
    the calendar year analysed of a dated export (default: its last twelve months). With `template` (a filled
    template or its Inputs) the export is reconciled with it (warnings), an export in another currency refused,
    and with a drop B′'s average check and margin made as `solve --clients` makes them (`SegmentReport.template`)."""
    if not 0 < abc[0] < abc[1] < 1:
        raise OptionError(Problem("--abc", None, _("expected two limits rising between 0 and 100 %, such as 80,95")))
    with _collector_paused():
        export = read_clients(path, columns=columns, sheet=sheet, cost_per_client=cost_per_client, year=year)
        segmentation = segment(export.clients, bands=bands, abc=abc)
        dropped = apply(segmentation, drop) if drop else None
    warnings = list(export.warnings)
    for s in segmentation.negative:
        warnings.append(Notice(str(path), None, N_(
            "the segment {name} costs more to serve than it brings: contribution {contribution} over {n} client",
            "the segment {name} costs more to serve than it brings: contribution {contribution} over {n} clients",
            s.clients, name=s.name, contribution=Amount(s.contribution or 0.0, export.currency))))
    if dropped is not None and dropped.cost_saved is not None:
        warnings.append(Notice(str(path), None, _(
            "the cost saved is the cost to serve that leaves with the dropped clients (acquisition, service); "
            "fixed costs spread over fewer clients do not leave with them")))
    report = SegmentReport(Path(path), export, segmentation, dropped, tuple(warnings))
    if template is None:
        return report
    fit = template_fit(report, template)
    return replace(report, template=fit, warnings=(*report.warnings, *fit.warnings))


@dataclass(frozen=True)
class TemplateFit:
    """The export against a template: where it is, the reconciliation's warnings, and with a drop point A's and
    B′'s average check and margin as `solve --clients` makes B′ (None without a drop)."""

    path: str
    currency: str
    warnings: tuple[Notice, ...]
    avg_check: tuple[float, float] | None = None   # A's, B′'s
    margin: tuple[float, float] | None = None      # A's, B′'s; None when the drop leaves the margin to the template


def template_fit(report: SegmentReport, template: str | Path | Inputs) -> TemplateFit:
    """Reconcile `report` with `template` (raises InputError for another currency); with a drop, solve the
    template with the drop's lever changes and read A's and B′'s average check and margin."""
    from .api import load_inputs, solve

    inputs = load_inputs(template)
    where = "" if isinstance(template, Inputs) else str(template)
    same_currency(report, inputs)
    warnings = reconcile(report, inputs)
    if report.drop is None:
        return TemplateFit(where, inputs.currency, warnings)
    levers = drop_levers(report, inputs)
    points = {p.key: p.levers for p in solve(inputs, levers=levers.changes).points}
    a, b = points["A"], points["B'"]
    margin = (a.margin, b.margin) if any(lever == "margin" for lever, _change in levers.changes) else None
    return TemplateFit(where, inputs.currency, warnings, (a.avg_check, b.avg_check), margin)


# Above this share apart, the export's revenue or client count and the template's are told to differ.
RECONCILE = 0.05


@dataclass(frozen=True)
class DropLevers:
    """What a drop does to B′: the lever changes (average check, and margin with costs), the conclusion saying
    where the change came from, and the warnings (the export and the template reconciled)."""

    changes: tuple[tuple[str, Change], ...]
    conclusion: Message
    warnings: tuple[Notice, ...]


def drop_levers(report: SegmentReport, inputs: Inputs, given: Sequence[str] = ()) -> DropLevers:
    """B′'s average check as the template's times the drop's factor, and with a cost to serve (and no cost
    structure in the template) B′'s margin as what the drop leaves: (P − dropped revenue + cost saved) / (R −
    dropped revenue), the export's proportions scaled to the template's revenue. A lever named in `given`
    (`--lever` specs) is left to it."""
    d = report.drop
    if d is None:
        raise OptionError(Problem("--clients", None, _('expected --drop with --clients, such as --drop "<100k"')))
    same_currency(report, inputs)
    named = {spec.partition("=")[0].strip() for spec in given}
    changes: list[tuple[str, Change]] = []
    if "avg_check" not in named:
        changes.append(("avg_check", Change(multiply=d.avg_check_factor, text=f"x{d.avg_check_factor:.4g} (--drop {d.what})")))
    margin = d.margin(inputs.profit, inputs.revenue) if inputs.costs is None else None
    if margin is not None and "margin" not in named:
        changes.append(("margin", Change(set=margin, text=f"{margin * 100:.4g}% (--drop {d.what})")))
    seg = report.segmentation
    warnings = [*report.warnings, *reconcile(report, inputs)]
    return DropLevers(tuple(changes), drop_conclusion(d, seg), tuple(warnings))


def same_currency(report: SegmentReport, inputs: Inputs) -> None:
    """Raise InputError (located at the export) when its amounts name another currency than the template's."""
    if report.currency is not None and report.currency != inputs.currency:
        raise InputError(Problem(str(report.source), None, _(
            "the amounts are in {export}, the template's in {template}: expected an export in the template's currency",
            export=report.currency, template=inputs.currency), has_seen=False))


def reconcile(report: SegmentReport, inputs: Inputs) -> tuple[Notice, ...]:
    """The export against the template: its revenue and client count, and with a dated export covering the year
    before its clients at the start, new and lost, each warned when more than RECONCILE apart."""
    seg = report.segmentation
    where = str(report.source)
    warnings: list[Notice] = []
    if abs(seg.revenue - inputs.revenue) > RECONCILE * inputs.revenue:
        warnings.append(Notice(where, None, _(
            "the export's revenue {export} is {share} away from the template's {template}: an export often covers "
            "part of the business; the drop's factor is applied as a proportion",
            export=Amount(seg.revenue, inputs.currency), share=Pct(abs(seg.revenue / inputs.revenue - 1), 0),
            template=Amount(inputs.revenue, inputs.currency))))
    active = inputs.clients_end
    if active > 0 and abs(seg.count - active) > RECONCILE * active:
        warnings.append(Notice(where, None, _(
            "the export's {export} clients are {share} away from the template's {template} active clients",
            export=Num(seg.count), share=Pct(abs(seg.count / active - 1), 0), template=Num(active))))
    period = report.year
    if period is not None and period.covers_year_before:
        flows = ((period.clients_start, inputs.clients_start, _(
                     "the export's {export} clients at the start of the year are {share} away from the template's "
                     "{template}")),
                 (period.clients_new, inputs.clients_new, _(
                     "the export's {export} new clients are {share} away from the template's {template}")),
                 (period.clients_lost, inputs.clients_lost, _(
                     "the export's {export} lost clients are {share} away from the template's {template}")))
        for export_count, template_count, message in flows:
            if export_count is not None and template_count > 0 and \
                    abs(export_count - template_count) > RECONCILE * template_count:
                warnings.append(Notice(where, None, replace(message, params={
                    "export": Num(export_count), "share": Pct(abs(export_count / template_count - 1), 0),
                    "template": Num(template_count)})))
    return tuple(warnings)


def drop_shares(d: Drop, segmentation: Segmentation) -> tuple[float, float]:
    """The dropped clients' share of the clients, and their revenue's share of the revenue."""
    return d.clients_dropped / (d.clients + d.clients_dropped), d.revenue_dropped / segmentation.revenue


def drop_conclusion(d: Drop, segmentation: Segmentation) -> Message:
    """"Dropping the 219 clients of <100k (73% of clients, 18% of revenue) raises the average check 3.02×": the
    factor shown as the lever line shows it (two decimals)."""
    share_clients, share_revenue = drop_shares(d, segmentation)
    shares = {"what": d.what, "clients": Pct(share_clients, 0), "revenue": Pct(share_revenue, 0),
              "factor": Times(d.avg_check_factor)}
    if d.avg_check_factor >= 1:
        return N_(
            "Dropping the {n} client of {what} ({clients} of clients, {revenue} of revenue) raises the average check {factor}.",
            "Dropping the {n} clients of {what} ({clients} of clients, {revenue} of revenue) raises the average check {factor}.",
            d.clients_dropped, **shares)
    return N_(
        "Dropping the {n} client of {what} ({clients} of clients, {revenue} of revenue) lowers the average check "
        "to {factor} of what it was.",
        "Dropping the {n} clients of {what} ({clients} of clients, {revenue} of revenue) lowers the average check "
        "to {factor} of what it was.", d.clients_dropped, **{**shares, "factor": Pct(d.avg_check_factor, 0)})


@dataclass(frozen=True)
class Times:
    """A factor as the lever line writes it, to two decimals without trailing zeros: 3.02× / в 3,02 раза."""

    ratio: float

    def in_language(self, t: Translator) -> str:
        return t.ngettext("{ratio}×", "{ratio}×", round(self.ratio, 2), ratio=factor_text(t, self.ratio))

    def __str__(self) -> str:
        return f"{round(self.ratio, 2):g}×"


def factor_text(t: Translator, ratio: float) -> str:
    """3.0234 as `3.02`, 3.0 as `3`: the lever line's rounding of a factor."""
    return t.number(ratio, 2).rstrip("0").rstrip(".,")
