"""The `leverage` command: thin glue over the Python API in `leverage.api`.

Exit codes: 0 done (warnings, if any, are printed as `Warning: ...` lines); 1 the
input cannot be used (missing, a folder, every problem of the template is listed,
or the file is not a workbook that can be opened safely); 2 the command line is
wrong (unknown option, bad --target-profit or --lever); 3 the output cannot be
written (exists without --force, is not a regular file, is not named .xlsx,
folder missing, or any error of the system); 4 an internal error (a bug; --debug shows it);
5 `leverage portfolio` solved some clients but not all (each problem is an `Error:` line).
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import click

from . import api
from .changes import SYNTAX, parse_assignment
from .errors import ChangeError, LeverageError, Notice, OptionError, Problem
from .fileio import check_output, output_name
from .i18n import N_, _, translator
from .model.analysis import check_step
from .model.checks import LARGER_THAN_ANY_BUSINESS, too_large
from .model.inputs import CURRENCIES, LANGS
from .model.levers import LEVER_NAMES
from .model.market import parse_market_size
from .model.result import Result
from .model.uncertainty import DEFAULT_SAMPLES, DEFAULT_SEED, MAX_SAMPLES, parse_range
from .numbers import NumberFormatError, TypedAmount, parse_amount, parse_number, parse_rate

# The exit code of a bug: any exception that is not a LeverageError.
INTERNAL_ERROR = 4


class Money(click.ParamType):
    """An amount such as 1.2M, 1200k, 1 200 000, 1,2M, 1.2e6 or $1.2M."""

    name = "money"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            typed = parse_amount(value)
        except NumberFormatError as exc:
            self.fail(f'"{value}": {exc}', param, ctx)
        amount = TypedAmount(typed.value, typed.currency, typed.sign)  # the currency, for a run to compare
        if amount <= 0:
            self.fail(f'"{value}": expected an amount above 0', param, ctx)
        if too_large(amount):
            self.fail(f'"{value}": expected an amount {LARGER_THAN_ANY_BUSINESS}', param, ctx)
        return amount


class Step(click.ParamType):
    """A relative change such as 15%, 0.15 or 15 (all mean +15 %), or -10% for a fall."""

    name = "step"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, float):
            return value
        try:
            step, ambiguous = parse_rate(value)
        except NumberFormatError:
            self.fail(f'"{value}": expected a percentage such as 15%, 0.15 or 15', param, ctx)
        if ambiguous:
            self.fail(f'"{value}" may mean 100 % or 1 %; write 100% or 1%', param, ctx)
        try:
            return check_step(step)
        except ChangeError as exc:
            self.fail(f'"{value}": {exc}', param, ctx)


class Parsed(click.ParamType):
    """A value read by one of the project's parsers; the parser's ChangeError is told as click tells a bad
    option (`Invalid value for '--lever': ...`, exit code 2). With `keep_text` the option keeps what was typed
    (the API parses it again, with the template's funnel at hand)."""

    def __init__(self, name: str, parse: Callable[[str], Any], *, keep_text: bool = False) -> None:
        self.name = name
        self._parse = parse
        self._keep_text = keep_text

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            parsed = self._parse(value)
        except ChangeError as exc:
            self.fail(str(exc), param, ctx)
        return value if self._keep_text else parsed


def _plan_setting(name: str) -> Callable[[str], Any]:
    """A parser of the plan's settings, imported only when `leverage plan` reads its options."""

    def parse(text: str) -> Any:
        from . import plan_settings

        return getattr(plan_settings, name)(text)

    return parse


# NAME=CHANGE, such as avg_check=x2 or retention=+5pp; NAME=LOW..HIGH, such as avg_check=150k..200k.
LEVER_CHANGE = Parsed("lever=change", parse_assignment, keep_text=True)
LEVER_RANGE = Parsed("lever=low..high", parse_range, keep_text=True)
# A month as YYYY-MM; `even`, or twelve weights separated by commas.
MONTH = Parsed("yyyy-mm", _plan_setting("parse_start"))
SEASONALITY = Parsed("even|w1,...,w12", _plan_setting("parse_seasonality"))
# A whole number of potential clients, such as 203000 or 203 000.
MARKET_SIZE = Parsed("n", parse_market_size)


def _debug_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--debug", is_flag=True, help="Show a traceback on errors.")(command)


def print_warnings(warnings: Iterable[Notice], lang: str | None = None) -> None:
    """`Warning: Inputs!C11 (margin): ...` lines on stderr, so that --json's stdout stays one document."""
    for warning in warnings:
        click.echo(f"Warning: {warning.text(lang)}", err=True)


def wrote(asked: str | Path, written: Path, lang: str | None) -> str:
    """`Wrote client.xlsx`, saying so when .xlsx was added to a name given without a suffix."""
    if Path(asked) != Path(written):
        return translator(lang).gettext("Wrote {path} (.xlsx added to the name given)", path=written)
    return f"Wrote {written}"


def _reporting(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn LeverageError into `Error: ...` lines and its exit code; --debug re-raises.

    Anything else is a bug: it is reported in one line with exit code 4, never as a traceback
    unless --debug is given.
    """

    @functools.wraps(command)
    def wrapper(*args: Any, debug: bool = False, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except OptionError as exc:
            if debug:
                raise
            lang = kwargs.get("lang") or exc.lang
            print_warnings(exc.warnings, lang)
            # As click tells a bad option: usage, then `Error: Invalid value for '--lever': ...`, exit code 2.
            raise click.UsageError("\nError: ".join(exc.text(lang).splitlines()), click.get_current_context()) from None
        except LeverageError as exc:
            if debug:
                raise
            lang = kwargs.get("lang") or exc.lang  # the command's --lang, else the template's
            print_warnings(getattr(exc, "warnings", ()), lang)
            for line in exc.text(lang).splitlines():
                click.echo(f"Error: {line}", err=True)
            sys.exit(exc.exit_code)
        except Exception as exc:
            if debug:
                raise
            bug = f"{type(exc).__name__}: {exc}"
            message = _("an internal error in leverage ({bug}); nothing was written. "
                        "Please report it with the output of the same command with --debug", bug=bug)
            click.echo(f"Error: {translator(kwargs.get('lang'))(message)}", err=True)
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
@click.argument("output", type=click.Path())  # a str: a trailing slash says a folder was meant
@click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True, help="Language of labels and notes.")
@click.option("--currency", type=click.Choice(CURRENCIES, case_sensitive=False), default="USD", show_default=True,
              help="The client's currency.")
@click.option("--force", is_flag=True, help="Overwrite OUTPUT if it exists.")
@_debug_option
@_reporting
def template(output: str, lang: str, currency: str, force: bool) -> None:
    """Write the blank input template to OUTPUT (.xlsx)."""
    path = api.template(output, lang=lang, currency=currency.upper(), force=force)
    click.echo(wrote(output, path, lang), err=True)


def _scenario_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """INPUT, --target-profit, --lever, --lang and --json: what `solve` and `show` share."""
    options = [
        click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path)),
        click.option("--target-profit", type=Money(), help="Profit to reach, e.g. 1.2M or 1 200 000. Default: the template's."),
        click.option("--lever", "levers", type=LEVER_CHANGE, multiple=True, metavar="NAME=CHANGE",
                     help=f"Change a lever for B′ (repeatable; overrides the template's). NAME: {', '.join(LEVER_NAMES)}, "
                          f"conversion.K. CHANGE: {SYNTAX}."),
        click.option("--json", "as_json", is_flag=True, help="Print one JSON document (exact, locale-free figures) instead of the table."),
        click.option("--lang", type=click.Choice(LANGS), help="Language of the table, conclusions and workbook. Default: the template's."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _simulation_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--range, --samples and --seed: the simulation of B'' that `solve` and `show` share."""
    options = [
        click.option("--range", "ranges", type=LEVER_RANGE, multiple=True, metavar="NAME=LOW..HIGH",
                     help="An uncertain lever for B″ (repeatable; overrides the template's): B″ is then simulated with "
                          "the lever uniform between LOW and HIGH. NAME: leads, conversion (leads to paying clients), "
                          "conversion.K, avg_check, retention, margin. E.g. avg_check=150k..200k, retention=70%..80%."),
        click.option("--samples", type=click.IntRange(1, MAX_SAMPLES), default=DEFAULT_SAMPLES, show_default=True,
                     help="Scenarios to simulate when ranges are given."),
        click.option("--seed", type=click.IntRange(min=0), default=DEFAULT_SEED, show_default=True,
                     help="Seed of the simulation: the same seed gives the same figures."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _market_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--market-size: the potential clients of the target segment, what `solve` and `show` share."""
    return click.option("--market-size", type=MARKET_SIZE, metavar="N",
                        help="Potential clients in the target segment, e.g. 203000: each point's leads and new "
                             "clients as a share of it. Overrides the template's.")(command)


def wants_color(stream: Any, environ: Mapping[str, str] = os.environ) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def _print_warnings(result: Result, lang: str | None) -> None:
    """Possible but suspicious figures: the run succeeds, the consultant should look.

    Every warning of the run, as `leverage.solve` gives them: the inputs' and the lever changes',
    then unit economics and channels."""
    print_warnings(result.warnings, lang or result.inputs.lang)


def _print_comparison(scenarios: Result, lang: str | None, as_json: bool) -> None:
    from .render.table import comparison, terminal_style, to_json

    if as_json:
        click.echo(to_json(scenarios))
        return
    color = wants_color(sys.stdout)
    t = translator(lang or scenarios.inputs.lang, scenarios.inputs.currency)
    click.echo(comparison(scenarios, t, terminal_style) if color else comparison(scenarios, t), color=color)


@main.command(short_help="Solve INPUT, print the comparison and write the scenario workbook.")
@_scenario_options
@_simulation_options
@click.option("-o", "--output", type=click.Path(),
              help="Workbook to write. Default: INPUT's name with .leverage.xlsx, beside it.")
@click.option("--force", is_flag=True, help="Overwrite the output workbook if it exists.")
@click.option("--clients", "clients_path", type=click.Path(path_type=Path),
              help="A CRM export (.csv or .xlsx) whose --drop sets B′'s average check (and margin with costs).")
@click.option("--drop", "drops", multiple=True, metavar="WHAT",
              help='With --clients: the clients to drop (repeatable), as `leverage segments` takes them, e.g. "<100k".')
@click.option("--cost-per-client", type=Money(), help="With --clients: the cost to serve each client, where the export has none.")
@click.option("--year", type=click.IntRange(1900, 2999),
              help="With --clients and a date column: the calendar year analysed. Default: the last twelve months of data.")
@_market_option
@_debug_option
@_reporting
def solve(input_path: Path, target_profit: float | None, levers: tuple[str, ...], as_json: bool, lang: str | None,
          ranges: tuple[str, ...], samples: int, seed: int, output: str | None, force: bool,
          clients_path: Path | None, drops: tuple[str, ...], cost_per_client: float | None, year: int | None,
          market_size: float | None) -> None:
    """Back-calculate points B, B′ and B″ from the filled template INPUT and write the workbook.

    Prints the comparison and its conclusions (as `leverage show` does) and writes
    the workbook beside INPUT: summary, inputs, points, levers, charts and checks.
    With --range (or ranges in the template), B″ is also simulated: the
    probability of reaching the target and the P10, P50 and P90 profit.
    With --clients and --drop, B′'s average check is the template's times what
    the drop does to the export's (see `leverage segments`), unless --lever says.
    """
    if drops and clients_path is None:
        raise OptionError(Problem("--drop", None, _("expected --clients with --drop: the export whose clients are dropped")))
    if year is not None and clients_path is None:
        raise OptionError(Problem("--year", None, _("expected --clients with --year: the export whose year is analysed")))
    source: Any = input_path
    from_clients = report = None
    if clients_path is not None:
        from .client_segments import drop_levers

        source = api.load_inputs(input_path)
        report = api.segments(clients_path, drop=drops, cost_per_client=cost_per_client, year=year)
        from_clients = drop_levers(report, source, levers)
    changes: list[api.LeverSpec] = [*from_clients.changes] if from_clients else []
    changes += levers
    scenarios = api.solve(source, target_profit, changes, ranges, samples, seed, market_size=market_size)
    out = output or api.default_output(input_path)
    written = api.write_workbook(scenarios, out, force=force, lang=lang, 
                                 inputs=(input_path, *([clients_path] if clients_path else [])),
                                 clients=report if clients_path is not None else None)
    if as_json and from_clients is not None and report is not None:
        from .render.segments import solve_json

        click.echo(solve_json(scenarios, report, translator(lang or scenarios.inputs.lang, scenarios.inputs.currency)))
    else:
        _print_comparison(scenarios, lang, as_json)
    if from_clients is not None:
        if not as_json:
            click.echo("• " + translator(lang or scenarios.inputs.lang, scenarios.inputs.currency)(from_clients.conclusion))
        print_warnings(from_clients.warnings, lang or scenarios.inputs.lang)
    _print_warnings(scenarios, lang)
    click.echo(wrote(out, written, lang or scenarios.inputs.lang), err=True)


@main.command(short_help="Rank the five profit levers and say what each must reach for the target.")
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("--target-profit", type=Money(), help="Profit to reach next year, for the goal seek. Default: the template's.")
@click.option("--step", type=Step(), default="15%", show_default=True,
              help="How much each lever rises for the sensitivity: 15%, 0.15 or 15; -10% for a fall.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of the table.")
@click.option("--lang", type=click.Choice(LANGS), help="Language of the table. Default: the template's.")
@_debug_option
@_reporting
def levers(input_path: Path, target_profit: float | None, step: float, as_json: bool, lang: str | None) -> None:
    """Rank the five profit levers of INPUT and say what each alone must reach for the target.

    Sensitivity: leads, conversion, average check, retention and margin, each alone
    raised by --step against last year, then all five together. Goal seek: the value
    each lever alone must reach next year for the target profit, or why it cannot.
    """
    from .render.levers import table, to_json

    analysis = api.levers(input_path, target_profit, step)
    click.echo(to_json(analysis) if as_json else table(analysis, translator(lang or analysis.inputs.lang,
                                                                              analysis.inputs.currency)))
    print_warnings(analysis.warnings, lang or analysis.inputs.lang)


@main.command(short_help="Print the comparison of A, B, B′ and B″ without writing a file.")
@_scenario_options
@_simulation_options
@_market_option
@_debug_option
@_reporting
def show(input_path: Path, target_profit: float | None, levers: tuple[str, ...], as_json: bool, lang: str | None,
         ranges: tuple[str, ...], samples: int, seed: int, market_size: float | None) -> None:
    """Print points A, B, B′ and B″ of INPUT and the conclusions, without writing anything.

    The same comparison `solve` prints, so levers can be tried quickly:

        leverage show client.xlsx --lever avg_check=x2 --lever retention=+5pp

    With --range (or ranges in the template), B″ is simulated as `solve` does.
    Colour only on a terminal; set NO_COLOR to turn it off.
    """
    scenarios = api.solve(input_path, target_profit, levers, ranges, samples, seed, market_size=market_size)
    _print_comparison(scenarios, lang, as_json)
    _print_warnings(scenarios, lang)


@main.command(short_help="Phase B′ over the twelve months of the year: the monthly plan.")
@click.argument("input_path", metavar="INPUT", type=click.Path(path_type=Path))
@click.option("--target-profit", type=Money(), help="Profit to reach, e.g. 1.2M or 1 200 000. Default: the template's.")
@click.option("--lever", "levers", type=LEVER_CHANGE, multiple=True, metavar="NAME=CHANGE",
              help=f"Change a lever for B′ (repeatable; overrides the template's). NAME: {', '.join(LEVER_NAMES)}, "
                   f"conversion.K. CHANGE: {SYNTAX}.")
@click.option("--start", type=MONTH, help="First month of the plan, YYYY-MM. Default: next January.")
@click.option("--seasonality", type=SEASONALITY, default="even", show_default=True,
              help="How the year's flows spread over the months: even, or twelve weights such as 1,1,1,1,1,1,1,1,1,1,2,3.")
@click.option("--lag", type=click.IntRange(0, 11), default=0, show_default=True,
              help="Sales cycle in months: new clients of month m come from the leads of month m − LAG.")
@click.option("--months", type=int, default=12, show_default=True,
              help="Months the plan covers, 1 to 12: the first months of B′'s year.")
@click.option("--ramp", type=int, default=0, show_default=True,
              help="Months over which the funnel's conversions move from last year's to B′'s; the plan states the extra leads.")
@click.option("--owner", "owners", multiple=True, metavar="METRIC=NAME",
              help="Who answers for a metric (repeatable), shown beside it: leads, conversion, retention, avg_check, "
                   "margin or rev_per_employee, e.g. leads=Marketing.")
@click.option("-o", "--output", type=click.Path(),
              help="Plan workbook to write. Default: INPUT's name with .plan.xlsx, beside it.")
@click.option("--force", is_flag=True, help="Overwrite the plan workbook if it exists.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document (exact, locale-free figures) instead of the table.")
@click.option("--lang", type=click.Choice(LANGS), help="Language of the table and the workbook. Default: the template's.")
@_debug_option
@_reporting
def plan(input_path: Path, target_profit: float | None, levers: tuple[str, ...], start: Any, seasonality: Any,
         lag: int, months: int, ramp: int, owners: tuple[str, ...], output: str | None, force: bool, as_json: bool, lang: str | None) -> None:
    """The monthly plan of INPUT: point B′ by month, printed and written as the plan workbook.

    Flows (leads and every funnel stage, new clients, revenue, profit) add up over the
    twelve months to B′'s year; active clients and headcount end the year at B′'s.
    With --lag, the leads of the months before --start that the year must start with.
    The workbook holds the plan as live formulas and an Actuals block to type each
    month's figures into, with the variance, the forecast and what the months left need.
    """
    from .render.plan import plan_json, plan_table

    run = api.plan(input_path, target_profit, levers, start=start, seasonality=seasonality, lag=lag, months=months,
                   ramp=ramp, owners=owners)
    inputs = run.scenarios.inputs
    out = output or api.default_plan_output(input_path)
    written = api.write_plan_book(run, out, force=force, lang=lang, inputs=(input_path,))
    click.echo(plan_json(run) if as_json else plan_table(run, translator(lang or inputs.lang, inputs.currency)))
    print_warnings(run.warnings, lang or inputs.lang)
    click.echo(wrote(out, written, lang or inputs.lang), err=True)


def _tolerance(text: str) -> float:
    from .actuals import parse_tolerance

    return parse_tolerance(text)


@main.command(short_help="Track a plan workbook against its actuals: the profit gap by lever, alerts, re-plan.")
@click.argument("plan_path", metavar="PLAN", type=click.Path(path_type=Path))
@click.option("--actuals", "actuals_path", type=click.Path(path_type=Path),
              help="Actuals from a file (.csv or .xlsx, one row a month, a column per metric) instead of PLAN's cells.")
@click.option("--tolerance", type=Parsed("share", _tolerance), default=None,
              help="How far off plan a metric may be, e.g. 10%. Default: the plan workbook's (10 %).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document (exact, locale-free figures) instead of the table.")
@click.option("-o", "--output", type=click.Path(),
              help="Tracking workbook to write. Default: PLAN's name with .track.xlsx, beside it.")
@click.option("--force", is_flag=True, help="Overwrite the tracking workbook if it exists.")
@click.option("--lang", type=click.Choice(LANGS), help="Language of the table and workbook. Default: the plan's.")
@_debug_option
@_reporting
def track(plan_path: Path, actuals_path: Path | None, tolerance: float | None, as_json: bool, output: str | None,
          force: bool, lang: str | None) -> None:
    """Track the plan workbook PLAN (`leverage plan -o`) against the actuals typed into it, or --actuals FILE.

    Plan, actual and variance to date; the profit gap split into the levers' contributions
    (leads, conversion, retention, average check, margin), which add up to it; the largest
    shortfall and its owner; alerts for a metric off plan beyond --tolerance three months in a
    row; the year's forecast; and what the months left need to reach the target.
    Writes the tracking workbook (a Track sheet, and the plan's months with the actuals)
    to a new file, never to PLAN.
    """
    from .render.track import track_json, track_table

    run = api.track(plan_path, actuals=actuals_path, tolerance=tolerance)
    out = output or api.track_output(plan_path)
    written = api.write_track_workbook(run, out, force=force, lang=lang,
                                       inputs=(plan_path, *([actuals_path] if actuals_path else [])))
    click.echo(track_json(run) if as_json else track_table(run, translator(lang or run.lang, run.currency)))
    print_warnings(run.warnings, lang or run.lang)
    click.echo(wrote(out, written, lang or run.lang), err=True)


class Growth(click.ParamType):
    """A factor for last year's profit: x2, 2 or 1.5."""

    name = "factor"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, float):
            return value
        text = str(value).strip().lstrip("x×")
        try:
            factor = parse_number(text)
        except NumberFormatError:
            self.fail(f'"{value}": expected a factor of last year\'s profit such as x2 or 1.5', param, ctx)
        if not factor > 0 or too_large(factor):
            self.fail(f'"{value}": expected a factor above 0, such as x2 or 1.5', param, ctx)
        return factor


@main.command(short_help="Solve every client's template at once and summarise them.")
@click.argument("paths", metavar="PATH...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--target-growth", type=Growth(), help="Each client's target: last year's profit times this (x2, 1.5).")
@click.option("--target-profit-from-template", "from_template", is_flag=True,
              help="Each client's target: its template's target profit (the default).")
@click.option("--lever", "levers", type=LEVER_CHANGE, multiple=True, metavar="NAME=CHANGE",
              help="Change a lever for every client's B′, over its template's changes (repeatable).")
@click.option("--jobs", type=click.IntRange(min=1), help="Processes to solve on. Default: the number of cores.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document instead of the lines.")
@click.option("--csv", "csv_path", type=click.Path(path_type=Path), help="Also write the summary, one row a client, as CSV.")
@click.option("-o", "--output", "book_path", type=click.Path(path_type=Path), metavar="PORTFOLIO.xlsx",
              help="Also write the summary workbook: one row a client, a sheet per currency, the benchmarks.")
@click.option("--workbooks", "books_dir", type=click.Path(path_type=Path), metavar="DIR",
              help="Also write each client's scenario workbook (as `solve` does) into DIR, created if missing.")
@click.option("--force", is_flag=True, help="Overwrite the outputs (CSV, summary workbook, clients' workbooks) if they exist.")
@click.option("--group-by", type=click.Choice(("industry", "currency", "lang")),  # portfolio_run.GROUP_FIELDS
              help="Benchmark each client only among the clients whose template has the same value of this field.")
@click.option("--lang", type=click.Choice(LANGS), help="Language of the lines and messages. Default: the templates'.")
@_debug_option
@_reporting
def portfolio(paths: tuple[Path, ...], target_growth: float | None, from_template: bool, levers: tuple[str, ...],
              jobs: int | None, as_json: bool, csv_path: Path | None, book_path: Path | None, books_dir: Path | None,
              force: bool, group_by: str | None, lang: str | None) -> None:
    """Solve every client's template in PATH... (files, or folders of *.xlsx) as `solve` does.

    One line a client: B″'s profit against its target and its best lever; a client that cannot be
    solved has its problems listed and the run goes on (exit code 5 when some clients failed).
    """
    from . import portfolio_run as run

    if target_growth is not None and from_template:
        raise OptionError(Problem("--target-growth", None, _("give --target-growth or --target-profit-from-template, "
                                                             "not both"), has_seen=False))
    if csv_path is not None:  # refused before the run, not after it
        check_output(csv_path, force=force, inputs=())
    book_out = None if book_path is None else output_name(book_path)  # .xlsx added to a name without a suffix
    if book_out is not None:
        check_output(book_out, force=force, inputs=paths)
    outputs = tuple(p for p in (csv_path, book_out) if p is not None)
    bar = not as_json and sys.stderr.isatty()

    def progress(runs: Any, count: int) -> Any:
        with click.progressbar(runs, length=count, file=sys.stderr) as shown:
            yield from shown

    result = api.portfolio(paths, target_growth=target_growth, levers=levers, jobs=jobs, lang=lang,
                           outputs=outputs, progress=progress if bar else None, workbooks=books_dir, force=force,
                           group_by=group_by)
    shown_lang = lang or _templates_lang(result)
    if csv_path is not None:
        from .render.portfolio import write_csv

        write_csv(result, csv_path, force=force)
    if book_out is not None:
        api.write_portfolio(result, book_out, force=force, lang=shown_lang,
                            inputs=tuple(Path(c.file) for c in result.clients))
    if as_json:
        from .render.portfolio import write_json

        write_json(result, sys.stdout)
    else:
        for line in run_lines(result, shown_lang):
            click.echo(line)
    for _first, _second, message in result.duplicates:
        click.echo(f"Warning: {translator(shown_lang)(message)}", err=True)
    for client in result.failed:
        for error in client.errors:
            location = None if error["location"] == client.file else error["location"]
            where = [client.file, *([f"{location} ({error['metric']})" if error["metric"] else location]
                                    if location or error["metric"] else [])]
            click.echo(f"Error: {': '.join(str(w) for w in where)}: {error['message']}", err=True)
    t = translator(shown_lang)
    click.echo(t(_("{ok} of {total} clients solved, {failed} failed", ok=len(result.clients) - len(result.failed),
                   total=len(result.clients), failed=len(result.failed))), err=True)
    if csv_path is not None:
        click.echo(wrote(csv_path, csv_path, shown_lang), err=True)
    if book_path is not None and book_out is not None:
        click.echo(wrote(book_path, book_out, shown_lang), err=True)
    if books_dir is not None:
        count = len(result.clients) - len(result.failed)
        click.echo(t(N_("Wrote {n} client workbook into {path}", "Wrote {n} client workbooks into {path}", count,
                        path=books_dir)), err=True)
    if result.failed:
        sys.exit(run.SOME_FAILED)


def _templates_lang(result: Any) -> str:
    """The language of the clients' templates when they all share one, else English."""
    langs = {client.lang for client in result.clients if client.lang}
    return langs.pop() if len(langs) == 1 else "en"


def run_lines(result: Any, lang: str) -> list[str]:
    """One line a client: `worked-example.xlsx: Company: B″ profit 1,200,000 against a target of 1,200,000; best lever avg_check`."""
    from .i18n import Amount

    lines = []
    for client in result.clients:
        if client.status != "ok":
            lines.append(translator(lang)(_("{file}: not solved (its problems follow)", file=client.file)))
            continue
        t = translator(lang, client.currency or "USD")
        b2 = client.points.get("B''", {})
        lever = client.best_lever["lever"] if client.best_lever else "-"
        if b2.get("feasible"):
            lines.append(t(_("{file}: {company}: B″ profit {profit} against a target of {target}; best lever {lever}",
                             file=client.file, company=client.company, profit=Amount(b2["profit"]),
                             target=Amount(client.target_profit), lever=lever)))
        else:
            lines.append(t(_("{file}: {company}: B″ cannot be reached; best lever {lever}",
                             file=client.file, company=client.company, lever=lever)))
        lines.extend(f"  {t(line)}" for line in result.conclusions.get(client.file, ()))
    return lines


class Thresholds(click.ParamType):
    """Rising amounts separated by commas or semicolons, such as 100k,1M."""

    name = "amounts"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[float, ...]:
        if isinstance(value, tuple):
            return value
        try:
            amounts = tuple(parse_number(part) for part in str(value).replace(";", ",").split(",") if part.strip())
        except NumberFormatError as exc:
            self.fail(f'"{value}": {exc}', param, ctx)
        if not amounts or list(amounts) != sorted(set(amounts)) or amounts[0] <= 0:
            self.fail(f'"{value}": expected rising amounts above 0, such as 100k,1M', param, ctx)
        return amounts


class AbcLimits(click.ParamType):
    """The A and B limits of the cumulative revenue share, in percent: 80,95."""

    name = "a,b"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[float, float]:
        if isinstance(value, tuple):
            return value
        parts = str(value).replace("%", "").replace(";", ",").split(",")
        try:
            a, b = (float(part) / 100 for part in parts)
        except ValueError:
            self.fail(f'"{value}": expected two percentages such as 80,95', param, ctx)
        if not 0 < a < b < 1:
            self.fail(f'"{value}": expected two percentages rising between 0 and 100, such as 80,95', param, ctx)
        return a, b


class ColumnMap(click.ParamType):
    """ROLE=HEADER, such as revenue="Сумма, руб."."""

    name = "role=header"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> tuple[str, str]:
        from .clients import ROLES

        if isinstance(value, tuple):
            return value
        role, sep, header = str(value).partition("=")
        if not sep or role.strip() not in ROLES or not header.strip():
            self.fail(f'"{value}": expected ROLE=HEADER, ROLE one of {", ".join(ROLES)}', param, ctx)
        return role.strip(), header.strip()


@main.command(short_help="Cut a CRM export into segments and say what dropping one does to the average check.")
@click.argument("clients_path", metavar="CLIENTS", type=click.Path(path_type=Path))
@click.option("--cost-per-client", type=Money(), help="Cost to serve each client (acquisition, service), where the export has no cost column.")
@click.option("--bands", type=Thresholds(), help="Revenue band thresholds, e.g. 100k,1M. Default: powers of ten within the data.")
@click.option("--abc", type=AbcLimits(), default="80,95", show_default=True, help="The A and B limits of cumulative revenue, in %.")
@click.option("--drop", "drops", multiple=True, metavar="WHAT",
              help='Clients to drop (repeatable): "<100k" (below an annual revenue), a band, an ABC class (C) or a segment.')
@click.option("--column", "column_map", type=ColumnMap(), multiple=True, metavar="ROLE=HEADER",
              help="The column for a role (client, revenue, date, segment, cost), where its header does not say.")
@click.option("--sheet", help="The sheet of an .xlsx export. Default: the first.")
@click.option("--year", type=click.IntRange(1900, 2999), help="With a date column: the calendar year analysed. Default: the last twelve months of data.")
@click.option("--template", "template", type=click.Path(path_type=Path),
              help="A filled template: the export reconciled with it, and with --drop B′'s average check and margin.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document (exact figures) instead of the table.")
@click.option("-o", "--output", is_flag=False, flag_value="", metavar="[OUT.xlsx]",
              help="Also write the Segments sheet as a workbook. -o alone: CLIENTS's name with .segments.xlsx, beside it.")
@click.option("--force", is_flag=True, help="Overwrite the workbook if it exists.")
@click.option("--lang", type=click.Choice(LANGS), default="en", show_default=True, help="Language of the table and messages.")
@click.option("--currency", type=click.Choice(CURRENCIES, case_sensitive=False),
              help="The currency of the amounts. Default: the one their signs name, else USD.")
@_debug_option
@_reporting
def segments(clients_path: Path, cost_per_client: float | None, bands: tuple[float, ...] | None, abc: tuple[float, float],
             drops: tuple[str, ...], column_map: tuple[tuple[str, str], ...], sheet: str | None, year: int | None,
             template: Path | None, as_json: bool, output: str | None, force: bool, lang: str, currency: str | None) -> None:
    """Cut the client list CLIENTS (.csv or .xlsx CRM export) into segments; -o writes them as a workbook.

    Revenue bands, ABC classes by cumulative revenue and the export's own segment
    column: clients, revenue, shares, average check, and with costs the cost to
    serve and the contribution. --drop says what dropping a segment does:

        leverage segments crm.csv --cost-per-client 95k --drop "<100k"
    """
    from .render.segments import table, to_json

    report = api.segments(clients_path, bands=bands, abc=abc, drop=drops, columns=dict(column_map), sheet=sheet,
                          cost_per_client=cost_per_client, year=year, template=template)
    money = (currency or report.currency or (report.template.currency if report.template else None) or "USD").upper()
    t = translator(lang, money)
    written = None
    if output is not None:
        out = output or clients_path.with_name(clients_path.stem + ".segments.xlsx")
        written = api.write_segments(report, out, force=force, lang=lang, currency=money,
                                     inputs=(template,) if template else ())
    click.echo(to_json(report, t) if as_json else table(report, t))
    print_warnings(report.warnings, lang)
    if written is not None:
        click.echo(wrote(out, written, lang), err=True)
