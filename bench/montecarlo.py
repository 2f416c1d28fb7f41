"""How long the uncertainty simulation of B″ takes: a million samples should take a second or less.

Runs `leverage.uncertainty.simulate` on the domain doc's worked example (average
check × 2 for B′) with all five levers ranged, N times after one warm-up run, and
prints the median; also the one-off cost of importing numpy, which a solve with
ranges pays once. Absolute times, on a shared machine: read them as a rough figure.

    python bench/montecarlo.py [--samples 1000000] [--runs 5] [--limit 1.0]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from leverage import api  # noqa: E402
from leverage.model.inputs import Inputs, Stage  # noqa: E402
from leverage.model.uncertainty import simulate  # noqa: E402

WORKED_EXAMPLE = Inputs(
    revenue=5_880_000, profit=558_000, headcount=83, clients_start=52, clients_new=37, clients_lost=22,
    funnel=(Stage("Leads", 5300), Stage("Proposals", 1850), Stage("Paid", 37)), target_profit=1_200_000,
)
RANGES = [("leads", 4500, 6000), ("conversion", 0.006, 0.008), ("avg_check", 150_000, 200_000),
          ("retention", 0.70, 0.80), ("margin", 0.08, 0.11)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--limit", type=float, default=1.0, help="exit 1 when the median is above this many seconds")
    args = parser.parse_args()
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import numpy"], check=True)
    with_numpy = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    bare = time.perf_counter() - start
    scenarios = api.solve(WORKED_EXAMPLE, levers=["avg_check=x2"])
    simulate(scenarios, RANGES, samples=args.samples)  # warm-up: imports numpy, touches the allocator
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        result = simulate(scenarios, RANGES, samples=args.samples)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    print(f"import numpy: about {(with_numpy - bare) * 1000:.0f} ms, once per solve with ranges")
    print(f"simulate {args.samples:,} samples, 5 ranged levers: median {median * 1000:.0f} ms over {args.runs} runs "
          f"({median / args.samples * 1e9:.0f} ns a sample; limit {args.limit:g} s)")
    print(f"P(profit >= 1.2M) {result.probability:.3f}; P10 {result.p10:,.0f}, P50 {result.p50:,.0f}, P90 {result.p90:,.0f}")
    return 0 if median <= args.limit else 1


if __name__ == "__main__":
    sys.exit(main())
