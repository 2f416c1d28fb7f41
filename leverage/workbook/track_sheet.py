"""The tracking workbook `leverage track` writes: the plan's months with the actuals (a sheet that is itself a plan
workbook by the contract's names, so it can be tracked again), and the Track sheet.

XlsxWriter cannot edit the plan workbook, so this is a new workbook: the Plan sheet holds the plan's figures and the
actuals as values, under the names `leverage plan -o` gives them (`plan_month`, `plan_stage_1`..., `actual_*`,
`plan_kind`, the owners); the Track sheet holds the tracking's figures as values, and a few formulas, each with
its value cached: the variances (actual − plan and its share of the plan) and the totals. Variances beyond the
tolerance (the Plan sheet's `plan_tolerance`) are coloured.
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from ..i18n import Translator, translator
from ..i18n.terms import lever_label, lever_name, metric
from ..i18n.tracking import REASONS, TRACKED_LEVERS, alert_text
from ..model.track import LEVERS, Figures, TrackResult, Variance
from .page import PAPER
from .styles import FIXED_CREATED, WORKBOOK_OPTIONS, Formats, make_formats

PLAN_KIND = "leverage-plan/1"
LEVER_METRICS = ("conversion", "retention", "avg_check", "margin", "rev_per_employee")
OWNER_LEVERS = ("leads", "conversion", "retention", "avg_check", "margin", "rev_per_employee")
_RATES = ("conversion", "retention", "margin")


def _cell(row: int, col: int) -> str:
    return xl_rowcol_to_cell(row, col)


def _absolute(sheet: str, row: int, col: int, last_col: int | None = None) -> str:
    ref = f"{quote_sheetname(sheet)}!{xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)}"
    if last_col is not None:
        ref += f":{xl_rowcol_to_cell(row, last_col, row_abs=True, col_abs=True)}"
    return ref


def _figure(f: Figures, key: str) -> float:
    if key.startswith("stage_"):
        return f.stages[int(key.removeprefix("stage_")) - 1]
    value: float = getattr(f, key)
    return value


def _plan_sheet(book: xlsxwriter.Workbook, run: TrackResult, t: Translator, fmt: Formats) -> str:
    """The plan's months and the actuals, under the plan workbook's names; returns the sheet's name."""
    tr, names = run.track, run.stage_names
    name = t.gettext("Plan and actuals")
    ws = book.add_worksheet(name)
    ws.set_column(0, 0, 34)
    ws.set_column(1, len(tr.plan_months), 13)
    last = len(tr.plan_months)
    ws.write(0, 0, t.gettext("Month"), fmt.header)
    for i, month in enumerate(tr.plan_months):
        ws.write_string(0, 1 + i, month, fmt.header)
    book.define_name("plan_month", f"={_absolute(name, 0, 1, last)}")
    keys = [*(f"stage_{j}" for j in range(1, len(names) + 1)), "active_clients", "revenue", "profit", "headcount"]

    def label(key: str) -> str:
        if key.startswith("stage_"):
            return names[int(key.removeprefix("stage_")) - 1]
        return {"active_clients": t.gettext("Active clients"), "revenue": metric(t, "revenue"),
                "profit": metric(t, "profit"), "headcount": metric(t, "headcount")}[key]

    row = 1
    ws.write(row, 0, t.gettext("Plan"), fmt.section)
    row += 1
    for key in keys:
        ws.write(row, 0, label(key), fmt.label)
        style = fmt.money if key in ("revenue", "profit") else fmt.count
        for i, f in enumerate(tr.plan):
            ws.write_number(row, 1 + i, _figure(f, key), style)
        book.define_name(f"plan_{key}", f"={_absolute(name, row, 1, last)}")
        row += 1
    ws.write(row, 0, t.gettext("Actuals"), fmt.section)
    row += 1
    for key in keys:
        ws.write(row, 0, label(key), fmt.label)
        style = fmt.money_input if key in ("revenue", "profit") else fmt.count_input
        for i in range(len(tr.plan_months)):
            if i < len(tr.months):
                ws.write_number(row, 1 + i, _figure(tr.months[i].actual, key), style)
            else:
                ws.write_blank(row, 1 + i, None, style)
        book.define_name(f"actual_{key}", f"={_absolute(name, row, 1, last)}")
        row += 1
    row += 1
    ws.write(row, 0, t.gettext("Funnel stages"), fmt.label)
    for j, stage in enumerate(names):
        ws.write_string(row, 1 + j, stage)
    book.define_name("plan_stage_names", f"={_absolute(name, row, 1, len(names))}")
    row += 1
    singles: list[tuple[str, str, object, object]] = [
        ("plan_kind", t.gettext("Workbook"), PLAN_KIND, fmt.text),
        ("plan_clients_start", metric(t, "clients_start"), tr.clients_start, fmt.count),
        ("plan_lag", t.gettext("Sales cycle, months"), run.lag, fmt.whole),
        ("plan_target_profit", t.gettext("Target profit"), tr.target_profit, fmt.money),
        ("plan_currency", t.gettext("Currency"), run.currency, fmt.text),
        ("plan_lang", t.gettext("Language"), run.lang, fmt.text),
        ("plan_tolerance", t.gettext("Tolerance"), tr.tolerance, fmt.rate_input),
        *((f"owner_{lever}", t.gettext("Owner: {lever}", lever=lever_name(t, lever)), run.owners.get(lever, ""),
           fmt.text_input) for lever in OWNER_LEVERS),
    ]
    for key, text, value, style in singles:
        ws.write(row, 0, text, fmt.label)
        if isinstance(value, str):
            if value:
                ws.write_string(row, 1, value, style)
            else:
                ws.write_blank(row, 1, None, style)
        else:
            ws.write_number(row, 1, float(value), style)  # type: ignore[arg-type]
        book.define_name(key, f"={_absolute(name, row, 1)}")
        row += 1
    ws.freeze_panes(1, 1)
    _print_wide(ws, t)
    return name


def _print_wide(ws: Worksheet, t: Translator) -> None:
    """Landscape, one page wide (the sheet's columns read together), as many pages tall as it takes."""
    ws.set_landscape()
    ws.set_paper(PAPER.get(t.lang, PAPER["en"]))
    ws.fit_to_pages(1, 0)
    ws.set_footer("&C" + t.gettext("Page &P of &N"))


def _variance_row(ws: object, row: int, plan: float | None, actual: float | None, style: object, fmt: Formats) -> None:
    """Plan, actual, then the formulas actual − plan and its share of the plan, with their values cached."""
    w = ws
    if plan is None or actual is None:
        for col, value in ((1, plan), (2, actual)):
            if value is None:
                w.write_string(row, col, "—")  # type: ignore[attr-defined]
            else:
                w.write_number(row, col, value, style)  # type: ignore[attr-defined]
        return
    w.write_number(row, 1, plan, style)  # type: ignore[attr-defined]
    w.write_number(row, 2, actual, style)  # type: ignore[attr-defined]
    b, c, d = _cell(row, 1), _cell(row, 2), _cell(row, 3)
    w.write_formula(row, 3, f"={c}-{b}", style, actual - plan)  # type: ignore[attr-defined]
    share = Variance(plan, actual).share
    w.write_formula(row, 4, f'=IF({b}=0,"",{d}/ABS({b}))', fmt.rate,  # type: ignore[attr-defined]
                    "" if share is None else share)


def write_track_workbook(run: TrackResult, path: Path | str, *, lang: str | None = None) -> None:
    """Write the tracking workbook of `run` to `path` (overwriting it): the Track sheet first, then the plan's months
    with the actuals."""
    lang = lang or run.lang
    t = translator(lang, run.currency)
    tr, names = run.track, run.stage_names
    book = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    book.set_properties({"title": t.gettext("Lever method: plan against actuals"),
                         "subject": t.gettext("Lever method: plan against actuals"), "created": FIXED_CREATED})
    fmt = make_formats(book, run.currency, lang)
    off = book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
    ws = book.add_worksheet(t.gettext("Track"))
    _plan_sheet(book, run, t, fmt)
    ws.set_column(0, 0, 46)
    ws.set_column(1, 8, 15)
    done = tr.months_with_actuals
    ws.write(0, 0, t.ngettext("Tracking: {n} month with actuals ({first} to {last}), tolerance {tolerance}",
                              "Tracking: {n} months with actuals ({first} to {last}), tolerance {tolerance}",
                              len(done), first=done[0], last=done[-1], tolerance=t.percent(tr.tolerance, 0)),
             fmt.title)
    row = 2
    for col, text in enumerate((t.gettext("To date"), t.gettext("Plan"), t.gettext("Actual"), t.gettext("Variance"),
                                "%")):
        ws.write(row, col, text, fmt.header)
    row += 1
    first_share = row
    p, a = tr.to_date_plan, tr.to_date_actual
    figures = [*((name, p.stages[j], a.stages[j], fmt.count) for j, name in enumerate(names)),
               (t.gettext("Active clients"), p.active_clients, a.active_clients, fmt.count),
               (metric(t, "revenue"), p.revenue, a.revenue, fmt.money),
               (metric(t, "profit"), p.profit, a.profit, fmt.money),
               (metric(t, "headcount"), p.headcount, a.headcount, fmt.count)]
    profit_row = row + len(names) + 2
    for label, pv, av, style in figures:
        ws.write(row, 0, label, fmt.label)
        _variance_row(ws, row, pv, av, style, fmt)
        row += 1
    for lever in LEVER_METRICS:
        ws.write(row, 0, t(TRACKED_LEVERS[lever]), fmt.label)
        style = fmt.rate if lever in _RATES else fmt.money
        _variance_row(ws, row, tr.to_date_plan_levers.get(lever), tr.to_date_actual_levers.get(lever), style, fmt)
        row += 1
    tolerance = "plan_tolerance"  # the Plan sheet's input cell: change it, and the colours follow
    share_range = f"{_cell(first_share, 4)}:{_cell(row - 1, 4)}"
    ws.conditional_format(share_range, {"type": "formula", "format": off,
                                        "criteria": f'=AND(ISNUMBER({_cell(first_share, 4)}),'
                                                    f'ABS({_cell(first_share, 4)})>{tolerance})'})
    row += 1
    ws.write(row, 0, t.gettext("Profit gap to date, by lever"), fmt.section)
    ws.write(row, 1, metric(t, "profit"), fmt.section)
    row += 1
    first_lever = row
    for lever in LEVERS:
        ws.write(row, 0, lever_name(t, lever), fmt.label)
        ws.write_number(row, 1, tr.contributions[lever], fmt.money)
        row += 1
    total = sum(tr.contributions.values())
    ws.write(row, 0, t.gettext("Total"), fmt.label)
    ws.write_formula(row, 1, f"=SUM({_cell(first_lever, 1)}:{_cell(row - 1, 1)})", fmt.money, total)
    row += 1
    ws.write(row, 0, t.gettext("Profit gap to date"), fmt.label)
    ws.write_formula(row, 1, f"={_cell(profit_row, 3)}", fmt.money, a.profit - p.profit)
    row += 1
    if len(tr.steps) > 1:
        for j, amount in enumerate(tr.steps):
            ws.write(row, 0, lever_label(t, f"conversion.{j + 1}", names), fmt.label)
            ws.write_number(row, 1, amount, fmt.money)
            row += 1
    shortfall = tr.largest_shortfall
    if shortfall is not None:
        owner = run.owners.get(shortfall.lever, "")
        ws.write(row, 0, t.gettext("Largest shortfall"), fmt.label)
        ws.write(row, 1, lever_name(t, shortfall.lever))
        ws.write_number(row, 2, shortfall.amount, fmt.money)
        ws.write(row, 3, t.gettext("owner: {owner}", owner=owner) if owner else t.gettext("no owner named in the plan"))
        row += 1
    row += 1
    ws.write(row, 0, t.gettext("By month"), fmt.section)
    row += 1
    heads = [t.gettext("Month"), t.gettext("Profit plan"), t.gettext("Profit actual"), t.gettext("Gap"),
             *(lever_name(t, lever) for lever in LEVERS)]
    for col, text in enumerate(heads):
        ws.write(row, col, text, fmt.header)
    row += 1
    for m in tr.months:
        ws.write_string(row, 0, m.month)
        ws.write_number(row, 1, m.plan.profit, fmt.money)
        ws.write_number(row, 2, m.actual.profit, fmt.money)
        ws.write_formula(row, 3, f"={_cell(row, 2)}-{_cell(row, 1)}", fmt.money, m.gap)
        for k, lever in enumerate(LEVERS):
            ws.write_number(row, 4 + k, m.contributions[lever], fmt.money)
        row += 1
    row += 1
    ws.write(row, 0, t.gettext("Alerts:"), fmt.section)
    row += 1
    if tr.alerts:
        for alert in tr.alerts:
            ws.write(row, 0, alert_text(alert, tr, run.owners.get(alert.metric, ""), t))
            row += 1
    else:
        ws.write(row, 0, t.gettext("No alerts: no metric off plan by more than {tolerance} for three months in a row.",
                                   tolerance=t.percent(tr.tolerance, 0)))
        row += 1
    row += 1
    for col, text in enumerate((t.gettext("Forecast of the year"), t.gettext("Actuals + plan for the months left"),
                                t.gettext("At the run rate"))):
        ws.write(row, col, text, fmt.header)
    row += 1
    for key, label, style in (("profit", metric(t, "profit"), fmt.money), ("revenue", metric(t, "revenue"), fmt.money),
                              ("leads", metric(t, "leads"), fmt.count),
                              ("new_clients", metric(t, "clients_new"), fmt.count)):
        ws.write(row, 0, label, fmt.label)
        ws.write_number(row, 1, tr.forecast.plan_rest[key], style)
        ws.write_number(row, 2, tr.forecast.run_rate[key], style)
        row += 1
    ws.write(row, 0, t.gettext("Target profit"), fmt.label)
    ws.write_number(row, 1, tr.target_profit, fmt.money)
    row += 2
    replan = tr.replan
    if replan is not None:
        ws.write(row, 0, t.gettext("Re-plan: the months left"), fmt.section)
        ws.write(row, 1, f"{replan.months_left[0]} – {replan.months_left[-1]}", fmt.section)
        row += 1
        for label, value, style in ((t.gettext("Profit needed"), replan.profit_needed, fmt.money),
                                    (t.gettext("Profit in the plan"), replan.plan_profit_left, fmt.money),
                                    (t.gettext("Conversion seen so far"), replan.conversion_seen, fmt.rate),
                                    (t.gettext("Leads needed at it"), replan.leads, fmt.count),
                                    (t.gettext("Leads planned"), replan.leads_planned, fmt.count)):
            ws.write(row, 0, label, fmt.label)
            if value is None:
                ws.write_string(row, 1, "—")
            else:
                ws.write_number(row, 1, value, style)
            row += 1
        for col, text in enumerate((t.gettext("Or one lever alone, with the leads planned:"), t.gettext("Plan"),
                                    t.gettext("Needed"))):
            ws.write(row, col, text, fmt.header)
        row += 1
        for r in replan.levers:
            style = fmt.rate if r.lever in _RATES else (fmt.money if r.lever == "avg_check" else fmt.count)
            ws.write(row, 0, t(TRACKED_LEVERS[r.lever]), fmt.label)
            ws.write_number(row, 1, r.plan, style)
            if r.value is None or r.reason is not None:
                ws.write(row, 2, t(REASONS[r.reason or "unreachable"]))
            else:
                ws.write_number(row, 2, r.value, style)
            row += 1
    _print_wide(ws, t)
    ws.activate()
    book.close()

