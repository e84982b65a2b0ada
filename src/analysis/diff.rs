//! Diff (等级变动): who changed grade, tier, joint-target status or overdue
//! state between two as-of dates or two fact snapshots, with the clauses
//! that changed, and counts per transition.

use crate::facts::{FactSet, SubjectIx};
use crate::rules::{Clause, Model, Overdue, SubjectResult};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct Changed {
    pub subject: String,
    pub name: String,
    /// `B→C`, or `—→A` for a subject only in the second snapshot.
    pub transition: String,
    pub grade: [String; 2],
    pub tier: [String; 2],
    pub joint_target: [String; 2],
    /// The overdue state: days, `never`, or empty.
    pub overdue: [String; 2],
    /// Clauses that hold on one side only: `+13.C.2` (now holds), `-13.A.3` (no longer).
    pub clauses: Vec<String>,
}

#[derive(Serialize, Debug)]
pub struct Diff {
    pub before: String,
    pub after: String,
    pub changed: Vec<Changed>,
    /// How many subjects made each grade transition.
    pub transitions: BTreeMap<String, usize>,
}

fn overdue_state(r: &SubjectResult) -> String {
    match r.overdue() {
        Overdue::No => "not overdue".to_string(),
        Overdue::Never => "never inspected".to_string(),
        Overdue::Days(_) => "overdue".to_string(),
    }
}

/// Compares two evaluations; subjects are matched by id.
pub fn diff(before: (&FactSet, &Model, String), after: (&FactSet, &Model, String)) -> Diff {
    let (fa, ma, la) = before;
    let (fb, mb, lb) = after;
    let mut changed = Vec::new();
    let mut transitions: BTreeMap<String, usize> = BTreeMap::new();
    let mut ids: Vec<&str> = (0..fa.subjects.len() as u32).map(|s| fa.subject_id(SubjectIx(s))).collect();
    for s in 0..fb.subjects.len() as u32 {
        let id = fb.subject_id(SubjectIx(s));
        if fa.find_subject(id).is_none() {
            ids.push(id);
        }
    }
    for id in ids {
        let a = fa.find_subject(id).map(|s| (fa, ma.subject(s), s));
        let b = fb.find_subject(id).map(|s| (fb, mb.subject(s), s));
        let side = |x: &Option<(&FactSet, &SubjectResult, SubjectIx)>| -> [String; 4] {
            match x {
                Some((_, r, _)) => [
                    r.grade.code().into(),
                    r.tier.code().into(),
                    crate::facts::cell::yes_no(r.joint_target()).into(),
                    overdue_state(r),
                ],
                None => ["—".into(), "—".into(), "—".into(), "—".into()],
            }
        };
        let (sa, sb) = (side(&a), side(&b));
        if sa == sb {
            continue;
        }
        let clauses = match (&a, &b) {
            (Some((_, ra, _)), Some((_, rb, _))) => Clause::ART13
                .iter()
                .filter(|c| ra.holds(**c) != rb.holds(**c))
                .map(|c| format!("{}{}", if rb.holds(*c) { "+" } else { "-" }, c.id()))
                .collect(),
            _ => Vec::new(),
        };
        let name = b.or(a).map(|(f, _, s)| f.str(f.subject(s).name).to_string()).unwrap_or_default();
        let transition = format!("{}→{}", sa[0], sb[0]);
        if sa[0] != sb[0] {
            *transitions.entry(transition.clone()).or_default() += 1;
        }
        let [ga, ta, ja, oa] = sa;
        let [gb, tb, jb, ob] = sb;
        changed.push(Changed {
            subject: id.to_string(),
            name,
            transition,
            grade: [ga, gb],
            tier: [ta, tb],
            joint_target: [ja, jb],
            overdue: [oa, ob],
            clauses,
        });
    }
    Diff { before: la, after: lb, changed, transitions }
}
