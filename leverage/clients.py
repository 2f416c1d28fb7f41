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
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import InputError, Notice, Problem
from .i18n import N_, Translator, _
from .model.segments import Client
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
    the currency the amounts name (None when they name none), the rows read and what is worth a warning."""

    clients: tuple[Client, ...]
    columns: dict[str, str]
    currency: str | None
    rows: int
    warnings: tuple[Notice, ...]


def _normal(header: str) -> str:
    return " ".join(str(header).lower().replace("ё", "е").split())


def _role_of(header: str) -> str | None:
    text = _normal(header)
    for role, words in HEADERS.items():
        if any(re.match(rf"{re.escape(word)}(\W|$)", text) for word in words):
            return role
    return None


def _decode(path: Path, data: bytes) -> str:
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(Problem(str(path), None, _("cannot be read as text: tried the encodings {encodings}",
                                                 encodings=ENCODING_NAMES), has_seen=False))


def _delimiter(text: str) -> tuple[str, int]:
    """The delimiter that splits the most of the first lines into the same number of fields, above one, and
    that number (a report title above the table is one field)."""
    lines = [line for line in text.splitlines()[:HEADER_SEARCH + 20] if line.strip()]
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


def _csv_rows(path: Path, data: bytes) -> Any:
    import pandas as pd

    text = _decode(path, data)
    if not text.strip():
        raise InputError(Problem(str(path), None, _("the export is empty"), has_seen=False))
    delimiter, width = _delimiter(text)
    return pd.read_csv(io.StringIO(text), sep=delimiter, header=None, names=list(range(width)), dtype=str, keep_default_na=False,
                       skip_blank_lines=False, engine="python",
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
    raise InputError(Problem(str(path), None, _(
        "no revenue column: expected a header such as revenue, amount, выручка or сумма in the first {rows} rows "
        "(or --column revenue=HEADER); the first row holds: {headers}", rows=HEADER_SEARCH,
        headers=", ".join(f'"{h}"' for h in headers) or "-"), has_seen=False))


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


def _amounts(path: Path, header: str, cells: Sequence[Any], first_row: int,
             problems: list[Problem], currencies: set[str]) -> list[float]:
    """The amounts of one column; the cells that are not amounts make one problem: how many, and the first few."""
    values: list[float] = []
    bad: list[tuple[int, Any]] = []
    cache: dict[Any, float | None] = {}
    for offset, cell in enumerate(cells):
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            values.append(0.0)
            continue
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
            values.append(0.0)
        else:
            values.append(value)
    if bad:
        shown = "; ".join(f'row {row} "{cell}"' for row, cell in bad[:SHOWN])
        problems.append(Problem(str(path), header, N_(
            "{n} row is not an amount such as 5 880 000 or 1.2M: {rows}",
            "{n} rows are not amounts such as 5 880 000 or 1.2M: {rows}", len(bad), rows=_Listed(shown, bad[:SHOWN])),
            has_seen=False))
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
                 cost_per_client: float | None = None) -> Export:
    """The client list in `path`: one client per name, its revenue summed over its rows.

    `columns` maps a role (client, revenue, date, segment, cost) to the header of its column, where the headers
    do not say; `sheet` picks an .xlsx's sheet (default: the first); `cost_per_client` is the cost to serve each
    client where the export has no cost column. Raises InputError with every problem found."""
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
    else:
        frame = _csv_rows(path, path.read_bytes())
    if len(frame) > MAX_ROWS:
        raise InputError(Problem(str(path), None, _("has more than {limit} rows, the limit of an export",
                                                    limit=f"{MAX_ROWS:,}".replace(",", " ")), has_seen=False))
    if frame.empty or not any(v is not None and str(v).strip() for v in frame.to_numpy().ravel()):
        raise InputError(Problem(str(path), None, _("the export is empty"), has_seen=False))
    top = _header_row(path, frame, mapped)
    header = ["" if v is None else str(v).strip() for v in frame.iloc[top]]
    where = _columns(path, header, mapped)
    body = frame.iloc[top + 1:]
    first_row = top + 2  # spreadsheet rows count from 1, and the body starts below the header
    names = [("" if v is None else str(v).strip()) for v in body[where["client"]]]
    blank = [i for i, name in enumerate(names) if not name]
    problems: list[Problem] = []
    currencies: set[str] = set()
    revenue = _amounts(path, header[where["revenue"]], list(body[where["revenue"]]), first_row, problems, currencies)
    keep = [i for i in range(len(names)) if i not in set(blank)]
    for i in blank:
        if revenue[i] != 0.0:
            problems.append(Problem(Row(path.name, first_row + i), header[where["client"]],
                                    _("expected the client's name beside an amount"), seen=None))
    cost = _amounts(path, header[where["cost"]], list(body[where["cost"]]), first_row, problems, set()) \
        if "cost" in where else None
    table = pd.DataFrame({"client": names, "revenue": revenue})
    if cost is not None:
        table["cost"] = cost
    if "segment" in where:
        table["segment"] = [("" if v is None else str(v).strip()) for v in body[where["segment"]]]
    warnings: list[Notice] = []
    if "date" in where:
        dates = _dates(path, header[where["date"]], list(body[where["date"]]), first_row, keep, problems)
        table["date"] = dates
    if len(currencies) > 1:
        problems.append(Problem(str(path), header[where["revenue"]], _(
            "expected amounts in one currency, but they name {currencies}", currencies=", ".join(sorted(currencies))),
            has_seen=False))
    if problems:
        raise InputError(problems)
    table = table.iloc[keep]
    if table.empty:
        raise InputError(Problem(str(path), None, _("the export is empty"), has_seen=False))
    if "date" in table:
        end = table["date"].max()
        start = end - pd.DateOffset(months=12)
        year = table[table["date"] > start]
        warnings.append(Notice(str(path), header[where["date"]], _(
            "the year analysed is the last twelve months of data, {start} to {end}: {rows} of {total} rows",
            start=(start + pd.Timedelta(days=1)).date().isoformat(), end=end.date().isoformat(), rows=len(year),
            total=len(table))))
        table = year
    grouped = table.groupby("client", sort=False)
    per_client = grouped["revenue"].sum()
    costs = grouped["cost"].sum() if "cost" in table else None
    segments = grouped["segment"].first() if "segment" in table else None
    clients = []
    left_out = []
    for name, value in per_client.items():
        if value <= 0:
            left_out.append(str(name))
            continue
        cost_of = float(costs[name]) if costs is not None else cost_per_client
        segment = str(segments[name]) if segments is not None and segments[name] else None
        clients.append(Client(str(name), float(value), cost_of, segment))
    if left_out:
        warnings.append(Notice(str(path), header[where["revenue"]], N_(
            "{n} client has a net revenue at or below zero and is left out of the shares: {clients}",
            "{n} clients have a net revenue at or below zero and are left out of the shares: {clients}",
            len(left_out), clients=", ".join(left_out[:SHOWN]) + (", ..." if len(left_out) > SHOWN else ""))))
    if not clients:
        raise InputError(Problem(str(path), header[where["revenue"]],
                                 _("no client has a net revenue above zero"), has_seen=False), warnings=warnings)
    taken = {role: header[index] for role, index in sorted(where.items(), key=lambda item: ROLES.index(item[0]))}
    return Export(tuple(clients), taken, next(iter(currencies), None), len(body), tuple(warnings))


def _dates(path: Path, header: str, cells: Sequence[Any], first_row: int, keep: Sequence[int],
           problems: list[Problem]) -> Any:
    """The date column, day first as Russian and European exports write it; cells that are not dates make one problem."""
    import pandas as pd

    values = pd.to_datetime(pd.Series(cells, dtype=object).map(lambda v: v if v not in ("", None) else None),
                            errors="coerce", dayfirst=True, format="mixed")
    bad = [(first_row + i, cells[i]) for i in keep if pd.isna(values.iloc[i])]
    if bad:
        problems.append(Problem(str(path), header, N_(
            "{n} row is not a date such as 31.12.2025 or 2025-12-31: {rows}",
            "{n} rows are not dates such as 31.12.2025 or 2025-12-31: {rows}", len(bad),
            rows=_Listed("; ".join(f'row {r} "{c}"' for r, c in bad[:SHOWN]), bad[:SHOWN])), has_seen=False))
    return values
