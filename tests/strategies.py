"""Hypothesis strategies more than one test module draws from: companies for the solver, cells for a template."""

from __future__ import annotations

import datetime as dt

import corpus
from hypothesis import strategies as st

from leverage.form.fields import FIELDS
from leverage.model.inputs import Inputs, Stage

# Property tests: plausible companies and lever changes.
counts = st.integers(min_value=1, max_value=5_000)


@st.composite
def companies(draw):
    n_stages = draw(st.integers(min_value=2, max_value=6))
    new = draw(counts)
    stages = [new]
    for _ in range(n_stages - 1):
        stages.append(stages[-1] * draw(st.floats(min_value=1.0, max_value=20.0)))
    stages = list(reversed(stages))
    start = draw(st.integers(min_value=0, max_value=5_000))
    lost = draw(st.integers(min_value=0, max_value=start + new - 1))
    revenue = draw(st.floats(min_value=1e5, max_value=1e10))
    margin = draw(st.floats(min_value=0.005, max_value=0.6))
    return Inputs(
        revenue=revenue, profit=revenue * margin, headcount=draw(st.integers(min_value=1, max_value=10_000)),
        clients_start=start, clients_new=new, clients_lost=lost,
        funnel=tuple(Stage(f"s{i}", c) for i, c in enumerate(stages)),
    )


# Characters consultants type or paste: digits, separators, signs, currency, scale words, formula starts.
_TYPED = st.text(alphabet="0123456789 .,'%-+$€₽()xXхеMmkKтыс.млнруб=@\u00a0\u202f\t", max_size=14)
_NUMBER_TEXT = st.builds(
    lambda number, fmt: fmt.format(number).replace(",", " ") if "{:,}" in fmt else fmt.format(number),
    st.integers(min_value=-10**7, max_value=10**8),
    st.sampled_from(["{}", "{:,}", "{}.0", "{},5", "$ {}", "{} ₽", "{} млн", "{}%", "x{}"]),
)
_VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-10**6, max_value=10**9),
    st.floats(allow_nan=True, allow_infinity=True, width=32),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    _TYPED,
    _NUMBER_TEXT,
    st.text(max_size=30),
)


def template_cells():
    """A value for each field: mostly the worked example's, each replaced by a random one one time in ten,
    so that templates both fail in many ways and get far enough to solve."""

    def maybe(default, random):
        return st.builds(lambda replace, value: value if replace else default,
                         st.integers(0, 9).map(lambda n: n == 0), random)

    scalars = {spec.name: maybe(corpus.WORKED_EXAMPLE.get(spec.name), _VALUES) for spec in FIELDS if spec.rows == 1}
    tables = {spec.name: maybe(corpus.WORKED_EXAMPLE.get(spec.name, []), st.lists(_VALUES, max_size=spec.rows))
              for spec in FIELDS if spec.rows > 1}
    return st.fixed_dictionaries({**scalars, **tables})
