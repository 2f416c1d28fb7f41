"""The package's public names, and what `import leverage` and `leverage solve` import."""

import subprocess
import sys
from pathlib import Path

import leverage

ROOT = Path(__file__).resolve().parent.parent


def test_every_public_name_resolves():
    # __all__ stays a literal list for linters and editors; it must name exactly what is exported lazily.
    assert sorted(leverage.__all__) == sorted(leverage._EXPORTS)
    for name in leverage.__all__:
        value = getattr(leverage, name)
        assert value is not None and name in dir(leverage), name
    assert leverage.parse_money("1.2M") == 1_200_000
    assert leverage.parse_lever("avg_check=x2")[0] == "avg_check"


def test_an_unknown_name_is_an_attribute_error():
    try:
        leverage.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


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


def test_import_leverage_imports_no_submodule():
    assert {name for name in _imported_after("import leverage") if name.startswith("leverage.")} == set()


def test_solve_imports_only_what_the_sample_needs(tmp_path):
    """Optional sections and other commands stay unimported: start-up time is the tool's speed."""
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
        "leverage.form.write", "leverage.form.labels", "leverage.model.channels", "leverage.model.economics",
        "leverage.workbook.channels_sheet", "leverage.workbook.economics_sheet", "leverage.workbook.uncertainty_sheet",
        "json", "numpy", "pandas",
    }
    assert imported & unneeded == set()


def test_the_command_runs_without_the_cyclic_collector():
    """Both ways of starting the command go through `cli.run` (the collector off: a quicker start)."""
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"leverage": "leverage.cli:run"}
    code = "import gc, sys\nsys.argv = ['leverage', '--version']\nimport runpy\ntry:\n" \
           "    runpy.run_module('leverage', run_name='__main__')\nexcept SystemExit:\n    print(gc.isenabled())\n"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0 and result.stdout.split()[-1] == "False", result.stdout + result.stderr
