"""Random values and text in every input cell of the template: a result or located errors, never a traceback."""

from __future__ import annotations

import contextlib
import functools
import io
import json
import re
import tempfile
from pathlib import Path

import corpus
from click.testing import CliRunner
from helpers import fill_template
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from openpyxl.utils.exceptions import IllegalCharacterError
from strategies import template_cells

from leverage.cli import main
from leverage.errors import InputError
from leverage.form.read import read_template

_LOCATION = re.compile(r"^[^!]+![A-Z]{1,3}\d+(:[A-Z]{1,3}\d+)?$")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(template_cells())
def test_random_inputs_give_a_result_or_located_errors(cells):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzzed.xlsx"
        try:
            fill_template(corpus.EN, path, cells)
        except IllegalCharacterError:
            assume(False)  # text Excel itself cannot hold
        before = path.read_bytes()
        try:
            read_template(path)
        except InputError as exc:
            for problem in exc.problems:
                assert problem.metric, problem
                assert _LOCATION.match(problem.location or ""), problem
        out = Path(tmp) / "out.xlsx"
        result = CliRunner().invoke(main, ["solve", str(path), "-o", str(out), "--json", "--target-profit", "2M"])
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output
        if result.exit_code == 0:
            data = json.loads(result.stdout)
            assert set(data["points"]) == {"A", "B", "B'", "B''"}
            assert out.exists()
        else:
            assert result.stderr.startswith(("Warning: ", "Error: ")) and not out.exists()
            assert all(line.startswith(("Warning: ", "Error: ")) for line in result.stderr.splitlines())
        assert path.read_bytes() == before


@functools.cache
def _template_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        return corpus.filled(Path(tmp) / "base.xlsx").read_bytes()


_EDITS = st.lists(st.tuples(st.sampled_from(["set", "cut", "insert"]), st.floats(0, 1, exclude_max=True),
                            st.binary(min_size=1, max_size=40)), min_size=1, max_size=8)


@settings(max_examples=150, deadline=None)
@given(_EDITS)
def test_damaged_files_are_read_or_refused(edits):
    """A filled template with bytes overwritten, cut or inserted anywhere (its zip records, its packed XML):
    read, or refused as an InputError, never another exception."""
    data = bytearray(_template_bytes())
    for kind, where, chunk in edits:
        at = int(where * len(data))
        if kind == "set":
            data[at:at + len(chunk)] = chunk[:len(data) - at]
        elif kind == "cut":
            del data[at:at + len(chunk)]
        else:
            data[at:at] = chunk
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "damaged.xlsx"
        path.write_bytes(bytes(data))
        try:
            read_template(path)
        except InputError as exc:
            assert exc.problems


@functools.cache
def _template_parts() -> dict[str, bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        return corpus.parts(corpus.filled(Path(tmp) / "base.xlsx", revenue="5 880 000", lever_retention="80%"))


_XML_TOKENS = [b'"', b"<", b">", b"/", b"=", b" ", b":", b"$", b"!", b"'", b'r="', b't="s"', b't="e"', b't="b"',
               b't="str"', b't="inlineStr"', b"<v>", b"</v>", b"<f>", b"</f>", b"#REF!", b"XFD1048576", b"A0", b"-1",
               b"99999999999", b"&amp;", b"<is><t>x</t></is>", b"NaN", b"1e999", b'localSheetId="5"', b"s=\"999\""]


@settings(max_examples=120, deadline=None)
@given(st.sampled_from([corpus.SHEET, "xl/workbook.xml", "xl/styles.xml", "xl/_rels/workbook.xml.rels"]),
       st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 12), st.sampled_from(_XML_TOKENS)),
                min_size=1, max_size=4))
def test_damaged_xml_is_read_or_refused(part, edits):
    """A template whose XML (cells, defined names, styles, relationships) is damaged but still zipped
    properly: read, or refused as an InputError; openpyxl's own chatter never reaches stdout."""
    entries = dict(_template_parts())
    data = bytearray(entries[part])
    for where, cut, token in edits:
        at = int(where * len(data))
        data[at:at + cut] = token
    entries[part] = bytes(data)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "damaged.xlsx"
        path.write_bytes(corpus.zip_bytes(entries))
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            try:
                read_template(path)
            except InputError as exc:
                assert exc.problems
        assert printed.getvalue() == ""
