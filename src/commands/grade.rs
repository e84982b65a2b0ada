//! `safecredit grade`: the grade ledger (信用分级台账), one row per subject.

use super::{AsOfArgs, CmdError, FactsArgs, Session, TableFormat};
use crate::report::ledger;

/// The grade ledger: grade, tier, inspection schedule and measures of every subject.
///
/// The CSV header is fixed: subject,name,category,grade,tier,high_risk,joint_target,
/// last_inspection,next_due,overdue_days,measures. Grades are for internal use only (Art. 14).
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  safecredit grade --facts facts/ --as-of 2026-06-30\n  safecredit grade --format csv > ledger.csv"
)]
pub struct Args {
    #[command(flatten)]
    pub facts: FactsArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
}

pub fn run(args: Args) -> Result<u8, CmdError> {
    let session = Session::open(&args.facts, 1)?;
    let model = session.evaluate(args.as_of.day_for(&args.facts.facts));
    match args.format {
        TableFormat::Table => print!("{}", ledger::table(&session.facts, &model)),
        TableFormat::Csv => print!("{}", ledger::csv(&ledger::rows(&session.facts, &model))),
        TableFormat::Json => println!("{}", ledger::json(model.as_of, &ledger::rows(&session.facts, &model))),
    }
    Ok(0)
}
