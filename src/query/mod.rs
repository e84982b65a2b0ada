//! The query language (查询): Datalog over every input and derived relation,
//! for the REPL and for `safecredit query`: queries with aggregates, and
//! rules of one's own, recursive and stratified. `parse` turns text into a
//! `Statement`, `db` holds the relations, `eval` answers a body, `program`
//! evaluates rules to a fixpoint. No input or output.

mod answer;
pub mod db;
pub mod eval;
mod func;
pub mod parse;
pub mod program;

pub use db::{Database, RELATIONS};
pub use eval::{Answer, Cell, Outcome, QueryError, run, statements};
