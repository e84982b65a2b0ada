//! `safecredit explain`: why a subject has its grade, clause by clause.

use super::{AsOfArgs, CmdError, FactsArgs, Session};
use crate::report::explain;
use clap::ValueEnum;

/// Explain a subject's grade: every Art. 13 clause that holds or fails, in the
/// regulation's words, with its evidence records (file:line), and the precedence
/// step that chose the grade.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  safecredit explain S022 --as-of 2026-06-30\n  safecredit explain S022 --format json > S022-audit.json"
)]
pub struct Args {
    /// The subject's id (or its exact name).
    pub subject: String,
    #[command(flatten)]
    pub facts: FactsArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[arg(long, value_enum, default_value_t = ExplainFormat::Text)]
    pub format: ExplainFormat,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum ExplainFormat {
    Text,
    Json,
}

pub fn run(args: Args) -> Result<u8, CmdError> {
    let session = Session::open(&args.facts, 1)?;
    let subject = session.find_subject(&args.subject)?;
    let model = session.evaluate(args.as_of.day_for(&args.facts.facts));
    let explanation = explain::explain(&session.facts, &model, subject);
    match args.format {
        ExplainFormat::Text => print!("{}", explain::text(&explanation)),
        ExplainFormat::Json => println!("{}", serde_json::to_string_pretty(&explanation).expect("serializable")),
    }
    Ok(0)
}
