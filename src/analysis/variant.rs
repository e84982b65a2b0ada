//! The actions the bureau knows (repair, commitment, standardization,
//! lifting a listing): their short code (`repair:E017`, the `would_be`
//! relation's) and the clauses each touches (report/whynot.rs says them in
//! words). They are graded by the rules' batched what-if evaluation
//! (`rules::whatif`), which changes the subject's input tuples, not a copy of
//! the facts.

use crate::facts::FactSet;
pub use crate::rules::Change;
use crate::rules::{Clause, Looks};

/// What an action is for scripts, and what it touches.
pub trait ChangeText {
    fn code(self, facts: &FactSet) -> String;
    fn clauses(self, witnessed: &[(Clause, crate::rules::Record)]) -> Vec<Clause>;
}

impl ChangeText for Change {
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
    fn clauses(self, witnessed: &[(Clause, crate::rules::Record)]) -> Vec<Clause> {
        let looking_at = Clause::looking_at;
        match self {
            Change::Repair(e) => {
                let mut ids: Vec<Clause> =
                    witnessed.iter().filter(|(_, r)| *r == crate::rules::Record::Event(e)).map(|(c, _)| *c).collect();
                ids.dedup();
                ids
            }
            Change::Commit => looking_at(Looks::Commitment),
            Change::Standardize => looking_at(Looks::Standardization),
            Change::Lift(_) => looking_at(Looks::Listing),
        }
    }
}
