"""The four funnels of the Charts sheet share one scale: a stage is as wide as its count on every chart."""

import re
import zipfile

import openpyxl
import pytest

from leverage.changes import parse_change
from leverage.model.solve import solve
from leverage.workbook import write_workbook


def funnel_series(path):
    """[(series values range, whether the series is filled)] of each funnel chart, in the order they are drawn."""
    with zipfile.ZipFile(path) as z:
        charts = []
        for name in sorted((n for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n)),
                           key=lambda n: int(re.search(r"\d+", n).group())):
            xml = z.read(name).decode()
            if "<c:barDir val=\"bar\"/>" in xml and "<c:grouping val=\"stacked\"/>" in xml:
                series = re.findall(r"<c:ser>.*?</c:ser>", xml, re.DOTALL)
                charts.append([(re.search(r"<c:val><c:numRef><c:f>([^<]+)</c:f>", s).group(1),
                                re.search(r"<c:spPr>(<a:\w+)", s).group(1) == "<a:solidFill") for s in series])
    return charts


@pytest.mark.parametrize(("lang", "changes"), [
    ("en", [("avg_check", "x2")]),
    ("ru", [("retention", "+30pp")]),  # B′ and B″ infeasible: their funnels are empty, A and B keep the scale
    ("en", [("conversion", "x0.5")]),  # B″ has fewer leads than A
])
def test_every_stage_of_every_funnel_spans_the_widest_stage_of_all(tmp_path, worked_example, lang, changes):
    out = tmp_path / "out.xlsx"
    write_workbook(solve(worked_example, changes=[(lever, parse_change(lever, text)) for lever, text in changes]), out,
                   lang=lang)
    charts = funnel_series(out)
    assert len(charts) == 4
    book = openpyxl.load_workbook(out, data_only=True)

    def values(ref):
        sheet, cells = ref.rsplit("!", 1)
        return [row[0].value for row in book[sheet.strip("'")][cells.replace("$", "")]]

    totals, stages = set(), []
    for (before, before_filled), (bars, bars_filled), (after, after_filled) in charts:
        assert (before_filled, bars_filled, after_filled) == (False, True, False)  # only the stages show
        assert after == before  # the same half gap on both sides: the funnel is centred
        gaps, counts = values(before), values(bars)
        stages += counts
        if all(value is None for value in counts):  # an infeasible point draws nothing
            assert all(gap is None for gap in gaps)
            continue
        totals |= {round(2 * gap + count, 6) for gap, count in zip(gaps, counts)}
    assert totals == {max(count for count in stages if count is not None)}
