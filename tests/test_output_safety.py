"""Nothing lost, nothing injected: the output appears whole or not at all, even when the writer is killed,
is never overwritten unasked, and text from a template stays text."""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import socket
import stat
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


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _special(kind, path):
    """Make a file of `kind` at `path`: a named pipe, a socket, a folder, or links to a device and to a pipe."""
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(path.name)  # relative: a socket's path is limited to about 100 bytes
        return server
    elif kind == "folder":
        path.mkdir()
    elif kind == "link to a device":
        path.symlink_to(os.devnull)
    elif kind == "link to a pipe":
        os.mkfifo(path.with_name("pipe"))
        path.symlink_to("pipe")
    return None


SPECIAL = {
    "fifo": "is a named pipe (FIFO), not a regular file; leverage never writes over one, even with --force: "
            "choose another name with -o",
    "socket": "is a socket, not a regular file; leverage never writes over one, even with --force: "
              "choose another name with -o",
    "link to a device": "is a device, not a regular file; leverage never writes over one, even with --force: "
                        "choose another name with -o",
    "link to a pipe": "is a named pipe (FIFO), not a regular file; leverage never writes over one, even with --force: "
                      "choose another name with -o",
    "folder": "is a folder; give a file name ending in .xlsx",
}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and sockets are POSIX")
@pytest.mark.parametrize("force", [[], ["--force"]])
@pytest.mark.parametrize("name", ["out.xlsx", "out"])
@pytest.mark.parametrize("kind", list(SPECIAL))
@pytest.mark.parametrize("command", ["solve", "template"])
def test_what_is_not_a_regular_file_is_never_replaced(tmp_path, monkeypatch, command, kind, name, force):
    """A named pipe, a socket, a folder, a link to a device or to a pipe: exit 3, saying what it is, --force or not;
    a name without a suffix is checked as given, before .xlsx is added."""
    monkeypatch.chdir(tmp_path)
    source = corpus.filled(tmp_path / "client.xlsx")
    out = tmp_path / name
    server = _special(kind, out)
    before = sorted(p.name for p in tmp_path.iterdir())
    mode = os.lstat(out).st_mode
    args = ["solve", source, "-o", out] if command == "solve" else ["template", out]
    result = _run(*args, *force)
    if server:
        server.close()
    assert (result.exit_code, result.stderr) == (3, f"Error: {out}: {SPECIAL[kind]}\n")
    assert os.lstat(out).st_mode == mode and sorted(p.name for p in tmp_path.iterdir()) == before


def test_the_null_device_is_refused_as_a_device(tmp_path):
    source = corpus.filled(tmp_path / "client.xlsx")
    result = _run("solve", source, "-o", os.devnull, "--force")
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr == f"Error: {os.devnull}: {SPECIAL['link to a device']}\n"
    result = _run("solve", source, "-o", os.devnull, "--force", "--lang", "ru")
    assert (result.exit_code, result.stderr) == (3, (
        f"Error: {os.devnull}: это устройство, а не обычный файл; leverage не записывает поверх него даже с --force: "
        "выберите другое имя с -o\n"))
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="symbolic links")
def test_a_link_to_a_file_is_replaced_with_force_and_its_file_kept(tmp_path):
    """A link to a regular file counts as that file: refused without --force; with it, the link itself is
    replaced by the workbook, and the file it pointed to stays as it was."""
    source = corpus.filled(tmp_path / "client.xlsx")
    target = tmp_path / "elsewhere.xlsx"
    target.write_bytes(b"the file the link points to")
    link = tmp_path / "out.xlsx"
    link.symlink_to(target.name)
    result = _run("solve", source, "-o", link)
    assert (result.exit_code, result.stderr) == (
        3, f"Error: {link}: already exists; use --force to overwrite it or -o to choose another name\n")
    assert link.is_symlink()
    result = _run("solve", source, "-o", link, "--force")
    assert (result.exit_code, result.stderr) == (0, f"Wrote {link}\n")
    assert not link.is_symlink() and _is_whole_workbook(link)
    assert target.read_bytes() == b"the file the link points to"
    dangling = tmp_path / "dangling.xlsx"
    dangling.symlink_to("nowhere.xlsx")
    result = _run("template", dangling)
    assert (result.exit_code, result.stderr) == (
        3, f"Error: {dangling}: already exists; use --force to overwrite it or -o to choose another name\n")
    assert not (tmp_path / "nowhere.xlsx").exists()


@pytest.mark.parametrize("name, instead", [
    ("result.csv", "result.xlsx"), ("result.xls", "result.xlsx"), ("result.ods", "result.xlsx"),
    ("result.xlsm", "result.xlsx"), ("client.2026", "client.xlsx"), ("report.xlsx.bak", "report.xlsx.xlsx"),
])
@pytest.mark.parametrize("command", ["solve", "template"])
def test_an_output_named_for_another_format_is_refused(tmp_path, command, name, instead):
    source = corpus.filled(tmp_path / "client.xlsx")
    out = tmp_path / name
    args = ["solve", source, "-o", out] if command == "solve" else ["template", out]
    result = _run(*args, "--force")
    suffix = out.suffix
    assert (result.exit_code, result.stderr) == (3, (
        f"Error: {out}: leverage writes an Excel workbook (.xlsx), not {suffix}; give a name ending in .xlsx, "
        f"such as {tmp_path / instead}\n"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["client.xlsx"]
    result = _run(*args, "--lang", "ru")
    assert (result.exit_code, result.stderr) == (3, (
        f"Error: {out}: leverage записывает книгу Excel (.xlsx), а не {suffix}; укажите имя с расширением .xlsx, "
        f"например {tmp_path / instead}\n"))


@pytest.mark.parametrize("command", ["solve", "template"])
def test_xlsx_is_added_to_a_name_without_a_suffix_and_said(tmp_path, command):
    source = corpus.filled(tmp_path / "client.xlsx")
    args = (lambda out: ["solve", source, "-o", out]) if command == "solve" else (lambda out: ["template", out])
    result = _run(*args(tmp_path / "result"))
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (
        0, f"Wrote {tmp_path / 'result.xlsx'} (.xlsx added to the name given)")
    assert _is_whole_workbook(tmp_path / "result.xlsx") if command == "solve" else \
        load_workbook(tmp_path / "result.xlsx").sheetnames
    # The name with .xlsx is the output: it is not overwritten unasked, and upper-case .XLSX is .xlsx.
    result = _run(*args(tmp_path / "result"))
    assert (result.exit_code, result.stderr) == (3, (
        f"Error: {tmp_path / 'result.xlsx'}: already exists; use --force to overwrite it or -o to choose "
        "another name\n"))
    result = _run(*args(tmp_path / "RESULT2.XLSX"), "--lang", "ru")
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (0, f"Wrote {tmp_path / 'RESULT2.XLSX'}")
    result = _run(*args(tmp_path / "typo."))
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (
        0, f"Wrote {tmp_path / 'typo.xlsx'} (.xlsx added to the name given)")
    result = _run(*args(tmp_path / "итог"), "--lang", "ru")
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (
        0, f"Wrote {tmp_path / 'итог.xlsx'} (к указанному имени добавлено .xlsx)")


def _name_max(folder):
    return os.pathconf(folder, "PC_NAME_MAX") if hasattr(os, "pathconf") else 255


@pytest.mark.parametrize("stem", ["a" * 250, "я" * 122 + "a", "b" * 200, "c"])
@pytest.mark.parametrize("command", ["solve", "template"])
def test_the_longest_names_are_written(tmp_path, command, stem):
    """A name as long as the folder allows (255 bytes here) is written: its hidden temporary name is shorter."""
    name = stem + ".xlsx"
    if len(os.fsencode(name)) > _name_max(tmp_path):
        pytest.skip("this file system allows shorter names")
    source = corpus.filled(tmp_path / "client.xlsx")
    out = tmp_path / name
    args = ["solve", source, "-o", out] if command == "solve" else ["template", out]
    result = _run(*args)
    assert (result.exit_code, result.stderr.splitlines()[-1]) == (0, f"Wrote {out}")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({"client.xlsx", name})


def test_a_name_too_long_for_the_folder_is_exit_3_with_the_reason(tmp_path):
    source = corpus.filled(tmp_path / "client.xlsx")
    out = tmp_path / ("a" * (_name_max(tmp_path) - 4) + ".xlsx")
    for args in (["solve", source, "-o", out], ["template", out], ["template", out, "--force"]):
        result = _run(*args)
        assert (result.exit_code, result.stderr) == (3, f"Error: {out}: cannot write (File name too long)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["client.xlsx"]


@pytest.mark.parametrize("length", [6, 100, 236, 237, 238, 239, 240, 250, 254, 255])
@pytest.mark.parametrize("char", ["a", "я", "€"])
def test_a_temporary_name_fits_wherever_its_final_name_fits(tmp_path, length, char):
    """Readable (`.NAME.xxxxxxxx.partial`) while that fits in 255 bytes, else the start of the name and a hash,
    no longer than the final name; counted in bytes, not letters."""
    from leverage.fileio import partial_prefix

    width = len(char.encode())
    stem = char * ((length - 5) // width) + "a" * ((length - 5) % width)
    name = stem + ".xlsx"
    assert len(os.fsencode(name)) == length
    temporary = partial_prefix(tmp_path / name) + "0123abcd.partial"
    if length + 18 <= 255:
        assert temporary == f".{name}.0123abcd.partial"
    else:
        start, _, rest = temporary[1:].rpartition("~")
        assert len(os.fsencode(temporary)) <= length and name.startswith(start) and len(start.encode()) > 200
        assert re.fullmatch(r"[0-9a-f]{8}\.0123abcd\.partial", rest)


def test_stale_partials_of_a_long_name_are_removed(tmp_path):
    from leverage.fileio import STALE_PARTIAL_SECONDS, partial_prefix

    source = corpus.filled(tmp_path / "client.xlsx")
    out = tmp_path / ("a" * 245 + ".xlsx")
    prefix = partial_prefix(out)
    assert not prefix.startswith(f".{out.name}")
    stale, fresh = tmp_path / f"{prefix}k3j4h2aa.partial", tmp_path / f"{prefix}q8w7e6bb.partial"
    other = tmp_path / f"{partial_prefix(tmp_path / ('a' * 244 + 'b.xlsx'))}k3j4h2aa.partial"
    for path in (stale, fresh, other):
        path.write_bytes(b"left over")
    old = time.time() - STALE_PARTIAL_SECONDS - 60
    for path in (stale, other):
        os.utime(path, (old, old))
    result = _run("solve", source, "-o", out)
    assert result.exit_code == 0 and _is_whole_workbook(out)
    assert not stale.exists() and fresh.read_bytes() == other.read_bytes() == b"left over"


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EIO, errno.EACCES, errno.EDQUOT])
@pytest.mark.parametrize("force", [[], ["--force"]])
def test_every_system_error_on_output_is_exit_3_with_its_reason(tmp_path, monkeypatch, code, force):
    """A full or read-only disk, an I/O error, no permission, a quota: the path and the system's reason,
    in the run's language; the previous output and the folder stay as they were."""
    source = corpus.filled(tmp_path / "client.xlsx")
    out = tmp_path / "out.xlsx"
    if force:
        out.write_bytes(b"the previous output")

    def failing(fd):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "fsync", failing)
    before = sorted(p.name for p in tmp_path.iterdir())
    for command in (["solve", source, "-o", out], ["template", out]):
        result = _run(*command, *force)
        assert (result.exit_code, result.stderr) == (3, f"Error: {out}: cannot write ({os.strerror(code)})\n")
        result = _run(*command, *force, "--lang", "ru")
        assert (result.exit_code, result.stderr) == (3, f"Error: {out}: не удаётся записать ({os.strerror(code)})\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    if force:
        assert out.read_bytes() == b"the previous output"


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT, errno.EIO])
def test_a_disk_full_while_the_workbook_is_written(tmp_path, monkeypatch, code):
    """XlsxWriter wraps the system's error in its own FileCreateError: still exit 3 with the system's reason."""
    source = corpus.filled(tmp_path / "client.xlsx")
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"the previous output")

    def full(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(zipfile.ZipFile, "write", full)
    monkeypatch.setattr(zipfile.ZipFile, "writestr", full)
    for command in (["solve", source, "-o", out, "--force"], ["template", out, "--force"]):
        result = _run(*command)
        assert (result.exit_code, result.stderr) == (3, f"Error: {out}: cannot write ({os.strerror(code)})\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["client.xlsx", "out.xlsx"]
    assert out.read_bytes() == b"the previous output"


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="Linux's /proc")
def test_a_folder_where_no_file_can_be_made(tmp_path):
    source = corpus.filled(tmp_path / "client.xlsx")
    for args in (["solve", source, "-o", "/proc/out.xlsx"], ["template", "/proc/out.xlsx", "--force"]):
        result = _run(*args)
        assert (result.exit_code, result.stderr) == (3, "Error: /proc/out.xlsx: cannot write (No such file or directory)\n")
    not_a_folder = tmp_path / "client.xlsx" / "out.xlsx"
    result = _run("template", not_a_folder)
    assert (result.exit_code, result.stderr) == (3, f"Error: {not_a_folder}: cannot write (Not a directory)\n")


@pytest.mark.parametrize("command", ["solve", "show", "levers"])
def test_an_input_that_is_a_folder_missing_or_not_a_file_is_exit_1(tmp_path, command):
    """The README's code for an input that cannot be used, whatever is wrong with it; nothing is written."""
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    missing = tmp_path / "missing.xlsx"
    cases = [(folder, "is a folder; expected a filled template (.xlsx)"), (missing, "no such file")]
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.xlsx")
        cases.append((tmp_path / "pipe.xlsx", "is not a regular file; expected a filled template (.xlsx)"))
    for path, why in cases:
        result = _run(command, path)
        assert (result.exit_code, result.stderr) == (1, f"Error: {path}: {why}\n"), path
        result = _run(command, path, "--lang", "ru")
        assert result.exit_code == 1 and result.stderr.startswith(f"Error: {path}: "), path
        assert result.stderr != f"Error: {path}: {why}\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p, _ in cases if p.exists())


def test_the_api_returns_the_name_it_wrote_and_refuses_as_the_cli_does(tmp_path, example_scenarios):
    import leverage
    from leverage.errors import OutputError

    assert leverage.write_workbook(example_scenarios, tmp_path / "result") == tmp_path / "result.xlsx"
    assert leverage.template(str(tmp_path / "blank"), lang="ru") == tmp_path / "blank.xlsx"
    assert _is_whole_workbook(tmp_path / "result.xlsx") and load_workbook(tmp_path / "blank.xlsx").sheetnames
    with pytest.raises(OutputError) as caught:
        leverage.write_workbook(example_scenarios, tmp_path / "result.csv", force=True)
    assert caught.value.exit_code == 3 and str(caught.value) == (
        f"{tmp_path / 'result.csv'}: leverage writes an Excel workbook (.xlsx), not .csv; give a name ending in "
        f".xlsx, such as {tmp_path / 'result.xlsx'}")
    with pytest.raises(OutputError) as caught:
        leverage.template(os.devnull, force=True)
    assert str(caught.value) == f"{os.devnull}: {SPECIAL['link to a device']}"


@pytest.mark.parametrize("command", ["solve", "template"])
def test_a_name_ending_in_a_slash_is_a_folder(tmp_path, command):
    """`-o reports/` means a folder: never `reports.xlsx`, and never the file `out.xlsx` for `out.xlsx/`."""
    source = corpus.filled(tmp_path / "client.xlsx")
    existing = tmp_path / "out.xlsx"
    existing.write_bytes(b"kept")
    (tmp_path / "folder").mkdir()
    for given, message in [(f"{tmp_path / 'reports'}/", f"{tmp_path / 'reports'}/: no such folder"),
                           (f"{existing}/", f"{existing}/: no such folder"),
                           (f"{tmp_path / 'folder'}/", f"{tmp_path / 'folder'}: is a folder; give a file name ending in .xlsx")]:
        args = ["solve", source, "-o", given] if command == "solve" else ["template", given]
        result = _run(*args, "--force")
        assert (result.exit_code, result.stderr) == (3, f"Error: {message}\n"), given
    assert sorted(p.name for p in tmp_path.iterdir()) == ["client.xlsx", "folder", "out.xlsx"]
    assert existing.read_bytes() == b"kept"
