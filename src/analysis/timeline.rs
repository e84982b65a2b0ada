//! Timeline (信用等级变化时间线): a subject's grade, tier and inspection
//! interval as a step function of the as-of date. The dates on which
//! anything can change are computed from the facts — records entering and
//! leaving the 1- and 3-year windows, repairs, upheld objections,
//! standardization awards and expiries, listings, commitments — and the rules
//! are evaluated only on those dates, not day by day.

use super::variant::Change;
use crate::facts::calendar::Calendar;
use crate::facts::{Day, EventIx, FactSet, SubjectIx};
use crate::rules::whatif::{self, Variant};
use crate::rules::{Clause, FactIndex, Grade, ObjectionStatus, SubjectResult, Tier};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    pub date: Day,
    pub grade: Grade,
    pub tier: Tier,
    /// Months between inspections; `None` for unrated.
    pub interval: Option<u32>,
    /// What happened on this date.
    pub causes: Vec<Cause>,
    /// Clauses that changed on this date, and whether they hold now.
    pub clauses: Vec<(Clause, bool)>,
}

/// A reply the bureau owes on one of the subject's objections (第十二条): due 20
/// working days after acceptance, counted with the folder's calendar, and where
/// it stands on the as-of date as the Art. 11–12 rules say.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub objection: String,
    pub event: String,
    pub due: Day,
    /// `open`, `overdue`, `replied` or `late`.
    pub status: ObjectionStatus,
    /// The reply, if given by the as-of date (`replied` or `late`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replied_on: Option<Day>,
}

#[derive(Debug)]
pub struct Timeline {
    pub subject: SubjectIx,
    pub as_of: Day,
    pub from: Day,
    pub to: Day,
    pub start: State,
    pub changes: Vec<State>,
    /// The first change after the as-of date, if nothing new happens.
    pub next_change: Option<State>,
    /// The replies due on the subject's accepted objections.
    pub deadlines: Vec<Deadline>,
    /// The actions taken on the as-of date (why-not's question), if any.
    pub actions: Vec<Change>,
}

/// What happens on a change point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    Committed,
    Recorded(EventIx),
    LeavesWindow(EventIx, u32),
    Repaired(EventIx),
    /// Voided by the upheld objection (its row).
    Voided(EventIx, u32),
    /// Standardization record N awarded, or expired (the day after its last valid day).
    Awarded(u32),
    Expired(u32),
    /// Listing N made, or lifted.
    Listed(u32),
    Lifted(u32),
    /// The timeline's actions are taken.
    Actions,
}

/// Calls `f` with each day on which something about `s` can change, and what.
pub fn each_change(facts: &FactSet, index: &FactIndex, s: SubjectIx, mut f: impl FnMut(Day, Cause)) {
    if let Some(d) = facts.subject(s).committed_on {
        f(d, Cause::Committed);
    }
    for e in index.events_concerning(facts, s) {
        let ix = EventIx(e);
        let event = facts.event(ix);
        f(event.date, Cause::Recorded(ix));
        for years in [1, 3] {
            f(event.date.leaves_window(years), Cause::LeavesWindow(ix, years));
        }
        if let Some(r) = event.repaired_on() {
            f(r, Cause::Repaired(ix));
        }
        for o in index.objections_against(ix) {
            if let Some(r) = facts.objections[o as usize].upheld_on() {
                f(r, Cause::Voided(ix, o));
            }
        }
    }
    for &n in index.standardization_of(s) {
        let row = &facts.standardization[n as usize];
        f(row.awarded_on, Cause::Awarded(n));
        if let Some(e) = row.expires_on {
            f(e.plus_days(1), Cause::Expired(n));
        }
    }
    for &n in index.listings_of(s) {
        let row = &facts.listings[n as usize];
        f(row.listed_on, Cause::Listed(n));
        if let Some(l) = row.lifted_on {
            f(l, Cause::Lifted(n));
        }
    }
}

/// The dates on which something about `s` changes, with what happens.
pub fn change_points(facts: &FactSet, index: &FactIndex, s: SubjectIx) -> BTreeMap<Day, Vec<Cause>> {
    let mut points: BTreeMap<Day, Vec<Cause>> = BTreeMap::new();
    each_change(facts, index, s, |d, cause| points.entry(d).or_default().push(cause));
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
    // Each subject's change points ahead; rounds ask the next few of every subject still
    // unchanged, so that a subject whose grade changes soon is not graded on later dates.
    let points: Vec<Vec<Day>> = variants
        .iter()
        .map(|v| {
            let mut days = Vec::new();
            each_change(facts, index, v.subject, |d, _| {
                if as_of < d && d <= horizon {
                    days.push(d);
                }
            });
            days.sort_unstable();
            days.dedup();
            days
        })
        .collect();
    let mut found: Vec<Option<(Day, crate::rules::Grade)>> = vec![None; variants.len()];
    let mut next = vec![0usize; variants.len()];
    let mut pending: Vec<usize> = (0..variants.len()).filter(|&s| !points[s].is_empty()).collect();
    const PER_ROUND: usize = 3;
    while !pending.is_empty() {
        let mut asks: Vec<(&Variant, Day)> = Vec::new();
        let mut owner: Vec<usize> = Vec::new();
        for &s in &pending {
            for &d in points[s].iter().skip(next[s]).take(PER_ROUND) {
                asks.push((&variants[s], d));
                owner.push(s);
            }
        }
        let graded = whatif::grade(facts, index, &asks, threads);
        for ((s, (_, day)), r) in owner.iter().zip(&asks).zip(graded) {
            let now = model.subject(SubjectIx(*s as u32));
            if found[*s].is_none() && (r.grade, r.tier, r.interval) != (now.grade, now.tier, now.interval) {
                found[*s] = Some((*day, r.grade));
            }
        }
        for &s in &pending {
            next[s] += PER_ROUND;
        }
        pending.retain(|&s| found[s].is_none() && next[s] < points[s].len());
    }
    found.into_iter().enumerate().filter_map(|(s, f)| f.map(|(d, g)| (SubjectIx(s as u32), d, g))).collect()
}

pub fn timeline(
    facts: &FactSet,
    index: &FactIndex,
    calendar: &Calendar,
    s: SubjectIx,
    as_of: Day,
    from: Day,
    to: Day,
) -> Timeline {
    let mut t = timeline_with(facts, index, s, &[], as_of, from, to);
    t.deadlines = deadlines(facts, calendar, s, as_of);
    t
}

/// The replies due on `s`'s accepted objections, counted with `calendar`.
pub fn deadlines(facts: &FactSet, calendar: &Calendar, s: SubjectIx, as_of: Day) -> Vec<Deadline> {
    let rows: Vec<u32> =
        (0..facts.objections.len() as u32).filter(|&o| facts.objections[o as usize].subject == s).collect();
    let results = crate::rules::objections_of(facts, calendar, as_of, &rows);
    rows.iter()
        .zip(results)
        .filter_map(|(&o, r)| {
            let objection = &facts.objections[o as usize];
            let status = r.status?;
            let replied = matches!(status, ObjectionStatus::Replied | ObjectionStatus::Late);
            Some(Deadline {
                objection: facts.objection_id(o as usize).to_string(),
                event: facts.event_id(objection.event).to_string(),
                due: r.deadline?,
                status,
                replied_on: objection.replied_on.filter(|_| replied),
            })
        })
        .collect()
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
        points.entry(as_of).or_default().push(Cause::Actions);
    }
    let state = |d: Day, r: &SubjectResult, causes: Vec<Cause>, clauses: Vec<(Clause, bool)>| State {
        date: d,
        grade: r.grade,
        tier: r.tier,
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
                .map(|c| (*c, now.holds(*c)))
                .collect();
            out.push(state(d, &now, causes.clone(), clauses));
        }
        previous = now;
    }
    let next_change = out.iter().find(|c| c.date > as_of).cloned();
    Timeline {
        subject: s,
        as_of,
        from,
        to,
        start,
        changes: out,
        next_change,
        deadlines: Vec::new(),
        actions: changes.to_vec(),
    }
}
