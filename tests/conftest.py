import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from helpers import ROOT  # noqa: E402

from leverage.model.inputs import Costs, Inputs, Stage  # noqa: E402


@pytest.fixture
def worked_example() -> Inputs:
    """The domain doc's section 4 example (talk, 54:04): USD, an international client."""
    return Inputs(
        revenue=5_880_000, profit=558_000, headcount=83,
        clients_start=52, clients_new=37, clients_lost=22,
        funnel=(Stage("Leads", 5300), Stage("Proposals", 1850), Stage("Paid", 37)),
        target_profit=1_200_000, company="Worked example", currency="USD",
    )


@pytest.fixture
def template_file(tmp_path):
    """A copy of the worked example's filled template (samples/worked-example.xlsx)."""
    import shutil

    path = tmp_path / "client.xlsx"
    shutil.copy(ROOT / "samples" / "worked-example.xlsx", path)
    return path


@pytest.fixture
def example_scenarios(worked_example):
    """The worked example solved with the talk's lever change: average check x2."""
    from leverage.changes import parse_change
    from leverage.model.solve import solve

    return solve(worked_example, changes=[("avg_check", parse_change("avg_check", "x2"))])


@pytest.fixture
def small() -> Inputs:
    """Round figures worked by hand: R 1,000, P 100, H 10 (100 a head), v 50 %, c 30 a head, so F = 100."""
    return Inputs(
        revenue=1000, profit=100, headcount=10, clients_start=8, clients_new=4, clients_lost=2,
        funnel=(Stage("Leads", 40), Stage("Paid", 4)), target_profit=200,
        costs=Costs(variable_share=0.5, cost_per_employee=30),
        sources=(("variable_share", "Inputs!C60"), ("cost_per_employee", "Inputs!C61"), ("fixed_costs", "Inputs!C62"),
                 ("lever_margin", "Inputs!C38")),
    )
