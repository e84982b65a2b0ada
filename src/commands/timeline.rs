//! `safecredit timeline`: a subject's grade over time, and its next change.

use super::TextFormat;
use super::{AsOfArgs, CmdError, FactsArgs, Session};
use crate::analysis::timeline;
use crate::facts::Day;

/// A subject's grade, tier and inspection interval as a step function of the
/// as-of date, each change with its cause and clauses, ending with the next
/// change if nothing new happens. Computed on the change points of the facts.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  safecredit timeline S025 --as-of 2026-06-30\n  safecredit timeline S025 --from 2024-01-01 --to 2028-12-31 --format json"
)]
pub struct Args {
    /// The subject's id (or its exact name).
    pub subject: String,
    #[command(flatten)]
    pub facts: FactsArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    /// Start of the timeline (default: 3 years before the as-of date).
    #[arg(long, value_name = "DATE", value_parser = super::parse_day)]
    pub from: Option<Day>,
    /// End of the timeline (default: 3 years after the as-of date).
    #[arg(long, value_name = "DATE", value_parser = super::parse_day)]
    pub to: Option<Day>,
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    pub format: TextFormat,
}

pub fn run(args: Args) -> Result<u8, CmdError> {
    let session = Session::open(&args.facts, args.as_of.as_of, 1)?;
    let subject = session.find_subject(&args.subject)?;
    let as_of = session.engine.as_of;
    let from = args.from.unwrap_or_else(|| as_of.minus_years(3));
    let to = args.to.unwrap_or_else(|| crate::rules::horizon(as_of));
    if to < from {
        return Err(CmdError::usage(format!("--to {to} is before --from {from}")));
    }
    let t = timeline::timeline(
        &session.engine.facts,
        &session.engine.index,
        &session.engine.calendar,
        subject,
        as_of,
        from,
        to,
    );
    match args.format {
        TextFormat::Text => print!("{}", crate::report::timeline::text(&session.engine.facts, &t)),
        TextFormat::Json => {
            let mut value = crate::report::timeline::json(&session.engine.facts, &t);
            value["audit"] = serde_json::to_value(session.audit(as_of)).expect("serializable");
            println!("{}", serde_json::to_string_pretty(&value).expect("serializable"));
        }
    }
    Ok(0)
}
