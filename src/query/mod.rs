//! The query language (查询): Datalog-style conjunctive queries over every
//! input and derived relation, for the REPL and for `safecredit query`.
//! `parse` turns text into a `Query`, `db` holds the relations, `eval`
//! answers. No input or output.

pub mod db;
pub mod eval;
pub mod parse;

pub use db::{Database, RELATIONS};
pub use eval::{Answer, Cell, QueryError, run};
