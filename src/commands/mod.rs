//! The subcommands, one file each: the only code (with the shell) that reads
//! files or prints. `main.rs` parses the arguments into [`Cli`] and turns a
//! [`CmdError`] into a message and an exit code. What the shell shares with
//! them (the loaded session, `--facts`, output formats) lives in `session`.

pub mod bench;
pub mod check;
pub mod diff;
pub mod explain;
pub mod generate;
pub mod grade;
pub mod objections;
pub mod procedure;
pub mod query;
pub mod repl;
#[path = "rules.rs"]
pub mod rules_cmd;
pub mod signoff;
pub mod test;
pub mod timeline;
pub mod verify;

use crate::facts::Day;
use clap::{Parser, Subcommand, ValueEnum};

pub use crate::session::{
    CmdError, FactsArgs, LedgerFormat, OutputArgs, Session, TableFormat, parse_day, progress, use_colour,
};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "safecredit",
    version,
    about = "Safety-production credit grading (安全生产信用分类分级) under the Kundulun District measures of 2024",
    long_about = "safecredit loads the bureau's fact files (subjects, people, standardization, events, \
inspections, objections), evaluates Articles 11–15 of the measures as Datalog rules, and answers: \
the grade ledger, why a subject has its grade, which inspections and objection replies are late.",
    after_help = "Examples:\n  safecredit check --facts facts/\n  safecredit grade --facts facts/ --as-of 2026-06-30\n  safecredit explain S022 --as-of 2026-06-30"
)]
pub struct Cli {
    /// Without a command, in a terminal: open the query shell on `facts/`.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    Check(check::Args),
    Grade(grade::Args),
    Explain(explain::Args),
    Objections(objections::Args),
    Procedure(procedure::Args),
    Rules(rules_cmd::Args),
    Query(query::Args),
    Repl(repl::Args),
    Timeline(timeline::Args),
    Diff(diff::Args),
    Verify(verify::Args),
    Gen(generate::Args),
    Bench(bench::Args),
    Test(test::Args),
    Signoff(signoff::Args),
    Completions(CompletionsArgs),
}

/// Print shell completions for bash, zsh or fish.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  safecredit completions bash > ~/.local/share/bash-completion/completions/safecredit"
)]
pub struct CompletionsArgs {
    pub shell: clap_complete::Shell,
}

/// The as-of date (评价基准日).
#[derive(clap::Args, Debug, Clone)]
pub struct AsOfArgs {
    /// Evaluate as of this date (YYYY-MM-DD); default today. Records dated later do not exist yet.
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub as_of: Option<Day>,
}

/// Output of commands that print a report: text for people, JSON for archives and scripts.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextFormat {
    Text,
    Json,
}

pub fn run(cli: Cli) -> Result<u8, CmdError> {
    use std::io::IsTerminal;
    let Some(command) = cli.command else {
        if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
            let facts = FactsArgs { facts: PathBuf::from("facts"), lenient: false, show_personal: false, quiet: false };
            return repl::run(repl::Args { facts, as_of: AsOfArgs { as_of: None } });
        }
        return Err(CmdError::usage("no command given; see `safecredit --help`"));
    };
    match command {
        Command::Check(args) => check::run(args),
        Command::Grade(args) => grade::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Objections(args) => objections::run(args),
        Command::Procedure(args) => procedure::run(args),
        Command::Rules(args) => rules_cmd::run(args),
        Command::Query(args) => query::run(args),
        Command::Repl(args) => repl::run(args),
        Command::Timeline(args) => timeline::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Gen(args) => generate::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Test(args) => test::run(args),
        Command::Signoff(args) => signoff::run(args),
        Command::Completions(args) => {
            use clap::CommandFactory;
            clap_complete::generate(args.shell, &mut Cli::command(), "safecredit", &mut std::io::stdout());
            Ok(0)
        }
    }
}
