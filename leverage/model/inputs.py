"""The plain data of the lever method: inputs, levers, lever changes and points.

Everything here is a frozen dataclass of plain numbers and strings, so the solver
stays pure and results can be compared, hashed and serialised without surprises.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import ClassVar, Literal

from ..errors import Notice
from .levers import LEVER_NAMES as LEVER_NAMES
from .levers import MONEY_LEVERS as MONEY_LEVERS
from .levers import RATE_LEVERS as RATE_LEVERS
from .levers import funnel_step

CURRENCIES = ("USD", "RUB", "EUR")
LANGS = ("en", "ru")
MAX_STAGES = 8

# The levers a consultant may change for point B' (LEVER_NAMES, ...) come from the registry, `leverage.levers`.

POINT_KEYS = ("A", "B", "B'", "B''")

Mode = Literal["actual", "back", "forward"]


@dataclass(frozen=True)
class Stage:
    """One stage of the new-business funnel with last year's count."""

    name: str
    count: float


@dataclass(frozen=True)
class Change:
    """A change to one lever: new = value * multiply + add, or new = set.

    Every form a consultant types (`x2`, `+100%`, `-10%`, `+5pp`, `175k`, `18%`)
    normalises to this, and two changes compose into one, so repeated `--lever`
    options and template changes combine without special cases.
    """

    multiply: float = 1.0
    add: float = 0.0
    set: float | None = None
    text: str = ""

    def apply(self, value: float) -> float:
        if self.set is not None:
            return self.set
        return value * self.multiply + self.add

    def then(self, other: Change) -> Change:
        """This change followed by `other`, as one change."""
        text = f"{self.text}, {other.text}" if self.text and other.text else self.text or other.text
        if other.set is not None:
            return Change(set=other.set, text=text)
        if self.set is not None:
            return Change(set=self.set * other.multiply + other.add, text=text)
        return Change(
            multiply=self.multiply * other.multiply,
            add=self.add * other.multiply + other.add,
            text=text,
        )

    @property
    def is_identity(self) -> bool:
        return self.set is None and self.multiply == 1.0 and self.add == 0.0


@dataclass(frozen=True)
class Inputs:
    """Last year's figures of one client, as read from a template (point A)."""

    revenue: float
    profit: float
    headcount: float
    clients_start: float
    clients_new: float
    clients_lost: float
    funnel: tuple[Stage, ...]
    target_profit: float | None = None
    company: str = ""
    currency: str = "USD"
    lang: str = "en"
    # Lever changes for B' given in the template, by lever name.
    changes: tuple[tuple[str, Change], ...] = ()

    # Optional sections (issue #4): cost structure, acquisition for unit economics, channels.
    costs: Costs | None = None
    acquisition: Acquisition | None = None
    channels: tuple[Channel, ...] = ()
    # The client's industry (optional, text): what a portfolio run may group its benchmarks by.
    industry: str = ""

    # Where each metric was read from ("Inputs!C7"), for messages and traceability.
    sources: tuple[tuple[str, str], ...] = ()
    # Uncertain levers for B'': (lever, low, high), e.g. ("avg_check", 150e3, 200e3);
    # see `leverage.uncertainty`. Rates are shares (0.7 for 70 %).
    ranges: tuple[tuple[str, float, float], ...] = ()
    # The potential clients of the target segment (issue 11), for each point's share of the market; see `market`.
    market_size: float | None = None
    # Last year's revenue by calendar month, January first (issue 12), for `plan --seasonality last-year`:
    # twelve entries (None for a blank month) when the template has the range, else empty.
    monthly_revenue: tuple[float | None, ...] = ()
    # Who answers for each metric, by owner key (leads, conversion, ...), as the template names them.
    owners: tuple[tuple[str, str], ...] = ()
    # Possible but suspicious inputs, and how the template was read (see `plausibility`, `reader`).
    warnings: tuple[Notice, ...] = ()

    @property
    def clients_end(self) -> float:
        return self.clients_start + self.clients_new - self.clients_lost

    @property
    def leads(self) -> float:
        return self.funnel[0].count

    def source(self, metric: str) -> str | None:
        return dict(self.sources).get(metric)


@dataclass(frozen=True)
class Levers:
    """The leading metrics that drive a point (domain doc, section 2)."""

    margin: float
    rev_per_employee: float
    avg_check: float
    retention: float
    conversions: tuple[float, ...]

    @property
    def conversion_product(self) -> float:
        return math.prod(self.conversions)

    def get(self, name: str) -> float:
        k = funnel_step(name)
        if k is not None:
            return self.conversions[k - 1]
        value: float = getattr(self, name)
        return value


@dataclass(frozen=True)
class Reason:
    """Why a point cannot be computed: a code, the lever at fault and its value. No words: the
    renderers word a reason from its code (`conclusions.reason_text`, `conclusions.reason_message`).

    `params` holds the further figures a code is told with (`unit_contribution_not_positive`:
    the variable share, the staff share and the two together).
    """

    code: str
    lever: str | None = None
    value: float | None = None
    params: tuple[tuple[str, float], ...] = ()

    def param(self, name: str) -> float:
        return dict(self.params)[name]


@dataclass(frozen=True)
class Point:
    """One scenario that can be computed: the figures of a year under a set of levers.

    Counts are exact (unrounded); `whole` gives them in whole units under the
    rounding rule. A scenario that cannot be computed is an `Infeasible` instead.
    """

    key: str
    mode: Mode
    levers: Levers
    clients_start: float
    profit: float
    revenue: float
    headcount: float
    clients_new: float
    clients_end: float
    # Back-calculation only: clients carried in beyond what the target needs.
    clients_surplus: float = 0.0
    funnel: tuple[float, ...] = ()

    feasible: ClassVar[Literal[True]] = True
    reasons: ClassVar[tuple[Reason, ...]] = ()

    @property
    def leads(self) -> float:
        return self.funnel[0]

    def whole(self, value: float) -> int:
        """`value` in whole units: requirements round up, forecasts down."""
        return whole_units(value, self.mode)


@dataclass(frozen=True)
class Infeasible:
    """A scenario that cannot be computed under its levers: why (`reasons`), and no figures."""

    key: str
    mode: Mode
    levers: Levers
    clients_start: float
    reasons: tuple[Reason, ...]

    feasible: ClassVar[Literal[False]] = False


# A scenario's point: its figures, or why there are none. `point.feasible` tells them apart (and narrows the type).
ScenarioPoint = Point | Infeasible


def figure(point: ScenarioPoint, name: str) -> float | None:
    """The figure `name` of a point (`profit`, `clients_surplus`...), None for an infeasible one: what a
    renderer shows as a dash."""
    if not point.feasible:
        return None
    value: float = getattr(point, name)
    return value


def whole_units(value: float, mode: Mode) -> int:
    """The rounding rule for people, clients and leads.

    A forecast (point B'', forward from leads) rounds down: 78.29 expected clients
    promise 78. Everything else is a requirement and rounds up: 178.49 people means
    179 must be hired, 178 would fall short (last year's actual counts are whole,
    so rounding up leaves them as they are). Rounding to 6 decimals first keeps
    floating-point noise such as 124.00000000001 from adding a unit; the workbook
    applies the same rule as ROUNDUP(ROUND(x, 6), 0).
    """
    cleaned = round(value, 6)
    if mode == "forward":
        return math.floor(cleaned)
    return math.ceil(cleaned)


@dataclass(frozen=True)
class Uncertainty:
    """What B'' earns when some levers fall anywhere in their ranges: a seeded simulation.

    `histogram` holds (profit from, profit to, number of samples) per bin.
    """

    samples: int
    seed: int
    ranges: tuple[tuple[str, float, float], ...]
    target_profit: float
    probability: float          # share of samples whose profit reaches the target
    p10: float
    p50: float
    p90: float
    histogram: tuple[tuple[float, float, int], ...] = ()


@dataclass(frozen=True)
class Scenarios:
    """Points A, B, B' and B'' of one client for one target."""

    inputs: Inputs
    target_profit: float
    changes: tuple[tuple[str, Change], ...]
    # The cost structure B, B' and B'' were computed with (None: the plain margin model).
    costs: CostModel | None = None

    points: tuple[ScenarioPoint, ...] = field(default=())
    # Only when lever ranges were given: see `leverage.uncertainty`.
    uncertainty: Uncertainty | None = None
    # Every warning of the run: the inputs' own, then those about the lever changes.
    warnings: tuple[Notice, ...] = ()

    def __getitem__(self, key: str) -> ScenarioPoint:
        for point in self.points:
            if point.key == key:
                return point
        raise KeyError(key)

    @property
    def actual(self) -> Point:
        """Point A: last year as it was, always computed."""
        point = self["A"]
        assert point.feasible
        return point

    @property
    def stage_names(self) -> tuple[str, ...]:
        return tuple(stage.name for stage in self.inputs.funnel)


# --- Optional inputs: cost structure, unit economics, channels (issue #4) ---------------------


@dataclass(frozen=True)
class Costs:
    """The cost structure as the template gives it; None where a cell is blank.

    With `cost_per_employee`, profit is R x (1 - variable share) - H x cost per
    employee - fixed costs (domain doc, section 7). `variable_share` alone only
    feeds the unit economics. Blank `fixed_costs` are derived from point A.
    """

    variable_share: float | None = None
    cost_per_employee: float | None = None
    fixed_costs: float | None = None


@dataclass(frozen=True)
class Acquisition:
    """What acquiring and keeping clients cost last year, for the unit economics (section 6).

    `spend` is the marketing and sales spend of the year. The client lifetime comes
    from `lifetime_months` or `monthly_churn` when one is given, else from retention.
    """

    spend: float
    lifetime_months: float | None = None
    monthly_churn: float | None = None


@dataclass(frozen=True)
class Channel:
    """One acquisition channel's figures for the year; None where a cell is blank."""

    name: str
    spend: float | None = None
    contacts: float | None = None
    leads: float | None = None
    sales: float | None = None
    revenue: float | None = None


@dataclass(frozen=True)
class CostModel:
    """The cost structure the solver uses: P = R x (1 - v) - (R / rev_per_employee) x c - F.

    `fixed_costs` are always the ones that make point A reproduce last year's
    profit (`fixed_costs_given` says whether the template typed them, checked to
    agree). Profit is then linear in revenue, so a target is reached in closed form.
    """

    variable_share: float
    cost_per_employee: float
    fixed_costs: float
    fixed_costs_given: bool = False

    def unit_contribution(self, rev_per_employee: float) -> float:
        """What one unit of revenue leaves after variable and staff costs: 1 - v - c / rev_per_employee."""
        return 1.0 - self.variable_share - self.cost_per_employee / rev_per_employee

    def revenue_for(self, profit: float, rev_per_employee: float) -> float:
        """Revenue that earns `profit`: R = (P + F) / (1 - v - c / rev_per_employee)."""
        return (profit + self.fixed_costs) / self.unit_contribution(rev_per_employee)

    def profit_at(self, revenue: float, rev_per_employee: float) -> float:
        """Profit at `revenue`: R x (1 - v) - (R / rev_per_employee) x c - F."""
        headcount = revenue / rev_per_employee
        return revenue * (1.0 - self.variable_share) - headcount * self.cost_per_employee - self.fixed_costs
