import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from leverage.model import Inputs, Stage  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


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
def template_file(tmp_path, monkeypatch, worked_example):
    """A path for CLI tests, read as the worked example.

    The template reader (`leverage.reader`) is in another branch: until it lands
    this stands in for it, and the CLI tests that use it should move to the real
    sample template (samples/worked-example.xlsx) then.
    """
    from leverage import api

    path = tmp_path / "client.xlsx"
    path.write_bytes(b"stand-in for a filled template")
    monkeypatch.setattr(api, "load_inputs", lambda source: worked_example)
    return path
