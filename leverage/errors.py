"""One hierarchy of exceptions, and the problems and warnings they carry; the CLI turns them into
`Error: ...` and `Warning: ...` lines."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class LeverageError(Exception):
    """Base of every error the tool reports to a user."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One problem with one input: where it is, which metric, what was seen and expected.

    Renders as `Inputs!C7 (retention): expected a share between 0 and 100 %, got "1,4"`.
    """

    location: str | None
    metric: str | None
    expected: str
    seen: object = None
    has_seen: bool = True

    def __str__(self) -> str:
        seen = f", got {format_seen(self.seen)}" if self.has_seen else ""
        return f"{place(self.location, self.metric)}: {self.expected}{seen}"


@dataclass(frozen=True)
class Notice:
    """A warning: an input that is possible but suspicious, or read in a way worth knowing; the run goes on.

    Renders like a Problem: `Inputs!C11 (margin): the margin is 72.00 % ...`.
    """

    location: str | None
    metric: str | None
    message: str

    @property
    def where(self) -> str:
        """`Inputs!C11 (margin)`."""
        return place(self.location, self.metric)

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def place(location: str | None, metric: str | None) -> str:
    """Where a problem or warning is: `Inputs!C7 (retention)`, or `template (...)` without a cell."""
    what = f" ({metric})" if metric else ""
    return f"{location or 'template'}{what}"


def format_seen(value: object) -> str:
    if value is None:
        return "a blank cell"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class InputError(LeverageError):
    """The template cannot be read or holds values the model cannot use."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | Problem | str, *, warnings: Iterable[Notice] = ()):
        if isinstance(problems, str):
            problems = [Problem(None, None, problems, has_seen=False)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        # What reading found besides the problems (say, that inputs were found by their labels).
        self.warnings = tuple(warnings)
        super().__init__("\n".join(str(p) for p in self.problems))


class FileFormatError(InputError):
    """The input file is not an xlsx workbook we can safely open."""


class ChangeError(LeverageError, ValueError):
    """A lever change (`avg_check=x2`) that cannot be understood or applied."""

    exit_code = 2


class OutputError(LeverageError):
    """The output cannot be written (exists without --force, not writable)."""

    exit_code = 3
