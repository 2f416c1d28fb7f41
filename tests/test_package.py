"""The package's public names, and what `import leverage` and `leverage solve` import."""

import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import leverage

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = {
    "Acquisition", "Change", "ChangeError", "Channel", "Conclusion", "Costs", "FileFormatError", "InputError", "Inputs",
    "LeverAnalysis", "LeverageError", "Levers", "OutputError", "Point", "Problem", "Scenarios", "Stage",
    "analyse_channels", "comparison", "conclude", "default_output", "levers", "parse_lever", "parse_money", "plan", "portfolio", "segments", "show",
    "solve", "table", "template", "to_dict", "to_json", "track", "unit_economics", "write_segments", "write_workbook",
}


def test_every_public_name_resolves():
    """The public names, each the object of the module that defines it; __all__ lists each once."""
    assert sorted(leverage.__all__) == sorted(set(leverage.__all__)) == sorted(PUBLIC)
    for name in leverage.__all__:
        value = getattr(leverage, name)
        assert value is not None and name in dir(leverage), name
    assert {name for name in vars(leverage) if not name.startswith("_") and not isinstance(getattr(leverage, name), ModuleType)} \
        == set(leverage.__all__)
    assert leverage.parse_money("1.2M") == 1_200_000
    assert leverage.parse_lever("avg_check=x2")[0] == "avg_check"
    assert leverage.solve is leverage.api.solve and leverage.Inputs is leverage.model.inputs.Inputs


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_name"):
        leverage.no_such_name  # noqa: B018


def test_template_stays_the_function_after_writing_templates(tmp_path):
    """The template writer's module is not called `template`, which would shadow the function."""
    first = leverage.template(tmp_path / "one.xlsx")
    second = leverage.template(tmp_path / "two.xlsx", lang="ru", currency="RUB")
    assert first.exists() and second.exists() and callable(leverage.template)


def _imported_after(code: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_import_leverage_imports_no_heavy_library():
    """The API's verbs import the libraries they need when they run: the writer, the reader, the simulation."""
    imported = {name.partition(".")[0] for name in _imported_after("import leverage")}
    assert imported & {"openpyxl", "xlsxwriter", "numpy", "pandas", "click"} == set()


def test_solve_imports_only_what_the_sample_needs(tmp_path):
    """Optional sections and other commands stay unimported: start-up time is the tool's speed.

    (numpy comes in with openpyxl, which imports it whenever it is installed: see tests/test_cli.py.)"""
    sample = ROOT / "samples" / "worked-example.xlsx"
    code = (
        "from leverage.cli import main\n"
        "try:\n"
        f"    main(['solve', {str(sample)!r}, '-o', {str(tmp_path / 'o.xlsx')!r}])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code in (0, None), exit.code\n"
    )
    imported = _imported_after(code)
    assert "leverage.workbook" in imported and "leverage.form.read" in imported
    unneeded = {
        "leverage.form.write", "leverage.form.labels",
        "leverage.workbook.channels_sheet", "leverage.workbook.economics_sheet", "leverage.workbook.uncertainty_sheet",
        "json", "pandas",
    }
    assert imported & unneeded == set()


def test_the_command_is_cli_main():
    """The console script and `python -m leverage` both run `cli.main`, the click group, as it is."""
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"leverage": "leverage.cli:main"}
    result = subprocess.run([sys.executable, "-m", "leverage", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and result.stdout == f"python -m leverage, version {leverage.__version__}\n", result.stdout
