"""Side-by-side benchmark of safecredit against the real alternatives.

For each size and each generator (safecredit's own `gen`, and the independent
`benches/gen_irregular.py`, whose data is less regular), it runs in alternation,
`--rounds` times each:

- `safecredit grade --format csv` (the whole command, as a user runs it);
- `safecredit check` (the load alone: read, parse, validate, intern);
- the same ledger in DuckDB SQL (`benches/baseline.py duckdb`), checked row for
  row against safecredit's ledger;
- polars reading the same files into string and date columns (`baseline.py polars`),
  the reference for the load.

Each is a separate process; wall time and peak RSS are measured per process
(os.wait4). It reports medians, the ratios the targets are stated in, and writes
benches/results/<name>.json. Used by benches/scale.sh; tests and CI never run it.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / "target" / "release" / "safecredit"
AS_OF = "2026-06-30"


def run(command: list[str], stdout=subprocess.DEVNULL) -> tuple[float, float]:
    """Runs a command; returns (wall seconds, peak RSS in MiB). Fails if it fails."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=stdout, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(command)}\n{stderr}")
    return wall, usage.ru_maxrss / 1024


def generate(kind: str, subjects: int, folder: Path) -> None:
    if (folder / "events.csv").exists():
        return
    print(f"generating {folder} ({kind})", file=sys.stderr)
    if kind == "gen":
        command = [str(BIN), "gen", "--subjects", str(subjects), "--seed", "1", "--as-of", AS_OF, "--no-grade"]
        subprocess.run(command + [str(folder)], check=True, stdout=subprocess.DEVNULL)
    else:
        script = ROOT / "benches" / "gen_irregular.py"
        command = [sys.executable, str(script), "--subjects", str(subjects), "--seed", "7", "--as-of", AS_OF]
        subprocess.run(command + [str(folder)], check=True, stdout=subprocess.DEVNULL)


def measure(folder: Path, rounds: int) -> dict:
    baseline = [sys.executable, str(ROOT / "benches" / "baseline.py")]
    ledger, duck_ledger = folder.with_suffix(".ours.csv"), folder.with_suffix(".duckdb.csv")
    commands = {
        "grade": [str(BIN), "grade", "--facts", str(folder), "--as-of", AS_OF, "--format", "csv", "--quiet"],
        "load": [str(BIN), "check", "--facts", str(folder), "--quiet"],
        "duckdb": baseline + ["duckdb", "--facts", str(folder), "--as-of", AS_OF, "--out", str(duck_ledger)],
        "polars": baseline + ["polars", "--facts", str(folder)],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    rss: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(rounds):
        for name, command in commands.items():
            if name == "grade":
                with ledger.open("wb") as out:
                    wall, peak = run(command, stdout=out)
            else:
                wall, peak = run(command)
            times[name].append(wall)
            rss[name].append(peak)
    same = subprocess.run(baseline + ["compare", str(ledger), str(duck_ledger)], check=False, stdout=subprocess.DEVNULL)
    size = sum(f.stat().st_size for f in folder.glob("*.csv"))
    median = {name: statistics.median(values) for name, values in times.items()}
    return {
        "folder": str(folder),
        "csv_bytes": size,
        "rounds": rounds,
        "seconds": times,
        "median_seconds": median,
        "peak_rss_mib": {name: max(values) for name, values in rss.items()},
        "duckdb_agrees_row_for_row": same.returncode == 0,
        "ratios": {
            "duckdb_over_grade": median["duckdb"] / median["grade"],
            "polars_read_over_load": median["polars"] / median["load"],
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100_000, 1_000_000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--generators", default="gen,irregular")
    parser.add_argument("--data", type=Path, default=Path("/tmp"))
    args = parser.parse_args()
    results = ROOT / "benches" / "results"
    results.mkdir(exist_ok=True)
    report = {}
    for kind in args.generators.split(","):
        for subjects in args.sizes:
            folder = args.data / f"safecredit-{kind}-{subjects}"
            generate(kind, subjects, folder)
            result = measure(folder, args.rounds)
            result.update(generator=kind, subjects=subjects)
            report[f"{kind}-{subjects}"] = result
            (results / f"{kind}-{subjects}.json").write_text(json.dumps(result, indent=2) + "\n")
    print("| data | subjects | CSV | grade | load (check) | DuckDB | polars read | DuckDB ÷ grade | polars ÷ load "
          "| peak RSS grade | peak RSS DuckDB | agree |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for result in report.values():
        m, x, r = result["median_seconds"], result["ratios"], result["peak_rss_mib"]
        print(f"| {result['generator']} | {result['subjects']:,} | {result['csv_bytes'] / 1e6:,.0f} MB "
              f"| {m['grade']:.2f} s | {m['load']:.2f} s | {m['duckdb']:.2f} s | {m['polars']:.2f} s "
              f"| {x['duckdb_over_grade']:.2f}× | {x['polars_read_over_load']:.2f}× "
              f"| {r['grade']:.0f} MiB | {r['duckdb']:.0f} MiB | {result['duckdb_agrees_row_for_row']} |")
    for kind in args.generators.split(","):
        small, large = report.get(f"{kind}-100000"), report.get(f"{kind}-1000000")
        if small and large:
            growth = large["median_seconds"]["grade"] / small["median_seconds"]["grade"]
            print(f"\ngrowth ({kind}): grade time(1M) / time(100k) = {growth:.1f}")
    agree = all(result["duckdb_agrees_row_for_row"] for result in report.values())
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main())
