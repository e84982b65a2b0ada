//! The loader: a facts folder (or in-memory files) → a [`FactSet`] and the
//! diagnostics found on the way. It reads every file completely and reports
//! every problem in one pass; a row with an error is not loaded, and is
//! listed, so nothing is lost silently. Whether to go on with errors is the
//! caller's decision (`--lenient`). Depends on the other `facts` modules.

use super::cell::{self, BOOL_EXPECTED, DATE_EXPECTED};
use super::checksum::{self, CheckFailure};
use super::codes::{AccidentLevel, Category, DayKind, Decision, Kind, Level, Outcome, Role};
use super::day::Day;
use super::diag::{Diagnostic, Severity};
use super::intern::{Interner, Sym};
use super::privacy;
use super::text;
use super::*;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

/// The files of a facts folder, in load order (later files refer to earlier ones).
pub const FILES: &[&str] = &[
    "calendar.csv",
    "subjects.csv",
    "people.csv",
    "standardization.csv",
    "events.csv",
    "joint_punishments.csv",
    "inspections.csv",
    "objections.csv",
];

#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Dates after this day get a `future-date` warning.
    pub today: Day,
    /// Quote ID and phone numbers in full in diagnostics (`--show-personal`).
    pub show_personal: bool,
}

/// Where fact files come from: a folder, or files held in memory (scenarios).
pub enum Source<'a> {
    Dir(&'a Path),
    Memory { label: &'a str, files: &'a [(String, Vec<u8>)] },
}

impl Source<'_> {
    fn display(&self, file: &str) -> String {
        match self {
            Source::Dir(dir) => dir.join(file).display().to_string(),
            Source::Memory { label, .. } => format!("{label}[{}]", file.trim_end_matches(".csv")),
        }
    }

    fn open(&self, file: &str) -> Option<std::io::Result<Opened>> {
        match self {
            Source::Dir(dir) => {
                let path: PathBuf = dir.join(file);
                match std::fs::metadata(&path) {
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                    Err(e) => Some(Err(e)),
                    Ok(m) if m.is_dir() => Some(Err(std::io::Error::other("Is a directory"))),
                    Ok(_) => Some(Ok(Opened::File(path))),
                }
            }
            Source::Memory { files, .. } => {
                files.iter().find(|(name, _)| name == file).map(|(_, b)| Ok(Opened::Bytes(b.clone())))
            }
        }
    }
}

/// An input file: in memory, or on disk to be streamed.
enum Opened {
    Bytes(Vec<u8>),
    File(PathBuf),
}

/// A row that was not loaded because it has an error.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SkippedRow {
    pub file: String,
    pub line: u32,
}

pub struct Loaded {
    pub facts: FactSet,
    pub diagnostics: Vec<Diagnostic>,
    pub skipped: Vec<SkippedRow>,
}

impl Loaded {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Warning).count()
    }
}

/// Why a whole load could not start (exit code 2, not a fact error).
#[derive(Debug)]
pub struct LoadFailure(pub String);

pub fn load_dir(dir: &Path, options: &LoadOptions) -> Result<Loaded, LoadFailure> {
    load_dir_with_progress(dir, options, &mut |_, _, _| {})
}

pub fn load_dir_with_progress(dir: &Path, options: &LoadOptions, progress: Progress) -> Result<Loaded, LoadFailure> {
    if !dir.is_dir() {
        return Err(LoadFailure(format!(
            "facts folder {} does not exist or is not a folder (choose one with --facts DIR)",
            dir.display()
        )));
    }
    Ok(load_with_progress(&Source::Dir(dir), options, progress))
}

fn columns_of(file: &str) -> &'static [Col] {
    match file {
        "calendar.csv" => CALENDAR,
        "subjects.csv" => SUBJECTS,
        "people.csv" => PEOPLE,
        "standardization.csv" => STANDARDIZATION,
        "events.csv" => EVENTS,
        "joint_punishments.csv" => LISTINGS,
        "inspections.csv" => INSPECTIONS,
        "objections.csv" => OBJECTIONS,
        _ => unreachable!("FILES lists only known files"),
    }
}

/// Where lines with content begin, as a [`CountingReader`] sees them:
/// (byte offset of the first byte that is not a line break, its line number).
#[derive(Clone, Default)]
struct LineCounter(std::rc::Rc<std::cell::RefCell<LineState>>);

#[derive(Default)]
struct LineState {
    starts: std::collections::VecDeque<(u64, u32)>,
    /// Line breaks so far.
    breaks: u32,
    /// The last byte was a line break (or nothing was read yet).
    at_line_start: bool,
    started: bool,
}

impl LineCounter {
    /// The line of a record whose position is `offset`. The csv crate's
    /// positions may point at the line break ending the line before (CRLF)
    /// or at blank lines it then skips, and its own line numbers are off with
    /// CRLF: the record starts at the first content at or after `offset`.
    /// Offsets must not decrease.
    fn line_at(&self, offset: u64) -> u32 {
        let mut state = self.0.borrow_mut();
        while state.starts.front().is_some_and(|&(start, _)| start < offset) {
            state.starts.pop_front();
        }
        state.starts.front().map_or(state.breaks + 1, |&(_, line)| line)
    }
}

/// Passes bytes through, noting where lines with content begin (the CSV
/// reader reads ahead by at most its buffer, so few are pending at a time).
struct CountingReader<R> {
    inner: R,
    lines: LineCounter,
    offset: u64,
}

impl<R: std::io::Read> std::io::Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let mut state = self.lines.0.borrow_mut();
        if !state.started {
            state.started = true;
            state.at_line_start = true;
        }
        let bytes = &buf[..n];
        let mut i = 0;
        loop {
            if state.at_line_start {
                // The content of the next line starts after any further line breaks.
                while let Some(&b) = bytes.get(i).filter(|&&b| b == b'\n' || b == b'\r') {
                    state.breaks += u32::from(b == b'\n');
                    i += 1;
                }
                if i == n {
                    break;
                }
                state.at_line_start = false;
                let line = state.breaks + 1;
                state.starts.push_back((self.offset + i as u64, line));
            }
            match memchr::memchr(b'\n', &bytes[i..]) {
                Some(j) => {
                    state.breaks += 1;
                    state.at_line_start = true;
                    i += j + 1;
                }
                None => break,
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// One column of a file's schema.
struct Col {
    name: &'static str,
    required: bool,
}

const fn req(name: &'static str) -> Col {
    Col { name, required: true }
}
const fn opt(name: &'static str) -> Col {
    Col { name, required: false }
}

const SUBJECTS: &[Col] = &[req("id"), opt("name"), req("category"), opt("uscc"), opt("address"), opt("committed_on")];
const PEOPLE: &[Col] = &[req("subject"), req("person"), opt("name"), req("role"), opt("id_number"), opt("phone")];
const STANDARDIZATION: &[Col] = &[req("subject"), req("level"), req("awarded_on"), opt("expires_on")];
const EVENTS: &[Col] = &[
    req("id"),
    req("subject"),
    opt("person"),
    req("date"),
    req("kind"),
    opt("accident_level"),
    opt("deaths"),
    opt("liable"),
    opt("typical"),
    opt("authority"),
    opt("repaired_on"),
    opt("note"),
];
const LISTINGS: &[Col] = &[req("subject"), opt("sector"), req("listed_on"), opt("lifted_on")];
const INSPECTIONS: &[Col] = &[req("id"), req("subject"), req("date"), opt("inspector")];
const OBJECTIONS: &[Col] = &[
    req("id"),
    req("subject"),
    req("event"),
    req("filed_on"),
    opt("decision"),
    opt("decided_on"),
    opt("collector"),
    opt("investigator"),
    opt("replied_on"),
    opt("outcome"),
];
const CALENDAR: &[Col] = &[req("date"), req("kind"), opt("name")];

/// Ids of rows that were rejected, so that a reference to one can say why
/// it is unknown instead of just "unknown".
#[derive(Default)]
struct Rejected {
    subjects: FxHashMap<String, u32>,
    events: FxHashMap<String, u32>,
}

/// Told how loading goes: (file, rows read so far in it, files done).
pub type Progress<'p> = &'p mut dyn FnMut(&str, usize, usize);

pub fn load(source: &Source, options: &LoadOptions) -> Loaded {
    load_with_progress(source, options, &mut |_, _, _| {})
}

/// [`load`], calling `progress` now and then (every 64k rows and per file).
pub fn load_with_progress(source: &Source, options: &LoadOptions, progress: Progress) -> Loaded {
    std::thread::scope(|scope| {
        // Files on disk are scanned (encoding, quotes, lines) one ahead of loading, on another thread.
        let scans = match source {
            Source::Dir(dir) => {
                let (send, scans) = std::sync::mpsc::channel();
                std::thread::Builder::new()
                    .name("scan-csv".into())
                    .spawn_scoped(scope, move || {
                        for file in FILES {
                            let path = dir.join(file);
                            let scan = path.is_file().then(|| text::scan(&path));
                            if send.send(scan).is_err() {
                                return;
                            }
                        }
                    })
                    .expect("a thread to scan the files");
                Some(scans)
            }
            Source::Memory { .. } => None,
        };
        let mut facts = FactSet::default();
        if let Source::Dir(dir) = source {
            // The text of every file fits in its size: room for it up front means the text
            // is never copied to grow (room never written costs address space, not memory).
            let size = FILES.iter().filter_map(|f| std::fs::metadata(dir.join(f)).ok()).map(|m| m.len()).sum::<u64>();
            facts.text.reserve_bytes(usize::try_from(size).unwrap_or(0).min(u32::MAX as usize));
        }
        let mut loader = Loader {
            source,
            options,
            facts,
            diagnostics: Vec::new(),
            skipped: Vec::new(),
            rejected: Rejected::default(),
            last_subject: None,
            last_authority: Sym::EMPTY,
            progress,
            files_done: 0,
            event_ids_unchecked: false,
        };
        for file in FILES {
            let scan = scans.as_ref().and_then(|scans| scans.recv().ok().flatten());
            loader.load_file(file, scan);
            loader.files_done += 1;
            (loader.progress)(file, 0, loader.files_done);
        }
        Loaded { facts: loader.facts, diagnostics: loader.diagnostics, skipped: loader.skipped }
    })
}

/// Parses one data row into the fact set; `false` when the row is not loaded.
type RowParser<'a> = fn(&mut Loader<'a>, &mut Row) -> bool;

/// How the rows of one file are parsed.
#[derive(Clone, Copy)]
enum Parse<'t, 'a> {
    /// On the loader's thread, one row at a time.
    Row(RowParser<'a>),
    /// Events: by [`parse_event`] on the reading thread, then stored by [`Loader::store_event`].
    Event(&'t Lookups<'t>),
    /// People: by [`parse_person`] on the reading thread, then stored by [`Loader::store_person`].
    Person(&'t Lookups<'t>),
    /// Inspections: by [`parse_inspection`] on the reading thread, then stored by
    /// [`Loader::store_inspection`].
    Inspection(&'t Lookups<'t>),
}

/// One file to read: its name as shown, its schema and its row parser.
struct Table<'t, 'a> {
    file: &'t str,
    columns: &'static [Col],
    parse: Parse<'t, 'a>,
    /// For people.csv: where the reading thread claims person ids.
    person_ids: Option<&'t mut Interner>,
}

/// The tables that event, people and inspection rows refer to, lent to the reading thread.
struct Lent {
    subject_ids: Interner,
    subjects: Vec<Subject>,
    /// Empty unless `persons_lent`.
    person_ids: Interner,
    persons_lent: bool,
    rejected_subjects: FxHashMap<String, u32>,
}

impl Lent {
    fn lookups(&self, options: &LoadOptions) -> Lookups<'_> {
        Lookups {
            subject_ids: &self.subject_ids,
            subjects: &self.subjects,
            person_ids: &self.person_ids,
            rejected_subjects: &self.rejected_subjects,
            today: options.today,
            show_personal: options.show_personal,
        }
    }
}

struct Loader<'a> {
    source: &'a Source<'a>,
    options: &'a LoadOptions,
    facts: FactSet,
    diagnostics: Vec<Diagnostic>,
    skipped: Vec<SkippedRow>,
    rejected: Rejected,
    last_subject: Option<SubjectIx>,
    /// The authority of the last event stored.
    last_authority: Sym,
    progress: Progress<'a>,
    files_done: usize,
    /// Event ids are being pushed without a lookup each (see `Loader::check_event_ids`).
    event_ids_unchecked: bool,
}

impl<'a> Loader<'a> {
    /// Loads one file; `scan` is its scan if it was made already.
    fn load_file(&mut self, file: &'static str, scan: Option<std::io::Result<text::Scan>>) {
        let display = self.source.display(file);
        let mut summary = FileSummary { file: display.clone(), rows: 0, loaded: 0, encoding: "", present: false };
        let opened = match self.source.open(file) {
            None => {
                if file == "subjects.csv" {
                    self.diagnostics.push(
                        Diagnostic::new(
                            Severity::Error,
                            "missing-file",
                            &display,
                            0,
                            "subjects.csv is required but not found",
                        )
                        .expected("a file subjects.csv with a header row: id,name,category,uscc,address,committed_on"),
                    );
                }
                self.facts.files.push(summary);
                return;
            }
            Some(Err(e)) => {
                self.unreadable(&display, &e, summary);
                return;
            }
            Some(Ok(opened)) => opened,
        };
        summary.present = true;
        // A file on disk that is plain UTF-8 is streamed; anything else is read whole and decoded.
        let (body, path): (Option<Vec<u8>>, Option<PathBuf>) = match opened {
            Opened::Bytes(bytes) => (Some(bytes), None),
            Opened::File(path) => match scan.unwrap_or_else(|| text::scan(&path)) {
                Err(e) => {
                    self.unreadable(&display, &e, summary);
                    return;
                }
                Ok(scan) if scan.utf8 => {
                    summary.encoding = if scan.bom { text::UTF8_BOM } else { text::UTF8 };
                    self.reserve(file, scan.lines);
                    if !self.precheck(
                        &display,
                        scan.blank,
                        scan.odd_quotes,
                        || text::unclosed_quote_line(&path),
                        columns_of(file),
                    ) {
                        self.facts.files.push(summary);
                        return;
                    }
                    (None, Some(path))
                }
                Ok(_) => match std::fs::read(&path) {
                    Ok(bytes) => (Some(bytes), None),
                    Err(e) => {
                        self.unreadable(&display, &e, summary);
                        return;
                    }
                },
            },
        };
        let decoded = match body.map(text::decode) {
            None => None,
            Some(Ok(decoded)) => Some(decoded),
            Some(Err(at)) => {
                self.diagnostics.push(
                    Diagnostic::new(
                        Severity::Error,
                        "undecodable-file",
                        &display,
                        at.line,
                        format!("byte 0x{:02X} is neither UTF-8 nor GBK; the file is not loaded", at.byte),
                    )
                    .at_column(at.column, "")
                    .expected("UTF-8 (with or without BOM) or GBK/GB18030 text; re-save the file as \"CSV UTF-8\""),
                );
                self.facts.files.push(summary);
                return;
            }
        };
        if let Some(decoded) = &decoded {
            summary.encoding = decoded.encoding;
            if decoded.encoding == text::GBK || decoded.encoding == text::UTF16 {
                self.diagnostics.push(Diagnostic::new(
                    Severity::Note,
                    "encoding",
                    &display,
                    0,
                    format!("decoded as {} (as saved by Excel on Chinese Windows)", decoded.encoding),
                ));
            }
            let body = &decoded.bytes[decoded.start..];
            let blank = body.iter().all(|b| b.is_ascii_whitespace());
            let odd = body.iter().filter(|&&b| b == b'"').count() % 2 == 1;
            if !self.precheck(&display, blank, odd, || unclosed_quote(body), columns_of(file)) {
                self.facts.files.push(summary);
                return;
            }
        }
        // Event, people and inspection rows, the bulk of a province, are parsed on the
        // reading thread against the tables they refer to, lent to it read-only
        // meanwhile. This thread stores them: it claims event and inspection ids
        // (people's are claimed there, which balances the two threads best) and
        // interns their text.
        let lent = match file {
            "events.csv" => Some(self.lend_lookups(true)),
            "people.csv" | "inspections.csv" => Some(self.lend_lookups(false)),
            _ => None,
        };
        let lookups = lent.as_ref().map(|lent| lent.lookups(self.options));
        let parse = match (file, &lookups) {
            ("calendar.csv", _) => Parse::Row(Loader::calendar_row),
            ("subjects.csv", _) => Parse::Row(Loader::subject_row),
            ("people.csv", Some(lookups)) => Parse::Person(lookups),
            ("standardization.csv", _) => Parse::Row(Loader::standardization_row),
            ("events.csv", Some(lookups)) => Parse::Event(lookups),
            ("joint_punishments.csv", _) => Parse::Row(Loader::listing_row),
            ("inspections.csv", Some(lookups)) => Parse::Inspection(lookups),
            ("objections.csv", _) => Parse::Row(Loader::objection_row),
            _ => unreachable!("FILES lists only known files"),
        };
        // People's ids are claimed on the reading thread, in file order.
        let mut person_ids =
            (file == "people.csv").then(|| std::mem::replace(&mut self.facts.person_ids, Interner::for_ids()));
        let mut read_once = |loader: &mut Self, summary: &mut FileSummary| {
            let table = Table { file: &display, columns: columns_of(file), parse, person_ids: person_ids.as_mut() };
            match (&decoded, &path) {
                (Some(decoded), _) => {
                    loader.read_table(table, &decoded.bytes[decoded.start..], summary);
                    Ok(())
                }
                (None, Some(path)) => text::open_utf8(path).map(|reader| loader.read_table(table, reader, summary)),
                (None, None) => unreachable!("either bytes or a path"),
            }
        };
        let read = match file {
            "events.csv" => self.read_checking_ids_at_end(&mut summary, read_once),
            _ => read_once(self, &mut summary),
        };
        if let Some(lent) = lent {
            self.restore_lookups(lent);
        }
        if let Some(person_ids) = person_ids {
            self.facts.person_ids = person_ids;
        }
        if let Err(e) = read {
            self.unreadable(&display, &e, summary);
            return;
        }
        if file == "subjects.csv" && summary.rows == 0 && !self.diagnostics.iter().any(|d| d.file == display) {
            self.diagnostics.push(Diagnostic::new(
                Severity::Warning,
                "no-rows",
                &display,
                1,
                "no subjects: the file has a header but no data rows",
            ));
        }
        self.facts.files.push(summary);
    }

    /// Reads events.csv pushing its ids unchecked, then checks them all at once
    /// (`check_event_ids`). If one repeats, the file is read again checking every
    /// id as it comes, so that diagnostics and skipped rows are exactly those of one
    /// ordered pass.
    fn read_checking_ids_at_end(
        &mut self,
        summary: &mut FileSummary,
        mut read_once: impl FnMut(&mut Self, &mut FileSummary) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let before = (self.diagnostics.len(), self.skipped.len(), self.facts.events.len(), summary.clone());
        self.event_ids_unchecked = true;
        let read = read_once(self, summary);
        self.event_ids_unchecked = false;
        // Indexed even if the file failed part way: the rows before the failure are kept.
        if self.check_event_ids() {
            return read;
        }
        let (diagnostics, skipped, events, was) = before;
        self.diagnostics.truncate(diagnostics);
        self.skipped.truncate(skipped);
        self.facts.events.truncate(events);
        self.facts.event_ids.truncate(events);
        self.rejected.events.clear();
        *summary = was;
        // A file that could not be read to its end is not read again: none of its rows
        // are kept, and it is reported unreadable.
        read?;
        read_once(self, summary)
    }

    /// Indexes the event ids pushed unchecked while events.csv was read. `false`
    /// when an id repeats, or when a rejected row had the id of a stored event:
    /// which row is the duplicate of which then depends on the order of the rows,
    /// and the file must be read again checking each id as it comes.
    ///
    /// Claiming 10M ids one lookup at a time was the largest cost of loading a
    /// province (a cache miss per id, on the thread that stores the rows).
    fn check_event_ids(&mut self) -> bool {
        self.facts.event_ids.index_pushed().is_ok()
            && !self.rejected.events.keys().any(|id| self.facts.event_ids.get(id).is_some())
    }

    /// Makes room for about `rows` rows of `file`, so the relations grow once.
    fn reserve(&mut self, file: &str, rows: usize) {
        let f = &mut self.facts;
        match file {
            "subjects.csv" => {
                f.subjects.reserve(rows);
                f.subject_ids.reserve(rows);
                // Names, USCCs and addresses are mostly distinct.
                f.text.reserve(3 * rows);
            }
            "people.csv" => {
                f.roles.reserve(rows);
                f.persons.reserve(rows);
                f.person_ids.reserve(rows);
                // Names, ID numbers and phone numbers, once per person.
                f.text.reserve(3 * rows);
            }
            "standardization.csv" => f.standardization.reserve(rows),
            "events.csv" => {
                f.events.reserve(rows);
                f.event_ids.reserve(rows);
            }
            "joint_punishments.csv" => f.listings.reserve(rows),
            "inspections.csv" => {
                f.inspections.reserve(rows);
                f.inspection_ids.reserve(rows);
            }
            "objections.csv" => {
                f.objections.reserve(rows);
                f.objection_ids.reserve(rows);
            }
            _ => {}
        }
    }

    /// Reports an empty file or an unclosed quote; `false` when the file cannot be read as CSV.
    fn precheck(
        &mut self,
        file: &str,
        blank: bool,
        odd_quotes: bool,
        quote_line: impl FnOnce() -> Option<u32>,
        columns: &[Col],
    ) -> bool {
        if blank {
            let names: Vec<&str> = columns.iter().map(|c| c.name).collect();
            self.diagnostics.push(
                Diagnostic::new(Severity::Error, "empty-file", file, 1, "the file is empty: there is no header row")
                    .expected(format!("a header row naming the columns: {}", names.join(","))),
            );
            return false;
        }
        if odd_quotes {
            if let Some(line) = quote_line() {
                self.diagnostics.push(
                    Diagnostic::new(
                        Severity::Error,
                        "csv-structure",
                        file,
                        line,
                        "a quoted cell opened on this line is never closed; the rest of the file would be one cell, so the file is not loaded",
                    )
                    .expected("every opening \" to have a closing \""),
                );
                return false;
            }
        }
        true
    }

    fn unreadable(&mut self, file: &str, e: &std::io::Error, mut summary: FileSummary) {
        self.diagnostics.push(Diagnostic::new(
            Severity::Error,
            "unreadable-file",
            file,
            0,
            format!("cannot read the file: {e}"),
        ));
        summary.present = true;
        self.facts.files.push(summary);
    }

    /// Reads the rows of one file. A second thread splits the records (and, for
    /// events, people and inspections, parses them) while this one stores them in file order.
    fn read_table(&mut self, table: Table<'_, 'a>, body: impl std::io::Read + Send, summary: &mut FileSummary) {
        let file = table.file;
        std::thread::scope(|scope| {
            let (full, batches) = std::sync::mpsc::sync_channel::<Message>(2);
            let (recycle, empties) = std::sync::mpsc::channel::<Batch>();
            let columns = table.columns;
            let (parse, person_ids) = (table.parse, table.person_ids);
            std::thread::Builder::new()
                .name("read-csv".into())
                .spawn_scoped(scope, move || split_records(file, columns, parse, person_ids, body, &full, &empties))
                .expect("a thread to read the file");
            let Ok(Message::Header(Header { names: header, map, diagnostics })) = batches.recv() else {
                return; // no header row: nothing to read
            };
            self.diagnostics.extend(diagnostics);
            let mut blank_rows = 0;
            for message in &batches {
                let Message::Batch(mut batch) = message else { unreachable!("one header, then batches") };
                for entry in &mut batch.entries {
                    let line = entry.line;
                    let record = match &entry.read {
                        Read::Broken(message) => {
                            self.diagnostics.push(Diagnostic::new(
                                Severity::Error,
                                "csv-structure",
                                file,
                                line,
                                format!("cannot read this row: {message}"),
                            ));
                            continue;
                        }
                        Read::Blank => {
                            blank_rows += 1;
                            continue;
                        }
                        Read::Record(i) => &batch.records[*i as usize],
                    };
                    summary.rows += 1;
                    if summary.rows % 65536 == 0 {
                        (self.progress)(file, summary.rows, self.files_done);
                    }
                    let Some(map) = &map else {
                        // A required column is missing: every row fails the same way.
                        self.skipped.push(SkippedRow { file: file.to_string(), line });
                        continue;
                    };
                    if record.len() != header.len() {
                        self.diagnostics.push(
                            Diagnostic::new(
                                Severity::Error,
                                "csv-structure",
                                file,
                                line,
                                format!("this row has {} cells but the header has {}", record.len(), header.len()),
                            )
                            .expected(format!(
                                "{} comma-separated cells, one per header column (quote cells that contain commas)",
                                header.len()
                            )),
                        );
                        self.skipped.push(SkippedRow { file: file.to_string(), line });
                        continue;
                    }
                    let diagnostics = std::mem::take(&mut entry.diagnostics);
                    let mut row = Row { file, line, record, map, columns: table.columns, header: &header, diagnostics };
                    let accepted = match table.parse {
                        Parse::Row(parse) => parse(self, &mut row),
                        Parse::Event(_) => {
                            let parsed = match entry.prepared.take() {
                                Some(Prepared::Event(kept)) => Some(ParsedEvent::from_kept(kept, record)),
                                _ => None,
                            };
                            self.store_event(&mut row, parsed)
                        }
                        Parse::Person(_) => {
                            let parsed = match entry.prepared.take() {
                                Some(Prepared::Person(kept)) => Some(ParsedPerson::from_kept(kept, record)),
                                _ => None,
                            };
                            self.store_person(&mut row, parsed)
                        }
                        Parse::Inspection(_) => {
                            let parsed = match entry.prepared.take() {
                                Some(Prepared::Inspection(kept)) => Some(ParsedInspection::from_kept(kept, record)),
                                _ => None,
                            };
                            self.store_inspection(&mut row, parsed)
                        }
                    };
                    let has_error = row.diagnostics.iter().any(|d| d.is_error());
                    self.diagnostics.append(&mut row.diagnostics);
                    if accepted && !has_error {
                        summary.loaded += 1;
                    } else {
                        self.skipped.push(SkippedRow { file: file.to_string(), line });
                    }
                }
                // The reader is gone once it has sent its last batch.
                let _ = recycle.send(batch);
            }
            if blank_rows > 0 {
                self.diagnostics.push(Diagnostic::new(
                    Severity::Note,
                    "blank-rows",
                    file,
                    0,
                    format!("{blank_rows} blank row(s) (every cell empty) ignored"),
                ));
            }
        });
    }

    /// Finds each schema column in the header. Unknown columns are warnings;
    /// a missing required column is an error, and then `None`.
    fn map_header(
        diagnostics: &mut Vec<Diagnostic>,
        file: &str,
        line: u32,
        header: &[String],
        columns: &[Col],
    ) -> Option<Vec<Option<usize>>> {
        let mut map = vec![None; columns.len()];
        let mut complete = true;
        for (i, name) in header.iter().enumerate() {
            match columns.iter().position(|c| c.name.eq_ignore_ascii_case(name)) {
                Some(c) if map[c].is_some() => {
                    diagnostics.push(
                        Diagnostic::new(
                            Severity::Error,
                            "duplicate-column",
                            file,
                            line,
                            format!("column `{name}` appears twice in the header"),
                        )
                        .at_column(i as u32 + 1, name)
                        .value(name),
                    );
                    complete = false;
                }
                Some(c) => map[c] = Some(i),
                None => {
                    let known: Vec<&str> = columns.iter().map(|c| c.name).collect();
                    let mut d = Diagnostic::new(
                        Severity::Warning,
                        "unknown-column",
                        file,
                        line,
                        format!("unknown column `{name}` is ignored"),
                    )
                    .at_column(i as u32 + 1, name)
                    .value(name)
                    .expected(format!("one of: {}", known.join(", ")));
                    if let Some(close) = closest(name, &known) {
                        d.message.push_str(&format!(" (did you mean `{close}`?)"));
                    }
                    diagnostics.push(d);
                }
            }
        }
        for (c, col) in columns.iter().enumerate() {
            if col.required && map[c].is_none() {
                diagnostics.push(
                    Diagnostic::new(
                        Severity::Error,
                        "missing-column",
                        file,
                        line,
                        format!(
                            "required column `{}` is missing from the header; no row of this file is loaded",
                            col.name
                        ),
                    )
                    .expected(format!(
                        "a header with the columns: {}",
                        columns.iter().map(|c| c.name).collect::<Vec<_>>().join(",")
                    )),
                );
                complete = false;
            }
        }
        complete.then_some(map)
    }

    /// Lends the subject tables, and the person ids if `persons`, to the reading thread.
    fn lend_lookups(&mut self, persons: bool) -> Lent {
        let f = &mut self.facts;
        Lent {
            subject_ids: std::mem::replace(&mut f.subject_ids, Interner::for_ids()),
            subjects: std::mem::take(&mut f.subjects),
            person_ids: match persons {
                true => std::mem::replace(&mut f.person_ids, Interner::for_ids()),
                false => Interner::for_ids(),
            },
            persons_lent: persons,
            rejected_subjects: std::mem::take(&mut self.rejected.subjects),
        }
    }

    fn restore_lookups(&mut self, lent: Lent) {
        let f = &mut self.facts;
        (f.subject_ids, f.subjects) = (lent.subject_ids, lent.subjects);
        if lent.persons_lent {
            f.person_ids = lent.person_ids;
        }
        self.rejected.subjects = lent.rejected_subjects;
    }

    fn lookups(&self) -> Lookups<'_> {
        Lookups {
            subject_ids: &self.facts.subject_ids,
            subjects: &self.facts.subjects,
            person_ids: &self.facts.person_ids,
            rejected_subjects: &self.rejected.subjects,
            today: self.options.today,
            show_personal: self.options.show_personal,
        }
    }

    fn subject_ref(&mut self, row: &mut Row, c: usize) -> Option<SubjectIx> {
        let mut last = self.last_subject;
        let found = self.lookups().subject_ref(&mut last, row, c);
        self.last_subject = last;
        found
    }

    fn event_ref(&self, row: &mut Row, c: usize) -> Option<EventIx> {
        let id = row.required(c)?;
        if let Some(sym) = self.facts.event_ids.get(id) {
            return Some(EventIx(sym.0));
        }
        let because = match self.rejected.events.get(id) {
            Some(line) => format!(" (its row, events.csv line {line}, has an error)"),
            None => String::new(),
        };
        row.error(
            c,
            "unknown-reference",
            format!("event \"{id}\" is not in events.csv{because}"),
            "the id of a row of events.csv",
        );
        None
    }

    fn duplicate(&self, row: &mut Row, what: &str, id: &str, first_line: u32) {
        row.error(
            0,
            "duplicate-id",
            format!("{what} id \"{id}\" is used twice; first on line {first_line}"),
            "a unique id",
        );
    }

    /// Checks that a new id is unique in its namespace; returns it if so.
    fn unique_id<'r>(
        row: &mut Row<'r>,
        c: usize,
        ids: &Interner,
        first_line: impl Fn(Sym) -> u32,
        what: &str,
    ) -> Option<&'r str> {
        let id = row.required(c)?;
        if let Some(sym) = ids.get(id) {
            row.error(
                c,
                "duplicate-id",
                format!("{what} id \"{id}\" is used twice; first on line {}", first_line(sym)),
                "a unique id",
            );
            return None;
        }
        Some(id)
    }

    fn future_warning(&self, row: &mut Row, c: usize, day: Option<Day>) {
        self.lookups().future_warning(row, c, day);
    }

    fn calendar_row(&mut self, row: &mut Row) -> bool {
        let date = row.required_date(0);
        let kind = row.code(1, DayKind::parse, DayKind::expected);
        let name = self.facts.text.intern(row.text(2));
        if let Some(date) = date {
            if let Some(prev) = self.facts.calendar.iter().find(|e| e.date == date) {
                let message = format!("date {date} is listed twice; first on line {}", prev.line);
                row.error(0, "duplicate-id", message, "each date at most once");
                return false;
            }
        }
        let (Some(date), Some(kind)) = (date, kind) else {
            return false;
        };
        if row.ok() {
            self.facts.calendar.push(CalendarEntry { date, kind, name, line: row.line });
        }
        true
    }

    fn subject_row(&mut self, row: &mut Row) -> bool {
        let facts = &self.facts;
        let mut id = Loader::unique_id(row, 0, &facts.subject_ids, |s| facts.subjects[s.0 as usize].line, "subject");
        // The same id on an earlier row that was rejected is a duplicate too.
        if let Some(&first) = id.and_then(|id| self.rejected.subjects.get(id)) {
            self.duplicate(row, "subject", row.text(0), first);
            id = None;
        }
        let category = row.code(2, Category::parse, Category::expected);
        let uscc = row.text(3);
        if !uscc.is_empty() {
            if let Err(failure) = checksum::check_uscc(uscc) {
                row.warning(
                    3,
                    "bad-uscc",
                    format!("USCC \"{uscc}\" {}", describe(&failure)),
                    "an 18-character code per GB 32100-2015 with a valid check character",
                );
            }
        }
        let committed_on = row.date(5);
        self.future_warning(row, 5, committed_on);
        let (Some(id), Some(category)) = (id, category) else {
            self.reject_subject(row);
            return false;
        };
        if !row.ok() {
            self.reject_subject(row);
            return false;
        }
        let text = &mut self.facts.text;
        let subject = Subject {
            name: text.intern(row.text(1)),
            category,
            uscc: text.intern(uscc),
            address: text.intern(row.text(4)),
            committed_on,
            line: row.line,
        };
        self.facts.subject_ids.intern(id);
        self.facts.subjects.push(subject);
        true
    }

    fn reject_subject(&mut self, row: &Row) {
        let id = row.text(0);
        if !id.is_empty() && self.facts.subject_ids.get(id).is_none() {
            self.rejected.subjects.entry(id.to_string()).or_insert(row.line);
        }
    }

    /// Stores a people row parsed by [`parse_person`], whose person id was claimed
    /// on the reading thread: a new person's text, or a check of the name.
    fn store_person(&mut self, row: &mut Row, parsed: Option<(ParsedPerson, Result<Sym, Sym>)>) -> bool {
        let Some((ParsedPerson { subject, person, role, name, id_number, phone }, claim)) = parsed else {
            return false;
        };
        let person_ix = match claim {
            Err(sym) => {
                let known = &self.facts.persons[sym.0 as usize];
                if !name.is_empty() && !known.name.is_empty() && self.facts.text.resolve(known.name) != name {
                    let message = format!(
                        "person \"{person}\" is named \"{name}\" here but \"{}\" on line {}",
                        self.facts.text.resolve(known.name),
                        known.line
                    );
                    row.warning(2, "person-mismatch", message, "the same name for the same person id");
                }
                PersonIx(sym.0)
            }
            Ok(sym) => {
                // Claimed in file order, as the rows are stored: the new person's row index.
                debug_assert_eq!(sym.0 as usize, self.facts.persons.len());
                let text = &mut self.facts.text;
                self.facts.persons.push(Person {
                    name: text.intern(name),
                    id_number: text.intern(id_number),
                    phone: text.intern(phone),
                    line: row.line,
                });
                PersonIx(sym.0)
            }
        };
        self.facts.roles.push(RoleRow { subject, person: person_ix, role, line: row.line });
        true
    }

    fn standardization_row(&mut self, row: &mut Row) -> bool {
        let subject = self.subject_ref(row, 0);
        let level = row.code(1, Level::parse, Level::expected);
        let awarded_on = row.required_date(2);
        self.future_warning(row, 2, awarded_on);
        let expires_on = row.date(3);
        if let (Some(a), Some(e)) = (awarded_on, expires_on) {
            if e < a {
                row.warning(
                    3,
                    "date-order",
                    format!("expires_on {e} is before awarded_on {a}"),
                    "an expiry on or after the award date",
                );
            }
        }
        let (Some(subject), Some(level), Some(awarded_on)) = (subject, level, awarded_on) else {
            return false;
        };
        if row.ok() {
            self.facts.standardization.push(Standardization { subject, level, awarded_on, expires_on, line: row.line });
        }
        true
    }

    /// Stores an event row parsed by [`parse_event`]: claims its id and text.
    fn store_event(&mut self, row: &mut Row, parsed: Option<ParsedEvent>) -> bool {
        let Some(parsed) = parsed else {
            let id = row.text(0);
            // While ids are pushed unchecked, an earlier stored event with this id is
            // found afterwards, and then the file is read again one id at a time.
            let stored = if self.event_ids_unchecked { None } else { self.facts.event_ids.get(id) };
            match stored {
                Some(first) => self.duplicate(row, "event", id, self.facts.events[first.0 as usize].line),
                None if !id.is_empty() => {
                    if let Some(&first) = self.rejected.events.get(id) {
                        self.duplicate(row, "event", id, first);
                    }
                    self.rejected.events.entry(id.to_string()).or_insert(row.line);
                }
                None => {}
            }
            return false;
        };
        // The same id on an earlier row that was rejected is a duplicate too.
        if !self.rejected.events.is_empty() {
            if let Some(&first) = self.rejected.events.get(parsed.id) {
                self.duplicate(row, "event", parsed.id, first);
                return false;
            }
        }
        // The id's uniqueness is checked when the row is stored (one probe), or
        // for the whole file at its end (see `Loader::check_event_ids`).
        if self.event_ids_unchecked {
            self.facts.event_ids.push_unindexed(parsed.id);
        } else if let Err(first) = self.facts.event_ids.intern_new(parsed.id) {
            self.duplicate(row, "event", parsed.id, self.facts.events[first.0 as usize].line);
            return false;
        }
        let text = &mut self.facts.text;
        // Most penalties name the same department: try the last one first.
        if text.resolve(self.last_authority) != parsed.authority {
            self.last_authority = text.intern(parsed.authority);
        }
        let event = Event { authority: self.last_authority, note: text.intern(parsed.note), ..parsed.event };
        self.facts.events.push(event);
        true
    }

    fn listing_row(&mut self, row: &mut Row) -> bool {
        let subject = self.subject_ref(row, 0);
        let listed_on = row.required_date(2);
        self.future_warning(row, 2, listed_on);
        let lifted_on = row.date(3);
        if let (Some(a), Some(b)) = (listed_on, lifted_on) {
            if b < a {
                row.warning(
                    3,
                    "date-order",
                    format!("lifted_on {b} is before listed_on {a}"),
                    "a lifting date on or after the listing date",
                );
            }
        }
        let (Some(subject), Some(listed_on)) = (subject, listed_on) else {
            return false;
        };
        if row.ok() {
            let sector = self.facts.text.intern(row.text(1));
            self.facts.listings.push(Listing { subject, sector, listed_on, lifted_on, line: row.line });
        }
        true
    }

    fn store_inspection(&mut self, row: &mut Row, parsed: Option<ParsedInspection>) -> bool {
        let Some(parsed) = parsed else {
            // A rejected row is still a duplicate of an earlier one with its id.
            let id = row.text(0);
            if let Some(first) = self.facts.inspection_ids.get(id) {
                self.duplicate(row, "inspection", id, self.facts.inspections[first.0 as usize].line);
            }
            return false;
        };
        // The id's uniqueness is checked when the row is stored (one probe).
        if let Err(first) = self.facts.inspection_ids.intern_new(parsed.id) {
            self.duplicate(row, "inspection", parsed.id, self.facts.inspections[first.0 as usize].line);
            return false;
        }
        let inspector = self.facts.text.intern(parsed.inspector);
        self.facts.inspections.push(Inspection { inspector, ..parsed.inspection });
        true
    }

    fn objection_row(&mut self, row: &mut Row) -> bool {
        let facts = &self.facts;
        let id = Loader::unique_id(row, 0, &facts.objection_ids, |s| facts.objections[s.0 as usize].line, "objection");
        let subject = self.subject_ref(row, 1);
        let event = self.event_ref(row, 2);
        let filed_on = row.required_date(3);
        self.future_warning(row, 3, filed_on);
        let decision = if row.text(4).is_empty() {
            Some(None)
        } else {
            row.code(4, Decision::parse, Decision::expected).map(Some)
        };
        let decided_on = row.date(5);
        self.future_warning(row, 5, decided_on);
        let replied_on = row.date(8);
        self.future_warning(row, 8, replied_on);
        let outcome =
            if row.text(9).is_empty() { Some(None) } else { row.code(9, Outcome::parse, Outcome::expected).map(Some) };
        if decision == Some(Some(Decision::Accepted)) && decided_on.is_none() && row.text(5).is_empty() {
            row.error(
                5,
                "missing-field",
                "decided_on is empty for an accepted objection: its 20-working-day deadline counts from it".into(),
                "the date the objection was accepted (受理日期)",
            );
        }
        if decision == Some(None) && decided_on.is_some() {
            row.warning(
                5,
                "ignored-field",
                "decided_on is given but decision is empty; the objection is treated as pending review".into(),
                "a decision (accepted/rejected) with decided_on",
            );
        }
        if matches!(outcome, Some(Some(_))) && replied_on.is_none() && row.text(8).is_empty() {
            row.warning(
                9,
                "outcome-without-reply",
                format!("outcome \"{}\" is given without replied_on", row.text(9)),
                "replied_on, the date of the written reply",
            );
        }
        if replied_on.is_some() && decision != Some(Some(Decision::Accepted)) {
            row.warning(
                8,
                "ignored-field",
                "replied_on is given but the objection was not accepted".into(),
                "replies only to accepted objections",
            );
        }
        if let (Some(f), Some(d)) = (filed_on, decided_on) {
            if d < f {
                row.warning(
                    5,
                    "date-order",
                    format!("decided_on {d} is before filed_on {f}"),
                    "a decision on or after filing",
                );
            }
        }
        if let (Some(d), Some(r)) = (decided_on, replied_on) {
            if r < d {
                row.warning(
                    8,
                    "date-order",
                    format!("replied_on {r} is before decided_on {d}"),
                    "a reply on or after the decision",
                );
            }
        }
        if let (Some(subject), Some(event)) = (subject, event) {
            let e = self.facts.event(event);
            let linked = e.subject == subject
                || e.person().is_some_and(|p| self.facts.roles.iter().any(|r| r.subject == subject && r.person == p));
            if !linked {
                let message = format!(
                    "event \"{}\" belongs to subject \"{}\", not to \"{}\", and is not linked to it through a person",
                    self.facts.event_id(event),
                    self.facts.subject_id(e.subject),
                    self.facts.subject_id(subject)
                );
                row.warning(2, "objection-subject", message, "an event recorded against the objecting subject");
            }
        }
        let (Some(id), Some(subject), Some(event), Some(filed_on), Some(decision), Some(outcome)) =
            (id, subject, event, filed_on, decision, outcome)
        else {
            return false;
        };
        if !row.ok() {
            return false;
        }
        let text = &mut self.facts.text;
        let objection = Objection {
            subject,
            event,
            filed_on,
            decision,
            decided_on,
            collector: text.intern(row.text(6)),
            investigator: text.intern(row.text(7)),
            replied_on,
            outcome,
            line: row.line,
        };
        self.facts.objection_ids.intern(id);
        self.facts.objections.push(objection);
        true
    }
}

/// Read-only views of the relations loaded so far, for resolving references.
struct Lookups<'a> {
    subject_ids: &'a Interner,
    subjects: &'a [Subject],
    person_ids: &'a Interner,
    rejected_subjects: &'a FxHashMap<String, u32>,
    today: Day,
    show_personal: bool,
}

impl Lookups<'_> {
    fn subject_ref(&self, last: &mut Option<SubjectIx>, row: &mut Row, c: usize) -> Option<SubjectIx> {
        let id = row.required(c)?;
        // Rows usually come grouped by subject: try the last one found first.
        if let Some(s) = *last {
            if self.subject_ids.resolve(Sym(s.0)) == id {
                return Some(s);
            }
        }
        if let Some(sym) = self.subject_ids.get(id) {
            *last = Some(SubjectIx(sym.0));
            return Some(SubjectIx(sym.0));
        }
        let because = match self.rejected_subjects.get(id) {
            Some(line) => format!(" (its row, subjects.csv line {line}, has an error)"),
            None => String::new(),
        };
        row.error(
            c,
            "unknown-reference",
            format!("subject \"{id}\" is not in subjects.csv{because}"),
            "the id of a row of subjects.csv",
        );
        None
    }

    fn person_ref(&self, row: &mut Row, c: usize) -> Option<Option<PersonIx>> {
        let id = row.text(c);
        if id.is_empty() {
            return Some(None);
        }
        match self.person_ids.get(id) {
            Some(sym) => Some(Some(PersonIx(sym.0))),
            None => {
                row.error(
                    c,
                    "unknown-reference",
                    format!("person \"{id}\" is not in people.csv"),
                    "a `person` id from people.csv, or empty",
                );
                None
            }
        }
    }

    fn future_warning(&self, row: &mut Row, c: usize, day: Option<Day>) {
        if let Some(day) = day {
            if day > self.today {
                let message = format!("{} {day} is after today ({})", row.columns[c].name, self.today);
                row.warning(c, "future-date", message, "a date on or before today");
            }
        }
    }
}

/// An event row, parsed and its references resolved; its id and text cells
/// still borrow the row.
struct ParsedEvent<'r> {
    id: &'r str,
    authority: &'r str,
    note: &'r str,
    /// `authority` and `note` are left empty here, for the caller to intern.
    event: Event,
}

/// A row of people.csv, parsed; its text borrowed from the record.
struct ParsedPerson<'r> {
    subject: SubjectIx,
    person: &'r str,
    role: Role,
    name: &'r str,
    id_number: &'r str,
    phone: &'r str,
}

/// Parses one row of people.csv against read-only lookups (on the reading
/// thread); `None` when it has an error. [`Loader::store_person`] stores it.
fn parse_person<'r>(
    lookups: &Lookups,
    last_subject: &mut Option<SubjectIx>,
    row: &mut Row<'r>,
) -> Option<ParsedPerson<'r>> {
    let subject = lookups.subject_ref(last_subject, row, 0);
    let person = row.required(1);
    let role = row.code(3, Role::parse, Role::expected);
    let id_number = row.text(4);
    if !id_number.is_empty() {
        if let Err(failure) = checksum::check_id_number(id_number) {
            let shown = if lookups.show_personal { id_number.to_string() } else { privacy::mask_id_number(id_number) };
            row.warning(
                4,
                "bad-id-number",
                format!("ID number \"{shown}\" {}", describe(&failure)),
                "an 18-character resident ID per GB 11643 with a valid check digit",
            );
        }
    }
    let (Some(subject), Some(person), Some(role)) = (subject, person, role) else {
        return None;
    };
    if !row.ok() {
        return None;
    }
    Some(ParsedPerson { subject, person, role, name: row.text(2), id_number, phone: row.text(5) })
}

/// Parses one row of events.csv against read-only lookups, so that a second
/// thread can parse part of the file. `None` when the row has an error.
fn parse_event<'r>(
    lookups: &Lookups,
    last_subject: &mut Option<SubjectIx>,
    row: &mut Row<'r>,
) -> Option<ParsedEvent<'r>> {
    let id = row.required(0);
    let subject = lookups.subject_ref(last_subject, row, 1);
    let person = lookups.person_ref(row, 2);
    let date = row.required_date(3);
    lookups.future_warning(row, 3, date);
    let kind = row.code(4, Kind::parse, Kind::expected);
    let accident = match kind {
        Some(Kind::Accident) => {
            let level = row.code(5, AccidentLevel::parse, AccidentLevel::expected);
            let deaths = match row.text(6) {
                "" => Some(0),
                text => cell::parse_count(text).or_else(|| {
                    row.error(
                        6,
                        "bad-number",
                        format!("deaths \"{text}\" is not a whole number ≥ 0"),
                        "a whole number such as 0, 1 or 3; empty means 0",
                    );
                    None
                }),
            };
            let liable = row.required(7).and_then(|_| row.boolean(7));
            let typical = if row.text(8).is_empty() { Some(false) } else { row.boolean(8) };
            match (level, deaths, liable, typical) {
                (Some(level), Some(deaths), Some(liable), Some(typical)) => {
                    Some(Accident { level, deaths, liable, typical })
                }
                _ => None,
            }
        }
        Some(other) => {
            for c in 5..=8 {
                let value = row.text(c);
                if !value.is_empty() {
                    let message = format!(
                        "{} \"{value}\" is given on a {} event; accident fields belong to accidents only",
                        row.columns[c].name,
                        other.code()
                    );
                    row.error(c, "accident-fields", message, "empty, or kind = accident");
                }
            }
            None
        }
        None => None,
    };
    let authority = row.text(9);
    if !authority.is_empty() && kind.is_some_and(|k| k != Kind::Penalty) {
        row.warning(
            9,
            "ignored-field",
            format!("authority \"{authority}\" is only used for penalties and is ignored here"),
            "empty unless kind = penalty",
        );
    }
    let repaired_on = row.date(10);
    lookups.future_warning(row, 10, repaired_on);
    if let (Some(kind), Some(subject)) = (kind, subject) {
        let category = lookups.subjects[subject.0 as usize].category;
        let misfit = match kind {
            Kind::IllegalMining => !category.is_mine(),
            Kind::FalseReport => category != Category::SafetyService,
            _ => false,
        };
        if misfit {
            let message = format!("kind {} does not fit subject category {}", kind.code(), category.code());
            let expected = if kind == Kind::IllegalMining {
                "illegal_mining at a coal_mine or non_coal_mine"
            } else {
                "false_report at a safety_service subject"
            };
            row.warning(4, "kind-category", message, expected);
        }
    }
    let complete = id.is_some()
        && subject.is_some()
        && person.is_some()
        && date.is_some()
        && kind.is_some()
        && (kind != Some(Kind::Accident) || accident.is_some());
    if !complete || !row.ok() {
        return None;
    }
    Some(ParsedEvent {
        id: id.expect("complete"),
        authority,
        note: row.text(11),
        event: {
            let mut event = Event::new(
                subject.expect("complete"),
                date.expect("complete"),
                kind.expect("complete"),
                accident,
                row.line,
            );
            event.set_person(person.expect("complete"));
            event.set_repaired_on(repaired_on);
            event
        },
    })
}

/// A row of inspections.csv, parsed; its text borrowed from the record.
struct ParsedInspection<'r> {
    id: &'r str,
    inspector: &'r str,
    /// `inspector` is left empty here, for the caller to intern.
    inspection: Inspection,
}

fn parse_inspection<'r>(
    lookups: &Lookups,
    last_subject: &mut Option<SubjectIx>,
    row: &mut Row<'r>,
) -> Option<ParsedInspection<'r>> {
    let id = row.required(0);
    let subject = lookups.subject_ref(last_subject, row, 1);
    let date = row.required_date(2);
    lookups.future_warning(row, 2, date);
    let (Some(id), Some(subject), Some(date)) = (id, subject, date) else { return None };
    if !row.ok() {
        return None;
    }
    let inspection = Inspection { subject, date, inspector: Sym::EMPTY, line: row.line };
    Some(ParsedInspection { id, inspector: row.text(3), inspection })
}

/// Data rows per batch handed from the reading thread to the loader.
const BATCH_ROWS: usize = 4096;

/// What the reading thread sends: the header first, then batches of rows.
enum Message {
    Header(Header),
    Batch(Batch),
}

struct Header {
    names: Vec<String>,
    /// Schema column → header column; `None` when a required column is missing.
    map: Option<Vec<Option<usize>>>,
    diagnostics: Vec<Diagnostic>,
}

/// Rows read in file order. The records are reused when the batch comes back.
#[derive(Default)]
struct Batch {
    records: Vec<csv::ByteRecord>,
    /// Records in use at the front of `records`.
    used: usize,
    entries: Vec<Entry>,
}

struct Entry {
    line: u32,
    read: Read,
    /// Found while parsing the row on the reading thread.
    diagnostics: Vec<Diagnostic>,
    /// The row parsed on the reading thread; `None` if it has an error (or is parsed later).
    prepared: Option<Prepared>,
}

enum Read {
    Record(u32),
    Blank,
    Broken(String),
}

/// A row parsed on the reading thread, its text kept as byte ranges of its
/// record so that it can cross threads with the record.
enum Prepared {
    Event(Kept<Event, 3>),
    Person(Kept<PersonRest, 4>),
    Inspection(Kept<Inspection, 2>),
}

/// Where a cell's text lies in its record: `record.as_slice()[start..end]`.
#[derive(Clone, Copy)]
struct Span(u32, u32);

impl Span {
    /// `text` must be "" or borrowed from `record`.
    fn of(record: &csv::ByteRecord, text: &str) -> Span {
        if text.is_empty() {
            return Span(0, 0);
        }
        let start = (text.as_ptr() as usize - record.as_slice().as_ptr() as usize) as u32;
        Span(start, start + text.len() as u32)
    }

    fn text(self, record: &csv::ByteRecord) -> &str {
        let bytes = &record.as_slice()[self.0 as usize..self.1 as usize];
        // SAFETY: the span was taken from a `&str` into this same record (`Span::of`),
        // which has not changed since: it is the same valid UTF-8.
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }
}

/// A row parsed on the reading thread, on its way to the loader with its record:
/// its `N` texts as spans into the record, the rest as is.
struct Kept<T, const N: usize> {
    texts: [Span; N],
    rest: T,
}

impl<T, const N: usize> Kept<T, N> {
    fn new(record: &csv::ByteRecord, texts: [&str; N], rest: T) -> Self {
        Kept { texts: texts.map(|text| Span::of(record, text)), rest }
    }

    fn texts(self, record: &csv::ByteRecord) -> ([&str; N], T) {
        (self.texts.map(|span| span.text(record)), self.rest)
    }
}

impl<'r> ParsedEvent<'r> {
    fn keep(self, record: &csv::ByteRecord) -> Kept<Event, 3> {
        Kept::new(record, [self.id, self.authority, self.note], self.event)
    }

    fn from_kept(kept: Kept<Event, 3>, record: &'r csv::ByteRecord) -> Self {
        let ([id, authority, note], event) = kept.texts(record);
        ParsedEvent { id, authority, note, event }
    }
}

impl<'r> ParsedInspection<'r> {
    fn keep(self, record: &csv::ByteRecord) -> Kept<Inspection, 2> {
        Kept::new(record, [self.id, self.inspector], self.inspection)
    }

    fn from_kept(kept: Kept<Inspection, 2>, record: &'r csv::ByteRecord) -> Self {
        let ([id, inspector], inspection) = kept.texts(record);
        ParsedInspection { id, inspector, inspection }
    }
}

/// A person row's claim on its id (new: `Ok`, seen on an earlier row: `Err`), subject and role.
type PersonRest = (Result<Sym, Sym>, SubjectIx, Role);

impl<'r> ParsedPerson<'r> {
    fn keep(self, record: &csv::ByteRecord, claim: Result<Sym, Sym>) -> Kept<PersonRest, 4> {
        Kept::new(record, [self.person, self.name, self.id_number, self.phone], (claim, self.subject, self.role))
    }

    fn from_kept(kept: Kept<PersonRest, 4>, record: &'r csv::ByteRecord) -> (Self, Result<Sym, Sym>) {
        let ([person, name, id_number, phone], (claim, subject, role)) = kept.texts(record);
        (ParsedPerson { subject, person, role, name, id_number, phone }, claim)
    }
}

/// The reading thread: splits `body` into records with their line numbers and
/// sends them in batches; parses the rows of events, people and inspections as well.
fn split_records(
    file: &str,
    columns: &'static [Col],
    parse: Parse,
    mut person_ids: Option<&mut Interner>,
    body: impl std::io::Read,
    full: &std::sync::mpsc::SyncSender<Message>,
    empties: &std::sync::mpsc::Receiver<Batch>,
) {
    let lines = LineCounter::default();
    let body = CountingReader { inner: body, lines: lines.clone(), offset: 0 };
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).buffer_capacity(1 << 20).from_reader(body);
    // The csv crate's own line numbers are off with CRLF and skip blank lines;
    // the line of a record is 1 + the line breaks before its first byte.
    let line_of = |position: Option<&csv::Position>| position.map_or(0, |p| lines.line_at(p.byte()));
    let mut header = csv::ByteRecord::new();
    if !matches!(reader.read_byte_record(&mut header), Ok(true)) {
        return;
    }
    let line = line_of(header.position()).max(1);
    let names: Vec<String> = header.iter().map(|cell| String::from_utf8_lossy(cell).trim().to_string()).collect();
    let mut diagnostics = Vec::new();
    let map = Loader::map_header(&mut diagnostics, file, line, &names, columns);
    let message = Header { names: names.clone(), map: map.clone(), diagnostics };
    if full.send(Message::Header(message)).is_err() {
        return;
    }
    let mut last_subject = None;
    let mut batch = Batch::default();
    loop {
        if batch.records.len() == batch.used {
            batch.records.push(csv::ByteRecord::new());
        }
        let i = batch.used;
        let record = &mut batch.records[i];
        let entry = match reader.read_byte_record(record) {
            Ok(true) if is_blank(record) => {
                Entry { line: line_of(record.position()), read: Read::Blank, diagnostics: Vec::new(), prepared: None }
            }
            Ok(true) => {
                batch.used += 1;
                let line = line_of(record.position());
                let mut entry = Entry { line, read: Read::Record(i as u32), diagnostics: Vec::new(), prepared: None };
                if let Some(map) = map.as_ref().filter(|_| record.len() == names.len()) {
                    let mut row = Row { file, line, record, map, columns, header: &names, diagnostics: Vec::new() };
                    entry.prepared = match parse {
                        Parse::Row(_) => None,
                        Parse::Event(lookups) => parse_event(lookups, &mut last_subject, &mut row)
                            .map(|parsed| Prepared::Event(parsed.keep(record))),
                        Parse::Inspection(lookups) => parse_inspection(lookups, &mut last_subject, &mut row)
                            .map(|parsed| Prepared::Inspection(parsed.keep(record))),
                        Parse::Person(lookups) => parse_person(lookups, &mut last_subject, &mut row).map(|parsed| {
                            let claim = person_ids.as_mut().map(|ids| ids.intern_new(parsed.person));
                            Prepared::Person(parsed.keep(record, claim.expect("person ids to claim")))
                        }),
                    };
                    entry.diagnostics = row.diagnostics;
                }
                entry
            }
            Ok(false) => break,
            Err(e) => {
                let line = line_of(e.position());
                Entry { line, read: Read::Broken(e.to_string()), diagnostics: Vec::new(), prepared: None }
            }
        };
        batch.entries.push(entry);
        if batch.entries.len() == BATCH_ROWS {
            if full.send(Message::Batch(batch)).is_err() {
                return; // the loader stopped
            }
            batch = empties.try_recv().unwrap_or_default();
            batch.entries.clear();
            batch.used = 0;
        }
    }
    if !batch.entries.is_empty() {
        let _ = full.send(Message::Batch(batch));
    }
}

/// One data row being parsed, and the diagnostics found in it.
struct Row<'r> {
    file: &'r str,
    line: u32,
    record: &'r csv::ByteRecord,
    map: &'r [Option<usize>],
    columns: &'static [Col],
    header: &'r [String],
    diagnostics: Vec<Diagnostic>,
}

impl<'r> Row<'r> {
    /// The trimmed cell of schema column `c`; "" when the column is absent.
    fn text(&self, c: usize) -> &'r str {
        let Some(i) = self.map[c] else { return "" };
        let bytes = trim_ascii_fast(self.record.get(i).unwrap_or(b""));
        // SAFETY: every input was validated as UTF-8 as a whole before parsing
        // (`text::scan` or `text::decode`), and CSV splits cells only at the ASCII
        // bytes `,` `"` `\r` `\n`, so every cell is valid UTF-8 too.
        let text = unsafe { std::str::from_utf8_unchecked(bytes) };
        if text.is_ascii() { text } else { text.trim() }
    }

    fn ok(&self) -> bool {
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
        let mut d = Diagnostic::new(severity, code, self.file, self.line, message).expected(expected);
        if let Some(i) = self.map[c] {
            d = d.at_column(i as u32 + 1, &self.header[i]).value(self.text(c));
        }
        d
    }

    fn error(&mut self, c: usize, code: &'static str, message: String, expected: &str) {
        let d = self.diagnostic(Severity::Error, c, code, message, expected);
        self.diagnostics.push(d);
    }

    fn warning(&mut self, c: usize, code: &'static str, message: String, expected: &str) {
        let mut d = self.diagnostic(Severity::Warning, c, code, message, expected);
        if matches!(code, "bad-id-number") {
            d.value = None; // personal data: the message carries the masked value
        }
        self.diagnostics.push(d);
    }

    fn required(&mut self, c: usize) -> Option<&'r str> {
        let text = self.text(c);
        if text.is_empty() {
            let name = self.columns[c].name;
            self.error(c, "missing-field", format!("{name} is empty but required"), &format!("a value for `{name}`"));
            return None;
        }
        Some(text)
    }

    /// An optional date: `None` when empty or bad (bad is an error).
    fn date(&mut self, c: usize) -> Option<Day> {
        let text = self.text(c);
        if text.is_empty() {
            return None;
        }
        let day = cell::parse_date(text);
        if day.is_none() {
            let name = self.columns[c].name;
            self.error(c, "bad-date", format!("{name} \"{text}\" is not a valid date"), DATE_EXPECTED);
        }
        day
    }

    fn required_date(&mut self, c: usize) -> Option<Day> {
        self.required(c)?;
        self.date(c)
    }

    fn code<T>(&mut self, c: usize, parse: fn(&str) -> Option<T>, expected: fn() -> String) -> Option<T> {
        let text = self.required(c)?;
        let value = parse(text);
        if value.is_none() {
            let name = self.columns[c].name;
            self.error(
                c,
                "unknown-value",
                format!("{name} \"{text}\" is not a known value"),
                &format!("one of {}", expected()),
            );
        }
        value
    }

    fn boolean(&mut self, c: usize) -> Option<bool> {
        let text = self.text(c);
        let value = cell::parse_bool(text);
        if value.is_none() {
            let name = self.columns[c].name;
            self.error(c, "bad-boolean", format!("{name} \"{text}\" is not yes or no"), BOOL_EXPECTED);
        }
        value
    }
}

/// Trims ASCII white space; other (Unicode) white space is left to `str::trim`.
fn trim_ascii_fast(bytes: &[u8]) -> &[u8] {
    bytes.trim_ascii()
}

fn describe(failure: &CheckFailure) -> String {
    match failure {
        CheckFailure::Length(n) => format!("has {n} characters, not 18"),
        CheckFailure::Character(c) => format!("contains '{c}', which is not allowed there"),
        CheckFailure::CheckCharacter { expected } => {
            format!("fails its check character (expected '{expected}' at the end)")
        }
    }
}

fn is_blank(record: &csv::ByteRecord) -> bool {
    record.iter().all(|cell| cell.iter().all(|b| b.is_ascii_whitespace()))
}

/// The line on which a never-closed quoted cell starts, if any.
pub(crate) fn unclosed_quote_in(body: &[u8]) -> Option<u32> {
    unclosed_quote(body)
}

fn unclosed_quote(body: &[u8]) -> Option<u32> {
    if body.iter().filter(|&&b| b == b'"').count() % 2 == 0 {
        return None;
    }
    let (mut line, mut open_line, mut in_quotes) = (1u32, 0u32, false);
    for &b in body {
        match b {
            b'"' => {
                in_quotes = !in_quotes;
                if in_quotes {
                    open_line = line;
                }
            }
            b'\n' => line += 1,
            _ => {}
        }
    }
    in_quotes.then_some(open_line)
}

/// The closest known name within edit distance 2, for "did you mean".
pub fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (edit_distance(&name.to_lowercase(), &k.to_lowercase()), *k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push((prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_files(files: &[(&str, &str)]) -> Loaded {
        let files: Vec<(String, Vec<u8>)> = files.iter().map(|(n, t)| (n.to_string(), t.as_bytes().to_vec())).collect();
        let today = Day::from_ymd(2026, 1, 1).unwrap();
        load(&Source::Memory { label: "t", files: &files }, &LoadOptions { today, show_personal: false })
    }

    fn codes(loaded: &Loaded) -> Vec<(&'static str, u32, u32)> {
        loaded.diagnostics.iter().map(|d| (d.code, d.line, d.column)).collect()
    }

    #[test]
    fn columns_in_any_order_and_optional_ones_missing() {
        let loaded = load_files(&[("subjects.csv", "category,id\r\n煤矿,S1\r\n  coal_mine , S2 \r\n")]);
        assert_eq!(codes(&loaded), vec![]);
        assert_eq!(loaded.facts.subjects.len(), 2);
        assert_eq!(loaded.facts.subject_id(SubjectIx(1)), "S2");
        assert_eq!(loaded.facts.subjects[1].category, Category::CoalMine);
    }

    #[test]
    fn every_bad_row_is_reported_and_skipped() {
        let loaded = load_files(&[
            (
                "subjects.csv",
                "id,category,committed_on\nS1,coal_mine,2024-02-30\nS2,mine,\nS1,fireworks,\n,fireworks,\nS3,fireworks,2025-1-2\n",
            ),
            (
                "events.csv",
                "id,subject,date,kind,deaths\nE1,S3,2025-01-01,penalty,1\nE2,S2,2025-01-01,penalty,\nE3,S9,2025-01-01,penalty,\nE4,S1,2025-01-01,penalty,\n",
            ),
        ]);
        assert_eq!(
            codes(&loaded),
            vec![
                ("bad-date", 2, 3),
                ("unknown-value", 3, 2),
                // S1 again: a duplicate even though its first row (line 2) was rejected.
                ("duplicate-id", 4, 1),
                ("missing-field", 5, 1),
                ("accident-fields", 2, 5),
                ("unknown-reference", 3, 2),
                ("unknown-reference", 4, 2),
                ("unknown-reference", 5, 2),
            ]
        );
        // A reference to a rejected row says so; one to a never-defined id does not.
        assert!(
            loaded.diagnostics[5].message.contains("subjects.csv line 3, has an error"),
            "{}",
            loaded.diagnostics[5].message
        );
        assert!(!loaded.diagnostics[6].message.contains("has an error"));
        assert!(loaded.diagnostics[7].message.contains("subjects.csv line 2, has an error"));
        assert_eq!(loaded.facts.subjects.len(), 1, "only S3 loads");
        assert_eq!(loaded.facts.subjects[0].line, 6);
        assert_eq!(loaded.facts.events.len(), 0);
        let skipped: Vec<(String, u32)> = loaded.skipped.iter().map(|r| (r.file.clone(), r.line)).collect();
        assert_eq!(
            skipped,
            [
                ("t[subjects]", 2),
                ("t[subjects]", 3),
                ("t[subjects]", 4),
                ("t[subjects]", 5),
                ("t[events]", 2),
                ("t[events]", 3),
                ("t[events]", 4),
                ("t[events]", 5)
            ]
            .map(|(f, l)| (f.to_string(), l))
        );
    }

    fn event_ids_load(events: &str) -> Loaded {
        let events = format!("id,subject,person,date,kind,accident_level,deaths,liable,typical\n{events}");
        load_files(&[
            ("subjects.csv", "id,category\nS1,coal_mine\n"),
            ("events.csv", &events),
            ("objections.csv", "id,event,subject,filed_on\nO1,E2,S1,2025-03-01\n"),
        ])
    }

    fn messages(loaded: &Loaded) -> Vec<(&'static str, u32, u32, &str)> {
        loaded.diagnostics.iter().map(|d| (d.code, d.line, d.column, d.message.as_str())).collect()
    }

    /// Event ids are pushed unchecked and checked at the end of the file; when
    /// one repeats, the file is read again one id at a time. Either way the
    /// diagnostics, skipped rows and events are those of a single ordered pass.
    #[test]
    fn repeated_event_ids_come_out_as_in_one_ordered_pass() {
        // Clean: the fast path; the objection finds its event.
        let clean = event_ids_load("E1,S1,,2024-01-02,penalty,,,,\nE2,S1,,2024-02-03,penalty,,,,\n");
        assert_eq!(messages(&clean), vec![]);
        assert_eq!((clean.facts.events.len(), clean.facts.objections.len()), (2, 1));
        assert_eq!(clean.facts.event_ids.get("E2"), Some(Sym(1)));

        // Two stored rows with one id: the second is the duplicate.
        let twice = event_ids_load(
            "E1,S1,,2024-01-02,penalty,,,,\nE2,S1,,2024-02-03,penalty,,,,\nE1,S1,,2024-03-04,penalty,,,,\n",
        );
        assert_eq!(codes(&twice), vec![("duplicate-id", 4, 1)]);
        assert!(messages(&twice)[0].3.contains("first on line 2"));
        assert_eq!(twice.skipped.iter().map(|s| s.line).collect::<Vec<_>>(), vec![4]);
        assert_eq!(twice.facts.events.iter().map(|e| e.line).collect::<Vec<_>>(), vec![2, 3]);
        assert_eq!(twice.facts.event_ids.get("E2"), Some(Sym(1)));
        let summary = twice.facts.files.iter().find(|f| f.file == "t[events]").unwrap();
        assert_eq!((summary.rows, summary.loaded), (3, 2));

        // Stored, then rejected, then valid again: both later rows name line 2.
        let between = event_ids_load(
            "E1,S1,,2024-01-02,penalty,,,,\nE1,S1,,2024-13-01,penalty,,,,\nE1,S1,,2024-03-04,penalty,,,,\nE2,S1,,2024-02-03,penalty,,,,\n",
        );
        let found: Vec<_> = messages(&between).into_iter().filter(|m| m.0 == "duplicate-id").collect();
        assert_eq!(
            found.iter().map(|m| (m.1, m.3.contains("first on line 2"))).collect::<Vec<_>>(),
            vec![(3, true), (4, true)]
        );
        assert_eq!(
            between.diagnostics.iter().filter(|d| d.line == 3).map(|d| d.code).collect::<Vec<_>>(),
            vec!["bad-date", "duplicate-id"]
        );
        assert_eq!(between.skipped.iter().map(|s| s.line).collect::<Vec<_>>(), vec![3, 4]);
        assert_eq!(between.facts.event_ids.get("E2"), Some(Sym(1)));

        // Rejected first: the valid row after it is the duplicate; no re-read is needed.
        let rejected_first = event_ids_load(
            "E1,S1,,2024-13-01,penalty,,,,\nE1,S1,,2024-03-04,penalty,,,,\nE2,S1,,2024-02-03,penalty,,,,\n",
        );
        assert_eq!(codes(&rejected_first), vec![("bad-date", 2, 4), ("duplicate-id", 3, 1)]);
        assert!(messages(&rejected_first)[1].3.contains("first on line 2"));
        assert_eq!(rejected_first.facts.events.len(), 1);
        assert_eq!(rejected_first.facts.event_ids.get("E2"), Some(Sym(0)));
    }

    /// Inspection rows are parsed on the reading thread and stored on the loader's,
    /// standardization rows on the loader's alone: either way each bad row is reported
    /// in column order and skipped, and rows with only warnings are kept.
    #[test]
    fn bad_standardization_and_inspection_rows_are_reported_and_skipped() {
        let loaded = load_files(&[
            ("subjects.csv", "id,category\nS1,coal_mine\n"),
            (
                "standardization.csv",
                "subject,level,awarded_on,expires_on\nS1,1,2024-01-01,2027-01-01\nS9,2,2024-01-01,\n\
                 S1,gold,2024-13-01,\nS1,2,2024-05-01,2024-01-01\nS1,3,2027-05-01,\n",
            ),
            (
                "inspections.csv",
                "id,subject,date,inspector\nI1,S1,2024-02-01,王\nI2,S9,2024-03-01,\nI1,S1,2024-04-01,\n\
                 I3,S1,2024-02-30,\nI3,S1,2024-05-01,李\n,S1,2024-06-01,\n",
            ),
        ]);
        let at = |file: &str| -> Vec<(&str, u32, u32)> {
            loaded.diagnostics.iter().filter(|d| d.file.contains(file)).map(|d| (d.code, d.line, d.column)).collect()
        };
        assert_eq!(
            at("standardization"),
            vec![
                ("unknown-reference", 3, 1),
                ("unknown-value", 4, 2),
                ("bad-date", 4, 3),
                ("date-order", 5, 4),
                ("future-date", 6, 3),
            ]
        );
        let kept: Vec<_> = loaded.facts.standardization.iter().map(|s| (s.line, s.level)).collect();
        assert_eq!(kept, vec![(2, Level::One), (5, Level::Two), (6, Level::Three)]);

        // Line 4 repeats I1; line 5 has a bad date, and line 6 reuses its id: the rejected
        // row did not claim it. Line 7 has no id.
        assert_eq!(
            at("inspections"),
            vec![("unknown-reference", 3, 2), ("duplicate-id", 4, 1), ("bad-date", 5, 3), ("missing-field", 7, 1),]
        );
        let kept: Vec<_> = loaded.facts.inspections.iter().map(|i| (i.line, loaded.facts.str(i.inspector))).collect();
        assert_eq!(kept, vec![(2, "王"), (6, "李")]);
        assert_eq!(loaded.facts.inspection_ids.get("I3"), Some(Sym(1)));
        let skipped: Vec<_> = loaded.skipped.iter().map(|s| (s.file.as_str(), s.line)).collect();
        assert_eq!(
            skipped,
            vec![
                ("t[standardization]", 3),
                ("t[standardization]", 4),
                ("t[inspections]", 3),
                ("t[inspections]", 4),
                ("t[inspections]", 5),
                ("t[inspections]", 7),
            ]
        );
    }

    #[test]
    fn duplicate_ids_name_the_first_line() {
        let loaded = load_files(&[("subjects.csv", "id,category\nS1,coal_mine\nS1,fireworks\n")]);
        assert_eq!(codes(&loaded), vec![("duplicate-id", 3, 1)]);
        assert!(loaded.diagnostics[0].message.contains("first on line 2"));
    }

    #[test]
    fn header_problems_are_on_line_one() {
        let loaded = load_files(&[
            ("subjects.csv", "id,nmae,category\nS1,x,coal_mine\n"),
            ("events.csv", "id,subject,date\nE1,S1,2025-01-01\n"),
        ]);
        assert_eq!(codes(&loaded), vec![("unknown-column", 1, 2), ("missing-column", 1, 0)]);
        assert!(loaded.diagnostics[0].message.contains("did you mean `name`"));
        assert_eq!(loaded.skipped.len(), 1);
    }

    #[test]
    fn structure_errors() {
        let loaded = load_files(&[("subjects.csv", "id,category\nS1,coal_mine,extra\nS2\n\"S3,coal_mine\n")]);
        assert_eq!(codes(&loaded), vec![("csv-structure", 4, 0)]);
        let loaded = load_files(&[("subjects.csv", "id,category\nS1,coal_mine,extra\nS2\n,\n")]);
        assert_eq!(codes(&loaded), vec![("csv-structure", 2, 0), ("csv-structure", 3, 0), ("blank-rows", 0, 0)]);
    }

    #[test]
    fn accident_rules() {
        let loaded = load_files(&[
            ("subjects.csv", "id,category\nS1,coal_mine\n"),
            (
                "events.csv",
                "id,subject,date,kind,accident_level,deaths,liable,typical\n\
                 E1,S1,2025-01-01,accident,general,,no,\n\
                 E2,S1,2025-01-01,accident,larger,-1,yes,\n\
                 E3,S1,2025-01-01,accident,,two,,\n\
                 E4,S1,2025-01-01,accident,较大,3,是,是\n",
            ),
        ]);
        assert_eq!(
            codes(&loaded),
            vec![("bad-number", 3, 6), ("missing-field", 4, 5), ("bad-number", 4, 6), ("missing-field", 4, 7)]
        );
        let e = &loaded.facts.events;
        assert_eq!(e.len(), 2);
        assert_eq!(
            e[0].accident,
            Some(Accident { level: AccidentLevel::General, deaths: 0, liable: false, typical: false })
        );
        assert_eq!(
            e[1].accident,
            Some(Accident { level: AccidentLevel::Larger, deaths: 3, liable: true, typical: true })
        );
    }

    #[test]
    fn warnings_keep_the_row() {
        let loaded = load_files(&[
            ("subjects.csv", "id,category,uscc,committed_on\nS1,fireworks,914403001922038217,2026-05-01\n"),
            ("people.csv", "subject,person,role,id_number\nS1,P1,principal,110105194912310021\n"),
            ("events.csv", "id,subject,date,kind\nE1,S1,2025-01-01,illegal_mining\n"),
            ("objections.csv", "id,subject,event,filed_on,outcome\nO1,S1,E1,2025-02-01,upheld\n"),
        ]);
        assert_eq!(
            codes(&loaded),
            vec![
                ("bad-uscc", 2, 3),
                ("future-date", 2, 4),
                ("bad-id-number", 2, 4),
                ("kind-category", 2, 4),
                ("outcome-without-reply", 2, 5)
            ]
        );
        assert!(
            loaded.diagnostics[2].message.contains("110105********0021"),
            "masked: {}",
            loaded.diagnostics[2].message
        );
        assert_eq!(loaded.skipped.len(), 0);
        assert_eq!(loaded.facts.objections.len(), 1);
    }

    #[test]
    fn gbk_file_loads_like_its_utf8_twin() {
        let utf8 = "id,name,category\nS1,包头市昆区宏达煤业有限公司,煤矿\n";
        let (gbk, _, _) = encoding_rs::GB18030.encode(utf8);
        let files = vec![("subjects.csv".to_string(), gbk.into_owned())];
        let today = Day::from_ymd(2026, 1, 1).unwrap();
        let loaded = load(&Source::Memory { label: "t", files: &files }, &LoadOptions { today, show_personal: false });
        assert_eq!(codes(&loaded), vec![("encoding", 0, 0)]);
        let twin = load_files(&[("subjects.csv", utf8)]);
        assert_eq!(loaded.facts.str(loaded.facts.subjects[0].name), twin.facts.str(twin.facts.subjects[0].name));
        assert_eq!(loaded.facts.subjects[0].category, Category::CoalMine);
    }

    #[test]
    fn did_you_mean() {
        assert_eq!(closest("catgory", &["id", "category"]), Some("category"));
        assert_eq!(closest("zzz", &["id", "category"]), None);
    }
}
