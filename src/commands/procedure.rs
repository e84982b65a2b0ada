//! `safecredit procedure`: the bureau's own duties under the measures (Art.
//! 7–9, 11, 12), every place they were not met.

use super::{AsOfArgs, CmdError, FactsArgs, Session, TableFormat};
use crate::report::procedure;

/// Procedural findings: basic information missing from a credit file (Art. 7),
/// records without a recording department or recorder (Art. 8), evidence
/// collected without hearing the subject (Art. 9), objections filed with another
/// department (Art. 11), and objections investigated by a collector or answered
/// late (Art. 12). They never change a grade.
///
/// CSV header: article,finding,subject,record,detail. Exit status 1 with
/// --fail-if-any when there is a finding.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  safecredit procedure --as-of 2026-06-30\n  safecredit procedure --format csv --fail-if-any"
)]
pub struct Args {
    #[command(flatten)]
    pub facts: FactsArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
    /// Exit 1 when there is any finding (for scripts).
    #[arg(long)]
    pub fail_if_any: bool,
}

pub fn run(args: Args) -> Result<u8, CmdError> {
    let session = Session::open(&args.facts, args.as_of.as_of, 1)?;
    let model = session.evaluate();
    let findings = crate::rules::procedure(&session.engine.facts, &model);
    let rows = procedure::rows(&session.engine.facts, &findings);
    match args.format {
        TableFormat::Table => print!("{}", procedure::table(model.as_of, &rows)),
        TableFormat::Csv => print!("{}", procedure::csv(&rows)),
        TableFormat::Json => println!("{}", serde_json::to_string_pretty(&rows).expect("serializable")),
    }
    Ok(u8::from(args.fail_if_any && !rows.is_empty()))
}
