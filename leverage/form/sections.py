"""Reading the template's optional sections: cost structure, unit economics, channels, ranges.

Kept apart from `read` (which reads the core fields) and called from
`read_template` by one hook, `read_optional`. Every optional input is found by
its defined name like the core ones; a template written before these sections
existed has none of their names and reads exactly as before. Problems are
reported together with the core reader's, in the same `Sheet!Cell (metric):
expected ..., got ...` form, all at once. Each cell is read by `cells`, as the
core reader reads a cell of the same kind: the same typing is accepted and
refused with the same messages, formula results and warnings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell

from ..errors import FileFormatError, InputError, Notice, Problem
from ..i18n import Pct, _
from ..model.costs import cost_problems
from ..model.inputs import Acquisition, Channel, Costs, Inputs
from .cells import CellReader, Failed, Fmt, formulas_in, where
from .fields import OPTIONAL_FIELDS, RANGE_LEVERS, field
from .names import locate

_CHANNEL_FIGURES = ("spend", "contacts", "leads", "sales", "revenue")


def read_optional(workbook: Workbook, read_core: Callable[[], Inputs],
                  formulas: Mapping[tuple[str, str], str]) -> Inputs:
    """`read_core()`'s Inputs with the optional sections added; every problem and warning of both at once.

    `formulas` are the input cells that hold formulas, when `workbook` holds their
    saved results (see `optional_formulas`). A FileFormatError of the core reader
    passes through untouched.
    """
    problems: list[Problem] = []
    warnings: tuple[Notice, ...] = ()
    inputs: Inputs | None = None
    try:
        inputs = read_core()
    except FileFormatError:
        raise
    except InputError as exc:
        problems, warnings = list(exc.problems), exc.warnings
    reader = _OptionalReader(workbook, formulas)
    values = reader.read()
    problems += reader.problems
    if inputs is not None:
        reader.warnings.extend(reader.currency_warnings(inputs.currency))
    warnings = (*(inputs.warnings if inputs is not None else warnings), *reader.warnings)
    if inputs is not None and not problems:
        inputs = replace(inputs, **values, sources=inputs.sources + tuple(reader.sources), warnings=warnings)
        problems += cost_problems(inputs)
    if problems:
        raise InputError(problems, warnings=warnings)
    assert inputs is not None
    return inputs


def optional_formulas(workbook: Workbook) -> dict[tuple[str, str], str]:
    """The formulas in the optional input cells, by (sheet, cell): their values are in the saved results."""
    return _OptionalReader(workbook, {}).input_formulas()


class _OptionalReader(CellReader):
    """One pass over the optional sections of a loaded template."""

    def __init__(self, workbook: Workbook, formulas: Mapping[tuple[str, str], str]) -> None:
        super().__init__(formulas)
        self.workbook = workbook
        self.cells: dict[str, list[Cell]] = {}

    def read(self) -> dict[str, Any]:
        self.cells = self._locate_all()
        for name, cells in self.cells.items():
            self.sources.append((name, where(cells)))
        return {
            "costs": self._costs(),
            "acquisition": self._acquisition(),
            "channels": self._channels(),
            "ranges": self._ranges(),
            "market_size": self._number_of("market_size")[0],
            "industry": self._text_of("industry"),
            "monthly_revenue": self._monthly_revenue(),
            "owners": self._owners(),
        }

    def input_formulas(self) -> dict[tuple[str, str], str]:
        """The formulas in the optional input cells, by (sheet, cell)."""
        return formulas_in(self._locate_all().values())

    def _locate_all(self) -> dict[str, list[Cell]]:
        """The cells of each optional field the workbook names; a broken name is a problem."""
        located: dict[str, list[Cell]] = {}
        for spec in OPTIONAL_FIELDS:
            if spec.name not in self.workbook.defined_names:
                continue  # a template from before this section: nothing to read
            try:
                located[spec.name] = locate(self.workbook, spec)
            except InputError as exc:
                self.problems.extend(exc.problems)
        return located

    def _number_of(self, name: str) -> tuple[float | None, Cell | None]:
        """A one-cell number field: (value, cell); (None, cell) when blank or refused."""
        if name not in self.cells:
            return None, None
        cell = self.cells[name][0]
        value = self._scalar(field(name), cell)
        return (value if isinstance(value, float) else None), cell

    def _text_of(self, name: str) -> str:
        """A one-cell text field, spacing tidied ("" when blank, absent or refused)."""
        if name not in self.cells:
            return ""
        value = self._scalar(field(name), self.cells[name][0])
        return " ".join(value.split()) if isinstance(value, str) else ""

    # --- sections --------------------------------------------------------------------------------

    def _costs(self) -> Costs | None:
        share, share_cell = self._number_of("variable_share")
        per_employee, _cell = self._number_of("cost_per_employee")
        fixed, _cell = self._number_of("fixed_costs")
        if share is not None and share >= 1:
            self._problem(share_cell, field("variable_share"), _(
                "expected a share below 100 %: with every unit of revenue spent on variable costs, no sale "
                "contributes anything",
            ), share_cell.value if share_cell is not None else None)
            share = None
        if share is None and per_employee is None and fixed is None:
            return None
        return Costs(variable_share=share, cost_per_employee=per_employee, fixed_costs=fixed)

    def _acquisition(self) -> Acquisition | None:
        spend, spend_cell = self._number_of("acquisition_spend")
        months, months_cell = self._number_of("lifetime_months")
        churn, churn_cell = self._number_of("monthly_churn")
        if months is not None and churn is not None:
            assert churn_cell is not None and months_cell is not None
            self._problem(churn_cell, field("monthly_churn"), _(
                "expected either an average client lifetime ({cell}) or a monthly churn, not both: "
                "the lifetime is 1 / churn months", cell=where(months_cell)), churn_cell.value)
            return None
        if spend is None:
            given = (months_cell, _("expected the marketing and sales spend: the unit economics need it for the cost "
                                    "to acquire a client (an average client lifetime is given in {cell})",
                                    cell=where(months_cell) if months_cell else "")) if months is not None else (
                (churn_cell, _("expected the marketing and sales spend: the unit economics need it for the cost to "
                               "acquire a client (a monthly churn is given in {cell})",
                               cell=where(churn_cell) if churn_cell else "")) if churn is not None else None)
            if given is not None and spend_cell is not None and self._blank(spend_cell):
                self._problem(spend_cell, field("acquisition_spend"), given[1], None)
            return None
        return Acquisition(spend=spend, lifetime_months=months, monthly_churn=churn)

    def _channels(self) -> tuple[Channel, ...]:
        names = self.cells.get("channel_names")
        if names is None:
            return ()
        columns = {figure: self.cells.get(f"channel_{figure}") for figure in _CHANNEL_FIGURES}
        for figure, cells in columns.items():
            if cells is not None and len(cells) != len(names):
                self._problem(cells, field(f"channel_{figure}"), _(
                    "expected as many rows as channel_names ({cells}): one figure beside each channel",
                    cells=where(names)), has_seen=False)
                return ()
        channels: list[Channel] = []
        for i, name_cell in enumerate(names):
            name = self._scalar(field("channel_names"), name_cell)
            figures: dict[str, float | None] = {}
            failed = isinstance(name, Failed)
            for figure, cells in columns.items():
                value = None if cells is None else self._scalar(field(f"channel_{figure}"), cells[i])
                failed = failed or isinstance(value, Failed)
                figures[figure] = value if isinstance(value, float) else None
            if name == "" and any(v is not None for v in figures.values()):
                self._problem(name_cell, field("channel_names"), _(
                    "expected a name for channel {k}, which has figures", k=i + 1), None)
            elif isinstance(name, str) and name and not failed:
                channels.append(Channel(name, **figures))
                for figure, cells in columns.items():
                    if cells is not None:
                        self.sources.append((f"channel.{len(channels)}.{figure}", where(cells[i])))
        return tuple(channels)

    def _ranges(self) -> tuple[tuple[str, float, float], ...]:
        ranges: list[tuple[str, float, float]] = []
        for lever, _kind in RANGE_LEVERS:
            low, low_cell = self._number_of(f"range_{lever}_low")
            high, high_cell = self._number_of(f"range_{lever}_high")
            if low is None and high is None:
                continue
            if low is None or high is None:
                blank, other = ("low", high_cell) if low is None else ("high", low_cell)
                cell = low_cell if low is None else high_cell
                assert cell is not None and other is not None
                if self._blank(cell):  # a refused value is reported already
                    missing = _("expected the low end of the range as well: {lever} has only one end ({cell})",
                                lever=lever, cell=where(other)) if blank == "low" else \
                        _("expected the high end of the range as well: {lever} has only one end ({cell})",
                          lever=lever, cell=where(other))
                    self._problem(cell, field(f"range_{lever}_{blank}"), missing, None)
                continue
            if low > high:
                assert high_cell is not None
                self._problem(high_cell, field(f"range_{lever}_high"), _(
                    "expected at least the low end, {low} ({cell})",
                    low=Fmt(low) if low > 1 else Pct(low), cell=where(low_cell)), high_cell.value)
                continue
            ranges.append((lever, low, high))
            assert low_cell is not None and high_cell is not None
            self.sources.append((f"range.{lever}", f"{where(low_cell)}:{where(high_cell).split('!')[-1]}"))
        return tuple(ranges)

    def _monthly_revenue(self) -> tuple[float | None, ...]:
        """Last year's revenue of each calendar month (None where blank); empty without the range or when all blank."""
        cells = self.cells.get("monthly_revenue")
        if cells is None:
            return ()
        values = [self._scalar(field("monthly_revenue"), cell) for cell in cells]
        self.sources.extend((f"monthly_revenue.{k}", where(cell)) for k, cell in enumerate(cells, start=1))
        months = tuple(v if isinstance(v, float) else None for v in values)
        return months if any(v is not None for v in months) else ()

    def _owners(self) -> tuple[tuple[str, str], ...]:
        """The owners the template names, by owner key, whitespace collapsed; blank ones left out."""
        owners = []
        for spec in OPTIONAL_FIELDS:
            if spec.section == "plan" and spec.name.startswith("owner_") and spec.name in self.cells:
                name = self._scalar(spec, self.cells[spec.name][0])
                if isinstance(name, str) and name.split():
                    owners.append((spec.name.removeprefix("owner_"), " ".join(name.split())))
        return tuple(owners)
