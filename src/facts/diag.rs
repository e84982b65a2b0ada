//! Diagnostics (诊断信息) about fact files: every problem names the file,
//! line and column, quotes the value and says what was expected.
//! Depends on nothing.

use serde::Serialize;
use std::fmt;

#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Debug, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

/// One problem found in the fact files.
#[derive(Clone, Debug, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable, kebab-case name for the kind of problem, e.g. `bad-date`.
    pub code: &'static str,
    /// The file as the user would open it, e.g. `facts/events.csv`.
    pub file: String,
    /// 1 = the header row, 2 = the first data row; 0 = the file as a whole.
    pub line: u32,
    /// 1-based column number, 0 when the problem is not in one cell.
    pub column: u32,
    /// The header name of that column, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column_name: Option<String>,
    /// The offending value, verbatim (after trimming).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<String>,
    /// The file is a worksheet: `line` is its row number and the location reads
    /// as Excel shows it, `events.xlsx: D7`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub sheet: bool,
}

impl Diagnostic {
    pub fn new(severity: Severity, code: &'static str, file: &str, line: u32, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            file: file.to_string(),
            line,
            column: 0,
            column_name: None,
            value: None,
            message: message.into(),
            expected: None,
            sheet: false,
        }
    }

    pub fn at_column(mut self, column: u32, name: &str) -> Self {
        self.column = column;
        self.column_name = Some(name.to_string());
        self
    }

    pub fn value(mut self, value: &str) -> Self {
        self.value = Some(value.to_string());
        self
    }

    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `error[bad-date]: facts/events.csv:12:4: …` then `  expected: …`.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, "{severity}[{}]: {}", self.code, self.file)?;
        if self.sheet {
            match (self.line, self.column) {
                (0, _) => {}
                (row, 0) => write!(f, ": row {row}")?,
                (row, column) => write!(f, ": {}{row}", column_letters(column))?,
            }
        } else if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(expected) = &self.expected {
            write!(f, "\n  expected: {expected}")?;
        }
        Ok(())
    }
}

/// Excel's name of column `n` (1-based): 1 → `A`, 27 → `AA`.
pub fn column_letters(mut n: u32) -> String {
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_as_excel_names_them() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(5), "E");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(52), "AZ");
        assert_eq!(column_letters(703), "AAA");
    }

    #[test]
    fn a_sheet_location_reads_as_excel_shows_it() {
        let mut d = Diagnostic::new(Severity::Error, "bad-date", "facts/people.xlsx", 2, "m").at_column(5, "x");
        d.sheet = true;
        assert_eq!(d.to_string(), "error[bad-date]: facts/people.xlsx: E2: m");
        d.column = 0;
        assert_eq!(d.to_string(), "error[bad-date]: facts/people.xlsx: row 2: m");
        d.sheet = false;
        assert_eq!(d.to_string(), "error[bad-date]: facts/people.xlsx:2: m");
    }
}
