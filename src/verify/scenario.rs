//! Scenarios (测试场景) that legal staff write: one TOML file with an as-of
//! date, inline facts (the CSV columns, as arrays of tables) and the expected
//! grades and objection results. Facts go through the same loader as the
//! CSV files and the same rules as everything else. Format: docs/scenarios.md.

use crate::facts::FactSet;
use crate::facts::calendar::Calendar;
use crate::facts::load::{Source, closest, load};
use crate::facts::schema;
use crate::facts::{Day, LoadOptions, SubjectIx};
use crate::rules::{Clause, EvalOptions, FactIndex, Grade, Model, decide, evaluate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What a scenario expects of one subject; every field is optional.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct SubjectExpect {
    pub subject: String,
    pub grade: Option<String>,
    pub tier: Option<String>,
    pub joint_target: Option<bool>,
    pub high_risk: Option<bool>,
    /// A number, "never", or "" (not overdue).
    pub overdue_days: Option<toml::Value>,
    pub next_due: Option<toml::Value>,
    #[serde(default)]
    pub holds: Vec<String>,
    #[serde(default)]
    pub fails: Vec<String>,
}

#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct ObjectionExpect {
    pub objection: String,
    pub deadline: Option<toml::Value>,
    pub status: Option<String>,
    pub conflict: Option<bool>,
}

/// A procedural finding (Art. 7–9, 11, 12) a scenario expects, or expects not to be there.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct FindingExpect {
    /// The finding's code, e.g. `missing_info`.
    pub finding: String,
    pub subject: String,
    /// The event or objection id; empty for a finding about the subject.
    #[serde(default)]
    pub record: String,
    /// The missing item of a `missing_info` finding, e.g. `principal_phone`.
    #[serde(default)]
    pub detail: String,
    /// `false`: the scenario expects no such finding.
    #[serde(default = "present")]
    pub present: bool,
}

fn present() -> bool {
    true
}

pub struct Scenario {
    pub path: String,
    pub name: String,
    pub as_of: Day,
    pub files: Vec<(String, Vec<u8>)>,
    pub expect: Vec<SubjectExpect>,
    pub expect_objections: Vec<ObjectionExpect>,
    pub expect_findings: Vec<FindingExpect>,
}

/// A scenario's evaluated facts, and the subjects whose explanation a reviewer needs.
#[derive(Clone)]
pub struct ToExplain {
    pub facts: FactSet,
    pub index: FactIndex,
    pub model: Model,
    pub subjects: Vec<crate::facts::SubjectIx>,
}

#[derive(Serialize, Clone)]
pub struct ScenarioResult {
    pub path: String,
    pub name: String,
    pub passed: bool,
    /// One line per unmet expectation: what was expected, what came out.
    pub failures: Vec<String>,
    /// `explain` of each subject with a failure, for the reviewer (rendered by the caller from `explain`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub explanations: Vec<String>,
    /// What to explain: the scenario's evaluated facts and the subjects with a failure.
    #[serde(skip)]
    pub explain: Option<ToExplain>,
    pub holds: BTreeSet<&'static str>,
    pub decisive: BTreeSet<&'static str>,
}

fn value_text(v: &toml::Value) -> Result<String, String> {
    Ok(match v {
        toml::Value::String(s) => s.clone(),
        toml::Value::Integer(n) => n.to_string(),
        toml::Value::Float(f) => f.to_string(),
        toml::Value::Boolean(b) => crate::facts::cell::yes_no(*b).to_string(),
        toml::Value::Datetime(d) => d.to_string(),
        other => return Err(format!("a cell cannot hold {}", other.type_str())),
    })
}

/// Parses a scenario file's text; `path` is used in messages.
pub fn parse(path: &str, text: &str) -> Result<Scenario, String> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| format!("{path}: not valid TOML: {e}"))?;
    let mut name = String::new();
    let mut as_of = None;
    let mut files = Vec::new();
    let mut expect = Vec::new();
    let mut expect_objections = Vec::new();
    let mut expect_findings = Vec::new();
    for (key, value) in &table {
        match key.as_str() {
            "name" => name = value_text(value)?,
            "description" => {}
            "as_of" => {
                let text = value_text(value)?;
                as_of = Some(
                    Day::parse_iso(&text)
                        .ok_or_else(|| format!("{path}: as_of \"{text}\" is not a date like 2026-06-30"))?,
                );
            }
            "expect" => {
                expect = value
                    .clone()
                    .try_into()
                    .map_err(|e: toml::de::Error| format!("{path}: [[expect]]: {}", e.message()))?;
            }
            "expect_objection" => {
                expect_objections = value
                    .clone()
                    .try_into()
                    .map_err(|e: toml::de::Error| format!("{path}: [[expect_objection]]: {}", e.message()))?;
            }
            "expect_finding" => {
                expect_findings = value
                    .clone()
                    .try_into()
                    .map_err(|e: toml::de::Error| format!("{path}: [[expect_finding]]: {}", e.message()))?;
            }
            key if schema::file(key).is_some_and(|f| f.name == key) => {
                let schema = schema::file(key).expect("a fact file");
                let rows =
                    value.as_array().ok_or_else(|| format!("{path}: `{key}` must be an array of tables: [[{key}]]"))?;
                let mut header: Vec<String> = Vec::new();
                for row in rows {
                    let row = row.as_table().ok_or_else(|| format!("{path}: every [[{key}]] entry must be a table"))?;
                    for column in row.keys() {
                        if schema.column(column).is_none() {
                            let names = schema.names();
                            let hint =
                                closest(column, &names).map(|c| format!(" (did you mean `{c}`?)")).unwrap_or_default();
                            return Err(format!(
                                "{path}: [[{key}]] has no column `{column}`{hint}; {} has: {}",
                                schema.file,
                                names.join(", ")
                            ));
                        }
                        if !header.contains(column) {
                            header.push(column.clone());
                        }
                    }
                }
                let mut writer = csv::Writer::from_writer(Vec::new());
                writer.write_record(&header).map_err(|e| e.to_string())?;
                for (n, row) in rows.iter().enumerate() {
                    let row = row.as_table().expect("checked above");
                    let mut cells = Vec::new();
                    for column in &header {
                        cells.push(match row.get(column) {
                            Some(v) => {
                                value_text(v).map_err(|e| format!("{path}: [[{key}]] #{} `{column}`: {e}", n + 1))?
                            }
                            None => String::new(),
                        });
                    }
                    writer.write_record(&cells).map_err(|e| e.to_string())?;
                }
                files.push((format!("{key}.csv"), writer.into_inner().map_err(|e| e.to_string())?));
            }
            other => {
                return Err(format!(
                    "{path}: unknown key `{other}`; expected name, description, as_of, expect, expect_objection, expect_finding or a fact table ({})",
                    schema::FILES.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
                ));
            }
        }
    }
    let as_of = as_of.ok_or_else(|| format!("{path}: as_of is missing, e.g. as_of = \"2026-06-30\""))?;
    if name.is_empty() {
        return Err(format!("{path}: name is missing, e.g. name = \"a penalty one year ago counts\""));
    }
    Ok(Scenario { path: path.to_string(), name, as_of, files, expect, expect_objections, expect_findings })
}

fn expected_text(v: &toml::Value) -> String {
    value_text(v).unwrap_or_else(|_| v.to_string())
}

/// Runs one scenario against the compiled rules.
pub fn run(scenario: &Scenario) -> ScenarioResult {
    let mut result = ScenarioResult {
        path: scenario.path.clone(),
        name: scenario.name.clone(),
        passed: false,
        failures: Vec::new(),
        explanations: Vec::new(),
        explain: None,
        holds: BTreeSet::new(),
        decisive: BTreeSet::new(),
    };
    let loaded = load(
        &Source::Memory { label: &scenario.path, files: &scenario.files },
        &LoadOptions { today: scenario.as_of.max(Day::today()), show_personal: false },
    );
    for d in loaded.diagnostics.iter().filter(|d| d.is_error()) {
        // `file.toml[events]` line L is the (L-1)-th [[events]] entry; line 1 is the set of keys.
        let table = d.file.rsplit_once('[').map_or("", |(_, t)| t.trim_end_matches(']'));
        let place = match d.line {
            0 => format!("[[{table}]]"),
            1 => format!("[[{table}]] (its keys)"),
            n => format!("[[{table}]] #{}", n - 1),
        };
        let expected = d.expected.as_deref().map(|e| format!(" (expected {e})")).unwrap_or_default();
        result.failures.push(format!("fact error in {place}: {}{expected}", d.message));
    }
    if !result.failures.is_empty() {
        return result;
    }
    let facts = loaded.facts;
    let calendar = Calendar::of(&facts);
    let index = FactIndex::build(&facts);
    let model = evaluate(&facts, &index, &calendar, scenario.as_of, &EvalOptions::default());
    let mut explain_subjects = BTreeSet::new();
    for e in &scenario.expect {
        let Some(s) = facts.find_subject(&e.subject) else {
            result.failures.push(format!("{}: no such subject in the scenario's facts", e.subject));
            continue;
        };
        let r = model.subject(s);
        let mut check = |what: &str, expected: String, actual: String| {
            if expected != actual {
                result.failures.push(format!("{} {what}: expected {expected}, got {actual}", e.subject));
                explain_subjects.insert(s);
            }
        };
        if let Some(g) = &e.grade {
            check("grade", Grade::parse(g).map_or(g.clone(), |g| g.code().to_string()), r.grade.code().to_string());
        }
        if let Some(t) = &e.tier {
            check(
                "tier",
                crate::rules::Tier::parse(t).map_or(t.clone(), |t| t.code().to_string()),
                r.tier.code().to_string(),
            );
        }
        if let Some(j) = e.joint_target {
            check(
                "joint_target",
                crate::facts::cell::yes_no(j).into(),
                crate::facts::cell::yes_no(r.joint_target()).into(),
            );
        }
        if let Some(h) = e.high_risk {
            check("high_risk", crate::facts::cell::yes_no(h).into(), crate::facts::cell::yes_no(r.high_risk).into());
        }
        if let Some(d) = &e.overdue_days {
            check("overdue_days", expected_text(d), r.overdue().to_string());
        }
        if let Some(d) = &e.next_due {
            check("next_due", expected_text(d), crate::facts::cell::day_or_empty(r.next_due));
        }
        for (list, want) in [(&e.holds, true), (&e.fails, false)] {
            for id in list {
                match Clause::parse(id) {
                    Some(c) if c.art13_bit().is_some() => {
                        if r.holds(c) != want {
                            result.failures.push(format!(
                                "{} clause {id}: expected it to {}, but it {}",
                                e.subject,
                                if want { "hold" } else { "fail" },
                                if want { "fails" } else { "holds" }
                            ));
                            explain_subjects.insert(s);
                        }
                    }
                    _ => result.failures.push(format!(
                        "{}: \"{id}\" is not an Art. 13 clause id such as {}",
                        e.subject,
                        Clause::C2.id()
                    )),
                }
            }
        }
    }
    for e in &scenario.expect_objections {
        let Some(o) = (0..facts.objections.len()).find(|&o| facts.objection_id(o) == e.objection) else {
            result.failures.push(format!("{}: no such objection in the scenario's facts", e.objection));
            continue;
        };
        let r = &model.objections[o];
        if let Some(d) = &e.deadline {
            let actual = crate::facts::cell::day_or_empty(r.deadline);
            if expected_text(d) != actual {
                result.failures.push(format!("{} deadline: expected {}, got {actual}", e.objection, expected_text(d)));
            }
        }
        if let Some(s) = &e.status {
            let actual = r.status.map_or("(not filed by the as-of date)", |s| s.code());
            let expected = crate::rules::ObjectionStatus::parse(s).map_or(s.as_str(), |s| s.code());
            if expected != actual {
                result.failures.push(format!("{} status: expected {expected}, got {actual}", e.objection));
            }
        }
        if let Some(c) = e.conflict {
            if c != r.conflict {
                result.failures.push(format!(
                    "{} conflict: expected {}, got {}",
                    e.objection,
                    crate::facts::cell::yes_no(c),
                    crate::facts::cell::yes_no(r.conflict)
                ));
            }
        }
    }
    // The procedural findings (Art. 7–9, 11, 12): each expected one there, or not.
    let findings = crate::rules::procedure(&facts, &model);
    let rows = crate::rules::procedure_rows(&facts, &findings);
    for f in &findings {
        result.holds.insert(f.clause.id());
    }
    for e in &scenario.expect_findings {
        let there = rows
            .iter()
            .any(|r| r.finding == e.finding && r.subject == e.subject && r.record == e.record && r.detail == e.detail);
        if there != e.present {
            let what = format!("{} {} {} {}", e.finding, e.subject, e.record, e.detail);
            let found: Vec<String> = rows
                .iter()
                .filter(|r| r.subject == e.subject)
                .map(|r| format!("{} {} {}", r.finding, r.record, r.detail))
                .collect();
            result.failures.push(match e.present {
                true => format!("expected finding {what}; {} has: {found:?}", e.subject),
                false => format!("expected no finding {what}, but it is there"),
            });
        }
        if let Some(f) = crate::rules::procedure::Finding::parse(&e.finding).filter(|_| e.present) {
            if let Some(found) = findings.iter().find(|x| x.finding == f) {
                result.decisive.insert(found.clause.id());
            }
        }
    }
    coverage(scenario, &model, &mut result);
    if !explain_subjects.is_empty() {
        result.explain = Some(ToExplain { facts, index, model, subjects: explain_subjects.into_iter().collect() });
    }
    result.passed = result.failures.is_empty();
    result
}

/// Which clauses hold in this scenario, and which are decisive: for Art. 13,
/// flipping the clause alone changes a subject's grade (asked of the real
/// precedence rules); for the others, the scenario checks what they decide.
fn coverage(scenario: &Scenario, model: &Model, result: &mut ScenarioResult) {
    let conditions = Clause::GRADE_CONDITIONS;
    let mut what_if = Vec::new();
    for (s, r) in model.subjects.iter().enumerate() {
        for (bit, c) in conditions.iter().enumerate() {
            if r.holds(*c) {
                result.holds.insert(c.id());
            }
            let mask = (1u32 << conditions.len()) - 1;
            what_if.push((SubjectIx((s * conditions.len() + bit) as u32), (r.holds ^ (1 << bit)) & mask, false));
        }
    }
    let flipped = decide(what_if.into_iter());
    for (s, r) in model.subjects.iter().enumerate() {
        for (bit, c) in conditions.iter().enumerate() {
            if flipped[s * conditions.len() + bit].grade != r.grade {
                result.decisive.insert(c.id());
            }
        }
    }
    for r in &model.subjects {
        if r.joint_target() {
            result.holds.insert(Clause::DJoint.id());
        }
        if r.grade != Grade::Unrated {
            result.holds.insert(Clause::Tier.id());
        }
        if r.high_risk {
            result.holds.insert(Clause::HighRisk.id());
        }
        let inspect = match r.grade {
            Grade::A => Some(Clause::InspectA),
            Grade::B => Some(Clause::InspectB),
            Grade::C => Some(Clause::InspectC),
            Grade::D => Some(Clause::InspectD),
            Grade::Unrated => None,
        };
        if let Some(c) = inspect {
            result.holds.insert(c.id());
        }
    }
    for o in &model.objections {
        if matches!(
            o.status,
            Some(crate::rules::ObjectionStatus::PendingReview | crate::rules::ObjectionStatus::Rejected)
        ) {
            result.holds.insert(Clause::Review.id());
        }
        if o.deadline.is_some() {
            result.holds.insert(Clause::Deadline.id());
        }
        if o.conflict {
            result.holds.insert(Clause::Investigator.id());
        }
    }
    result.decisive_from_expectations(scenario);
}

impl ScenarioResult {
    fn decisive_from_expectations(&mut self, scenario: &Scenario) {
        for e in &scenario.expect {
            if e.tier.is_some() {
                self.decisive.insert(Clause::Tier.id());
            }
            if e.high_risk.is_some() {
                self.decisive.insert(Clause::HighRisk.id());
            }
            if e.joint_target == Some(true) {
                self.decisive.insert(Clause::DJoint.id());
            }
            if e.overdue_days.is_some() || e.next_due.is_some() {
                let c = match e.grade.as_deref().and_then(Grade::parse) {
                    Some(Grade::A) => Some(Clause::InspectA),
                    Some(Grade::B) => Some(Clause::InspectB),
                    Some(Grade::C) => Some(Clause::InspectC),
                    Some(Grade::D) => Some(Clause::InspectD),
                    _ => None,
                };
                if let Some(c) = c {
                    self.decisive.insert(c.id());
                }
            }
        }
        for e in &scenario.expect_objections {
            if e.deadline.is_some() || e.status.is_some() {
                self.decisive.insert(Clause::Deadline.id());
            }
            if e.conflict == Some(true) {
                self.decisive.insert(Clause::Investigator.id());
            }
        }
    }
}

/// Clause coverage over many scenario results: (clause, holds in, decisive in).
pub fn clause_coverage(results: &[ScenarioResult]) -> Vec<(&'static str, Vec<String>, Vec<String>)> {
    Clause::ALL
        .iter()
        .map(|c| {
            let id = c.id();
            let holds = results.iter().filter(|r| r.holds.contains(id)).map(|r| r.path.clone()).collect();
            let decisive = results.iter().filter(|r| r.decisive.contains(id)).map(|r| r.path.clone()).collect();
            (id, holds, decisive)
        })
        .collect()
}
