"""How long `leverage solve` takes on the sample, as a ratio to importing its libraries.

Machines here are shared and noisy, so the figure is a ratio against a baseline
measured in the same run: a bare `python -c "import openpyxl, xlsxwriter, click"`.
Each command runs alternately N times; the medians are compared. The target is a
ratio of at most 1.3.

Where numpy is installed, openpyxl imports it, so the baseline includes numpy's
import while `leverage solve` does not (leverage hides numpy from openpyxl): the
ratio is then flattering. The script says which case it measured and prints the
difference in milliseconds, which does not depend on it.

    python bench/startup.py [--runs 15] [--sample samples/worked-example.xlsx]
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--sample", type=Path, default=ROOT / "samples" / "worked-example.xlsx")
    parser.add_argument("--limit", type=float, default=1.3, help="exit 1 when the ratio is above this")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.xlsx"
        baseline_cmd = [sys.executable, "-c", "import openpyxl, xlsxwriter, click"]
        solve_cmd = [sys.executable, "-m", "leverage", "solve", str(args.sample), "-o", str(out), "--force"]
        timed(baseline_cmd), timed(solve_cmd)  # warm the file cache
        baseline, solve = [], []
        for _ in range(args.runs):
            baseline.append(timed(baseline_cmd))
            solve.append(timed(solve_cmd))
    b, s = statistics.median(baseline), statistics.median(solve)
    ratio = s / b
    numpy = importlib.util.find_spec("numpy") is not None
    print(f"import openpyxl, xlsxwriter, click: median {b * 1000:.0f} ms over {args.runs} runs"
          f" ({'numpy installed: the baseline imports it' if numpy else 'numpy not installed'})")
    print(f"leverage solve {args.sample.name}: median {s * 1000:.0f} ms over {args.runs} runs")
    print(f"difference {(s - b) * 1000:+.0f} ms, ratio {ratio:.2f} (limit {args.limit})")
    return 0 if ratio <= args.limit else 1


if __name__ == "__main__":
    sys.exit(main())
