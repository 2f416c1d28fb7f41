"""Market capacity: each point's leads and new clients as a share of the target segment's potential clients.

The talk's example: 203,000 companies in the target segment; 1 % of it is 2,030 clients. A point that
needs more leads a year than the market holds cannot be reached in that market, and a plan whose new
clients take more than a few percent of it in a year is rarely real (domain doc, section 9). Pure: the
points' figures and the market size in, shares and warnings out.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ChangeError, Notice
from ..i18n import Message, Num, Pct, _
from ..i18n.terms import POINT_SHORT
from ..numbers import NumberFormatError, parse_number
from .checks import LARGER_THAN_ANY_BUSINESS, too_large
from .inputs import Point, Scenarios

# A yearly share of new clients above this is rarely a plan: taking a twentieth of a market in one year
# already assumes winning most of the competition's prospects.
MAX_YEARLY_SHARE = 0.05

# Where a market size given on the command line is located in messages and warnings.
OPTION = "--market-size"


def _not_whole(text: object) -> Message:
    return _('"{text}": expected a whole number of potential clients above 0, such as 203000', text=text)


def parse_market_size(text: str | float) -> float:
    """A market size as typed (`203000`, `203 000`, `203,000`, `203k`), checked by `check_market_size`."""
    if isinstance(text, str):
        try:
            return check_market_size(parse_number(text, whole=True), text)
        except NumberFormatError:
            raise ChangeError(_not_whole(text)) from None
    return check_market_size(text, text)


def check_market_size(size: float, typed: object = None) -> float:
    """`size` if it is a whole number of potential clients above 0 and not beyond any market; else ChangeError."""
    shown = size if typed is None else typed
    if isinstance(size, bool) or not isinstance(size, (int, float)) or too_large(size):
        raise ChangeError(_('"{text}": expected a whole number of potential clients {limit}',
                            text=shown, limit=LARGER_THAN_ANY_BUSINESS))
    if size <= 0 or size != int(size):
        raise ChangeError(_not_whole(shown))
    return float(size)


@dataclass(frozen=True)
class MarketShare:
    """One point's leads and new clients a year, and what share of the market each is."""

    point: str
    leads: float
    clients_new: float
    leads_share: float
    new_clients_share: float


@dataclass(frozen=True)
class Market:
    """The market size and each computable point's share of it (an infeasible point has none)."""

    size: float
    shares: tuple[MarketShare, ...]

    def share(self, point: str) -> MarketShare | None:
        """The share of `point` ("A", "B", "B'", "B''"), None for a point that cannot be computed."""
        return next((s for s in self.shares if s.point == point), None)


def market_of(scenarios: Scenarios) -> Market | None:
    """Each feasible point's leads and new clients over the inputs' market size; None without one."""
    size = scenarios.inputs.market_size
    if size is None:
        return None
    shares = tuple(
        MarketShare(p.key, p.leads, p.clients_new, p.leads / size, p.clients_new / size)
        for p in scenarios.points if isinstance(p, Point)
    )
    return Market(size, shares)


def market_warnings(scenarios: Scenarios, market: Market | None) -> tuple[Notice, ...]:
    """A point that needs more leads than the market holds; a point whose new clients exceed MAX_YEARLY_SHARE of it.

    Located where the market size was given: its template cell or --market-size.
    """
    if market is None:
        return ()
    where = scenarios.inputs.source("market_size")
    size = Num(market.size)
    out: list[Notice] = []
    for s in market.shares:
        point = POINT_SHORT[s.point]
        if s.point == "A":  # last year is no plan: only a market smaller than last year's leads is suspicious
            if s.leads > market.size:
                out.append(Notice(where, "market_size", _(
                    "last year's {leads} leads are more than the {size} potential clients of the market: check "
                    "the market size (the target segment's potential clients, not this year's prospects)",
                    leads=Num(s.leads, _decimals(s.leads)), size=size)))
            continue
        if s.leads > market.size:
            out.append(Notice(where, "market_size", _(
                "point {point} needs {leads} leads a year, more than the {size} potential clients the market "
                "holds: every potential client would have to become a lead, some more than once; check the "
                "market size or the levers", point=point, leads=Num(s.leads, _decimals(s.leads)), size=size)))
        if s.new_clients_share > MAX_YEARLY_SHARE:
            out.append(Notice(where, "market_size", _(
                "point {point} needs {new} new clients a year, {share} of a market of {size}; a plan whose new "
                "clients take more than {limit} of the market in a year is rarely real",
                point=point, new=Num(s.clients_new, _decimals(s.clients_new)), share=Pct(s.new_clients_share),
                size=size, limit=Pct(MAX_YEARLY_SHARE, 0))))
    return tuple(out)


def _decimals(value: float) -> int:
    """Counts as the table shows them: whole when whole, else two decimals."""
    return 0 if abs(value - round(value)) < 5e-7 else 2
