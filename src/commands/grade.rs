//! `safecredit grade`: the grade ledger (信用分级台账), one row per subject.

use super::{AsOfArgs, CmdError, FactsArgs, LedgerFormat, OutputArgs, Session};
use crate::report::{ledger, workbook};

/// The grade ledger: grade, tier, inspection schedule and measures of every subject.
///
/// The CSV header is fixed: subject,name,category,grade,tier,high_risk,joint_target,
/// last_inspection,next_due,overdue_days,measures. Grades are for internal use only (Art. 14).
///
/// `--format xlsx --output FILE` writes the ledger as a workbook with one sheet per supervising
/// level (Art. 14): 旗县级应急局 (A, B), 市级应急局 (C), 自治区级应急厅 (D), 未定级.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  safecredit grade --facts facts/ --as-of 2026-06-30\n  safecredit grade --format csv > ledger.csv\n  safecredit grade --format xlsx --output ledger.xlsx"
)]
pub struct Args {
    #[command(flatten)]
    pub facts: FactsArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[arg(long, value_enum, default_value_t = LedgerFormat::Table)]
    pub format: LedgerFormat,
    #[command(flatten)]
    pub output: OutputArgs,
}

pub fn run(args: Args) -> Result<u8, CmdError> {
    if args.format == LedgerFormat::Xlsx {
        args.output.workbook_path()?;
    }
    let session = Session::open(&args.facts, args.as_of.as_of, 1)?;
    let started = std::time::Instant::now();
    let model = session.evaluate();
    let rules_seconds = started.elapsed().as_secs_f64();
    match args.format {
        LedgerFormat::Table => print!("{}", ledger::table(&session.engine.facts, &model)),
        LedgerFormat::Xlsx => args.output.write(workbook::ledger(&session.engine.facts, &model))?,
        LedgerFormat::Csv => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
            ledger::write_csv(&mut out, &session.engine.facts, &model)
                .and_then(|()| std::io::Write::flush(&mut out))
                .map_err(|e| CmdError::usage(format!("cannot write the ledger: {e}")))?;
        }
        LedgerFormat::Json => println!("{}", ledger::json(model.as_of, &ledger::rows(&session.engine.facts, &model))),
    }
    let total = session.load_seconds + started.elapsed().as_secs_f64();
    if total > 1.0 {
        eprintln!(
            "graded {} subjects ({} events) in {total:.1} s: load {:.1} s, rules {rules_seconds:.1} s",
            session.engine.facts.subjects.len(),
            session.engine.facts.events.len(),
            session.load_seconds
        );
    }
    Ok(0)
}
