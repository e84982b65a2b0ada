//! Rendering answers as tables, CSV and JSON (报表). Takes facts and the
//! model, returns strings; masks personal data (Art. 6); heads every
//! human-facing ledger with the Art. 14 notice; writes the ledgers as Excel
//! workbooks (bytes). No I/O.

pub mod answer;
pub mod catalogue;
pub mod diagnostics;
pub mod diff;
pub mod explain;
pub mod ledger;
pub mod objections;
pub mod procedure;
pub mod table;
pub mod timeline;
pub mod verify;
pub mod whynot;
pub mod workbook;

/// Art. 14: 只作内部管理使用，不对外公布.
pub const INTERNAL_NOTICE: &str = "内部管理使用，不对外公布（第十四条）";

/// Writes rows of string cells as CSV (RFC 4180 quoting) with a header.
pub fn to_csv(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut writer = csv::WriterBuilder::new().from_writer(Vec::new());
    writer.write_record(header).expect("writing to memory");
    for row in rows {
        writer.write_record(&row).expect("writing to memory");
    }
    String::from_utf8(writer.into_inner().expect("writing to memory")).expect("CSV of UTF-8 cells is UTF-8")
}

pub use crate::facts::cell::{day_or_empty, yes_no};
