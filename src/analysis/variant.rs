//! What-if copies of one subject (假设分析): the subject's own rows and those
//! of the people holding roles there, copied under fresh ids and changed by
//! the actions the bureau knows (repair, commitment, standardization,
//! lifting a listing). Many copies go into one small fact set, which the real
//! rules then grade: the rules join only within a subject and its people,
//! so a copy grades exactly as the original would with the same changes.

use crate::facts::{Day, EventIx, FactSet, Interner, Listing, PersonIx, Standardization, Subject, SubjectIx, Sym};
use crate::rules::{Clause, FactIndex, Looks};
use rustc_hash::FxHashMap;

/// An action that changes a subject's record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Change {
    /// Credit repair (信用修复) of a record, or voiding it by an upheld objection (异议成立), on the as-of date.
    Repair(EventIx),
    /// A public safety commitment (公开承诺) made on the as-of date.
    Commit,
    /// Level-3 safety standardization (安全生产标准化) obtained on the as-of date.
    Standardize,
    /// A joint-punishment listing lifted on the as-of date (by its row in joint_punishments.csv).
    Lift(u32),
}

impl Change {
    /// The change in words.
    pub fn describe(self, facts: &FactSet) -> String {
        match self {
            Change::Repair(e) => {
                let event = facts.event(e);
                format!("repair or void {} ({} {})", facts.event_id(e), event.kind.code(), event.date)
            }
            Change::Commit => "make the public safety commitment".to_string(),
            Change::Standardize => "obtain level-3 safety standardization".to_string(),
            Change::Lift(n) => {
                let l = &facts.listings[n as usize];
                format!("have the listing by {} (since {}) lifted", facts.str(l.sector), l.listed_on)
            }
        }
    }

    /// A short machine-readable form, e.g. `repair:E017`.
    pub fn code(self, facts: &FactSet) -> String {
        match self {
            Change::Repair(e) => format!("repair:{}", facts.event_id(e)),
            Change::Commit => "commit".to_string(),
            Change::Standardize => "standardize".to_string(),
            Change::Lift(n) => format!("lift:joint_punishments.csv:{}", facts.listings[n as usize].line),
        }
    }

    /// The clauses the change can affect.
    pub fn clauses(self, witnessed: &[(Clause, crate::rules::Record)]) -> Vec<&'static str> {
        let looking_at = |kind| Clause::looking_at(kind).into_iter().map(Clause::id).collect();
        match self {
            Change::Repair(e) => {
                let mut ids: Vec<&'static str> = witnessed
                    .iter()
                    .filter(|(_, r)| *r == crate::rules::Record::Event(e))
                    .map(|(c, _)| c.id())
                    .collect();
                ids.dedup();
                ids
            }
            Change::Commit => looking_at(Looks::Commitment),
            Change::Standardize => looking_at(Looks::Standardization),
            Change::Lift(_) => looking_at(Looks::Listing),
        }
    }
}

/// A fact set of copies of `subject`, one per list of changes; returns the
/// copies' indexes in the new fact set, in order.
pub fn copies(
    facts: &FactSet,
    index: &FactIndex,
    subject: SubjectIx,
    variants: &[Vec<Change>],
    as_of: Day,
) -> (FactSet, Vec<SubjectIx>) {
    let mut out = FactSet::default();
    let mut ids = Vec::new();
    for (k, changes) in variants.iter().enumerate() {
        let mut copy = Copier {
            from: facts,
            to: &mut out,
            suffix: format!("#{k}"),
            subjects: FxHashMap::default(),
            persons: FxHashMap::default(),
            events: FxHashMap::default(),
        };
        let s = copy.subject(subject);
        if changes.contains(&Change::Commit) {
            copy.to.subjects[s.0 as usize].committed_on = Some(as_of);
        }
        for &r in index.roles_of(subject) {
            let role = &facts.roles[r as usize];
            let p = copy.person(role.person);
            copy.to.roles.push(crate::facts::RoleRow { subject: s, person: p, role: role.role, line: role.line });
        }
        for e in index.events_concerning(facts, subject) {
            let new = copy.event(EventIx(e));
            if changes.contains(&Change::Repair(EventIx(e))) {
                let row = &mut copy.to.events[new.0 as usize];
                row.set_repaired_on(Some(row.repaired_on().map_or(as_of, |d| d.min(as_of))));
            }
            for o in index.objections_against(EventIx(e)) {
                copy.objection(o as usize, new);
            }
        }
        for &n in index.standardization_of(subject) {
            let row = &facts.standardization[n as usize];
            copy.to.standardization.push(Standardization { subject: s, ..row.clone() });
        }
        if changes.contains(&Change::Standardize) {
            copy.to.standardization.push(Standardization {
                subject: s,
                level: crate::facts::Level::Three,
                awarded_on: as_of,
                expires_on: None,
                line: 0,
            });
        }
        for &n in index.listings_of(subject) {
            let row = &facts.listings[n as usize];
            let lifted_on = if changes.contains(&Change::Lift(n)) {
                Some(row.lifted_on.map_or(as_of, |d| d.min(as_of)))
            } else {
                row.lifted_on
            };
            let sector = copy.text(row.sector);
            copy.to.listings.push(Listing { subject: s, sector, lifted_on, ..row.clone() });
        }
        for &i in index.inspections_of(subject) {
            let row = &facts.inspections[i as usize];
            let id = format!("{}{}", facts.inspection_id(i as usize), copy.suffix);
            copy.to.inspection_ids.intern(&id);
            let inspector = copy.text(row.inspector);
            copy.to.inspections.push(crate::facts::Inspection { subject: s, inspector, ..row.clone() });
        }
        ids.push(s);
    }
    (out, ids)
}

struct Copier<'a> {
    from: &'a FactSet,
    to: &'a mut FactSet,
    suffix: String,
    subjects: FxHashMap<SubjectIx, SubjectIx>,
    persons: FxHashMap<PersonIx, PersonIx>,
    events: FxHashMap<EventIx, EventIx>,
}

impl Copier<'_> {
    fn text(&mut self, sym: Sym) -> Sym {
        self.to.text.intern(self.from.text.resolve(sym))
    }

    fn fresh(ids: &mut Interner, id: &str) -> u32 {
        let sym = ids.intern(id);
        debug_assert_eq!(sym.0 as usize + 1, ids.len(), "a fresh id");
        sym.0
    }

    fn subject(&mut self, s: SubjectIx) -> SubjectIx {
        if let Some(&new) = self.subjects.get(&s) {
            return new;
        }
        let row = self.from.subject(s);
        let id = format!("{}{}", self.from.subject_id(s), self.suffix);
        let new = SubjectIx(Self::fresh(&mut self.to.subject_ids, &id));
        let (name, uscc, address) = (self.text(row.name), self.text(row.uscc), self.text(row.address));
        self.to.subjects.push(Subject { name, uscc, address, ..row.clone() });
        self.subjects.insert(s, new);
        new
    }

    fn person(&mut self, p: PersonIx) -> PersonIx {
        if let Some(&new) = self.persons.get(&p) {
            return new;
        }
        let row = &self.from.persons[p.0 as usize];
        let id = format!("{}{}", self.from.person_id(p), self.suffix);
        let new = PersonIx(Self::fresh(&mut self.to.person_ids, &id));
        let (name, id_number, phone) = (self.text(row.name), self.text(row.id_number), self.text(row.phone));
        self.to.persons.push(crate::facts::Person { name, id_number, phone, line: row.line });
        self.persons.insert(p, new);
        new
    }

    fn event(&mut self, e: EventIx) -> EventIx {
        if let Some(&new) = self.events.get(&e) {
            return new;
        }
        let row = self.from.event(e).clone();
        let subject = self.subject(row.subject);
        let person = row.person().map(|p| self.person(p));
        let id = format!("{}{}", self.from.event_id(e), self.suffix);
        let new = EventIx(Self::fresh(&mut self.to.event_ids, &id));
        let authority = self.text(row.authority);
        let mut event = row;
        (event.subject, event.authority) = (subject, authority);
        event.set_person(person);
        self.to.events.push(event);
        self.events.insert(e, new);
        new
    }

    fn objection(&mut self, o: usize, event: EventIx) {
        let row = self.from.objections[o].clone();
        let subject = self.subject(row.subject);
        let id = format!("{}{}", self.from.objection_id(o), self.suffix);
        Self::fresh(&mut self.to.objection_ids, &id);
        let (collector, investigator) = (self.text(row.collector), self.text(row.investigator));
        self.to.objections.push(crate::facts::Objection { subject, event, collector, investigator, ..row });
    }
}
