"""The segmentation's arithmetic against a plain restatement of its rules, and how a segment column is read.

`segment` and `whale` work over arrays for speed; the reference below says the same rules one client at a time
(sorted on (-revenue, name), a running sum, a bisect per band), so any shortcut that changes a figure fails here."""

from __future__ import annotations

import bisect
import math

from hypothesis import given, settings
from hypothesis import strategies as st

import leverage
from leverage.model.segments import ABC_CLASSES, Client, band_name, segment, whale

# Few distinct revenues, so that ties (ranked by name) are common.
revenues = st.sampled_from([1.0, 2.5, 10.0, 99_999.99, 100_000.0, 250_000.0, 1e6, 3.3e6])
clients_lists = st.lists(
    st.tuples(revenues, st.sampled_from([0.0, 95_000.0, 2e5]), st.sampled_from([None, "Retail", "Опт"])),
    min_size=1, max_size=60)


def reference(clients, thresholds, limits):
    """The rules one client at a time: bands, ABC classes, the export's segments, the whale curve."""
    total = math.fsum(c.revenue for c in clients)
    in_band = [[] for _ in range(len(thresholds) + 1)]
    for c in clients:
        in_band[bisect.bisect_right(thresholds, c.revenue)].append(c)
    ranked = sorted(clients, key=lambda c: (-c.revenue, c.name))
    classes, running = {}, 0.0
    for c in ranked:
        share = running / total
        classes[c.name] = "A" if share < limits[0] else "B" if share < limits[1] else "C"
        running += c.revenue
    columns = {}
    for c in clients:
        if c.segment is not None:
            columns.setdefault(c.segment, []).append(c)
    contributions = sorted((c.revenue - c.cost for c in clients), reverse=True)
    sums, acc = [], 0.0
    for value in contributions:
        acc += value
        sums.append(acc)
    return in_band, classes, columns, sums


def figures(members, total_clients, total):
    revenue = math.fsum(c.revenue for c in members)
    cost = math.fsum(c.cost for c in members)
    return (len(members), revenue, len(members) / total_clients, revenue / total, cost, revenue - cost)


@settings(max_examples=200, deadline=None)
@given(clients_lists, st.sampled_from([(), (100_000.0,), (10.0, 1e6)]),
       st.sampled_from([(0.8, 0.95), (0.5, 0.9), (0.7, 0.71)]))
def test_segment_and_whale_follow_the_rules_client_by_client(rows, thresholds, limits):
    clients = [Client(f"c{i:02d}" if i % 3 else f"z{i:02d}", revenue, cost, label)
               for i, (revenue, cost, label) in enumerate(rows)]
    seg = segment(clients, bands=thresholds, abc=limits)
    in_band, classes, columns, sums = reference(clients, thresholds, limits)
    total = math.fsum(c.revenue for c in clients)
    edges = [None, *thresholds, None]
    assert [s.name for s in seg.bands] == [band_name(lo, hi) for lo, hi in zip(edges, edges[1:])]
    for band, members in zip(seg.bands, in_band):
        assert (band.clients, band.revenue, band.share_clients, band.share_revenue, band.cost, band.contribution) \
            == figures(members, len(clients), total)
    assert seg.abc_class == classes
    for klass in seg.abc:
        members = [c for c in clients if classes[c.name] == klass.name]
        assert (klass.clients, klass.revenue, klass.cost) == figures(members, len(clients), total)[:2] + \
            (figures(members, len(clients), total)[4],)
    assert [s.name for s in seg.abc] == list(ABC_CLASSES)
    assert [s.name for s in seg.columns] == list(columns)
    for column, members in zip(seg.columns, columns.values()):
        assert (column.clients, column.revenue, column.cost) == (len(members), math.fsum(c.revenue for c in members),
                                                                 math.fsum(c.cost for c in members))
    curve = whale(seg)
    assert curve is not None
    assert curve.total == math.fsum(c.revenue - c.cost for c in clients)
    best = max(range(len(sums)), key=lambda i: (sums[i], -i))
    if sums[best] > 0:
        assert (curve.clients_at_peak, curve.peak) == (best + 1, sums[best])
    else:
        assert (curve.clients_at_peak, curve.peak) == (0, 0.0)
    assert [p.contribution for p in curve.points] == [sums[p.clients - 1] if p.clients else 0.0 for p in curve.points]


def test_equal_revenues_are_ranked_by_name_for_the_abc_classes():
    # Four clients of 25 each: by name, the cumulative share before each is 0, 25, 50 and 75 %; with A under 50 %
    # and B under 70 %, alpha and beta are A, delta B and gamma C, whatever the order they come in.
    clients = [Client(name, 25.0) for name in ("delta", "beta", "alpha", "gamma")]
    seg = segment(clients, bands=(), abc=(0.5, 0.7))
    assert seg.abc_class == {"delta": "B", "beta": "A", "alpha": "A", "gamma": "C"}


def test_a_client_s_segment_is_the_one_on_its_first_row_of_the_year(tmp_path):
    # Acme was "Опт" the year before and is "Розница" from its first deal of the year analysed (2025-02-01 to
    # 2026-01-31); names and segments padded with spaces are the same; a blank segment is none.
    rows = ["Дата;Клиент;Сумма;Сегмент",
            "15.01.2025;Acme;100;Опт",
            "01.02.2025; Beta ;50; Опт ",
            "02.02.2025;Acme ;200;Розница",
            "03.02.2025;Gamma;70;",
            "04.02.2025;Acme;300;Опт",
            "31.01.2026;Beta;25;Розница"]
    path = tmp_path / "crm.csv"
    path.write_bytes("\r\n".join(rows).encode("cp1251"))
    report = leverage.segments(path)
    assert [(c.name, c.revenue, c.segment) for c in report.export.clients] == [
        ("Beta", 75.0, "Опт"), ("Acme", 500.0, "Розница"), ("Gamma", 70.0, None)]
    assert [(s.name, s.clients, s.revenue) for s in report.segmentation.columns] == [("Опт", 1, 75.0),
                                                                                     ("Розница", 1, 500.0)]


def test_amounts_read_cell_by_cell_keep_the_names_and_dates(tmp_path):
    # One amount with a currency sign takes the column off pandas' number parser; names and dates are still read
    # as categories and come out the same.
    rows = ["Клиент;Сумма;Дата", "Acme;1 000,50 ₽;01.03.2025", "Beta;200;02.03.2025", " Acme;-0,50;03.03.2025"]
    path = tmp_path / "crm.csv"
    path.write_text("\n".join(rows), encoding="utf-8")
    report = leverage.segments(path)
    assert [(c.name, c.revenue) for c in report.export.clients] == [("Acme", 1000.0), ("Beta", 200.0)]
    assert report.currency == "RUB"
    assert report.year is not None and report.year.purchases == 2
