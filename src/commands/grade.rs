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
    let started = std::time::Instant::now();
    let model = session.evaluate(args.as_of.day_for(&args.facts.facts));
    let rules_seconds = started.elapsed().as_secs_f64();
    match args.format {
        TableFormat::Table => print!("{}", ledger::table(&session.facts, &model)),
        TableFormat::Csv => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
            ledger::write_csv(&mut out, &session.facts, &model)
                .and_then(|()| std::io::Write::flush(&mut out))
                .map_err(|e| CmdError::usage(format!("cannot write the ledger: {e}")))?;
        }
        TableFormat::Json => println!("{}", ledger::json(model.as_of, &ledger::rows(&session.facts, &model))),
    }
    let total = session.load_seconds + started.elapsed().as_secs_f64();
    if total > 1.0 {
        eprintln!(
            "graded {} subjects ({} events) in {total:.1} s: load {:.1} s, rules {rules_seconds:.1} s",
            session.facts.subjects.len(),
            session.facts.events.len(),
            session.load_seconds
        );
    }
    Ok(0)
}
