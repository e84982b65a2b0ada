//! The actions the bureau knows (repair, commitment, standardization,
//! lifting a listing), said in words and in a short code, and the clauses each
//! touches. They are graded by the rules' batched what-if evaluation
//! (`rules::whatif`), which changes the subject's input tuples, not a copy of
//! the facts.

use crate::facts::FactSet;
pub use crate::rules::Change;
use crate::rules::{Clause, Looks};

/// What an action is, for people and for scripts.
pub trait ChangeText {
    fn describe(self, facts: &FactSet) -> String;
    fn code(self, facts: &FactSet) -> String;
    fn clauses(self, witnessed: &[(Clause, crate::rules::Record)]) -> Vec<&'static str>;
}

impl ChangeText for Change {
    /// The change in words.
    fn describe(self, facts: &FactSet) -> String {
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
    fn code(self, facts: &FactSet) -> String {
        match self {
            Change::Repair(e) => format!("repair:{}", facts.event_id(e)),
            Change::Commit => "commit".to_string(),
            Change::Standardize => "standardize".to_string(),
            Change::Lift(n) => format!("lift:joint_punishments.csv:{}", facts.listings[n as usize].line),
        }
    }

    /// The clauses the change can affect.
    fn clauses(self, witnessed: &[(Clause, crate::rules::Record)]) -> Vec<&'static str> {
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
