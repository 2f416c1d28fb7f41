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
from datetime import date
from enum import Enum
from typing import Any, NamedTuple

# ABC classes by cumulative share of revenue: A up to 80 %, B up to 95 %, C the rest.
DEFAULT_ABC = (0.80, 0.95)
ABC_CLASSES = ("A", "B", "C")


class Kind(Enum):
    """How a segment was cut."""

    BAND = "band"
    ABC = "abc"
    COLUMN = "column"


class Client(NamedTuple):
    """One client of the export: its net revenue in the year analysed, its cost to serve (None when unknown),
    and the export's own segment (None without a segment column). A named tuple: a list has a hundred thousand."""

    name: str
    revenue: float
    cost: float | None = None
    segment: str | None = None


@dataclass(frozen=True)
class Year:
    """The year analysed of a dated export, from `start` to `end` (both included): the last twelve months of data,
    or a calendar year asked for (`chosen`).

    `clients` bought in it (a net revenue above zero), making `purchases` (rows with a positive amount) and
    `revenue` (net of refunds): the book's # is purchases per client, its $ the average transaction, and $ × # is
    the average check. Where the data covers the year before (`before_start` to `before_end`), `clients_start` are
    the clients of the year before (the active clients at the start of the year), `clients_new` those of the year
    not among them, `clients_lost` those of the year before not bought again: start + new − lost = clients. They
    are None where the data begins later."""

    start: date
    end: date
    chosen: bool
    rows: int
    total_rows: int
    clients: int
    purchases: int
    revenue: float
    before_start: date
    before_end: date
    clients_start: int | None = None
    clients_new: int | None = None
    clients_lost: int | None = None

    @property
    def purchases_per_client(self) -> float:
        """The book's #: purchases a client in the year."""
        return self.purchases / self.clients

    @property
    def avg_transaction(self) -> float:
        """The book's $: the revenue of a purchase (refunds netted out)."""
        return self.revenue / self.purchases if self.purchases else 0.0

    @property
    def covers_year_before(self) -> bool:
        return self.clients_start is not None


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
        return None if self.contribution is None or self.clients == 0 else self.contribution / self.clients


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
    # Each part of the drop as the consultant wrote it (`--drop` given twice: two parts); empty: `what` alone.
    parts: tuple[str, ...] = ()

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


def _segment(name: str, kind: Kind, revenues: Any, costs: Any, total_clients: int, total_revenue: float,
             low: float | None = None, high: float | None = None) -> Segment:
    """One segment of the members' `revenues` and `costs` (None: the cost to serve is unknown)."""
    revenue = math.fsum(revenues.tolist())
    cost = math.fsum(costs.tolist()) if costs is not None else None
    count = len(revenues)
    return Segment(name, kind, count, revenue, count / total_clients, revenue / total_revenue,
                   revenue / count if count else 0.0, cost, None if cost is None else revenue - cost, low, high)


def _ranked(names: Sequence[str], revenues: Any) -> Any:
    """The clients' order by revenue, largest first, and by name among equal revenues: as sorting on
    (-revenue, name), the names compared only where revenues tie."""
    import numpy as np

    order = np.argsort(-revenues, kind="stable")
    ordered = revenues[order]
    ties = np.flatnonzero(ordered[1:] == ordered[:-1])
    if len(ties):
        # Runs of equal revenues: each starts where the one before it differs.
        starts = ties[np.r_[True, np.diff(ties) > 1]]
        ends = ties[np.r_[np.diff(ties) > 1, True]] + 2
        for first, last in zip(starts.tolist(), ends.tolist()):
            run = order[first:last].tolist()
            order[first:last] = sorted(run, key=names.__getitem__)
    return order


def segment(clients: Sequence[Client], *, bands: Sequence[float] | None = None,
            abc: tuple[float, float] = DEFAULT_ABC) -> Segmentation:
    """Cut `clients` (each with a positive revenue) into revenue bands (`bands`: ascending thresholds, or
    `default_bands`), ABC classes by cumulative revenue share (`abc`: the A and B limits) and the export's segments.

    The cost to serve counts when every client has one. Sums are exact (math.fsum), so the order the clients come
    in does not change a segment's figures."""
    import numpy as np

    if not clients:
        raise ValueError("no clients")
    clients = tuple(clients)
    total_clients = len(clients)
    names, revenue_list, cost_list, labels = (list(column) for column in zip(*clients))
    revenues = np.array(revenue_list, dtype=float)
    total = math.fsum(revenue_list)
    with_cost = None not in cost_list
    costs = np.array(cost_list, dtype=float) if with_cost else None
    cost = math.fsum(costs.tolist()) if costs is not None else None
    thresholds = tuple(sorted(bands)) if bands is not None else default_bands(revenues.tolist())
    edges: list[float | None] = [None, *thresholds, None]

    def members(mask: Any) -> tuple[Any, Any]:
        return revenues[mask], costs[mask] if costs is not None else None

    # A client's band is the number of thresholds at or below its revenue.
    band_of = np.searchsorted(np.asarray(thresholds, dtype=float), revenues, side="right")
    band_list = tuple(_segment(band_name(low, high), Kind.BAND, *members(band_of == index), total_clients, total,
                               low, high)
                      for index, (low, high) in enumerate(zip(edges, edges[1:])))
    # ABC: clients by revenue, largest first; a client is A while the cumulative share before it is under the A
    # limit. The running sum adds in that order, one client at a time (numpy's cumsum is sequential).
    order = _ranked(names, revenues)
    running = np.cumsum(revenues[order])
    share_before = np.concatenate(([0.0], running[:-1])) / total
    class_index = np.where(share_before < abc[0], 0, np.where(share_before < abc[1], 1, 2))
    class_of = np.empty(total_clients, dtype=np.int64)
    class_of[order] = class_index
    classes = dict(zip(names, map(ABC_CLASSES.__getitem__, class_of.tolist())))
    abc_list = tuple(_segment(k, Kind.ABC, *members(class_of == index), total_clients, total)
                     for index, k in enumerate(ABC_CLASSES))
    # The export's segments, in the order they first appear.
    kinds = list(dict.fromkeys(label for label in labels if label is not None))
    column_list: tuple[Segment, ...] = ()
    if kinds:
        code = {label: index for index, label in enumerate(kinds)}
        segment_of = np.fromiter((-1 if label is None else code[label] for label in labels), dtype=np.int64,
                                 count=total_clients)
        column_list = tuple(_segment(n, Kind.COLUMN, *members(segment_of == index), total_clients, total)
                            for index, n in enumerate(kinds))
    return Segmentation(clients, total, cost, band_list, abc_list, column_list, classes, abc)


def drop(segmentation: Segmentation, what: str, leaves: Callable[[Client], bool]) -> Drop:
    """Drop the clients for whom `leaves` holds; `what` names them as the consultant wrote it.

    Raises ValueError when it matches no client or every client (the caller says which)."""
    gone: list[Client] = []
    kept: list[Client] = []
    for c in segmentation.clients:
        (gone if leaves(c) else kept).append(c)
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


# The whale curve's points: every 5 % of the clients.
WHALE_STEPS = 20


@dataclass(frozen=True)
class WhalePoint:
    """The whale curve after the first `clients` clients (`share_clients` of them): their cumulative
    contribution, and its share of the whole list's (None when the whole contribution is not above zero)."""

    share_clients: float
    clients: int
    contribution: float
    share_contribution: float | None


@dataclass(frozen=True)
class Whale:
    """The cumulative profit ("whale") curve: the clients from the largest contribution per client down, and the
    contribution they add up to. It peaks after the last client whose contribution is above zero: `peak` is that
    most, reached by `clients_at_peak`; the clients after it take `peak - total` back. `points` every 5 % of the
    clients."""

    total: float
    peak: float
    clients_at_peak: int
    count: int
    points: tuple[WhalePoint, ...]

    @property
    def share_clients_at_peak(self) -> float:
        return self.clients_at_peak / self.count

    @property
    def share_at_peak(self) -> float | None:
        """The peak over the whole contribution: above 1 when some clients take contribution away."""
        return self.peak / self.total if self.total > 0 else None


def whale(segmentation: Segmentation, steps: int = WHALE_STEPS) -> Whale | None:
    """The whale curve of a list whose cost to serve is known; None when it is not."""
    import numpy as np

    if segmentation.cost is None:
        return None
    _names, revenues, costs, _labels = zip(*segmentation.clients)
    count = len(revenues)
    contributions = -np.sort(-(np.array(revenues, dtype=float) - np.array(costs, dtype=float)))
    # The running sum adds one client at a time, largest first (numpy's cumsum is sequential).
    running = np.cumsum(contributions).tolist()
    total = math.fsum(contributions.tolist())
    # The first client at which the running sum is highest.
    at_peak = int(np.argmax(running)) + 1
    peak = running[at_peak - 1]
    if peak <= 0:
        at_peak, peak = 0, 0.0
    points = []
    for k in range(steps + 1):
        n = round(count * k / steps)
        value = running[n - 1] if n else 0.0
        points.append(WhalePoint(k / steps, n, value, value / total if total > 0 else None))
    return Whale(total, peak, at_peak, count, tuple(points))
