"""One Result per run: `leverage.solve` gives what the CLI prints, and renderers compute nothing again."""

import json

import pytest
from click.testing import CliRunner
from helpers import sample_templates

import leverage
from leverage.cli import main
from leverage.model import analysis, channels, economics
from leverage.model.analysis import analyse
from leverage.model.result import Result, result_of

SAMPLES = sample_templates()
CHANNELS = next(path for path in SAMPLES if path.name == "channels-example.xlsx")
ROMI = {
    "location": "Channels!L6",
    "metric": "romi",
    "message": 'channel "Trade show" does not pay back: ROMI -46.7%, expected 0% or more '
               "(45,000 spent, 24,000 returned after variable costs)",
}


def warning_lines(output):
    return [line for line in output.splitlines() if line.startswith("Warning:")]


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda path: path.stem)
def test_the_cli_prints_the_warnings_the_api_gives(sample, lang):
    result = leverage.solve(sample)
    shown = CliRunner().invoke(main, ["show", str(sample), "--lang", lang])
    assert shown.exit_code == 0, shown.output
    assert warning_lines(shown.stderr) == [f"Warning: {w.text(lang)}" for w in result.warnings]
    as_json = CliRunner().invoke(main, ["show", str(sample), "--json"])
    assert json.loads(as_json.stdout)["warnings"] == [
        {"location": str(w.location), "metric": w.metric, "message": str(w.message)} for w in result.warnings]


def test_the_api_gives_the_romi_warning_at_its_cell():
    result = leverage.solve(CHANNELS)
    assert isinstance(result, Result)
    assert [w.text("en") for w in result.warnings] == [f"{ROMI['location']} (romi): {ROMI['message']}"]
    assert [w.text("ru") for w in result.warnings] == [
        "Каналы!L6 (romi): канал «Trade show» не окупается: ROMI -46,7 %, ожидалось 0 % или больше "
        "(затрачено 45 000, маржа после переменных расходов 24 000)"]
    assert leverage.to_dict(result)["warnings"] == [ROMI]


def test_a_result_holds_what_is_computed_from_its_scenarios():
    result = leverage.solve(CHANNELS)
    assert result.analysis == analyse(result.inputs, result.target_profit)
    assert result.economics == economics.unit_economics(result)
    assert result.channels == channels.analyse_channels(result.inputs)
    assert result_of(result) is result
    assert result["B'"].leads == result.points[2].leads


def test_the_renderers_compute_nothing_again(monkeypatch, tmp_path):
    result = leverage.solve(CHANNELS)

    def computed_again(*args, **kwargs):
        raise AssertionError("computed again")

    for module, name in ((analysis, "analyse"), (economics, "unit_economics"), (channels, "analyse_channels")):
        monkeypatch.setattr(module, name, computed_again)
    written = leverage.write_workbook(result, tmp_path / "out.xlsx")
    assert written.is_file()
    assert leverage.to_dict(result)["channels"]["rows"][0]["name"] == result.channels.channels[0].name
    assert "Trade show" in leverage.table(result)
