//! `safecredit query`: run queries without the shell, for scripts and cron.

use super::{AsOfArgs, CmdError, FactsArgs, Session, TableFormat};
use crate::query::{Database, program};
use crate::report::answer;
use std::path::PathBuf;

/// Run a query (or a file of saved queries) and print the rows.
///
/// A file (or the QUERY text) may hold rules, `head(X) :- body.`: they are
/// added first, then its queries are answered in order.
///
/// Exit status: 0 normally; 1 with --fail-if-any when there are rows, or with
/// --fail-if-none when there are none; 2 on a query, rule or facts error.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  safecredit query 'grade(S, \"D\"), never_inspected(S).'\n  safecredit query -f queries/overdue_inspections.dl --format csv --fail-if-any\n  safecredit query -f queries/linked.dl"
)]
pub struct Args {
    /// The query, e.g. 'grade(S, "D").'
    #[arg(required_unless_present = "file", conflicts_with = "file")]
    pub query: Option<String>,
    /// A file of queries (`.dl`), each under its `%` comment.
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub facts: FactsArgs,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
    /// Exit 1 when any query returns rows (an alarm: "anything overdue?").
    #[arg(long, conflicts_with = "fail_if_none")]
    pub fail_if_any: bool,
    /// Exit 1 when a query returns no rows.
    #[arg(long)]
    pub fail_if_none: bool,
}

pub fn run(args: Args) -> Result<u8, CmdError> {
    let (text, source) = match (&args.query, &args.file) {
        (Some(q), _) => (q.clone(), "the command line".to_string()),
        (None, Some(file)) => {
            let text = std::fs::read_to_string(file)
                .map_err(|e| CmdError::usage(format!("cannot read {}: {e}", file.display())))?;
            (text, file.display().to_string())
        }
        (None, None) => return Err(CmdError::usage("give a query or -f FILE")),
    };
    let (rules, queries) = match program::split(&text) {
        Ok(split) => split,
        Err(e) => {
            eprint!("{}", answer::error(&e.text, &e.error));
            return Err(CmdError::usage(format!("{source} is not valid; nothing was printed")));
        }
    };
    if queries.is_empty() {
        return Err(CmdError::usage(format!("{source} holds no query")));
    }
    let session = Session::open(&args.facts, args.as_of.as_of, 2)?;
    let db = Database::new(
        session.engine.facts.clone(),
        session.engine.index.clone(),
        session.evaluate(),
        args.facts.show_personal,
    );
    if !rules.is_empty() {
        if let Err(e) = db.add_rules(rules) {
            eprint!("{}", answer::error(&e.text, &e.error));
            return Err(CmdError::usage(format!("a rule in {source} is not valid; nothing was printed")));
        }
    }
    let mut answers = Vec::new();
    for (n, (title, text)) in queries.iter().enumerate() {
        match crate::query::run(&db, text) {
            Ok(a) => answers.push((title, text, a)),
            Err(e) => {
                eprint!("{}", answer::error(text, &e));
                let which =
                    if args.query.is_some() { "the query".to_string() } else { format!("query {} in {source}", n + 1) };
                return Err(CmdError::usage(format!("{which} is not valid; nothing was printed")));
            }
        }
    }
    let single = args.query.is_some() && queries.len() == 1;
    match args.format {
        TableFormat::Json if single => print!("{}", answer::json(&answers[0].2)),
        TableFormat::Json => {
            let all: Vec<serde_json::Value> = answers
                .iter()
                .map(|(title, text, a)| serde_json::json!({ "title": title, "query": text, "rows": answer::json_value(a) }))
                .collect();
            println!("{}", serde_json::to_string_pretty(&all).expect("serializable"));
        }
        format => {
            for (i, (title, text, a)) in answers.iter().enumerate() {
                if !single {
                    if i > 0 {
                        println!();
                    }
                    let mark = if format == TableFormat::Csv { "#" } else { "%" };
                    for line in title.lines() {
                        println!("{mark} {line}");
                    }
                    if format == TableFormat::Table {
                        println!("?- {}", text.replace('\n', "\n   "));
                    }
                }
                match format {
                    TableFormat::Csv => print!("{}", answer::csv(a)),
                    _ => print!("{}", answer::table(a)),
                }
            }
        }
    }
    let any_rows = answers.iter().any(|(_, _, a)| !a.rows.is_empty());
    let any_empty = answers.iter().any(|(_, _, a)| a.rows.is_empty());
    Ok(if (args.fail_if_any && any_rows) || (args.fail_if_none && any_empty) { 1 } else { 0 })
}
