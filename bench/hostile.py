"""Worst time and memory of `leverage solve` on each broken or hostile file of the test corpus.

Each file runs in its own process (`leverage solve FILE -o OUT`); its CPU time
comes from the kernel, its peak resident memory from /proc at exit (VmHWM), both
the process's own, start-up included. Also measured: a workbook just under the cell
limit with a formula, which the reader must open twice (the worst file it accepts).

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


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = corpus.hostile(folder / "hostile")
        base = corpus.filled(folder / "base.xlsx")
        near = corpus.add_sheet(base, folder / "near-limit.xlsx", "Data", corpus.many_cells(199_000))
        near = corpus.rezip(near, folder / "near-limit-formula.xlsx",
                            corpus.with_formula("C10", "5000000+880000", "5880000"))
        files["near-limit (accepted)"] = near
        print(f"{'case':28} {'exit':>4} {'cpu s':>6} {'wall s':>6} {'peak MB':>8}  message")
        worst_cpu = worst_mb = 0.0
        for name, path in files.items():
            start = time.perf_counter()
            code, err, cpu, peak = corpus.run_measured(["solve", str(path), "-o", str(folder / "out.xlsx")])
            wall = time.perf_counter() - start
            (folder / "out.xlsx").unlink(missing_ok=True)
            message = err.splitlines()[0].replace(str(path), path.name) if err else ""
            print(f"{name:28} {code:>4} {cpu:6.2f} {wall:6.2f} {peak:8.1f}  {message[:100]}")
            if "accepted" not in name:
                worst_cpu, worst_mb = max(worst_cpu, cpu), max(worst_mb, peak)
        print(f"worst on a refused file: {worst_cpu:.2f} s CPU, {worst_mb:.1f} MB peak")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
