"""What several test modules share: paths, filling a template, the cases and strategies more than one module uses.

Test modules import from here (and from the engine and corpus helper modules), never from one another.
`fill_template` is here rather than in the package: only the tests and `samples/make_samples.py` fill a
template from a dict of values.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import openpyxl

from leverage.fileio import write_atomically
from leverage.form.fields import field
from leverage.form.names import locate
from leverage.i18n import Text
from leverage.model.inputs import Costs, Inputs, Stage

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def fill_template(template: str | Path, output: str | Path, values: Mapping[str, Any], *,
                  force: bool = False) -> Path:
    """Copy `template` to `output` with `values` in its named input cells.

    `values` maps field names to values; a table field (funnel_stages,
    funnel_counts, lever_conversion_steps) takes a sequence filled from its first
    row. Text stays text even when it starts with "=". The template's names,
    validations and notes are kept. Used for the samples and in the tests.
    """
    workbook = openpyxl.load_workbook(template)
    for name, value in values.items():
        spec = field(name)
        cells = locate(workbook, spec)
        items = list(value) if spec.rows > 1 else [value]
        if len(items) > len(cells):
            raise ValueError(Text(f"{name}: {len(items)} values for {len(cells)} cells",
                                  f"{name}: значений {len(items)}, а ячеек {len(cells)}"))
        for cell, item in zip(cells, items):
            cell.value = item
            if isinstance(item, str):
                cell.data_type = "s"
    return write_atomically(output, workbook.save, force=force, inputs=(Path(template),))


def sample_templates(folder: Path = SAMPLES) -> list[Path]:
    """The filled templates in `folder`: every workbook but what `leverage solve` writes beside them.

    The Quickstart's first command writes `samples/worked-example.leverage.xlsx`; that output is no sample.
    """
    return sorted(path for path in folder.glob("*.xlsx")
                  if not path.name.endswith(".leverage.xlsx") and not path.name.startswith(("~$", ".~lock")))


def points_table(path, sheet="Points"):
    """{label: [A, B, B', B'']} for the exact figures and, under 'whole:', the whole units."""
    ws = openpyxl.load_workbook(path, data_only=True)[sheet]
    table, prefix = {}, ""
    for row in ws.iter_rows(min_row=4, max_col=5, values_only=True):
        label = row[0]
        if label is None:
            continue
        if label.startswith(("Whole units", "В целых единицах")):
            prefix = "whole:"
        table.setdefault(prefix + label, list(row[1:5]))
    return table


def template_values(inputs: Inputs) -> dict:
    """The template cells that hold `inputs` (lever changes aside)."""
    return {
        "company": inputs.company, "currency": inputs.currency, "lang": inputs.lang,
        "revenue": inputs.revenue, "profit": inputs.profit, "headcount": inputs.headcount,
        "clients_start": inputs.clients_start, "clients_new": inputs.clients_new,
        "clients_lost": inputs.clients_lost, "target_profit": inputs.target_profit,
        "funnel_stages": [stage.name for stage in inputs.funnel],
        "funnel_counts": [stage.count for stage in inputs.funnel],
    }


def describe(path):
    """What a workbook shows a user, read back with openpyxl: never raw bytes."""
    wb = openpyxl.load_workbook(path)
    sheets = {}
    for ws in wb.worksheets:
        cells = [cell for row in ws.iter_rows() for cell in row]
        sheets[ws.title] = {
            "values": {c.coordinate: (c.value, c.number_format) for c in cells if c.value is not None},
            "notes": {c.coordinate: c.comment.text for c in cells if c.comment},
            "validations": sorted(
                (str(v.sqref), v.type, v.operator, v.formula1, v.allow_blank, v.showInputMessage,
                 v.promptTitle, v.prompt, v.showErrorMessage, v.errorTitle, v.error)
                for v in ws.data_validations.dataValidation
            ),
            "inputs": {c.coordinate: (c.fill.fgColor.rgb, c.font.color.rgb) for c in cells if not c.protection.locked},
            "freeze": ws.freeze_panes,
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "widths": {key: dim.width for key, dim in ws.column_dimensions.items()},
            "print": (ws.page_setup.orientation, ws.page_setup.fitToWidth, ws.page_setup.fitToHeight,
                      ws.sheet_properties.pageSetUpPr.fitToPage),
        }
    return {"names": {name: d.value for name, d in wb.defined_names.items()}, "sheets": sheets}


def without_values(description):
    return {
        "names": description["names"],
        "sheets": {title: {k: v for k, v in sheet.items() if k != "values"}
                   for title, sheet in description["sheets"].items()},
    }


def channel_inputs(*channels, variable_share=None, leads=300):
    return Inputs(revenue=1_000_000, profit=100_000, headcount=10, clients_start=50, clients_new=60, clients_lost=10,
                  funnel=(Stage("Leads", leads), Stage("Paid", 60)), channels=channels,
                  costs=Costs(variable_share=variable_share), sources=(("funnel.1", "Inputs!C24"),))


# The CLI tests of the optional sections, and the Russian runs of the same cases.
EN = ROOT / "templates" / "leverage-template-en.xlsx"


SAMPLE = ROOT / "samples" / "channels-example.xlsx"


TALK_CASE = {
    # The talk (0:56): a 2,500-a-month tariff, about 6 months to pay back the acquisition, 4 months of lifetime.
    "company": "Messaging platform, small clients", "currency": "RUB",
    "revenue": 1_500_000, "profit": 150_000, "headcount": 4,  # 375,000 RUB a head: a plausible small team
    "clients_start": 150, "clients_new": 100, "clients_lost": 200,
    "funnel_stages": ["Leads", "Paid"], "funnel_counts": [2_000, 100], "target_profit": 300_000,
    "variable_share": "0%", "acquisition_spend": 1_500_000, "lifetime_months": 4,
}


BOOK_CHANNELS = {
    "channel_names": ["Vestnik glamura", "Provincial shopping", "Holiday promotion", "Glamour magazine"],
    "channel_spend": [None, None, 15_000, 12_500],
    "channel_contacts": [10_000, 7_000, None, None],
    "channel_leads": [80, 84, 150, None],
    "channel_sales": [25, 50, None, 40],
    "channel_revenue": [75_000, 150_000, None, 120_000],
}


WORKED = {
    "revenue": 5_880_000, "profit": 558_000, "headcount": 83, "clients_start": 52, "clients_new": 37,
    "clients_lost": 22, "funnel_stages": ["Leads", "Proposals", "Paid"], "funnel_counts": [5_300, 1_850, 37],
    "target_profit": 1_200_000,
}


#: A small, plainly sound client of the English template (two funnel stages), for tests that need a second client
#: beside the samples: the portfolio's.
SECOND_CLIENT = {
    "company": "Second client",
    "revenue": 2_000_000,
    "profit": 200_000,
    "headcount": 20,
    "clients_start": 40,
    "clients_new": 20,
    "clients_lost": 10,
    "funnel_stages": ["Leads", "Paid"],
    "funnel_counts": [1_000, 20],
    "target_profit": 300_000,
}
