"""How long `leverage solve` takes on the sample, as a ratio to importing its libraries.

Machines here are shared and noisy, so the figure is a ratio against a baseline
measured in the same run: a bare `python -c "import openpyxl, xlsxwriter, click"`.
The commands run alternately N times; the medians are compared. The target is a
ratio of at most 2 (the exit code is 1 above --limit).

What is measured is what a consultant runs: the `leverage` command installed
beside this Python (`python -m leverage` where there is none), on bytecode
compiled beforehand as `pip install` compiles it. Without that, a machine that
sets PYTHONDONTWRITEBYTECODE would compile every module on every run.

numpy is a dependency, and openpyxl imports it whenever it is installed: the
baseline and `leverage solve` both pay for it.

    python bench/startup.py [--runs 15] [--sample samples/worked-example.xlsx]
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIBRARIES = "import openpyxl, xlsxwriter, click"


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def leverage_command() -> list[str]:
    """The installed `leverage` script beside this interpreter, else `python -m leverage`."""
    script = Path(sys.executable).with_name("leverage")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "leverage"]


def compile_package() -> Path:
    """Compile leverage's bytecode where Python will look for it, as `pip install` does."""
    spec = importlib.util.find_spec("leverage")
    if spec is None or spec.origin is None:
        sys.exit("leverage is not importable from this Python: pip install . first")
    package = Path(spec.origin).parent
    compileall.compile_dir(package, quiet=1)
    return package


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--sample", type=Path, default=ROOT / "samples" / "worked-example.xlsx")
    parser.add_argument("--limit", type=float, default=2.0, help="exit 1 when the ratio is above this")
    args = parser.parse_args()
    package = compile_package()
    numpy = importlib.util.find_spec("numpy") is not None
    command = leverage_command()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.xlsx"
        commands = {
            "baseline": [sys.executable, "-c", LIBRARIES],
            "solve": [*command, "solve", str(args.sample.resolve()), "-o", str(out), "--force"],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for argv in commands.values():  # warm the file cache
            timed(argv)
        for _ in range(args.runs):
            for name, argv in commands.items():
                times[name].append(timed(argv))
    medians = {name: statistics.median(values) for name, values in times.items()}
    baseline, solve = medians["baseline"], medians["solve"]
    ratio = solve / baseline
    print(f"leverage from {package}; measured: {' '.join(Path(part).name for part in command[:1])}"
          f"{' ' + ' '.join(command[1:]) if len(command) > 1 else ''} solve {args.sample.name}")
    print(f"{LIBRARIES}: median {baseline * 1000:.0f} ms over {args.runs} runs"
          f" ({'numpy installed: openpyxl imports it' if numpy else 'numpy not installed'})")
    print(f"leverage solve {args.sample.name}: median {solve * 1000:.0f} ms over {args.runs} runs")
    print(f"difference {(solve - baseline) * 1000:+.0f} ms, ratio {ratio:.2f} (limit {args.limit})")
    return 0 if ratio <= args.limit else 1


if __name__ == "__main__":
    sys.exit(main())
