//! Storing parsed rows (入库): each chunk is parsed on its own (`parse_chunk`),
//! the chunks are merged in file order (`Stored::absorb`), and what needs the
//! whole file is settled at its end: ids unique in their file
//! (`Stored::settle_keys`, one indexing pass, sequential only when some id
//! repeats) and which person a people row names (`settle_people`). The
//! diagnostics come out exactly as one ordered pass over the file makes them.
//! Depends on `row`, `parse`, `intern`, `reader`.

use super::diag::{Diagnostic, Severity};
use super::intern::{Interner, Sym};
use super::parse::{Ctx, PersonRow};
use super::reader::{self, Record};
use super::row::{Header, Lookups, Row};
use super::{Person, PersonIx, RoleRow};
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;

/// A parsed row whose text symbols belong to its chunk until it is merged.
pub trait Rebase {
    fn line(&self) -> u32;
    /// Replaces every text symbol `s` by `to(s)`.
    fn rebase(&mut self, to: impl Fn(Sym) -> Sym);
}

macro_rules! rebase {
    ($($ty:ty => [$($field:ident),*];)+) => {$(
        impl Rebase for $ty {
            fn line(&self) -> u32 {
                self.line
            }
            #[allow(unused_variables)]
            fn rebase(&mut self, to: impl Fn(Sym) -> Sym) {
                $( self.$field = to(self.$field); )*
            }
        }
    )+};
}

rebase! {
    super::CalendarEntry => [name];
    super::Subject => [name, uscc, address];
    PersonRow => [name, id_number, phone];
    super::Standardization => [];
    super::Event => [authority, note];
    super::Listing => [sector];
    super::Inspection => [inspector];
    super::Objection => [collector, investigator];
}

/// What the rows of a file are keyed by, if anything: an id unique in the file
/// (checked by `Stored::settle_keys`), or people's `person` (`settle_people`).
pub struct Key {
    /// The schema column holding the key.
    pub column: usize,
    /// The key of a cell's text, if it has one.
    pub of: fn(&str) -> Option<Cow<'_, str>>,
    /// A rejected row claims its key too: a later row with it is a duplicate.
    pub rejected_claims: bool,
    /// The duplicate's diagnostic comes first in its row (else last).
    pub first: bool,
    /// The duplicate's message, from the key and the first line that has it.
    pub message: fn(&str, u32) -> String,
    pub expected: &'static str,
}

/// How one file is parsed: its row parser and its key.
pub struct Spec<R> {
    pub parse: fn(&mut Ctx, &mut Row) -> Option<R>,
    pub key: Option<Key>,
}

/// One chunk, parsed.
pub struct Parsed<R> {
    rows: Vec<R>,
    /// The keys of `rows`, in order (not looked up).
    keys: Interner,
    /// The keys of rows that were rejected, with their lines.
    rejected_keys: Vec<(Box<str>, u32)>,
    /// The chunk's own text; `rows` refer to it.
    text: Interner,
    diagnostics: Vec<Diagnostic>,
    skipped: Vec<u32>,
    /// Data rows read (not blank).
    read: usize,
    blank: usize,
}

/// Parses the records of one chunk. `complete` is false when a required column
/// is missing from the header: then every row is skipped, silently but listed.
pub fn parse_chunk<R>(
    spec: &Spec<R>,
    header: &Header,
    complete: bool,
    lookups: &Lookups,
    bytes: &[u8],
    first_line: u32,
) -> Parsed<R> {
    let mut out = Parsed {
        rows: Vec::new(),
        keys: Interner::for_ids(),
        rejected_keys: Vec::new(),
        text: Interner::default(),
        diagnostics: Vec::new(),
        skipped: Vec::new(),
        read: 0,
        blank: 0,
    };
    let mut ctx = Ctx { lookups, text: &mut out.text };
    let width = header.names.len();
    reader::records(bytes, first_line, |line, record| {
        let record = match record {
            Record::Broken(message) => {
                let message = format!("cannot read this row: {message}");
                out.diagnostics.push(Diagnostic::new(Severity::Error, "csv-structure", header.file, line, message));
                return;
            }
            Record::Blank => {
                out.blank += 1;
                return;
            }
            Record::Row(record) => record,
        };
        out.read += 1;
        if !complete {
            out.skipped.push(line);
            return;
        }
        if record.len() != width {
            out.diagnostics.push(
                Diagnostic::new(
                    Severity::Error,
                    "csv-structure",
                    header.file,
                    line,
                    format!("this row has {} cells but the header has {width}", record.len()),
                )
                .expected(format!(
                    "{width} comma-separated cells, one per header column (quote cells that contain commas)"
                )),
            );
            out.skipped.push(line);
            return;
        }
        let mut row = Row { header, line, record, diagnostics: Vec::new() };
        let parsed = (spec.parse)(&mut ctx, &mut row);
        let key = spec.key.as_ref().and_then(|k| (k.of)(row.text(k.column)));
        out.diagnostics.append(&mut row.diagnostics);
        match parsed {
            Some(parsed) => {
                out.rows.push(parsed);
                if spec.key.is_some() {
                    out.keys.push_unindexed(key.as_deref().unwrap_or(""));
                }
            }
            None => {
                out.skipped.push(line);
                if let Some(key) = key {
                    out.rejected_keys.push((key.into(), line));
                }
            }
        }
    });
    out
}

/// A file's rows, merged from its chunks in order.
pub struct Stored<R> {
    pub rows: Vec<R>,
    /// The keys of `rows`, in order; after `settle_keys`, indexed.
    pub keys: Interner,
    rejected_keys: Vec<(Box<str>, u32)>,
    /// The diagnostics of the rows, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// Lines of rows not loaded.
    pub skipped: Vec<u32>,
    pub read: usize,
    pub blank: usize,
}

impl<R: Rebase> Stored<R> {
    pub fn new(rows: usize) -> Stored<R> {
        let rows = Vec::with_capacity(rows);
        super::pool::huge_pages(&rows);
        Stored {
            rows,
            keys: Interner::for_ids(),
            rejected_keys: Vec::new(),
            diagnostics: Vec::new(),
            skipped: Vec::new(),
            read: 0,
            blank: 0,
        }
    }

    /// Appends the next chunk; its text moves into `text`.
    pub fn absorb(&mut self, chunk: Parsed<R>, text: &mut Interner) {
        // The chunk's "" is everyone's "": its other strings follow `text`'s.
        let first = text.extend_unindexed(&chunk.text, 1);
        let to = |s: Sym| if s.is_empty() { s } else { Sym(first.0 + s.0 - 1) };
        self.rows.extend(chunk.rows.into_iter().map(|mut row| {
            row.rebase(to);
            row
        }));
        self.keys.extend_unindexed(&chunk.keys, 0);
        self.rejected_keys.extend(chunk.rejected_keys);
        self.diagnostics.extend(chunk.diagnostics);
        self.skipped.extend(chunk.skipped);
        self.read += chunk.read;
        self.blank += chunk.blank;
    }

    /// Checks that keys are unique, reports every repeat, and drops accepted rows
    /// that repeat an earlier row's key. Returns the keys whose first row was
    /// rejected (→ that line), for references that name them.
    ///
    /// Usually no key repeats: indexing the keys in one pass shows it, and a few
    /// rejected rows are looked up. Otherwise every row is checked in line order.
    pub fn settle_keys(&mut self, key: &Key, header: &Header) -> FxHashMap<Box<str>, u32> {
        let distinct = self.keys.index_pushed().is_ok() && {
            let mut seen = FxHashSet::default();
            self.rejected_keys.iter().all(|(k, _)| self.keys.get(k).is_none() && seen.insert(&**k))
        };
        if distinct {
            return std::mem::take(&mut self.rejected_keys).into_iter().filter(|_| key.rejected_claims).collect();
        }
        // Every row with a key, in line order: (line, accepted row index or rejected key index).
        let mut order: Vec<(u32, Result<usize, usize>)> =
            self.rows.iter().map(|r| r.line()).zip(0..).map(|(l, i)| (l, Ok(i))).collect();
        order.extend(self.rejected_keys.iter().enumerate().map(|(i, (_, line))| (*line, Err(i))));
        order.sort_unstable_by_key(|&(line, _)| line);
        let text = |at: &Result<usize, usize>| match *at {
            Ok(i) => self.keys.resolve(Sym(i as u32)),
            Err(i) => &self.rejected_keys[i].0,
        };
        let mut first: FxHashMap<&str, (u32, bool)> = FxHashMap::default();
        let mut dropped = vec![false; self.rows.len()];
        let mut repeats = Vec::new();
        for (line, at) in &order {
            let k = text(at);
            if k.is_empty() {
                continue;
            }
            match first.get(k) {
                Some(&(first_line, _)) => {
                    let message = (key.message)(k, first_line);
                    let d = Diagnostic::new(Severity::Error, "duplicate-id", header.file, *line, message);
                    let d = header.at(d.expected(key.expected), key.column, k);
                    repeats.push((d, key.first));
                    if let Ok(i) = at {
                        dropped[*i] = true;
                    }
                }
                None if at.is_ok() || key.rejected_claims => {
                    first.insert(k, (*line, at.is_ok()));
                }
                None => {}
            }
        }
        let rejected: FxHashMap<Box<str>, u32> = match key.rejected_claims {
            true => {
                first.iter().filter(|(_, (_, accepted))| !accepted).map(|(k, (line, _))| ((*k).into(), *line)).collect()
            }
            false => FxHashMap::default(),
        };
        // Keep the rows and keys that are not repeats, and index the keys again.
        let mut keys = Interner::for_ids();
        let mut kept = Vec::with_capacity(self.rows.len());
        for (i, row) in std::mem::take(&mut self.rows).into_iter().enumerate() {
            if dropped[i] {
                self.skipped.push(row.line());
            } else {
                keys.push_unindexed(self.keys.resolve(Sym(i as u32)));
                kept.push(row);
            }
        }
        self.rows = kept;
        let indexed = keys.index_pushed();
        debug_assert!(indexed.is_ok(), "the kept keys are distinct");
        self.keys = keys;
        self.rejected_keys.clear();
        self.skipped.sort_unstable();
        insert_by_line(&mut self.diagnostics, repeats);
        rejected
    }
}

/// Settles which person each people row names, in file order: the first row with
/// a `person` id makes the person; a later row with another name for it gets a
/// warning. Returns the person ids (indexed), the persons and the roles.
pub fn settle_people(
    stored: &mut Stored<PersonRow>,
    text: &Interner,
    header: &Header,
) -> (Interner, Vec<Person>, Vec<RoleRow>) {
    let mut ids = Interner::for_ids();
    ids.reserve(stored.rows.len());
    let mut persons = Vec::with_capacity(stored.rows.len());
    let mut roles = Vec::with_capacity(stored.rows.len());
    let mut mismatches = Vec::new();
    for (i, row) in stored.rows.iter().enumerate() {
        let id = stored.keys.resolve(Sym(i as u32));
        let person = match ids.intern_new(id) {
            Ok(sym) => {
                persons.push(Person { name: row.name, id_number: row.id_number, phone: row.phone, line: row.line });
                sym
            }
            Err(sym) => {
                let known: &Person = &persons[sym.0 as usize];
                let (name, known_name) = (text.resolve(row.name), text.resolve(known.name));
                if !name.is_empty() && !known_name.is_empty() && known_name != name {
                    let message =
                        format!("person \"{id}\" is named \"{name}\" here but \"{known_name}\" on line {}", known.line);
                    let c = super::schema::people::NAME;
                    let expected = "the same name for the same person id";
                    let d = Diagnostic::new(Severity::Warning, "person-mismatch", header.file, row.line, message);
                    let d = header.at(d.expected(expected), c, name);
                    mismatches.push((d, false));
                }
                sym
            }
        };
        roles.push(RoleRow { subject: row.subject, person: PersonIx(person.0), role: row.role, line: row.line });
    }
    insert_by_line(&mut stored.diagnostics, mismatches);
    (ids, persons, roles)
}

/// Merges diagnostics into a list in line order: each goes before (`true`) or
/// after (`false`) the diagnostics already there for its line. Both lists are in
/// line order.
fn insert_by_line(diagnostics: &mut Vec<Diagnostic>, extra: Vec<(Diagnostic, bool)>) {
    if extra.is_empty() {
        return;
    }
    let mut merged = Vec::with_capacity(diagnostics.len() + extra.len());
    let mut old = std::mem::take(diagnostics).into_iter().peekable();
    for (d, first) in extra {
        while let Some(next) = old.next_if(|o| if first { o.line < d.line } else { o.line <= d.line }) {
            merged.push(next);
        }
        merged.push(d);
    }
    merged.extend(old);
    *diagnostics = merged;
}
