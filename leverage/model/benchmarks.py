"""Benchmarks across a portfolio: where each client's value stands among the others' (pure, no words).

A client's percentile is the share of the other clients whose value is lower, ties counting half:
100 × (lower + equal / 2) / (n − 1), so the lowest of the portfolio is at 0 and the highest at 100;
alone, a client has no percentile. The quartiles are the values at 25, 50 and 75 % by linear
interpolation between the sorted values (Excel's QUARTILE.INC, pandas' and numpy's default).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping


def percentiles(values: Mapping[str, float]) -> dict[str, float | None]:
    """Each key's percentile among all the values (see the module's docstring)."""
    n = len(values)
    if n < 2:
        return {key: None for key in values}
    ordered = sorted(values.values())
    ranks: dict[str, float | None] = {}
    for key, value in values.items():
        lower = bisect_left(ordered, value)
        equal = bisect_right(ordered, value) - lower - 1  # the others only
        ranks[key] = 100 * (lower + equal / 2) / (n - 1)
    return ranks


def quantile(ordered: list[float], share: float) -> float:
    """The value at `share` of the sorted `ordered`, linear between neighbours."""
    position = share * (len(ordered) - 1)
    below = int(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def quartiles(values: Mapping[str, float]) -> tuple[float, float, float] | None:
    """The first quartile, the median and the third quartile; None without values."""
    if not values:
        return None
    ordered = sorted(values.values())
    return quantile(ordered, 0.25), quantile(ordered, 0.5), quantile(ordered, 0.75)


def bottom_quarter(ranks: Mapping[str, float | None], values: Mapping[str, float]) -> list[str]:
    """The keys whose percentile is below 25 (fewer than a quarter of the others are lower), lowest value first."""
    return sorted((key for key, rank in ranks.items() if rank is not None and rank < 25), key=lambda k: values[k])
