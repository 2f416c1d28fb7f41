"""Worst time and memory of `leverage solve` on each broken or hostile file of the test corpus.

Each file runs in its own process (`leverage solve FILE -o OUT`); its CPU time
comes from the kernel, its peak resident memory from /proc at exit (VmHWM), both
the process's own, start-up included. Also measured: the worst files still accepted,
just under the cell limit (with a formula, so opened twice in turn) and just
under the XML element limit.

    python bench/hostile.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

import corpus  # noqa: E402

from leverage.form.safety import MAX_CELLS, MAX_ELEMENTS  # noqa: E402


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = corpus.hostile(folder / "hostile")
        base = corpus.filled(folder / "base.xlsx")
        # The worst files still accepted: cells just under the limit, with a formula (so loaded twice in
        # turn), and XML elements just under the limit as defined names, the costliest element found.
        # Each number cell is two elements (<c>, <v>), so the element limit binds before the cell limit.
        count = min(MAX_CELLS, MAX_ELEMENTS // 2) - 5_000
        cells = corpus.add_sheet(base, folder / "cells.xlsx", "Data", corpus.many_cells(count))
        files["cells (accepted)"] = corpus.rezip(cells, folder / "cells-formula.xlsx",
                                                 corpus.with_formula("C10", "5000000+880000", "5880000"))
        names = "".join(f'<definedName name="n{i}">Inputs!$A${i % 1000 + 1}</definedName>'
                        for i in range(MAX_ELEMENTS - 10_000))
        files["elements (accepted)"] = corpus.rezip(base, folder / "names.xlsx", lambda entries: entries.__setitem__(
            "xl/workbook.xml", entries["xl/workbook.xml"].replace(b"</definedNames>", names.encode() + b"</definedNames>")))
        print(f"{'case':28} {'exit':>4} {'cpu s':>6} {'wall s':>6} {'peak MB':>8}  message")
        worst_cpu = worst_mb = accepted_cpu = accepted_mb = 0.0
        for name, path in files.items():
            start = time.perf_counter()
            code, err, cpu, peak = corpus.run_measured(["solve", str(path), "-o", str(folder / "out.xlsx")])
            wall = time.perf_counter() - start
            (folder / "out.xlsx").unlink(missing_ok=True)
            message = err.splitlines()[0].replace(str(path), path.name) if err else ""
            print(f"{name:28} {code:>4} {cpu:6.2f} {wall:6.2f} {peak:8.1f}  {message[:100]}")
            if "accepted" in name:
                accepted_cpu, accepted_mb = max(accepted_cpu, cpu), max(accepted_mb, peak)
            else:
                worst_cpu, worst_mb = max(worst_cpu, cpu), max(worst_mb, peak)
        print(f"worst on a refused file: {worst_cpu:.2f} s CPU, {worst_mb:.1f} MB peak")
        print(f"worst on an accepted file: {accepted_cpu:.2f} s CPU, {accepted_mb:.1f} MB peak")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
