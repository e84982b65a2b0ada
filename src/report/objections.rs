//! The objections report (异议办理台账, Art. 11–12): deadline, status and
//! investigator conflict of every objection filed by the as-of date.

use super::table::Table;
use super::{day_or_empty, to_csv, yes_no};
use crate::facts::{Day, EventIx, FactSet};
use crate::rules::Model;
use serde::Serialize;

pub const CSV_HEADER: &[&str] =
    &["objection", "subject", "event", "decided_on", "deadline", "replied_on", "status", "conflict"];

#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub struct ObjectionRow {
    pub objection: String,
    pub subject: String,
    pub event: String,
    pub decided_on: String,
    pub deadline: String,
    pub replied_on: String,
    pub status: &'static str,
    pub conflict: &'static str,
    /// Who is both investigator and collector (Art. 12).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conflict_with: Vec<String>,
    /// Years the deadline count crossed without an official schedule (a warning).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unscheduled_years: Vec<i32>,
}

/// Dates after the as-of date have not happened yet, and are not shown.
pub fn rows(facts: &FactSet, model: &Model) -> Vec<ObjectionRow> {
    let known = |d: Option<Day>| day_or_empty(d.filter(|d| *d <= model.as_of));
    facts
        .objections
        .iter()
        .enumerate()
        .filter_map(|(o, objection)| {
            let result = &model.objections[o];
            let status = result.status?;
            Some(ObjectionRow {
                objection: facts.objection_id(o).to_string(),
                subject: facts.subject_id(objection.subject).to_string(),
                event: facts.event_id(EventIx(objection.event.0)).to_string(),
                decided_on: if objection.decision.is_some() { known(objection.decided_on) } else { String::new() },
                deadline: day_or_empty(result.deadline),
                replied_on: if result.deadline.is_some() { known(objection.replied_on) } else { String::new() },
                status: status.code(),
                conflict: yes_no(result.conflict),
                conflict_with: result.conflict_with.clone(),
                unscheduled_years: result.unscheduled_years.clone(),
            })
        })
        .collect()
}

pub fn csv(rows: &[ObjectionRow]) -> String {
    to_csv(
        CSV_HEADER,
        rows.iter().map(|r| {
            vec![
                r.objection.clone(),
                r.subject.clone(),
                r.event.clone(),
                r.decided_on.clone(),
                r.deadline.clone(),
                r.replied_on.clone(),
                r.status.to_string(),
                r.conflict.to_string(),
            ]
        }),
    )
}

pub fn table(as_of: Day, rows: &[ObjectionRow]) -> String {
    let mut t = Table::new(&["异议", "主体", "记录", "受理日期", "答复期限", "答复日期", "状态", "调查=采集"]);
    for r in rows {
        let status = crate::rules::ObjectionStatus::parse(r.status).map_or(r.status, |s| s.label());
        t.push(vec![
            r.objection.clone(),
            r.subject.clone(),
            r.event.clone(),
            r.decided_on.clone(),
            format!("{}{}", r.deadline, if r.unscheduled_years.is_empty() { "" } else { "*" }),
            r.replied_on.clone(),
            format!("{status} {}", r.status),
            if r.conflict == "yes" {
                format!("是：{} (第十二条)", r.conflict_with.join("、"))
            } else {
                String::new()
            },
        ]);
    }
    let mut out = format!("异议办理（第十一、十二条）— as of {as_of}: {} objection(s)\n\n{}", rows.len(), t.render());
    if rows.iter().any(|r| !r.unscheduled_years.is_empty()) {
        out.push_str("* counted into a year without an official holiday schedule: weekends only\n");
    }
    out
}
