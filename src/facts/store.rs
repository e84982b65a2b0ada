//! Storing parsed rows (入库): each chunk is parsed on its own (`parse_chunk`),
//! the chunks are merged in file order (`Stored::absorb`), and what needs the
//! whole file is settled at its end: ids unique in their file
//! (`Stored::settle_keys`, one indexing pass, sequential only when some id
//! repeats) and which person a people row names (`settle_people`). The
//! diagnostics come out exactly as one ordered pass over the file makes them.
//! Depends on `row`, `parse`, `intern`, `reader`.

use super::diag::{Diagnostic, Severity};
use super::intern::{IdTable, Interner, Sym};
use super::parse::{Ctx, PersonRow};
use super::reader::{self, Record};
use super::row::{Header, Lookups, Row};
use super::schema::Type;
use super::split::Cells;
use super::{Person, PersonIx, RoleRow};
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU32, Ordering};

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
    super::AuthorityEntry => [name];
    super::Subject => [name, uscc, address];
    PersonRow => [name, id_number, phone];
    super::Standardization => [];
    super::Licence => [number];
    super::Listing => [sector];
    super::Inspection => [inspector];
    super::Objection => [collector, investigator, filed_with];
}

/// An event's department is text only on a penalty (see `Event::authority`).
impl Rebase for super::Event {
    fn line(&self) -> u32 {
        self.line
    }
    fn rebase(&mut self, to: impl Fn(Sym) -> Sym) {
        self.recorded_by = to(self.recorded_by);
        self.recorder = to(self.recorder);
        if self.kind == super::Kind::Penalty {
            self.shared = to(Sym(self.shared)).0;
        }
    }
}

/// What the rows of a file are keyed by, if anything: an id unique in the file
/// (checked by `Stored::settle_keys`), or people's `person` (`settle_people`).
#[derive(Clone)]
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

impl<R> Parsed<R> {
    pub fn new() -> Parsed<R> {
        Parsed {
            rows: Vec::new(),
            keys: Interner::for_ids(),
            rejected_keys: Vec::new(),
            text: Interner::default(),
            diagnostics: Vec::new(),
            skipped: Vec::new(),
            read: 0,
            blank: 0,
        }
    }

    /// Empties it for the next chunk, keeping its memory: memory touched for the
    /// first time costs a page fault, which is slow in a virtual machine.
    pub fn recycle(&mut self) {
        self.rows.clear();
        self.keys.truncate(0);
        self.rejected_keys.clear();
        self.text.truncate(1);
        self.diagnostics.clear();
        self.skipped.clear();
        (self.read, self.blank) = (0, 0);
    }
}

impl<R> Default for Parsed<R> {
    fn default() -> Self {
        Parsed::new()
    }
}

/// Parses the records of one chunk into `out` (empty). `complete` is false when
/// a required column is missing from the header: then every row is skipped,
/// silently but listed.
pub fn parse_chunk<R>(
    spec: &Spec<R>,
    header: &Header,
    complete: bool,
    lookups: &Lookups,
    bytes: &[u8],
    first_line: u32,
    out: &mut Parsed<R>,
) {
    // At most a row a line: the rows never move to grow.
    out.rows.reserve(memchr::memchr_iter(b'\n', bytes).count() + 1);
    let width = header.names.len();
    // Subjects and persons referred to a few rows ahead are fetched from memory
    // meanwhile, so that looking them up does not wait (the tables are large and
    // rows come in any order).
    let prefetch: Vec<(usize, &IdTable)> = header
        .columns
        .iter()
        .enumerate()
        .filter_map(|(c, column)| match column.ty {
            Type::Ref("subjects") => Some((c, lookups.subject_table)),
            Type::Ref("people") => Some((c, lookups.person_table)),
            _ => None,
        })
        .filter_map(|(c, table)| header.map[c].map(|i| (i, table)))
        .collect();
    let ahead = |record: &Cells| {
        for &(i, table) in &prefetch {
            if let Some(cell) = record.get(i) {
                table.prefetch(super::row::cell_text(cell.trim_ascii()));
            }
        }
    };
    reader::records(bytes, first_line, ahead, |line, record| {
        let record = match record {
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
        let row = Row { header, line, record, diagnostics: Vec::new(), flagged: 0 };
        parse_row(spec, lookups, row, out);
    });
}

/// Parses rows of a worksheet (`sheet`) into `out` (empty), as [`parse_chunk`]
/// parses a chunk of CSV: the sheet's rows are already cells of text, each with
/// what was found wrong with its cells as such.
pub fn parse_sheet_rows<R>(
    spec: &Spec<R>,
    header: &Header,
    complete: bool,
    lookups: &Lookups,
    rows: &[super::sheet::SheetRow],
    out: &mut Parsed<R>,
) {
    out.rows.reserve(rows.len());
    for sheet_row in rows {
        if sheet_row.blank {
            out.blank += 1;
            continue;
        }
        out.read += 1;
        if !complete {
            out.skipped.push(sheet_row.line);
            continue;
        }
        let mut row =
            Row { header, line: sheet_row.line, record: &sheet_row.record, diagnostics: Vec::new(), flagged: 0 };
        for (c, damage) in &sheet_row.damage {
            let (code, message, expected) = damage.describe(&header.columns[*c]);
            row.damaged(*c, code, message, expected);
        }
        // Cells right of the header come last in the row, after what the parser says.
        let (start, damaged) = (out.diagnostics.len(), row.diagnostics.len());
        row.diagnostics.extend(sheet_row.other.iter().cloned());
        parse_row(spec, lookups, row, out);
        out.diagnostics[start + damaged..].rotate_left(sheet_row.other.len());
    }
}

/// Parses one row: first its identifiers for Excel's damage, then the file's
/// own parser. A row with an error is skipped (and its key, if any, kept with
/// its line for the duplicate check).
fn parse_row<R>(spec: &Spec<R>, lookups: &Lookups, mut row: Row, out: &mut Parsed<R>) {
    let mut identifiers = row.header.identifiers;
    while identifiers != 0 {
        row.scientific(identifiers.trailing_zeros() as usize);
        identifiers &= identifiers - 1;
    }
    // Every parser returns `None` for a row with an error, this one's included.
    let parsed = (spec.parse)(&mut Ctx { lookups, text: &mut out.text }, &mut row);
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
            out.skipped.push(row.line);
            if let Some(key) = key {
                out.rejected_keys.push((key.into(), row.line));
            }
        }
    }
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
    /// Room for about `rows` rows of `bytes` bytes of text.
    pub fn new(rows: usize, bytes: usize) -> Stored<R> {
        let rows_vec = Vec::with_capacity(rows);
        super::pool::huge_pages(&rows_vec);
        let mut keys = Interner::for_ids();
        // Room that is never written costs address space, not memory; growing by
        // copying costs both. Keys are ids, shorter than their rows.
        keys.reserve_unindexed(rows, bytes / 4);
        Stored {
            rows: rows_vec,
            keys,
            rejected_keys: Vec::new(),
            diagnostics: Vec::new(),
            skipped: Vec::new(),
            read: 0,
            blank: 0,
        }
    }

    /// Appends the next chunk, leaving it empty; its text goes into `text`.
    pub fn absorb(&mut self, chunk: &mut Parsed<R>, text: &mut Interner) {
        // The chunk's "" is everyone's "": its other strings follow `text`'s.
        let first = text.extend_unindexed(&chunk.text, 1);
        let to = |s: Sym| if s.is_empty() { s } else { Sym(first.0 + s.0 - 1) };
        self.rows.extend(chunk.rows.drain(..).map(|mut row| {
            row.rebase(to);
            row
        }));
        self.keys.extend_unindexed(&chunk.keys, 0);
        self.rejected_keys.append(&mut chunk.rejected_keys);
        self.diagnostics.append(&mut chunk.diagnostics);
        self.skipped.append(&mut chunk.skipped);
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
///
/// The first row of each id is found on every core: the ids are split by hash,
/// so all rows of one id fall to one thread, which sees them in file order.
pub fn settle_people(
    stored: &mut Stored<PersonRow>,
    text: &Interner,
    header: &Header,
) -> (Interner, Vec<Person>, Vec<RoleRow>) {
    let n = stored.rows.len();
    let keys = &stored.keys;
    let threads = if n < 1 << 16 { 1 } else { super::pool::threads() };
    let first: Vec<AtomicU32> = (0..n).map(|_| AtomicU32::new(0)).collect();
    let hasher = rustc_hash::FxBuildHasher;
    let find_firsts = |part: usize| {
        let mut seen: hashbrown::HashTable<u32> = hashbrown::HashTable::with_capacity(n / threads);
        for i in 0..n as u32 {
            let id = keys.resolve(Sym(i));
            let hash = hasher.hash_one(id);
            if (hash >> 40) as usize % threads != part {
                continue;
            }
            let at = match seen.find(hash, |&j| keys.resolve(Sym(j)) == id) {
                Some(&j) => j,
                None => {
                    seen.insert_unique(hash, i, |&j| hasher.hash_one(keys.resolve(Sym(j))));
                    i
                }
            };
            first[i as usize].store(at, Ordering::Relaxed);
        }
    };
    if threads == 1 {
        find_firsts(0);
    } else {
        // On rayon's threads, as every parallel step of the load (see `pool`).
        rayon::scope(|scope| {
            for part in 0..threads {
                scope.spawn(move |_| find_firsts(part));
            }
        });
    }
    // Persons in the order of their first rows; each row names its first row's person.
    let mut ids = Interner::for_ids();
    ids.reserve_unindexed(n, keys.len_bytes());
    let mut persons = Vec::with_capacity(n);
    let mut roles: Vec<RoleRow> = Vec::with_capacity(n);
    let mut mismatches = Vec::new();
    for (i, row) in stored.rows.iter().enumerate() {
        let first = first[i].load(Ordering::Relaxed) as usize;
        let person = if first == i {
            ids.push_unindexed(keys.resolve(Sym(i as u32)));
            persons.push(Person { name: row.name, id_number: row.id_number, phone: row.phone, line: row.line });
            PersonIx(persons.len() as u32 - 1)
        } else {
            let person = roles[first].person;
            let known: &Person = &persons[person.0 as usize];
            // Equal symbols are equal names (a chunk interns each name once); only others are read.
            if known.name != row.name {
                let (name, known_name) = (text.resolve(row.name), text.resolve(known.name));
                if !name.is_empty() && !known_name.is_empty() && known_name != name {
                    let id = keys.resolve(Sym(i as u32));
                    let message =
                        format!("person \"{id}\" is named \"{name}\" here but \"{known_name}\" on line {}", known.line);
                    let expected = "the same name for the same person id";
                    let d = Diagnostic::new(Severity::Warning, "person-mismatch", header.file, row.line, message);
                    mismatches.push((header.at(d.expected(expected), super::schema::people::NAME, name), false));
                }
            }
            person
        };
        roles.push(RoleRow { subject: row.subject, person, role: row.role, line: row.line });
    }
    let indexed = ids.index_pushed();
    debug_assert!(indexed.is_ok(), "one id per person");
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
