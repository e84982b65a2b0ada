//! Where fact files come from (事实来源): a folder in which each file is
//! `NAME.csv` or `NAME.xlsx`, one workbook with a sheet per file, or files held
//! in memory (scenarios). `find` says what a source has for one file of the
//! schema; the loader reads it. Depends on `schema`, `sheet`, `diag`.

use super::diag::{Diagnostic, Severity};
use super::schema::{self, FileSchema};
use super::sheet;
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// Where fact files come from: a folder (each file `NAME.csv` or `NAME.xlsx`),
/// one workbook with a sheet per file, or files held in memory (scenarios).
pub enum Source<'a> {
    Dir(&'a Path),
    Workbook { path: &'a Path, sheets: &'a [(String, sheet::Cells)] },
    Memory { label: &'a str, files: &'a [(String, Vec<u8>)] },
}

/// What a source has for one file.
pub(super) enum Found<'a> {
    Missing {
        display: String,
    },
    /// Two places for one file: `NAME.csv` and `NAME.xlsx` in a folder, or two sheets of a workbook.
    Both {
        first: String,
        second: String,
    },
    Failed {
        display: String,
        error: std::io::Error,
    },
    Text {
        display: String,
        opened: Opened<'a>,
    },
    Sheet {
        display: String,
        cells: Cow<'a, sheet::Cells>,
    },
}

impl Source<'_> {
    pub(super) fn find(&self, file: &FileSchema) -> Found<'_> {
        match self {
            Source::Dir(dir) => {
                let csv: PathBuf = dir.join(file.file);
                let xlsx: PathBuf = dir.join(format!("{}.xlsx", file.name));
                let (display, other) = (csv.display().to_string(), xlsx.display().to_string());
                match (std::fs::metadata(&csv), xlsx.is_file()) {
                    (Ok(_), true) => Found::Both { first: display, second: other },
                    (Err(e), true) if e.kind() == std::io::ErrorKind::NotFound => match sheet::first_sheet(&xlsx) {
                        Ok(cells) => Found::Sheet { display: other, cells: Cow::Owned(cells) },
                        Err(e) => Found::Failed { display: other, error: std::io::Error::other(e) },
                    },
                    (Err(e), _) if e.kind() == std::io::ErrorKind::NotFound => Found::Missing { display },
                    (Err(error), _) => Found::Failed { display, error },
                    (Ok(m), _) if m.is_dir() => {
                        Found::Failed { display, error: std::io::Error::other("Is a directory") }
                    }
                    (Ok(m), _) => match std::fs::File::open(&csv) {
                        Ok(handle) => {
                            Found::Text { display, opened: Opened::File { file: handle, len: m.len(), path: csv } }
                        }
                        Err(error) => Found::Failed { display, error },
                    },
                }
            }
            Source::Workbook { path, sheets } => {
                let display = format!("{}[{}]", path.display(), file.name);
                let mut matching = sheets.iter().filter(|(name, _)| sheet_names(file).any(|n| n == name.trim()));
                match (matching.next(), matching.next()) {
                    (Some((first, _)), Some((second, _))) => Found::Both {
                        first: format!("{}[{first}]", path.display()),
                        second: format!("{}[{second}]", path.display()),
                    },
                    (Some((_, cells)), None) => Found::Sheet { display, cells: Cow::Borrowed(cells) },
                    (None, _) => Found::Missing { display },
                }
            }
            Source::Memory { label, files } => {
                let display = format!("{label}[{}]", file.name);
                match files.iter().find(|(name, _)| name == file.file) {
                    Some((_, bytes)) => Found::Text { display, opened: Opened::Bytes(bytes) },
                    None => Found::Missing { display },
                }
            }
        }
    }
}

/// The names a workbook's sheet for `file` may have: `events` or `信用记录`.
pub fn sheet_names(file: &FileSchema) -> impl Iterator<Item = &'static str> {
    [file.name, file.label].into_iter()
}

/// An input file: on disk, to be read in chunks, or in memory.
pub(super) enum Opened<'a> {
    File { file: std::fs::File, len: u64, path: PathBuf },
    Bytes(&'a [u8]),
}

/// Is `path` an Excel workbook (by its extension)?
pub fn is_workbook(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
}

/// A sheet no file is named after is a warning: its rows are not read.
pub(super) fn unknown_sheets(diagnostics: &mut Vec<Diagnostic>, path: &Path, sheets: &[(String, sheet::Cells)]) {
    let known: Vec<&str> = schema::FILES.iter().flat_map(|f| sheet_names(f)).collect();
    for (name, _) in sheets {
        if known.contains(&name.trim()) {
            continue;
        }
        let mut d = Diagnostic::new(
            Severity::Warning,
            "unknown-sheet",
            &path.display().to_string(),
            0,
            format!("sheet \"{name}\" is not a fact file; it is not read"),
        )
        .expected(format!(
            "sheets named after the files: {}",
            schema::FILES.iter().map(|f| format!("{} ({})", f.name, f.label)).collect::<Vec<_>>().join(", ")
        ));
        if let Some(close) = super::load::closest(name, &known) {
            d.message.push_str(&format!(" (did you mean `{close}`?)"));
        }
        diagnostics.push(d);
    }
}
