"""The monthly plan's settings as typed (`--start 2027-01`, `--seasonality 1,1,2,...`, `--lag 2`), checked.

Each parser raises ChangeError with a message in the catalog; the CLI tells it as a bad option
(exit code 2), the API as an OptionError located at the option.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Sequence

from .errors import ChangeError, InputError, Notice, Problem
from .form.fields import MONTH_NAMES
from .i18n import Amount, Num, Pct, _
from .model.inputs import Inputs
from .model.plan import MAX_LAG, MONTHS, YearMonth
from .numbers import NumberFormatError, parse_number

_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
EVEN = "even"
LAST_YEAR = "last-year"
# How far the months' total may be from the year's revenue before it warns.
MONTHS_TOTAL_TOLERANCE = 0.05


def parse_start(text: str) -> YearMonth:
    """`2027-01` as a YearMonth."""
    match = _MONTH.match(text)
    if not match or not 1 <= int(match.group(2)) <= MONTHS:
        raise ChangeError(_('"{text}": expected a month as YYYY-MM, such as 2027-01', text=text))
    return YearMonth(int(match.group(1)), int(match.group(2)))


def default_start(today: datetime.date | None = None) -> YearMonth:
    """January of the year after today: the year the plan is made for."""
    return YearMonth((today or datetime.date.today()).year + 1, 1)


def parse_seasonality(text: str) -> tuple[float, ...] | str | None:
    """`even` (None: every month alike), `last-year` (LAST_YEAR: the template's monthly revenue, see
    `last_year_weights`), or twelve weights separated by commas or semicolons."""
    if text.strip().lower() == EVEN:
        return None
    if text.strip().lower().replace("_", "-") == LAST_YEAR:
        return LAST_YEAR
    parts = [p for p in re.split(r"[;,]", text)]
    if len(parts) != MONTHS:
        raise ChangeError(_('"{text}": expected "even", "last-year" or twelve weights separated by commas, got {n}',
                            text=text, n=len(parts)))
    weights = []
    for part in parts:
        try:
            weights.append(parse_number(part))
        except NumberFormatError:
            raise ChangeError(_('"{text}": "{part}" is not a number; expected twelve weights separated by commas',
                                text=text, part=part.strip())) from None
    return check_weights(weights)


def check_weights(weights: Sequence[float]) -> tuple[float, ...]:
    """Twelve finite weights, none below 0, summing above 0."""
    if len(weights) != MONTHS:
        raise ChangeError(_("expected twelve weights, got {n}", n=len(weights)))
    if any(not math.isfinite(w) or w < 0 for w in weights):
        raise ChangeError(_("expected weights of 0 or more"))
    if not sum(weights) > 0:
        raise ChangeError(_("the twelve weights sum to 0; expected at least one above 0"))
    return tuple(float(w) for w in weights)


def check_lag(lag: int) -> int:
    """A sales cycle of 0 to 11 months."""
    if not 0 <= lag <= MAX_LAG:
        raise ChangeError(_("expected a sales cycle of 0 to {most} months, got {lag}", most=MAX_LAG, lag=Num(lag)))
    return lag


def check_months(months: int) -> int:
    """A plan of 1 to 12 months."""
    if not 1 <= months <= MONTHS:
        raise ChangeError(_("expected a plan of 1 to {most} months, got {months}", most=MONTHS, months=Num(months)))
    return months


def check_ramp(ramp: int, months: int) -> int:
    """A ramp of 0 months up to the plan's length."""
    if not 0 <= ramp <= months:
        raise ChangeError(_("expected a ramp of 0 to {most} months (the plan's length), got {ramp}",
                            most=months, ramp=Num(ramp)))
    return ramp


def check_lag_within(lag: int, months: int) -> int:
    """A sales cycle no longer than the plan."""
    if lag > months:
        raise ChangeError(_("expected a sales cycle of 0 to {most} months (the plan's length), got {lag}",
                            most=months, lag=Num(lag)))
    return lag


# Who answers for what (the talk): the metric whose owner `--owner` names, by the lever it is.
OWNERS = ("leads", "conversion", "retention", "avg_check", "margin", "rev_per_employee")
MAX_OWNER = 100


def parse_owner(text: str) -> tuple[str, str]:
    """`leads=Marketing: Anna` as ("leads", "Marketing: Anna")."""
    key, sep, name = text.partition("=")
    key = key.strip().lower().replace("-", "_")
    name = " ".join(name.split())
    if not sep or key not in OWNERS:
        raise ChangeError(_('"{text}": expected METRIC=NAME with METRIC one of {metrics}', text=text,
                            metrics=", ".join(OWNERS)))
    if not name or len(name) > MAX_OWNER:
        raise ChangeError(_('"{text}": expected a name of 1 to {most} characters after "="', text=text, most=MAX_OWNER))
    return key, name


def last_year_weights(inputs: Inputs, start: YearMonth) -> tuple[tuple[float, ...], tuple[Notice, ...]]:
    """`--seasonality last-year`: the weights of the plan's twelve months from `start`, each its calendar
    month's revenue last year (the template's `monthly_revenue`, January first), and the warnings.

    Raises InputError located at the template's range when it is absent, empty, partly filled or sums
    to 0; warns when the months' total is more than 5 % away from the year's revenue.
    """
    months = inputs.monthly_revenue
    where = inputs.source("monthly_revenue")
    option = "--seasonality last-year"
    if not months or all(v is None for v in months):
        why = _("expected last year's revenue of each month, January to December, for {option}: the range is "
                "empty", option=option) if where else _(
            "expected last year's revenue of each month, January to December, for {option}: the template has no "
            "monthly revenue range; write a new one with leverage template, or give twelve weights", option=option)
        raise InputError(Problem(where, "monthly_revenue", why, has_seen=False))
    blank = [k for k, v in enumerate(months) if v is None]
    if blank:
        raise InputError([Problem(inputs.source(f"monthly_revenue.{k + 1}") or where, "monthly_revenue", _(
            "expected a revenue for every month, January to December, for {option}: {month} is blank "
            "while others are filled", option=option, month=MONTH_NAMES[k]), has_seen=False) for k in blank])
    values = [float(v or 0.0) for v in months]
    total = sum(values)
    if not total > 0:
        raise InputError(Problem(where, "monthly_revenue", _(
            "expected months whose revenues sum above 0 for {option}: all twelve are 0", option=option),
            has_seen=False))
    notices: tuple[Notice, ...] = ()
    if abs(total - inputs.revenue) > MONTHS_TOTAL_TOLERANCE * inputs.revenue:
        notices = (Notice(where, "monthly_revenue", _(
            "the twelve months' revenues add up to {total}, {off} away from last year's revenue, {revenue}: "
            "the seasonality follows the months, but check the figures",
            total=Amount(total), off=Pct(abs(total / inputs.revenue - 1)), revenue=Amount(inputs.revenue))),)
    return tuple(values[(start.month - 1 + m) % MONTHS] for m in range(MONTHS)), notices
