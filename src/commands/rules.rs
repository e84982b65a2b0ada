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
}

#[derive(ValueEnum, Clone, Copy, Debug)]
pub enum RulesFormat {
    Text,
    Markdown,
}

pub fn run(args: Args) -> Result<u8, CmdError> {
    match args.format {
        RulesFormat::Text => print!("{}", catalogue::text()),
        RulesFormat::Markdown => print!("{}", catalogue::markdown()),
    }
    Ok(0)
}
