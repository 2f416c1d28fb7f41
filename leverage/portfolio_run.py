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
from functools import cached_property
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
    group: str | None = None                      # the value of the run's --group-by field ("" when blank)

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
    group_by: str | None = None                   # the template field the benchmarks are grouped by
    lang: str | None = None                       # the language of the run's lines (default: the templates')

    @property
    def failed(self) -> tuple[ClientRun, ...]:
        return tuple(c for c in self.clients if c.status != "ok")

    @cached_property
    def benchmarks(self) -> dict[str, dict[str, Any]]:
        """Where each client's last year stands among the others' (`benchmarks`)."""
        return benchmarks(self.clients, self.group_by)

    @cached_property
    def conclusions(self) -> dict[str, list[Any]]:
        """Each solved client's lines where its benchmarks stand out (`conclusions`), lazy messages by file."""
        return conclusions(self.clients, self.benchmarks)

    @property
    def duplicates(self) -> list[tuple[str, str, Any]]:
        """The files that look like the same company twice (`duplicates`)."""
        return duplicates(self.clients)

    @property
    def summary(self) -> Any:  # a pandas DataFrame (pandas is imported only when summarising)
        """One row a client (`leverage.render.portfolio.summary`)."""
        from .render.portfolio import summary

        return summary(self.clients, self.benchmarks)


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
                 lang: str | None = None, workbook: str | None = None, force: bool = False,
                 group_by: str | None = None) -> ClientRun:
    """Solve one client as `leverage solve` does; any problem becomes an error row, never an exception.

    With `workbook`, the client's scenario workbook is written there (atomically, as `solve` writes it);
    one that cannot be written makes the client an error row."""
    from . import api
    from .render.table import to_dict

    file = str(path)
    company = currency = template_lang = group = None
    try:
        inputs = api.load_inputs(Path(path))
        company, currency, template_lang = inputs.company, inputs.currency, inputs.lang
        if group_by:
            group = " ".join(str(getattr(inputs, group_by, "") or "").split())
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
                     best_lever=best_lever(result), warnings=tuple(data["warnings"]), lang=template_lang, group=group)


def best_lever(result: Any) -> dict[str, Any] | None:
    """The lever worth most alone (the lever analysis' first), and its profit effect against last year."""
    analysis = result.analysis
    if analysis is None or not analysis.sensitivity:
        return None
    best = max(analysis.sensitivity, key=lambda rise: rise.profit)
    return {"lever": best.lever, "profit_effect": best.profit - analysis.base_profit}


def _warm() -> None:
    """Import what solving a client needs (the reader, the solver, openpyxl) once per process."""
    from . import api  # noqa: F401
    from .render import table  # noqa: F401


def _solve_args(args: tuple[str, float | None, tuple[str, ...], str | None, str | None, bool, str | None]) -> ClientRun:
    return solve_client(*args)


def run(paths: Iterable[str | Path], *, target_growth: float | None = None, levers: Sequence[str] = (),
        jobs: int | None = None, lang: str | None = None, outputs: Iterable[str | Path] = (),
        progress: Callable[[Iterator[ClientRun], int], Iterator[ClientRun]] | None = None,
        workbooks: str | Path | None = None, force: bool = False, group_by: str | None = None) -> Portfolio:
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
    work = [(str(f), target_growth, tuple(levers), lang, str(books[str(f)]) if books else None, force, group_by)
            for f in files]
    wrap = progress or (lambda runs, count: runs)
    if jobs == 1 or len(work) == 1:
        clients = list(wrap(map(_solve_args, work), len(work)))
    else:
        _warm()  # imported once here, inherited by forked workers; a spawned worker imports in its initializer
        with ProcessPoolExecutor(max_workers=min(jobs, len(work)), initializer=_warm) as pool:
            # Tasks go in chunks (a few per worker and round), so that the pool's pickling and hand-over cost
            # little against a client's solving, and the progress bar still moves.
            chunk = max(1, min(16, len(work) // (jobs * 8)))
            clients = list(wrap(pool.map(_solve_args, work, chunksize=chunk), len(work)))
    return Portfolio(tuple(clients), group_by=group_by, lang=lang)


# The template fields a run may group its benchmarks by (`--group-by`): the text fields that say what a client is.
GROUP_FIELDS = ("industry", "currency", "lang")

# The levers benchmarked as rates, comparable across currencies; revenue per employee and the average
# check are compared within one currency only (`rev_per_employee.USD`), amounts never across currencies.
RATE_BENCHMARKS = ("margin", "retention", "lead_conversion")
AMOUNT_BENCHMARKS = ("rev_per_employee", "avg_check")
STEP = "conversion"   # a funnel step's conversion: `conversion.Leads → Meetings`, `conversion.step 1 of 3`


def lead_conversion(point: dict[str, Any]) -> float | None:
    """Leads to paying clients: the product of the funnel's conversions."""
    steps = [stage["conversion"] for stage in point.get("funnel", ())[1:]]
    if not steps or any(s is None for s in steps):
        return None
    share = 1.0
    for step in steps:
        share *= step
    return share


def _point_a(client: ClientRun) -> dict[str, Any]:
    point = client.points.get("A") or {}
    return point if point.get("feasible") else {}


def last_year(client: ClientRun, lever: str) -> float | None:
    """Point A's value of a benchmarked lever, None when the client has no point A."""
    point = _point_a(client)
    if not point:
        return None
    if lever == "lead_conversion":
        return lead_conversion(point)
    value = point.get(lever)
    return None if value is None else float(value)


def _fold(name: str) -> str:
    return " ".join(str(name).split()).casefold()


def funnel_steps(client: ClientRun) -> list[tuple[str, str, float]]:
    """Point A's funnel steps: (from stage, to stage, conversion), in funnel order."""
    funnel = _point_a(client).get("funnel") or []
    return [(str(funnel[k - 1]["stage"]), str(funnel[k]["stage"]), float(funnel[k]["conversion"]))
            for k in range(1, len(funnel)) if funnel[k].get("conversion") is not None]


def step_benchmarks(clients: Sequence[ClientRun]) -> dict[str, dict[str, float]]:
    """Each comparable funnel step's conversion, by benchmark name: {"conversion.Leads → Meetings": {file: rate}}.

    A step is compared by its name, its two stages (case and spacing aside), among the clients whose
    funnels have a step of that name. A step no other client's funnel names alike is compared by
    position among those unmatched steps of funnels with as many stages: `conversion.step 1 of 3`.
    """
    steps = {c.file: funnel_steps(c) for c in clients}
    spelled: dict[tuple[str, str], str] = {}
    files: dict[tuple[str, str], set[str]] = {}
    for file, client_steps in steps.items():
        for source, target, _rate in client_steps:
            key = (_fold(source), _fold(target))
            spelled.setdefault(key, f"{source} → {target}")
            files.setdefault(key, set()).add(file)
    result: dict[str, dict[str, float]] = {}
    positional: dict[str, dict[str, float]] = {}
    for file, client_steps in steps.items():
        for k, (source, target, rate) in enumerate(client_steps):
            key = (_fold(source), _fold(target))
            if len(files[key]) > 1:
                result.setdefault(f"{STEP}.{spelled[key]}", {})[file] = rate
            else:
                positional.setdefault(f"{STEP}.step {k + 1} of {len(client_steps) + 1}", {})[file] = rate
    result.update(positional)
    return result


def benchmark_column(name: str) -> str:
    """The summary's column of a benchmark: its lever, or the funnel step for a step's conversion."""
    base = name.partition("@")[0]
    return base if base.startswith(f"{STEP}.") else base.partition(".")[0]


def benchmarks(clients: Iterable[ClientRun], group_by: str | None = None) -> dict[str, dict[str, Any]]:
    """Where each solved client's last year stands among the others', one entry a benchmark.

    Rates (margin, retention, lead-to-client conversion and each comparable funnel step, see
    `step_benchmarks`) are compared across all the clients; revenue per employee and the average
    check within each currency (`rev_per_employee.USD`). With `group_by`, within each group of
    clients sharing that template field's value, case and spacing aside (`margin@Retail`, spelled as
    its first client spells it; the clients without one are a group of their own, named without `@`). Each entry: the
    quartiles, each client's percentile and value compared (last year's), the bottom quarter (the clients whose percentile is below 25, lowest first) and what was compared.
    """
    from .model.benchmarks import bottom_quarter, percentiles, quartiles

    solved = [c for c in clients if c.status == "ok"]
    by_group: dict[str, list[ClientRun]] = {}
    spelled: dict[str, str] = {}
    for client in solved:
        key = _fold(client.group or "") if group_by else ""
        spelled.setdefault(key, " ".join((client.group or "").split()))
        by_group.setdefault(key, []).append(client)
    result: dict[str, dict[str, Any]] = {}
    for key in sorted(by_group):
        members, group = by_group[key], spelled[key]
        suffix = f"@{group}" if group else ""
        compared: list[tuple[str, str, str | None, str | None, dict[str, float]]] = [
            (lever, lever, None, None, {c.file: v for c in members if (v := last_year(c, lever)) is not None})
            for lever in RATE_BENCHMARKS]
        compared += [(name, STEP, None, name.partition(".")[2], values)
                     for name, values in step_benchmarks(members).items()]
        for money in sorted({c.currency for c in members if c.currency}):
            for amount in AMOUNT_BENCHMARKS:
                compared.append((f"{amount}.{money}", amount, money, None,
                                 {c.file: v for c in members if c.currency == money
                                  and (v := last_year(c, amount)) is not None}))
        for name, lever, currency, step, values in compared:
            q = quartiles(values)
            ranks = percentiles(values)
            result[name + suffix] = {
                "quartiles": None if q is None else list(q), "percentiles": ranks, "values": values,
                "bottom_quarter": bottom_quarter(ranks, values), "lever": lever, "step": step,
                "currency": currency, "group": group if group_by else None, "clients": len(values)}
    return result


def conclusions(clients: Sequence[ClientRun], marks: dict[str, dict[str, Any]]) -> dict[str, list[Any]]:
    """Each solved client's lines among the others (lazy messages, by file), one for each benchmark in
    whose bottom quarter it is (percentile below 25): "Retention 75.0%: bottom quarter of 40 clients;
    the median is 86.0%". A client alone in its benchmark has no line for it."""
    from .i18n import N_, Amount, Pct

    by_file = {c.file: c for c in clients}
    lines: dict[str, list[Any]] = {c.file: [] for c in clients if c.status == "ok"}
    for mark in marks.values():
        if mark["quartiles"] is None:
            continue
        median = mark["quartiles"][1]
        for file, rank in mark["percentiles"].items():
            if rank is None or rank >= 25:
                continue
            value = _benchmarked_value(by_file[file], mark)
            shown, middle = ((Amount(value), Amount(median)) if mark["currency"]
                             else (Pct(value, 1), Pct(median, 1)))
            lever = _benchmark_name(mark)
            n, group = mark["clients"], mark["group"]
            if group:
                line = N_("{lever} {value}: bottom quarter of {n} client in {group}; the median is {median}",
                          "{lever} {value}: bottom quarter of {n} clients in {group}; the median is {median}",
                          n, lever=lever, value=shown, group=group, median=middle)
            else:
                line = N_("{lever} {value}: bottom quarter of {n} client; the median is {median}",
                          "{lever} {value}: bottom quarter of {n} clients; the median is {median}",
                          n, lever=lever, value=shown, median=middle)
            lines[file].append(line)
    return lines


def _benchmarked_value(client: ClientRun, mark: dict[str, Any]) -> float:
    if mark["lever"] == STEP:
        step = mark["step"]
        position = _position(step)
        steps = funnel_steps(client)
        if position is not None:
            return steps[position[0] - 1][2]
        return next(rate for source, target, rate in steps if _fold(f"{source} → {target}") == _fold(step))
    value = last_year(client, mark["lever"])
    assert value is not None
    return value


def _position(step: str) -> tuple[int, int] | None:
    """(k, stages) of a step compared by position, `step 1 of 3`; None for a step compared by name."""
    words = step.split()
    if len(words) == 4 and words[0] == "step" and words[2] == "of" and words[1].isdigit() and words[3].isdigit():
        return int(words[1]), int(words[3])
    return None


def _benchmark_name(mark: dict[str, Any]) -> Any:
    """The benchmarked lever's name in words (a lazy message)."""
    from .i18n.terms import LEVER_NAMES

    if mark["lever"] == "lead_conversion":
        return _("Conversion, leads to paying clients")
    if mark["lever"] == STEP:
        position = _position(mark["step"])
        if position is not None:
            return _("Conversion, step {k} of a {n}-stage funnel", k=position[0], n=position[1])
        return _("Conversion {step}", step=mark["step"])
    return LEVER_NAMES[mark["lever"]]


def duplicates(clients: Sequence[ClientRun]) -> list[tuple[str, str, Any]]:
    """Pairs of files that look like the same company: the same company name (case and spacing aside) or
    the same figures for last year (point A). (first file, second file, lazy message), in file order."""
    found: list[tuple[str, str, Any]] = []
    by_name: dict[str, str] = {}
    by_figures: dict[tuple[Any, ...], str] = {}
    for client in clients:
        name = _fold(client.company or "")
        if name and name in by_name:
            found.append((by_name[name], client.file, _(
                "{first} and {second} are the same company ({company}): each is benchmarked as a client of its own",
                first=by_name[name], second=client.file, company=client.company)))
        elif name:
            by_name[name] = client.file
        point = _point_a(client)
        if not point:
            continue
        figures = (client.currency, *(point.get(key) for key in ("revenue", "profit", "headcount", "clients_start",
                                                                   "clients_new", "leads")))
        if figures in by_figures and not (name and found and found[-1][1] == client.file):
            found.append((by_figures[figures], client.file, _(
                "{first} and {second} have the same figures for last year: the same company twice?",
                first=by_figures[figures], second=client.file)))
        by_figures.setdefault(figures, client.file)
    return found
