"""One hierarchy of exceptions, and the problems and warnings they carry; the CLI turns them into
`Error: ...` and `Warning: ...` lines.

Messages are written where they arise as lazy `i18n.Message`s (English msgids; the Russian is in the
catalog): `str()` of an error, a problem or a warning is its English, and `Problem.text(lang)`,
`Notice.text(lang)` and `LeverageError.text(lang)` render it in the consultant's language (the
command's --lang, else the template's) at the CLI's edge.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Self

from .i18n import N_, Message, _, in_lang, translator


class LeverageError(Exception):
    """Base of every error the tool reports to a user."""

    exit_code = 1
    # The language of the template the error is about, where known: the language of the messages.
    lang: str | None = None

    def said_in(self, lang: str | None) -> Self:
        """This error, to be told in `lang` (its template's language) unless it names a language already."""
        self.lang = self.lang or lang
        return self

    def text(self, lang: str | None = None) -> str:
        """The message in `lang` (English where a message has no Russian)."""
        return render(self.args[0], lang) if self.args else ""


@dataclass(frozen=True)
class Problem:
    """One problem with one input: where it is, which metric, what was seen and expected.

    Renders as `Inputs!C7 (retention): expected a share between 0 and 100 %, got "1,4"`.
    """

    location: str | None
    metric: str | None
    expected: Message | str
    seen: object = None
    has_seen: bool = True

    @property
    def message(self) -> Message:
        """The whole problem as one message: where, what was expected, what was seen."""
        where = _place(self.location, self.metric)
        if not self.has_seen:
            return _("{place}: {expected}", place=where, expected=self.expected)
        if self.seen is None:
            return _("{place}: {expected}, got a blank cell", place=where, expected=self.expected)
        return _("{place}: {expected}, got {seen}", place=where, expected=self.expected, seen=seen_message(self.seen))

    def text(self, lang: str | None = None) -> str:
        """The problem in `lang` (the catalog's Russian for "ru")."""
        return one_line(translator(lang)(self.message))

    def __str__(self) -> str:
        return self.text()


@dataclass(frozen=True)
class Notice:
    """A warning: an input that is possible but suspicious, or read in a way worth knowing; the run goes on.

    Renders like a Problem: `Inputs!C11 (margin): the margin is 72.00 % ...`.
    """

    location: str | None
    metric: str | None
    message: Message | str

    @property
    def where(self) -> str:
        """`Inputs!C11 (margin)`."""
        return place(self.location, self.metric)

    def text(self, lang: str | None = None) -> str:
        """The warning in `lang` (English where the message has no Russian)."""
        return one_line(translator(lang)(_("{place}: {message}", place=_place(self.location, self.metric),
                                           message=self.message)))

    def __str__(self) -> str:
        return self.text()


# Bidirectional overrides and isolates reorder what a terminal shows; control characters can drive it.
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _acts(ch: str) -> bool:
    """A character that acts on a terminal instead of showing: a C0 or C1 control (escape, CSI, line
    breaks) or a bidi override."""
    return ch in BIDI or unicodedata.category(ch) == "Cc"


def one_line(text: str) -> str:
    """A message as one line that shows what it says: every control character or bidi override (echoed
    from a cell, a name or a path) becomes a space, so none can colour the terminal, reorder the line or
    start a fake `Error:` line."""
    return "".join(" " if _acts(ch) else ch for ch in text)


def printable(text: str) -> str:
    """Text from a cell without control characters (escape sequences, line breaks) or bidi overrides,
    which would act on the terminal or break the table: each becomes a space, and spaces collapse."""
    return " ".join(one_line(text).split())


def render(message: object, lang: str | None) -> str:
    """A message (a lazy `Message`, an error carrying one, or a plain str) in `lang`."""
    if isinstance(message, LeverageError):
        return message.text(lang)
    return in_lang(message, lang)


def _place(location: str | None, metric: str | None) -> Message | str:
    if location and callable(getattr(location, "in_language", None)):
        # A workbook cell (`sheet_layout.SheetCell`): its English as a str, its sheet named in the language shown.
        return _("{location} ({metric})", location=location, metric=metric) if metric else location
    if location:
        return f"{location} ({metric})" if metric else location
    return _("template ({metric})", metric=metric) if metric else _("template")


def place(location: str | None, metric: str | None, lang: str | None = None) -> str:
    """Where a problem or warning is: `Inputs!C7 (retention)`, or `template (...)` without a cell."""
    return str(translator(lang).render(_place(location, metric)))  # a message, or a workbook cell named in `lang`


def seen_message(value: object) -> Message | str:
    """What a cell held, as a problem quotes it: `"1,4"` (`«1,4»` in Russian), `a blank cell`, `5880000`."""
    if value is None:
        return _("a blank cell")
    if isinstance(value, str):
        # What does not show (controls, bidi overrides, zero-width spaces, a BOM) is named, so that the
        # text shown never looks fine while it is not.
        hidden = [ch for ch in dict.fromkeys(value) if _acts(ch) or unicodedata.category(ch) == "Cf"]
        shown = "".join(ch for ch in one_line(value) if unicodedata.category(ch) != "Cf")
        if not hidden:
            return _('"{text}"', text=shown)
        codes = ", ".join(f"U+{ord(ch):04X}" for ch in hidden)
        # One character or several (the count itself is not shown): 1 or 2 picks the form.
        return N_('"{text}" (it contains an invisible character {codes})',
                  '"{text}" (it contains invisible characters {codes})', 1 if len(hidden) == 1 else 2,
                  text=shown, codes=codes)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:  # never three hundred digits
        return str(int(value))
    return str(value)


def format_seen(value: object, lang: str | None = None) -> str:
    """`seen_message(value)` in `lang`."""
    return translator(lang)(seen_message(value))


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

    def text(self, lang: str | None = None) -> str:
        return "\n".join(problem.text(lang) for problem in self.problems)


class FileFormatError(InputError):
    """The input file is not an xlsx workbook we can safely open."""


class ChangeError(LeverageError, ValueError):
    """A lever change (`avg_check=x2`) that cannot be understood or applied."""

    exit_code = 2


class OptionError(LeverageError):
    """A value given on the command line (or to the API in its place) that the template cannot take; exit code 2.

    Some values can only be checked against the template (`--lever conversion.3=x2` on a funnel
    of two steps); they are told as click tells a bad option: `Invalid value for '--lever': ...`.
    A problem located at an option (`--lever`) reads so; the template's own problems, reported
    with them so that all are told at once, read as in `InputError`.
    """

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem, *, warnings: Iterable[Notice] = ()):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        self.warnings = tuple(warnings)
        super().__init__(self.text())

    def text(self, lang: str | None = None) -> str:
        return "\n".join(translator(lang)(_("Invalid value for '{option}': {why}", option=p.location, why=p.expected))
                          if p.location and p.location.startswith("--") else p.text(lang) for p in self.problems)


class OutputError(LeverageError):
    """The output cannot be written (exists without --force, not writable)."""

    exit_code = 3
