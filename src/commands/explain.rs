//! `safecredit explain`: why a subject has its grade, clause by clause.

use super::TextFormat;
use super::{AsOfArgs, CmdError, FactsArgs, Session};
use crate::report::explain;

/// Explain a subject's grade: every Art. 13 clause that holds or fails, in the
/// regulation's words, with its evidence records (file:line), and the precedence
/// step that chose the grade.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  safecredit explain S022 --as-of 2026-06-30\n  safecredit explain S022 --format json > S022-audit.json"
)]
pub struct Args {
    /// The subject's id (or its exact name).
    pub subject: String,
    #[command(flatten)]
    pub facts: FactsArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    pub format: TextFormat,
    /// Instead: the smallest sets of actions (repair, commitment, standardization,
    /// lifting a listing) that would give this grade on the same date.
    #[arg(long, value_name = "GRADE", value_parser = parse_grade)]
    pub why_not: Option<crate::rules::Grade>,
}

fn parse_grade(text: &str) -> Result<crate::rules::Grade, String> {
    crate::rules::Grade::parse(text).ok_or_else(|| format!("\"{text}\" is not a grade; expected A, B, C, D or unrated"))
}

pub fn run(args: Args) -> Result<u8, CmdError> {
    let session = Session::open(&args.facts, args.as_of.as_of, 1)?;
    let subject = session.find_subject(&args.subject)?;
    let as_of = session.engine.as_of;
    let model = session.evaluate();
    let value = if let Some(target) = args.why_not {
        let answer =
            crate::analysis::whynot::why_not(&session.engine.facts, &session.engine.index, &model, subject, target);
        if let TextFormat::Text = args.format {
            print!("{}", crate::report::whynot::text(&session.engine.facts, &answer));
            return Ok(0);
        }
        crate::report::whynot::json(&session.engine.facts, &answer)
    } else {
        let explanation = explain::explain(&session.engine.facts, &session.engine.index, &model, subject);
        if let TextFormat::Text = args.format {
            print!("{}", explain::text(&explanation));
            return Ok(0);
        }
        serde_json::to_value(&explanation).expect("serializable")
    };
    let mut value = value;
    value["audit"] = serde_json::to_value(session.audit(as_of)).expect("serializable");
    println!("{}", serde_json::to_string_pretty(&value).expect("serializable"));
    Ok(0)
}
