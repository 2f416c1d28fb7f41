"""The portfolio run's outputs: the summary as a pandas DataFrame (one row a client), as CSV, and as JSON.

pandas is imported only here, when a portfolio is summarised.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..i18n import _
from ..portfolio_run import ClientRun, Portfolio, benchmark_column, benchmarks, lead_conversion


def _point(client: ClientRun, key: str) -> dict[str, Any]:
    point = client.points.get(key) or {}
    return point if point.get("feasible") else {}


def summary(clients: Sequence[ClientRun], marks: dict[str, dict[str, Any]] | None = None) -> Any:  # a pandas DataFrame (pandas is imported only when summarising)
    """One row a client: who, A's figures, B's, B′'s and B″'s key figures, the best lever, the warnings,
    and the percentile of A's margin, retention, lead conversion and revenue per employee (this one
    among the clients of the same currency).

    Amounts are in each client's own currency (the `currency` column); nothing is added across clients.
    """
    import pandas as pd

    rows = []
    for c in clients:
        a, b, b1, b2 = (_point(c, key) for key in ("A", "B", "B'", "B''"))
        row: dict[str, Any] = {"file": c.file, "company": c.company, "currency": c.currency, "status": c.status}
        row.update({f"A {name}": a.get(name) for name in
                    ("profit", "revenue", "margin", "headcount", "avg_check", "retention", "leads")})
        row["A lead_conversion"] = lead_conversion(a) if a else None
        row["A rev_per_employee"] = a.get("rev_per_employee")
        for label, point in (("B", b), ("B'", b1), ("B''", b2)):
            row.update({f"{label} {name}": point.get(name) for name in ("revenue", "headcount", "clients_new", "leads")})
        row["B'' profit"] = b2.get("profit")
        row["target_profit"] = c.target_profit
        row["B'' beats target"] = (None if not b2 or c.target_profit is None
                                   else bool(b2["profit"] >= c.target_profit * (1 - 1e-9)))
        row["best_lever"] = c.best_lever["lever"] if c.best_lever else None
        row["best_lever profit_effect"] = c.best_lever["profit_effect"] if c.best_lever else None
        row["warnings"] = len(c.warnings)
        row["errors"] = len(c.errors)
        rows.append(row)
    for name, benchmark in (benchmarks(clients) if marks is None else marks).items():
        column = f"{benchmark_column(name)} percentile"
        for row in rows:
            if row["file"] in benchmark["percentiles"]:
                row[column] = benchmark["percentiles"][row["file"]]
            else:
                row.setdefault(column, None)
    return pd.DataFrame(rows)


def to_dict(portfolio: Portfolio) -> dict[str, Any]:
    """The run as the portfolio's --json gives it."""
    from ..i18n import translator

    clients = []
    for c in portfolio.clients:
        t = translator(portfolio.lang or c.lang or "en", c.currency or "USD")
        clients.append({**c.to_dict(), "conclusions": [t(line) for line in portfolio.conclusions.get(c.file, ())]})
    t = translator(portfolio.lang or "en")
    return {"clients": clients, "benchmarks": portfolio.benchmarks,
            "duplicates": [{"files": [first, second], "message": t(message)}
                           for first, second, message in portfolio.duplicates]}


def to_json(portfolio: Portfolio) -> str:
    import json

    return json.dumps(to_dict(portfolio), ensure_ascii=False, indent=2)


def write_json(portfolio: Portfolio, stream: Any) -> None:
    """The --json document written to `stream` as it is encoded, a line at the end: never held whole as one
    string (with indent, json's encoder makes a string of every token; a thousand clients' would be tens of MB)."""
    import json

    json.dump(to_dict(portfolio), stream, ensure_ascii=False, indent=2)
    stream.write("\n")
    stream.flush()


def write_csv(portfolio: Portfolio, path: str | Path, *, force: bool, inputs: Iterable[Path] = ()) -> Path:
    """The summary as CSV (UTF-8, a header row), whole or not at all; never over a file unasked."""
    from ..errors import OutputError
    from ..fileio import atomic_path, check_output

    path = Path(path)
    try:
        check_output(path, force=force, inputs=tuple(inputs))
        frame = portfolio.summary
        with atomic_path(path, force=force) as tmp:
            frame.to_csv(tmp, index=False, encoding="utf-8")
    except OSError as exc:
        raise OutputError(_("{path}: cannot write ({reason})", path=path, reason=exc.strerror or str(exc))) from None
    return path
