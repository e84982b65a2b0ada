//! `safecredit repl`: the interactive query shell.

use super::{AsOfArgs, CmdError, FactsArgs};
use crate::shell::{self, Shell};

/// Open the query shell: Datalog queries over every relation, with history,
/// tab completion and multi-line input (a query ends at `.`).
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  safecredit repl --facts facts/ --as-of 2026-06-30\n  2026-06-30 ?- grade(S, \"D\"), never_inspected(S)."
)]
pub struct Args {
    #[command(flatten)]
    pub facts: FactsArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
}

pub fn run(args: Args) -> Result<u8, CmdError> {
    let shell = Shell::open(args.facts, args.as_of.as_of)?;
    shell::repl::run(shell).map_err(CmdError::usage)?;
    Ok(0)
}
