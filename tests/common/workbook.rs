//! Fact folders written as Excel, as a bureau keeps them: one `.xlsx` per file
//! or one workbook with a sheet per file. Date columns become real date cells,
//! `level` and `deaths` number cells, everything else text cells.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};
use safecredit::facts::cell::parse_date;
use safecredit::facts::schema::{self, FileSchema, Type};
use std::path::Path;

/// How the sheets of a workbook are named.
#[derive(Clone, Copy)]
pub enum Names {
    /// `events`.
    English,
    /// `信用记录`.
    Chinese,
}

/// Writes every fact file of `dir` as a sheet of one workbook at `out`.
pub fn folder_to_workbook(dir: &Path, out: &Path, names: Names) {
    let mut book = workbook();
    for file in present(dir) {
        let sheet = book.add_worksheet();
        let name = match names {
            Names::English => file.name,
            Names::Chinese => file.label,
        };
        sheet.set_name(name).expect("a valid sheet name");
        fill(sheet, file, &dir.join(file.file));
    }
    book.save(out).expect("the workbook is written");
}

/// Writes each fact file of `dir` named in `which` as `NAME.xlsx` in `out`, and
/// copies the others as CSV.
pub fn folder_to_sheets(dir: &Path, out: &Path, which: &[&str]) {
    std::fs::create_dir_all(out).expect("the folder is made");
    for file in present(dir) {
        if which.contains(&file.name) {
            let mut book = workbook();
            fill(book.add_worksheet(), file, &dir.join(file.file));
            book.save(out.join(format!("{}.xlsx", file.name))).expect("the workbook is written");
        } else {
            std::fs::copy(dir.join(file.file), out.join(file.file)).expect("the CSV is copied");
        }
    }
}

/// A workbook whose bytes do not depend on when it was written.
pub fn workbook() -> Workbook {
    let mut book = Workbook::new();
    let when = ExcelDateTime::from_ymd(2026, 1, 1).expect("a date");
    book.set_properties(&DocProperties::new().set_creation_datetime(&when));
    book
}

fn present(dir: &Path) -> impl Iterator<Item = &'static FileSchema> + '_ {
    schema::FILES.iter().copied().filter(move |f| dir.join(f.file).is_file())
}

/// Writes a CSV file into a sheet, typing cells as a bureau's workbook would.
pub fn fill(sheet: &mut Worksheet, file: &FileSchema, csv_path: &Path) {
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).from_path(csv_path).expect("the CSV opens");
    let mut types: Vec<Option<Type>> = Vec::new();
    for (r, record) in reader.records().enumerate() {
        let record = record.expect("a CSV record");
        if r == 0 {
            types = record.iter().map(|name| file.column(name.trim()).map(|c| c.ty)).collect();
        }
        for (c, text) in record.iter().enumerate() {
            let (row, col) = (r as u32, c as u16);
            let ty = if r == 0 { None } else { types.get(c).copied().flatten() };
            if text.is_empty() {
                continue;
            }
            match ty {
                Some(Type::Date) => match parse_date(text.trim()) {
                    Some(day) => {
                        use chrono::Datelike;
                        let d = day.naive();
                        let date = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                            .expect("a date Excel can hold");
                        sheet.write_datetime_with_format(row, col, &date, &date_format).expect("a cell");
                    }
                    None => {
                        sheet.write_string(row, col, text).expect("a cell");
                    }
                },
                Some(Type::Count) | Some(Type::Enum(_)) if text.trim().parse::<u32>().is_ok() => {
                    sheet.write_number(row, col, text.trim().parse::<u32>().unwrap_or(0)).expect("a cell");
                }
                _ => {
                    sheet.write_string(row, col, text).expect("a cell");
                }
            }
        }
    }
}
