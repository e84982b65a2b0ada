//! `safecredit check`: validate the fact files and report every problem.

use super::{CmdError, FactsArgs};
use crate::facts::{self, Day};
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
    let started = std::time::Instant::now();
    let mut loaded = crate::session::load(&args.facts, Day::today())?;
    // Which departments' penalties count (Art. 13 A(3), B(3), C(2)), for staff to review once.
    loaded.diagnostics.extend(facts::authority::review(&loaded.facts));
    let seconds = started.elapsed().as_secs_f64();
    match args.format {
        CheckFormat::Json => println!("{}", diagnostics::json(&loaded)),
        CheckFormat::Human => {
            print!("{}", diagnostics::human(&loaded.diagnostics));
            if !loaded.skipped.is_empty() {
                println!("rows not loaded ({}):", loaded.skipped.len());
                print!("{}", diagnostics::skipped(&loaded.skipped));
            }
            // Long runs (large registers) also say how long they took.
            let timing = if seconds > 1.0 { format!(" in {seconds:.1} s") } else { String::new() };
            println!("{}{timing}", diagnostics::summary(&loaded));
        }
    }
    let failed = loaded.errors() > 0 || (args.strict && loaded.warnings() > 0);
    Ok(if failed { 1 } else { 0 })
}
