//! Rule verification for legal staff (规则核验): gaps and overlaps in the
//! Art. 13 grade definitions, found by running every abstract case through
//! the compiled rules; the acknowledged findings; clause coverage; runnable
//! witnesses; and sign-off of clauses against a hash of their encoding.
//! Reads and writes only through the functions given paths by `commands`.

pub mod cases;
pub mod scenario;
pub mod signoff;

use crate::facts::calendar::Calendar;
use crate::facts::load::{Source, load};
use crate::facts::{LoadOptions, SubjectIx};
use crate::rules::{Clause, EvalOptions, FactIndex, Grade, decide, evaluate};
use cases::{Case, FEATURES};
use serde::{Deserialize, Serialize};

/// One gap or overlap.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    /// `gap`, `X∩Y` (both definitions hold) or `X⊆Y` (every X case is also Y).
    pub id: String,
    pub what: String,
    pub cases: usize,
    /// The readable conditions that cover the cases.
    pub when: Vec<String>,
    /// The grade(s) precedence gives these cases.
    pub grades: Vec<&'static str>,
    /// The smallest case showing it.
    pub witness: String,
    #[serde(skip)]
    pub witness_case: Case,
    pub acknowledged: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved_by: Option<String>,
}

/// An entry of `rules/acknowledged.toml`.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct Acknowledged {
    pub id: String,
    pub when: Vec<String>,
    pub reason: String,
    #[serde(default)]
    pub resolved_by: Option<String>,
}

#[derive(Deserialize, Default)]
struct AcknowledgedFile {
    #[serde(default)]
    finding: Vec<Acknowledged>,
}

pub fn parse_acknowledged(text: &str) -> Result<Vec<Acknowledged>, String> {
    toml::from_str::<AcknowledgedFile>(text).map(|f| f.finding).map_err(|e| e.to_string())
}

#[derive(Clone, Debug, Serialize)]
pub struct Coverage {
    pub clause: &'static str,
    /// Cases in which the clause holds.
    pub holds: usize,
    /// Cases in which flipping this clause alone changes the grade.
    pub decisive: usize,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub as_of: String,
    pub cases: usize,
    pub features: Vec<String>,
    pub findings: Vec<Finding>,
    /// Acknowledged entries that no longer match any finding.
    pub stale_acknowledgements: Vec<Acknowledged>,
    pub coverage: Vec<Coverage>,
    pub signoff: signoff::Status,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.findings.iter().all(|f| f.acknowledged)
            && self.stale_acknowledgements.is_empty()
            && self.signoff.changed.is_empty()
    }
}

/// The outcome of one abstract case under the real rules.
pub struct Outcome {
    pub case: Case,
    pub meets: u8,
    pub grade: Grade,
    pub holds: u32,
}

/// Grades every abstract case with the compiled rules.
pub fn run_cases() -> Vec<Outcome> {
    let all = cases::all_cases();
    let named: Vec<(String, &Case)> = all.iter().enumerate().map(|(i, c)| (format!("C{i:04}"), c)).collect();
    let files: Vec<(String, Vec<u8>)> =
        cases::fact_files(&named).into_iter().map(|(n, t)| (n, t.into_bytes())).collect();
    let loaded = load(
        &Source::Memory { label: "verify", files: &files },
        &LoadOptions { today: cases::as_of(), show_personal: false },
    );
    assert_eq!(loaded.errors(), 0, "abstract cases load cleanly: {:?}", loaded.diagnostics.first());
    let facts = loaded.facts;
    let calendar = Calendar::of(&facts);
    let model = evaluate(&facts, &FactIndex::build(&facts), &calendar, cases::as_of(), &EvalOptions::default());
    all.into_iter()
        .enumerate()
        .map(|(i, case)| {
            let r = model.subject(SubjectIx(i as u32));
            Outcome { case, meets: r.meets, grade: r.grade, holds: r.holds }
        })
        .collect()
}

const DEFINITIONS: [Grade; 4] = [Grade::A, Grade::B, Grade::C, Grade::D];

pub fn findings(outcomes: &[Outcome], acknowledged: &[Acknowledged]) -> (Vec<Finding>, Vec<Acknowledged>) {
    let mut found: Vec<(String, String, Vec<&Outcome>)> = Vec::new();
    let gap: Vec<&Outcome> = outcomes.iter().filter(|o| o.meets == 0).collect();
    if !gap.is_empty() {
        found.push(("gap".into(), "no grade definition holds, so the text gives no grade (unrated)".into(), gap));
    }
    for (i, x) in DEFINITIONS.iter().enumerate() {
        for (j, y) in DEFINITIONS.iter().enumerate().skip(i + 1) {
            let has = |o: &Outcome, bit: usize| o.meets & (1 << bit) != 0;
            let both: Vec<&Outcome> = outcomes.iter().filter(|o| has(o, i) && has(o, j)).collect();
            if both.is_empty() {
                continue;
            }
            let all_x = outcomes.iter().filter(|o| has(o, i)).count();
            let (id, what) = if both.len() == all_x {
                (
                    format!("{}⊆{}", x.code(), y.code()),
                    format!("every case meeting {} also meets {}", x.code(), y.code()),
                )
            } else {
                (format!("{}∩{}", x.code(), y.code()), format!("{} and {} hold at once", x.code(), y.code()))
            };
            found.push((id, what, both));
        }
    }
    let mut used = vec![false; acknowledged.len()];
    let findings = found
        .into_iter()
        .map(|(id, what, members)| {
            let cases: Vec<&Case> = members.iter().map(|o| &o.case).collect();
            let when = cases::summarize(&cases);
            let mut grades: Vec<&'static str> = members.iter().map(|o| o.grade.code()).collect();
            grades.sort_unstable();
            grades.dedup();
            let witness_case = members
                .iter()
                .map(|o| &o.case)
                .min_by_key(|c| (cases::weight(c), (*c).clone()))
                .expect("non-empty")
                .clone();
            let ack = acknowledged.iter().position(|a| a.id == id && same_conditions(&a.when, &when));
            if let Some(k) = ack {
                used[k] = true;
            }
            Finding {
                id,
                what,
                cases: members.len(),
                when,
                grades,
                witness: cases::describe(&witness_case),
                witness_case,
                acknowledged: ack.is_some(),
                reason: ack.map(|k| acknowledged[k].reason.clone()),
                resolved_by: ack.and_then(|k| acknowledged[k].resolved_by.clone()),
            }
        })
        .collect();
    let stale = acknowledged.iter().zip(used).filter(|(_, u)| !u).map(|(a, _)| a.clone()).collect();
    (findings, stale)
}

fn same_conditions(a: &[String], b: &[String]) -> bool {
    let mut a: Vec<&String> = a.iter().collect();
    let mut b: Vec<&String> = b.iter().collect();
    a.sort();
    b.sort();
    a == b
}

/// For each grade condition, in how many cases it holds, and in how many
/// flipping it alone changes the grade (asked of the real precedence rules).
pub fn coverage(outcomes: &[Outcome]) -> Vec<Coverage> {
    let conditions = Clause::GRADE_CONDITIONS;
    let mut what_if = Vec::new();
    for (i, o) in outcomes.iter().enumerate() {
        for bit in 0..conditions.len() {
            let id = SubjectIx((i * conditions.len() + bit) as u32);
            let joint = o.holds & (1 << Clause::DJoint.art13_bit().expect("joint bit")) != 0;
            what_if.push((id, (o.holds ^ (1 << bit)) & ((1 << conditions.len()) - 1), joint));
        }
    }
    let flipped = decide(what_if.into_iter());
    conditions
        .iter()
        .enumerate()
        .map(|(bit, c)| Coverage {
            clause: c.id(),
            holds: outcomes.iter().filter(|o| o.holds & (1 << bit) != 0).count(),
            decisive: outcomes
                .iter()
                .enumerate()
                .filter(|(i, o)| flipped[i * conditions.len() + bit].grade != o.grade)
                .count(),
        })
        .collect()
}

pub fn verify(acknowledged: &[Acknowledged], signoff: signoff::Status) -> Report {
    let outcomes = run_cases();
    let (findings, stale_acknowledgements) = findings(&outcomes, acknowledged);
    Report {
        as_of: cases::as_of().to_string(),
        cases: outcomes.len(),
        features: FEATURES.iter().map(|f| format!("{}: {}", f.name, f.values.join(" / "))).collect(),
        findings,
        stale_acknowledgements,
        coverage: coverage(&outcomes),
        signoff,
    }
}

/// The fact folder of a finding's smallest case: (file name, contents).
pub fn witness_files(finding: &Finding) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = cases::fact_files(&[("W1".to_string(), &finding.witness_case)])
        .into_iter()
        .filter(|(_, text)| text.lines().count() > 1)
        .collect();
    files.push(("as_of.txt".into(), format!("{}\n", cases::as_of())));
    let grade = finding.grades.join("/");
    files.push((
        "README.md".into(),
        format!(
            "Witness of `{}`: {}. Case: {}. Under the rules the subject W1 gets grade {grade}; reproduce with `safecredit grade --facts DIR` (as_of.txt pins {}), and see the definitions it meets with `safecredit explain W1 --facts DIR`.\n",
            finding.id,
            finding.what,
            finding.witness,
            cases::as_of()
        ),
    ));
    files
}

/// A folder name for a finding id: `A∩D` → `A-and-D`, `A⊆B` → `A-within-B`.
pub fn slug(id: &str) -> String {
    id.replace('∩', "-and-").replace('⊆', "-within-")
}

/// Findings grouped for JSON.
pub fn json(report: &Report) -> String {
    let mut value = serde_json::to_value(report).expect("serializable");
    value["ok"] = serde_json::Value::Bool(report.ok());
    serde_json::to_string_pretty(&value).expect("serializable")
}
