"""A client list's segments as one report: the export as read, its segments, the drop, every warning; what
`leverage segments` prints and `leverage.segments` returns (with the tables as pandas DataFrames)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .clients import Export, read_clients
from .drops import apply
from .errors import Notice, OptionError, Problem
from .i18n import N_, Amount, _
from .model.segments import DEFAULT_ABC, Drop, Segmentation, segment


@dataclass(frozen=True)
class SegmentReport:
    """The segments of one export, and the drop when one was asked for."""

    source: Path
    export: Export
    segmentation: Segmentation
    drop: Drop | None
    warnings: tuple[Notice, ...]

    @property
    def currency(self) -> str | None:
        return self.export.currency

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


def analyse_clients(path: str | Path, *, bands: Sequence[float] | None = None,
                    abc: tuple[float, float] = DEFAULT_ABC, drop: Sequence[str] = (),
                    columns: Mapping[str, str] | None = None, sheet: str | None = None,
                    cost_per_client: float | None = None) -> SegmentReport:
    """Read the export at `path`, cut it into segments and apply the drop (`drop`: what `--drop` takes)."""
    if not 0 < abc[0] < abc[1] < 1:
        raise OptionError(Problem("--abc", None, _("expected two limits rising between 0 and 100 %, such as 80,95")))
    export = read_clients(path, columns=columns, sheet=sheet, cost_per_client=cost_per_client)
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
    return SegmentReport(Path(path), export, segmentation, dropped, tuple(warnings))
