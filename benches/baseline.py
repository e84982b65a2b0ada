#!/usr/bin/env python3
"""Real-alternative baselines for the safecredit benchmark.

What an analyst would reach for instead of safecredit, timed on the same fact
folders (see docs/performance.md):

  duckdb   The whole grade ledger in DuckDB SQL, reading the fact CSVs
           directly, with the same rules (Art. 13-15) and written as a CSV
           with exactly the bytes of `safecredit grade --format csv`.
  polars   A loading floor: every fact file read with polars into string
           columns, date columns parsed as dates, nothing else.
  compare  Row-for-row comparison of two ledger CSVs (exit 0 iff identical).

Usage:
  python3 benches/baseline.py duckdb --facts DIR --as-of YYYY-MM-DD --out LEDGER.csv
  python3 benches/baseline.py polars --facts DIR
  python3 benches/baseline.py compare A.csv B.csv

duckdb and polars print one JSON line: {"engine", "seconds", "rows"}.

This is a benchmark baseline only: safecredit's tests and CI never need it,
nor Python, DuckDB or polars (`pip install duckdb==2.0.1 polars==2.1.0`).
The rules are those of src/rules/art13.rs and src/rules/art14_15.rs (the
authority); src/bench/sql.rs is the SQLite version of the same ledger.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import json
import sys
import time
from pathlib import Path

# The fact files (docs/facts.md) and the columns each baseline reads from them.
# Only subjects.csv is required; a missing file is an empty relation, and a
# missing optional column means every cell is empty.
COLUMNS: dict[str, list[str]] = {
    "subjects.csv": ["id", "name", "category", "committed_on"],
    "people.csv": ["subject", "person", "role"],
    "standardization.csv": ["subject", "level", "awarded_on", "expires_on"],
    "events.csv": ["id", "subject", "person", "date", "kind", "accident_level", "deaths", "liable", "typical", "authority", "repaired_on"],
    "joint_punishments.csv": ["subject", "listed_on", "lifted_on"],
    "inspections.csv": ["subject", "date"],
    "objections.csv": ["event", "decision", "outcome", "replied_on"],
}
# The relation each file is read into.
TABLES = {
    "subjects.csv": "subjects",
    "people.csv": "people",
    "standardization.csv": "standardization",
    "events.csv": "events",
    "joint_punishments.csv": "listings",
    "inspections.csv": "inspections",
    "objections.csv": "objections",
}
CALENDAR = "calendar.csv"  # only the objection deadlines use it: not the ledger

# Enumerations: code -> other accepted spellings (src/facts/codes.rs). Codes
# match ASCII case-insensitively, labels and aliases exactly.
ENUMS: dict[str, dict[str, list[str]]] = {
    "category": {
        "coal_mine": ["煤矿"],
        "non_coal_mine": ["非煤矿山"],
        "hazardous_chemicals": ["危险化学品"],
        "fireworks": ["烟花爆竹"],
        "metallurgy_trade": ["冶金工贸"],
        "safety_service": ["安全生产中介服务机构", "中介服务机构"],
    },
    "role": {
        "legal_rep": ["法定代表人"],
        "principal": ["主要负责人"],
        "safety_lead": ["分管安全负责人"],
        "partner": ["合伙人"],
    },
    "kind": {
        "dishonesty": ["失信行为"],
        "penalty": ["行政处罚"],
        "accident": ["生产安全事故"],
        "unlicensed_operation": ["未取得安全生产许可擅自生产经营"],
        "unrectified_major_hazard": ["重大隐患不整改冒险作业"],
        "evading_supervision": ["逃避对抗监管"],
        "operating_while_suspended": ["停产整顿期间生产经营"],
        "accident_cover_up": ["瞒报谎报迟报事故"],
        "unaccepted_safety_facilities": ["安全设施未验收即投用"],
        "illegal_mining": ["超层越界开采或以探代采"],
        "obstructing_investigation": ["破坏事故现场或妨碍调查"],
        "false_report": ["出具虚假报告或出借资质"],
    },
    "accident_level": {
        "general": ["一般"],
        "larger": ["较大"],
        "major": ["重大"],
        "especially_major": ["特别重大"],
    },
    "level": {"1": ["一级"], "2": ["二级"], "3": ["三级"]},
    "decision": {"accepted": ["受理"], "rejected": ["不予受理"]},
    "outcome": {"upheld": ["异议成立"], "dismissed": ["异议不成立"]},
}


def sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def sql_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def enum_macro(name: str, spellings: dict[str, list[str]]) -> str:
    """A macro `<name>_code(x)` mapping any accepted spelling to its code, else NULL.

    Simple CASEs, not IN lists: DuckDB turns an IN list over lower(x) into a
    mark join, which is slower and does not keep the rows' order.
    """
    codes = " ".join(f"WHEN {sql_text(code)} THEN {sql_text(code)}" for code in spellings)
    labels = " ".join(
        f"WHEN {sql_text(label)} THEN {sql_text(code)}" for code, others in spellings.items() for label in others
    )
    return f"CREATE MACRO {name}_code(x) AS CASE lower(x) {codes} ELSE CASE x {labels} END END;"


# Unicode White_Space, what Rust's str::trim removes (the ideographic space too),
# as an RE2 character class.
WHITESPACE = "\t\n\v\f\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
WHITESPACE_CLASS = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in WHITESPACE) + "]"

# Cell parsing, as the data contract has it (docs/facts.md, src/facts/cell.rs).
# Only well-formed folders are in scope: safecredit refuses a folder with
# errors, so rows it would reject are not looked for here.
CELL_MACROS = r"""
-- Every cell is trimmed; an empty cell is NULL. (A regexp: trim() with a
-- set of Unicode characters is several times slower.)
CREATE MACRO cell(x) AS NULLIF(regexp_replace(x, '^<ws>+|<ws>+$', '', 'g'), '');

-- Dates: 2024-03-05, 2024/3/5, 2024.3.5 or 2024年3月5日; an impossible date
-- (2024-02-30) is NULL. ISO, what `safecredit gen` writes, goes straight to a cast.
CREATE MACRO day(x) AS CASE
  WHEN regexp_full_match(x, '\d{4}-\d{2}-\d{2}') THEN TRY_CAST(x AS DATE)
  WHEN regexp_full_match(x, '\d{4}(-\d{1,2}-|/\d{1,2}/|\.\d{1,2}\.)\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日')
    THEN TRY_CAST(array_to_string(regexp_extract_all(x, '\d+'), '-') AS DATE)
END;

-- Booleans: yes/no, true/false, 是/否, 1/0 (and y/n).
CREATE MACRO flag(x) AS CASE lower(x) WHEN 'yes' THEN true WHEN 'y' THEN true
  WHEN 'true' THEN true WHEN '是' THEN true WHEN '1' THEN true ELSE false END;

-- Counts (deaths): a whole number ≥ 0; empty means 0.
CREATE MACRO count_of(x) AS COALESCE(TRY_CAST(x AS INTEGER), 0);
""".replace("<ws>", WHITESPACE_CLASS)

# The one definition of which penalties count (13.A.3, 13.B.3, 13.C.2):
# 应急管理部门作出的行政处罚, a penalty imposed by emergency management
# (src/facts/authority.rs): an empty `authority`, `emergency` (any case), a name
# containing 应急管理, or one ending in 应急局 or 应急厅. authorities.csv, which
# settles particular names, is not read here (the benchmark folders have none).
AUTHORITY_MACRO = r"""
CREATE MACRO by_emergency_management(authority) AS
  authority IS NULL OR lower(authority) = 'emergency' OR contains(authority, '应急管理')
  OR suffix(authority, '应急局') OR suffix(authority, '应急厅');
"""

# How each relation is read: the SQL of every column from its (trimmed) cell.
RELATIONS: dict[str, dict[str, str]] = {
    "subjects.csv": {
        "id": "cell({id})",
        "name": "cell({name})",
        "category": "category_code(cell({category}))",
        "committed_on": "day(cell({committed_on}))",
    },
    "people.csv": {
        "subject": "cell({subject})",
        "person": "cell({person})",
        "role": "role_code(cell({role}))",
    },
    "standardization.csv": {
        "subject": "cell({subject})",
        "level": "level_code(cell({level}))",
        "awarded_on": "day(cell({awarded_on}))",
        "expires_on": "day(cell({expires_on}))",
    },
    "events.csv": {
        "id": "cell({id})",
        "subject": "cell({subject})",
        "person": "cell({person})",
        "date": "day(cell({date}))",
        "kind": "kind_code(cell({kind}))",
        "level": "accident_level_code(cell({accident_level}))",
        "deaths": "count_of(cell({deaths}))",
        "liable": "flag(cell({liable}))",
        "typical": "flag(cell({typical}))",
        "authority": "cell({authority})",
        "repaired_on": "day(cell({repaired_on}))",
    },
    "joint_punishments.csv": {
        "subject": "cell({subject})",
        "listed_on": "day(cell({listed_on}))",
        "lifted_on": "day(cell({lifted_on}))",
    },
    "inspections.csv": {
        "subject": "cell({subject})",
        "date": "day(cell({date}))",
    },
    "objections.csv": {
        "event": "cell({event})",
        "decision": "decision_code(cell({decision}))",
        "outcome": "outcome_code(cell({outcome}))",
        "replied_on": "day(cell({replied_on}))",
    },
}

# The ledger for one as-of date ($as_of) with the window starts $w1, $w3
# ("N年内": as-of − N years ≤ date ≤ as-of, 29 February − 1 year = 28 February).
LEDGER_SQL = r"""
WITH
-- Records as they stand on the as-of date: dated on or before it, within the
-- longest window (3 years), not credit-repaired by then (repaired_on ≤ as-of),
-- not voided by an upheld objection (accepted, upheld, replied ≤ as-of).
upheld AS (
  SELECT DISTINCT event FROM objections
  WHERE decision = 'accepted' AND outcome = 'upheld' AND replied_on <= $as_of),
live AS (
  SELECT e.* FROM events e
  WHERE e.date BETWEEN $w3 AND $as_of
    AND (e.repaired_on IS NULL OR e.repaired_on > $as_of)
    AND NOT EXISTS (SELECT 1 FROM upheld u WHERE u.event = e.id)),
-- Dishonesty counts against its own subject and against every subject where
-- its person is the principal or safety lead (not legal_rep, not partner).
dishonesty AS (
  SELECT subject, date FROM live WHERE kind = 'dishonesty'
  UNION ALL
  SELECT p.subject, l.date FROM live l JOIN people p ON p.person = l.person
  WHERE l.kind = 'dishonesty' AND p.role IN ('principal', 'safety_lead')),
dishonest AS (
  SELECT subject, bool_or(date >= $w1) AS dis1, bool_or(date >= $w3) AS dis3
  FROM dishonesty GROUP BY subject),
counted AS (
  SELECT subject,
    bool_or(penalty AND date >= $w1) AS pen1,
    bool_or(penalty AND date >= $w3) AS pen3,
    bool_or(fatal AND date >= $w1) AS fat1,
    bool_or(fatal AND date >= $w3) AS fat3,
    count(*) FILTER (fatal AND level = 'general' AND date >= $w1) AS fatal_general1,
    count(*) FILTER (liable_accident AND level = 'larger' AND date >= $w1) AS larger1,
    bool_or(liable_accident AND level IN ('major', 'especially_major') AND date >= $w1) AS major1,
    bool_or(liable_accident AND level = 'larger' AND typical AND date >= $w1) AS typical1,
    -- 13.D.2–D.10: every other kind is a serious violation
    bool_or(kind NOT IN ('dishonesty', 'penalty', 'accident') AND date >= $w1) AS serious1
  FROM (
    SELECT subject, kind, level, typical, date,
      kind = 'penalty' AND by_emergency_management(authority) AS penalty,
      kind = 'accident' AND liable AS liable_accident,
      kind = 'accident' AND liable AND deaths >= 1 AS fatal
    FROM live)
  GROUP BY subject),
standardized AS (
  SELECT DISTINCT subject FROM standardization
  WHERE level IS NOT NULL AND awarded_on <= $as_of AND (expires_on IS NULL OR $as_of <= expires_on)),
listed AS (
  SELECT DISTINCT subject FROM listings
  WHERE listed_on <= $as_of AND (lifted_on IS NULL OR lifted_on > $as_of)),
inspected AS (
  SELECT subject, max(date) AS last FROM inspections WHERE date <= $as_of GROUP BY subject),
facts AS (
  SELECT s.n, s.id, s.name, s.category,
    COALESCE(s.committed_on <= $as_of, false) AS committed,
    COALESCE(d.dis1, false) AS dis1, COALESCE(d.dis3, false) AS dis3,
    COALESCE(c.pen1, false) AS pen1, COALESCE(c.pen3, false) AS pen3,
    COALESCE(c.fat1, false) AS fat1, COALESCE(c.fat3, false) AS fat3,
    COALESCE(c.fatal_general1, 0) AS fatal_general1, COALESCE(c.larger1, 0) AS larger1,
    COALESCE(c.major1, false) AS major1, COALESCE(c.typical1, false) AS typical1,
    COALESCE(c.serious1, false) AS serious1,
    st.subject IS NOT NULL AS std, li.subject IS NOT NULL AS listed, i.last
  FROM subjects s
  LEFT JOIN dishonest d ON d.subject = s.id
  LEFT JOIN counted c ON c.subject = s.id
  LEFT JOIN standardized st ON st.subject = s.id
  LEFT JOIN listed li ON li.subject = s.id
  LEFT JOIN inspected i ON i.subject = s.id),
-- Art. 13: D if any D clause holds; else C if any C clause; else A if every A
-- clause; else B if every B clause; else unrated.
graded AS (
  SELECT *, CASE
    WHEN larger1 > 0 OR major1 OR fatal_general1 >= 2 OR serious1 THEN 'D'
    WHEN dis1 OR pen1 OR fatal_general1 >= 1 OR NOT std OR listed THEN 'C'
    WHEN committed AND NOT dis3 AND NOT pen3 AND NOT fat3 AND std AND NOT listed THEN 'A'
    WHEN committed AND NOT dis1 AND NOT pen1 AND NOT fat1 AND NOT listed THEN 'B'
    ELSE 'unrated' END AS grade
  FROM facts),
-- Art. 14–15: tier, measures and the inspection interval by grade.
measured AS (
  SELECT *,
    CASE grade WHEN 'A' THEN 24 WHEN 'B' THEN 12 WHEN 'C' THEN 6 WHEN 'D' THEN 3 END AS months,
    CASE grade WHEN 'A' THEN 'county' WHEN 'B' THEN 'county' WHEN 'C' THEN 'city'
      WHEN 'D' THEN 'region' ELSE 'none' END AS tier,
    CASE grade WHEN 'A' THEN 'priority' WHEN 'B' THEN 'consideration' WHEN 'C' THEN 'none'
      WHEN 'D' THEN 'excluded_key_supervision' END AS measures
  FROM graded),
-- Due = last inspection + interval months; DuckDB clamps to the month's end.
scheduled AS (
  SELECT *, CAST(last + to_months(months) AS DATE) AS due FROM measured)
SELECT
  id AS subject, name, category, grade, tier,
  CASE WHEN category IN ('metallurgy_trade', 'safety_service') THEN 'no' ELSE 'yes' END AS high_risk,
  -- 13.D.joint: a D subject with a major accident, two larger ones, a typical
  -- larger one, or a serious violation (13.D.2–D.10), all within 1 year.
  CASE WHEN grade = 'D' AND (major1 OR larger1 >= 2 OR typical1 OR serious1)
    THEN 'yes' ELSE 'no' END AS joint_target,
  strftime(last, '%Y-%m-%d') AS last_inspection,
  strftime(due, '%Y-%m-%d') AS next_due,
  CASE WHEN months IS NOT NULL AND last IS NULL THEN 'never'
    WHEN $as_of > due THEN CAST($as_of - due AS VARCHAR) END AS overdue_days,
  measures
FROM scheduled
ORDER BY n
"""


def header_of(path: Path) -> dict[str, str]:
    """The file's header cells by their trimmed, lowercased name (the contract ignores case)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        names = next(csv.reader(f), [])
    found: dict[str, str] = {}
    for name in names:
        found.setdefault(name.strip().lower(), name)
    return found


def minus_years(day: dt.date, years: int) -> dt.date:
    """`day` N years earlier, 29 February becoming 28 February (src/facts/day.rs)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def read_csv_sql(path: Path) -> str:
    """DuckDB's reader over one fact file, every column as text.

    Typed columns (DATE, INTEGER) would accept only one spelling of a date,
    and no padding or labels; reading text and parsing with the macros above
    costs about 15% more on events.csv than a typed read of ISO dates.
    """
    return (
        f"read_csv({sql_text(str(path))}, header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"')"
    )


def columns_sql(file: str, header: dict[str, str]) -> str:
    """The select list of a relation: each column parsed from its cell, NULL if absent."""
    cells = {column: (sql_name(header[column]) if column in header else "NULL::VARCHAR") for column in COLUMNS[file]}
    return ", ".join(f"{expr.format(**cells)} AS {name}" for name, expr in RELATIONS[file].items())


def run_duckdb(folder: Path, as_of: dt.date, out: Path) -> dict:
    import duckdb

    if not (folder / "subjects.csv").exists():
        sys.exit(f"{folder / 'subjects.csv'}: no such file (subjects.csv is required)")
    started = time.perf_counter()
    db = duckdb.connect()
    db.execute(CELL_MACROS + AUTHORITY_MACRO)
    for name, spellings in ENUMS.items():
        db.execute(enum_macro(name, spellings))
    for file, table in TABLES.items():
        path = folder / file
        header = header_of(path) if path.exists() else {}
        columns = columns_sql(file, header)
        if file == "subjects.csv":
            # The ledger is in file order. A plain scan into a table keeps it
            # (preserve_insertion_order), so the table's rowid is the row's place.
            db.execute(f"CREATE TABLE subject_rows AS SELECT * FROM {read_csv_sql(path)}")
            db.execute(
                f"CREATE VIEW subjects AS SELECT * FROM "
                f"(SELECT rowid AS n, {columns} FROM subject_rows) WHERE id IS NOT NULL"
            )
        elif header:
            # The other relations are views: the ledger query reads their files itself.
            db.execute(f"CREATE VIEW {table} AS SELECT {columns} FROM {read_csv_sql(path)}")
        else:
            db.execute(f"CREATE VIEW {table} AS SELECT {columns} LIMIT 0")
    params = {"as_of": as_of, "w1": minus_years(as_of, 1), "w3": minus_years(as_of, 3)}
    # The bytes of safecredit's CSV writer: an empty cell is NULL, written bare
    # (DuckDB writes '' as ""), and no comment character to quote against.
    (rows,) = db.execute(
        f"COPY ({LEDGER_SQL}) TO {sql_text(str(out))} (FORMAT csv, HEADER, DELIMITER ',', QUOTE '\"', COMMENT '')",
        params,
    ).fetchone()
    seconds = time.perf_counter() - started
    return {"engine": "duckdb", "seconds": round(seconds, 3), "rows": rows}


def run_polars(folder: Path) -> dict:
    import polars as pl

    files = list(TABLES) + [CALENDAR]
    started = time.perf_counter()
    rows = 0
    for file in files:
        path = folder / file
        if not path.exists():
            continue
        frame = pl.read_csv(path, infer_schema=False)  # every column a string
        dates = [c for c in frame.columns if c.strip().lower() == "date" or c.strip().lower().endswith("_on")]
        # The contract's four date spellings; a cell in none of them becomes null.
        spellings = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]
        frame = frame.with_columns(
            pl.coalesce([pl.col(c).str.strip_chars().str.to_date(f, strict=False) for f in spellings]).alias(c)
            for c in dates
        )
        rows += frame.height
    seconds = time.perf_counter() - started
    return {"engine": "polars", "seconds": round(seconds, 3), "rows": rows}


def compare(a: Path, b: Path) -> int:
    """Prints up to 10 differing rows; 0 if the two CSVs are identical, row for row."""
    with a.open(encoding="utf-8", newline="") as fa, b.open(encoding="utf-8", newline="") as fb:
        differing = 0
        rows = 0
        for line, (ra, rb) in enumerate(itertools.zip_longest(csv.reader(fa), csv.reader(fb)), start=1):
            rows += 1
            if ra == rb:
                continue
            differing += 1
            if differing <= 10:
                print(
                    f"line {line}:\n  {a}: {','.join(ra) if ra is not None else '(no row)'}"
                    f"\n  {b}: {','.join(rb) if rb is not None else '(no row)'}"
                )
    if differing:
        print(f"{differing} of {rows} lines differ")
        return 1
    print(f"identical: {rows} lines")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    duck = commands.add_parser("duckdb", help="the grade ledger in DuckDB SQL")
    duck.add_argument("--facts", type=Path, required=True)
    duck.add_argument("--as-of", type=dt.date.fromisoformat, required=True)
    duck.add_argument("--out", type=Path, required=True)
    polars = commands.add_parser("polars", help="read every fact file with polars")
    polars.add_argument("--facts", type=Path, required=True)
    comparison = commands.add_parser("compare", help="compare two ledger CSVs row for row")
    comparison.add_argument("a", type=Path)
    comparison.add_argument("b", type=Path)
    args = parser.parse_args()

    if args.command == "compare":
        return compare(args.a, args.b)
    if args.command == "duckdb":
        result = run_duckdb(args.facts, args.as_of, args.out)
    else:
        result = run_polars(args.facts)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
