//! safecredit: safety-production credit grading (安全生产信用分类分级) for
//! the Kundulun District measures of 2024, as Datalog rules over the
//! bureau's fact files. See ARCHITECTURE.md for the map of this crate.

pub mod analysis;
pub mod bench;
pub mod commands;
pub mod engine;
pub mod facts;
pub mod query;
pub mod report;
pub mod rules;
pub mod session;
pub mod shell;
pub mod synth;
pub mod verify;
