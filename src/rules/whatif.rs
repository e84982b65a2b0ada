//! What-if grading, batched (假设分析): a question is a subject with some rows
//! changed ([`Change`]), graded as of some day. Many questions are answered at
//! once: those of one day go into the same `conditions` and Art. 14–15 runs, in
//! batches on every core as the ledger's subjects do, each under fresh ids
//! ([`input::Fresh`]) so that one question's changes touch no other. No fact
//! set is copied and no second implementation of the rules exists: the
//! questions are the rules' own input tuples ([`input::feed`]).

use super::art13::conditions as r13;
use super::input::{self, Change, Fresh, Unit};
use super::{FactIndex, SubjectResult, supervise};
use crate::facts::{Day, FactSet, SubjectIx, pool};
use rustc_hash::FxBuildHasher;
use std::collections::BTreeMap;

/// A subject with `changes` made on `made_on` (none: the subject as recorded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    pub subject: SubjectIx,
    pub changes: Vec<Change>,
    pub made_on: Day,
}

impl Variant {
    pub fn as_recorded(subject: SubjectIx) -> Variant {
        Variant { subject, changes: Vec::new(), made_on: Day(0) }
    }
}

/// How many questions go into one run of the programs.
const BATCH: usize = 1024;

/// The results of each question `(variant, day)`, in order.
pub fn grade(facts: &FactSet, index: &FactIndex, asks: &[(&Variant, Day)], threads: usize) -> Vec<SubjectResult> {
    // The questions of one day share a run; a day's questions are cut into batches.
    let mut by_day: BTreeMap<Day, Vec<usize>> = BTreeMap::new();
    for (i, (_, day)) in asks.iter().enumerate() {
        by_day.entry(*day).or_default().push(i);
    }
    let work: Vec<(Day, &[usize])> =
        by_day.iter().flat_map(|(day, asked)| asked.chunks(BATCH).map(move |chunk| (*day, chunk))).collect();
    let mut results: Vec<Option<SubjectResult>> = vec![None; asks.len()];
    pool::ordered(
        work.len(),
        threads,
        || (),
        |w, _| {
            let (day, asked) = work[w];
            let variants: Vec<&Variant> = asked.iter().map(|&i| asks[i].0).collect();
            run(facts, index, day, &variants)
        },
        |w, graded| {
            for (&i, result) in work[w].1.iter().zip(graded) {
                results[i] = Some(result);
            }
        },
    );
    results.into_iter().map(|r| r.expect("every question is answered")).collect()
}

/// One run: `variants` as of `day`, variant `k` named `SubjectIx(k)`.
fn run(facts: &FactSet, index: &FactIndex, day: Day, variants: &[&Variant]) -> Vec<SubjectResult> {
    let mut rt = r13::Crepe::new();
    let units = variants.iter().enumerate().map(|(k, v)| Unit {
        subject: v.subject,
        id: SubjectIx(k as u32),
        changes: &v.changes,
        made_on: v.made_on,
    });
    input::feed(&mut rt, facts, index, day, units, &mut Fresh::new(variants.len()), false);
    let (witness, holds, _, _) = rt.run_with_hasher::<FxBuildHasher>();
    let units: Vec<(SubjectIx, SubjectIx)> =
        variants.iter().enumerate().map(|(k, v)| (v.subject, SubjectIx(k as u32))).collect();
    supervise(facts, index, day, &units, |s| s.0 as usize, &holds, &witness, None)
}
