"""The Python API, with the CLI's verbs: `template`, `solve`, `write_workbook`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from . import solver
from .changes import ambiguous_rate, parse_assignment
from .errors import ChangeError, InputError, Notice, Problem
from .fileio import write_atomically
from .model import Change, Inputs, Scenarios
from .workbook import write_workbook as _write_workbook

LeverSpec = str | tuple[str, Change]


def default_output(source: Path) -> Path:
    """`client.xlsx` -> `client.leverage.xlsx`, beside the input."""
    return source.with_name(f"{source.stem}.leverage.xlsx")


def solve(
    source: Inputs | str | Path,
    target_profit: float | None = None,
    levers: Iterable[LeverSpec] = (),
) -> Scenarios:
    """Points A, B, B' and B'' for a template file or for `Inputs`.

    `levers` are `"avg_check=x2"` strings or `(lever, Change)` pairs; they
    override the template's change to the same lever and compose in order.
    `Scenarios.warnings` holds every warning of the run: the inputs' own
    (`Inputs.warnings`, set by the reader), then those about the lever changes.
    """
    from .reader import read_template

    inputs = source if isinstance(source, Inputs) else read_template(Path(source))
    steps = len(inputs.funnel) - 1
    changes: list[tuple[str, Change]] = []
    problems: list[Problem] = []
    notes: list[Notice] = []
    for spec in levers:
        if isinstance(spec, str):
            try:
                lever, change = parse_assignment(spec, steps)
            except ChangeError as exc:
                problems.append(Problem(None, "--lever", str(exc), has_seen=False))
                continue
            changes.append((lever, change))
            note = ambiguous_rate(lever, spec.partition("=")[2])
            if note is not None:
                notes.append(Notice("--lever", lever, note))
        else:
            changes.append(spec)
    if problems:
        raise InputError(problems, warnings=inputs.warnings)
    scenarios = solver.solve(inputs, target_profit, changes)
    return replace(scenarios, warnings=(*scenarios.warnings, *notes)) if notes else scenarios


def write_workbook(scenarios: Scenarios, output: str | Path, *, force: bool = False,
                   lang: str | None = None, inputs: Iterable[Path] = ()) -> Path:
    """Write the scenario workbook whole or not at all; refuse to overwrite unless `force`."""
    return write_atomically(
        Path(output), lambda tmp: _write_workbook(scenarios, tmp, lang=lang),
        force=force, inputs=tuple(inputs),
    )


def template(output: str | Path, *, lang: str = "en", currency: str = "USD", force: bool = False) -> Path:
    """Write the blank input template."""
    from .template import write_template

    return write_template(Path(output), lang=lang, currency=currency, force=force)
