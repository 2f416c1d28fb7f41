"""`bench/portfolio.py` runs end to end on a tiny book (its figures are not checked: machines are shared and noisy)."""

from __future__ import annotations

import subprocess
import sys

from helpers import ROOT


def test_the_bench_generates_a_book_every_client_of_which_solves_and_prints_every_figure():
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "portfolio.py"), "--clients", "6", "--solves", "2",
                           "--small", "2", "--large", "6", "--repeat", "1"], capture_output=True, text=True,
                          timeout=600)
    assert done.returncode in (0, 1), done.stderr   # 1: a target missed, which a tiny book may
    lines = done.stdout.splitlines()
    assert lines[0].startswith("6 templates generated in ")
    for start in ("portfolio --jobs 1: ", "portfolio --jobs 2: ", "--jobs 2 against --jobs 1: ",
                  "2 separate `leverage solve --json`: ", "portfolio --jobs 2 against separate solves: ",
                  "peak memory, 2 templates: parent ", "peak memory, 6 templates: parent ",
                  "peak memory, 6 against 2 templates: "):
        assert any(line.startswith(start) for line in lines), (start, done.stdout)


def test_the_benchs_distinct_clients_all_solve(tmp_path):
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from portfolio import DISTINCT, TEMPLATES, client_values
    finally:
        sys.path.remove(str(ROOT / "bench"))
    from helpers import fill_template

    import leverage

    for k in range(DISTINCT):
        lang, values = client_values(k)
        fill_template(TEMPLATES[lang], tmp_path / f"{k:02d}.xlsx", values)
    book = leverage.portfolio(tmp_path, jobs=2)
    assert [c.status for c in book.clients] == ["ok"] * DISTINCT, [c.errors for c in book.failed]
    assert {c.currency for c in book.clients} == {"USD", "EUR", "RUB"}
