"""What `--drop` names: clients below an annual revenue (`<100k`), a revenue band (`<100k`, `100k-1M`), an ABC class
(`C`) or a segment of the export's own column; each becomes the test of which clients leave."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from .errors import OptionError, Problem
from .i18n import _
from .model.segments import Client, Drop, Segmentation, drop
from .numbers import NumberFormatError, parse_number


def leaves(segmentation: Segmentation, what: str) -> Callable[[Client], bool]:
    """The test of the clients `what` names. Raises OptionError when it names nothing the list has."""
    text = what.strip()
    for band in segmentation.bands:
        if band.name == text:
            return _within(band.low, band.high)
    klass = text.upper()
    if klass in {s.name for s in segmentation.abc}:
        return lambda c: segmentation.abc_class[c.name] == klass
    if text in {s.name for s in segmentation.columns}:
        return lambda c: c.segment == text
    if text.startswith("<"):
        try:
            limit = parse_number(text[1:])
        except NumberFormatError as exc:
            raise OptionError(Problem("--drop", None, _('"{what}": {why}', what=what, why=exc))) from None
        return lambda c: c.revenue < limit
    names = [s.name for s in segmentation.bands] + ["A", "B", "C"] + [s.name for s in segmentation.columns]
    raise OptionError(Problem("--drop", None, _(
        '"{what}": expected clients below a revenue (<100k), a band, an ABC class or a segment: {names}',
        what=what, names=", ".join(names))))


def _within(low: float | None, high: float | None) -> Callable[[Client], bool]:
    return lambda c: (low is None or c.revenue >= low) and (high is None or c.revenue < high)


def apply(segmentation: Segmentation, whats: Sequence[str]) -> Drop:
    """Drop every client any of `whats` names. Raises OptionError when they match no client or every client."""
    tests = [leaves(segmentation, what) for what in whats]
    named = ", ".join(whats)
    try:
        dropped = drop(segmentation, named, tests[0] if len(tests) == 1 else lambda c: any(test(c) for test in tests))
        return replace(dropped, parts=tuple(whats))
    except ValueError as exc:
        why = _('"{what}" matches no client', what=named) if str(exc) == "nothing" else \
            _('"{what}" matches every client: nothing would be left', what=named)
        raise OptionError(Problem("--drop", None, why)) from None
