//! `safecredit check`: validate the fact files and report every problem.

use super::{CmdError, FactsArgs};
use crate::facts::{self, Day, LoadOptions};
use crate::report::diagnostics;
use clap::ValueEnum;

/// Check the fact files: every problem with file, line and column, and a summary.
///
/// Exit status: 0 no errors; 1 errors (with --strict, also warnings); 2 usage or I/O problem.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  safecredit check --facts facts/\n  safecredit check --facts facts/ --format json --strict"
)]
pub struct Args {
    #[command(flatten)]
    pub facts: FactsArgs,
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Treat warnings as failures (exit 1).
    #[arg(long)]
    pub strict: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum CheckFormat {
    Human,
    Json,
}

pub fn run(args: Args) -> Result<u8, CmdError> {
    let options = LoadOptions { today: Day::today(), show_personal: args.facts.show_personal };
    let loaded = facts::load_dir(&args.facts.facts, &options).map_err(|e| CmdError::usage(e.0))?;
    match args.format {
        CheckFormat::Json => println!("{}", diagnostics::json(&loaded)),
        CheckFormat::Human => {
            print!("{}", diagnostics::human(&loaded.diagnostics));
            if !loaded.skipped.is_empty() {
                println!("rows not loaded ({}):", loaded.skipped.len());
                print!("{}", diagnostics::skipped(&loaded.skipped));
            }
            println!("{}", diagnostics::summary(&loaded));
        }
    }
    let failed = loaded.errors() > 0 || (args.strict && loaded.warnings() > 0);
    Ok(if failed { 1 } else { 0 })
}
