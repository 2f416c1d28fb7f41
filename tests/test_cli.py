"""The `leverage` command through click's runner, on real files, with whole messages."""

import ast
import hashlib
import json
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner
from helpers import ROOT, fill_template

import leverage
from leverage.cli import main

SAMPLE = ROOT / "samples" / "worked-example.xlsx"


@pytest.fixture
def sample(tmp_path):
    path = tmp_path / "client.xlsx"
    shutil.copy(SAMPLE, path)
    return path


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="leverage")


def test_solve_prints_the_four_points_and_writes_the_workbook(sample):
    before = digest(sample)
    result = run("solve", sample)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["A", "B", "B′", "B″"]
    assert "Profit, USD                         558,000   1,200,000   1,200,000   1,304,090" in lines
    assert "Leads                                 5,300   17,819.15    4,110.93       5,300" in lines
    out = sample.with_name("client.leverage.xlsx")
    assert result.stderr == f"Wrote {out}\n"
    assert out.exists() and digest(sample) == before


def test_json_is_one_document_equal_to_the_api(sample, tmp_path):
    result = run("solve", sample, "--json", "-o", tmp_path / "o.xlsx", "--target-profit", "1 200 000", "--lever", "avg_check=x2")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data == json.loads(leverage.to_json(leverage.solve(sample, 1_200_000, ["avg_check=x2"])))
    points = data["points"]
    assert list(points) == ["A", "B", "B'", "B''"]
    assert round(points["B"]["leads"], 2) == 17_819.15
    assert round(points["B'"]["leads"], 2) == 4_110.93
    assert round(points["B''"]["profit"]) == 1_304_090
    for key in ("profit", "revenue", "margin", "headcount", "rev_per_employee", "avg_check", "clients_start",
                "clients_new", "clients_end", "retention", "leads", "funnel"):
        assert key in points["B''"], key
    assert points["B"]["funnel"][1] == {"stage": "Proposals sent", "count": pytest.approx(6219.8924731), "conversion": pytest.approx(1850 / 5300)}


@pytest.mark.parametrize("money", ["1.2M", "1200k", "1 200 000", "1,2M", "1.2e6", "$1.2M"])
def test_money_forms(sample, tmp_path, money):
    result = run("solve", sample, "--json", "-o", tmp_path / "o.xlsx", "--target-profit", money)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["target_profit"] == 1_200_000


def test_cli_levers_override_the_template_and_combine(sample, tmp_path):
    result = run("solve", sample, "--json", "-o", tmp_path / "o.xlsx",
                 "--lever", "avg_check=x1.5", "--lever", "avg_check=+10%", "--lever", "retention=+5pp")
    assert result.exit_code == 0
    b1 = json.loads(result.stdout)["points"]["B'"]
    assert b1["avg_check"] == pytest.approx(5_880_000 / 67 * 1.65)  # the template's x2 is replaced
    assert b1["retention"] == pytest.approx(67 / 89 + 0.05)


def test_bad_money_is_a_usage_error(sample):
    result = run("solve", sample, "--target-profit", "lots")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: Invalid value for '--target-profit': \"lots\": expected a number such as 1200000, 1 200 000 or 1.2M\n")


def test_bad_lever_is_a_usage_error(sample):
    result = run("solve", sample, "--lever", "avg_check=+5pp")
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: Invalid value for '--lever': avg_check: \"+5pp\" is in percentage points, which apply to rates only "
        "(margin, retention, conversion); use +10% or x1.1\n")


USAGE = {cmd: f"Usage: leverage {cmd} [OPTIONS] INPUT\nTry 'leverage {cmd} --help' for help.\n\n" for cmd in ("solve", "show")}


def test_step_beyond_the_funnel(sample):
    result = run("solve", sample, "--lever", "conversion.3=x2")
    assert result.exit_code == 2
    assert result.stderr == USAGE["solve"] + (
        'Error: Invalid value for \'--lever\': unknown funnel step "conversion.3": this funnel has steps 1 to 2 '
        "(conversion.1 = first stage to second)\n")
    assert not sample.with_name("client.leverage.xlsx").exists()


STEPS = "this funnel has steps 1 to 2 (conversion.1 = first stage to second)"


@pytest.mark.parametrize("command", ["solve", "show"])
@pytest.mark.parametrize("args, message", [
    (["--lever", "conversion.3=x2"], f'Invalid value for \'--lever\': unknown funnel step "conversion.3": {STEPS}'),
    (["--lever", "conversion.0=x2"], "Invalid value for '--lever': unknown funnel step \"conversion.0\": steps are numbered "
                                     "from 1 (conversion.1 = first stage to second)"),
    (["--lever", "bogus=x2"], "Invalid value for '--lever': unknown lever \"bogus\": expected one of margin, "
                              "rev_per_employee, avg_check, retention, conversion, conversion.K"),
    (["--range", "conversion.9=1%..2%"], f'Invalid value for \'--range\': unknown funnel step "conversion.9": {STEPS}'),
    (["--range", "avg_check=1..2", "--range", "avg_check=3..4"],
     "Invalid value for '--range': avg_check: the range is given twice; give it once"),
    (["--range", "conversion=1%..2%", "--range", "conversion.1=1%..2%"],
     "Invalid value for '--range': conversion and conversion.1: range either the funnel's conversion or single steps, not both"),
    (["--lever", "conversion.3=x2", "--range", "leads=1..2", "--range", "conversion.4=1%..2%"],
     f'Invalid value for \'--lever\': unknown funnel step "conversion.3": {STEPS}\n'
     f'Error: Invalid value for \'--range\': unknown funnel step "conversion.4": {STEPS}'),
])
def test_every_bad_command_line_value_is_exit_2_and_names_its_option(sample, command, args, message):
    """Values that only the template can check (how many steps its funnel has) are still the command line's fault."""
    before = digest(sample)
    result = run(command, sample, *args)
    assert result.exit_code == 2
    assert result.stderr == f"{USAGE[command]}Error: {message}\n"
    assert digest(sample) == before and not sample.with_name("client.leverage.xlsx").exists()


def test_existing_output_is_kept_without_force(sample):
    out = sample.with_name("client.leverage.xlsx")
    out.write_bytes(b"previous")
    result = run("solve", sample)
    assert result.exit_code == 3
    assert result.stderr == f"Error: {out}: already exists; use --force to overwrite it or -o to choose another name\n"
    assert out.read_bytes() == b"previous"
    assert run("solve", sample, "--force").exit_code == 0
    assert out.read_bytes()[:2] == b"PK"


def test_output_may_not_be_the_input(sample):
    result = run("solve", sample, "-o", sample, "--force")
    assert result.exit_code == 3
    assert result.stderr == f"Error: {sample}: the output would overwrite the input; choose another name with -o\n"


def test_template_problems_are_all_reported_and_nothing_is_written(tmp_path):
    template = ROOT / "templates" / "leverage-template-en.xlsx"
    bad = tmp_path / "bad.xlsx"
    fill_template(template, bad, {"revenue": "lots", "profit": 558_000, "headcount": 83, "clients_start": 52,
                                  "clients_new": 37, "clients_lost": 120, "funnel_stages": ["Leads", "Paid"],
                                  "funnel_counts": [5300, 37], "target_profit": 1_200_000})
    before = digest(bad)
    result = run("solve", bad)
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert errors[0] == 'Error: Inputs!C10 (revenue): expected an amount above 0: a number such as 1200000, 1 200 000 or 1.2M, got "lots"'
    assert any(line.startswith("Error: Inputs!C19 (clients_lost):") for line in errors)
    assert "Traceback" not in result.output
    assert not bad.with_name("bad.leverage.xlsx").exists()
    assert digest(bad) == before


def test_debug_shows_the_traceback(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    assert "Traceback" not in run("solve", bad).output
    result = run("solve", bad, "--debug")
    assert result.exit_code == 1 and result.exc_info[0].__name__ == "FileFormatError"


@pytest.mark.parametrize("lang,currency", [("en", "USD"), ("ru", "RUB"), ("en", "EUR")])
def test_template_command(tmp_path, lang, currency):
    out = tmp_path / "t.xlsx"
    result = run("template", out, "--lang", lang, "--currency", currency)
    assert result.exit_code == 0 and out.exists()
    again = run("template", out)
    assert again.exit_code == 3
    assert again.stderr == f"Error: {out}: already exists; use --force to overwrite it or -o to choose another name\n"


def test_every_command_has_help_and_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        result = run(name, "--help")
        assert result.exit_code == 0 and command.help and len(command.help) > 20
        assert f"leverage {name}" in readme, name


def test_python_dash_m(tmp_path):
    result = subprocess.run([sys.executable, "-m", "leverage", "--help"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0 and "solve" in result.stdout


@pytest.mark.parametrize("command", [["solve", "-o", "o.xlsx"], ["show"], ["levers"], ["levers", "--json"]])
def test_solve_imports_neither_numpy_nor_pandas_itself(sample, tmp_path, command):
    """pandas stays off the path of solve, show and levers; numpy comes in only through openpyxl.

    openpyxl imports numpy whenever it is installed (to accept numpy scalars as cell values); leverage
    itself needs numpy only to simulate ranges. A finder on `sys.meta_path` notes who imports each first."""
    args = [command[0], str(sample), *(str(tmp_path / a) if a.endswith(".xlsx") else a for a in command[1:])]
    code = (
        "import sys\n"
        "from importlib.util import find_spec\n"
        "assert find_spec('numpy') and find_spec('pandas')\n"
        "importers = {}\n"
        "class Note:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name in ('numpy', 'pandas'):\n"
        "            frame = sys._getframe(1)\n"
        "            while frame.f_globals.get('__name__', '').startswith(('importlib', '_frozen_importlib')):\n"
        "                frame = frame.f_back\n"
        "            importers.setdefault(name, frame.f_globals['__name__'].partition('.')[0])\n"
        "sys.meta_path.insert(0, Note())\n"
        "from leverage.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit as exit:\n"
        "    assert exit.code in (0, None), exit.code\n"
        "print('importers:', sorted(importers.items()), 'pandas' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "importers: [('numpy', 'openpyxl')] False"


def test_numpy_and_pandas_are_imported_only_inside_the_functions_that_use_them():
    """No leverage module imports them when it is imported, on any command's path."""
    def module_level(node):
        """The statements run on import: everything but the bodies of functions."""
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                yield child
                yield from module_level(child)

    heavy = []
    for path in sorted((ROOT / "leverage").rglob("*.py")):
        for node in module_level(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            heavy += [f"{path.relative_to(ROOT)}: {name}" for name in names if name.partition(".")[0] in ("numpy", "pandas")]
    assert heavy == []


def test_readme_shows_what_solve_prints(sample):
    """The README's example is real output: the worked example as `leverage solve` prints it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("$ leverage solve samples/worked-example.xlsx --force\n") + len("$ leverage solve samples/worked-example.xlsx --force\n")
    shown = readme[start:readme.index("```", start)]
    result = run("solve", sample, "--force")
    assert result.exit_code == 0
    printed = result.stdout + result.stderr.replace(str(sample.with_name("client.leverage.xlsx")),
                                                    "samples/worked-example.leverage.xlsx")
    assert shown == printed
