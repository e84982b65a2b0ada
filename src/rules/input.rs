//! The rules' input tuples (输入事实): what the Art. 13 `conditions` program is
//! given for one unit — a subject as recorded, or a what-if variant of it with
//! some rows changed. The ledger, the explanations, the `counting` relation
//! and every what-if question go through [`feed`], so the rules see one
//! translation of the facts.
//!
//! How rows are named in the program is the caller's choice ([`Names`]): as
//! recorded (subjects of a ledger batch share the records of shared people), or
//! under fresh ids, so that many variants of one subject — each its own copy of
//! the subject's records and people — are graded in one run.

use super::art13::conditions as r13;
use super::index::FactIndex;
use crate::facts::codes::Kind;
use crate::facts::{Day, EventIx, FactSet, Level, PersonIx, SubjectIx};
use rustc_hash::{FxHashMap, FxHashSet};

/// An action that changes a subject's record, made on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Change {
    /// Credit repair (信用修复) of a record, or voiding it by an upheld objection (异议成立).
    Repair(EventIx),
    /// A public safety commitment (公开承诺).
    Commit,
    /// Level-3 safety standardization (安全生产标准化) obtained.
    Standardize,
    /// A joint-punishment listing lifted (by its row in joint_punishments.csv).
    Lift(u32),
}

/// One thing to grade: subject `subject` (as recorded, with `changes` made on
/// `made_on`), named `id` in the program.
#[derive(Clone, Copy, Debug)]
pub struct Unit<'c> {
    pub subject: SubjectIx,
    pub id: SubjectIx,
    pub changes: &'c [Change],
    pub made_on: Day,
}

impl Unit<'_> {
    /// The subject as recorded, under its own id.
    pub fn as_recorded(subject: SubjectIx) -> Unit<'static> {
        Unit { subject, id: subject, changes: &[], made_on: Day(0) }
    }
}

/// How a unit's rows are named in the program.
pub trait Names {
    /// A new unit begins.
    fn start_unit(&mut self);
    /// The id of another subject whose record concerns the unit (through a person).
    fn other_subject(&mut self, s: SubjectIx) -> SubjectIx;
    fn person(&mut self, p: PersonIx) -> PersonIx;
    /// The event's id in the program; `None` when the program has it already.
    fn event(&mut self, e: EventIx) -> Option<EventIx>;
}

/// Rows under their own ids: a record shared by subjects of a batch goes in once.
#[derive(Default)]
pub struct AsRecorded {
    given: FxHashSet<EventIx>,
}

impl Names for AsRecorded {
    fn start_unit(&mut self) {}
    fn other_subject(&mut self, s: SubjectIx) -> SubjectIx {
        s
    }
    fn person(&mut self, p: PersonIx) -> PersonIx {
        p
    }
    fn event(&mut self, e: EventIx) -> Option<EventIx> {
        self.given.insert(e).then_some(e)
    }
}

/// Fresh ids for every unit's rows: each variant has its own copy of its
/// subject's records and people, so that its changes touch no other variant.
/// Units must be named `0..units` ([`Unit::id`]); other subjects come after.
pub struct Fresh {
    next_subject: u32,
    next_person: u32,
    next_event: u32,
    persons: FxHashMap<PersonIx, PersonIx>,
    others: FxHashMap<SubjectIx, SubjectIx>,
}

impl Fresh {
    pub fn new(units: usize) -> Fresh {
        Fresh {
            next_subject: units as u32,
            next_person: 0,
            next_event: 0,
            persons: FxHashMap::default(),
            others: FxHashMap::default(),
        }
    }
}

impl Names for Fresh {
    fn start_unit(&mut self) {
        self.persons.clear();
        self.others.clear();
    }
    fn other_subject(&mut self, s: SubjectIx) -> SubjectIx {
        let next = &mut self.next_subject;
        *self.others.entry(s).or_insert_with(|| {
            *next += 1;
            SubjectIx(*next - 1)
        })
    }
    fn person(&mut self, p: PersonIx) -> PersonIx {
        let next = &mut self.next_person;
        *self.persons.entry(p).or_insert_with(|| {
            *next += 1;
            PersonIx(*next - 1)
        })
    }
    fn event(&mut self, _: EventIx) -> Option<EventIx> {
        self.next_event += 1;
        Some(EventIx(self.next_event - 1))
    }
}

/// Gives the `conditions` program the facts of `units` as of `as_of`: every
/// record of theirs (`all`, for explanations), or only those that can still count.
pub fn feed<'c>(
    rt: &mut r13::Crepe,
    facts: &FactSet,
    index: &FactIndex,
    as_of: Day,
    units: impl IntoIterator<Item = Unit<'c>>,
    names: &mut impl Names,
    all: bool,
) {
    rt.extend([r13::AsOf(as_of)]);
    // Only records that can still count go in: a record dated after the as-of date does not exist
    // yet, and the rules' longest window is 3 years (`Live`, which still decides). The bound here is
    // a week looser than that window, so it can only leave out records no rule can use; it keeps
    // crepe's tables small (most of a subject's ten years of records are older).
    let (oldest, newest) = (as_of.minus_years(3).plus_days(-7), as_of);
    let can_count = |e: u32| all || (oldest..=newest).contains(&facts.events[e as usize].date);
    let mut events: Vec<u32> = Vec::new();
    for unit in units {
        names.start_unit();
        let (s, id) = (unit.subject, unit.id);
        let changed = |c: Change| unit.changes.contains(&c);
        rt.extend([r13::Subject(id)]);
        let committed = if changed(Change::Commit) { Some(unit.made_on) } else { facts.subject(s).committed_on };
        if let Some(d) = committed {
            rt.extend([r13::Commitment(id, d)]);
        }
        for &r in index.roles_of(s) {
            let role = &facts.roles[r as usize];
            rt.extend([r13::HoldsRole(id, names.person(role.person), role.role)]);
        }
        events.clear();
        events.extend(index.events_of(s).iter().copied().filter(|&e| can_count(e)));
        for &r in index.roles_of(s) {
            let person = facts.roles[r as usize].person;
            events.extend(index.events_of_person(person).iter().copied().filter(|&e| can_count(e)));
        }
        events.sort_unstable();
        events.dedup();
        for &e in &events {
            let original = EventIx(e);
            let Some(ix) = names.event(original) else { continue };
            let event = &facts.events[e as usize];
            let at = if event.subject == s { id } else { names.other_subject(event.subject) };
            rt.extend([r13::Event(ix, at, event.date, event.kind)]);
            if let Some(p) = event.person() {
                rt.extend([r13::EventPerson(ix, names.person(p))]);
            }
            if let Some(a) = event.accident() {
                rt.extend([r13::Accident(ix, a.level, a.deaths, a.liable, a.typical)]);
            }
            if event.kind == Kind::Penalty && event.emergency_management() {
                rt.extend([r13::EmergencyPenalty(ix)]);
            }
            let repaired = match changed(Change::Repair(original)) {
                true => Some(event.repaired_on().map_or(unit.made_on, |d| d.min(unit.made_on))),
                false => event.repaired_on(),
            };
            if let Some(d) = repaired {
                rt.extend([r13::Repair(ix, d)]);
            }
            for o in index.objections_against(original) {
                if let Some(replied) = facts.objections[o as usize].upheld_on() {
                    rt.extend([r13::Upheld(ix, o, replied)]);
                }
            }
        }
        for &n in index.standardization_of(s) {
            let row = &facts.standardization[n as usize];
            rt.extend([r13::Standardization(n, id, row.level, row.awarded_on, row.expires_on)]);
        }
        if changed(Change::Standardize) {
            // A record no row has: numbered after the file's rows.
            let n = facts.standardization.len() as u32;
            rt.extend([r13::Standardization(n, id, Level::Three, unit.made_on, None)]);
        }
        for &n in index.listings_of(s) {
            let row = &facts.listings[n as usize];
            let lifted = match changed(Change::Lift(n)) {
                true => Some(row.lifted_on.map_or(unit.made_on, |d| d.min(unit.made_on))),
                false => row.lifted_on,
            };
            rt.extend([r13::Listing(n, id, row.listed_on, lifted)]);
        }
    }
}
