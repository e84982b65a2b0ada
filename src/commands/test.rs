//! `safecredit test`: run the scenarios legal staff write, with clause coverage.

use super::CmdError;
use super::TextFormat;
use crate::report;
use crate::verify::scenario::{self, ScenarioResult};
use std::path::{Path, PathBuf};

/// Run scenario files (TOML: facts, an as-of date, expected grades) against the
/// rules: PASS or FAIL each, with a diff and the explanation for failures, and
/// the clause coverage. Exit 1 when any scenario fails. Format: docs/scenarios.md.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  safecredit test\n  safecredit test tests/scenarios/c2_penalty_window.toml --format json"
)]
pub struct Args {
    /// Scenario files or folders (default tests/scenarios/).
    pub paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    pub format: TextFormat,
}

/// Every `.toml` file under the paths, sorted.
pub fn scenario_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, CmdError> {
    fn walk(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
        if path.is_dir() {
            for entry in std::fs::read_dir(path)? {
                walk(&entry?.path(), out)?;
            }
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path.to_path_buf());
        }
        Ok(())
    }
    let mut out = Vec::new();
    for path in paths {
        if !path.exists() {
            return Err(CmdError::usage(format!("{} does not exist", path.display())));
        }
        walk(path, &mut out).map_err(|e| CmdError::usage(format!("cannot read {}: {e}", path.display())))?;
    }
    out.sort();
    Ok(out)
}

/// Parses and runs scenario files; a file that cannot be parsed is a failed result.
pub fn run_files(files: &[PathBuf]) -> Vec<ScenarioResult> {
    files
        .iter()
        .map(|file| {
            let path = file.display().to_string();
            let parsed = std::fs::read_to_string(file)
                .map_err(|e| format!("{path}: {e}"))
                .and_then(|t| scenario::parse(&path, &t));
            match parsed {
                Ok(s) => {
                    let mut result = scenario::run(&s);
                    if let Some(e) = result.explain.take() {
                        result.explanations = e
                            .subjects
                            .iter()
                            .map(|&s| report::explain::text(&report::explain::explain(&e.facts, &e.index, &e.model, s)))
                            .collect();
                    }
                    result
                }
                Err(e) => ScenarioResult {
                    path: path.clone(),
                    name: String::new(),
                    passed: false,
                    failures: vec![e],
                    explanations: Vec::new(),
                    explain: None,
                    holds: Default::default(),
                    decisive: Default::default(),
                },
            }
        })
        .collect()
}

pub fn run(args: Args) -> Result<u8, CmdError> {
    let paths = if args.paths.is_empty() { vec![PathBuf::from("tests/scenarios")] } else { args.paths };
    let files = scenario_files(&paths)?;
    if files.is_empty() {
        return Err(CmdError::usage("no scenario files (*.toml) found"));
    }
    let results = run_files(&files);
    let coverage = scenario::clause_coverage(&results);
    let failed = results.iter().filter(|r| !r.passed).count();
    match args.format {
        TextFormat::Json => {
            let coverage: Vec<serde_json::Value> = coverage
                .iter()
                .map(|(c, holds, decisive)| serde_json::json!({ "clause": c, "holds_in": holds, "decisive_in": decisive }))
                .collect();
            let value = serde_json::json!({ "passed": results.len() - failed, "failed": failed, "scenarios": results, "coverage": coverage });
            println!("{}", serde_json::to_string_pretty(&value).expect("serializable"));
        }
        TextFormat::Text => {
            for r in &results {
                println!("{} {}  {}", if r.passed { "PASS" } else { "FAIL" }, r.path, r.name);
                for f in &r.failures {
                    println!("     - {f}");
                }
                for e in &r.explanations {
                    for line in e.lines() {
                        println!("     | {line}");
                    }
                }
            }
            println!("\nclause coverage (scenarios in which the clause holds / is decisive):");
            let mut uncovered = Vec::new();
            for (c, holds, decisive) in &coverage {
                println!("  {c:<16} holds {:>3}  decisive {:>3}", holds.len(), decisive.len());
                if holds.is_empty() && decisive.is_empty() {
                    uncovered.push(*c);
                }
            }
            if !uncovered.is_empty() {
                println!("not exercised by any scenario: {}", uncovered.join(", "));
            }
            println!("\n{} passed, {} failed", results.len() - failed, failed);
        }
    }
    Ok(if failed > 0 { 1 } else { 0 })
}
