//! Per-subject, per-person and per-event indexes over a [`FactSet`], built
//! once per load, so that a batch of subjects finds its records without a
//! scan. Compressed-sparse-row layout: two flat arrays per index.

use crate::facts::{EventIx, FactSet, PersonIx, SubjectIx};

/// Rows grouped by a key: `values[starts[k]..starts[k+1]]` are key k's.
#[derive(Clone, Debug, Default)]
struct Groups {
    starts: Vec<u32>,
    values: Vec<u32>,
}

impl Groups {
    fn build(keys: usize, pairs: impl Iterator<Item = (u32, u32)> + Clone) -> Groups {
        let mut starts = vec![0u32; keys + 1];
        for (k, _) in pairs.clone() {
            starts[k as usize + 1] += 1;
        }
        for i in 0..keys {
            starts[i + 1] += starts[i];
        }
        let mut fill = starts.clone();
        let mut values = vec![0u32; starts[keys] as usize];
        for (k, v) in pairs {
            values[fill[k as usize] as usize] = v;
            fill[k as usize] += 1;
        }
        Groups { starts, values }
    }

    fn get(&self, key: u32) -> &[u32] {
        let k = key as usize;
        &self.values[self.starts[k] as usize..self.starts[k + 1] as usize]
    }
}

/// Rows grouped by a key of which few have any: sorted (key, row) pairs, so
/// that no slot is kept for the many keys without rows.
#[derive(Clone, Debug, Default)]
struct SparseGroups {
    pairs: Vec<(u32, u32)>,
}

impl SparseGroups {
    fn build(pairs: impl Iterator<Item = (u32, u32)>) -> SparseGroups {
        let mut pairs: Vec<(u32, u32)> = pairs.collect();
        pairs.sort_unstable();
        SparseGroups { pairs }
    }

    fn get(&self, key: u32) -> impl Iterator<Item = u32> + '_ {
        let start = self.pairs.partition_point(|&(k, _)| k < key);
        self.pairs[start..].iter().take_while(move |&&(k, _)| k == key).map(|&(_, v)| v)
    }
}

#[derive(Clone, Debug, Default)]
pub struct FactIndex {
    events_by_subject: Groups,
    events_by_person: Groups,
    roles_by_subject: Groups,
    standardization_by_subject: Groups,
    listings_by_subject: Groups,
    inspections_by_subject: Groups,
    /// Few events have objections: one slot per event would cost more than the objections.
    objections_by_event: SparseGroups,
}

impl FactIndex {
    pub fn build(facts: &FactSet) -> FactIndex {
        let subjects = facts.subjects.len();
        let numbered = |n: usize| 0..n as u32;
        // The two event indexes are most of the work: they are built side by side.
        let (events_by_subject, events_by_person) = rayon::join(
            || Groups::build(subjects, numbered(facts.events.len()).map(|e| (facts.events[e as usize].subject.0, e))),
            || {
                Groups::build(
                    facts.persons.len(),
                    numbered(facts.events.len()).filter_map(|e| facts.events[e as usize].person().map(|p| (p.0, e))),
                )
            },
        );
        FactIndex {
            events_by_subject,
            events_by_person,
            roles_by_subject: Groups::build(
                subjects,
                numbered(facts.roles.len()).map(|r| (facts.roles[r as usize].subject.0, r)),
            ),
            standardization_by_subject: Groups::build(
                subjects,
                numbered(facts.standardization.len()).map(|r| (facts.standardization[r as usize].subject.0, r)),
            ),
            listings_by_subject: Groups::build(
                subjects,
                numbered(facts.listings.len()).map(|r| (facts.listings[r as usize].subject.0, r)),
            ),
            inspections_by_subject: Groups::build(
                subjects,
                numbered(facts.inspections.len()).map(|r| (facts.inspections[r as usize].subject.0, r)),
            ),
            objections_by_event: SparseGroups::build(
                numbered(facts.objections.len()).map(|o| (facts.objections[o as usize].event.0, o)),
            ),
        }
    }

    pub fn events_of(&self, s: SubjectIx) -> &[u32] {
        self.events_by_subject.get(s.0)
    }
    pub fn events_of_person(&self, p: PersonIx) -> &[u32] {
        self.events_by_person.get(p.0)
    }
    pub fn roles_of(&self, s: SubjectIx) -> &[u32] {
        self.roles_by_subject.get(s.0)
    }
    pub fn standardization_of(&self, s: SubjectIx) -> &[u32] {
        self.standardization_by_subject.get(s.0)
    }
    pub fn listings_of(&self, s: SubjectIx) -> &[u32] {
        self.listings_by_subject.get(s.0)
    }
    pub fn inspections_of(&self, s: SubjectIx) -> &[u32] {
        self.inspections_by_subject.get(s.0)
    }
    /// The objections against event `e`, in file order.
    pub fn objections_against(&self, e: EventIx) -> impl Iterator<Item = u32> + '_ {
        self.objections_by_event.get(e.0)
    }

    /// The events that can concern subject `s`: its own, and those of everyone
    /// holding a role there (the rules decide which of them count). Sorted.
    pub fn events_concerning(&self, facts: &FactSet, s: SubjectIx) -> Vec<u32> {
        let mut events = self.events_of(s).to_vec();
        for &r in self.roles_of(s) {
            events.extend_from_slice(self.events_of_person(facts.roles[r as usize].person));
        }
        events.sort_unstable();
        events.dedup();
        events
    }
}
