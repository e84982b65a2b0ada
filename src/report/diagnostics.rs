//! Rendering fact-file diagnostics and the `check` summary.

use crate::facts::load::SkippedRow;
use crate::facts::{Diagnostic, FileSummary, Loaded, Severity};
use serde::Serialize;

pub fn human(diagnostics: &[Diagnostic]) -> String {
    diagnostics.iter().map(|d| format!("{d}\n")).collect()
}

/// `subjects.csv 60 · people.csv 179 · … — 0 errors, 2 warnings`.
pub fn summary(loaded: &Loaded) -> String {
    let files: Vec<String> = loaded
        .facts
        .files
        .iter()
        .filter(|f| f.present)
        .map(|f| {
            let name =
                std::path::Path::new(&f.file).file_name().map_or(f.file.clone(), |n| n.to_string_lossy().into_owned());
            let name = if f.file.contains('[') && !f.sheet { f.file.clone() } else { name };
            if f.loaded == f.rows { format!("{name} {}", f.rows) } else { format!("{name} {}/{}", f.loaded, f.rows) }
        })
        .collect();
    format!("{} — {} error(s), {} warning(s)", files.join(" · "), loaded.errors(), loaded.warnings())
}

/// Skipped rows as `file: lines 3, 5–7`.
pub fn skipped(rows: &[SkippedRow]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < rows.len() {
        let file = &rows[i].file;
        let mut ranges: Vec<String> = Vec::new();
        while i < rows.len() && &rows[i].file == file {
            let start = rows[i].line;
            let mut end = start;
            while i + 1 < rows.len() && &rows[i + 1].file == file && rows[i + 1].line == end + 1 {
                i += 1;
                end += 1;
            }
            ranges.push(if start == end { start.to_string() } else { format!("{start}–{end}") });
            i += 1;
        }
        let unit = if rows[i - 1].sheet { "row(s)" } else { "line(s)" };
        out.push_str(&format!("  {file}: {unit} {}\n", ranges.join(", ")));
    }
    out
}

#[derive(Serialize)]
pub struct CheckJson<'a> {
    pub files: &'a [FileSummary],
    pub errors: usize,
    pub warnings: usize,
    pub diagnostics: &'a [Diagnostic],
    pub skipped: &'a [SkippedRow],
}

pub fn json(loaded: &Loaded) -> String {
    serde_json::to_string_pretty(&CheckJson {
        files: &loaded.facts.files,
        errors: loaded.errors(),
        warnings: loaded.warnings(),
        diagnostics: &loaded.diagnostics,
        skipped: &loaded.skipped,
    })
    .expect("serializable")
}

pub fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics.iter().filter(|d| d.severity == severity).count()
}
