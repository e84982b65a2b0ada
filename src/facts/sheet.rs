//! Excel worksheets (工作表) as fact files, read with calamine into rows of text
//! cells that the per-file parsers take exactly as they take CSV rows.
//!
//! What a cell's Excel type says is settled here, once:
//! - a date cell becomes the date's text (`2024-03-05`); a text cell stays as
//!   typed, in the date spellings CSV accepts;
//! - a whole number becomes its digits (`level` 2, `deaths` 1);
//! - a number in an identifier column ([`Type::identifier`]) is damage: Excel
//!   keeps 15 significant digits, so the value cannot be trusted;
//! - an error cell (`#N/A`) is damage anywhere.
//!
//! Damage is reported by the row (`Row::damaged`) with the rest of the row's
//! diagnostics. Row numbers are Excel's (the header is row 1 of a sheet that
//! starts at A1); the loader shows a location as a cell, `E2`.
//! Depends on `schema`, `diag`.

use super::diag::{Diagnostic, Severity};
use super::schema::{Column, Type};
use super::split;
use calamine::{Data, Range, Reader};
use std::path::Path;

/// A worksheet's cells.
pub type Cells = Range<Data>;

type Book = calamine::Xlsx<std::io::BufReader<std::fs::File>>;

fn open(path: &Path) -> Result<Book, String> {
    calamine::open_workbook(path).map_err(|e: calamine::XlsxError| e.to_string())
}

/// The first worksheet of a workbook (a per-file `.xlsx` in a facts folder).
pub fn first_sheet(path: &Path) -> Result<Cells, String> {
    let mut book = open(path)?;
    match book.worksheet_range_at(0) {
        Some(cells) => cells.map_err(|e| e.to_string()),
        None => Err("the workbook has no worksheet".to_string()),
    }
}

/// Every worksheet of a workbook, by name, in the workbook's order.
pub fn all_sheets(path: &Path) -> Result<Vec<(String, Cells)>, String> {
    let mut book = open(path)?;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let cells = book.worksheet_range(&name).map_err(|e| format!("sheet {name}: {e}"))?;
        sheets.push((name, cells));
    }
    Ok(sheets)
}

/// The header row of a sheet: its number and its cells up to the last filled
/// one. `None` when every cell is empty.
pub struct Head {
    pub row: u32,
    pub names: Vec<String>,
    /// The sheet's first column (0 = A): header column `i` is Excel column `first_column + i`.
    pub first_column: u32,
    /// Index of the header in `cells.rows()`.
    index: usize,
}

pub fn head(cells: &Cells) -> Option<Head> {
    let (top, left) = cells.start()?;
    let (index, row) = cells.rows().enumerate().find(|(_, row)| row.iter().any(|c| !blank(c)))?;
    let mut names: Vec<String> = row.iter().map(|c| plain_text(c).trim().to_string()).collect();
    while names.last().is_some_and(|n| n.is_empty()) {
        names.pop();
    }
    Some(Head { row: top + index as u32 + 1, names, first_column: left, index })
}

/// One data row of a sheet, its cells as text, one per header column.
pub struct SheetRow {
    /// The row number Excel shows.
    pub line: u32,
    pub record: split::Cells<'static>,
    /// Every cell empty.
    pub blank: bool,
    /// Cells of schema columns that Excel damaged (schema column, what it holds).
    pub damage: Vec<(usize, Damage)>,
    /// Problems of cells outside the schema's columns.
    pub other: Vec<Diagnostic>,
}

/// A cell whose value cannot be trusted.
#[derive(Clone, Debug)]
pub enum Damage {
    /// A number in an identifier column, as Excel shows it.
    Number(String),
    /// An Excel error value such as `#N/A`.
    Error(String),
}

impl Damage {
    /// The diagnostic's code, message and what was expected, for schema column `column`.
    pub fn describe(&self, column: &Column) -> (&'static str, String, &'static str) {
        let (name, personal) = (column.name, column.personal());
        match self {
            Damage::Number(shown) => {
                let shown = if personal { String::new() } else { format!(" ({shown})") };
                let message = format!(
                    "{name} is a number cell{shown}, not text: Excel keeps only 15 significant digits of a number, so an identifier typed as one cannot be trusted"
                );
                ("excel-number", message, super::cell::EXCEL_TEXT_HINT)
            }
            Damage::Error(value) => (
                "excel-error",
                format!("{name} holds the Excel error value {value}"),
                "a value: correct the formula or type the value in",
            ),
        }
    }
}

/// The data rows below `head`. `columns[i]` is the schema column of header column `i`.
pub fn rows(cells: &Cells, head: &Head, columns: &[Option<(usize, &Column)>], file: &str) -> Vec<SheetRow> {
    let width = head.names.len();
    let mut out = Vec::with_capacity(cells.height().saturating_sub(head.index + 1));
    let mut texts: Vec<String> = Vec::with_capacity(width);
    for (offset, row) in cells.rows().enumerate().skip(head.index + 1) {
        let line = head.row + (offset - head.index) as u32;
        let mut damage = Vec::new();
        let mut other = Vec::new();
        texts.clear();
        for (i, cell) in row.iter().enumerate() {
            let column = columns.get(i).copied().flatten();
            if i >= width {
                if !blank(cell) {
                    let text = plain_text(cell);
                    other.push(
                        Diagnostic::new(
                            Severity::Error,
                            "cell-outside-header",
                            file,
                            line,
                            "this cell is to the right of the header's last column",
                        )
                        .at_column(i as u32 + 1, "")
                        .value(&text)
                        .expected("every value under a header cell; delete the cell or name its column"),
                    );
                }
                continue;
            }
            let ty = column.map(|(_, c)| c.ty);
            texts.push(match convert(cell, ty) {
                Ok(text) => text,
                Err(d) => {
                    // A damaged cell outside the schema's columns is in an ignored column.
                    let text = match &d {
                        Damage::Number(shown) | Damage::Error(shown) => shown.clone(),
                    };
                    if let Some((c, _)) = column {
                        damage.push((c, d));
                    }
                    text
                }
            });
        }
        texts.resize(width, String::new());
        let blank = texts.iter().all(|t| t.trim().is_empty()) && other.is_empty();
        let record = split::Cells::from_cells(texts.iter().map(|t| t.as_bytes()));
        out.push(SheetRow { line, record, blank, damage, other });
    }
    out
}

/// The text a parser reads for a cell of type `ty` (`None`: a column the schema
/// does not have), or the damage that makes its value untrustworthy.
fn convert(cell: &Data, ty: Option<Type>) -> Result<String, Damage> {
    let identifier = ty.is_some_and(Type::identifier);
    match cell {
        Data::Int(n) if identifier => Err(Damage::Number(n.to_string())),
        Data::Float(f) if identifier => Err(Damage::Number(general(*f))),
        Data::Error(e) => Err(Damage::Error(e.to_string())),
        _ => Ok(plain_text(cell)),
    }
}

/// A cell as text, as a user would type it: dates as `YYYY-MM-DD`, whole numbers
/// without a decimal point.
fn plain_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Bool(b) => (if *b { "true" } else { "false" }).to_string(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Data::DateTime(dt) => dt.as_f64().to_string(),
        // ISO dates (OpenDocument): the date part of `2024-03-05T00:00:00`.
        Data::DateTimeIso(s) => s.split('T').next().unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
    }
}

fn blank(cell: &Data) -> bool {
    match cell {
        Data::Empty => true,
        Data::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// A number as Excel's General format shows it in a normal-width column: whole
/// numbers up to 11 digits in full, longer ones as `1.50203E+17`.
pub fn general(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e11 {
        return format!("{}", f as i64);
    }
    if f.abs() < 1e11 && f.abs() >= 1e-4 {
        return format!("{f}");
    }
    let formatted = format!("{f:.5E}"); // 1.50203E17
    let (mantissa, exponent) = formatted.split_once('E').unwrap_or((&formatted, "0"));
    let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
    let (sign, digits) = match exponent.strip_prefix('-') {
        Some(digits) => ('-', digits),
        None => ('+', exponent),
    };
    format!("{mantissa}E{sign}{digits:0>2}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_show_as_excel_general_format_shows_them() {
        assert_eq!(general(150203198001011234.0), "1.50203E+17");
        assert_eq!(general(13812345678.0), "13812345678");
        assert_eq!(general(913812345678.0), "9.13812E+11");
        assert_eq!(general(1381234567.0), "1381234567");
        assert_eq!(general(2.5), "2.5");
        assert_eq!(general(1e20), "1E+20");
        assert!(super::super::cell::is_scientific(&general(915002036615837000.0)));
    }

    #[test]
    fn cells_become_the_text_a_user_would_type() {
        assert_eq!(plain_text(&Data::Float(2.0)), "2");
        assert_eq!(plain_text(&Data::Int(1)), "1");
        assert_eq!(plain_text(&Data::Bool(true)), "true");
        assert_eq!(plain_text(&Data::DateTimeIso("2024-02-29T00:00:00".into())), "2024-02-29");
        let leap = calamine::ExcelDateTime::new(45351.0, calamine::ExcelDateTimeType::DateTime, false);
        assert_eq!(plain_text(&Data::DateTime(leap)), "2024-02-29");
        assert!(matches!(convert(&Data::Float(1.5e17), Some(Type::Code)), Err(Damage::Number(_))));
        assert!(matches!(convert(&Data::Int(7), Some(Type::Ref("subjects"))), Err(Damage::Number(_))));
        assert_eq!(convert(&Data::Float(3.0), Some(Type::Count)).ok().as_deref(), Some("3"));
        assert!(matches!(convert(&Data::Error(calamine::CellErrorType::NA), Some(Type::Text)), Err(Damage::Error(_))));
    }
}
