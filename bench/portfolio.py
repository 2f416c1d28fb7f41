"""How fast `leverage portfolio` solves a book of clients, and how its memory grows with the book.

    python bench/portfolio.py [--clients 200] [--large 1000] [--small 100] [--solves 200]

Generates the templates in a temporary folder (a few dozen distinct clients filled with the tests'
`fill_template`, copied up to the counts asked) and measures, in one run, on whatever cores the
machine has:

- the portfolio of `--clients` templates with `--jobs 2` against `--jobs 1` (target: 1.6 times
  faster on two cores), and clients a second (aim: 20 or more on two cores);
- the portfolio against `--solves` separate `leverage solve --json` processes, one after the other,
  each writing its workbook as `solve` does (target: 5 times faster);
- the peak memory of a `--jobs 2` portfolio of `--small` and of `--large` templates (target: the
  large within 1.5 times the small): the largest resident set of the run's parent process and of
  its workers (`ru_maxrss` of the process and of its children), each run in a fresh process.

Every portfolio runs as `leverage portfolio FOLDER --json` with its output thrown away, no
workbooks. Machines here are shared and noisy: the figures are ratios within one run, and a
timed run is the best of `--repeat`. The processor time of each run (its processes' user and system
time) says what the speed-up would be on cores nobody else uses: when other work holds the cores,
`--jobs 2` cannot beat `--jobs 1` however little the pool costs. The exit code is 1 when a target is
missed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from helpers import fill_template  # noqa: E402

TEMPLATES = {"en": ROOT / "templates" / "leverage-template-en.xlsx", "ru": ROOT / "templates" / "leverage-template-ru.xlsx"}
DISTINCT = 24  # distinct clients generated; the rest are copies (the solver's work does not depend on it)

# Run in a fresh Python: the CLI in this process, then its own peak and its children's (the workers').
MEASURE = """
import json, resource, sys
from leverage.cli import main
try:
    main(sys.argv[2:], prog_name="leverage")
except SystemExit:
    pass
peaks = {"parent": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
         "workers": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}
with open(sys.argv[1], "w") as out:
    json.dump(peaks, out)
"""


def client_values(k: int) -> tuple[str, dict[str, object]]:
    """The k-th distinct client: sizes, rates and funnels varied, every fourth in Russian and in RUB."""
    lang = "ru" if k % 4 == 3 else "en"
    scale = 1 + k % 7
    new = 10 + 3 * (k % 5)
    stages = (["Лиды", "Встречи", "Оплатили"] if lang == "ru" else
              [["Leads", "Paid"], ["Leads", "Meetings", "Paid"], ["Leads", "Demos", "Proposals", "Paid"]][k % 3])
    counts = [new * (40 + 7 * (k % 6)), new * 5, new * 2][:len(stages) - 1] + [new]
    revenue = 800_000 * scale * (90 if lang == "ru" else 1)
    values = {
        "company": f"Client {k + 1}", "currency": "RUB" if lang == "ru" else ("EUR" if k % 5 == 4 else "USD"),
        "industry": ["IT services", "Construction", "Retail"][k % 3],
        "revenue": revenue, "profit": revenue * (0.05 + 0.01 * (k % 10)), "headcount": 6 * scale + k % 4,
        "clients_start": 20 + 5 * (k % 9), "clients_new": new, "clients_lost": 3 + k % 6,
        "funnel_stages": stages, "funnel_counts": counts, "target_profit": revenue * 0.15,
    }
    return lang, values


def make_book(folder: Path, count: int, distinct: list[Path]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for k in range(count):
        shutil.copyfile(distinct[k % len(distinct)], folder / f"client-{k + 1:05d}.xlsx")
    return folder


def leverage_command() -> list[str]:
    script = Path(sys.executable).with_name("leverage")
    return [str(script)] if script.is_file() and os.access(script, os.X_OK) else [sys.executable, "-m", "leverage"]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)}: exit code {done.returncode}; every generated client should solve")
    return time.perf_counter() - start


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def portfolio_time(folder: Path, jobs: int, repeat: int) -> tuple[float, float]:
    """The best wall time of `repeat` runs, and the processor time of the whole run's processes (its last run)."""
    best = cpu = float("inf")
    for _ in range(repeat):
        before = cpu_of_children()
        best = min(best, timed([*leverage_command(), "portfolio", str(folder), "--json", "--jobs", str(jobs)]))
        cpu = cpu_of_children() - before
    return best, cpu


def peaks(folder: Path, jobs: int, scratch: Path) -> dict[str, int]:
    """The peak resident sets, in KiB (Linux's ru_maxrss), of a portfolio run in a fresh process."""
    out = scratch / "peaks.json"
    subprocess.run([sys.executable, "-c", MEASURE, str(out), "portfolio", str(folder), "--json", "--jobs", str(jobs)],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=scratch)  # not this folder's
    return json.loads(out.read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--solves", type=int, default=200, help="separate `leverage solve --json` processes")
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="leverage-bench-") as tmp:
        scratch = Path(tmp)
        start = time.perf_counter()
        distinct = []
        (scratch / "distinct").mkdir()
        for k in range(DISTINCT):
            lang, values = client_values(k)
            distinct.append(fill_template(TEMPLATES[lang], scratch / "distinct" / f"{k:02d}.xlsx", values))
        book = make_book(scratch / "book", args.clients, distinct)
        print(f"{args.clients} templates generated in {time.perf_counter() - start:.1f} s; {os.cpu_count()} cores")

        one, one_cpu = portfolio_time(book, 1, args.repeat)
        two, two_cpu = portfolio_time(book, 2, args.repeat)
        print(f"portfolio --jobs 1: {one:.2f} s, {args.clients / one:.1f} clients/s, processor time {one_cpu:.2f} s")
        print(f"portfolio --jobs 2: {two:.2f} s, {args.clients / two:.1f} clients/s, processor time {two_cpu:.2f} s")
        print(f"--jobs 2 against --jobs 1: {one / two:.2f}x (target 1.6x); on two idle cores at most "
              f"{2 * one_cpu / two_cpu:.2f}x (processor time {abs(100 * (two_cpu / one_cpu - 1)):.0f}% "
              f"{'more' if two_cpu >= one_cpu else 'less'} than with --jobs 1)")

        solves = sorted(book.glob("*.xlsx"))[:args.solves]
        start = time.perf_counter()
        for k, template in enumerate(solves):
            timed([*leverage_command(), "solve", str(template), "--json", "-o", str(scratch / f"s{k}.xlsx")])
        separate = time.perf_counter() - start
        per_client = two / args.clients
        print(f"{len(solves)} separate `leverage solve --json`: {separate:.2f} s, {len(solves) / separate:.1f} clients/s")
        print(f"portfolio --jobs 2 against separate solves: {separate / (per_client * len(solves)):.1f}x (target 5x)")

        small = peaks(make_book(scratch / "small", args.small, distinct), 2, scratch)
        large = peaks(make_book(scratch / "large", args.large, distinct), 2, scratch)
        for name, peak in ((args.small, small), (args.large, large)):
            print(f"peak memory, {name} templates: parent {peak['parent'] / 1024:.0f} MB, "
                  f"largest worker {peak['workers'] / 1024:.0f} MB")
        growth = max(large.values()) / max(small.values())
        print(f"peak memory, {args.large} against {args.small} templates: {growth:.2f}x (target at most 1.5x)")

    missed = one / two < 1.6 or separate / (per_client * len(solves)) < 5 or growth > 1.5
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
