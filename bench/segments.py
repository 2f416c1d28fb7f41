"""Speed and memory of `leverage segments` on a one-million-row transaction export, against `pandas.read_csv`.

Generates, in a temporary folder, a CSV as a Russian CRM writes it: Windows-1251, semicolons, a report title and
a blank line above the header, dates as 31.12.2025, amounts with decimal commas (`12345,67`), refunds as
negative amounts, the client's name in quotes with its inner quotes doubled, as Excel writes them; 1,000,000 rows
over 100,000 clients and two years. Then, in the same run, times:

- `pandas.read_csv` reading it with the options the file needs (encoding, delimiter, the rows to skip, decimal
  comma), the dates left as text: the yardstick (also shown: the same with the dates parsed, much slower);
- `leverage.segments(...)` in this process (read, summed per client, segmented, a drop applied);
- `leverage segments FILE --json` as a subprocess: its wall time, against the yardstick in process and against
  a subprocess that starts Python, imports pandas and reads the file the same way (both then pay the start-up);
  and its peak resident memory (`resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`).

Each time is the best of `--repeat` runs (default 2). The target: at most 2× the yardstick, and under
1 GiB peak.

    python bench/segments.py [--rows 1000000] [--clients 100000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER = "Дата;Контрагент;Сумма, руб.;Менеджер"


def generate(path: Path, rows: int, clients: int, seed: int = 11) -> None:
    """The export: each client's deals spread over two years, about one in fifty a refund."""
    import numpy as np

    rng = np.random.default_rng(seed)
    who = rng.integers(0, clients, rows)
    # Every client has at least one deal, so the count of clients is exact.
    who[:clients] = np.arange(clients)
    days = rng.integers(0, 730, rows)
    dates = np.datetime64("2024-12-01") + days.astype("timedelta64[D]")
    amounts = np.round(rng.lognormal(10.0, 1.2, rows), 2)
    amounts[rng.random(rows) < 0.02] *= -0.5
    managers = ("Иванова", "Петров", "Сидорова", "Кузнецов")
    day_text = [f"{d[8:10]}.{d[5:7]}.{d[0:4]}" for d in dates.astype(str)]
    lines = ["Выгрузка сделок из CRM за 2025-2026 годы", "", HEADER]
    lines += [f'{day};"ООО ""Клиент {c:06d}""";' + f"{a:.2f}".replace(".", ",") + f";{managers[c % 4]}"
              for day, c, a in zip(day_text, who.tolist(), amounts.tolist())]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1251"))


def yardstick(path: Path, dates: bool = False) -> None:
    """pandas reading the file with the options it needs; the dates left as text unless `dates`."""
    import pandas as pd

    if dates:
        pd.read_csv(path, sep=";", encoding="cp1251", skiprows=2, decimal=",", parse_dates=["Дата"],
                    date_format="%d.%m.%Y")
    else:
        pd.read_csv(path, sep=";", encoding="cp1251", skiprows=2, decimal=",")


def best(repeat: int, run: object) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=2)
    options = parser.parse_args()
    import leverage

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deals.csv"
        start = time.perf_counter()
        generate(path, options.rows, options.clients)
        print(f"export: {options.rows:,} rows, {options.clients:,} clients, {path.stat().st_size / 2**20:.1f} MB "
              f"(generated in {time.perf_counter() - start:.1f} s)")
        # The subprocesses first, so that RUSAGE_CHILDREN's peak is theirs.
        command = [sys.executable, "-m", "leverage", "segments", str(path), "--cost-per-client", "95k", "--drop", "<100k",
                   "--json"]
        cli = float("inf")
        for _ in range(options.repeat):
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, cwd=ROOT)
            cli = min(cli, time.perf_counter() - start)
            if done.returncode != 0:
                print(done.stderr.decode(errors="replace"))
                return 1
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # kilobytes on Linux
        reading = [sys.executable, "-c", "import sys, pandas; pandas.read_csv(sys.argv[1], sep=';', encoding='cp1251', "
                   "skiprows=2, decimal=',')", str(path)]
        base_cli = float("inf")
        for _ in range(options.repeat):
            start = time.perf_counter()
            subprocess.run(reading, check=True)
            base_cli = min(base_cli, time.perf_counter() - start)
        base = best(options.repeat, lambda: yardstick(path))
        with_dates = best(options.repeat, lambda: yardstick(path, dates=True))
        report = None

        def api() -> None:
            nonlocal report
            report = leverage.segments(path, cost_per_client=95_000, drop=["<100k"])

        own = best(options.repeat, api)
        assert report is not None
        print(f"pandas.read_csv:             {base:6.2f} s  (the dates left as text; parsing them too: "
              f"{with_dates:.2f} s)")
        print(f"leverage.segments (API):     {own:6.2f} s  {own / base:4.2f}× read_csv")
        print(f"leverage segments (CLI):     {cli:6.2f} s  {cli / base:4.2f}× read_csv (start-up included)")
        print(f"  against python -c 'import pandas; read_csv': {base_cli:.2f} s, so {cli / base_cli:4.2f}× "
              f"(both start Python and import pandas)")
        print(f"peak memory of the CLI run:  {peak:6.0f} MB")
        print(f"clients {report.segmentation.count:,}, revenue {report.segmentation.revenue:,.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
