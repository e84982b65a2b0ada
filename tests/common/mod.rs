//! Test helpers: small fact sets written as CSV text, evaluated by the real rules.
#![allow(dead_code)]

pub mod workbook;

use safecredit::facts::calendar::Calendar;
use safecredit::facts::load::{Source, load};
use safecredit::facts::{Day, FactSet, LoadOptions, SubjectIx};
use safecredit::report::explain;
use safecredit::rules::{EvalOptions, FactIndex, Model, evaluate};

pub fn day(text: &str) -> Day {
    Day::parse_iso(text).unwrap_or_else(|| panic!("bad date in test: {text}"))
}

/// Loads CSV files given as (file name, text); panics on any error or warning.
pub fn facts(files: &[(&str, &str)]) -> FactSet {
    let files: Vec<(String, Vec<u8>)> = files.iter().map(|(n, t)| (n.to_string(), t.as_bytes().to_vec())).collect();
    let loaded = load(
        &Source::Memory { label: "test", files: &files },
        &LoadOptions { today: day("2030-01-01"), show_personal: false },
    );
    let problems: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity != safecredit::facts::Severity::Note)
        .map(|d| d.to_string())
        .collect();
    assert!(problems.is_empty(), "test facts have problems:\n{}", problems.join("\n"));
    loaded.facts
}

/// The demo district of `facts/`, loaded from disk with today pinned (2026-11-26).
pub fn demo() -> FactSet {
    let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/facts"));
    let options = LoadOptions { today: day("2026-11-26"), show_personal: false };
    safecredit::facts::load_dir(dir, &options).expect("the demo loads").facts
}

pub fn model(facts: &FactSet, as_of: &str) -> Model {
    let index = FactIndex::build(facts);
    let calendar = Calendar::of(facts);
    evaluate(facts, &index, &calendar, day(as_of), &EvalOptions::default())
}

pub fn subject(facts: &FactSet, id: &str) -> SubjectIx {
    facts.find_subject(id).unwrap_or_else(|| panic!("no subject {id}"))
}

pub fn grade(facts: &FactSet, as_of: &str, id: &str) -> &'static str {
    model(facts, as_of).subject(subject(facts, id)).grade.code()
}

pub fn explain_text(facts: &FactSet, as_of: &str, id: &str) -> String {
    let model = model(facts, as_of);
    let index = FactIndex::build(facts);
    explain::text(&explain::explain(facts, &index, &model, subject(facts, id)))
}

/// The ids of the Art. 13 clauses that hold for a subject.
pub fn holding(facts: &FactSet, as_of: &str, id: &str) -> Vec<&'static str> {
    let model = model(facts, as_of);
    let r = model.subject(subject(facts, id)).clone();
    safecredit::rules::Clause::ART13.iter().filter(|c| r.holds(**c)).map(|c| c.id()).collect()
}

/// A subject meeting every A condition: committed and standardized long ago.
pub const CLEAN: &str = "id,name,category,committed_on\nS1,测试公司,hazardous_chemicals,2020-01-01\n";
pub const STANDARDIZED: &str = "subject,level,awarded_on,expires_on\nS1,3,2020-01-01,\n";

/// The real binary, to be run in the repository root with a pinned "today" and
/// no colour: every test that runs it starts here.
pub fn safecredit() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_safecredit"));
    command.current_dir(env!("CARGO_MANIFEST_DIR")).env("SAFECREDIT_TODAY", "2026-11-26").env("NO_COLOR", "1");
    command
}

/// Runs `safecredit ARGS` (see [`safecredit`]).
pub fn output(args: &[&str]) -> std::process::Output {
    safecredit().args(args).output().expect("the binary runs")
}

/// Runs `safecredit ARGS`: (exit code, stdout, stderr).
pub fn binary(args: &[&str]) -> (i32, String, String) {
    let out = output(args);
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
