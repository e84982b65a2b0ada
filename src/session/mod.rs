//! A loaded facts folder at the terminal's edge (会话), shared by the
//! commands and the query shell: the `--facts` arguments, loading with
//! progress on stderr and refusing bad facts unless `--lenient`, evaluating
//! at an as-of date, and the error and output choices both edges use. It sits
//! below `commands/` and `shell/`, which never use each other; it uses only
//! the layers below it (facts, rules, analysis, report).

pub mod progress;

use crate::engine::Engine;
use crate::facts::{self, Day, LoadOptions};
use crate::report;
use crate::rules::{self, EvalOptions, Model};
use clap::ValueEnum;
use std::path::PathBuf;
use std::sync::Arc;

/// Colour only on a terminal, and never when NO_COLOR is set.
pub fn use_colour() -> bool {
    use std::io::IsTerminal;
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// Where the facts are and how to treat bad rows.
#[derive(clap::Args, Debug, Clone)]
pub struct FactsArgs {
    /// The facts folder (subjects.csv or subjects.xlsx, events.csv, …), or one
    /// workbook FILE.xlsx with a sheet per file.
    #[arg(long, value_name = "DIR", default_value = "facts")]
    pub facts: PathBuf,
    /// Skip rows with errors instead of refusing to run; says how many and which.
    #[arg(long)]
    pub lenient: bool,
    /// Show ID and phone numbers in full (Art. 6: they are masked by default).
    #[arg(long)]
    pub show_personal: bool,
    /// No progress display on stderr.
    #[arg(long)]
    pub quiet: bool,
}

pub fn parse_day(text: &str) -> Result<Day, String> {
    facts::cell::parse_date(text.trim())
        .ok_or_else(|| format!("\"{text}\" is not a date; expected YYYY-MM-DD, e.g. 2026-06-30"))
}

/// Output of commands that print a report: a table for people, CSV and JSON for scripts.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    Table,
    Csv,
    Json,
}

/// Output of the ledgers (grade, objections): as [`TableFormat`], or an Excel
/// workbook written to `--output`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LedgerFormat {
    Table,
    Csv,
    Json,
    Xlsx,
}

/// Where a ledger workbook goes.
#[derive(clap::Args, Debug, Clone)]
pub struct OutputArgs {
    /// The file to write (required with --format xlsx).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite --output if it exists.
    #[arg(long)]
    pub force: bool,
}

impl OutputArgs {
    /// Where a workbook may be written: `--output`, which must not exist unless `--force`.
    /// Checked before any work is done.
    pub fn workbook_path(&self) -> Result<&std::path::Path, CmdError> {
        let Some(path) = &self.output else {
            return Err(CmdError::usage("--format xlsx writes a workbook: say where with --output FILE.xlsx"));
        };
        if path.exists() && !self.force {
            return Err(CmdError::usage(format!(
                "{} exists; pass --force to overwrite it, or choose another --output",
                path.display()
            )));
        }
        Ok(path)
    }

    /// Writes the workbook's bytes to the path [`OutputArgs::workbook_path`] allowed.
    pub fn write(&self, bytes: Result<Vec<u8>, String>) -> Result<(), CmdError> {
        let path = self.workbook_path()?;
        let bytes = bytes.map_err(CmdError::usage)?;
        std::fs::write(path, bytes).map_err(|e| CmdError::usage(format!("cannot write {}: {e}", path.display())))?;
        eprintln!("wrote {}", path.display());
        Ok(())
    }
}

/// A failed command: what to say, and the exit code.
#[derive(Debug)]
pub struct CmdError {
    pub code: u8,
    pub message: String,
}

impl CmdError {
    /// A usage or I/O problem: exit 2.
    pub fn usage(message: impl Into<String>) -> CmdError {
        CmdError { code: 2, message: message.into() }
    }
}

/// `--as-of`, else the date pinned in the facts folder's `as_of.txt` (witness
/// folders written by `verify` have one; for a workbook, the `as_of.txt` beside
/// it), else today. A date before the measures applied (Art. 16) still runs,
/// with a warning on stderr.
pub fn resolve_as_of(facts: &std::path::Path, explicit: Option<Day>) -> Day {
    let folder = match facts::load::is_workbook(facts) {
        true => facts.parent().unwrap_or(std::path::Path::new(".")),
        false => facts,
    };
    let day = explicit
        .or_else(|| std::fs::read_to_string(folder.join("as_of.txt")).ok().and_then(|t| Day::parse_iso(t.trim())))
        .unwrap_or_else(Day::today);
    if let Some(warning) = rules::not_yet_in_force(day) {
        eprintln!("warning: {warning}");
    }
    day
}

/// Loads the facts of `--facts` with progress on stderr; dates after `today`
/// are warned about. Every diagnostic is kept for the caller.
pub fn load(args: &FactsArgs, today: Day) -> Result<facts::Loaded, CmdError> {
    let options = LoadOptions { today, show_personal: args.show_personal };
    let mut progress = progress::Progress::new(args.quiet);
    let loaded = facts::load_dir_with_progress(&args.facts, &options, &mut |file, rows, done| {
        progress.loading(file, rows, done)
    });
    progress.finish();
    loaded.map_err(|e| CmdError::usage(e.0))
}

/// The loaded facts at the terminal's edge: the engine, where they came from,
/// and how long loading took.
pub struct Session {
    pub dir: PathBuf,
    pub engine: Engine,
    /// How long loading took, for the summary of long runs.
    pub load_seconds: f64,
    quiet: bool,
}

impl Session {
    /// Loads the facts. With errors it refuses (exit `facts_error_code`,
    /// diagnostics on stderr) unless `--lenient`, which skips the bad rows
    /// and says which.
    /// The as-of date is resolved once, here ([`resolve_as_of`]).
    pub fn open(args: &FactsArgs, as_of: Option<Day>, facts_error_code: u8) -> Result<Session, CmdError> {
        let as_of = resolve_as_of(&args.facts, as_of);
        let today = Day::today();
        let started = std::time::Instant::now();
        let loaded = load(args, today)?;
        let errors = loaded.errors();
        if errors > 0 {
            let problems: Vec<_> =
                loaded.diagnostics.iter().filter(|d| d.severity != facts::Severity::Note).cloned().collect();
            eprint!("{}", report::diagnostics::human(&problems));
            if !args.lenient {
                return Err(CmdError {
                    code: facts_error_code,
                    message: format!(
                        "the facts in {} have {errors} error(s); nothing was evaluated.\n  fix them (see `safecredit check --facts {}`), or pass --lenient to skip the bad rows",
                        args.facts.display(),
                        args.facts.display()
                    ),
                });
            }
            eprintln!("warning: --lenient: skipped {} row(s) with errors:", loaded.skipped.len());
            eprint!("{}", report::diagnostics::skipped(&loaded.skipped));
        } else if loaded.warnings() > 0 {
            eprintln!(
                "note: the facts have {} warning(s); see `safecredit check --facts {}`",
                loaded.warnings(),
                args.facts.display()
            );
        }
        let engine = Engine::new(loaded.facts, as_of);
        Ok(Session {
            dir: args.facts.clone(),
            engine,
            load_seconds: started.elapsed().as_secs_f64(),
            quiet: args.quiet,
        })
    }

    /// The rules for the session's as-of date, with progress on stderr.
    pub fn evaluate(&self) -> Model {
        self.evaluate_at(self.engine.as_of)
    }

    pub fn evaluate_at(&self, as_of: Day) -> Model {
        let mut progress = progress::Progress::new(self.quiet);
        progress.set(format!("evaluating the rules for {} subjects as of {as_of}", self.engine.facts.subjects.len()));
        let model = self.engine.evaluate(as_of);
        progress.finish();
        model
    }

    /// The interpretation sandbox: grades under the reading of some clauses that
    /// `text`'s `interpret(Clause, Subject)` rules give (with `db`'s rules), against
    /// the shipped rules at `db`'s as-of date. `name` names the reading.
    pub fn interpret(
        &self,
        db: &crate::query::Database,
        text: &str,
        name: &str,
    ) -> Result<crate::analysis::diff::Diff, crate::query::program::RuleError> {
        let reading = crate::query::program::reading(db, text)?;
        let as_of = db.model.as_of;
        let options = EvalOptions { reading: Some(Arc::new(reading)), ..EvalOptions::default() };
        let read = self.engine.evaluate_with(as_of, &options);
        Ok(crate::analysis::diff::diff(
            (&self.engine.facts, &db.model, format!("shipped rules as of {as_of}")),
            (&self.engine.facts, &read, format!("{name} as of {as_of}")),
        ))
    }

    /// What an archived answer was computed from: reads the fact files again to hash them.
    pub fn audit(&self, as_of: Day) -> crate::analysis::Audit {
        let mut files: Vec<(String, Vec<u8>)> = if facts::load::is_workbook(&self.dir) {
            std::fs::read(&self.dir).ok().map(|bytes| ("workbook.xlsx".to_string(), bytes)).into_iter().collect()
        } else {
            let workbooks: Vec<String> = facts::schema::FILES.iter().map(|f| format!("{}.xlsx", f.name)).collect();
            facts::load::FILES
                .iter()
                .copied()
                .chain(workbooks.iter().map(String::as_str))
                .chain(["as_of.txt"])
                .filter_map(|name| std::fs::read(self.dir.join(name)).ok().map(|bytes| (name.to_string(), bytes)))
                .collect()
        };
        crate::analysis::Audit {
            as_of: as_of.to_string(),
            facts: self.dir.display().to_string(),
            facts_hash: crate::analysis::facts_hash(&mut files),
            tool_version: env!("CARGO_PKG_VERSION"),
            rules_hash: crate::analysis::rules_hash(),
        }
    }

    /// A subject by id (or exact name), with a suggestion when unknown.
    pub fn find_subject(&self, text: &str) -> Result<facts::SubjectIx, CmdError> {
        if let Some(s) = self.engine.facts.find_subject(text) {
            return Ok(s);
        }
        if let Some(s) = (0..self.engine.facts.subjects.len() as u32)
            .map(facts::SubjectIx)
            .find(|s| self.engine.facts.str(self.engine.facts.subject(*s).name) == text)
        {
            return Ok(s);
        }
        let ids: Vec<&str> = (0..self.engine.facts.subjects.len() as u32)
            .map(|s| self.engine.facts.subject_id(facts::SubjectIx(s)))
            .collect();
        let hint = match facts::load::closest(text, &ids) {
            Some(close) => format!("\n  did you mean {close}?"),
            None => String::new(),
        };
        Err(CmdError::usage(format!("no subject with id or name \"{text}\" in {}{hint}", self.dir.display())))
    }
}
