"""Uncertainty of B″: what it earns when some levers fall anywhere within a range.

A consultant rarely knows next year's average check to the dollar; "between 150k
and 200k" is honest. Ranges come from the template (`Inputs.ranges`) or from
`--range avg_check=150k..200k`; each replaces B″'s value of that lever (B″ keeps
B′'s levers, A's leads and the clients carried in), and a seeded Monte Carlo
gives the probability of reaching the target and the P10, P50 and P90 profit.

Each ranged lever is drawn uniformly between its low and high, independently of
the others. A range says nothing about which values inside it are likelier, and
the uniform distribution assumes nothing more; a triangular one would need a most
likely value, which neither the template nor the option asks for.

`conversion` ranges the funnel's conversion from leads to paying clients (as in
`leverage levers`); `conversion.K` ranges step K alone. numpy is imported inside
`simulate` only, so a solve without ranges never loads it.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..changes import check_lever_name
from ..errors import ChangeError
from ..i18n import Num, Translator, _, number
from ..numbers import NumberFormatError, parse_number, parse_rate
from .checks import too_large
from .inputs import Scenarios, Uncertainty
from .levers import BY_NAME, RANGE_LEVERS, funnel_step, is_rate, is_step, step_lever

DEFAULT_SAMPLES = 100_000
MAX_SAMPLES = 10_000_000
DEFAULT_SEED = 2011          # the book's 2.011: fixed, so the same inputs give the same figures
BINS = 20

Range = tuple[str, float, float]


def check_range_lever(name: str, steps: int | None = None) -> str:
    """The canonical lever name for a range, or ChangeError naming the ones allowed."""
    lever = name.strip().lower().replace("-", "_")
    known = BY_NAME.get(lever)
    if known is not None and known.rangeable and not known.changeable:  # leads: an input of B'', not a lever
        return lever
    if known is not None and not known.rangeable:  # rev_per_employee
        raise ChangeError(_("rev_per_employee does not change profit, only headcount; a range applies to {levers} "
                            "or conversion.K", levers=", ".join(RANGE_LEVERS)))
    if known is not None or is_step(lever):
        return check_lever_name(lever, steps)
    raise ChangeError(_('unknown lever "{name}" for a range: expected one of {levers}, conversion.K',
                        name=name, levers=", ".join(RANGE_LEVERS)))


def check_range(lever: str, low: float, high: float) -> Range:
    """(lever, low, high) if the bounds make sense for that lever; ChangeError otherwise."""
    if low > high:
        raise ChangeError(_("{lever}: the low end {low} is above the high end {high}",
                            lever=lever, low=_Bound(lever, low), high=_Bound(lever, high)))
    if is_rate(lever):
        floor = -1.0 if lever == "margin" else 0.0
        if low < floor or high > 1:
            raise ChangeError(_("{lever}: {low}..{high} leaves the shares it can take ({floor} % to 100 %)",
                                lever=lever, low=_Bound(lever, low), high=_Bound(lever, high),
                                floor="-100" if floor else "0"))
    elif low < 0:
        raise ChangeError(_("{lever}: the low end {low} is below 0", lever=lever, low=_Bound(lever, low)))
    elif too_large(high):
        raise ChangeError(_("{lever}: the high end {high}; expected at most 1,000,000,000,000,000: a larger figure "
                            "than any business has", lever=lever, high=_Bound(lever, high)))
    return lever, float(low), float(high)


class _Bound:
    """A range's end as the messages write it, in the language that renders them."""

    def __init__(self, lever: str, value: float) -> None:
        self.lever, self.value = lever, value

    def in_language(self, tr: Translator) -> str:
        return _fmt(self.lever, self.value, tr.lang)

    def __str__(self) -> str:
        return _fmt(self.lever, self.value)


def _fmt(lever: str, value: float, lang: str = "en") -> str:
    """200,000 or 70%: as a consultant would write it back (never 2e+05); 200 000 or 70 % in Russian."""
    if is_rate(lever):
        text = f"{value * 100:.4g}"
        return f"{text.replace('.', ',')} %" if lang == "ru" else f"{text}%"
    return number(value, 0 if float(value).is_integer() else 2, lang)


def parse_range(text: str, steps: int | None = None) -> Range:
    """Parse `NAME=LOW..HIGH`: money and counts as `150k..200k`, rates as `70%..80%`."""
    name, sep, bounds = text.partition("=")
    if not sep:
        raise ChangeError(_('"{text}" is not NAME=LOW..HIGH; for example avg_check=150k..200k or retention=70%..80%',
                            text=text))
    lever = check_range_lever(name, steps)
    parts = bounds.split("..")
    if len(parts) != 2 or not all(part.strip() for part in parts):
        raise ChangeError(_('{lever}: "{bounds}" is not LOW..HIGH; for example 150k..200k or 70%..80%',
                            lever=lever, bounds=bounds))
    try:
        if is_rate(lever):
            (low, _low_ambiguous), (high, _high_ambiguous) = (parse_rate(part) for part in parts)
        else:
            low, high = (parse_number(part) for part in parts)
    except NumberFormatError as exc:
        raise ChangeError(_('{lever}: cannot read "{bounds}" ({why})', lever=lever, bounds=bounds, why=exc.message)) from None
    return check_range(lever, low, high)


def combine_ranges(template: Iterable[Range], given: Iterable[Range]) -> tuple[Range, ...]:
    """Given ranges override the template's for the same lever; the result in a fixed order.

    The order fixes the draws, so the same ranges give the same samples however
    they were typed. A lever given twice, or `conversion` with `conversion.K`, is refused.
    """
    merged = {lever: (lever, low, high) for lever, low, high in template}
    seen: set[str] = set()
    for lever, low, high in given:
        if lever in seen:
            raise ChangeError(_("{lever}: the range is given twice; give it once", lever=lever))
        seen.add(lever)
        merged[lever] = (lever, low, high)
    steps = sorted(lever for lever in merged if is_step(lever))
    if "conversion" in merged and steps:
        raise ChangeError(_("conversion and {steps}: range either the funnel's conversion or single steps, not both",
                            steps=", ".join(steps)))
    order = {lever: i for i, lever in enumerate(RANGE_LEVERS)}
    key = lambda lever: (order["conversion"], funnel_step(lever) or 0) if lever in steps else (order[lever], 0)  # noqa: E731
    return tuple(merged[lever] for lever in sorted(merged, key=key))


def simulate(scenarios: Scenarios, ranges: Iterable[Range], samples: int = DEFAULT_SAMPLES,
             seed: int = DEFAULT_SEED) -> Uncertainty:
    """Draw `samples` scenarios of B″ with the ranged levers uniform in their ranges.

    Vectorised with numpy and seeded: the same inputs, ranges, samples and seed
    give the same figures. Profit follows the forward chain in the solver's order
    of operations, so zero-width ranges give B″'s profit exactly.
    """
    import numpy as np

    if not 1 <= samples <= MAX_SAMPLES:
        raise ChangeError(_("{samples} samples: expected 1 to {most}", samples=samples, most=Num(MAX_SAMPLES)))
    if seed < 0:
        raise ChangeError(_("seed {seed}: expected 0 or more", seed=seed))
    point = scenarios["B''"]
    levers = point.levers
    steps = len(levers.conversions)
    ranges = combine_ranges((), [check_range(check_range_lever(lever, steps), low, high) for lever, low, high in ranges])
    ranged = {lever: (low, high) for lever, low, high in ranges}
    rng = np.random.default_rng(seed)

    def value(lever: str, fixed: float) -> np.ndarray | float:
        if lever not in ranged:
            return fixed
        low, high = ranged[lever]
        return rng.uniform(low, high, samples)

    # Drawn in RANGE_LEVERS order (steps in funnel order): the order fixes the stream.
    clients_new = value("leads", scenarios.inputs.leads)
    if "conversion" in ranged:
        clients_new = clients_new * value("conversion", levers.conversion_product)
    else:
        for k, conversion in enumerate(levers.conversions, start=1):
            clients_new = clients_new * value(step_lever(k), conversion)
    avg_check = value("avg_check", levers.avg_check)
    retention = value("retention", levers.retention)
    margin = value("margin", levers.margin)
    with np.errstate(over="ignore", invalid="ignore"):  # told below in words, not as a RuntimeWarning
        profit = np.broadcast_to((point.clients_start + clients_new) * retention * avg_check * margin, (samples,))
    if not np.isfinite(profit).all():
        raise ChangeError(_("the simulated profit of B″ is larger than any number that can be computed: check B″'s "
                            "levers (the lever changes) and the ranges for a figure far too large"))
    p10, p50, p90 = (float(x) for x in np.percentile(profit, [10, 50, 90]))
    counts, edges = np.histogram(profit, bins=BINS)
    return Uncertainty(
        samples=samples, seed=seed, ranges=ranges, target_profit=scenarios.target_profit,
        probability=float(np.count_nonzero(profit >= scenarios.target_profit)) / samples,
        p10=p10, p50=p50, p90=p90,
        histogram=tuple((float(a), float(b), int(n)) for a, b, n in zip(edges[:-1], edges[1:], counts)),
    )
