import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from leverage.model.inputs import Inputs, Stage  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def sample_templates(folder: Path = SAMPLES) -> list[Path]:
    """The filled templates in `folder`: every workbook but what `leverage solve` writes beside them.

    The Quickstart's first command writes `samples/worked-example.leverage.xlsx`; that output is no sample.
    """
    return sorted(path for path in folder.glob("*.xlsx")
                  if not path.name.endswith(".leverage.xlsx") and not path.name.startswith(("~$", ".~lock")))


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
