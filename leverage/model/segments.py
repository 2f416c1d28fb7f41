"""Segments of a client list: revenue bands, ABC classes, the export's own segments, and what dropping one does.

Pure arithmetic (domain model §9): a per-client table in (name, annual revenue, cost to serve, the export's
segment), plain frozen dataclasses out. The average check of a segment is its revenue over its clients; the
contribution is its revenue less the cost to serve, which is what leaves with a client (acquisition and service).
Dropping a segment gives the average check after (remaining revenue over remaining clients) and its factor over
the average check before: the B′ lever is the template's average check times that factor, so an export that covers
part of the business still gives the right proportion. With costs, the drop's margin is
(P − dropped revenue + dropped cost) / (R − dropped revenue); fixed costs do not leave with the clients.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum

# ABC classes by cumulative share of revenue: A up to 80 %, B up to 95 %, C the rest.
DEFAULT_ABC = (0.80, 0.95)
ABC_CLASSES = ("A", "B", "C")


class Kind(Enum):
    """How a segment was cut."""

    BAND = "band"
    ABC = "abc"
    COLUMN = "column"


@dataclass(frozen=True)
class Client:
    """One client of the export: its net revenue in the year analysed, its cost to serve (None when unknown),
    and the export's own segment (None without a segment column)."""

    name: str
    revenue: float
    cost: float | None = None
    segment: str | None = None


@dataclass(frozen=True)
class Segment:
    """One segment's figures; `cost` and `contribution` are None when the cost to serve is unknown.

    A band holds revenues at or above `low` and below `high` (None: unbounded)."""

    name: str
    kind: Kind
    clients: int
    revenue: float
    share_clients: float
    share_revenue: float
    avg_check: float
    cost: float | None
    contribution: float | None
    low: float | None = None
    high: float | None = None

    @property
    def contribution_per_client(self) -> float | None:
        return None if self.contribution is None else self.contribution / self.clients


@dataclass(frozen=True)
class Drop:
    """Dropping some clients: who leaves, and the base after.

    `cost_saved`, `contribution_before` and `contribution_after` are None when the cost to serve is unknown."""

    what: str
    clients_dropped: int
    revenue_dropped: float
    clients: int
    revenue: float
    avg_check_before: float
    avg_check: float
    cost_saved: float | None
    contribution_before: float | None
    contribution_after: float | None

    @property
    def avg_check_factor(self) -> float:
        """The average check after the drop over the one before: what B′'s average check is multiplied by."""
        return self.avg_check / self.avg_check_before

    def margin(self, profit: float, revenue: float) -> float | None:
        """The net margin after the drop for a business of `profit` on `revenue` (the template's), in the export's
        proportions: the dropped revenue and cost are scaled by the template's revenue over the export's."""
        if self.cost_saved is None:
            return None
        total = self.revenue + self.revenue_dropped
        scale = revenue / total
        dropped_revenue, dropped_cost = self.revenue_dropped * scale, self.cost_saved * scale
        return (profit - dropped_revenue + dropped_cost) / (revenue - dropped_revenue)


@dataclass(frozen=True)
class Segmentation:
    """A client list cut into segments: the bands, the ABC classes and the export's segments (empty without a
    segment column), over the clients with a positive revenue."""

    clients: tuple[Client, ...]
    revenue: float
    cost: float | None
    bands: tuple[Segment, ...]
    abc: tuple[Segment, ...]
    columns: tuple[Segment, ...]
    abc_class: dict[str, str]
    limits: tuple[float, float] = DEFAULT_ABC  # the A and B limits the ABC classes were cut with

    @property
    def count(self) -> int:
        return len(self.clients)

    @property
    def avg_check(self) -> float:
        return self.revenue / len(self.clients)

    @property
    def contribution(self) -> float | None:
        return None if self.cost is None else self.revenue - self.cost

    @property
    def segments(self) -> tuple[Segment, ...]:
        """The bands and the export's segments (the ABC classes are apart)."""
        return self.bands + self.columns

    @property
    def negative(self) -> tuple[Segment, ...]:
        """The segments whose contribution is below zero: those that cost more to serve than they bring."""
        return tuple(s for s in self.bands + self.abc + self.columns if s.contribution is not None and s.contribution < 0)


def band_name(low: float | None, high: float | None) -> str:
    """`<100k`, `100k-1M`, `≥1M`: a band as `--drop` takes it."""
    if low is None and high is None:
        return "all"
    if low is None:
        return f"<{short(high)}"
    if high is None:
        return f"≥{short(low)}"
    return f"{short(low)}-{short(high)}"


def short(value: float | None) -> str:
    """100000 as `100k`, 1500000 as `1.5M`, 950 as `950`."""
    assert value is not None
    for scale, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= scale:
            shown = f"{value / scale:.3g}"
            return shown + suffix
    return f"{value:g}"


def default_bands(revenues: Sequence[float]) -> tuple[float, ...]:
    """Thresholds that cut the list into readable bands when none are given: powers of ten between the smallest
    and the largest revenue (100k, 1M, ...), at most four."""
    low, high = min(revenues), max(revenues)
    if low <= 0 or high <= low:
        return ()
    first, last = math.ceil(math.log10(low)), math.floor(math.log10(high))
    thresholds = [10.0 ** e for e in range(first, last + 1) if low < 10.0 ** e <= high]
    while len(thresholds) > 4:
        thresholds = thresholds[1::2]
    return tuple(thresholds)


def _segment(name: str, kind: Kind, members: Sequence[Client], total_clients: int, total_revenue: float,
             with_cost: bool, low: float | None = None, high: float | None = None) -> Segment:
    revenue = math.fsum(c.revenue for c in members)
    cost = math.fsum(c.cost or 0.0 for c in members) if with_cost else None
    count = len(members)
    return Segment(name, kind, count, revenue, count / total_clients, revenue / total_revenue,
                   revenue / count if count else 0.0, cost, None if cost is None else revenue - cost, low, high)


def segment(clients: Sequence[Client], *, bands: Sequence[float] | None = None,
            abc: tuple[float, float] = DEFAULT_ABC) -> Segmentation:
    """Cut `clients` (each with a positive revenue) into revenue bands (`bands`: ascending thresholds, or
    `default_bands`), ABC classes by cumulative revenue share (`abc`: the A and B limits) and the export's segments.

    The cost to serve counts when every client has one."""
    if not clients:
        raise ValueError("no clients")
    clients = tuple(clients)
    total_clients = len(clients)
    total = math.fsum(c.revenue for c in clients)
    with_cost = all(c.cost is not None for c in clients)
    cost = math.fsum(c.cost or 0.0 for c in clients) if with_cost else None
    thresholds = tuple(sorted(bands)) if bands is not None else default_bands([c.revenue for c in clients])
    edges: list[float | None] = [None, *thresholds, None]
    band_list = []
    for low, high in zip(edges, edges[1:]):
        members = [c for c in clients if (low is None or c.revenue >= low) and (high is None or c.revenue < high)]
        band_list.append(_segment(band_name(low, high), Kind.BAND, members, total_clients, total, with_cost, low, high))
    # ABC: clients by revenue, largest first; a client is A while the cumulative share before it is under the A limit.
    ranked = sorted(clients, key=lambda c: (-c.revenue, c.name))
    classes: dict[str, str] = {}
    running = 0.0
    for c in ranked:
        share_before = running / total
        classes[c.name] = "A" if share_before < abc[0] else "B" if share_before < abc[1] else "C"
        running += c.revenue
    abc_list = tuple(_segment(k, Kind.ABC, [c for c in clients if classes[c.name] == k], total_clients, total, with_cost)
                     for k in ABC_CLASSES)
    names = list(dict.fromkeys(c.segment for c in clients if c.segment is not None))
    column_list = tuple(_segment(n, Kind.COLUMN, [c for c in clients if c.segment == n], total_clients, total, with_cost)
                        for n in names)
    return Segmentation(clients, total, cost, tuple(band_list), abc_list, column_list, classes, abc)


def drop(segmentation: Segmentation, what: str, leaves: Callable[[Client], bool]) -> Drop:
    """Drop the clients for whom `leaves` holds; `what` names them as the consultant wrote it.

    Raises ValueError when it matches no client or every client (the caller says which)."""
    gone = [c for c in segmentation.clients if leaves(c)]
    kept = [c for c in segmentation.clients if not leaves(c)]
    if not gone:
        raise ValueError("nothing")
    if not kept:
        raise ValueError("everything")
    revenue_dropped = math.fsum(c.revenue for c in gone)
    revenue = math.fsum(c.revenue for c in kept)
    with_cost = segmentation.cost is not None
    cost_saved = math.fsum(c.cost or 0.0 for c in gone) if with_cost else None
    before = segmentation.contribution
    after = None if before is None or cost_saved is None else before - (revenue_dropped - cost_saved)
    return Drop(what, len(gone), revenue_dropped, len(kept), revenue, segmentation.avg_check, revenue / len(kept),
                cost_saved, before, after)
