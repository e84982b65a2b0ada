//! `safecredit rules`: the clause catalogue for legal review.

use super::CmdError;
use crate::report::catalogue;
use clap::ValueEnum;

/// The clause catalogue: every clause id with the regulation's Chinese text, the
/// interpretation note, and the crepe rules that implement it (from the real source).
#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  safecredit rules\n  safecredit rules --format markdown > rules-for-review.md")]
pub struct Args {
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
    /// The scenarios whose coverage is shown per clause.
    #[arg(long, value_name = "DIR", default_value = "tests/scenarios")]
    pub scenarios: std::path::PathBuf,
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum RulesFormat {
    Text,
    Markdown,
}

pub fn run(args: Args) -> Result<u8, CmdError> {
    let coverage = scenario_coverage(&args.scenarios);
    match args.format {
        RulesFormat::Text => print!("{}", catalogue::text(&coverage)),
        RulesFormat::Markdown => print!("{}", catalogue::markdown(&coverage)),
    }
    Ok(0)
}

/// Clause coverage of the scenarios in `dir` (none when the folder is absent).
pub fn scenario_coverage(dir: &std::path::Path) -> Vec<(&'static str, Vec<String>, Vec<String>)> {
    let files =
        if dir.is_dir() { super::test::scenario_files(&[dir.to_path_buf()]).unwrap_or_default() } else { Vec::new() };
    crate::verify::scenario::clause_coverage(&super::test::run_files(&files))
}
