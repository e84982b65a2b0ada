//! Timeline (信用等级变化时间线): a subject's grade, tier and inspection
//! interval as a step function of the as-of date. The dates on which
//! anything can change are computed from the facts — records entering and
//! leaving the 1- and 3-year windows, repairs, upheld objections,
//! standardization awards and expiries, listings, commitments — and the rules
//! are evaluated only on those dates, not day by day.

use super::variant::{Change, ChangeText};
use crate::facts::{Day, FactSet, SubjectIx};
use crate::rules::whatif::{self, Variant};
use crate::rules::{Clause, FactIndex, Looks, SubjectResult};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct State {
    pub date: Day,
    pub grade: &'static str,
    pub tier: &'static str,
    /// Months between inspections; empty for unrated.
    pub interval: Option<u32>,
    /// What happened on this date.
    pub causes: Vec<String>,
    /// Clauses that changed on this date: `13.C.2 holds` / `13.C.2 no longer holds`.
    pub clauses: Vec<String>,
}

#[derive(Serialize, Debug)]
pub struct Timeline {
    pub subject: String,
    pub as_of: Day,
    pub from: Day,
    pub to: Day,
    pub start: State,
    pub changes: Vec<State>,
    /// The first change after the as-of date, if nothing new happens.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_change: Option<State>,
}

/// The dates on which something about `s` changes, with what happens.
pub fn change_points(facts: &FactSet, index: &FactIndex, s: SubjectIx) -> BTreeMap<Day, Vec<String>> {
    let mut points: BTreeMap<Day, Vec<String>> = BTreeMap::new();
    let mut at = |d: Day, what: String| points.entry(d).or_default().push(what);
    let touching = |kind| Clause::list(&Clause::looking_at(kind));
    let subject = facts.subject(s);
    if let Some(d) = subject.committed_on {
        at(d, format!("the public commitment is made ({})", touching(Looks::Commitment)));
    }
    for e in index.events_concerning(facts, s) {
        let ix = crate::facts::EventIx(e);
        let event = facts.event(ix);
        let name = format!("{} ({} {})", facts.event_id(ix), event.kind.code(), event.date);
        at(event.date, format!("{name} is recorded"));
        for years in [1, 3] {
            at(event.date.leaves_window(years), format!("{name} leaves the {years}-year window"));
        }
        if let Some(r) = event.repaired_on() {
            at(r, format!("{name} is repaired (信用修复)"));
        }
        for o in index.objections_against(ix) {
            let objection = &facts.objections[o as usize];
            if let Some(r) = objection.upheld_on() {
                at(r, format!("{name} is voided by upheld objection {}", facts.objection_id(o as usize)));
            }
        }
    }
    for &n in index.standardization_of(s) {
        let row = &facts.standardization[n as usize];
        let clauses = touching(Looks::Standardization);
        at(row.awarded_on, format!("level-{} standardization is awarded ({clauses})", row.level.code()));
        if let Some(e) = row.expires_on {
            at(
                e.plus_days(1),
                format!("level-{} standardization awarded {} expires", row.level.code(), row.awarded_on),
            );
        }
    }
    for &n in index.listings_of(s) {
        let row = &facts.listings[n as usize];
        let clauses = touching(Looks::Listing);
        at(row.listed_on, format!("listed as a joint-punishment target by {} ({clauses})", facts.str(row.sector)));
        if let Some(l) = row.lifted_on {
            at(l, format!("the listing by {} is lifted", facts.str(row.sector)));
        }
    }
    points
}

/// For every subject, the first change point after `as_of` (up to `horizon`) on
/// which its grade, tier or interval differs from that on `as_of` if nothing new
/// happens, with the grade then: the timelines' `next_change`, for all subjects
/// in one batched evaluation.
pub fn next_changes(
    facts: &FactSet,
    index: &FactIndex,
    model: &crate::rules::Model,
    horizon: Day,
    threads: usize,
) -> Vec<(SubjectIx, Day, crate::rules::Grade)> {
    let as_of = model.as_of;
    let variants: Vec<Variant> = (0..facts.subjects.len() as u32).map(|s| Variant::as_recorded(SubjectIx(s))).collect();
    let mut asks: Vec<(&Variant, Day)> = Vec::new();
    for variant in &variants {
        let points = change_points(facts, index, variant.subject);
        asks.extend(points.range(as_of.plus_days(1)..=horizon).map(|(d, _)| (variant, *d)));
    }
    let graded = whatif::grade(facts, index, &asks, threads);
    let mut out: Vec<(SubjectIx, Day, crate::rules::Grade)> = Vec::new();
    for ((variant, day), r) in asks.iter().zip(graded) {
        let s = variant.subject;
        if out.last().is_some_and(|(last, _, _)| *last == s) {
            continue;
        }
        let now = model.subject(s);
        if (r.grade, r.tier, r.interval) != (now.grade, now.tier, now.interval) {
            out.push((s, *day, r.grade));
        }
    }
    out
}

pub fn timeline(facts: &FactSet, index: &FactIndex, s: SubjectIx, as_of: Day, from: Day, to: Day) -> Timeline {
    timeline_with(facts, index, s, &[], as_of, from, to)
}

/// The timeline of `s` with `changes` made on `as_of` (for why-not).
pub fn timeline_with(
    facts: &FactSet,
    index: &FactIndex,
    s: SubjectIx,
    changes: &[Change],
    as_of: Day,
    from: Day,
    to: Day,
) -> Timeline {
    let mut points = change_points(facts, index, s);
    if !changes.is_empty() {
        let what: Vec<String> = changes.iter().map(|c| c.describe(facts)).collect();
        points.entry(as_of).or_default().push(format!("the actions are taken: {}", what.join("; ")));
    }
    let state = |d: Day, r: &SubjectResult, causes: Vec<String>, clauses: Vec<String>| State {
        date: d,
        grade: r.grade.code(),
        tier: r.tier.code(),
        interval: r.interval,
        causes,
        clauses,
    };
    // The subject on `from` and on every change point after it, graded in one batch.
    let variant = Variant { subject: s, changes: changes.to_vec(), made_on: as_of };
    let days: Vec<Day> = std::iter::once(from).chain(points.range(from.plus_days(1)..=to).map(|(d, _)| *d)).collect();
    let asks: Vec<(&Variant, Day)> = days.iter().map(|d| (&variant, *d)).collect();
    let mut graded = whatif::grade(facts, index, &asks, 1).into_iter();
    let mut previous = graded.next().expect("the first day is asked");
    let start = state(from, &previous, Vec::new(), Vec::new());
    let mut out = Vec::new();
    for ((&d, causes), now) in points.range(from.plus_days(1)..=to).zip(graded) {
        if (now.grade, now.tier, now.interval) != (previous.grade, previous.tier, previous.interval) {
            let clauses = Clause::ART13
                .iter()
                .filter(|c| now.holds(**c) != previous.holds(**c))
                .map(|c| format!("{} {}", c.id(), if now.holds(*c) { "holds" } else { "no longer holds" }))
                .collect();
            out.push(state(d, &now, causes.clone(), clauses));
        }
        previous = now;
    }
    let next_change = out.iter().find(|c| c.date > as_of).cloned();
    Timeline { subject: facts.subject_id(s).to_string(), as_of, from, to, start, changes: out, next_change }
}
