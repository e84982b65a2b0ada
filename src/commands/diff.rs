//! `safecredit diff`: who changed grade between two dates or two snapshots.

use super::{AsOfArgs, CmdError, FactsArgs, Session, TableFormat};
use crate::analysis::diff;
use crate::facts::Day;
use std::path::PathBuf;

/// List every subject whose grade, tier, joint-target status or overdue state
/// differs between two as-of dates (--as-of D1 --vs D2) or two fact folders at
/// one date (--facts DIR1 --vs-facts DIR2), with the clauses that changed and
/// the count of each grade transition. With --interpret FILE: between the
/// shipped rules and another reading of some clauses, written as rules that
/// define `interpret(Clause, Subject)` (docs/queries.md). Exit 0, or 1 with
/// --fail-if-any when anything changed.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  safecredit diff --as-of 2026-03-31 --vs 2026-06-30\n  safecredit diff --facts snapshots/q1 --vs-facts snapshots/q2 --as-of 2026-06-30 --format csv\n  safecredit diff --interpret queries/readings/d2-three-years.dl --as-of 2026-06-30"
)]
pub struct Args {
    #[command(flatten)]
    pub facts: FactsArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    /// The second as-of date (same facts).
    #[arg(long, value_name = "DATE", value_parser = super::parse_day, conflicts_with_all = ["vs_facts", "interpret"], required_unless_present_any = ["vs_facts", "interpret"])]
    pub vs: Option<Day>,
    /// The second facts folder (same as-of date).
    #[arg(long, value_name = "DIR", conflicts_with = "interpret")]
    pub vs_facts: Option<PathBuf>,
    /// Another reading of some clauses: a rules file defining interpret(Clause, Subject).
    #[arg(long, value_name = "FILE")]
    pub interpret: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
    /// Exit 1 when anything changed.
    #[arg(long)]
    pub fail_if_any: bool,
}

pub fn run(args: Args) -> Result<u8, CmdError> {
    let first = Session::open(&args.facts, args.as_of.as_of, 1)?;
    let as_of = first.engine.as_of;
    let before = first.evaluate();
    if let Some(file) = &args.interpret {
        let text = std::fs::read_to_string(file)
            .map_err(|e| CmdError::usage(format!("cannot read {}: {e}", file.display())))?;
        let db = crate::query::Database::new(
            first.engine.facts.clone(),
            first.engine.index.clone(),
            before,
            args.facts.show_personal,
        );
        let d = first.interpret(&db, &text, &file.display().to_string()).map_err(|e| {
            eprint!("{}", crate::report::answer::error(&e.text, &e.error));
            CmdError::usage(format!("{} is not a valid reading; nothing was compared", file.display()))
        })?;
        print!("{}", render(&d, args.format, || serde_json::json!({ "facts": first.audit(as_of) })));
        return Ok(if args.fail_if_any && !d.changed.is_empty() { 1 } else { 0 });
    }
    let (second, after_as_of) = match (&args.vs, &args.vs_facts) {
        (Some(d), _) => (None, *d),
        (None, Some(dir)) => {
            (Some(Session::open(&FactsArgs { facts: dir.clone(), ..args.facts.clone() }, Some(as_of), 1)?), as_of)
        }
        (None, None) => return Err(CmdError::usage("give --vs DATE or --vs-facts DIR")),
    };
    let other = second.as_ref().unwrap_or(&first);
    let after = other.evaluate_at(after_as_of);
    let label = |s: &Session, d: Day| format!("{} as of {d}", s.dir.display());
    let d = diff::diff(
        (&first.engine.facts, &before, label(&first, as_of)),
        (&other.engine.facts, &after, label(other, after_as_of)),
    );
    let audit = || serde_json::json!({ "before": first.audit(as_of), "after": other.audit(after_as_of) });
    print!("{}", render(&d, args.format, audit));
    Ok(if args.fail_if_any && !d.changed.is_empty() { 1 } else { 0 })
}

/// The diff as text, CSV, or JSON with its audit trail.
fn render(d: &diff::Diff, format: TableFormat, audit: impl FnOnce() -> serde_json::Value) -> String {
    match format {
        TableFormat::Table => crate::report::diff::text(d),
        TableFormat::Csv => crate::report::diff::csv(d),
        TableFormat::Json => {
            let mut value = serde_json::to_value(d).expect("serializable");
            value["audit"] = audit();
            serde_json::to_string_pretty(&value).expect("serializable") + "\n"
        }
    }
}
