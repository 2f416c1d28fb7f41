"""The Quickstart's two commands run in order: the first one's output is not taken for a sample by the second."""

import shutil
import subprocess

import pytest
from click.testing import CliRunner
from helpers import ROOT, SAMPLES, sample_templates

from leverage.cli import main

TEMPLATES = ["channels-example.xlsx", "ru-company.xlsx", "worked-example.xlsx"]


def test_the_samples_are_the_three_filled_templates():
    assert [path.name for path in sample_templates()] == TEMPLATES


def test_the_quickstart_output_is_not_a_sample(tmp_path):
    """`leverage solve samples/worked-example.xlsx --force` (in a copy of samples/), then the suite's discovery."""
    samples = tmp_path / "samples"
    shutil.copytree(SAMPLES, samples)
    result = CliRunner().invoke(main, ["solve", str(samples / "worked-example.xlsx"), "--force"])
    assert result.exit_code == 0, result.output
    written = samples / "worked-example.leverage.xlsx"
    assert result.stderr == f"Wrote {written}\n" and written.exists()
    again = CliRunner().invoke(main, ["solve", str(samples / "ru-company.xlsx"), "-o", str(samples / "ru.leverage.xlsx")])
    assert again.exit_code == 0, again.output
    (samples / "~$worked-example.xlsx").write_bytes(b"")  # Excel's lock file beside an open workbook
    assert [path.name for path in sample_templates(samples)] == TEMPLATES


@pytest.mark.parametrize("output", ["samples/worked-example.leverage.xlsx", "samples/ru-company.leverage.xlsx",
                                    "client.leverage.xlsx", "out/deep/x.leverage.xlsx"])
def test_git_ignores_every_written_workbook(output):
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    result = subprocess.run(["git", "check-ignore", "--no-index", "-q", output], cwd=ROOT)
    assert result.returncode == 0, f"{output} is not ignored"
