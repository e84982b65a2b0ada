//! The grade ledger (信用分级台账, Art. 14): one row per subject with grade,
//! tier, inspection schedule and measures.

use super::table::Table;
use super::{INTERNAL_NOTICE, day_or_empty, to_csv, yes_no};
use crate::facts::{Day, FactSet, SubjectIx};
use crate::rules::{Model, Overdue};
use serde::Serialize;

/// The CSV header, fixed by the data contract.
pub const CSV_HEADER: &[&str] = &[
    "subject",
    "name",
    "category",
    "grade",
    "tier",
    "high_risk",
    "joint_target",
    "last_inspection",
    "next_due",
    "overdue_days",
    "measures",
];

#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct LedgerRow {
    pub subject: String,
    pub name: String,
    pub category: &'static str,
    pub grade: &'static str,
    pub tier: &'static str,
    pub high_risk: &'static str,
    pub joint_target: &'static str,
    pub last_inspection: String,
    pub next_due: String,
    /// A number of days, `never`, or empty when not overdue (as text in CSV and JSON).
    pub overdue_days: Overdue,
    pub measures: &'static str,
}

pub fn rows(facts: &FactSet, model: &Model) -> Vec<LedgerRow> {
    (0..facts.subjects.len() as u32).map(|s| row(facts, model, SubjectIx(s))).collect()
}

pub fn row(facts: &FactSet, model: &Model, s: SubjectIx) -> LedgerRow {
    let subject = facts.subject(s);
    let r = model.subject(s);
    LedgerRow {
        subject: facts.subject_id(s).to_string(),
        name: facts.str(subject.name).to_string(),
        category: subject.category.code(),
        grade: r.grade.code(),
        tier: r.tier.code(),
        high_risk: yes_no(r.high_risk),
        joint_target: yes_no(r.joint_target()),
        last_inspection: day_or_empty(r.last_inspection),
        next_due: day_or_empty(r.next_due),
        overdue_days: r.overdue(),
        measures: r.measures.map_or("", |m| m.code()),
    }
}

/// Writes the ledger as CSV straight from the model, one row at a time: no
/// per-cell strings, for registers of millions of subjects. Same bytes as
/// [`csv`] over [`rows`].
pub fn write_csv(out: &mut impl std::io::Write, facts: &FactSet, model: &Model) -> std::io::Result<()> {
    let mut w = csv::WriterBuilder::new().buffer_capacity(1 << 20).from_writer(out);
    w.write_record(CSV_HEADER)?;
    let mut days = [String::new(), String::new(), String::new()];
    for s in 0..facts.subjects.len() as u32 {
        let s = SubjectIx(s);
        let subject = facts.subject(s);
        let r = model.subject(s);
        for (slot, day) in days.iter_mut().zip([r.last_inspection, r.next_due]) {
            slot.clear();
            if let Some(d) = day {
                use std::fmt::Write;
                let _ = write!(slot, "{d}");
            }
        }
        days[2].clear();
        match r.overdue() {
            Overdue::Never => days[2].push_str("never"),
            Overdue::Days(n) => days[2].push_str(itoa::Buffer::new().format(n)),
            Overdue::No => {}
        }
        w.write_record([
            facts.subject_id(s),
            facts.str(subject.name),
            subject.category.code(),
            r.grade.code(),
            r.tier.code(),
            yes_no(r.high_risk),
            yes_no(r.joint_target()),
            &days[0],
            &days[1],
            &days[2],
            r.measures.map_or("", |m| m.code()),
        ])?;
    }
    w.flush()
}

pub fn csv(rows: &[LedgerRow]) -> String {
    to_csv(
        CSV_HEADER,
        rows.iter().map(|r| {
            vec![
                r.subject.clone(),
                r.name.clone(),
                r.category.to_string(),
                r.grade.to_string(),
                r.tier.to_string(),
                r.high_risk.to_string(),
                r.joint_target.to_string(),
                r.last_inspection.clone(),
                r.next_due.clone(),
                r.overdue_days.to_string(),
                r.measures.to_string(),
            ]
        }),
    )
}

#[derive(Serialize)]
struct LedgerJson<'a> {
    as_of: Day,
    notice: &'static str,
    subjects: &'a [LedgerRow],
}

pub fn json(as_of: Day, rows: &[LedgerRow]) -> String {
    serde_json::to_string_pretty(&LedgerJson { as_of, notice: INTERNAL_NOTICE, subjects: rows }).expect("serializable")
}

/// Art. 15's measures in a few characters, for the table (the CSV has the codes).
fn short_measures(measures: Option<crate::rules::Measures>) -> &'static str {
    use crate::rules::Measures;
    match measures {
        Some(Measures::Priority) => "优先考虑",
        Some(Measures::Consideration) => "适当考虑",
        Some(Measures::NoneStated) => "—",
        Some(Measures::ExcludedKeySupervision) => "不予考虑、重点监管",
        None => "",
    }
}

/// The human table, with Chinese labels and the Art. 14 notice.
pub fn table(facts: &FactSet, model: &Model) -> String {
    let mut t = Table::new(&[
        "主体",
        "名称",
        "类别",
        "等级",
        "监管层级",
        "高危",
        "联合惩戒",
        "最近检查",
        "应检日期",
        "逾期天数",
        "监管措施",
    ])
    .align_right(9);
    let mut counts = [0usize; 5];
    for s in 0..facts.subjects.len() as u32 {
        let s = SubjectIx(s);
        let subject = facts.subject(s);
        let r = model.subject(s);
        counts[crate::rules::Grade::ALL.iter().position(|g| *g == r.grade).expect("a grade")] += 1;
        let overdue = match r.overdue() {
            Overdue::Never => "从未检查".to_string(),
            other => other.to_string(),
        };
        t.push(vec![
            facts.subject_id(s).to_string(),
            facts.str(subject.name).to_string(),
            subject.category.label().to_string(),
            r.grade.label().to_string(),
            r.tier.label().to_string(),
            if r.high_risk { "是" } else { "" }.to_string(),
            if r.joint_target() { "是" } else { "" }.to_string(),
            day_or_empty(r.last_inspection),
            day_or_empty(r.next_due),
            overdue,
            short_measures(r.measures).to_string(),
        ]);
    }
    let mix: Vec<String> =
        crate::rules::Grade::ALL.iter().zip(counts).map(|(g, n)| format!("{} {n}", g.code())).collect();
    format!(
        "安全生产信用分级台账 — {INTERNAL_NOTICE}\nas of {}: {} subjects ({})\n\n{}",
        model.as_of,
        facts.subjects.len(),
        mix.join(", "),
        t.render()
    )
}
