//! `safecredit objections`: deadline and status of every objection (Art. 11–12).

use super::{AsOfArgs, CmdError, FactsArgs, Session, TableFormat};
use crate::report::objections;

/// Objections to credit records: the 20-working-day reply deadline, status and
/// investigator conflict of each (Art. 11–12).
///
/// CSV header: objection,subject,event,decided_on,deadline,replied_on,status,conflict.
#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  safecredit objections --as-of 2026-06-30\n  safecredit objections --format csv")]
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
    let rows = objections::rows(&session.facts, &model);
    for row in rows.iter().filter(|r| !r.unscheduled_years.is_empty()) {
        let years: Vec<String> = row.unscheduled_years.iter().map(|y| y.to_string()).collect();
        eprintln!(
            "warning: objection {}: its deadline was counted into {} without an official holiday schedule (weekends only); add the dates to calendar.csv",
            row.objection,
            years.join(", ")
        );
    }
    match args.format {
        TableFormat::Table => print!("{}", objections::table(model.as_of, &rows)),
        TableFormat::Csv => print!("{}", objections::csv(&rows)),
        TableFormat::Json => println!("{}", serde_json::to_string_pretty(&rows).expect("serializable")),
    }
    Ok(0)
}
