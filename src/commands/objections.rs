//! `safecredit objections`: deadline and status of every objection (Art. 11–12).

use super::{AsOfArgs, CmdError, FactsArgs, LedgerFormat, OutputArgs, Session};
use crate::report::{objections, workbook};

/// Objections to credit records: the 20-working-day reply deadline, status and
/// investigator conflict of each (Art. 11–12).
///
/// CSV header: objection,subject,event,decided_on,deadline,replied_on,status,conflict.
/// `--format xlsx --output FILE` writes them as a workbook of one sheet.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  safecredit objections --as-of 2026-06-30\n  safecredit objections --format csv\n  safecredit objections --format xlsx --output objections.xlsx"
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
    let model = session.evaluate();
    let rows = objections::rows(&session.engine.facts, &model);
    for row in rows.iter().filter(|r| !r.unscheduled_years.is_empty()) {
        let years: Vec<String> = row.unscheduled_years.iter().map(|y| y.to_string()).collect();
        eprintln!(
            "warning: objection {}: its deadline was counted into {} without an official holiday schedule (weekends only); add the dates to calendar.csv",
            row.objection,
            years.join(", ")
        );
    }
    match args.format {
        LedgerFormat::Table => print!("{}", objections::table(model.as_of, &rows)),
        LedgerFormat::Csv => print!("{}", objections::csv(&rows)),
        LedgerFormat::Xlsx => args.output.write(workbook::objections(model.as_of, &rows))?,
        LedgerFormat::Json => println!("{}", serde_json::to_string_pretty(&rows).expect("serializable")),
    }
    Ok(0)
}
