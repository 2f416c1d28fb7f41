"""Nothing lost, nothing injected: the output appears whole or not at all, even when the writer is killed,
is never overwritten unasked, and text from a template stays text."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile

import corpus
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from leverage.cli import main

# Runs `leverage solve` with XlsxWriter slowed down: each part of the workbook takes 50 ms to write, and
# "writing" is printed once the first part is in, so the parent can kill the process mid-write.
_SLOW_WRITER = """\
import sys, time, zipfile
_writestr = zipfile.ZipFile.writestr
def slow(self, *args, **kwargs):
    _writestr(self, *args, **kwargs)
    print("writing", flush=True)
    time.sleep(0.05)
zipfile.ZipFile.writestr = slow
from leverage.cli import main
main(sys.argv[1:])
"""


def _spawn(code, *args):
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=corpus.ROOT, env={**os.environ, "PYTHONPATH": str(corpus.ROOT)})


def _is_whole_workbook(path):
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
    return load_workbook(path)["Points"]["A1"].value is not None


def test_killed_mid_write_leaves_the_previous_output_whole(tmp_path):
    source = corpus.filled(tmp_path / "client.xlsx")
    out = tmp_path / "client.leverage.xlsx"
    out.write_bytes(b"the previous output")
    process = _spawn(_SLOW_WRITER, "solve", source, "-o", out, "--force")
    assert process.stdout.readline() == b"writing\n"  # the workbook is half written
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert out.read_bytes() == b"the previous output"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in {"client.xlsx", "client.leverage.xlsx"}]
    assert len(leftovers) == 1 and re.fullmatch(r"\.client\.leverage\.xlsx\.\w+\.partial", leftovers[0]), leftovers
    # The next run replaces the output whole.
    result = CliRunner().invoke(main, ["solve", str(source), "-o", str(out), "--force"])
    assert result.exit_code == 0 and _is_whole_workbook(out)


def test_killed_at_any_moment_the_output_is_absent_or_whole(tmp_path):
    """Real runs, unpatched, killed at points spread over a run's duration: never a partial file at the output."""
    source = corpus.filled(tmp_path / "client.xlsx")
    out = tmp_path / "out.xlsx"
    command = [sys.executable, "-m", "leverage", "solve", str(source), "-o", str(out), "--force"]
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=corpus.ROOT)
    duration = time.perf_counter() - start
    outcomes = []
    for fraction in (0.3, 0.6, 0.8, 0.9, 0.95, 1.0, 1.05):
        out.unlink(missing_ok=True)
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=corpus.ROOT)
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        outcomes.append("whole" if out.exists() and _is_whole_workbook(out) else "absent" if not out.exists() else "?")
    assert set(outcomes) <= {"whole", "absent"} and outcomes[0] == "absent", outcomes


def test_a_failed_run_leaves_an_existing_output_alone(tmp_path):
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"the previous output")
    bad = corpus.filled(tmp_path / "bad.xlsx", revenue="lots")
    result = CliRunner().invoke(main, ["solve", str(bad), "-o", str(out), "--force"])
    assert result.exit_code == 1 and out.read_bytes() == b"the previous output"
    good = corpus.filled(tmp_path / "good.xlsx")
    result = CliRunner().invoke(main, ["solve", str(good), "-o", str(out)])
    assert result.exit_code == 3 and out.read_bytes() == b"the previous output"
    assert result.stderr == f"Error: {out}: already exists; use --force to overwrite it or -o to choose another name\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.xlsx", "good.xlsx", "out.xlsx"]  # no temp files left


FORMULA_LIKE = {
    "company": '=HYPERLINK("http://example.com/x","click")',
    "funnel_stages": ["=1+1", "+SUM(1,2)", "-2", "@SUM(A1)"],
}


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    source = corpus.filled(tmp_path / "client.xlsx", company=FORMULA_LIKE["company"],
                           funnel_stages=FORMULA_LIKE["funnel_stages"], funnel_counts=[5300, 1850, 400, 37])
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(main, ["solve", str(source), "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["company"] == FORMULA_LIKE["company"]
    assert [stage["stage"] for stage in data["points"]["A"]["funnel"]] == FORMULA_LIKE["funnel_stages"]
    texts = set(FORMULA_LIKE["funnel_stages"]) | {FORMULA_LIKE["company"]}
    found = {}
    for sheet in load_workbook(out).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in texts:
                    found[cell.value] = cell.data_type
    assert found == dict.fromkeys(texts, "s")  # every one shown, every one a string
    with zipfile.ZipFile(out) as archive:
        formulas = " ".join(re.findall(r"<f>(.*?)</f>", " ".join(
            archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/"))))
    assert "HYPERLINK" not in formulas and "SUM(" not in formulas


@pytest.mark.parametrize("args, code, message", [
    ([], 0, None),
    (["--target-profit", "-5"], 2, "Error: Invalid value for '--target-profit': \"-5\": expected an amount above 0"),
    (["--lever", "margin=x0"], 2, 'Error: Invalid value for \'--lever\': margin: "x0" multiplies by 0; expected a '
                                  "factor above 0"),
])
def test_exit_codes_of_the_real_process(tmp_path, args, code, message):
    """The README's exit codes, as a shell sees them (0, 2 here; 1 and 3 below; 4 for a bug)."""
    source = corpus.filled(tmp_path / "client.xlsx")
    result = subprocess.run([sys.executable, "-m", "leverage", "solve", str(source), "-o", str(tmp_path / "o.xlsx"),
                             *args], capture_output=True, text=True, cwd=corpus.ROOT)
    assert result.returncode == code
    if message:
        assert result.stderr.splitlines()[-1] == message


def test_exit_codes_for_input_output_and_bugs(tmp_path, monkeypatch):
    bad = corpus.filled(tmp_path / "bad.xlsx", revenue="lots")
    process = subprocess.run([sys.executable, "-m", "leverage", "solve", str(bad)], capture_output=True,
                             text=True, cwd=corpus.ROOT)
    assert process.returncode == 1 and "Traceback" not in process.stderr
    good = corpus.filled(tmp_path / "good.xlsx")
    (tmp_path / "exists.xlsx").write_bytes(b"")
    process = subprocess.run([sys.executable, "-m", "leverage", "solve", str(good), "-o",
                              str(tmp_path / "exists.xlsx")], capture_output=True, text=True, cwd=corpus.ROOT)
    assert process.returncode == 3
    # A bug anywhere becomes one line and exit code 4, with the traceback only under --debug.
    import leverage.api

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(leverage.api, "solve", broken)
    result = CliRunner().invoke(main, ["solve", str(good), "-o", str(tmp_path / "o.xlsx")])
    assert result.exit_code == 4
    assert result.stderr == ("Error: an internal error in leverage (ZeroDivisionError: division by zero); nothing "
                             "was written. Please report it with the output of the same command with --debug\n")
    result = CliRunner().invoke(main, ["solve", str(good), "-o", str(tmp_path / "o.xlsx"), "--debug"])
    assert isinstance(result.exception, ZeroDivisionError)


def test_a_successful_write_removes_what_killed_runs_left(tmp_path):
    """Hidden temporary files of this output, an hour old or more, go; a fresh one (a run writing now) and
    every other file stay."""
    from leverage.fileio import STALE_PARTIAL_SECONDS

    source = corpus.filled(tmp_path / "client.xlsx")
    out = tmp_path / "client.leverage.xlsx"
    old = time.time() - STALE_PARTIAL_SECONDS - 60
    stale = tmp_path / ".client.leverage.xlsx.k3j4h2.partial"
    fresh = tmp_path / ".client.leverage.xlsx.q8w7e6.partial"
    other_output = tmp_path / ".other.leverage.xlsx.k3j4h2.partial"
    visible = tmp_path / "client.leverage.xlsx.k3j4h2.partial"
    for path in (stale, fresh, other_output, visible):
        path.write_bytes(b"left over")
    for path in (stale, other_output, visible):
        os.utime(path, (old, old))
    result = CliRunner().invoke(main, ["solve", str(source), "-o", str(out)])
    assert result.exit_code == 0 and _is_whole_workbook(out)
    assert not stale.exists()
    assert fresh.read_bytes() == other_output.read_bytes() == visible.read_bytes() == b"left over"


def test_a_failed_write_removes_nothing(tmp_path):
    from leverage.fileio import STALE_PARTIAL_SECONDS

    source = corpus.filled(tmp_path / "client.xlsx")
    out = tmp_path / "client.leverage.xlsx"
    out.write_bytes(b"kept")
    stale = tmp_path / ".client.leverage.xlsx.k3j4h2.partial"
    stale.write_bytes(b"left over")
    old = time.time() - STALE_PARTIAL_SECONDS - 60
    os.utime(stale, (old, old))
    result = CliRunner().invoke(main, ["solve", str(source), "-o", str(out)])  # exists, no --force
    assert result.exit_code == 3
    assert stale.read_bytes() == b"left over" and out.read_bytes() == b"kept"
