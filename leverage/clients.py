"""Reading a client list: a CRM or accounting export (.csv or .xlsx) into one row per client.

CSV as exports really come: UTF-8 with or without a BOM, or Windows-1251 (Russian Excel's default); comma,
semicolon or tab delimiters; amounts typed as the template accepts them (`5 880 000,50 ₽`, read by
`leverage.numbers`). Rows above the table (a report title) are skipped: the header is the first row that names a
revenue column. Columns are found by their English or Russian headers, or mapped (`--column revenue="Сумма"`).
Rows may be clients or transactions: rows of one client are summed (refunds net out). With a date column, the year
analysed is the last twelve months of data. Every problem names the file, the row as the spreadsheet numbers it,
and the column.

pandas is imported inside the functions that use it, so that `leverage solve` never loads it.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError, Notice, Problem
from .i18n import N_, Translator, _
from .model.segments import Client, Year
from .numbers import NumberFormatError, parse_amount

# The roles a column can play, and the headers (lower case, as the header begins) that claim each.
ROLES = ("client", "revenue", "date", "segment", "cost")
HEADERS: Mapping[str, tuple[str, ...]] = {
    "client": ("client", "customer", "counterparty", "клиент", "контрагент", "покупатель", "заказчик"),
    "revenue": ("revenue", "amount", "sales", "выручка", "сумма", "оборот"),
    "date": ("date", "дата"),
    "segment": ("segment", "сегмент"),
    "cost": ("cost", "затраты", "себестоимость обслуживания"),
}
ENCODINGS = ("utf-8-sig", "windows-1251")
ENCODING_NAMES = "UTF-8, Windows-1251"
DELIMITERS = (";", ",", "\t")
MAX_ROWS = 5_000_000
MAX_BYTES = 200 * 1024 * 1024
# Rows looked at for the header: a report title and a blank line or two above the table.
HEADER_SEARCH = 30
# Bad amounts shown in a problem: the first few.
SHOWN = 3


class Row(str):
    """`clients.csv, row 7`: the str is the English; `in_language` says "row" in a translator's language."""

    file: str
    row: int | None

    def __new__(cls, file: str, row: int | None = None) -> Row:
        place = super().__new__(cls, f"{file}, row {row}" if row is not None else file)
        place.file, place.row = file, row
        return place

    def in_language(self, t: Translator) -> str:
        return t(_("{file}, row {row}", file=self.file, row=self.row)) if self.row is not None else self.file

    def __reduce__(self) -> tuple[type[Row], tuple[str, int | None]]:
        return (Row, (self.file, self.row))


@dataclass(frozen=True)
class Export:
    """A client list as read: one `Client` per client with a positive net revenue, the header taken for each role,
    the currency the amounts name (else the one the revenue header names, `Сумма, руб.`; None when neither does), the rows read, what is worth a warning, and with a
    date column the year analysed (purchases, and the clients at its start, new and lost)."""

    clients: tuple[Client, ...]
    columns: dict[str, str]
    currency: str | None
    rows: int
    warnings: tuple[Notice, ...]
    year: Year | None = None


def _normal(header: str) -> str:
    return " ".join(str(header).lower().replace("ё", "е").split())


def _role_of(header: str) -> str | None:
    text = _normal(header)
    for role, words in HEADERS.items():
        if any(re.match(rf"{re.escape(word)}(\W|$)", text) for word in words):
            return role
    return None


def _head(data: bytes, encoding: str, lines: int) -> str:
    """The first `lines` lines of `data` decoded (the newline byte is the same in every encoding tried)."""
    end = 0
    for _n in range(lines):
        end = data.find(b"\n", end) + 1
        if end == 0:
            end = len(data)
            break
    return data[:end].decode(encoding)


def _delimiter(text: str) -> tuple[str, int]:
    """The delimiter that splits the most of the first lines into the same number of fields, above one, and
    that number (a report title above the table is one field)."""
    lines = [line for line in _first_lines(text, HEADER_SEARCH + 20) if line.strip()]
    best, score = ",", (0, 0)
    for delimiter in DELIMITERS:
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        widths = [n for n in counts if n > 1]
        if not widths:
            continue
        width = max(set(widths), key=lambda w: (widths.count(w), w))
        candidate = (widths.count(width), width)
        if candidate > score:
            best, score = delimiter, candidate
    return best, max(score[1], 1)


def _first_lines(text: str, n: int) -> list[str]:
    """The first `n` lines of `text`."""
    return [line.rstrip("\r") for line in text.split("\n", n)[:n]]


# The number styles a CSV's amount column is read in by pandas' own parser: (decimal, thousands, what every cell
# of the style matches, after no-break spaces are read as spaces). A column in none of them, or with one cell
# that is not, is read cell by cell by `leverage.numbers` (`_amounts`).
_STYLES = (
    (".", None, re.compile(r"[+-]?\d+(?:\.\d+)?")),
    (",", None, re.compile(r"[+-]?\d+(?:,\d+)?")),
    (",", " ", re.compile(r"[+-]?(?:\d{1,3}(?: \d{3})+|\d+)(?:,\d+)?")),
    (".", " ", re.compile(r"[+-]?(?:\d{1,3}(?: \d{3})+|\d+)(?:\.\d+)?")),
    (".", ",", re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")),
)
# Amount cells looked at to tell a column's style.
STYLE_SAMPLE = 500
# The shapes read without `leverage.numbers` when a column has no single style: whole numbers, optionally grouped
# by spaces, with one or two decimals after a point or a comma (never a lone comma before three digits).
_PLAIN = r"[+-]?(?:\d{1,3}(?: \d{3})+|\d+)(?:[.,]\d{1,2})?"


def _style(path: Path, cells: Sequence[str]) -> tuple[str, str | None] | None:
    """The style every sampled amount cell is in, and that reads each as `leverage.numbers` does; None if none."""
    sample = [cell.strip() for cell in cells if cell.strip()]
    if not sample:
        return None
    for decimal, thousands, shape in _STYLES:
        if not all(shape.fullmatch(cell) for cell in sample):
            continue
        try:
            if all(_styled(cell, decimal, thousands) == parse_amount(cell).value for cell in sample):
                return decimal, thousands
        except NumberFormatError:
            continue
    return None


def _styled(cell: str, decimal: str, thousands: str | None) -> float:
    text = cell.replace(thousands, "") if thousands else cell
    return float(text.replace(decimal, "."))


@dataclass
class _Body:
    """The table below the header of a CSV: the text columns, and the amount columns already read (None: read them
    cell by cell)."""

    top: int
    header: list[str]
    where: dict[str, int]
    frame: Any
    amounts: dict[str, Any] | None


def _csv_body(path: Path, data: bytes, mapped: Mapping[str, str]) -> _Body:
    """The CSV's table in the first encoding of `ENCODINGS` that reads it whole."""
    if data.count(b"\n") > MAX_ROWS:
        raise InputError(Problem(str(path), None, _("has more than {limit} rows, the limit of an export",
                                                    limit=f"{MAX_ROWS:,}".replace(",", " ")), has_seen=False))
    for encoding in ENCODINGS:
        try:
            return _csv_in(path, data, mapped, encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(Problem(str(path), None, _("cannot be read as text: tried the encodings {encodings}",
                                                 encodings=ENCODING_NAMES), has_seen=False))


def _csv_in(path: Path, data: bytes, mapped: Mapping[str, str], encoding: str) -> _Body:
    """Find the header in the first rows, then read the rows below it with pandas' C parser: the amount columns as
    numbers when their first cells share one style (decimal point or comma, thousands grouped or not), else as
    text; the other columns as categories. No-break spaces read as spaces. Raises UnicodeDecodeError when
    `encoding` does not read the file."""
    import numpy as np
    import pandas as pd

    text = _head(data, encoding, HEADER_SEARCH + STYLE_SAMPLE)
    if not text.strip() and len(text.encode(encoding)) >= len(data):
        raise InputError(Problem(str(path), None, _("the export is empty"), has_seen=False))
    delimiter, width = _delimiter(text)
    head = [(row + [""] * width)[:width] for row in csv.reader(
        [line.replace("\u00a0", " ") for line in _first_lines(text, HEADER_SEARCH + STYLE_SAMPLE)],
        delimiter=delimiter)]
    top = _header_row(path, pd.DataFrame(head[:HEADER_SEARCH], dtype=object), mapped)
    header = [str(v).strip() for v in head[top]]
    where = _columns(path, header, mapped)
    # In UTF-8 the no-break space is the two bytes C2 A0, in Windows-1251 the byte A0: a space either way.
    data = data.replace("\u00a0".encode(encoding.replace("-sig", "")), b" ")
    used = sorted(set(where.values()))
    numeric = [where[role] for role in ("revenue", "cost") if role in where]
    style = _style(path, [row[i] for row in head[top + 1:] for i in numeric])
    # The text columns (names, dates, segments) are read as categories: the parser keeps each distinct cell once and
    # gives the codes, which is what the reader wants of them, faster than a string a row. In one chunk
    # (low_memory=False), so that the categories are not merged chunk by chunk.
    options: dict[str, Any] = dict(sep=delimiter, header=None, names=list(range(width)), usecols=used, skiprows=top + 1,
                                   keep_default_na=False, skip_blank_lines=False, encoding=encoding, engine="c",
                                   low_memory=False)
    if style is not None:
        decimal, thousands = style
        try:
            frame = pd.read_csv(io.BytesIO(data), dtype={i: ("float64" if i in numeric else "category") for i in used},
                                na_values={i: [""] for i in numeric}, decimal=decimal, thousands=thousands, **options)
        except UnicodeDecodeError:
            raise
        except ValueError:
            frame = None
        if frame is not None:
            amounts: dict[str, Any] = {role: frame[where[role]].fillna(0.0).to_numpy()
                                       for role in ("revenue", "cost") if role in where}
            if all(bool(np.isfinite(values).all()) for values in amounts.values()):
                return _Body(top, header, where, frame, amounts)
    frame = pd.read_csv(io.BytesIO(data), dtype={i: (object if i in numeric else "category") for i in used}, **options)
    return _Body(top, header, where, frame, None)


def table_rows(path: Path, data: bytes, sheet: str | None = None) -> Any:
    """A small table's rows as text cells, no header assumed (a DataFrame, column labels 0, 1, …): an .xlsx's first
    sheet (or `sheet`), or a CSV in the first of `ENCODINGS` that reads it, its delimiter found as a client list's is.
    For tables of a few hundred rows (monthly actuals); a client list is read by `read_clients`."""
    import pandas as pd

    if path.suffix.lower() == ".xlsx":
        return _xlsx_rows(path, sheet)
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    else:
        raise InputError(Problem(str(path), None, _("cannot be read as text: tried the encodings {encodings}",
                                                     encodings=ENCODING_NAMES), has_seen=False))
    if not text.strip():
        raise InputError(Problem(str(path), None, _("the export is empty"), has_seen=False))
    delimiter, width = _delimiter(text)
    return pd.read_csv(io.StringIO(text), sep=delimiter, header=None, names=list(range(width)), dtype=str,
                       keep_default_na=False, skip_blank_lines=False, engine="python",
                       # a row with more fields than the table (a trailing delimiter) keeps its first ones
                       on_bad_lines=lambda fields: fields[:width])


def _xlsx_rows(path: Path, sheet: str | None) -> Any:
    import pandas as pd
    from openpyxl import load_workbook

    from .form.safety import read_workbook_bytes

    workbook = load_workbook(io.BytesIO(read_workbook_bytes(path)), read_only=True, data_only=True, keep_links=False)
    try:
        if {"revenue", "funnel_counts"} <= set(workbook.defined_names):  # the template's own names
            raise InputError(Problem(str(path), None, _(
                "is a leverage template, not a client list; give the CRM export as CLIENTS, and the template "
                "to `leverage solve TEMPLATE --clients CLIENTS`"), has_seen=False))
        if sheet is not None and sheet not in workbook.sheetnames:
            raise InputError(Problem(str(path), None, _("has no sheet {sheet}; its sheets: {sheets}",
                                                        sheet=f'"{sheet}"', sheets=", ".join(workbook.sheetnames)),
                                     has_seen=False))
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        rows = [list(row) for row in worksheet.iter_rows(min_row=1, values_only=True)]
    finally:
        workbook.close()
    return pd.DataFrame(rows, dtype=object)


def _header_row(path: Path, frame: Any, mapped: Mapping[str, str]) -> int:
    """The index of the header row: the first that names a revenue column (or holds every mapped header)."""
    wanted = {_normal(h) for h in mapped.values()}
    for index in range(min(HEADER_SEARCH, len(frame))):
        cells = [_normal(v) for v in frame.iloc[index] if v is not None and str(v).strip()]
        if wanted and wanted <= set(cells):
            return index
        if not wanted or "revenue" not in mapped:
            if any(_role_of(cell) == "revenue" for cell in cells):
                return index
    headers = [str(v) for v in frame.iloc[0] if v is not None and str(v).strip()] if len(frame) else []
    if not mapped and any(_is_amount(h) for h in headers):
        raise InputError(Problem(str(path), None, _(
            "a header row is missing: the first row holds data ({headers}), not the names of the columns; expected "
            "a header row above the table, such as Client;Revenue (or --column revenue=HEADER)",
            headers=", ".join(f'"{h}"' for h in headers)), has_seen=False))
    raise InputError(Problem(str(path), None, _(
        "no revenue column: expected a header such as revenue, amount, выручка or сумма in the first {rows} rows "
        "(or --column revenue=HEADER); the first row holds: {headers}", rows=HEADER_SEARCH,
        headers=", ".join(f'"{h}"' for h in headers) or "-"), has_seen=False))


def _is_amount(text: str) -> bool:
    """Whether a cell reads as an amount (a data row, not a header)."""
    try:
        parse_amount(text)
    except (NumberFormatError, ValueError):
        return False
    return True


def _columns(path: Path, header: list[str], mapped: Mapping[str, str]) -> dict[str, int]:
    """Which column plays each role: the mapped headers first, then the headers that name a role."""
    found: dict[str, list[int]] = {}
    taken = set()
    problems = []
    for role, name in mapped.items():
        matches = [i for i, h in enumerate(header) if _normal(h) == _normal(name)]
        if not matches:
            problems.append(Problem("--column", role, _('no column is headed "{header}"; the headers: {headers}',
                                                        header=name, headers=", ".join(f'"{h}"' for h in header if h)),
                                    has_seen=False))
            continue
        found[role] = matches[:1]
        taken.add(matches[0])
    for index, name in enumerate(header):
        claimed = _role_of(name)
        if claimed is None or claimed in mapped or index in taken:
            continue
        found.setdefault(claimed, []).append(index)
    for role, indexes in found.items():
        if len(indexes) > 1:
            problems.append(Problem(str(path), None, _(
                "the columns {headers} both claim the role {role}; map one with --column {role}=HEADER",
                headers=" and ".join(f'"{header[i]}"' for i in indexes), role=role), has_seen=False))
    if "revenue" not in found and not problems:
        problems.append(Problem(str(path), None, _("no revenue column among the headers {headers}",
                                                   headers=", ".join(f'"{h}"' for h in header if h)), has_seen=False))
    if "client" not in found and not problems:
        problems.append(Problem(str(path), None, _(
            "no client column among the headers {headers}; map one with --column client=HEADER",
            headers=", ".join(f'"{h}"' for h in header if h)), has_seen=False))
    if problems:
        raise InputError(problems)
    return {role: indexes[0] for role, indexes in found.items()}


def _amounts(path: Path, header: str, cells: Any, first_row: int,
             problems: list[Problem], currencies: set[str], *, text: bool = False) -> Any:
    """The amounts of one column (an array, 0 for an empty cell); the cells that are not amounts make one problem:
    how many, and the first few. In a column of `text` (a CSV's), the cells of the common shapes (`12345,67`,
    `12 345.67`) are read at once, the others cell by cell by `leverage.numbers`."""
    import numpy as np
    import pandas as pd

    raw = cells.to_numpy(dtype=object)
    values = np.zeros(len(raw))
    if not text:
        pending = [i for i, cell in enumerate(raw) if not (cell is None or (isinstance(cell, str) and not cell.strip()))]
    else:
        cleaned = cells.fillna("").astype(str).str.strip().reset_index(drop=True)
        plain = cleaned.str.fullmatch(_PLAIN).to_numpy(dtype=bool)
        if plain.any():
            shown = cleaned[plain].str.replace(" ", "", regex=False).str.replace(",", ".", regex=False)
            values[plain] = pd.to_numeric(shown).to_numpy(dtype=float)
        pending = np.flatnonzero(~plain & (cleaned != "").to_numpy(dtype=bool)).tolist()
    bad: list[tuple[int, Any]] = []
    cache: dict[Any, float | None] = {}
    for offset in pending:
        cell = raw[offset]
        if cell not in cache:
            try:
                amount = parse_amount(cell)
                if amount.currency:
                    currencies.add(amount.currency)
                cache[cell] = amount.value
            except NumberFormatError:
                cache[cell] = None
        value = cache[cell]
        if value is None:
            bad.append((first_row + offset, cell))
        else:
            values[offset] = value
    if bad:
        shown_cells = "; ".join(f'row {row} "{cell}"' for row, cell in bad[:SHOWN])
        problems.append(Problem(str(path), header, N_(
            "{n} row is not an amount such as 5 880 000 or 1.2M: {rows}",
            "{n} rows are not amounts such as 5 880 000 or 1.2M: {rows}", len(bad),
            rows=_Listed(shown_cells, bad[:SHOWN])), has_seen=False))
    return values


@dataclass(frozen=True)
class _Listed:
    """The first bad cells, `row 7 "abc"; row 9 "n/a"`, with "row" in the translator's language."""

    english: str
    cells: Sequence[tuple[int, Any]]

    def in_language(self, t: Translator) -> str:
        return "; ".join(f'{t(_("row {row}", row=row))} "{cell}"' for row, cell in self.cells)

    def __str__(self) -> str:
        return self.english


def read_clients(path: str | Path, *, columns: Mapping[str, str] | None = None, sheet: str | None = None,
                 cost_per_client: float | None = None, year: int | None = None) -> Export:
    """The client list in `path`: one client per name, its revenue summed over its rows.

    `columns` maps a role (client, revenue, date, segment, cost) to the header of its column, where the headers
    do not say; `sheet` picks an .xlsx's sheet (default: the first); `cost_per_client` is the cost to serve each
    client where the export has no cost column; `year` the calendar year analysed of a dated export (default: the
    last twelve months of data). Raises InputError with every problem found."""
    import numpy as np
    import pandas as pd

    path = Path(path)
    mapped = dict(columns or {})
    for role in mapped:
        if role not in ROLES:
            raise InputError(Problem("--column", role, _("expected one of the roles {roles}", roles=", ".join(ROLES)),
                                     has_seen=False))
    if not path.is_file():
        raise InputError(Problem(str(path), None, _("no such file"), has_seen=False))
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(Problem(str(path), None, _("is larger than {limit} MB, the limit of an export",
                                                    limit=MAX_BYTES // (1024 * 1024)), has_seen=False))
    if path.suffix.lower() == ".xlsx":
        frame = _xlsx_rows(path, sheet)
        if len(frame) > MAX_ROWS:
            raise InputError(Problem(str(path), None, _("has more than {limit} rows, the limit of an export",
                                                        limit=f"{MAX_ROWS:,}".replace(",", " ")), has_seen=False))
        if frame.empty or not any(v is not None and str(v).strip() for v in frame.to_numpy().ravel()):
            raise InputError(Problem(str(path), None, _("the export is empty"), has_seen=False))
        top = _header_row(path, frame, mapped)
        header = ["" if v is None else str(v).strip() for v in frame.iloc[top]]
        where = _columns(path, header, mapped)
        body = frame.iloc[top + 1:].reset_index(drop=True)
        read: dict[str, Any] | None = None
    else:
        parsed = _csv_body(path, path.read_bytes(), mapped)
        top, header, where, body, read = parsed.top, parsed.header, parsed.where, parsed.frame, parsed.amounts
    first_row = top + 2  # spreadsheet rows count from 1, and the body starts below the header
    csv_text = path.suffix.lower() != ".xlsx"
    who, names = _factor(body[where["client"]])
    blank = who < 0
    problems: list[Problem] = []
    currencies: set[str] = set()
    revenue = read["revenue"] if read is not None else \
        _amounts(path, header[where["revenue"]], body[where["revenue"]], first_row, problems, currencies, text=csv_text)
    keep = ~blank
    for i in np.flatnonzero(blank & (revenue != 0.0)).tolist():
        problems.append(Problem(Row(path.name, first_row + i), header[where["client"]],
                                _("expected the client's name beside an amount"), seen=None))
    cost = None
    if "cost" in where:
        cost = read["cost"] if read is not None else \
            _amounts(path, header[where["cost"]], body[where["cost"]], first_row, problems, set(), text=csv_text)
    dates = _dates(path, header[where["date"]], body[where["date"]], first_row, keep, problems) \
        if "date" in where else None
    if len(currencies) > 1:
        problems.append(Problem(str(path), header[where["revenue"]], _(
            "expected amounts in one currency, but they name {currencies}", currencies=", ".join(sorted(currencies))),
            has_seen=False))
    if problems:
        raise InputError(problems)
    if not keep.any():
        raise InputError(Problem(str(path), None, _("the export is empty"), has_seen=False))
    warnings: list[Notice] = []
    period: dict[str, Any] | None = None
    rows = keep
    if dates is not None:
        period, rows, before = _year(path, header[where["date"]], dates, keep, year, warnings)
    # Sum per client over the rows of the year: np.bincount over the client codes, in the order clients first appear.
    count = len(names)
    codes = who[rows]
    per_client = np.bincount(codes, weights=revenue[rows], minlength=count)
    # Each client's first row of the year, in order (a hash table, no sort).
    firsts = pd.Series(codes).drop_duplicates()
    order = firsts.to_numpy()
    # The clients in that order, those with a net revenue at or below zero left out.
    totals = per_client[order]
    positive = totals > 0
    left_out = [names[code] for code in order[~positive].tolist()]
    kept = order[positive].tolist()
    if cost is not None:
        costs = np.bincount(codes, weights=cost[rows], minlength=count)[order][positive].tolist()
    else:
        costs = [None if cost_per_client is None else float(cost_per_client)] * len(kept)
    segments: list[str | None] = [None] * len(kept)
    if "segment" in where:
        kinds, labels = _factor(body[where["segment"]])
        # A client's segment is the one on its first row of the year.
        first_rows = np.flatnonzero(rows)[firsts.index.to_numpy()[positive]]
        segments = [labels[k] if k >= 0 else None for k in kinds[first_rows].tolist()]
    clients = list(map(Client, [names[code] for code in kept], totals[positive].tolist(), costs, segments))
    if left_out:
        warnings.append(Notice(str(path), header[where["revenue"]], N_(
            "{n} client has a net revenue at or below zero and is left out of the shares: {clients}",
            "{n} clients have a net revenue at or below zero and are left out of the shares: {clients}",
            len(left_out), clients=", ".join(left_out[:SHOWN]) + (", ..." if len(left_out) > SHOWN else ""))))
    if not clients:
        raise InputError(Problem(str(path), header[where["revenue"]],
                                 _("no client has a net revenue above zero"), has_seen=False), warnings=warnings)
    if period is not None:
        buying = per_client > 0
        purchases = int(np.count_nonzero(rows & (revenue > 0) & buying[np.maximum(who, 0)]))
        flows: dict[str, int] = {}
        if before is not None:
            earlier = np.bincount(who[before], weights=revenue[before], minlength=count) > 0
            flows = {"clients_start": int(earlier.sum()), "clients_new": int((buying & ~earlier).sum()),
                     "clients_lost": int((earlier & ~buying).sum())}
        analysed = Year(**{**period, "clients": len(clients), "purchases": purchases,
                           "revenue": math.fsum(c.revenue for c in clients), **flows})
    taken = {role: header[index] for role, index in sorted(where.items(), key=lambda item: ROLES.index(item[0]))}
    currency = next(iter(currencies), None) or _header_currency(header[where["revenue"]])
    return Export(tuple(clients), taken, currency, len(body), tuple(warnings),
                  analysed if period is not None else None)


def _header_currency(header: str) -> str | None:
    """The currency a revenue header names (`Сумма, руб.`, `Amount, USD`), for amounts that name none."""
    for word in re.findall(r"[^\W\d_]+\.?|[$€₽]", header):
        try:
            currency = parse_amount(f"1 {word}").currency
        except NumberFormatError:
            continue
        if currency:
            return currency
    return None


def _codes(cells: Any) -> tuple[Any, list[Any]]:
    """A column as codes into its distinct cells (-1 for a missing one): a category column's own, else factorized."""
    import numpy as np
    import pandas as pd

    if isinstance(cells.dtype, pd.CategoricalDtype):
        return cells.cat.codes.to_numpy().astype(np.int64), cells.cat.categories.tolist()
    codes, uniques = pd.factorize(cells.reset_index(drop=True), use_na_sentinel=True)
    return codes, list(uniques)


def _factor(cells: Any) -> tuple[Any, list[str]]:
    """A text column as codes and labels: each cell's code into the stripped texts, -1 for an empty cell. Each
    distinct cell is stripped once."""
    import numpy as np
    import pandas as pd

    codes, uniques = _codes(cells)
    stripped = ["" if u is None or u != u else str(u).strip() for u in uniques]
    again, labels = pd.factorize(pd.Series(stripped, dtype=object))
    mapping = np.asarray(again, dtype=np.int64)
    texts = [str(label) for label in labels]
    if "" in texts:
        mapping[mapping == texts.index("")] = -1
    result = np.where(codes >= 0, mapping[np.maximum(codes, 0)] if len(mapping) else -1, -1)
    return result, texts


def _year(path: Path, header: str, dates: Any, keep: Any, year: int | None,
          warnings: list[Notice]) -> tuple[dict[str, Any], Any, Any]:
    """The year analysed (the last twelve months of data, or the calendar `year`): its figures so far, the mask of
    its rows, and the mask of the year before's rows (None where the data does not cover it)."""
    import pandas as pd

    kept = dates[keep]
    first, last = kept.min(), kept.max()
    if year is not None:
        start, end = pd.Timestamp(year, 1, 1), pd.Timestamp(year, 12, 31)
        if not (first <= end and last >= start):
            raise InputError(Problem(str(path), header, _(
                "no row is dated in {year}: the dates run from {first} to {last}", year=str(year),
                first=first.date().isoformat(), last=last.date().isoformat()), has_seen=False))
        before_start, before_end = pd.Timestamp(year - 1, 1, 1), pd.Timestamp(year - 1, 12, 31)
    else:
        end = last.normalize()
        start = end - pd.DateOffset(months=12) + pd.Timedelta(days=1)
        before_end = start - pd.Timedelta(days=1)
        before_start = before_end - pd.DateOffset(months=12) + pd.Timedelta(days=1)
    day = dates.dt.normalize().to_numpy()
    rows = keep & (day >= start.to_datetime64()) & (day <= end.to_datetime64())
    total = int(keep.sum())
    if year is not None:
        warnings.append(Notice(str(path), header, _("the year analysed is {year}: {rows} of {total} rows",
                                                    year=str(year), rows=int(rows.sum()), total=total)))
    else:
        warnings.append(Notice(str(path), header, _(
            "the year analysed is the last twelve months of data, {start} to {end}: {rows} of {total} rows",
            start=start.date().isoformat(), end=end.date().isoformat(), rows=int(rows.sum()), total=total)))
    # The data covers the year before when it begins within that year's first month.
    covered = first <= before_start + pd.DateOffset(months=1) - pd.Timedelta(days=1)
    before = keep & (day >= before_start.to_datetime64()) & (day <= before_end.to_datetime64()) if covered else None
    figures = {"start": start.date(), "end": end.date(), "chosen": year is not None, "rows": int(rows.sum()),
               "total_rows": total, "before_start": before_start.date(), "before_end": before_end.date()}
    return figures, rows, before


def _dates(path: Path, header: str, cells: Any, first_row: int, keep: Any, problems: list[Problem]) -> Any:
    """The date column, day first as Russian and European exports write it; cells that are not dates make one problem.

    Each distinct cell is read once: 31.12.2025 and 2025-12-31 at once, the other shapes one by one."""
    import numpy as np
    import pandas as pd

    raw = cells.reset_index(drop=True)
    codes, uniques = _codes(raw)
    distinct = pd.Series(["" if u is None or (isinstance(u, float) and u != u) else u for u in uniques], dtype=object)
    text = distinct.map(lambda v: v.strip() if isinstance(v, str) else v)
    is_text = text.map(lambda v: isinstance(v, str))
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    if (~is_text).any():
        parsed[~is_text] = pd.to_datetime(text[~is_text], errors="coerce")
    for shape in ("%d.%m.%Y", "%Y-%m-%d", "mixed"):
        missing = parsed.isna() & is_text & (text != "")
        if not missing.any():
            break
        parsed[missing] = pd.to_datetime(text[missing].astype(str), format=shape, dayfirst=True, errors="coerce")
    values = pd.Series(np.where(codes >= 0, parsed.to_numpy()[np.maximum(codes, 0)] if len(parsed) else np.datetime64("NaT"),
                                np.datetime64("NaT")), dtype="datetime64[ns]")
    bad_rows = np.flatnonzero(keep & values.isna().to_numpy())
    bad = [(first_row + int(i), raw.iloc[int(i)]) for i in bad_rows]
    if bad:
        problems.append(Problem(str(path), header, N_(
            "{n} row is not a date such as 31.12.2025 or 2025-12-31: {rows}",
            "{n} rows are not dates such as 31.12.2025 or 2025-12-31: {rows}", len(bad),
            rows=_Listed("; ".join(f'row {r} "{c}"' for r, c in bad[:SHOWN]), bad[:SHOWN])), has_seen=False))
    return values
