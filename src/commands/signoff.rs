//! `safecredit signoff`: record a legal reviewer's approval of one clause.

use super::CmdError;
use crate::facts::Day;
use crate::rules::Clause;
use crate::verify::signoff;
use std::path::PathBuf;

/// Sign off a clause: records in rules/signoffs.toml who approved it, when, and a
/// hash over its text, rule source and interpretation note. `safecredit verify`
/// then fails if any of those change.
#[derive(clap::Args, Debug)]
#[command(after_help = format!("Example:\n  safecredit signoff {} --by \"王律师\"", crate::rules::Clause::C2.id()))]
pub struct Args {
    /// The clause id, as `safecredit rules` lists them.
    pub clause: String,
    /// The reviewer's name.
    #[arg(long)]
    pub by: String,
    #[arg(long, value_name = "DIR", default_value = "rules")]
    pub rules: PathBuf,
}

pub fn run(args: Args) -> Result<u8, CmdError> {
    let Some(clause) = Clause::parse(&args.clause) else {
        let ids: Vec<&str> = Clause::ALL.iter().map(|c| c.id()).collect();
        let hint =
            crate::facts::load::closest(&args.clause, &ids).map(|c| format!("; did you mean {c}?")).unwrap_or_default();
        return Err(CmdError::usage(format!(
            "\"{}\" is not a clause id{hint} (`safecredit rules` lists them)",
            args.clause
        )));
    };
    if args.by.trim().is_empty() {
        return Err(CmdError::usage("--by needs the reviewer's name"));
    }
    let path = args.rules.join("signoffs.toml");
    let existing = signoff::parse(&super::verify::read_optional(&path)?)
        .map_err(|e| CmdError::usage(format!("{}: {e}", path.display())))?;
    let updated = signoff::sign(existing, clause, args.by.trim(), Day::today());
    std::fs::create_dir_all(&args.rules)
        .map_err(|e| CmdError::usage(format!("cannot create {}: {e}", args.rules.display())))?;
    std::fs::write(&path, signoff::render(&updated))
        .map_err(|e| CmdError::usage(format!("cannot write {}: {e}", path.display())))?;
    println!("{} signed off by {} on {} ({})", clause.id(), args.by.trim(), Day::today(), signoff::hash(clause));
    Ok(0)
}
