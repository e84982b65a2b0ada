//! One data row being parsed (数据行), with typed accessors that turn a bad
//! cell into a diagnostic quoting the value and saying what was expected, and
//! the read-only tables that references are resolved against. Used by the
//! per-file parsers on any thread. Depends on `schema`, `cell`, `diag`.

use super::cell::{self, BOOL_EXPECTED, DATE_EXPECTED};
use super::diag::{Diagnostic, Severity};
use super::intern::{IdTable, Interner};
use super::schema::Column;
use super::split::Cells;
use super::{Category, Day, Event, EventIx, PersonIx, Place, SubjectIx};
use rustc_hash::FxHashMap;

/// What a file's header says: its cells, and where each schema column is.
pub struct Header<'h> {
    pub file: &'h str,
    pub names: &'h [String],
    pub columns: &'static [Column],
    /// Schema column → header column.
    pub map: &'h [Option<usize>],
    /// Schema columns (bit `c`) that hold identifiers and are in the header:
    /// each row checks them for Excel's damage.
    pub identifiers: u32,
}

impl<'h> Header<'h> {
    pub fn new(file: &'h str, names: &'h [String], columns: &'static [Column], map: &'h [Option<usize>]) -> Header<'h> {
        let identifiers = (0..columns.len())
            .filter(|&c| columns[c].ty.identifier() && map[c].is_some())
            .fold(0u32, |bits, c| bits | 1 << c);
        Header { file, names, columns, map, identifiers }
    }
}

impl Header<'_> {
    /// `d`, placed at schema column `c` (if the header has it), quoting `value`.
    pub fn at(&self, d: Diagnostic, c: usize, value: &str) -> Diagnostic {
        match self.map[c] {
            Some(i) => d.at_column(i as u32 + 1, &self.names[i]).value(value),
            None => d,
        }
    }
}

/// A cell's bytes as text.
pub fn cell_text(bytes: &[u8]) -> &str {
    // SAFETY: every input was validated as UTF-8 as a whole before parsing
    // (`reader::scan` or `text::decode`), and CSV splits cells only at the ASCII
    // bytes `,` `"` `\r` `\n`, so every cell is valid UTF-8 too.
    unsafe { std::str::from_utf8_unchecked(bytes) }
}

/// One data row and the diagnostics found in it so far.
pub struct Row<'r> {
    pub header: &'r Header<'r>,
    pub line: u32,
    pub record: &'r Cells<'r>,
    pub diagnostics: Vec<Diagnostic>,
    /// Schema columns (bit `c`) whose cell was already reported as damaged by
    /// Excel: no further diagnostic is given about the same cell.
    pub flagged: u32,
}

impl<'r> Row<'r> {
    /// The trimmed cell of schema column `c`; "" when the column is absent.
    pub fn text(&self, c: usize) -> &'r str {
        let Some(i) = self.header.map[c] else { return "" };
        let bytes = self.record.get(i).unwrap_or(b"").trim_ascii();
        let text = cell_text(bytes);
        // Only a cell that begins or ends with a multi-byte character can have
        // Unicode white space (an ideographic space, U+3000) left to trim.
        let ends_ascii = |b: Option<&u8>| b.is_none_or(u8::is_ascii);
        if ends_ascii(bytes.first()) && ends_ascii(bytes.last()) { text } else { text.trim() }
    }

    pub fn name(&self, c: usize) -> &'static str {
        self.header.columns[c].name
    }

    pub fn ok(&self) -> bool {
        !self.diagnostics.iter().any(|d| d.is_error())
    }

    fn diagnostic(
        &self,
        severity: Severity,
        c: usize,
        code: &'static str,
        message: String,
        expected: &str,
    ) -> Diagnostic {
        let d = Diagnostic::new(severity, code, self.header.file, self.line, message).expected(expected);
        self.header.at(d, c, self.text(c))
    }

    pub fn error(&mut self, c: usize, code: &'static str, message: String, expected: &str) {
        if self.is_flagged(c) {
            return;
        }
        let d = self.diagnostic(Severity::Error, c, code, message, expected);
        self.diagnostics.push(d);
    }

    /// Warns `date-order` at column `later` when its date is before the one in `earlier`.
    pub fn date_order(
        &mut self,
        (earlier, from): (usize, Option<Day>),
        (later, to): (usize, Option<Day>),
        expected: &str,
    ) {
        if let (Some(a), Some(b)) = (from, to) {
            if b < a {
                let message = format!("{} {b} is before {} {a}", self.name(later), self.name(earlier));
                self.warning(later, "date-order", message, expected);
            }
        }
    }

    pub fn warning(&mut self, c: usize, code: &'static str, message: String, expected: &str) {
        if self.is_flagged(c) {
            return;
        }
        let mut d = self.diagnostic(Severity::Warning, c, code, message, expected);
        if matches!(code, "bad-id-number") {
            d.value = None; // personal data: the message carries the masked value
        }
        self.diagnostics.push(d);
    }

    fn is_flagged(&self, c: usize) -> bool {
        self.flagged & (1 << c) != 0
    }

    /// Reports the cell of schema column `c` as damaged by Excel (an error), and
    /// says nothing more about it.
    pub fn damaged(&mut self, c: usize, code: &'static str, message: String, expected: &str) {
        self.error(c, code, message, expected);
        if self.header.columns[c].personal() {
            // Personal data: the message says what happened without the value.
            if let Some(d) = self.diagnostics.last_mut() {
                d.value = None;
            }
        }
        self.flagged |= 1 << c;
    }

    /// An identifier that Excel wrote in scientific notation (`1.50203E+17`) is an
    /// error that says so.
    pub fn scientific(&mut self, c: usize) {
        let text = self.text(c);
        if self.is_flagged(c) || !cell::is_scientific(text) {
            return;
        }
        let name = self.name(c);
        let shown = if self.header.columns[c].personal() { "" } else { text };
        let message = format!(
            "{name} {shown}{}is a number in Excel's scientific notation: Excel stored the identifier as a number, kept 15 significant digits and wrote it rounded, so its digits are lost",
            if shown.is_empty() { "" } else { " " }
        );
        self.damaged(c, "excel-number", message, cell::EXCEL_TEXT_HINT);
    }

    pub fn required(&mut self, c: usize) -> Option<&'r str> {
        let text = self.text(c);
        if text.is_empty() {
            let name = self.name(c);
            self.error(c, "missing-field", format!("{name} is empty but required"), &format!("a value for `{name}`"));
            return None;
        }
        Some(text)
    }

    /// An optional date: `None` when empty or bad (bad is an error).
    pub fn date(&mut self, c: usize) -> Option<Day> {
        let text = self.text(c);
        if text.is_empty() {
            return None;
        }
        let day = cell::parse_date(text);
        if day.is_none() {
            let name = self.name(c);
            match cell::excel_serial(text) {
                Some(meant) => self.error(
                    c,
                    "excel-date-serial",
                    format!(
                        "{name} \"{text}\" is not a date but looks like an Excel date serial number ({text} is {meant}): Excel saved a date cell as its number"
                    ),
                    cell::EXCEL_DATE_HINT,
                ),
                None => self.error(c, "bad-date", format!("{name} \"{text}\" is not a valid date"), DATE_EXPECTED),
            }
        }
        day
    }

    pub fn required_date(&mut self, c: usize) -> Option<Day> {
        self.required(c)?;
        self.date(c)
    }

    pub fn code<T>(&mut self, c: usize, parse: fn(&str) -> Option<T>, expected: fn() -> String) -> Option<T> {
        let text = self.required(c)?;
        let value = parse(text);
        if value.is_none() {
            let name = self.name(c);
            self.error(
                c,
                "unknown-value",
                format!("{name} \"{text}\" is not a known value"),
                &format!("one of {}", expected()),
            );
        }
        value
    }

    /// An optional code: `Some(None)` when empty, `None` when bad.
    pub fn optional_code<T>(
        &mut self,
        c: usize,
        parse: fn(&str) -> Option<T>,
        expected: fn() -> String,
    ) -> Option<Option<T>> {
        if self.text(c).is_empty() { Some(None) } else { self.code(c, parse, expected).map(Some) }
    }

    pub fn boolean(&mut self, c: usize) -> Option<bool> {
        let text = self.text(c);
        let value = cell::parse_bool(text);
        if value.is_none() {
            let name = self.name(c);
            self.error(c, "bad-boolean", format!("{name} \"{text}\" is not yes or no"), BOOL_EXPECTED);
        }
        value
    }
}

/// The relations loaded so far, read-only, for resolving references from any thread.
pub struct Lookups<'a> {
    pub subject_ids: &'a Interner,
    pub subject_table: &'a IdTable,
    /// Each subject's category, by index: 1 byte a subject, so that looking it up
    /// for a row in random order stays in cache (the subjects are 28 bytes each).
    pub categories: &'a [Category],
    pub person_ids: &'a Interner,
    pub person_table: &'a IdTable,
    pub event_ids: &'a Interner,
    pub events: &'a [Event],
    /// Every role, and (person, subject) of each sorted, made when an objection first needs it.
    pub roles: &'a [super::RoleRow],
    pub roles_by_person: &'a std::sync::OnceLock<Vec<(PersonIx, SubjectIx)>>,
    /// Ids whose rows were rejected → the first such row's line, so that a
    /// reference to one can say why it is unknown.
    pub rejected_subjects: &'a FxHashMap<Box<str>, u32>,
    pub rejected_events: &'a FxHashMap<Box<str>, u32>,
    /// Department names settled by authorities.csv.
    pub authorities: &'a super::authority::Listed,
    /// Dates after this day get a `future-date` warning.
    pub today: Day,
    pub show_personal: bool,
    /// The files loaded so far, to name where a referenced row lives.
    pub files: &'a [super::FileSummary],
}

impl Lookups<'_> {
    /// The subject named in column `c`.
    pub fn subject_ref(&self, row: &mut Row, c: usize) -> Option<SubjectIx> {
        let id = row.required(c)?;
        match self.subject_table.get(self.subject_ids, id) {
            Some(sym) => Some(SubjectIx(sym.0)),
            None => unknown(row, c, id, "subject", &self.place("subjects.csv"), self.rejected_subjects),
        }
    }

    /// The person named in column `c`: `Some(None)` when empty, `None` when unknown.
    pub fn person_ref(&self, row: &mut Row, c: usize) -> Option<Option<PersonIx>> {
        let id = row.text(c);
        if id.is_empty() {
            return Some(None);
        }
        match self.person_table.get(self.person_ids, id) {
            Some(sym) => Some(Some(PersonIx(sym.0))),
            None => {
                let file = self.place("people.csv").file;
                row.error(
                    c,
                    "unknown-reference",
                    format!("person \"{id}\" is not in {file}"),
                    &format!("a `person` id from {file}, or empty"),
                );
                None
            }
        }
    }

    pub fn event_ref(&self, row: &mut Row, c: usize) -> Option<EventIx> {
        let id = row.required(c)?;
        match self.event_ids.get(id) {
            Some(sym) => Some(EventIx(sym.0)),
            None => unknown(row, c, id, "event", &self.place("events.csv"), self.rejected_events),
        }
    }

    /// What the user calls the file `name` (`subjects.csv`): its name, or its workbook's
    /// and sheet's (`subjects.xlsx`, `demo.xlsx[subjects]`).
    fn place(&self, name: &'static str) -> Place {
        Place::of(self.files, name)
    }

    /// Does `person` hold a role at `subject`?
    pub fn has_role(&self, person: PersonIx, subject: SubjectIx) -> bool {
        let index = self.roles_by_person.get_or_init(|| {
            let mut index: Vec<(PersonIx, SubjectIx)> = self.roles.iter().map(|r| (r.person, r.subject)).collect();
            index.sort_unstable();
            index
        });
        index.binary_search(&(person, subject)).is_ok()
    }

    pub fn future_warning(&self, row: &mut Row, c: usize, day: Option<Day>) {
        if let Some(day) = day {
            if day > self.today {
                let message = format!("{} {day} is after today ({})", row.name(c), self.today);
                row.warning(c, "future-date", message, "a date on or before today");
            }
        }
    }
}

/// Reports a reference to an id that `what`s file does not have; if the row with
/// that id was rejected, says so.
fn unknown<T>(
    row: &mut Row,
    c: usize,
    id: &str,
    what: &str,
    place: &Place,
    rejected: &FxHashMap<Box<str>, u32>,
) -> Option<T> {
    let (file, unit) = (&place.file, if place.sheet { "row" } else { "line" });
    let because = match rejected.get(id) {
        Some(line) => format!(" (its row, {file} {unit} {line}, has an error)"),
        None => String::new(),
    };
    let message = format!("{what} \"{id}\" is not in {file}{because}");
    row.error(c, "unknown-reference", message, &format!("the id of a row of {file}"));
    None
}
