"""The plan workbook (`leverage plan -o PLAN.xlsx`): B′ by month as live formulas, the actuals beside it.

One sheet, months across (financial-modelling practice): B′'s annual figures and the month
weights are inputs; a timeline row, a flag row for the months that have actuals, the plan rows
(one formula each, repeated across the months, the year's total a formula too), then the
Actuals block the client types into, and, live, the variance (amount and percent, per month and
to date), the year-end forecast (on plan and at the run rate) and what the months left need for
the year's profit. Cells off plan beyond the tolerance are coloured.

The defined names are the plan workbook's contract with `leverage track` (README, "The plan
workbook"): workbook scope, each a plain absolute reference to this one sheet.

Every formula cell carries the value it computes. The values come from `PlanFigures`, which
does the formulas' arithmetic in Python with the actuals given (none when the plan is first
written), so the same code caches the values and checks the engines' recalculation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from ..i18n import Translator, translator
from ..i18n.terms import metric
from ..model.plan import PlanResult
from .page import finish_sheet
from .styles import FIXED_CREATED, WORKBOOK_OPTIONS, Formats, make_formats

PLAN_KIND = "leverage-plan/1"
OWNERS = ("leads", "conversion", "retention", "avg_check", "margin", "rev_per_employee")
# The metrics of the Actuals block after the stages, with the owner each one is shown with.
STOCKS = ("active_clients", "headcount")
FLOW_METRICS = ("revenue", "profit")
LABEL_COL, OWNER_COL, MONTH_COL0 = 0, 1, 2

Value = float | str


def metric_keys(stages: int) -> tuple[str, ...]:
    """The plan's and the actuals' rows in order: stage_1 ... stage_N, active clients, revenue, profit, headcount."""
    return (*(f"stage_{k}" for k in range(1, stages + 1)), "active_clients", "revenue", "profit", "headcount")


def owner_of(key: str, stages: int) -> str:
    """Who answers for a metric: marketing for leads, sales for the stages after them, and so on (the talk)."""
    if key == "stage_1":
        return "leads"
    if key.startswith("stage_"):
        return "conversion"
    return {"active_clients": "retention", "revenue": "avg_check", "profit": "margin",
            "headcount": "rev_per_employee"}[key]


def is_stock(key: str) -> bool:
    return key in STOCKS


@dataclass(frozen=True)
class PlanInputs:
    """What the workbook's input cells hold: B′'s year and the month weights, as written (the client may edit them).

    `weights` are the twelve months' of the year from the start (the plan may cover fewer, `months`);
    `start_conversions`, `start_avg_check`, `start_margin` and `start_retention` are A's, which the levers leave
    over `ramp` months for B′'s (`conversions`, `avg_check`, `margin`, `retention`).
    """

    months: tuple[str, ...]
    weights: tuple[float, ...]
    lag: int
    leads: float
    conversions: tuple[float, ...]
    revenue: float
    margin: float
    clients_start: float
    kept: float               # the share of (carried in + new) clients active at the year's end
    headcount_start: float
    headcount_end: float
    ramp: int = 0
    start_conversions: tuple[float, ...] = ()
    avg_check: float = 0.0
    retention: float = 0.0
    start_avg_check: float = 0.0
    start_margin: float = 0.0
    start_retention: float = 0.0
    year_months: tuple[str, ...] = ()
    # The three scenarios' profits for the year (negative, base, positive; None where there is none).
    scenarios: tuple[tuple[str, float | None], ...] = ()
    scenario_method: str = ""
    tolerance: float = 0.1
    owners: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, run: PlanResult, owners: Mapping[str, str] | None = None) -> PlanInputs:
        plan, year = run.plan, run.plan.year
        total = year.clients_start + year.clients_new
        a = run.scenarios["A"]
        return cls(
            months=tuple(str(m.month) for m in plan.months),
            weights=plan.shares,
            lag=plan.lag,
            leads=year.leads,
            conversions=tuple(year.levers.conversions),
            revenue=year.revenue,
            margin=year.levers.margin,
            clients_start=year.clients_start,
            kept=year.clients_end / total if total > 0 else 0.0,
            headcount_start=run.scenarios.inputs.headcount,
            headcount_end=year.headcount,
            ramp=plan.ramp,
            start_conversions=tuple(a.levers.conversions),
            avg_check=year.levers.avg_check,
            retention=year.levers.retention,
            start_avg_check=a.levers.avg_check,
            start_margin=a.levers.margin,
            start_retention=a.levers.retention,
            year_months=tuple(str(plan.start.shifted(k)) for k in range(len(plan.shares))),
            scenarios=tuple((s.key, s.profit) for s in run.outlook.all) if run.outlook else (),
            scenario_method=run.outlook.method if run.outlook else "",
            owners=dict(owners if owners is not None else run.owners),
        )


class PlanFigures:
    """The workbook's formulas computed in Python, for `inputs` and the `actuals` typed so far.

    `actuals[key][m]` is the actual of metric `key` (`metric_keys`) in month m (0-based), None where blank.
    A blank result (a variance with no actual) is "".
    """

    def __init__(self, inputs: PlanInputs, actuals: Mapping[str, Sequence[float | None]] | None = None) -> None:
        self.inputs = i = inputs
        self.m = len(i.months)
        self.year = len(i.weights)  # 12
        self.stages = len(i.conversions) + 1
        self.keys = metric_keys(self.stages)
        actuals = actuals or {}
        self.actual: dict[str, list[float | None]] = {
            key: [None if v is None else float(v) for v in actuals.get(key, [None] * self.m)] for key in self.keys}
        self.timeline = [float(t) for t in range(1, self.m + 1)]
        self.weight_total = sum(i.weights)
        self.year_shares = [w / self.weight_total for w in i.weights]
        self.shares = [self.year_shares[m] for m in range(self.m)]
        self.lead_shares = [self.year_shares[(m + i.lag) % self.year] for m in range(self.m)]
        self.new_year = i.leads * _product(i.conversions)
        self.clients_end = (i.clients_start + self.new_year) * i.kept
        self.profit_year = i.revenue * i.margin
        start = i.start_conversions or i.conversions
        self.progress = [min(1.0, t / (i.ramp + 1)) for t in self.timeline]

        def moved(before: float, after: float, p: float) -> float:
            return after - (after - before) * (1 - p)

        self.month_conversions = [[moved(a, b, p) for a, b in zip(start, i.conversions)] for p in self.progress]
        self.month_margin = [moved(i.start_margin, i.margin, p) for p in self.progress]
        self.month_avg_check = [moved(i.start_avg_check, i.avg_check, p) for p in self.progress]
        self.month_retention = [moved(i.start_retention, i.retention, p) for p in self.progress]
        self.kept_ratio = [r / i.retention if i.retention > 0 else 1.0 for r in self.month_retention]
        yield_b = i.margin * i.avg_check * i.retention
        self.demand = []
        for m, p in enumerate(self.progress):
            here = self.month_margin[m] * self.month_avg_check[m] * self.month_retention[m]
            self.demand.append(1.0 if p == 1 else yield_b / here if here > 0 else 1.0)
        self.needed_clients = (i.revenue / (i.avg_check * i.retention) if i.avg_check * i.retention > 0
                       else i.clients_start)
        self.surplus = max(0.0, i.clients_start - self.needed_clients)

        def clients(d: float, share: float) -> float:
            return self.new_year * share if d == 1 else max(0.0, self.new_year - self.surplus
                                                                  + self.needed_clients * (d - 1)) * share

        self.lead_clients = [clients(self.demand[m + i.lag] if m + i.lag < self.m else 1.0, self.lead_shares[m])
                             for m in range(self.m)]
        self.plan: dict[str, list[float]] = {}
        self.leads_without_ramp = [i.leads * s for s in self.lead_shares]
        leads = []
        for m in range(self.m):
            rate = _product(self.month_conversions[m])
            leads.append(self.lead_clients[m] / rate if rate > 0 else self.leads_without_ramp[m])
        self.plan["stage_1"] = leads
        for k in range(2, self.stages):
            self.plan[f"stage_{k}"] = [c * self.month_conversions[m][k - 2]
                                       for m, c in enumerate(self.plan[f"stage_{k - 1}"])]
        new = [clients(self.demand[m], s) for m, s in enumerate(self.shares)]
        self.plan[f"stage_{self.stages}"] = new
        cumulative, kept_so_far = 0.0, 1.0
        active = []
        for m in range(self.m):
            cumulative += new[m]
            kept_so_far *= self.kept_ratio[m]
            active.append((i.clients_start + cumulative) * i.kept ** (self.timeline[m] / self.year)
                          * kept_so_far ** (1 / self.year))
        self.plan["active_clients"] = active
        self.plan["revenue"] = [i.revenue * s * (i.margin / self.month_margin[m] if self.month_margin[m] > 0 else 1.0)
                                for m, s in enumerate(self.shares)]
        self.plan["profit"] = [r * self.month_margin[m] for m, r in enumerate(self.plan["revenue"])]
        self.plan["headcount"] = [i.headcount_start + (i.headcount_end - i.headcount_start) * t / self.year
                                  for t in self.timeline]
        self.extra_leads = [p - q for p, q in zip(leads, self.leads_without_ramp)]
        self.flags = [1.0 if any(self.actual[key][m] is not None for key in self.keys) else 0.0 for m in range(self.m)]
        self.n = sum(self.flags)
        self.profit_plan = sum(self.plan["profit"])

    def plan_total(self, key: str) -> float:
        return self.plan[key][-1] if is_stock(key) else sum(self.plan[key])

    def plan_to_date(self, key: str) -> float:
        return sum(p for p, f in zip(self.plan[key], self.flags) if f == 1)

    def actual_sum(self, key: str) -> float:
        return sum(a for a in self.actual[key] if a is not None)

    def variance(self, key: str, m: int) -> Value:
        a = self.actual[key][m]
        return "" if a is None else a - self.plan[key][m]

    def variance_pct(self, key: str, m: int) -> Value:
        a, p = self.actual[key][m], self.plan[key][m]
        return "" if a is None or p == 0 else a / p - 1

    def variance_to_date(self, key: str) -> Value:
        if not self.n > 0:
            return ""
        if is_stock(key):
            return self.variance(key, int(self.n) - 1)
        return self.actual_sum(key) - self.plan_to_date(key)

    def variance_pct_to_date(self, key: str) -> Value:
        if is_stock(key):
            return self.variance_pct(key, int(self.n) - 1) if self.n > 0 else ""
        planned = self.plan_to_date(key)
        return self.actual_sum(key) / planned - 1 if self.n > 0 and planned != 0 else ""

    def forecast(self, key: str) -> float:
        return self.actual_sum(key) + (self.plan_total(key) - self.plan_to_date(key))

    def run_rate(self, key: str) -> Value:
        return self.actual_sum(key) / self.n * self.m if self.n > 0 else ""

    def needed(self) -> dict[str, Value]:
        """What the plan's months left need for the plan's profit: in all, a month, against the plan, as revenue."""
        need = self.profit_plan - self.actual_sum("profit")
        left = self.m - self.n
        planned = self.profit_plan - self.plan_to_date("profit")
        margin = self.inputs.margin
        return {"target": self.profit_plan, "done": self.actual_sum("profit"), "left": left, "need": need,
                "per_month": need / left if left > 0 else "", "plan_left": planned,
                "vs_plan": need / planned - 1 if planned != 0 else "", "revenue": need / margin if margin != 0 else ""}


def _product(values: Sequence[float]) -> float:
    out = 1.0
    for v in values:
        out *= v
    return out


def write_plan_book(run: PlanResult, path: Path | str, *, lang: str | None = None,
                    owners: Mapping[str, str] | None = None,
                    actuals: Mapping[str, Sequence[float | None]] | None = None) -> None:
    """Write the plan workbook of `run` to `path` (overwriting it); `actuals` fill the Actuals block."""
    inputs = run.scenarios.inputs
    lang = lang or inputs.lang
    t = translator(lang, inputs.currency)
    figures = PlanFigures(PlanInputs.of(run, owners), actuals)
    book = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    company = inputs.company
    book.set_properties({
        "title": (t.gettext("{company}: monthly plan", company=company) if company else t.gettext("Monthly plan")),
        "subject": t.gettext("Lever method: monthly plan"),
        "company": company,
        "comments": t.gettext("Written by leverage from the client's template; type the actuals in the yellow cells."),
        "created": FIXED_CREATED,
    })
    fmt = make_formats(book, inputs.currency, lang)
    ws = book.add_worksheet(t.gettext("Plan"))
    _PlanSheet(book, ws, t, fmt, figures, run.stage_names, inputs.currency, lang).write()
    finish_sheet(ws, company, lang)
    book.close()


class _PlanSheet:
    """Writes the one sheet, row by row; `row` is the next free row."""

    def __init__(self, book: xlsxwriter.Workbook, ws: Worksheet, t: Translator, fmt: Formats, figures: PlanFigures,
                 stage_names: tuple[str, ...], currency: str, lang: str) -> None:
        self.book, self.ws, self.t, self.fmt, self.f = book, ws, t, fmt, figures
        self.stage_names, self.currency, self.lang = stage_names, currency, lang
        self.row = 0
        self.cells: dict[str, str] = {}     # single cells by key: "$B$5"
        self.rows: dict[str, int] = {}      # month rows by key
        self.m = figures.m
        self.last_col = MONTH_COL0 + self.m - 1
        self.total_col = self.last_col + 1
        self.right_col = max(self.total_col, MONTH_COL0 + figures.year - 1)  # the twelve weights may reach further
        self.sheet_ref = "'" + self.ws.name.replace("'", "''") + "'"

    # -- helpers ------------------------------------------------------------------------------------------------

    def name(self, name: str, first: tuple[int, int], last: tuple[int, int] | None = None) -> None:
        ref = xl_rowcol_to_cell(*first, row_abs=True, col_abs=True)
        if last is not None:
            ref += ":" + xl_rowcol_to_cell(*last, row_abs=True, col_abs=True)
        self.book.define_name(name, f"={self.sheet_ref}!{ref}")

    def span(self, key: str) -> str:
        """The month cells of row `key`: `$C$20:$N$20`."""
        r = self.rows[key]
        return (xl_rowcol_to_cell(r, MONTH_COL0, row_abs=True, col_abs=True) + ":"
                + xl_rowcol_to_cell(r, self.last_col, row_abs=True, col_abs=True))

    def own_span(self) -> str:
        """The month cells of the row about to be written, relative: `C20:N20`."""
        return xl_rowcol_to_cell(self.row, MONTH_COL0) + ":" + xl_rowcol_to_cell(self.row, self.last_col)

    def label(self, text: str, style: object | None = None) -> None:
        self.ws.write_string(self.row, LABEL_COL, text, style or self.fmt.label)

    def section(self, text: str) -> None:
        self.row += 1
        for col in range(LABEL_COL, self.right_col + 1):
            self.ws.write_blank(self.row, col, None, self.fmt.section)
        self.ws.write_string(self.row, LABEL_COL, text, self.fmt.section)
        self.row += 1

    def single(self, key: str, text: str, value: Value, style: object, *, formula: str | None = None,
               defined: str | None = None) -> str:
        """One labelled single cell in the owner column; its absolute address is remembered as `key`."""
        self.label(text)
        if formula is not None:
            self.ws.write_formula(self.row, OWNER_COL, formula, style, value)
        elif isinstance(value, str):
            self.ws.write_string(self.row, OWNER_COL, value, style)
        else:
            self.ws.write_number(self.row, OWNER_COL, value, style)
        ref = xl_rowcol_to_cell(self.row, OWNER_COL, row_abs=True, col_abs=True)
        self.cells[key] = ref
        if defined:
            self.name(defined, (self.row, OWNER_COL))
        self.row += 1
        return ref

    def month_row(self, key: str, text: str, style: object, formula: Callable[[int, str], str],
                  value: Callable[[int], Value], *, total: tuple[str, Value] | None = None,
                  owner: str | None = None, defined: str | None = None) -> None:
        """One formula across the months (`formula(m, column letter)`), its total in the last column."""
        self.rows[key] = r = self.row
        self.label(text)
        if owner is not None:
            self.owner_cell(owner)
        for m in range(self.m):
            col = MONTH_COL0 + m
            self.ws.write_formula(r, col, formula(m, xl_col_to_name(col)), style, value(m))
        if total is not None:
            self.ws.write_formula(r, self.total_col, total[0], style, total[1])
        if defined:
            self.name(defined, (r, MONTH_COL0), (r, self.last_col))
        self.row += 1

    def owner_cell(self, owner: str) -> None:
        ref = self.cells[f"owner_{owner}"]
        value = self.f.inputs.owners.get(owner, "")
        self.ws.write_formula(self.row, OWNER_COL, f'=IF({ref}="","",{ref})', self.fmt.text, value)

    def metric_label(self, key: str) -> str:
        t = self.t
        if key.startswith("stage_"):
            return self.stage_names[int(key.split("_")[1]) - 1]
        if key == "active_clients":
            return t.gettext("Active clients at the month's end")
        if key == "headcount":
            return t.gettext("Headcount at the month's end")
        return f"{metric(t, key)}, {t.currency_unit}"

    def style_of(self, key: str, *, inp: bool = False) -> object:
        money = key in FLOW_METRICS
        if inp:
            return self.fmt.money_input if money else self.fmt.count_input
        return self.fmt.money if money else self.fmt.count

    # -- the sheet ----------------------------------------------------------------------------------------------

    def write(self) -> None:
        t, fmt, ws = self.t, self.fmt, self.ws
        gettext = t.gettext
        ws.set_column(LABEL_COL, LABEL_COL, 52)
        ws.set_column(OWNER_COL, OWNER_COL, 18)
        ws.set_column(MONTH_COL0, self.last_col, 13)
        ws.set_column(self.total_col, self.total_col, 15)
        ws.write_string(0, 0, gettext("Monthly plan: point B′ by month"), fmt.title)
        ws.write_string(1, 0, gettext("Yellow cells are inputs (B′'s year, the month weights, the owners, the actuals); "
                                "every other figure is a formula."), fmt.subtitle)
        self.row = 2
        self.write_settings()
        self.write_year()
        self.write_months()
        self.write_actuals()
        self.write_variance()
        self.write_forecast()
        self.write_needed()
        self.write_scenarios()
        ws.freeze_panes(self.rows["month"] + 1, MONTH_COL0)
        ws.print_area(0, 0, self.row - 1, self.right_col)
        ws.repeat_columns(0, 0)

    def write_settings(self) -> None:
        gettext, fmt, i = self.t.gettext, self.fmt, self.f.inputs
        self.section(gettext("About this workbook"))
        self.single("kind", gettext("Workbook kind"), PLAN_KIND, fmt.text, defined="plan_kind")
        self.single("currency", gettext("Currency"), self.currency, fmt.text, defined="plan_currency")
        self.single("lang", gettext("Language"), self.lang, fmt.text, defined="plan_lang")
        self.single("lag", gettext("Sales cycle, months"),
                    float(i.lag), fmt.whole, defined="plan_lag")
        self.single("tolerance", gettext("Tolerance: actuals off plan by more than this are coloured"), i.tolerance,
                    fmt.rate_input, defined="plan_tolerance")
        self.section(gettext("Owners: who answers for each metric"))
        labels = {
            "leads": gettext("Leads (marketing)"), "conversion": gettext("Conversion (sales)"),
            "retention": gettext("Retention (account managers)"), "avg_check": gettext("Average check (account managers)"),
            "margin": gettext("Margin (CEO)"), "rev_per_employee": gettext("Revenue per employee (operations)"),
        }
        for owner in OWNERS:
            self.single(f"owner_{owner}", labels[owner], i.owners.get(owner, ""), fmt.text_input,
                        defined=f"owner_{owner}")

    def write_year(self) -> None:
        gettext, fmt, f, i = self.t.gettext, self.fmt, self.f, self.f.inputs
        cur = self.t.currency_unit
        self.section(gettext("Point B′: the year to phase (inputs)"))
        self.label(gettext("Funnel stages"))
        for k, stage in enumerate(self.stage_names):
            self.ws.write_string(self.row, MONTH_COL0 + k, stage, fmt.text)
        self.name("plan_stage_names", (self.row, MONTH_COL0), (self.row, MONTH_COL0 + len(self.stage_names) - 1))
        self.row += 1
        leads = self.single("leads", gettext("Leads in the year"), i.leads, fmt.count_input)
        conversions = self.conversion_inputs("conversion", i.conversions,
                                             lambda a, b: gettext("Conversion: {a} → {b}", a=a, b=b))
        revenue = self.single("revenue", gettext("Revenue of the year, {cur}", cur=cur), i.revenue, fmt.money_input)
        margin = self.single("margin", gettext("Profit margin"), i.margin, fmt.rate_input)
        s = self.single("clients_start", gettext("Active clients carried into the year"), i.clients_start,
                        fmt.count_input, defined="plan_clients_start")
        kept = self.single("kept", gettext("Retention: share of the year's clients still active at its end"), i.kept,
                           fmt.rate_input)
        self.single("headcount_start", gettext("Headcount at the start (last year's)"), i.headcount_start,
                    fmt.count_input)
        self.single("headcount_end", gettext("Headcount at the year's end (B′)"), i.headcount_end, fmt.count_input)
        self.single("new_year", gettext("New paying clients in the year"), f.new_year, fmt.count,
                    formula=f"={leads}*PRODUCT({conversions})")
        self.single("clients_end", gettext("Active clients at the year's end"), f.clients_end, fmt.count,
                    formula=f"=({s}+{self.cells['new_year']})*{kept}")
        self.single("profit_year", gettext("Profit of the year (B′), {cur}", cur=cur), f.profit_year, fmt.money,
                    formula=f"={revenue}*{margin}", defined="plan_target_profit")
        self.write_seasonality()

    def conversion_inputs(self, key: str, values: Sequence[float], label: Callable[[str, str], str]) -> str:
        """One input row per funnel step, labelled `label(stage, next stage)`; returns the range of the values."""
        first = self.row
        for k, c in enumerate(values):
            self.single(f"{key}_{k + 1}", label(self.stage_names[k], self.stage_names[k + 1]), c, self.fmt.rate_input)
        return (xl_rowcol_to_cell(first, OWNER_COL, row_abs=True, col_abs=True) + ":"
                + xl_rowcol_to_cell(self.row - 1, OWNER_COL, row_abs=True, col_abs=True))

    def write_seasonality(self) -> None:
        """The twelve months of the year from the start: their weights (inputs) and shares, the sums in column B."""
        gettext, fmt, f, i = self.t.gettext, self.fmt, self.f, self.f.inputs
        last = MONTH_COL0 + f.year - 1
        self.label(gettext("The year's months"))
        for m, month in enumerate(i.year_months):
            self.ws.write_string(self.row, MONTH_COL0 + m, month, fmt.header)
        self.row += 1
        for key, text, style, values in (
                ("weight", gettext("Month weight (the year's flows spread in proportion)"), fmt.rate_input, i.weights),
                ("year_share", gettext("Month's share of the year"), fmt.rate, f.year_shares)):
            r = self.rows[key] = self.row
            self.label(text)
            for m, value in enumerate(values):
                if key == "weight":
                    self.ws.write_number(r, MONTH_COL0 + m, value, style)
                else:
                    weight = xl_rowcol_to_cell(self.rows["weight"], MONTH_COL0 + m)
                    self.ws.write_formula(r, MONTH_COL0 + m, f"={weight}/{self.cells['weight_total']}", style, value)
            span = xl_rowcol_to_cell(r, MONTH_COL0) + ":" + xl_rowcol_to_cell(r, last)
            total = sum(values)
            self.ws.write_formula(r, OWNER_COL, f"=SUM({span})", fmt.rate, total)
            self.cells[f"{key}_total"] = xl_rowcol_to_cell(r, OWNER_COL, row_abs=True, col_abs=True)
            self.cells[f"{key}s"] = (xl_rowcol_to_cell(r, MONTH_COL0, row_abs=True, col_abs=True) + ":"
                                     + xl_rowcol_to_cell(r, last, row_abs=True, col_abs=True))
            self.row += 1

    def write_months(self) -> None:
        gettext, fmt, f, i = self.t.gettext, self.fmt, self.f, self.f.inputs
        c = self.cells
        self.section(gettext("Timeline"))
        r = self.rows["month"] = self.row
        self.label(gettext("Month"), fmt.header)
        self.ws.write_string(r, OWNER_COL, gettext("Owner"), fmt.header)
        for m, month in enumerate(i.months):
            self.ws.write_string(r, MONTH_COL0 + m, month, fmt.header)
        self.ws.write_string(r, self.total_col, gettext("Year") if f.m == f.year else gettext("Total"), fmt.header)
        self.name("plan_month", (r, MONTH_COL0), (r, self.last_col))
        self.row += 1
        self.rows["timeline"] = r = self.row
        self.label(gettext("Month number"))
        self.ws.write_number(r, MONTH_COL0, 1, fmt.whole)
        for m in range(1, self.m):
            prev = xl_rowcol_to_cell(r, MONTH_COL0 + m - 1)
            self.ws.write_formula(r, MONTH_COL0 + m, f"={prev}+1", fmt.whole, f.timeline[m])
        self.row += 1
        year = f"COLUMNS({c['year_shares']})"
        t_of = lambda col: f"{col}${self.rows['timeline'] + 1}"  # noqa: E731
        self.month_row("share", gettext("Month's share of the year"), fmt.rate,
                       lambda m, col: f"=INDEX({c['year_shares']},1,{t_of(col)})", lambda m: f.shares[m],
                       total=(f"=SUM({self.own_span()})", sum(f.shares)))
        self.month_row("lead_share", gettext("Share of the year's clients its leads bring (the month + the sales cycle)"),
                       fmt.rate, lambda m, col: f"=INDEX({c['year_shares']},1,MOD({t_of(col)}-1+{c['lag']},{year})+1)",
                       lambda m: f.lead_shares[m], total=(f"=SUM({self.own_span()})", sum(f.lead_shares)))
        self.rows["flag"] = self.row  # written once the Actuals block's rows are known
        c["n"] = xl_rowcol_to_cell(self.row, self.total_col, row_abs=True, col_abs=True)
        self.row += 1
        self.write_ramp()
        self.section(gettext("Plan: B′ by month"))
        for key in f.keys:
            self.write_plan_row(key)
        self.month_row("leads_without_ramp", gettext("Leads at B′'s conversions (without the ramp)"), fmt.count,
                       lambda m, col: f"={c['leads']}*{col}{self.rows['lead_share'] + 1}",
                       lambda m: f.leads_without_ramp[m], total=(f"=SUM({self.own_span()})", sum(f.leads_without_ramp)))
        plan_leads, without = self.rows["plan_stage_1"] + 1, self.rows["leads_without_ramp"] + 1
        self.month_row("extra_leads", gettext("Extra leads the ramp needs"), fmt.count,
                       lambda m, col: f"={col}{plan_leads}-{col}{without}",
                       lambda m: f.extra_leads[m], total=(f"=SUM({self.own_span()})", sum(f.extra_leads)))

    def write_ramp(self) -> None:
        """The ramp: how far each month has moved from A's levers to B′'s, the month's levers and what they demand."""
        gettext, fmt, f, i, c = self.t.gettext, self.fmt, self.f, self.f.inputs, self.cells
        self.section(gettext("Ramp: the changed levers move from last year's to B′'s"))
        ramp = self.single("ramp", gettext("Ramp, months (0: B′'s levers from the first month)"), float(i.ramp),
                           fmt.count_input)
        self.conversion_inputs("start_conversion", i.start_conversions or i.conversions,
                               lambda a, b: gettext("Conversion last year (A): {a} → {b}", a=a, b=b))
        cur = self.t.currency_unit
        self.single("start_avg_check", gettext("Average check last year (A), {cur}", cur=cur), i.start_avg_check,
                    fmt.money_input)
        self.single("avg_check", gettext("Average check in B′, {cur}", cur=cur), i.avg_check, fmt.money_input)
        self.single("start_margin", gettext("Profit margin last year (A)"), i.start_margin, fmt.rate_input)
        self.single("start_retention", gettext("Retention last year (A)"), i.start_retention, fmt.rate_input)
        self.single("retention", gettext("Retention in B′"), i.retention, fmt.rate_input)
        self.single("needed", gettext("Clients B′ needs before retention (revenue / (average check × retention))"),
                    f.needed_clients, fmt.count,
                    formula=f"=IF({c['avg_check']}*{c['retention']}>0,{c['revenue']}/({c['avg_check']}*{c['retention']}),"
                            f"{c['clients_start']})")
        self.single("surplus", gettext("Clients carried in beyond that need"), f.surplus, fmt.count,
                    formula=f"=MAX(0,{c['clients_start']}-{c['needed']})")
        t_of = lambda col: f"{col}${self.rows['timeline'] + 1}"  # noqa: E731
        self.month_row("progress", gettext("Progress toward B′'s levers"), fmt.rate,
                       lambda m, col: f"=MIN(1,{t_of(col)}/({ramp}+1))", lambda m: f.progress[m])

        def moving(col: str, a: str, b: str) -> str:
            return f"={b}-({b}-{a})*(1-{col}{self.rows['progress'] + 1})"

        for k in range(f.stages - 1):
            a, b = c[f"start_conversion_{k + 1}"], c[f"conversion_{k + 1}"]
            self.month_row(f"month_conversion_{k + 1}", gettext("Conversion this month: {a} → {b}",
                                                                a=self.stage_names[k], b=self.stage_names[k + 1]),
                           fmt.rate, lambda m, col, a=a, b=b: moving(col, a, b),  # type: ignore[misc]
                           lambda m, k=k: f.month_conversions[m][k])  # type: ignore[misc]
        self.month_row("month_avg_check", gettext("Average check this month, {cur}", cur=cur), fmt.money,
                       lambda m, col: moving(col, c["start_avg_check"], c["avg_check"]),
                       lambda m: f.month_avg_check[m])
        self.month_row("month_margin", gettext("Profit margin this month"), fmt.rate,
                       lambda m, col: moving(col, c["start_margin"], c["margin"]), lambda m: f.month_margin[m])
        self.month_row("month_retention", gettext("Retention this month"), fmt.rate,
                       lambda m, col: moving(col, c["start_retention"], c["retention"]),
                       lambda m: f.month_retention[m])
        self.month_row("kept_ratio", gettext("Clients kept this month against B′'s retention"), fmt.rate,
                       lambda m, col: f"=IF({c['retention']}>0,{col}{self.rows['month_retention'] + 1}/{c['retention']},1)",
                       lambda m: f.kept_ratio[m])
        levers = (f"{{col}}{self.rows['month_margin'] + 1}*{{col}}{self.rows['month_avg_check'] + 1}"
                  f"*{{col}}{self.rows['month_retention'] + 1}")
        self.month_row("demand", gettext("Clients needed against B′'s (B′'s margin × check × retention over the "
                                         "month's)"), fmt.rate,
                       lambda m, col: (f"=IF({col}{self.rows['progress'] + 1}=1,1,IF({levers.format(col=col)}>0,"
                                       f"{c['margin']}*{c['avg_check']}*{c['retention']}/({levers.format(col=col)}),1))"),
                       lambda m: f.demand[m])
        demand = self.span("demand")
        self.month_row("lead_clients", gettext("New clients the month's leads must bring (the month + the sales "
                                               "cycle)"), fmt.count,
                       lambda m, col: self.clients_formula(
                           f"IF({t_of(col)}+{c['lag']}<=COLUMNS({demand}),INDEX({demand},1,{t_of(col)}+{c['lag']}),1)",
                           f"{col}${self.rows['lead_share'] + 1}"),
                       lambda m: f.lead_clients[m], total=(f"=SUM({self.own_span()})", sum(f.lead_clients)))

    def clients_formula(self, demand: str, share: str) -> str:
        """New clients at `demand` times B′'s need, in the seasonal `share`: B′'s own share when the demand is 1."""
        c = self.cells
        return (f"=IF({demand}=1,{c['new_year']}*{share},"
                f"MAX(0,{c['new_year']}-{c['surplus']}+{c['needed']}*({demand}-1))*{share})")

    def write_flags(self) -> None:
        """The flag row, 1 for a month with any actual, and the months with actuals in its last column."""
        f = self.f
        first, last = self.rows[f"actual_{f.keys[0]}"] + 1, self.rows[f"actual_{f.keys[-1]}"] + 1
        saved, self.row = self.row, self.rows["flag"]
        self.month_row("flag", self.t.gettext("Has actuals (1 = yes)"), self.fmt.flag,
                       lambda m, col: f"=IF(COUNT({col}{first}:{col}{last})>0,1,0)",
                       lambda m: f.flags[m], total=(f"=SUM({self.own_span()})", f.n))
        self.row = saved

    def write_plan_row(self, key: str) -> None:
        """The plan row of metric `key`, its total the plan's (flows summed, stocks at the last month's end)."""
        plan_values = self.f.plan[key]
        last = xl_rowcol_to_cell(self.row, self.last_col)
        total = (f"={last}", plan_values[-1]) if is_stock(key) else (
            f"=SUM({xl_rowcol_to_cell(self.row, MONTH_COL0)}:{last})", sum(plan_values))
        self.month_row(f"plan_{key}", self.metric_label(key), self.style_of(key),
                       lambda m, col: self.plan_formula(key, col),
                       lambda m: plan_values[m], total=total, owner=owner_of(key, self.f.stages),
                       defined=f"plan_{key}")

    def plan_formula(self, key: str, col: str) -> str:
        """The plan row `key`'s formula in month column `col`: the chain of `PlanFigures`."""
        c, f = self.cells, self.f
        year = f"COLUMNS({c['year_shares']})"
        t = f"{col}${self.rows['timeline'] + 1}"
        share = f"{col}${self.rows['share'] + 1}"
        stage = int(key.split("_")[1]) if key.startswith("stage_") else 0
        rates = (f"{col}{self.rows['month_conversion_1'] + 1}:"
                 f"{col}{self.rows[f'month_conversion_{f.stages - 1}'] + 1}")
        if stage == 1:  # the leads the clients `lag` months later need at this month's conversions
            lead_share = f"{col}${self.rows['lead_share'] + 1}"
            return (f"=IF(PRODUCT({rates})>0,{col}{self.rows['lead_clients'] + 1}/PRODUCT({rates}),"
                    f"{c['leads']}*{lead_share})")
        if stage == f.stages:
            return self.clients_formula(f"{col}${self.rows['demand'] + 1}", share)
        if stage:
            return f"={col}{self.rows[f'plan_stage_{stage - 1}'] + 1}*{col}{self.rows[f'month_conversion_{stage - 1}'] + 1}"
        if key == "active_clients":
            new = self.rows[f"plan_stage_{f.stages}"] + 1
            kept = self.rows["kept_ratio"] + 1
            return (f"=({c['clients_start']}+SUM($C${new}:{col}{new}))*{c['kept']}^({t}/{year})"
                    f"*PRODUCT($C${kept}:{col}{kept})^(1/{year})")
        margin = f"{col}{self.rows['month_margin'] + 1}"
        if key == "revenue":
            return f"={c['revenue']}*{share}*IF({margin}>0,{c['margin']}/{margin},1)"
        if key == "profit":
            return f"={col}{self.rows['plan_revenue'] + 1}*{margin}"
        return f"={c['headcount_start']}+({c['headcount_end']}-{c['headcount_start']})*{t}/{year}"

    def write_actuals(self) -> None:
        gettext, f = self.t.gettext, self.f
        self.section(gettext("Actuals: type each month's figures as they come in"))
        for key in f.keys:
            self.rows[f"actual_{key}"] = r = self.row
            self.label(self.metric_label(key))
            self.owner_cell(owner_of(key, f.stages))
            style = self.style_of(key, inp=True)
            for m in range(self.m):
                a = f.actual[key][m]
                if a is None:
                    self.ws.write_blank(r, MONTH_COL0 + m, None, style)
                else:
                    self.ws.write_number(r, MONTH_COL0 + m, a, style)
            self.name(f"actual_{key}", (r, MONTH_COL0), (r, self.last_col))
            self.off_plan(f"actual_{key}", key)
            self.row += 1
        self.write_flags()

    def off_plan(self, row_key: str, key: str) -> None:
        """Colour the cells of `row_key` in months whose actual is off plan by more than the tolerance."""
        actual, plan = self.rows[f"actual_{key}"] + 1, self.rows[f"plan_{key}"] + 1
        formula = (f"=AND(ISNUMBER(C{actual}),C{plan}<>0,ABS(C{actual}/C{plan}-1)>{self.cells['tolerance']})")
        r = self.rows[row_key]
        self.ws.conditional_format(r, MONTH_COL0, r, self.last_col,
                                   {"type": "formula", "criteria": formula, "format": self.fmt.fail})

    def write_variance(self) -> None:
        gettext, f = self.t.gettext, self.f
        self.section(gettext("Variance: actual against plan (the last column: to date)"))
        flags = self.span("flag")
        for key in f.keys:
            self.write_variance_rows(key, flags)

    def write_variance_rows(self, key: str, flags: str) -> None:
        """Actual − plan and actual / plan − 1 of metric `key` by month, and to date in the last column."""
        gettext, fmt, f, c = self.t.gettext, self.fmt, self.f, self.cells
        a, p = self.rows[f"actual_{key}"] + 1, self.rows[f"plan_{key}"] + 1
        amount_key, pct_key = f"var_{key}", f"pct_{key}"
        acts = f"$C${a}:${xl_col_to_name(self.last_col)}${a}"
        plans = f"$C${p}:${xl_col_to_name(self.last_col)}${p}"
        var_row, pct_row = self.row + 1, self.row + 2
        last = xl_col_to_name(self.last_col)
        if is_stock(key):
            amount_total = f'=IF({c["n"]}>0,INDEX($C${var_row}:${last}${var_row},1,{c["n"]}),"")'
            pct_total = f'=IF({c["n"]}>0,INDEX($C${pct_row}:${last}${pct_row},1,{c["n"]}),"")'
        else:
            amount_total = f'=IF({c["n"]}>0,SUM({acts})-SUMIF({flags},1,{plans}),"")'
            pct_total = f'=IF(AND({c["n"]}>0,SUMIF({flags},1,{plans})<>0),SUM({acts})/SUMIF({flags},1,{plans})-1,"")'
        self.month_row(amount_key, gettext("{metric}: actual − plan", metric=self.metric_label(key)), self.style_of(key),
                       lambda m, col: f'=IF(ISNUMBER({col}{a}),{col}{a}-{col}{p},"")',
                       lambda m: f.variance(key, m), total=(amount_total, f.variance_to_date(key)))
        self.month_row(pct_key, gettext("{metric}: actual / plan − 1", metric=self.metric_label(key)), fmt.rate,
                       lambda m, col: f'=IF(AND(ISNUMBER({col}{a}),{col}{p}<>0),{col}{a}/{col}{p}-1,"")',
                       lambda m: f.variance_pct(key, m), total=(pct_total, f.variance_pct_to_date(key)))
        self.off_plan(pct_key, key)

    def write_forecast(self) -> None:
        gettext, fmt, f, c = self.t.gettext, self.fmt, self.f, self.cells
        self.section(gettext("Year-end forecast"))
        headers = [gettext("Plan for the year"), gettext("Actual to date"), gettext("Forecast: actuals, then the plan"),
                   gettext("Forecast at the run rate")]
        self.label(gettext("Metric"), fmt.header)
        self.ws.write_string(self.row, OWNER_COL, gettext("Owner"), fmt.header)
        for k, header in enumerate(headers):
            self.ws.write_string(self.row, MONTH_COL0 + k, header, fmt.header)
        self.ws.set_row(self.row, 45)
        self.row += 1
        flags, months = self.span("flag"), f"COLUMNS({self.span('timeline')})"
        for key in f.keys:
            if is_stock(key):
                continue
            r = self.row + 1
            p = self.rows[f"plan_{key}"]
            plans = self.span(f"plan_{key}")
            acts = self.span(f"actual_{key}")
            style = self.style_of(key)
            self.label(self.metric_label(key))
            self.owner_cell(owner_of(key, f.stages))
            cells = [
                (f"={xl_rowcol_to_cell(p, self.total_col, row_abs=True, col_abs=True)}", f.plan_total(key)),
                (f"=SUM({acts})", f.actual_sum(key)),
                (f"=D{r}+(C{r}-SUMIF({flags},1,{plans}))", f.forecast(key)),
                (f'=IF({c["n"]}>0,D{r}/{c["n"]}*{months},"")', f.run_rate(key)),
            ]
            for k, (formula, value) in enumerate(cells):
                self.ws.write_formula(self.row, MONTH_COL0 + k, formula, style, value)
            self.row += 1

    def write_needed(self) -> None:
        gettext, fmt, f, c = self.t.gettext, self.fmt, self.f, self.cells
        cur = self.t.currency_unit
        self.section(gettext("What the months left need to reach the plan's profit"))
        months = f"COLUMNS({self.span('timeline')})"
        flags = self.span("flag")
        plan_total = xl_rowcol_to_cell(self.rows["plan_profit"], self.total_col, row_abs=True, col_abs=True)
        need = f.needed()
        target = self.single("target", gettext("The plan's profit (B′ over the months planned), {cur}", cur=cur),
                             need["target"], fmt.money, formula=f"={plan_total}")
        done = self.single("profit_done", gettext("Profit to date (actual), {cur}", cur=cur), need["done"], fmt.money,
                           formula=f"=SUM({self.span('actual_profit')})")
        left = self.single("months_left", gettext("Months left"), need["left"], fmt.whole,
                           formula=f"={months}-{c['n']}")
        needed = self.single("needed", gettext("Profit the months left need, {cur}", cur=cur), need["need"],
                             fmt.money, formula=f"={target}-{done}")
        self.single("per_month", gettext("A month, on average, {cur}", cur=cur), need["per_month"], fmt.money,
                    formula=f'=IF({left}>0,{needed}/{left},"")')
        plan_left = self.single("plan_left", gettext("The plan for those months, {cur}", cur=cur), need["plan_left"],
                                fmt.money, formula=f"={target}-SUMIF({flags},1,{self.span('plan_profit')})")
        self.single("need_vs_plan", gettext("Needed against the plan for those months"), need["vs_plan"], fmt.rate,
                    formula=f'=IF({plan_left}<>0,{needed}/{plan_left}-1,"")')
        self.single("revenue_needed", gettext("Revenue the months left need at the plan's margin, {cur}", cur=cur),
                    need["revenue"], fmt.money, formula=f'=IF({c["margin"]}<>0,{needed}/{c["margin"]},"")')

    def write_scenarios(self) -> None:
        """The negative, base and positive years (computed when the plan was written), spread as the plan's shares."""
        gettext, fmt, i = self.t.gettext, self.fmt, self.f.inputs
        if not i.scenarios:
            return
        cur = self.t.currency_unit
        self.section(gettext("Scenarios: the year's profit, and by month at the plan's shares"))
        self.label(gettext("The negative and positive years are the P10 and P90 of B″'s simulation")
                   if i.scenario_method == "simulation" else
                   gettext("The negative and positive years move B′'s changed levers 10% worse and 10% better"),
                   fmt.note)
        self.row += 1
        labels = {"negative": gettext("Negative scenario, profit, {cur}", cur=cur),
                  "base": gettext("Base scenario (B′), profit, {cur}", cur=cur),
                  "positive": gettext("Positive scenario, profit, {cur}", cur=cur)}
        share = self.rows["share"] + 1
        for key, profit in i.scenarios:
            if profit is None:
                self.label(labels[key])
                self.ws.write_string(self.row, OWNER_COL, "—", fmt.text)
                self.row += 1
                continue
            self.scenario_row(key, labels[key], profit, share)

    def scenario_row(self, key: str, label: str, profit: float, share_row: int) -> None:
        """The scenario's year (a value) in column B, spread over the months by the plan's shares."""
        year = xl_rowcol_to_cell(self.row, OWNER_COL, row_abs=True, col_abs=True)
        self.ws.write_number(self.row, OWNER_COL, profit, self.fmt.money)
        values = [profit * s for s in self.f.shares]
        self.month_row(f"scenario_{key}", label, self.fmt.money,
                       lambda m, col: f"={year}*{col}${share_row}", lambda m: values[m],
                       total=(f"=SUM({self.own_span()})", sum(values)))
