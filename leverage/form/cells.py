"""Reading one input cell: its value, converted by its field's kind, with every problem and warning.

Shared by `read` (the core fields) and `sections` (the optional
sections), so that a cell of one kind accepts and refuses the same things, with
the same messages and warnings, wherever it is. A formula's saved result is its
value; numbers typed as text are read by `numbers` (the command line's parser);
a bare 1 in a rate is read as 100 % with a warning; dates are refused; control
characters are taken out of text.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles.numbers import is_date_format

from ..changes import ambiguous_share
from ..errors import Notice, Problem, printable
from ..i18n import Message, Translator, _, number
from ..model.checks import LARGER_THAN_ANY_BUSINESS, too_large
from ..numbers import Amount, NumberFormatError, other_currency, parse_amount, parse_rate
from .fields import Field

T = TypeVar("T")

# Why a value must be above 0, where the bare rule would not tell a consultant enough.
_ABOVE_ZERO = {
    "profit": _(
        "expected a profit above 0: at a margin (profit / revenue) of 0 or below every extra sale "
        "adds to the loss, so scaling the business multiplies the loss instead of reaching a profit; "
        "fix the margin first (prices, costs, clients that cost more than they pay)"),
    "funnel_counts": _(
        "expected a whole number above 0: every stage must have been reached by someone (leave unused rows blank)"),
}

# What a number field takes, by its kind and whether it must be above 0.
_EXPECTED = {
    ("rate", True): _("expected a percentage above 0 % and up to 100 %"),
    ("rate", False): _("expected a percentage from 0 % to 100 %"),
    ("count", True): _("expected a whole number above 0"),
    ("count", False): _("expected a whole number of 0 or more"),
    ("number", True): _("expected a number above 0"),
    ("number", False): _("expected a number of 0 or more"),
    ("amount", True): _("expected an amount above 0"),
    ("amount", False): _("expected an amount of 0 or more"),
}

_DOT_GROUPED = re.compile(r"(\d{1,3})\.(\d{3})")


# openpyxl turns a number in a date-formatted cell that no date can show (5880000 formatted dd.mm.yyyy,
# which Excel shows as ####) into the error "#VALUE!", and says so only in a warning: "Cell C10 is marked
# as a date but the serial value 5880000 is outside the limits for dates". The numbers, by workbook and cell.
_OVERFLOW = re.compile(r"Cell (?P<cell>[A-Z]{1,3}\d+) is marked as a date but the serial value (?P<value>\S+) is outside")
_DATE_OVERFLOWS: weakref.WeakKeyDictionary[Workbook, dict[str, str]] = weakref.WeakKeyDictionary()


def remember_date_overflows(workbook: Workbook, messages: Iterable[str]) -> None:
    """Keep the numbers openpyxl's loading warnings name for date-formatted cells it made "#VALUE!"."""
    found = {m["cell"]: m["value"] for m in map(_OVERFLOW.match, messages) if m}
    if found:
        _DATE_OVERFLOWS[workbook] = found


def _date_overflow(cell: Cell) -> float | None:
    """The number in a date-formatted cell that openpyxl read as "#VALUE!", or None."""
    if cell.value != "#VALUE!" or not is_date_format(cell.number_format):
        return None
    typed = _DATE_OVERFLOWS.get(cell.parent.parent, {}).get(cell.coordinate)
    try:
        return float(typed) if typed is not None else None
    except ValueError:
        return None


class Failed:
    """The value of a cell whose problem has already been reported."""


FAILED = Failed()


def where(cells: list[Cell] | Cell) -> str:
    """`Inputs!C7`, or `Inputs!C20:C27` for a column of cells."""
    if isinstance(cells, list):
        first, last = cells[0], cells[-1]
        span = first.coordinate if first is last else f"{first.coordinate}:{last.coordinate}"
        return f"{first.parent.title}!{span}"
    return f"{cells.parent.title}!{cells.coordinate}"


def fmt(value: float, lang: str = "en") -> str:
    """5,300 or 4.50, for a message; 5 300 or 4,50 in Russian."""
    return number(value, 0 if float(value).is_integer() else 2, lang)


class Fmt:
    """A figure as `fmt` writes it (5,300 or 4.50), in the language of the message that carries it."""

    def __init__(self, value: float) -> None:
        self.value = value

    def in_language(self, tr: Translator) -> str:
        return fmt(self.value, tr.lang)

    def __str__(self) -> str:
        return fmt(self.value)


def formulas_in(located: Iterable[list[Cell]]) -> dict[tuple[str, str], str]:
    """The formulas in these input cells, by (sheet, cell): their values are in the saved results."""
    return {(cell.parent.title, cell.coordinate): str(cell.value)
            for cells in located for cell in cells if cell.data_type == "f"}


def shown_as_percent(cell: Cell, raw: object) -> bool:
    """A number in a cell formatted as percent: Excel stores a typed 18% as 0.18 and shows it so."""
    return isinstance(raw, (int, float)) and not isinstance(raw, bool) and "%" in cell.number_format


def expecting(spec: Field) -> Message:
    """What a number field takes: `expected a whole number above 0`, `expected a percentage from 0 % to 100 %`."""
    kind = spec.kind if spec.kind in ("rate", "count", "number") else "amount"
    return _EXPECTED[kind, bool(spec.positive)]


def unreadable(spec: Field, exc: NumberFormatError) -> Message:
    """What a field takes, with why the text typed is not a number (the parser's message).

    `expected a number ...` joins as `expected an amount above 0: a number ...`;
    any other reason as `expected an amount above 0; the text is a date, ...`.
    """
    if exc.clause is not None:
        return _("{expected}: {clause}", expected=expecting(spec), clause=exc.clause)
    return _("{expected}; the text {reason}", expected=expecting(spec), reason=exc.message)


class CellReader:
    """Reads input cells one at a time, collecting their problems, warnings and sources."""

    def __init__(self, formulas: Mapping[tuple[str, str], str] | None = None) -> None:
        """`formulas` are the input cells that hold formulas, when the workbook holds their saved results."""
        self.formulas = formulas or {}
        self.problems: list[Problem] = []
        self.warnings: list[Notice] = []
        self.sources: list[tuple[str, str]] = []
        # The amounts typed with a currency sign or code ($5,880,000): the cell, its field, the amount.
        self.currencies: list[tuple[Cell, Field, Amount]] = []

    def currency_warnings(self, currency: str) -> list[Notice]:
        """A warning for each amount whose sign or code names another currency than the template's: the
        figure is read as it stands, in the template's currency, which may not be what was meant."""
        return [self._other_currency(cell, spec, amount, currency)
                for cell, spec, amount in self.currencies if amount.currency != currency]

    @staticmethod
    def _other_currency(cell: Cell, spec: Field, amount: Amount, currency: str) -> Notice:
        return Notice(where(cell), spec.name, other_currency(amount.sign, amount.currency or currency, currency))

    def _problem(self, cell: Cell | list[Cell], spec: Field, expected: Message, seen: object = None,
                 *, has_seen: bool = True) -> Failed:
        self.problems.append(Problem(where(cell), spec.name, expected, seen, has_seen))
        return FAILED

    def _raw(self, spec: Field, cell: Cell) -> object:
        """The cell's value (a formula's saved result); None if blank, FAILED once reported."""
        value = cell.value
        formula = self.formulas.get((cell.parent.title, cell.coordinate))
        if formula is not None and value is None:
            return self._problem(
                cell, spec,
                _("expected a value, but the cell holds a formula with no saved result (the file was "
                  "written by a program that does not calculate); open and save it in Excel or "
                  "LibreOffice, or type the value"),
                formula,
            )
        if cell.data_type == "e" and (serial := _date_overflow(cell)) is not None:
            return self._problem(cell, spec, _(
                "{expected}, not a number in a cell formatted as a date ({format}), which shows it as ####; "
                "set the cell's format to Number", expected=expecting(spec), format=cell.number_format), serial)
        if cell.data_type == "e":
            return self._problem(cell, spec, _("expected a value, not an error"),
                                 value)
        if isinstance(value, str) and not value.strip():
            return None
        return value

    def _blank(self, cell: Cell) -> bool:
        """Whether the cell is blank: not a refused value, nor a formula without a result."""
        value = cell.value
        return (value is None or isinstance(value, str) and not value.strip()) and (
            (cell.parent.title, cell.coordinate) not in self.formulas)

    def _scalar(self, spec: Field, cell: Cell) -> str | float | None | Failed:
        """A cell of the field's kind: text ("" if blank), a choice, an amount, a count, a number or a share."""
        if spec.choices:
            return self._choice(spec, cell)
        if spec.kind == "text":
            return self._text(spec, cell)
        if spec.kind == "rate":
            return self._rate(spec, cell)
        return self._number(spec, cell, required=spec.required)

    def _text(self, spec: Field, cell: Cell) -> str | Failed:
        """Text as typed ("" if blank); a number is its digits, a leading "=" is just text."""
        raw = self._raw(spec, cell)
        if raw is None or isinstance(raw, Failed):
            return "" if raw is None else raw
        if isinstance(raw, float) and raw.is_integer():
            return str(int(raw))
        return printable(str(raw))

    def _choice(self, spec: Field, cell: Cell) -> str | Failed:
        raw = self._raw(spec, cell)
        if raw is None:
            return spec.choices[0]
        if isinstance(raw, Failed):
            return raw
        for choice in spec.choices:
            if str(raw).strip().lower() == choice.lower():
                return choice
        *first, last = spec.choices
        return self._problem(cell, spec, _("expected one of {first}, {last}", first=", ".join(first), last=last), raw)

    def _number(self, spec: Field, cell: Cell, *, required: bool) -> float | None | Failed:
        """A money amount, whole count or number, checked against the field's kind; None if blank."""
        raw = self._raw(spec, cell)
        if raw is None:
            return self._problem(cell, spec, expecting(spec), None) if required else None
        if isinstance(raw, Failed):
            return raw
        amount = self._parse(spec, cell, raw, lambda typed: parse_amount(typed, whole=spec.kind == "count"))
        if isinstance(amount, Failed):
            return amount
        value = amount.value
        if amount.currency is not None and spec.kind == "money":
            self.currencies.append((cell, spec, amount))
        if spec.kind == "count" and not value.is_integer():
            if isinstance(raw, str) and (grouped := _DOT_GROUPED.fullmatch(raw.strip())):
                # "5.300" is 5.3 in English notation and impossible as a count; say how to write 5300.
                digits = grouped[1] + grouped[2]
                return self._problem(cell, spec, _(
                    "{expected}: the dot is a decimal point; for {digits} write {digits} or {high} {low}",
                    expected=expecting(spec), digits=digits, high=grouped[1], low=grouped[2]), raw)
            return self._problem(cell, spec, expecting(spec), raw)
        if value < 0 or (spec.positive and value == 0):
            return self._problem(cell, spec, _ABOVE_ZERO.get(spec.name) or expecting(spec), raw)
        if too_large(value):
            return self._problem(cell, spec, _("{expected}, {limit}", expected=expecting(spec),
                                               limit=LARGER_THAN_ANY_BUSINESS), raw)
        return value

    def _rate(self, spec: Field, cell: Cell) -> float | None | Failed:
        """A share from 0 to 1 (`30%`, `30 %`, `0,3`, a bare `30`); None if blank.

        A bare 1 reads as 100 %, with a warning that 1 % may have been meant; not in
        a cell that shows it as a percentage (100 %), which reads one way only.
        """
        raw = self._raw(spec, cell)
        if raw is None or isinstance(raw, Failed):
            return raw
        value = self._parse(spec, cell, raw, lambda typed: parse_rate(typed)[0])
        if isinstance(value, Failed):
            return value
        if value < 0 or (spec.positive and value == 0) or value > 1:
            return self._problem(cell, spec, expecting(spec), raw)
        assert isinstance(raw, (str, int, float))  # _parse refused anything else
        note = None if shown_as_percent(cell, raw) else ambiguous_share(raw)
        if note is not None:
            self.warnings.append(Notice(where(cell), spec.name, note))
        return value

    def _parse(self, spec: Field, cell: Cell, raw: object, parse: Callable[[str | int | float], T]) -> T | Failed:
        """`parse(raw)`, or the problem of a value that is not a number: a yes/no, a date, unreadable text."""
        if isinstance(raw, bool):
            return self._problem(cell, spec, _("{expected}, not a yes/no value", expected=expecting(spec)), raw)
        if not isinstance(raw, (str, int, float)):
            return self._problem(cell, spec, _("{expected}, not a date (set the cell's format to Number)",
                                               expected=expecting(spec)), raw)
        try:
            return parse(raw)
        except NumberFormatError as exc:
            return self._problem(cell, spec, unreadable(spec, exc), raw)
