"""The portfolio run: every client's template solved at once, on a pool of processes, into one summary.

Each client is solved as `leverage solve` solves it (`api.solve`); a client that cannot be solved
becomes a row with status "error" and every problem of its template, and the run goes on. What a
worker returns is plain data (`ClientRun`): what `leverage solve --json` gives for its points, its
warnings and its problems, so nothing else crosses between processes. pandas is imported only here
and only by the portfolio.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError, LeverageError, Problem, seen_message
from .i18n import _, translator

# The exit code of a portfolio run in which some clients could not be solved (the others were).
SOME_FAILED = 5
# What a folder is searched for, and what in it is not a client's template.
PATTERN = "*.xlsx"
OUTPUT_SUFFIX = ".leverage.xlsx"   # what `leverage solve` writes beside a template
LOCK_PREFIXES = ("~$", ".~lock", ".")  # Excel's and LibreOffice's lock files, hidden temporary files


@dataclass(frozen=True)
class ClientRun:
    """One client of the portfolio: its file, what is known of it, and its points or its problems."""

    file: str
    company: str | None
    currency: str | None
    status: str                                   # "ok" or "error"
    errors: tuple[dict[str, Any], ...] = ()       # {"location", "metric", "message"}
    target_profit: float | None = None
    points: dict[str, Any] = field(default_factory=dict)   # as `leverage solve --json` gives them
    best_lever: dict[str, Any] | None = None      # {"lever", "profit_effect"}
    warnings: tuple[dict[str, Any], ...] = ()
    lang: str | None = None                       # the template's language, where it could be read

    def to_dict(self) -> dict[str, Any]:
        """The client as the portfolio's --json gives it."""
        return {
            "file": self.file, "company": self.company, "currency": self.currency, "status": self.status,
            "errors": list(self.errors), "points": self.points, "best_lever": self.best_lever,
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class Portfolio:
    """A portfolio run: the clients in the order of their files, and the summary, one row a client."""

    clients: tuple[ClientRun, ...]

    @property
    def failed(self) -> tuple[ClientRun, ...]:
        return tuple(c for c in self.clients if c.status != "ok")

    @property
    def benchmarks(self) -> dict[str, dict[str, Any]]:
        """Where each client's last year stands among the others' (`benchmarks`)."""
        return benchmarks(self.clients)

    @property
    def summary(self) -> Any:  # a pandas DataFrame (pandas is imported only when summarising)
        """One row a client (`leverage.render.portfolio.summary`)."""
        from .render.portfolio import summary

        return summary(self.clients)


def find_templates(paths: Iterable[str | Path], outputs: Iterable[str | Path] = ()) -> list[Path]:
    """The templates to solve: files as given, folders searched (not their subfolders) for *.xlsx.

    In a folder, lock files, hidden files, what `leverage solve` writes (`*.leverage.xlsx`) and the
    run's own outputs are skipped. Raises InputError for a path that does not exist and for a folder
    that holds no template, all of them at once.
    """
    skip = {Path(o).resolve() for o in outputs}
    found: list[Path] = []
    problems: list[Problem] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            here = [p for p in sorted(path.glob(PATTERN)) if p.is_file() and p.resolve() not in skip
                    and not p.name.startswith(LOCK_PREFIXES) and not p.name.endswith(OUTPUT_SUFFIX)]
            if not here:
                problems.append(Problem(str(path), None, _("no templates (.xlsx files) in this folder"), has_seen=False))
            found.extend(here)
        elif path.exists() or path.is_symlink():
            found.append(path)
        else:
            problems.append(Problem(str(path), None, _("no such file or folder"), has_seen=False))
    if problems:
        raise InputError(problems)
    unique = list(dict.fromkeys(found))  # a file given twice (as a file and in its folder) is one client
    return unique


def problem_dict(problem: Problem, lang: str | None) -> dict[str, Any]:
    """A problem as data: where (`Inputs!C7`), which metric, and what is wrong, without the place."""
    t = translator(lang)
    if problem.has_seen:
        message = t(_("{expected}, got {seen}", expected=problem.expected, seen=seen_message(problem.seen)))
    else:
        message = t(problem.expected)
    return {"location": None if problem.location is None else str(problem.location),
            "metric": problem.metric, "message": str(message)}


def solve_client(path: str | Path, target_growth: float | None = None, levers: Sequence[str] = (),
                 lang: str | None = None, workbook: str | None = None, force: bool = False) -> ClientRun:
    """Solve one client as `leverage solve` does; any problem becomes an error row, never an exception.

    With `workbook`, the client's scenario workbook is written there (atomically, as `solve` writes it);
    one that cannot be written makes the client an error row."""
    from . import api
    from .render.table import to_dict

    file = str(path)
    company = currency = template_lang = None
    try:
        inputs = api.load_inputs(Path(path))
        company, currency, template_lang = inputs.company, inputs.currency, inputs.lang
        target = None if target_growth is None else inputs.profit * target_growth
        result = api.solve(inputs, target, levers)
        if workbook is not None:
            api.write_workbook(result, workbook, force=force, lang=lang, inputs=(Path(path),))
    except LeverageError as exc:
        problems = getattr(exc, "problems", None) or [Problem(None, None, exc.args[0] if exc.args else "", has_seen=False)]
        return ClientRun(file, company, currency, "error", tuple(problem_dict(p, lang) for p in problems),
                         lang=template_lang)
    except Exception as exc:  # a bug must not stop the other clients: the row says what happened
        bug = f"{type(exc).__name__}: {exc}"
        message = translator(lang)(_("an internal error in leverage ({bug}); nothing was written. "
                                     "Please report it with the output of the same command with --debug", bug=bug))
        return ClientRun(file, company, currency, "error", ({"location": None, "metric": None, "message": message},),
                         lang=template_lang)
    data = to_dict(result)
    return ClientRun(file, company, currency, "ok", target_profit=result.target_profit, points=data["points"],
                     best_lever=best_lever(result), warnings=tuple(data["warnings"]), lang=template_lang)


def best_lever(result: Any) -> dict[str, Any] | None:
    """The lever worth most alone (the lever analysis' first), and its profit effect against last year."""
    analysis = result.analysis
    if analysis is None or not analysis.sensitivity:
        return None
    best = max(analysis.sensitivity, key=lambda rise: rise.profit)
    return {"lever": best.lever, "profit_effect": best.profit - analysis.base_profit}


def _solve_args(args: tuple[str, float | None, tuple[str, ...], str | None, str | None, bool]) -> ClientRun:
    return solve_client(*args)


def run(paths: Iterable[str | Path], *, target_growth: float | None = None, levers: Sequence[str] = (),
        jobs: int | None = None, lang: str | None = None, outputs: Iterable[str | Path] = (),
        progress: Callable[[Iterator[ClientRun], int], Iterator[ClientRun]] | None = None,
        workbooks: str | Path | None = None, force: bool = False) -> Portfolio:
    """Solve every template found in `paths` on `jobs` processes (default: the number of cores).

    `target_growth` sets each client's target to last year's profit times it; without it, each
    template's own target. `levers` apply to every client's B' over its template's changes.
    `progress(runs, count)` may wrap the stream of finished clients (the CLI's progress bar).
    With `workbooks`, a folder, each solved client's scenario workbook is written there by its worker
    (`leverage.client_workbooks`; what would stop one is refused before any client is solved).
    """
    files = find_templates(paths, outputs)
    books: dict[str, Path] = {}
    if workbooks is not None:
        from .client_workbooks import plan_workbooks

        books = plan_workbooks(workbooks, files, force=force)
    jobs = jobs or os.cpu_count() or 1
    work = [(str(f), target_growth, tuple(levers), lang, str(books[str(f)]) if books else None, force) for f in files]
    wrap = progress or (lambda runs, count: runs)
    if jobs == 1 or len(work) == 1:
        clients = list(wrap(map(_solve_args, work), len(work)))
    else:
        with ProcessPoolExecutor(max_workers=min(jobs, len(work))) as pool:
            chunk = max(1, len(work) // (jobs * 8))
            clients = list(wrap(pool.map(_solve_args, work, chunksize=chunk), len(work)))
    return Portfolio(tuple(clients))


# The levers benchmarked, as rates comparable across currencies; revenue per employee is compared
# within one currency only (`rev_per_employee.USD`), amounts never across currencies.
RATE_BENCHMARKS = ("margin", "retention", "lead_conversion")


def lead_conversion(point: dict[str, Any]) -> float | None:
    """Leads to paying clients: the product of the funnel's conversions."""
    steps = [stage["conversion"] for stage in point.get("funnel", ())[1:]]
    if not steps or any(s is None for s in steps):
        return None
    share = 1.0
    for step in steps:
        share *= step
    return share


def last_year(client: ClientRun, lever: str) -> float | None:
    """Point A's value of a benchmarked lever, None when the client has no point A."""
    point = client.points.get("A") or {}
    if not point.get("feasible"):
        return None
    if lever == "lead_conversion":
        return lead_conversion(point)
    value = point.get(lever)
    return None if value is None else float(value)


def benchmarks(clients: Iterable[ClientRun]) -> dict[str, dict[str, Any]]:
    """For each rate lever, and for revenue per employee within each currency: the quartiles of last
    year's values among the solved clients and each client's percentile (`leverage.model.benchmarks`)."""
    from .model.benchmarks import percentiles, quartiles

    solved = [c for c in clients if c.status == "ok"]
    groups: list[tuple[str, str, list[ClientRun]]] = [(lever, lever, solved) for lever in RATE_BENCHMARKS]
    for currency in sorted({c.currency for c in solved if c.currency}):
        groups.append((f"rev_per_employee.{currency}", "rev_per_employee", [c for c in solved if c.currency == currency]))
    result: dict[str, dict[str, Any]] = {}
    for name, lever, members in groups:
        values = {c.file: v for c in members if (v := last_year(c, lever)) is not None}
        q = quartiles(values)
        result[name] = {"quartiles": None if q is None else list(q), "percentiles": percentiles(values)}
    return result
