//! Why not (差距分析): the smallest sets of real actions — repairing or
//! voiding a record, making the commitment, obtaining standardization,
//! lifting a listing — that would give a subject a grade or better (A > B >
//! C > D) on the same as-of date: "why not B" asks how to reach B or better.
//! Every candidate is graded by the real rules, batched (`rules::whatif`).

use super::timeline;
use super::variant::{Change, ChangeText};
use crate::facts::{Day, FactSet, Kind, SubjectIx};
use crate::rules::whatif::{self, Variant};
use crate::rules::{Clause, FactIndex, Grade, Model, Record, SubjectResult};

/// The largest number of candidate actions searched exhaustively.
const MAX_CANDIDATES: usize = 12;

#[derive(Debug, Clone)]
pub struct Step {
    pub change: Change,
    /// The clauses it affects.
    pub clauses: Vec<Clause>,
}

#[derive(Debug, Clone)]
pub struct Answer {
    pub steps: Vec<Step>,
    pub grade: Grade,
}

/// Why no set of actions gives the target now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoAnswer {
    /// The subject has the target grade or a better one already.
    Already,
    /// The target is worse than the grade: actions cannot make a grade worse.
    CannotWorsen,
    /// No action the bureau knows changes the subject's record.
    NoActions,
    /// All of the actions (this many) give only this grade.
    NotEnough(usize, Grade),
}

#[derive(Debug)]
pub struct WhyNot {
    pub subject: SubjectIx,
    pub as_of: Day,
    pub grade: Grade,
    pub target: Grade,
    /// Minimal sets of actions that give the target grade or better, fewest first,
    /// each with the grade it gives.
    pub answers: Vec<Answer>,
    /// Why there is no answer, when there is none.
    pub none_because: Option<NoAnswer>,
    /// When time does not give the target either: the end of the time searched.
    pub not_before: Option<Day>,
    /// When no action helps now: the first date on which the target grade is
    /// reachable (with every action taken), and why.
    pub earliest: Option<Earliest>,
}

#[derive(Debug, Clone)]
pub struct Earliest {
    pub date: Day,
    /// What happens on that date (with `actions` taken on the as-of date)…
    pub causes: Vec<timeline::Cause>,
    pub actions: Vec<Change>,
    /// … and the actions left out to reach the target rather than overshoot it.
    pub without: Vec<Change>,
}

/// The actions that could change the subject's record on the as-of date.
pub fn candidates(facts: &FactSet, model: &Model, s: SubjectIx) -> Vec<Change> {
    let r = model.subject(s);
    let mut out = Vec::new();
    if !r.holds(Clause::A1) {
        out.push(Change::Commit);
    }
    if !r.holds(Clause::A5) {
        out.push(Change::Standardize);
    }
    for &(_, clause, record) in model.witnesses_of(s) {
        let change = match record {
            // Accidents are facts of the past: they leave the windows only with time.
            Record::Event(e) if facts.event(e).kind != Kind::Accident && clause != Clause::DJoint => Change::Repair(e),
            Record::Listing(n) => Change::Lift(n),
            _ => continue,
        };
        if !out.contains(&change) {
            out.push(change);
        }
    }
    out
}

/// Grades `s` with each list of changes made on `as_of`, as of `as_of`.
pub fn grade_variants(
    facts: &FactSet,
    index: &FactIndex,
    s: SubjectIx,
    variants: &[Vec<Change>],
    as_of: Day,
) -> Vec<SubjectResult> {
    let variants: Vec<Variant> =
        variants.iter().map(|changes| Variant { subject: s, changes: changes.clone(), made_on: as_of }).collect();
    let asks: Vec<(&Variant, Day)> = variants.iter().map(|v| (v, as_of)).collect();
    whatif::grade(facts, index, &asks, 1)
}

/// For every subject, each single action that would change its grade on the
/// as-of date, with the grade it gives: all subjects in one batched evaluation.
pub fn would_be(
    facts: &FactSet,
    index: &FactIndex,
    model: &Model,
    threads: usize,
) -> Vec<(SubjectIx, Change, crate::rules::Grade)> {
    let as_of = model.as_of;
    let variants: Vec<Variant> = (0..facts.subjects.len() as u32)
        .map(SubjectIx)
        .flat_map(|s| candidates(facts, model, s).into_iter().map(move |c| (s, c)))
        .map(|(s, c)| Variant { subject: s, changes: vec![c], made_on: as_of })
        .collect();
    let asks: Vec<(&Variant, Day)> = variants.iter().map(|v| (v, as_of)).collect();
    let graded = whatif::grade(facts, index, &asks, threads);
    variants
        .iter()
        .zip(graded)
        .filter(|(v, r)| r.grade != model.subject(v.subject).grade)
        .map(|(v, r)| (v.subject, v.changes[0], r.grade))
        .collect()
}

pub fn why_not(facts: &FactSet, index: &FactIndex, model: &Model, s: SubjectIx, target: Grade) -> WhyNot {
    let r = model.subject(s);
    let mut result = WhyNot {
        subject: s,
        as_of: model.as_of,
        grade: r.grade,
        target,
        answers: Vec::new(),
        none_because: None,
        not_before: None,
        earliest: None,
    };
    if r.grade.at_least(target) {
        result.none_because = Some(NoAnswer::Already);
        return result;
    }
    let mut all = candidates(facts, model, s);
    all.truncate(MAX_CANDIDATES);
    let witnessed: Vec<(Clause, Record)> = model.witnesses_of(s).iter().map(|&(_, c, rec)| (c, rec)).collect();
    let step = |c: Change| Step { change: c, clauses: c.clauses(&witnessed) };
    // Subsets by size; a superset of an answer is not minimal.
    let mut found: Vec<u32> = Vec::new();
    for size in 1..=all.len() {
        let masks: Vec<u32> = (1u32..(1 << all.len()))
            .filter(|m| m.count_ones() as usize == size && !found.iter().any(|f| m & f == *f))
            .collect();
        if masks.is_empty() {
            continue;
        }
        let variants: Vec<Vec<Change>> = masks
            .iter()
            .map(|m| all.iter().enumerate().filter(|(i, _)| m & (1 << i) != 0).map(|(_, c)| *c).collect())
            .collect();
        let graded = grade_variants(facts, index, s, &variants, model.as_of);
        for ((mask, changes), g) in masks.iter().zip(&variants).zip(graded) {
            if g.grade.at_least(target) {
                found.push(*mask);
                result.answers.push(Answer { steps: changes.iter().map(|c| step(*c)).collect(), grade: g.grade });
            }
        }
    }
    if result.answers.is_empty() {
        let better = matches!(
            (r.grade, target),
            (Grade::D, _) | (Grade::C, Grade::A | Grade::B) | (Grade::B, Grade::A) | (Grade::Unrated, _)
        );
        let reached = if all.is_empty() {
            r.grade
        } else {
            grade_variants(facts, index, s, &[all.clone()], model.as_of)[0].grade
        };
        result.none_because = Some(if !better {
            NoAnswer::CannotWorsen
        } else if all.is_empty() {
            NoAnswer::NoActions
        } else {
            NoAnswer::NotEnough(all.len(), reached)
        });
        if better {
            // With every action taken (and standardization kept valid), when does time —
            // records leaving their windows — give the target?
            let mut forward = all.clone();
            for c in [Change::Commit, Change::Standardize] {
                if !forward.contains(&c) {
                    forward.push(c);
                }
            }
            let until = crate::rules::horizon(model.as_of);
            // Every action, and every action but one (taking all can overshoot the
            // target, e.g. reach A when B is asked): the earliest date any gives it.
            let mut sets = vec![forward.clone()];
            for skip in 0..forward.len() {
                sets.push(forward.iter().enumerate().filter(|(i, _)| *i != skip).map(|(_, c)| *c).collect());
            }
            let earliest = sets
                .iter()
                .filter_map(|set| {
                    let t = timeline::timeline_with(facts, index, s, set, model.as_of, model.as_of, until);
                    t.changes.into_iter().find(|c| c.grade.at_least(target)).map(|c| (c, set.clone()))
                })
                .min_by(|(a, _), (b, _)| a.date.cmp(&b.date));
            match earliest {
                Some((change, set)) => {
                    let without = forward.iter().filter(|c| !set.contains(c)).copied().collect();
                    result.earliest = Some(Earliest { date: change.date, causes: change.causes, actions: set, without })
                }
                None => result.not_before = Some(until),
            }
        }
    }
    result
}
