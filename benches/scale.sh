#!/usr/bin/env bash
# The benchmark, side by side in one run: safecredit against DuckDB (the same rules as
# SQL, benches/baseline.py) and polars (reading the same files), on safecredit's own
# generator and on an independent, less regular one (benches/gen_irregular.py).
# Usage: benches/scale.sh [SUBJECTS...]          (default: 100000 1000000)
# Needs ~7 GB of /tmp, PyPI for duckdb and polars (installed into a venv in /tmp) and a
# quiet machine. Prints a Markdown table; JSON per folder goes to benches/results/
# (docs/performance.md has the last run).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
venv=/tmp/safecredit-bench-venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet duckdb==2.0.1 polars==2.1.0
"$venv/bin/python" benches/scale.py "$@"
# The phases inside one process (load, index, rules, output), for the profile.
sizes=("$@")
[ $# -gt 0 ] || sizes=(100000 1000000)
for n in "${sizes[@]}"; do
  target/release/safecredit bench --facts "/tmp/safecredit-gen-$n" --json > "benches/results/phases-$n.json"
done
