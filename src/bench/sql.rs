//! The SQL baseline ("what an analyst would pick instead"): the same fact
//! files loaded into an in-memory SQLite database and the ledger computed by
//! one SQL query. Built only with `--features sqlite`. The window starts are
//! passed in from our calendar arithmetic (SQLite's `date(…,'-1 year')`
//! turns 2024-02-29 into 2023-03-01, the measures' reading is 2023-02-28);
//! month-end clamping of due dates is done in SQL.

use super::handwritten::Row;
use crate::facts::cell::parse_date;
use crate::facts::{Day, load::FILES};
use crate::rules::{Grade, Measures, Tier};
use rusqlite::{Connection, params};
use std::path::Path;

const SCHEMA: &str = "
CREATE TABLE subjects(id TEXT PRIMARY KEY, category TEXT, committed_on TEXT);
CREATE TABLE people(subject TEXT, person TEXT, role TEXT);
CREATE TABLE standardization(subject TEXT, level TEXT, awarded_on TEXT, expires_on TEXT);
CREATE TABLE events(id TEXT PRIMARY KEY, subject TEXT, person TEXT, date TEXT, kind TEXT, level TEXT, deaths INTEGER, liable TEXT, typical TEXT, authority TEXT, repaired_on TEXT);
CREATE TABLE listings(subject TEXT, listed_on TEXT, lifted_on TEXT);
CREATE TABLE inspections(subject TEXT, date TEXT);
CREATE TABLE objections(event TEXT, decision TEXT, outcome TEXT, replied_on TEXT);
";

const INDEXES: &str = "
CREATE INDEX people_person ON people(person);
CREATE INDEX objections_event ON objections(event);
";

const LEDGER: &str = "
WITH
live AS (
  SELECT e.* FROM events e
  WHERE e.date <= :as_of AND (e.repaired_on IS NULL OR e.repaired_on > :as_of)
    AND NOT EXISTS (SELECT 1 FROM objections o WHERE o.event = e.id AND o.decision = 'accepted' AND o.outcome = 'upheld' AND o.replied_on <= :as_of)),
dis AS (
  SELECT subject AS s, date FROM live WHERE kind = 'dishonesty'
  UNION ALL
  SELECT r.subject, l.date FROM live l JOIN people r ON r.person = l.person
  WHERE l.kind = 'dishonesty' AND r.role IN ('principal', 'safety_lead')),
ds AS (SELECT s, MAX(date >= :w1) AS dis1, MAX(date >= :w3) AS dis3 FROM dis GROUP BY s),
ev AS (
  SELECT subject AS s,
    MAX(kind = 'penalty' AND (authority IS NULL OR lower(authority) = 'emergency' OR instr(authority, '应急管理') > 0 OR authority LIKE '%应急局' OR authority LIKE '%应急厅') AND date >= :w1) AS pen1,
    MAX(kind = 'penalty' AND (authority IS NULL OR lower(authority) = 'emergency' OR instr(authority, '应急管理') > 0 OR authority LIKE '%应急局' OR authority LIKE '%应急厅') AND date >= :w3) AS pen3,
    MAX(kind = 'accident' AND liable = 'yes' AND deaths >= 1 AND date >= :w1) AS fat1,
    MAX(kind = 'accident' AND liable = 'yes' AND deaths >= 1 AND date >= :w3) AS fat3,
    SUM(kind = 'accident' AND liable = 'yes' AND deaths >= 1 AND level = 'general' AND date >= :w1) AS fg1,
    SUM(kind = 'accident' AND liable = 'yes' AND level = 'larger' AND date >= :w1) AS lg1,
    MAX(kind = 'accident' AND liable = 'yes' AND level IN ('major', 'especially_major') AND date >= :w1) AS mj1,
    MAX(kind = 'accident' AND liable = 'yes' AND level = 'larger' AND typical = 'yes' AND date >= :w1) AS ty1,
    MAX(kind NOT IN ('dishonesty', 'penalty', 'accident') AND date >= :w1) AS ser1
  FROM live GROUP BY subject),
st AS (SELECT DISTINCT subject AS s FROM standardization WHERE awarded_on <= :as_of AND (expires_on IS NULL OR :as_of <= expires_on)),
li AS (SELECT DISTINCT subject AS s FROM listings WHERE listed_on <= :as_of AND (lifted_on IS NULL OR lifted_on > :as_of)),
ins AS (SELECT subject AS s, MAX(date) AS last FROM inspections WHERE date <= :as_of GROUP BY subject),
f AS (
  SELECT s.rowid AS n, s.id, s.category,
    s.committed_on IS NOT NULL AND s.committed_on <= :as_of AS committed,
    COALESCE(ds.dis1, 0) AS dis1, COALESCE(ds.dis3, 0) AS dis3,
    COALESCE(ev.pen1, 0) AS pen1, COALESCE(ev.pen3, 0) AS pen3, COALESCE(ev.fat1, 0) AS fat1, COALESCE(ev.fat3, 0) AS fat3,
    COALESCE(ev.fg1, 0) AS fg1, COALESCE(ev.lg1, 0) AS lg1, COALESCE(ev.mj1, 0) AS mj1, COALESCE(ev.ty1, 0) AS ty1,
    COALESCE(ev.ser1, 0) AS ser1, st.s IS NOT NULL AS std, li.s IS NOT NULL AS listed, ins.last
  FROM subjects s
  LEFT JOIN ds ON ds.s = s.id LEFT JOIN ev ON ev.s = s.id LEFT JOIN st ON st.s = s.id
  LEFT JOIN li ON li.s = s.id LEFT JOIN ins ON ins.s = s.id),
g AS (
  SELECT f.*, CASE
    WHEN lg1 > 0 OR mj1 OR fg1 >= 2 OR ser1 THEN 'D'
    WHEN dis1 OR pen1 OR fg1 >= 1 OR NOT std OR listed THEN 'C'
    WHEN committed AND NOT dis3 AND NOT pen3 AND NOT fat3 AND std AND NOT listed THEN 'A'
    WHEN committed AND NOT dis1 AND NOT pen1 AND NOT fat1 AND NOT listed THEN 'B'
    ELSE 'unrated' END AS grade
  FROM f),
m AS (
  SELECT g.*, CASE grade WHEN 'A' THEN 24 WHEN 'B' THEN 12 WHEN 'C' THEN 6 WHEN 'D' THEN 3 END AS months FROM g),
d AS (
  SELECT m.*, CASE WHEN months IS NULL OR last IS NULL THEN NULL
    WHEN strftime('%d', date(last, '+' || months || ' months')) != strftime('%d', last)
      THEN date(date(last, '+' || months || ' months'), 'start of month', '-1 day')
    ELSE date(last, '+' || months || ' months') END AS due
  FROM m)
SELECT grade, category, grade = 'D' AND (mj1 OR lg1 >= 2 OR ty1 OR ser1) AS joint, last, due,
  CASE WHEN due IS NOT NULL AND :as_of > due THEN CAST(julianday(:as_of) - julianday(due) AS INTEGER) END AS overdue,
  months IS NOT NULL AND last IS NULL AS never
FROM d ORDER BY n
";

fn cell<'a>(record: &'a csv::StringRecord, header: &csv::StringRecord, name: &str) -> Option<&'a str> {
    let i = header.iter().position(|h| h.trim() == name)?;
    record.get(i).map(str::trim).filter(|v| !v.is_empty())
}

/// Dates are normalized to ISO text on the way in, as any loader would.
fn date(value: Option<&str>) -> Option<String> {
    value.and_then(parse_date).map(|d| d.to_string())
}

fn load(db: &mut Connection, dir: &Path) -> rusqlite::Result<()> {
    db.execute_batch(SCHEMA)?;
    let tx = db.transaction()?;
    for file in FILES {
        let Ok(mut reader) = csv::Reader::from_path(dir.join(file)) else { continue };
        let header = reader.headers().map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?.clone();
        let sql = match *file {
            "subjects.csv" => "INSERT INTO subjects VALUES (?1, ?2, ?3)",
            "people.csv" => "INSERT INTO people VALUES (?1, ?2, ?3)",
            "standardization.csv" => "INSERT INTO standardization VALUES (?1, ?2, ?3, ?4)",
            "events.csv" => "INSERT INTO events VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            "joint_punishments.csv" => "INSERT INTO listings VALUES (?1, ?2, ?3)",
            "inspections.csv" => "INSERT INTO inspections VALUES (?1, ?2)",
            "objections.csv" => "INSERT INTO objections VALUES (?1, ?2, ?3, ?4)",
            _ => continue,
        };
        let mut insert = tx.prepare(sql)?;
        for record in reader.records() {
            let r = record.map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
            let c = |n: &str| cell(&r, &header, n);
            match *file {
                "subjects.csv" => insert.execute(params![c("id"), c("category"), date(c("committed_on"))])?,
                "people.csv" => insert.execute(params![c("subject"), c("person"), c("role")])?,
                "standardization.csv" => {
                    insert.execute(params![c("subject"), c("level"), date(c("awarded_on")), date(c("expires_on"))])?
                }
                "events.csv" => insert.execute(params![
                    c("id"),
                    c("subject"),
                    c("person"),
                    date(c("date")),
                    c("kind"),
                    c("accident_level"),
                    c("deaths").and_then(|d| d.parse::<i64>().ok()).unwrap_or(0),
                    c("liable"),
                    c("typical"),
                    c("authority"),
                    date(c("repaired_on"))
                ])?,
                "joint_punishments.csv" => {
                    insert.execute(params![c("subject"), date(c("listed_on")), date(c("lifted_on"))])?
                }
                "inspections.csv" => insert.execute(params![c("subject"), date(c("date"))])?,
                "objections.csv" => {
                    insert.execute(params![c("event"), c("decision"), c("outcome"), date(c("replied_on"))])?
                }
                _ => 0,
            };
        }
    }
    tx.commit()?;
    db.execute_batch(INDEXES)
}

/// The ledger by SQL, from the CSV files of `dir`.
pub fn ledger(dir: &Path, as_of: Day) -> rusqlite::Result<Vec<Row>> {
    let mut db = Connection::open_in_memory()?;
    load(&mut db, dir)?;
    let mut query = db.prepare(LEDGER)?;
    let (w1, w3) = (as_of.minus_years(1).to_string(), as_of.minus_years(3).to_string());
    let rows = query.query_map(rusqlite::named_params! { ":as_of": as_of.to_string(), ":w1": w1, ":w3": w3 }, |r| {
        let grade = Grade::parse(&r.get::<_, String>(0)?).unwrap_or(Grade::Unrated);
        let category: String = r.get(1)?;
        let day = |s: Option<String>| s.and_then(|s| Day::parse_iso(&s));
        let (tier, measures) = match grade {
            Grade::A => (Tier::County, Some(Measures::Priority)),
            Grade::B => (Tier::County, Some(Measures::Consideration)),
            Grade::C => (Tier::City, Some(Measures::NoneStated)),
            Grade::D => (Tier::Region, Some(Measures::ExcludedKeySupervision)),
            Grade::Unrated => (Tier::None, None),
        };
        Ok(Row {
            grade,
            tier,
            high_risk: !matches!(category.as_str(), "metallurgy_trade" | "safety_service"),
            joint_target: r.get::<_, bool>(2)?,
            last_inspection: day(r.get(3)?),
            next_due: day(r.get(4)?),
            overdue_days: r.get::<_, Option<i64>>(5)?.map(|d| d as i32),
            never_inspected: r.get::<_, bool>(6)?,
            measures,
        })
    })?;
    rows.collect()
}
