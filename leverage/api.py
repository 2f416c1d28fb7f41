"""The Python API, with the CLI's verbs: `template`, `solve`, `show`, `write_workbook`."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from . import solver
from .changes import parse_assignment
from .errors import ChangeError, InputError, Problem
from .fileio import write_atomically
from .model import Change, Inputs, Scenarios

if TYPE_CHECKING:
    from .workbook import Section

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
    """
    from .reader import read_template

    inputs = source if isinstance(source, Inputs) else read_template(Path(source))
    steps = len(inputs.funnel) - 1
    changes: list[tuple[str, Change]] = []
    problems: list[Problem] = []
    for spec in levers:
        if isinstance(spec, str):
            try:
                changes.append(parse_assignment(spec, steps))
            except ChangeError as exc:
                problems.append(Problem(None, "--lever", str(exc), has_seen=False))
        else:
            changes.append(spec)
    if problems:
        raise InputError(problems)
    return solver.solve(inputs, target_profit, changes)


def show(
    source: Inputs | str | Path,
    target_profit: float | None = None,
    levers: Iterable[LeverSpec] = (),
    *,
    lang: str | None = None,
    color: bool = False,
) -> str:
    """The comparison of points A, B, B' and B'' with its conclusions, as text; writes nothing.

    `color` adds terminal colours (bold headers, good news green, problems red).
    """
    from .report import comparison, terminal_style

    scenarios = solve(source, target_profit, levers)
    return comparison(scenarios, lang, terminal_style) if color else comparison(scenarios, lang)


def write_workbook(scenarios: Scenarios, output: str | Path, *, force: bool = False,
                   lang: str | None = None, inputs: Iterable[Path] = (), sections: Iterable["Section"] = ()) -> Path:
    """Write the scenario workbook whole or not at all; refuse to overwrite unless `force`.

    `sections` add sheets and summary blocks (see `leverage.workbook.context`).
    """
    from .workbook import write_workbook as _write_workbook  # xlsxwriter only when a workbook is written

    sections = tuple(sections)
    return write_atomically(
        Path(output), lambda tmp: _write_workbook(scenarios, tmp, lang=lang, sections=sections),
        force=force, inputs=tuple(inputs),
    )


def template(output: str | Path, *, lang: str = "en", currency: str = "USD", force: bool = False) -> Path:
    """Write the blank input template."""
    from .template import write_template

    return write_template(Path(output), lang=lang, currency=currency, force=force)
