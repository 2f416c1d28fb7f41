"""The Python API, with the CLI's verbs: `template`, `solve`, `show`, `levers`, `segments`, `write_workbook`, `plan`, `track`, `portfolio`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .changes import ambiguous_rate, parse_assignment
from .errors import ChangeError, InputError, LeverageError, Notice, OptionError, Problem
from .fileio import write_atomically
from .i18n import _
from .model import solve as solver
from .model.analysis import DEFAULT_STEP, LeverAnalysis, analyse
from .model.inputs import Change, Inputs, Point, Scenarios
from .model.result import Result, result_of
from .model.uncertainty import DEFAULT_SAMPLES, DEFAULT_SEED, Range, check_range, check_range_lever, combine_ranges, parse_range
from .model.uncertainty import simulate as _simulate
from .numbers import TypedAmount, other_currency
from .refusals import check_after_solving, check_before_solving, optional_target
from .refusals import resolve_target as resolve_target  # the API's own check of a target, for its callers

if TYPE_CHECKING:
    from .client_segments import SegmentReport
    from .model.plan import PlanResult, YearMonth
    from .model.track import TrackResult
    from .portfolio_run import Portfolio
    from .workbook import Section

T = TypeVar("T")

LeverSpec = str | tuple[str, Change]
RangeSpec = str | Range


def default_output(source: Path) -> Path:
    """`client.xlsx` -> `client.leverage.xlsx`, beside the input."""
    return source.with_name(f"{source.stem}.leverage.xlsx")


def default_plan_output(source: Path) -> Path:
    """`client.xlsx` -> `client.plan.xlsx`, beside the input: where `leverage plan` writes the plan workbook."""
    return source.with_name(f"{source.stem}.plan.xlsx")


def load_inputs(source: Inputs | str | Path) -> Inputs:
    """`source` itself, or the filled template at that path."""
    if isinstance(source, Inputs):
        return source
    from .form.read import read_template

    return read_template(Path(source))


def solve(
    source: Inputs | str | Path,
    target_profit: float | None = None,
    levers: Iterable[LeverSpec] = (),
    ranges: Iterable[RangeSpec] = (),
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    *,
    market_size: float | str | None = None,
) -> Result:
    """Points A, B, B' and B'' for a template file or for `Inputs`, with all that is computed from them.

    `levers` are `"avg_check=x2"` strings or `(lever, Change)` pairs; they
    override the template's change to the same lever and compose in order.
    `ranges` are `"avg_check=150k..200k"` strings or `(lever, low, high)` triples;
    they override the template's range for the same lever. With any range, B''
    is simulated (`samples` draws, `seed`) into `Result.uncertainty`.
    `market_size` (a whole number above 0, or text such as `"203 000"`) overrides the template's: each
    point's leads and new clients as a share of it go into `Result.market`, with their warnings.
    The `Result` also holds the lever analysis, the unit economics and the channels,
    and `Result.warnings` every warning of the run: the inputs' own (`Inputs.warnings`,
    set by the reader), those about the target and the lever changes, then the unit
    economics' and the channels' (what the CLI prints as `Warning: ...`).
    """
    inputs = load_inputs(source)
    steps = len(inputs.funnel) - 1
    changes: list[tuple[str, Change]] = []
    problems: list[Problem] = []   # the template's
    given: list[Problem] = []      # the options', located at the option
    notes: list[Notice] = []
    for spec in levers:
        if isinstance(spec, str):
            try:
                lever, change = parse_assignment(spec, steps)
            except ChangeError as exc:
                given.append(Problem("--lever", None, exc.args[0], has_seen=False))
                continue
            changes.append((lever, change))
            note = ambiguous_rate(lever, spec.partition("=")[2])
            if note is not None:
                notes.append(Notice("--lever", lever, note))
        else:
            changes.append(spec)
    if isinstance(target_profit, TypedAmount):
        if target_profit.currency not in (None, inputs.currency):
            notes.append(Notice("--target-profit", "target_profit",
                                other_currency(target_profit.sign, target_profit.currency, inputs.currency)))
        target_profit = float(target_profit)
    merged = _ranges(inputs, ranges, problems, given)
    if market_size is not None:
        inputs = _with_market_size(inputs, market_size, given)
    if given:  # the command line is wrong (exit code 2); the template's problems are told with it
        raise OptionError([*given, *problems], warnings=inputs.warnings).said_in(inputs.lang)
    if problems:
        raise InputError(problems, warnings=inputs.warnings).said_in(inputs.lang)
    check_before_solving(inputs, target_profit, changes)
    scenarios = solver.solve(inputs, target_profit, changes)
    check_after_solving(scenarios, changes)
    if notes:
        scenarios = replace(scenarios, warnings=(*scenarios.warnings, *notes))
    if merged:
        scenarios = replace(scenarios, uncertainty=_simulate(scenarios, merged, samples, seed))
    return result_of(scenarios)


def _with_market_size(inputs: Inputs, size: float | str, given: list[Problem]) -> Inputs:
    """`inputs` with the market size given over the template's, located at --market-size; a bad one is
    appended to `given`."""
    from .model.market import OPTION, parse_market_size

    try:
        value = parse_market_size(size)
    except ChangeError as exc:
        given.append(Problem(OPTION, None, exc.args[0], has_seen=False))
        return inputs
    return replace(inputs, market_size=value, sources=(*inputs.sources, ("market_size", OPTION)))


def _ranges(inputs: Inputs, specs: Iterable[RangeSpec], problems: list[Problem], given: list[Problem]) -> tuple[Range, ...]:
    """The template's ranges with the given ones over them, checked; the template's problems are appended
    to `problems`, the given ranges' (located at --range) to `given`."""
    steps = len(inputs.funnel) - 1

    def checked(spec: RangeSpec) -> Range:
        if isinstance(spec, str):
            return parse_range(spec, steps)
        lever, low, high = spec
        return check_range(check_range_lever(lever, steps), low, high)

    template, checked_given = [], []
    for lever, low, high in inputs.ranges:
        try:
            template.append(checked((lever, low, high)))
        except ChangeError as exc:
            problems.append(Problem(inputs.source(f"range.{lever}"), lever, exc.args[0], has_seen=False))
    for spec in specs:
        try:
            checked_given.append(checked(spec))
        except ChangeError as exc:
            given.append(Problem("--range", None, exc.args[0], has_seen=False))
    try:
        combine_ranges(template, ())
    except ChangeError as exc:  # conversion and conversion.K both ranged in the template
        problems.append(Problem(inputs.source("range.conversion"), "conversion", exc.args[0], has_seen=False))
        return ()
    try:
        return combine_ranges(template, checked_given)
    except ChangeError as exc:
        given.append(Problem("--range", None, exc.args[0], has_seen=False))
        return ()


def levers(source: Inputs | str | Path, target_profit: float | None = None, step: float = DEFAULT_STEP) -> LeverAnalysis:
    """What each lever is worth (each alone raised by `step`) and, given a target, what each must reach.

    `target_profit` overrides the template's; without either, the goal seek is left out.
    """
    inputs = load_inputs(source)
    optional_target(inputs, target_profit)
    return analyse(inputs, target_profit, step)


def show(
    source: Inputs | str | Path,
    target_profit: float | None = None,
    levers: Iterable[LeverSpec] = (),
    ranges: Iterable[RangeSpec] = (),
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    *,
    lang: str | None = None,
    color: bool = False,
    market_size: float | str | None = None,
) -> str:
    """The comparison of points A, B, B' and B'' with its conclusions, as text; writes nothing.

    The arguments before `lang` are `solve`'s: with ranges, the simulation of B''
    is shown too. `color` adds terminal colours (bold headers, good news green,
    problems red).
    """
    from .i18n import translator
    from .render.table import comparison, terminal_style

    scenarios = solve(source, target_profit, levers, ranges, samples, seed, market_size=market_size)
    t = translator(lang or scenarios.inputs.lang, scenarios.inputs.currency)
    return comparison(scenarios, t, terminal_style) if color else comparison(scenarios, t)


def write_workbook(scenarios: Scenarios, output: str | Path, *, force: bool = False,
                   lang: str | None = None, inputs: Iterable[Path] = (), sections: Iterable["Section"] = (),
                   clients: SegmentReport | None = None) -> Path:
    """Write the scenario workbook whole or not at all; refuse to overwrite unless `force`.

    Returns the path written: `output`, with .xlsx added to a name without a suffix.

    `sections` add sheets and summary blocks (see `leverage.workbook.context`). `clients` (what `segments`
    returns) adds the Segments sheet, and B′'s average check (and margin) refers to its drop where it is the drop's.
    """
    from .workbook import write_workbook as _write_workbook  # xlsxwriter only when a workbook is written

    sections = tuple(sections)
    if clients is not None:
        from .workbook.segments_sheet import segments_section

        sections += (segments_section(clients),)
    try:
        return write_atomically(
            output, lambda tmp: _write_workbook(scenarios, tmp, lang=lang, sections=sections),
            force=force, inputs=tuple(inputs),
        )
    except LeverageError as exc:  # an output that cannot be written is told in the template's language
        exc.said_in(lang or scenarios.inputs.lang)
        raise


def template(output: str | Path, *, lang: str = "en", currency: str = "USD", force: bool = False) -> Path:
    """Write the blank input template; returns the path written (.xlsx added to a name without a suffix)."""
    from .form.write import write_template

    return write_template(output, lang=lang, currency=currency, force=force)


def plan(
    source: Inputs | str | Path,
    target_profit: float | None = None,
    levers: Iterable[LeverSpec] = (),
    *,
    start: str | YearMonth | None = None,
    seasonality: str | Sequence[float] | None = None,
    lag: int = 0,
    months: int = 12,
    ramp: int = 0,
    owners: Iterable[str | tuple[str, str]] = (),
) -> PlanResult:
    """Point B' of `solve` phased over twelve months from `start` (`"2027-01"`; default: next January).

    `seasonality`: None or `"even"` (every month alike), `"1,1,2,..."` or twelve numbers (weights of
    the year's flows); `lag`: the sales cycle in months (new clients of month m come from the leads of
    month m − lag, and the plan's `pipeline` holds the leads of the months before `start`);
    `months`: the plan's length, 1 to 12 (the first months of the year B' is); `ramp`: the months over
    which the funnel's conversions move from A's to B''s (the plan's `extra_leads` are what that costs).
    Bad settings raise OptionError located at the option (--start, --seasonality, --lag, --months,
    --ramp, --owner); a B' that cannot be computed is refused with its reason. `owners`: who answers
    for each metric, as `"leads=Marketing: Anna"` or ("leads", "Marketing: Anna"), by leads,
    conversion, retention, avg_check, margin and rev_per_employee: shown beside the metrics.
    """
    from .model.plan import PlanResult, plan_of
    from .plan_settings import (
        OWNERS,
        check_lag,
        check_lag_within,
        check_months,
        check_ramp,
        check_weights,
        default_start,
        parse_owner,
        parse_seasonality,
        parse_start,
    )

    given: list[Problem] = []

    def checked(option: str, check: Callable[[], T]) -> T | None:
        try:
            return check()
        except ChangeError as exc:
            given.append(Problem(option, None, exc.args[0], has_seen=False))
            return None

    month = checked("--start", lambda: parse_start(start) if isinstance(start, str) else start) or default_start()
    if isinstance(seasonality, str):
        weights = checked("--seasonality", lambda: parse_seasonality(seasonality))
    else:
        weights = None if seasonality is None else checked("--seasonality", lambda: check_weights(list(seasonality)))
    lag_ok = checked("--lag", lambda: check_lag(lag)) is not None
    if checked("--months", lambda: check_months(months)) is not None:
        if lag_ok:
            checked("--lag", lambda: check_lag_within(lag, months))
        checked("--ramp", lambda: check_ramp(ramp, months))
    named: dict[str, str] = {}  # the --owner options; the template's owners fill the others
    for spec in owners:
        text = spec if isinstance(spec, str) else "=".join(spec)
        pair = checked("--owner", partial(parse_owner, text))
        if pair is not None:
            named[pair[0]] = pair[1]
    inputs = load_inputs(source)
    if given:
        raise OptionError(given, warnings=inputs.warnings).said_in(inputs.lang)
    season_notices: tuple[Notice, ...] = ()
    if isinstance(weights, str):  # --seasonality last-year: the template's monthly revenue
        from .plan_settings import last_year_weights

        try:
            weights, season_notices = last_year_weights(inputs, month)
        except InputError as exc:
            raise InputError(exc.problems, warnings=inputs.warnings).said_in(inputs.lang) from None
    named = {**dict(inputs.owners), **named}
    result = solve(inputs, target_profit, levers)
    point = result["B'"]
    if not isinstance(point, Point):
        from .render.plan import reasons_in_language

        why = reasons_in_language(result, point.reasons)
        raise InputError(Problem(None, None, _("point B′ cannot be computed, so there is no plan to phase: {why}",
                                               why=why), has_seen=False),
                         warnings=result.warnings).said_in(inputs.lang)
    from .model.plan_scenarios import plan_scenarios

    return PlanResult(result, plan_of(point, inputs.headcount, month, weights, lag, months=months, ramp=ramp,
                                      start_levers=result["A"].levers), plan_scenarios(result, point),
                      tuple((key, named[key]) for key in OWNERS if key in named), season_notices)


def write_plan_book(run: PlanResult, output: str | Path, *, force: bool = False, lang: str | None = None,
                    inputs: Iterable[str | Path] = ()) -> Path:
    """Write the plan workbook of `run` (`plan(...)`) to `output` atomically; returns the path written.

    Refuses to overwrite an existing file unless `force`, and never overwrites one of `inputs`.
    """
    from .workbook.plan_book import write_plan_book as _write

    try:
        return write_atomically(output, lambda tmp: _write(run, tmp, lang=lang), force=force,
                                inputs=tuple(Path(p) for p in inputs))
    except LeverageError as exc:
        exc.said_in(lang or run.scenarios.inputs.lang)
        raise


def track(plan_path: str | Path, *, actuals: str | Path | None = None,
          tolerance: str | float | None = None) -> TrackResult:
    """The plan workbook at `plan_path` (`leverage plan -o`) tracked against its actuals: those typed into it, or
    those of the file `actuals` (.csv or .xlsx, one row a month). `tolerance`: how far off plan a metric may be
    before it counts towards an alert (`"10%"`, 0.1; default: the workbook's `plan_tolerance`).

    Returns a `TrackResult` (`leverage.model.track`): `.track` holds the months, the sums to date, the profit gap's
    contributions by lever, the alerts, the forecast and the re-plan; `.warnings` what the reading found. A bad
    tolerance raises OptionError at --tolerance; a workbook that is no plan, or actuals with a gap, InputError.
    """
    from .actuals import parse_tolerance, read_actuals_file, read_plan_book
    from .model.track import TrackResult
    from .model.track import track as track_of

    share: float | None = None
    if isinstance(tolerance, str):
        try:
            share = parse_tolerance(tolerance)
        except ChangeError as exc:
            raise OptionError(Problem("--tolerance", None, exc.args[0], has_seen=False)) from None
    elif tolerance is not None:
        if not 0 < tolerance < 1:
            raise OptionError(Problem("--tolerance", None, _("expected a tolerance above 0 and below 100 %"),
                                      has_seen=False))
        share = float(tolerance)
    book = read_plan_book(plan_path)
    if actuals is not None:
        book = read_actuals_file(actuals, book)
    if not book.actual:
        raise InputError(Problem(str(plan_path), None, _(
            "holds no actuals yet: type the first month's into the Actuals rows (actual_*), or give them with "
            "--actuals FILE"), has_seen=False)).said_in(book.lang)
    if share is None:
        share = book.tolerance
    result = track_of(book.months, book.plan, book.actual, clients_start=book.clients_start,
                      target_profit=book.target_profit, tolerance=share)
    return TrackResult(result, book.stage_names, book.owners, book.currency, book.lang, book.warnings, book.lag)


def track_output(plan_path: Path) -> Path:
    """`plan.xlsx` -> `plan.track.xlsx`, beside the plan."""
    return plan_path.with_name(f"{plan_path.stem}.track.xlsx")


def write_track_workbook(run: TrackResult, output: str | Path, *, force: bool = False, lang: str | None = None,
                         inputs: Iterable[Path] = ()) -> Path:
    """Write the tracking workbook (a Track sheet, and the plan's months with the actuals) whole or not at all;
    never over one of `inputs`, nor over an existing file unless `force`. Returns the path written."""
    from .workbook.track_sheet import write_track_workbook as _write

    try:
        return write_atomically(output, lambda tmp: _write(run, tmp, lang=lang), force=force, inputs=tuple(inputs))
    except LeverageError as exc:
        exc.said_in(lang or run.lang)
        raise


def portfolio(paths: Iterable[str | Path] | str | Path, *, target_growth: float | None = None,
              levers: Iterable[str] = (), jobs: int | None = None, lang: str | None = None,
              outputs: Iterable[str | Path] = (), progress: Any = None, workbooks: str | Path | None = None,
              force: bool = False, group_by: str | None = None) -> "Portfolio":
    """Solve every client's template in `paths` (files, or folders of *.xlsx) at once, as `solve` does.

    Returns a `leverage.portfolio_run.Portfolio`: `.clients`, one `ClientRun` a template (status "ok" with
    its points as `solve --json` gives them, or "error" with every problem), and `.summary`, the pandas
    DataFrame with one row a client. Each target is the template's, or last year's profit times
    `target_growth`; `levers` apply to every client's B'. `jobs` processes (default: the cores);
    `lang` is the language of the problems' messages (default English). A folder with no template or
    a path that does not exist raises InputError; a bad template never stops the run. With `workbooks`,
    a folder (created if missing), each solved client's scenario workbook is written there as
    `client.leverage.xlsx`; one that exists without `force`, or two templates of the same name, raise
    OutputError before anything is solved.
    `group_by` (a text field: "industry", "currency", "lang") benchmarks each client within its group only.
    """
    from . import portfolio_run as _portfolio

    if target_growth is not None and not target_growth > 0:
        raise OptionError(Problem("--target-growth", None, _("expected a factor above 0, such as x2 or 1.5"),
                                  has_seen=False))
    if jobs is not None and jobs < 1:
        raise OptionError(Problem("--jobs", None, _("expected 1 process or more"), has_seen=False))
    if group_by is not None and group_by not in _portfolio.GROUP_FIELDS:
        raise OptionError(Problem("--group-by", None, _("expected a template field to group by: {fields}",
                                                        fields=", ".join(_portfolio.GROUP_FIELDS)), has_seen=False))
    if isinstance(paths, (str, Path)):
        paths = [paths]
    return _portfolio.run(paths, target_growth=target_growth, levers=tuple(levers), jobs=jobs, lang=lang,
                          outputs=outputs, progress=progress, workbooks=workbooks, force=force,
                          group_by=group_by)


def write_portfolio(portfolio: "Portfolio", output: str | Path, *, force: bool = False, lang: str = "en",
                    inputs: Iterable[Path] = ()) -> Path:
    """Write the portfolio's summary workbook whole or not at all; refuse to overwrite unless `force`.

    One row a client on the Clients sheet (and on a sheet per currency when currencies mix), the
    benchmarks with a chart per lever on the Benchmarks sheet, its words in `lang`. Returns the path
    written: `output`, with .xlsx added to a name without a suffix.
    """
    from .workbook.portfolio_book import write_portfolio_book  # xlsxwriter only when a workbook is written

    return write_atomically(output, lambda tmp: write_portfolio_book(portfolio, tmp, lang=lang), force=force,
                            inputs=tuple(inputs))


def write_segments(report: SegmentReport, output: str | Path, *, force: bool = False, lang: str = "en",
                   currency: str | None = None, inputs: Iterable[Path] = ()) -> Path:
    """Write the Segments sheet of `report` (what `segments` returns) as a workbook of its own, whole or not at
    all; refuse to overwrite unless `force`. `currency`: the amounts' (default: the one their signs name, else USD).
    Returns the path written."""
    from .workbook.segments_sheet import write_segments_workbook

    money = (currency or report.currency or "USD").upper()
    try:
        return write_atomically(output, lambda tmp: write_segments_workbook(report, tmp, lang=lang, currency=money),
                                force=force, inputs=(report.source, *inputs))
    except LeverageError as exc:
        exc.said_in(lang)
        raise


def segments(path: str | Path, *, bands: Iterable[float] | None = None, abc: tuple[float, float] = (0.80, 0.95),
             drop: Iterable[str] = (), columns: dict[str, str] | None = None, sheet: str | None = None,
             cost_per_client: float | None = None, year: int | None = None,
             template: Inputs | str | Path | None = None) -> SegmentReport:
    """The segments of a CRM or accounting export (.csv or .xlsx): revenue bands, ABC classes by cumulative
    revenue, the export's own segments, and what dropping `drop` (`"<100k"`, a band, `"C"`, a segment) does to
    the average check and the contribution. `SegmentReport.clients` and `.segments` are pandas DataFrames;
    `.year` (with a date column; `year` picks a calendar year, else the last twelve months) gives purchases per
    client, the average transaction and the clients at the start, new and lost; `.whale` the cumulative profit
    curve when costs are known; `.drop_conclusion` the drop's sentence. With `template` (a filled template or its
    Inputs) the export is reconciled with it as `solve --clients` does (warnings; another currency refused) and
    `.template` holds A's and B′'s average check and margin as the drop makes them."""
    from .client_segments import analyse_clients

    return analyse_clients(path, bands=None if bands is None else tuple(bands), abc=abc, drop=tuple(drop),
                           columns=columns, sheet=sheet, cost_per_client=cost_per_client, year=year,
                           template=template)
