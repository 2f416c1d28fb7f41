"""The Segments sheet: a client list's per-client table as data, and the segments, the ABC classes and the drop
as live formulas over it.

Layout, top to bottom:

- the settings, the only inputs of the sheet: the band thresholds, the ABC limits and, for a drop below an
  annual revenue (`--drop "<100k"`), its limit; move one and every table follows;
- the totals, the bands, the export's own segments, the ABC classes (COUNTIFS and SUMIFS over the per-client
  table and the settings) and the drop: the clients and revenue left, and the average-check factor, the cell
  B′'s average check refers to in the scenario workbook (and B′'s margin, with a cost to serve);
- the Pareto chart (revenue by client, the cumulative share of revenue) and, with a cost to serve, the whale
  curve (the cumulative contribution);
- the per-client table, largest revenue first: the data, then the cumulative shares, the ABC class, the
  contribution and whether the drop takes the client, as one formula per column repeated down the rows.

Only functions every engine evaluates alike (COUNTIFS, SUMIFS with criteria built as ">="&B5, IF, OR, AND); the
export's segments are counted by their number (a column of the per-client table), never by a name as a criterion,
which engines read as a comparison (<VIP>) or as wildcards (A*B) each in their own way; the band labels are formulas
over the thresholds.
Above `LIVE_LIMIT` clients the per-client table is left out and the tables are values, with a note.
Every formula cell carries the value `leverage.model.segments` computed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_cell_to_rowcol, xl_rowcol_to_cell

from ..client_segments import SegmentReport
from ..i18n import Translator, _, translator
from ..model.segments import Client, Drop, Segment, Segmentation
from .context import SummaryBlock, SummaryCell, WorkbookContext
from .styles import Formats, money_format, number_format, percent_format

# Up to this many clients the per-client table is written and the tables are live formulas over it.
LIVE_LIMIT = 100_000
# Up to this many clients the Pareto chart shows a bar per client; above, the cumulative share curve only.
PARETO_BARS = 400
# Rows the charts take below the tables (a chart 320 pixels high over rows of 20).
CHART_ROWS = 17

HEADERS = {
    "segment": _("Segment"), "from": _("From"), "below": _("Below"), "clients": _("Clients"),
    "share_clients": _("% clients"), "revenue": _("Revenue"), "share_revenue": _("% revenue"),
    "avg_check": _("Average check"), "cost": _("Cost to serve"), "contribution": _("Contribution"),
    "per_client": _("Per client"),
}


@dataclass(frozen=True)
class SegmentsLayout:
    """Where the Segments sheet put what other sheets refer to (absolute references, sheet included)."""

    sheet: str
    factor: str | None  # the drop's average-check factor
    margin: str | None  # the net margin the drop leaves (only over a template, with a cost to serve)
    drop: dict[str, str] = field(default_factory=dict)  # the drop's figures: gone, before, after, factor...


@dataclass(frozen=True)
class _Columns:
    """The per-client table's columns (None: not written) and its rows."""

    first: int
    last: int
    client: int
    revenue: int
    cost: int | None
    segment: int | None
    cumulative: int
    share_revenue: int
    share_clients: int
    abc: int
    contribution: int | None
    cumulative_contribution: int | None
    dropped: int | None
    segment_no: int | None = None  # the number of the client's segment among the export's, what their table counts

    def range(self, col: int) -> str:
        return (f"{xl_rowcol_to_cell(self.first, col, row_abs=True, col_abs=True)}:"
                f"{xl_rowcol_to_cell(self.last, col, row_abs=True, col_abs=True)}")


def write_segments(book: xlsxwriter.Workbook, report: SegmentReport, lang: str, fmt: Formats, *,
                   currency: str, template: tuple[float, float] | None = None) -> SegmentsLayout:
    """Add the Segments sheet for `report` to `book`. `template`: the template's revenue and profit, when the
    workbook holds them (named `revenue` and `profit`), so that the margin the drop leaves is a formula on them."""
    t = translator(lang, currency)
    red = book.add_format({"num_format": money_format(currency, lang), "font_color": "#9C0006"})
    seg, d = report.segmentation, report.drop
    with_cost = seg.cost is not None
    live = seg.count <= LIVE_LIMIT
    name = t.gettext("Segments")
    ws = book.add_worksheet(name)
    ws.set_column(0, 0, 46)
    ws.set_column(1, 13, 15)
    note = book.add_format({"italic": True, "font_color": "#595959"})
    ws.write_string(0, 0, t.gettext("Segments of the client list {file}", file=report.source.name), fmt.title)
    columns = ", ".join(f'{role} "{header}"' for role, header in report.export.columns.items())
    ws.write_string(1, 0, t.gettext("Columns taken: {columns}", columns=columns), fmt.subtitle)

    # The settings: the sheet's inputs.
    row = 3
    ws.write_string(row, 0, t.gettext("Settings: change a yellow cell and every table follows"), fmt.section)
    row += 1
    thresholds = [b.low for b in seg.bands if b.low is not None]
    threshold_ref: dict[float, str] = {}
    for n, value in enumerate(thresholds, start=1):
        ws.write_string(row, 0, t.gettext("Band threshold {n} (annual revenue)", n=n), fmt.label)
        ws.write_number(row, 1, value, fmt.money_input if live else fmt.money)
        threshold_ref[value] = xl_rowcol_to_cell(row, 1, row_abs=True, col_abs=True)
        row += 1
    abc_a, abc_b = seg.limits
    limit_ref = {}
    for key, text, value in (("A", t.gettext("ABC: the limit of class A"), abc_a), ("B", t.gettext("ABC: the limit of class B"), abc_b)):
        ws.write_string(row, 0, text, fmt.label)
        ws.write_number(row, 1, value, fmt.rate_input if live else fmt.rate)
        if key == "A":
            ws.write_string(row, 3, t.gettext("A client is in a class while the cumulative share of revenue of the larger "
                                              "clients before it is below its limit."), fmt.subtitle)
        limit_ref[key] = xl_rowcol_to_cell(row, 1, row_abs=True, col_abs=True)
        row += 1
    pieces = _drop_pieces(seg, d)
    below_ref: dict[str, str] = {}
    for what, kind, limit in pieces:
        if kind == "below":
            assert isinstance(limit, float)
            ws.write_string(row, 0, t.gettext("Drop {what}: the clients below an annual revenue of", what=what), fmt.label)
            ws.write_number(row, 1, limit, fmt.money_input if live else fmt.money)
            below_ref[what] = xl_rowcol_to_cell(row, 1, row_abs=True, col_abs=True)
            row += 1
    if not live:
        row += 1
        ws.write_string(row, 0, t.gettext(
            "Above {limit} clients the per-client table is left out: the tables below are values, not formulas.",
            limit=t.number(LIVE_LIMIT)), note)
        row += 1

    # Where the per-client table will be: below every summary table (their sizes are known now).
    summary_rows = 7 + (len(seg.bands) + 4) + (len(seg.columns) + 4 if seg.columns else 0) + (len(seg.abc) + 4) + \
        (15 if d is not None else 0)
    chart_row = row + summary_rows + 1
    top = chart_row + (CHART_ROWS + 2 if live else 0)
    cols = _columns(top + 1, seg, d is not None) if live else None

    def cell(r: int, c: int) -> str:
        return xl_rowcol_to_cell(r, c, row_abs=True, col_abs=True)

    # Totals.
    row += 1
    ws.write_string(row, 0, t.gettext("The client list"), fmt.section)
    row += 1
    total = {}
    totals: list[tuple[str, str, str | None, float, object]] = [
        ("clients", t.gettext("Clients"), f"=COUNT({cols.range(cols.revenue)})" if cols else None, seg.count, fmt.whole),
        ("revenue", t.gettext("Revenue"), f"=SUM({cols.range(cols.revenue)})" if cols else None, seg.revenue, fmt.money),
    ]
    for key, text, formula, value, total_format in totals:
        ws.write_string(row, 0, text, fmt.label)
        _put(ws, row, 1, formula, value, total_format)
        total[key] = cell(row, 1)
        row += 1
    ws.write_string(row, 0, t.gettext("Average check"), fmt.label)
    _put(ws, row, 1, f"={total['revenue']}/{total['clients']}" if cols else None, seg.avg_check, fmt.money)
    total["avg_check"] = cell(row, 1)
    row += 1
    if with_cost:
        ws.write_string(row, 0, t.gettext("Cost to serve"), fmt.label)
        assert seg.cost is not None and seg.contribution is not None
        _put(ws, row, 1, f"=SUM({cols.range(cols.cost)})" if cols and cols.cost is not None else None, seg.cost, fmt.money)
        total["cost"] = cell(row, 1)
        row += 1
        ws.write_string(row, 0, t.gettext("Contribution (revenue less the cost to serve)"), fmt.label)
        _put(ws, row, 1, f"={total['revenue']}-{total['cost']}" if cols else None, seg.contribution, fmt.money)
        total["contribution"] = cell(row, 1)
        row += 1

    # The segment tables.
    heads = ["segment", "from", "below", "clients", "share_clients", "revenue", "share_revenue", "avg_check"]
    if with_cost:
        heads += ["cost", "contribution", "per_client"]

    def table(title: str, segments: tuple[Segment, ...], criteria: Callable[[Segment, int], list[tuple[str, str]]],
              bounds: Callable[[Segment], tuple[tuple[str | None, float | None], tuple[str | None, float | None]]],
              bound_format: object, labelled: Callable[[Segment, int], str | None] = lambda s, r: None) -> int:
        nonlocal row
        row += 2
        ws.write_string(row, 0, title, fmt.section)
        row += 1
        for c, key in enumerate(heads):
            ws.write_string(row, c, t(HEADERS[key]), fmt.header)
        ws.set_row(row, 30)
        for s in segments:
            row += 1
            r = row
            label = labelled(s, r) if cols else None
            if label is None:
                ws.write_string(r, 0, s.name, fmt.label)
            else:
                ws.write_formula(r, 0, label, fmt.label, s.name)
            for c, (ref, value) in zip((1, 2), bounds(s)):
                if value is not None:
                    _put(ws, r, c, f"={ref}" if cols and ref else None, value, bound_format)
            here = {key: xl_rowcol_to_cell(r, 1 + i) for i, key in enumerate(heads[1:])}
            count_f = sum_f = cost_f = None
            if cols:
                tests = criteria(s, r)
                pairs = ",".join(f"{rng},{crit}" for rng, crit in tests)
                count_f = f"=COUNTIFS({pairs})"
                sum_f = f"=SUMIFS({cols.range(cols.revenue)},{pairs})"
                if cols.cost is not None:
                    cost_f = f"=SUMIFS({cols.range(cols.cost)},{pairs})"
            _put(ws, r, 3, count_f, s.clients, fmt.whole)
            _put(ws, r, 4, f"={here['clients']}/{total['clients']}" if cols else None, s.share_clients, fmt.rate)
            _put(ws, r, 5, sum_f, s.revenue, fmt.money)
            _put(ws, r, 6, f"={here['revenue']}/{total['revenue']}" if cols else None, s.share_revenue, fmt.rate)
            _put(ws, r, 7, f"=IF({here['clients']}>0,{here['revenue']}/{here['clients']},0)" if cols else None,
                 s.avg_check, fmt.money)
            if with_cost:
                assert s.cost is not None and s.contribution is not None
                _put(ws, r, 8, cost_f, s.cost, fmt.money)
                _put(ws, r, 9, f"={here['revenue']}-{here['cost']}" if cols else None, s.contribution,
                     red if s.contribution < 0 else fmt.money)
                per = s.contribution_per_client
                _put(ws, r, 10, f'=IF({here["clients"]}>0,{here["contribution"]}/{here["clients"]},"")' if cols else None,
                     "" if per is None else per, fmt.money)
        return row

    def band_criteria(s: Segment, r: int) -> list[tuple[str, str]]:
        assert cols is not None
        rng = cols.range(cols.revenue)
        out = []
        if s.low is not None:
            out.append((rng, f'">="&{xl_rowcol_to_cell(r, 1)}'))
        if s.high is not None:
            out.append((rng, f'"<"&{xl_rowcol_to_cell(r, 2)}'))
        return out or [(rng, '">0"')]

    def band_bounds(s: Segment) -> tuple[tuple[str | None, float | None], tuple[str | None, float | None]]:
        return ((threshold_ref.get(s.low) if s.low is not None else None, s.low),
                (threshold_ref.get(s.high) if s.high is not None else None, s.high))

    def band_label(s: Segment, r: int) -> str | None:
        """The band's name from its bounds' cells ("<"&…, …&"-"&…, "≥"&…), as `band_name` makes it."""
        if any(v is not None and v <= 0 for v in (s.low, s.high)) or (s.low is None and s.high is None):
            return None
        low, high = (short_formula(xl_rowcol_to_cell(r, c)) for c in (1, 2))
        if s.low is None:
            return f'="<"&{high}'
        if s.high is None:
            return f'="≥"&{low}'
        return f'={low}&"-"&{high}'

    table(t.gettext("Revenue bands: the clients whose annual revenue is from the first figure and below the second"),
          seg.bands, band_criteria, band_bounds, fmt.money, band_label)
    if seg.columns:
        numbers = {s.name: n for n, s in enumerate(seg.columns, start=1)}

        def column_criteria(s: Segment, r: int) -> list[tuple[str, str]]:
            # By the segment's number, not its name: a name criterion is read as a comparison (<VIP>, =x), as
            # wildcards (A*B, 50%?) in some engines and not in others, and without case (VIP and vip).
            assert cols is not None and cols.segment_no is not None
            return [(cols.range(cols.segment_no), str(numbers[s.name]))]

        table(t.gettext("The export's own segments"), seg.columns, column_criteria, lambda s: ((None, None), (None, None)), fmt.money)

    def abc_criteria(s: Segment, r: int) -> list[tuple[str, str]]:
        assert cols is not None
        return [(cols.range(cols.abc), xl_rowcol_to_cell(r, 0))]

    def abc_bounds(s: Segment) -> tuple[tuple[str | None, float | None], tuple[str | None, float | None]]:
        low = {"A": None, "B": ("A", abc_a), "C": ("B", abc_b)}[s.name]
        high = {"A": ("A", abc_a), "B": ("B", abc_b), "C": None}[s.name]
        return ((limit_ref[low[0]], low[1]) if low else (None, None), (limit_ref[high[0]], high[1]) if high else (None, None))

    table(t.gettext("ABC classes by cumulative revenue, largest clients first (the limits are shares of revenue)"),
          seg.abc, abc_criteria, abc_bounds, fmt.rate)

    drop_ref: dict[str, str] = {}
    if d is not None:
        drop_ref, row = _drop_block(ws, t, fmt, d, cols, total, row, template)

    if cols is not None:
        _client_table(ws, t, fmt, seg, cols, top, total, limit_ref, pieces, threshold_ref, below_ref)
        assert row < chart_row, (row, chart_row)
        ws.set_h_pagebreaks([chart_row - 1, top - 1])  # the tables, the charts, the clients: a page each
        _charts(book, ws, t, name, seg, cols, lang, anchor_row=chart_row, with_cost=with_cost)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    if cols is not None:
        ws.repeat_rows(top, top)
    sheet = quote_sheetname(name)
    qualified = {key: f"{sheet}!{ref}" for key, ref in drop_ref.items()}
    return SegmentsLayout(name, qualified.get("factor"), qualified.get("margin"), qualified)


def short_formula(ref: str) -> str:
    """`leverage.model.segments.short` as a formula over the amount in `ref` (above 0): 100000 as 100k, 1500000
    as 1.5M (three significant digits with a suffix), 950 as 950 (six below a thousand)."""
    def digits(value: str, significant: int) -> str:
        return f"ROUND({value},{significant - 1}-INT(LOG10({value})))"

    out = digits(ref, 6)
    for scale, suffix in (("1E3", "k"), ("1E6", "M"), ("1E9", "B")):
        out = f'IF({ref}>={scale},{digits(f"{ref}/{scale}", 3)}&"{suffix}",{out})'
    return f"({out})"


def _put(ws, row: int, col: int, formula: str | None, value: object, cell_format: object) -> None:
    """A formula with its computed value, or the value alone where the sheet is not live."""
    if formula is not None:
        ws.write_formula(row, col, formula, cell_format, value)
    elif isinstance(value, str):
        ws.write_string(row, col, value, cell_format)
    else:
        ws.write_number(row, col, value, cell_format)


def _drop_pieces(seg: Segmentation, d: Drop | None) -> list[tuple[str, str, object]]:
    """Each of the drop's parts as the sheet tests it: ("<100k", "below", 100000), ("C", "abc", "C"),
    ("<100k", "band", Segment) or ("малый", "segment", "малый"), in the order `leverage.drops.leaves` tries them."""
    if d is None:
        return []
    from ..drops import leaves

    out: list[tuple[str, str, object]] = []
    for what in d.parts or (d.what,):
        text = what.strip()
        band = next((b for b in seg.bands if b.name == text), None)
        if band is not None:
            out.append((what, "band", band))
        elif text.upper() in {s.name for s in seg.abc}:
            out.append((what, "abc", text.upper()))
        elif text in {s.name for s in seg.columns}:
            out.append((what, "segment", text))
        elif text.startswith("<"):
            from ..numbers import parse_number

            out.append((what, "below", parse_number(text[1:])))
        else:
            leaves(seg, what)  # raises the OptionError `leverage segments` gives
            raise ValueError(f"{what!r} is not a drop the sheet can show")
    return out


def _columns(first: int, seg: Segmentation, with_drop: bool) -> _Columns:
    col = iter(range(32))
    client, revenue = next(col), next(col)
    cost = next(col) if seg.cost is not None else None
    segment = next(col) if seg.columns else None
    cumulative, share_revenue, share_clients, abc = next(col), next(col), next(col), next(col)
    contribution = next(col) if seg.cost is not None else None
    cumulative_contribution = next(col) if seg.cost is not None else None
    dropped = next(col) if with_drop else None
    segment_no = next(col) if seg.columns else None
    return _Columns(first, first + seg.count - 1, client, revenue, cost, segment, cumulative, share_revenue,
                    share_clients, abc, contribution, cumulative_contribution, dropped, segment_no)


def _drop_block(ws, t: Translator, fmt: Formats, d: Drop, cols: _Columns | None, total: dict[str, str], row: int,
                template: tuple[float, float] | None) -> tuple[dict[str, str], int]:
    """The drop: who leaves, what is left, the factor; returns the cell of each figure, and the last row."""
    row += 2
    ws.write_string(row, 0, t.gettext("Dropping {what}", what=d.what), fmt.section)
    ref: dict[str, str] = {}

    def line(key: str, text: str, formula: str | None, value: object, number_format: object, why: str = "") -> None:
        nonlocal row
        row += 1
        ws.write_string(row, 0, text, fmt.label)
        _put(ws, row, 1, formula if cols is not None else None, value, number_format)
        if why:
            ws.write_string(row, 3, why, fmt.subtitle)
        ref[key] = xl_rowcol_to_cell(row, 1, row_abs=True, col_abs=True)

    flags = cols.range(cols.dropped) if cols is not None and cols.dropped is not None else ""
    revenues = cols.range(cols.revenue) if cols is not None else ""
    line("gone", t.gettext("Clients dropped"), f"=SUM({flags})", d.clients_dropped, fmt.whole)
    line("revenue_gone", t.gettext("Revenue dropped"), f"=SUMIFS({revenues},{flags},1)", d.revenue_dropped, fmt.money)
    line("clients", t.gettext("Clients left"), f"={total['clients']}-{ref.get('gone')}", d.clients, fmt.whole)
    line("revenue", t.gettext("Revenue left"), f"={total['revenue']}-{ref.get('revenue_gone')}", d.revenue, fmt.money)
    line("before", t.gettext("Average check before"), f"={total['avg_check']}", d.avg_check_before, fmt.money)
    line("after", t.gettext("Average check after"), f"={ref['revenue']}/{ref['clients']}", d.avg_check, fmt.money)
    line("factor", t.gettext("Average-check factor (after ÷ before)"), f"={ref['after']}/{ref['before']}",
         d.avg_check_factor, fmt.factor, t.gettext("B′'s average check is A's multiplied by this factor."))
    if d.cost_saved is not None:
        costs = cols.range(cols.cost) if cols is not None and cols.cost is not None else ""
        assert d.contribution_before is not None and d.contribution_after is not None
        line("saved", t.gettext("Cost saved"), f"=SUMIFS({costs},{flags},1)", d.cost_saved, fmt.money,
             t.gettext("The cost to serve that leaves with the clients (acquisition, service)."))
        line("contribution_before", t.gettext("Contribution before"), f"={total.get('contribution')}", d.contribution_before, fmt.money)
        line("contribution_after", t.gettext("Contribution after"),
             f"={ref['contribution_before']}-({ref['revenue_gone']}-{ref['saved']})", d.contribution_after, fmt.money)
        if template is not None:
            margin = d.margin(template[1], template[0])
            if margin is not None:
                # The export's proportions scaled to the template's revenue (leverage.model.segments.Drop.margin).
                scale = f"revenue/{total['revenue']}"
                line("margin", t.gettext("B′'s net margin after the drop"),
                     f"=(profit-{ref['revenue_gone']}*{scale}+{ref['saved']}*{scale})/(revenue-{ref['revenue_gone']}*{scale})",
                     margin, fmt.rate, t.gettext("(profit − dropped revenue + cost saved) ÷ (revenue − dropped revenue), "
                                                 "the export scaled to the template's revenue"))
        row += 1
        ws.write_string(row, 0, t.gettext(
            "Fixed costs spread over fewer clients do not leave with them: only the cost to serve is saved."), fmt.subtitle)
    return ref, row


def _client_table(ws, t: Translator, fmt: Formats, seg: Segmentation, cols: _Columns, top: int, total: dict[str, str],
                  limit_ref: dict[str, str], pieces: list[tuple[str, str, object]], threshold_ref: dict[float, str],
                  below_ref: dict[str, str]) -> None:
    """One row per client, largest revenue first (the ABC order): data, then one formula per column."""
    ws.write_string(top - 1, 0, t.gettext("The clients, largest revenue first"), fmt.section)
    heads = {cols.client: t.gettext("Client"), cols.revenue: t.gettext("Revenue"), cols.cumulative: t.gettext("Cumulative revenue"),
             cols.share_revenue: t.gettext("Cumulative % of revenue"), cols.share_clients: t.gettext("Cumulative % of clients"),
             cols.abc: t.gettext("ABC class")}
    if cols.cost is not None and cols.contribution is not None and cols.cumulative_contribution is not None:
        heads[cols.cost] = t.gettext("Cost to serve")
        heads[cols.contribution] = t.gettext("Contribution")
        heads[cols.cumulative_contribution] = t.gettext("Cumulative contribution")
    if cols.segment is not None:
        heads[cols.segment] = t.gettext("Segment")
    if cols.segment_no is not None:
        heads[cols.segment_no] = t.gettext("Segment no.")
    numbers = {s.name: n for n, s in enumerate(seg.columns, start=1)}
    if cols.dropped is not None:
        heads[cols.dropped] = t.gettext("Dropped (1 = yes)")
    for c, text in heads.items():
        ws.write_string(top, c, text, fmt.header)
    ws.set_row(top, 30)
    ranked = sorted(seg.clients, key=lambda c: (-c.revenue, c.name))
    a_limit, b_limit = limit_ref["A"], limit_ref["B"]
    header = xl_rowcol_to_cell(top, cols.client, row_abs=True, col_abs=True)
    running = 0.0
    running_contribution = 0.0
    n = len(ranked)
    for i, client in enumerate(ranked):
        r = cols.first + i
        at = lambda c, r=r: xl_rowcol_to_cell(r, c)  # noqa: E731
        above = lambda c, r=r: xl_rowcol_to_cell(r - 1, c)  # noqa: E731
        running += client.revenue
        ws.write_string(r, cols.client, client.name, fmt.text)
        ws.write_number(r, cols.revenue, client.revenue, fmt.money)
        if cols.cost is not None:
            ws.write_number(r, cols.cost, client.cost or 0.0, fmt.money)
        if cols.segment is not None:
            if client.segment is None:
                ws.write_blank(r, cols.segment, None, fmt.text)
            else:
                ws.write_string(r, cols.segment, client.segment, fmt.text)
        if cols.segment_no is not None and client.segment in numbers:
            ws.write_number(r, cols.segment_no, numbers[client.segment], fmt.whole)
        rev = at(cols.revenue)
        ws.write_formula(r, cols.cumulative, f"={rev}" if i == 0 else f"={above(cols.cumulative)}+{rev}", fmt.money, running)
        ws.write_formula(r, cols.share_revenue, f"={at(cols.cumulative)}/{total['revenue']}", fmt.rate, running / seg.revenue)
        # The client's place, counted from the header row, over the clients.
        ws.write_formula(r, cols.share_clients, f"=(ROW()-ROW({header}))/{total['clients']}", fmt.rate, (i + 1) / n)
        # The class is A while the cumulative share of revenue *before* the client is below the A limit.
        share_before = "0" if i == 0 else f"{above(cols.cumulative)}/{total['revenue']}"
        klass = seg.abc_class[client.name]
        ws.write_formula(r, cols.abc, f'=IF({share_before}<{a_limit},"A",IF({share_before}<{b_limit},"B","C"))', fmt.flag, klass)
        if cols.contribution is not None and cols.cumulative_contribution is not None and cols.cost is not None:
            contribution = client.revenue - (client.cost or 0.0)
            running_contribution += contribution
            ws.write_formula(r, cols.contribution, f"={rev}-{at(cols.cost)}", fmt.money, contribution)
            ws.write_formula(r, cols.cumulative_contribution, f"={at(cols.contribution)}" if i == 0 else
                             f"={above(cols.cumulative_contribution)}+{at(cols.contribution)}", fmt.money, running_contribution)
        if cols.dropped is not None:
            tests, gone = [], False
            for what, kind, value in pieces:
                test, hit = _drop_test(kind, value, client, klass, at, cols, threshold_ref, below_ref.get(what), numbers)
                tests.append(test)
                gone = gone or hit
            test = tests[0] if len(tests) == 1 else f"OR({','.join(tests)})"
            ws.write_formula(r, cols.dropped, f"=IF({test},1,0)", fmt.flag, 1 if gone else 0)


def _drop_test(kind: str, value: object, client: Client, klass: str, at: Callable[[int], str], cols: _Columns,
               threshold_ref: dict[float, str], below: str | None, numbers: dict[str, int]) -> tuple[str, bool]:
    """One part of the drop as a test on the client's row, and whether it holds for `client`."""
    rev = at(cols.revenue)
    if kind == "below":
        assert below is not None and isinstance(value, float | int)
        return f"{rev}<{below}", client.revenue < value
    if kind == "band":
        assert isinstance(value, Segment)
        parts, hit = [], True
        if value.low is not None:
            parts.append(f"{rev}>={threshold_ref[value.low]}")
            hit = hit and client.revenue >= value.low
        if value.high is not None:
            parts.append(f"{rev}<{threshold_ref[value.high]}")
            hit = hit and client.revenue < value.high
        return (parts[0] if len(parts) == 1 else f"AND({','.join(parts)})"), hit
    if kind == "abc":
        return f'{at(cols.abc)}="{value}"', klass == value
    # The export's segment by its number: a text comparison would not tell VIP from vip.
    assert cols.segment_no is not None
    return f'{at(cols.segment_no)}={numbers[str(value)]}', client.segment == value


def _charts(book: xlsxwriter.Workbook, ws, t: Translator, sheet: str, seg: Segmentation, cols: _Columns, lang: str,
            anchor_row: int, with_cost: bool) -> None:
    """The Pareto chart and, with a cost to serve, the whale curve, to the right of the tables."""
    first, last = cols.first, cols.last
    anchor_col = 0
    if seg.count <= PARETO_BARS:
        chart = book.add_chart({"type": "column"})
        chart.add_series({"name": t.gettext("Revenue"), "categories": [sheet, first, cols.client, last, cols.client],
                          "values": [sheet, first, cols.revenue, last, cols.revenue], "fill": {"color": "#2E75B6"}, "gap": 10})
        line = book.add_chart({"type": "line"})
        line.add_series({"name": t.gettext("Cumulative % of revenue"),
                         "categories": [sheet, first, cols.client, last, cols.client],
                         "values": [sheet, first, cols.share_revenue, last, cols.share_revenue],
                         "y2_axis": True, "line": {"color": "#C00000", "width": 2}})
        chart.combine(line)
        chart.set_x_axis({"name": t.gettext("Clients, largest revenue first"), "num_font": {"rotation": -45},
                          "label_position": "low"} if seg.count <= 30 else
                         {"name": t.gettext("Clients, largest revenue first"), "visible": False})
        line.set_y2_axis({"num_format": percent_format("0%", lang), "min": 0, "max": 1})
        chart.set_y_axis({"num_format": number_format("#,##0", lang)})
    else:
        chart = book.add_chart({"type": "scatter", "subtype": "straight"})
        chart.add_series({"name": t.gettext("Cumulative % of revenue"),
                          "categories": [sheet, first, cols.share_clients, last, cols.share_clients],
                          "values": [sheet, first, cols.share_revenue, last, cols.share_revenue],
                          "line": {"color": "#C00000", "width": 2}})
        chart.set_x_axis({"name": t.gettext("Cumulative % of clients"), "num_format": percent_format("0%", lang), "min": 0, "max": 1})
        chart.set_y_axis({"num_format": percent_format("0%", lang), "min": 0, "max": 1})
    chart.set_title({"name": t.gettext("Pareto: revenue by client and its cumulative share"), "name_font": {"size": 11}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 560, "height": 320})
    ws.insert_chart(xl_rowcol_to_cell(anchor_row, anchor_col), chart, {"object_position": 1})
    if with_cost and cols.cumulative_contribution is not None:
        whale = book.add_chart({"type": "scatter", "subtype": "straight"})
        whale.add_series({"name": t.gettext("Cumulative contribution"),
                          "categories": [sheet, first, cols.share_clients, last, cols.share_clients],
                          "values": [sheet, first, cols.cumulative_contribution, last, cols.cumulative_contribution],
                          "line": {"color": "#2E75B6", "width": 2}})
        whale.set_title({"name": t.gettext("Whale curve: cumulative contribution, largest clients first"), "name_font": {"size": 11}})
        whale.set_x_axis({"name": t.gettext("Cumulative % of clients"), "num_format": percent_format("0%", lang), "min": 0, "max": 1})
        whale.set_y_axis({"num_format": number_format("#,##0", lang)})
        whale.set_legend({"none": True})
        whale.set_size({"width": 560, "height": 320})
        ws.insert_chart(xl_rowcol_to_cell(anchor_row, anchor_col + 4), whale, {"object_position": 1, "x_offset": 40})


def segments_section(report: SegmentReport) -> Callable[[WorkbookContext], list[SummaryBlock]]:
    """The Segments sheet as a section of the scenario workbook. Where B′'s average check (and margin) is the
    drop's, the Inputs sheet's cell for it refers to the Segments sheet: the factor (the "× multiply" cell) and
    the margin the drop leaves (the "New value" cell). A lever the consultant set with --lever is left alone."""

    def section(ctx: WorkbookContext) -> list[SummaryBlock]:
        inputs = ctx.scenarios.inputs
        layout = write_segments(ctx.book, report, ctx.lang, ctx.fmt, currency=inputs.currency,
                                template=(inputs.revenue, inputs.profit))
        d = report.drop
        if d is None:
            return []
        changes = dict(ctx.scenarios.changes)
        ws = ctx.book.get_worksheet_by_name(ctx.inputs.sheet)
        check = changes.get("avg_check")
        if layout.factor and check is not None and check.set is None and check.add == 0 and check.multiply == d.avg_check_factor:
            ws.write_formula(_row_of(ctx.inputs.lever_a["avg_check"]), MULTIPLY_COL, f"={layout.factor}", ctx.fmt.factor,
                             d.avg_check_factor)
        margin = changes.get("margin")
        value = d.margin(inputs.profit, inputs.revenue)
        if layout.margin and margin is not None and value is not None and margin.set == value:
            ws.write_formula(_row_of(ctx.inputs.lever_a["margin"]), SET_COL, f"={layout.margin}", ctx.fmt.rate, value)
        t, cells = ctx.t, layout.drop
        rows = [(t.gettext("Clients dropped"), SummaryCell(d.clients_dropped, f"={cells['gone']}", "whole")),
                (t.gettext("Average check before"), SummaryCell(d.avg_check_before, f"={cells['before']}", "money")),
                (t.gettext("Average check after"), SummaryCell(d.avg_check, f"={cells['after']}", "money")),
                (t.gettext("Average-check factor (after ÷ before)"), SummaryCell(d.avg_check_factor, f"={cells['factor']}", "ratio"))]
        return [SummaryBlock(title=t.gettext("Dropping {what}: the client list's figures (Segments sheet)", what=d.what),
                             rows=tuple((label, (cell,)) for label, cell in rows))]

    return section


# The Inputs sheet's lever table: the "New value" and "× multiply" columns (see inputs_sheet.LEVER_HEADERS).
SET_COL, MULTIPLY_COL = 2, 3


def _row_of(reference: str) -> int:
    """The row of `Inputs!$B$25`."""
    return xl_cell_to_rowcol(reference.rpartition("!")[2])[0]


def write_segments_workbook(report: SegmentReport, path: Path | str, *, lang: str = "en", currency: str = "USD") -> None:
    """A workbook of its own holding the Segments sheet for `report` (overwriting `path`)."""
    from .page import finish_sheet
    from .styles import FIXED_CREATED, WORKBOOK_OPTIONS, make_formats

    t = translator(lang, currency)
    book = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    book.set_properties({"title": t.gettext("Segments of the client list {file}", file=report.source.name),
                         "created": FIXED_CREATED})
    fmt = make_formats(book, currency, lang)
    write_segments(book, report, lang, fmt, currency=currency)
    for ws in book.worksheets():
        finish_sheet(ws, "", lang)
    book.close()


__all__ = ["LIVE_LIMIT", "SegmentsLayout", "write_segments", "write_segments_workbook"]
