"""Reading the template's optional sections: cost structure, unit economics, channels, ranges.

Kept apart from `reader` (which reads the core fields) and called from
`read_template` by one hook, `read_optional`. Every optional input is found by
its defined name like the core ones; a template written before these sections
existed has none of their names and reads exactly as before. Problems are
reported together with the core reader's, in the same `Sheet!Cell (metric):
expected ..., got ...` form, all at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from ._openpyxl import Cell, Workbook
from .costs import cost_problems
from .errors import FileFormatError, InputError, Notice, Problem
from .fields import OPTIONAL_FIELDS, RANGE_LEVERS, Field, field
from .model import Acquisition, Channel, Costs, Inputs
from .numbers import NumberFormatError, parse_number, parse_rate
from .reader import locate

_CHANNEL_FIGURES = ("spend", "contacts", "leads", "sales", "revenue")


class _Failed:
    """The value of a cell whose problem has been reported."""


FAILED = _Failed()


def read_optional(workbook: Workbook, read_core: Callable[[], Inputs], load_results: Callable[[], Workbook]) -> Inputs:
    """`read_core()`'s Inputs with the optional sections added; every problem of both at once.

    `load_results` opens the workbook with formula results (for formula cells).
    A FileFormatError of the core reader passes through untouched.
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
    reader = _OptionalReader(workbook, load_results)
    values = reader.read()
    problems += reader.problems
    if inputs is not None and not problems:
        inputs = replace(inputs, **values, sources=inputs.sources + tuple(reader.sources))
        problems += cost_problems(inputs)
    if problems:
        raise InputError(problems, warnings=inputs.warnings if inputs is not None else warnings)
    assert inputs is not None
    return inputs


def _where(cells: list[Cell] | Cell) -> str:
    if isinstance(cells, list):
        first, last = cells[0], cells[-1]
        span = first.coordinate if first is last else f"{first.coordinate}:{last.coordinate}"
        return f"{first.parent.title}!{span}"
    return f"{cells.parent.title}!{cells.coordinate}"


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


class _OptionalReader:
    def __init__(self, workbook: Workbook, load_results: Callable[[], Workbook]) -> None:
        self.workbook = workbook
        self._load_results = load_results
        self._results: Workbook | None = None
        self.problems: list[Problem] = []
        self.sources: list[tuple[str, str]] = []
        self.cells: dict[str, list[Cell]] = {}

    def read(self) -> dict[str, Any]:
        for spec in OPTIONAL_FIELDS:
            if spec.name not in self.workbook.defined_names:
                continue  # a template from before this section: nothing to read
            try:
                self.cells[spec.name] = locate(self.workbook, spec)
            except InputError as exc:
                self.problems.extend(exc.problems)
                continue
            self.sources.append((spec.name, _where(self.cells[spec.name])))
        return {
            "costs": self._costs(),
            "acquisition": self._acquisition(),
            "channels": self._channels(),
            "ranges": self._ranges(),
        }

    # --- cells -----------------------------------------------------------------------------------

    def _problem(self, cell: Cell | list[Cell], spec: Field, expected: str, seen: object = None,
                 *, has_seen: bool = True) -> _Failed:
        self.problems.append(Problem(_where(cell), spec.name, expected, seen, has_seen))
        return FAILED

    def _raw(self, spec: Field, cell: Cell) -> object:
        """The cell's value (a formula's saved result); None if blank, FAILED once reported."""
        value = cell.value
        if cell.data_type == "f":
            if self._results is None:
                self._results = self._load_results()
            result = self._results[cell.parent.title][cell.coordinate]
            if result.value is None:
                return self._problem(cell, spec, "expected a value, but the cell holds a formula with no saved "
                                     "result; open and save it in Excel or LibreOffice, or type the value", value)
            cell, value = result, result.value
        if cell.data_type == "e":
            return self._problem(cell, spec, "expected a value, not an error", value)
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def _value(self, spec: Field, cell: Cell) -> float | str | None | _Failed:
        """A cell of the field's kind: text, an amount, a whole count, a number or a share; None if blank."""
        raw = self._raw(spec, cell)
        if raw is None or isinstance(raw, _Failed):
            return raw
        if spec.kind == "text":
            return str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw).strip()
        what = {
            "money": "an amount", "count": "a whole number", "number": "a number", "rate": "a percentage",
        }[spec.kind]
        what = f"{what} above 0" if spec.positive else f"{what} of 0 or more"
        if spec.kind == "rate":
            what = "a percentage above 0 % and up to 100 %" if spec.positive else "a percentage from 0 % to 100 %"
        if isinstance(raw, bool):
            return self._problem(cell, spec, f"expected {what}, not a yes/no value", raw)
        if isinstance(raw, (dt.datetime, dt.date, dt.time, dt.timedelta)):
            return self._problem(cell, spec, f"expected {what}, not a date (set the cell's format to Number)", raw)
        if not isinstance(raw, (str, int, float)):
            return self._problem(cell, spec, f"expected {what}", raw)
        try:
            value = parse_rate(raw)[0] if spec.kind == "rate" else parse_number(raw)
        except NumberFormatError as exc:
            detail = str(exc)
            detail = f": {detail[len('expected '):]}" if detail.startswith("expected ") else f"; the text {detail}"
            return self._problem(cell, spec, f"expected {what}{detail}", raw)
        if spec.kind == "count" and not value.is_integer():
            return self._problem(cell, spec, f"expected {what}", raw)
        if value < 0 or (spec.positive and value == 0) or (spec.kind == "rate" and value > 1):
            return self._problem(cell, spec, f"expected {what}", raw)
        return value

    def _scalar(self, name: str) -> tuple[float | None, Cell | None]:
        """A one-cell number field: (value, cell); (None, cell) when blank or refused."""
        if name not in self.cells:
            return None, None
        spec, cell = field(name), self.cells[name][0]
        value = self._value(spec, cell)
        return (value if isinstance(value, float) else None), cell

    # --- sections --------------------------------------------------------------------------------

    def _costs(self) -> Costs | None:
        share, share_cell = self._scalar("variable_share")
        per_employee, _ = self._scalar("cost_per_employee")
        fixed, _ = self._scalar("fixed_costs")
        if share is not None and share >= 1:
            self._problem(share_cell, field("variable_share"), "expected a share below 100 %: with every unit of "
                          "revenue spent on variable costs, no sale contributes anything", share_cell.value)
            share = None
        if share is None and per_employee is None and fixed is None:
            return None
        return Costs(variable_share=share, cost_per_employee=per_employee, fixed_costs=fixed)

    def _acquisition(self) -> Acquisition | None:
        spend, spend_cell = self._scalar("acquisition_spend")
        months, months_cell = self._scalar("lifetime_months")
        churn, churn_cell = self._scalar("monthly_churn")
        if months is not None and churn is not None:
            assert churn_cell is not None and months_cell is not None
            self._problem(churn_cell, field("monthly_churn"), "expected either an average client lifetime "
                          f"({_where(months_cell)}) or a monthly churn, not both: the lifetime is 1 / churn months",
                          churn_cell.value)
            return None
        if spend is None:
            given = (months_cell, "an average client lifetime") if months is not None else (
                (churn_cell, "a monthly churn") if churn is not None else None)
            if given is not None and spend_cell is not None and spend_cell.value in (None, ""):
                self._problem(spend_cell, field("acquisition_spend"), "expected the marketing and sales spend: the "
                              f"unit economics need it for the cost to acquire a client ({given[1]} is given in "
                              f"{_where(given[0])})", None)
            return None
        return Acquisition(spend=spend, lifetime_months=months, monthly_churn=churn)

    def _channels(self) -> tuple[Channel, ...]:
        names = self.cells.get("channel_names")
        if names is None:
            return ()
        columns = {figure: self.cells.get(f"channel_{figure}") for figure in _CHANNEL_FIGURES}
        for figure, cells in columns.items():
            if cells is not None and len(cells) != len(names):
                self._problem(cells, field(f"channel_{figure}"), f"expected as many rows as channel_names "
                              f"({_where(names)}): one figure beside each channel", has_seen=False)
                return ()
        channels: list[Channel] = []
        for i, name_cell in enumerate(names):
            name = self._value(field("channel_names"), name_cell)
            figures: dict[str, float | None] = {}
            failed = isinstance(name, _Failed)
            for figure, cells in columns.items():
                value = None if cells is None else self._value(field(f"channel_{figure}"), cells[i])
                failed = failed or isinstance(value, _Failed)
                figures[figure] = value if isinstance(value, float) else None
            if name is None and any(v is not None for v in figures.values()):
                self._problem(name_cell, field("channel_names"), f"expected a name for channel {i + 1}, "
                              "which has figures", None)
            elif isinstance(name, str) and not failed:
                channels.append(Channel(name, **figures))
                for figure, cells in columns.items():
                    if cells is not None:
                        self.sources.append((f"channel.{len(channels)}.{figure}", _where(cells[i])))
        return tuple(channels)

    def _ranges(self) -> tuple[tuple[str, float, float], ...]:
        ranges: list[tuple[str, float, float]] = []
        for lever, _ in RANGE_LEVERS:
            low, low_cell = self._scalar(f"range_{lever}_low")
            high, high_cell = self._scalar(f"range_{lever}_high")
            if low is None and high is None:
                continue
            if low is None or high is None:
                blank, other = ("low", high_cell) if low is None else ("high", low_cell)
                cell = low_cell if low is None else high_cell
                assert cell is not None and other is not None
                if cell.value in (None, ""):  # a refused value is reported already
                    self._problem(cell, field(f"range_{lever}_{blank}"), f"expected the {blank} end of the range "
                                  f"as well: {lever} has only one end ({_where(other)})", None)
                continue
            if low > high:
                assert high_cell is not None
                self._problem(high_cell, field(f"range_{lever}_high"), f"expected at least the low end, "
                              f"{_fmt(low) if low > 1 else f'{low:.2%}'} ({_where(low_cell)})", high_cell.value)
                continue
            ranges.append((lever, low, high))
            assert low_cell is not None and high_cell is not None
            self.sources.append((f"range.{lever}", f"{_where(low_cell)}:{_where(high_cell).split('!')[-1]}"))
        return tuple(ranges)
