"""The `leverage` command: thin glue over the Python API in `leverage.api`.

Exit codes: 0 done (warnings, if any, are printed as `Warning: ...` lines); 1 the
input cannot be used (every problem of the template is listed, or the file is not
a workbook that can be opened safely); 2 the command line is wrong (unknown
option, bad --target-profit or --lever); 3 the output cannot be written (exists
without --force, folder missing); 4 an internal error (a bug; --debug shows it).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from . import api
from .changes import SYNTAX, parse_assignment
from .errors import ChangeError, LeverageError, Notice
from .model import CURRENCIES, LANGS
from .numbers import NumberFormatError, parse_number

# The exit code of a bug: any exception that is not a LeverageError.
INTERNAL_ERROR = 4


class Money(click.ParamType):
    """An amount such as 1.2M, 1200k, 1 200 000, 1,2M, 1.2e6 or $1.2M."""

    name = "money"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            amount = parse_number(value)
        except NumberFormatError as exc:
            self.fail(f'"{value}": {exc}', param, ctx)
        if amount <= 0:
            self.fail(f'"{value}": expected an amount above 0', param, ctx)
        return amount


class LeverChange(click.ParamType):
    """NAME=CHANGE, such as avg_check=x2 or retention=+5pp."""

    name = "lever=change"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        try:
            parse_assignment(value)
        except ChangeError as exc:
            self.fail(str(exc), param, ctx)
        return value


def _debug_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--debug", is_flag=True, help="Show a traceback on errors.")(command)


def print_warnings(warnings: Iterable[Notice]) -> None:
    """`Warning: Inputs!C11 (margin): ...` lines on stderr, so that --json's stdout stays one document."""
    for warning in warnings:
        click.echo(f"Warning: {warning}", err=True)


def _reporting(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn LeverageError into `Error: ...` lines and its exit code; --debug re-raises.

    Anything else is a bug: it is reported in one line with exit code 4, never as a traceback
    unless --debug is given.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, debug: bool = False, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except LeverageError as exc:
            if debug:
                raise
            print_warnings(getattr(exc, "warnings", ()))
            for line in str(exc).splitlines():
                click.echo(f"Error: {line}", err=True)
            sys.exit(exc.exit_code)
        except Exception as exc:
            if debug:
                raise
            click.echo(f"Error: an internal error in leverage ({type(exc).__name__}: {exc}); nothing was written. "
                       "Please report it with the output of the same command with --debug", err=True)
            sys.exit(INTERNAL_ERROR)

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="leverage")
def main() -> None:
    """The lever method: what a profit target demands, and which levers make it easier.

    Fill the template with a client's last year (`leverage template`), then run
    `leverage solve client.xlsx --target-profit 1.2M --lever avg_check=x2`.
    """


@main.command()
@click.argument("output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True, help="Language of labels and notes.")
@click.option("--currency", type=click.Choice(CURRENCIES, case_sensitive=False), default="USD", show_default=True,
              help="The client's currency.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@_debug_option
@_reporting
def template(output: Path, lang: str, currency: str, force: bool) -> None:
    """Write the blank input template to OUTPUT (.xlsx)."""
    path = api.template(output, lang=lang, currency=currency.upper(), force=force)
    click.echo(f"Wrote {path}", err=True)


@main.command()
@click.argument("input_path", metavar="INPUT", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--target-profit", type=Money(), help="Profit to reach, e.g. 1.2M or 1 200 000. Default: the template's.")
@click.option("--lever", "levers", type=LeverChange(), multiple=True, metavar="NAME=CHANGE",
              help=f"Change a lever for B′ (repeatable; overrides the template's). NAME: margin, avg_check, retention, "
                   f"rev_per_employee, conversion, conversion.K. CHANGE: {SYNTAX}.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Workbook to write. Default: INPUT's name with .leverage.xlsx, beside it.")
@click.option("--force", is_flag=True, help="Overwrite the output workbook if it exists.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of the table.")
@click.option("--lang", type=click.Choice(LANGS), help="Language of the workbook and table. Default: the template's.")
@_debug_option
@_reporting
def solve(input_path: Path, target_profit: float | None, levers: tuple[str, ...], output: Path | None,
          force: bool, as_json: bool, lang: str | None) -> None:
    """Back-calculate points B, B′ and B″ from the filled template INPUT and write the workbook."""
    from .report import table, to_json

    scenarios = api.solve(input_path, target_profit, levers)
    out = output or api.default_output(input_path)
    api.write_workbook(scenarios, out, force=force, lang=lang, inputs=(input_path,))
    if as_json:
        click.echo(to_json(scenarios))
    else:
        click.echo(table(scenarios, lang))
    print_warnings(scenarios.warnings)
    click.echo(f"Wrote {out}", err=True)
