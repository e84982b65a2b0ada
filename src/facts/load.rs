//! The loader (装载): a facts folder (or in-memory files) → a [`FactSet`] and the
//! diagnostics found on the way, every problem in one pass; a row with an
//! error is not loaded, and is listed, so nothing is lost silently. Whether to
//! go on with errors is the caller's decision (`--lenient`).
//!
//! Each file in schema order: decode (`text`), scan and split into chunks at
//! record boundaries (`reader`), parse the chunks on every core against
//! read-only lookups of the files before it (`parse`, `pool`), merge them in
//! order and settle ids (`store`). Depends on the other `facts` modules.

use super::diag::{Diagnostic, Severity};
use super::intern::{IdTable, Interner};
use super::parse::{self, PersonRow};
use super::reader::{self, Input};
use super::row::{Header, Lookups};
use super::schema::{self, Column, FileSchema, Type};
use super::sheet;
use super::source::{Found, Opened, unknown_sheets};
pub use super::source::{Source, is_workbook, sheet_names};
use super::store::{self, Key, Rebase, Spec, Stored};
use super::text;
use super::*;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::path::Path;

/// The files of a facts folder, in load order (later files refer to earlier ones).
pub use super::schema::FILE_NAMES as FILES;

#[derive(Clone, Debug)]
pub struct LoadOptions {
    /// Dates after this day get a `future-date` warning.
    pub today: Day,
    /// Quote ID and phone numbers in full in diagnostics (`--show-personal`).
    pub show_personal: bool,
}

/// How the work is cut up; the result never depends on it.
#[derive(Clone, Copy, Debug)]
pub struct Tuning {
    pub threads: usize,
    /// A chunk is at least this many bytes (the last may be shorter).
    pub chunk_bytes: u64,
    /// The scan's block size: chunks can start only at the first record of a block.
    pub block_bytes: u64,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning { threads: super::pool::threads(), chunk_bytes: 2 << 20, block_bytes: 2 << 20 }
    }
}

/// A row that was not loaded because it has an error.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SkippedRow {
    pub file: String,
    pub line: u32,
    /// The file is a worksheet and `line` its row number.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub sheet: bool,
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

/// Loads a facts folder, or a workbook (`FILE.xlsx`) with a sheet per file.
pub fn load_dir_with_progress(dir: &Path, options: &LoadOptions, progress: Progress) -> Result<Loaded, LoadFailure> {
    if dir.is_file() && is_workbook(dir) {
        let sheets = sheet::all_sheets(dir)
            .map_err(|e| LoadFailure(format!("cannot read the workbook {}: {e}", dir.display())))?;
        let mut loaded = load_with_progress(&Source::Workbook { path: dir, sheets: &sheets }, options, progress);
        unknown_sheets(&mut loaded.diagnostics, dir, &sheets);
        return Ok(loaded);
    }
    if !dir.is_dir() {
        return Err(LoadFailure(format!(
            "facts folder {} does not exist or is not a folder (choose one with --facts DIR, or --facts FILE.xlsx for a workbook)",
            dir.display()
        )));
    }
    Ok(load_with_progress(&Source::Dir(dir), options, progress))
}

/// Told how loading goes: (file, rows read so far in it, files done).
pub type Progress<'p> = &'p mut dyn FnMut(&str, usize, usize);

pub fn load(source: &Source, options: &LoadOptions) -> Loaded {
    load_with_progress(source, options, &mut |_, _, _| {})
}

/// [`load`], calling `progress` now and then (every 64k rows and per file).
pub fn load_with_progress(source: &Source, options: &LoadOptions, progress: Progress) -> Loaded {
    load_tuned(source, options, Tuning::default(), progress)
}

/// [`load_with_progress`] with the work cut up as `tuning` says (tests try every cut).
pub fn load_tuned(source: &Source, options: &LoadOptions, tuning: Tuning, progress: Progress) -> Loaded {
    let mut loader = Loader {
        source,
        options,
        tuning,
        facts: FactSet::default(),
        text: Interner::default(),
        person_ids: Interner::for_ids(),
        event_ids: Interner::for_ids(),
        diagnostics: Vec::new(),
        skipped: Vec::new(),
        rejected_subjects: FxHashMap::default(),
        rejected_events: FxHashMap::default(),
        roles_by_person: std::sync::OnceLock::new(),
        listed: Default::default(),
        subject_table: IdTable::new(&Interner::for_ids()),
        categories: Vec::new(),
        person_table: IdTable::new(&Interner::for_ids()),
        progress,
        files_done: 0,
        trace: Trace::new(),
    };
    if let Source::Dir(dir) = source {
        // The text of every file fits in its size: room for it up front means the text
        // is never copied to grow (room never written costs address space, not memory).
        let size = FILES.iter().filter_map(|f| std::fs::metadata(dir.join(f)).ok()).map(|m| m.len()).sum::<u64>();
        loader.text.reserve_bytes(usize::try_from(size).unwrap_or(0).min(u32::MAX as usize));
    }
    for file in schema::FILES {
        loader.load_file(file);
        loader.files_done += 1;
        (loader.progress)(file.file, 0, loader.files_done);
    }
    let mut facts = loader.facts;
    facts.text = loader.text;
    facts.person_ids = loader.person_ids.into_names();
    facts.event_ids = loader.event_ids.into_names();
    loader.trace.sizes(&facts);
    Loaded { facts, diagnostics: loader.diagnostics, skipped: loader.skipped }
}

/// With `SAFECREDIT_TRACE` set, the loader says on stderr when each phase of each
/// file ends, in seconds since the load began (for profiling; see docs/performance.md).
struct Trace(Option<std::time::Instant>);

impl Trace {
    fn new() -> Trace {
        Trace(std::env::var_os("SAFECREDIT_TRACE").map(|_| std::time::Instant::now()))
    }

    /// What each relation and id list of the loaded facts holds.
    fn sizes(&self, facts: &FactSet) {
        if self.0.is_some() {
            for (name, bytes) in facts.heap() {
                eprintln!("trace: {:>6} MiB held by {name}", bytes >> 20);
            }
        }
    }

    fn mark(&self, file: &str, phase: &str) {
        if let Some(start) = self.0 {
            let resident = resident_mib().map_or(String::new(), |m| format!("{m:>6} MiB  "));
            eprintln!("trace: {:>7.3} s  {resident}{file} {phase}", start.elapsed().as_secs_f64());
        }
    }
}

/// The process's resident memory now, where the system says (Linux).
fn resident_mib() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some((pages * 4096) >> 20)
}

struct Loader<'a> {
    source: &'a Source<'a>,
    options: &'a LoadOptions,
    tuning: Tuning,
    facts: FactSet,
    /// The text of every file, out of `facts` while files are loaded.
    text: Interner,
    /// The ids of people and events with their lookup tables, for the files that
    /// refer to them; `facts` keeps only the ids (`Names`).
    person_ids: Interner,
    event_ids: Interner,
    diagnostics: Vec<Diagnostic>,
    skipped: Vec<SkippedRow>,
    rejected_subjects: FxHashMap<Box<str>, u32>,
    rejected_events: FxHashMap<Box<str>, u32>,
    roles_by_person: std::sync::OnceLock<Vec<(PersonIx, SubjectIx)>>,
    /// Department names settled by authorities.csv.
    listed: super::authority::Listed,
    /// Lookups of subject and person ids, for the files that refer to them.
    subject_table: IdTable,
    categories: Vec<Category>,
    person_table: IdTable,
    progress: Progress<'a>,
    files_done: usize,
    trace: Trace,
}

/// A file ready to be parsed: its text, its scan, its header.
struct Prepared<'b> {
    body: Body<'b>,
    /// The header's cells, trimmed.
    names: Vec<String>,
    /// The sheet's first column (0 = A); 0 for CSV.
    first_column: u32,
    /// Schema column → header column.
    map: Vec<Option<usize>>,
    /// Every required column is there (else no row is parsed).
    complete: bool,
}

/// A file's data rows, to be parsed.
enum Body<'b> {
    /// CSV text, scanned for record boundaries; data starts at (offset, line).
    Csv { input: Input<'b>, scan: reader::Scan, data: (u64, u32) },
    /// A worksheet's rows, already cells of text.
    Sheet(Vec<sheet::SheetRow>),
}

impl<'a> Loader<'a> {
    /// Drops the lookup table of subjects or people once no file after `parsed`
    /// refers to them (the schema says which do): the person table of a province is
    /// 128 MB, and it is not needed while the events' ids are indexed.
    fn release_tables(&mut self, parsed: &FileSchema) {
        let at = schema::FILES.iter().position(|f| f.name == parsed.name).map_or(0, |n| n + 1);
        let later = &schema::FILES[at..];
        let referred =
            |to: &str| later.iter().any(|f| f.columns.iter().any(|c| matches!(c.ty, Type::Ref(r) if r == to)));
        if !referred("subjects") {
            self.subject_table = IdTable::new(&Interner::for_ids());
        }
        if !referred("people") {
            self.person_table = IdTable::new(&Interner::for_ids());
        }
    }

    fn load_file(&mut self, file: &'static FileSchema) {
        let first_diagnostic = self.diagnostics.len();
        let found = self.source.find(file);
        // Decoded text lives here while the file is parsed.
        let text_holder: Text;
        let display = match &found {
            Found::Missing { display }
            | Found::Failed { display, .. }
            | Found::Text { display, .. }
            | Found::Sheet { display, .. } => display.clone(),
            Found::Both { first, .. } => first.clone(),
        };
        let mut summary = FileSummary {
            file: display.clone(),
            rows: 0,
            loaded: 0,
            encoding: "",
            present: false,
            name: file.file,
            columns: vec![],
            sheet: matches!(found, Found::Sheet { .. }),
        };
        let prepared = match found {
            Found::Missing { .. } => {
                if file.required {
                    let what = if matches!(self.source, Source::Workbook { .. }) { "sheet" } else { "file" };
                    self.diagnostics.push(
                        Diagnostic::new(
                            Severity::Error,
                            "missing-file",
                            &display,
                            0,
                            format!("{} is required but not found", file.file),
                        )
                        .expected(format!(
                            "a {what} {} with a header row: {}",
                            if what == "sheet" { file.name } else { file.file },
                            file.names().join(",")
                        )),
                    );
                }
                self.facts.files.push(summary);
                return;
            }
            Found::Both { first, second } => {
                self.diagnostics.push(
                    Diagnostic::new(
                        Severity::Error,
                        "ambiguous-file",
                        &first,
                        0,
                        format!("both {first} and {second} exist; neither is loaded"),
                    )
                    .expected(match self.source {
                        Source::Workbook { .. } => {
                            format!("one sheet named {} or {}: delete or rename the other", file.name, file.label)
                        }
                        _ => format!("one of {} or {}.xlsx: delete or move the other", file.file, file.name),
                    }),
                );
                summary.present = true;
                self.facts.files.push(summary);
                return;
            }
            Found::Failed { error, .. } => return self.unreadable(&display, &error, summary),
            Found::Sheet { cells, .. } => {
                summary.present = true;
                summary.encoding = "xlsx";
                match self.prepare_sheet(&display, file, &cells) {
                    Some(prepared) => prepared,
                    None => {
                        self.mark_sheet(first_diagnostic, &display, 0);
                        self.facts.files.push(summary);
                        return;
                    }
                }
            }
            Found::Text { opened, .. } => {
                summary.present = true;
                // Plain UTF-8 on disk is read in chunks, never whole; anything else is decoded in memory.
                let (decoded, scan) = match self.decode(&display, opened, &mut summary) {
                    Ok(decoded) => decoded,
                    Err(()) => {
                        self.facts.files.push(summary);
                        return;
                    }
                };
                text_holder = decoded;
                let input = match &text_holder {
                    Text::Disk { file, len } => {
                        Input::File { file: file.try_clone().expect("a file handle"), len: *len }
                    }
                    Text::Memory(bytes, start) => Input::Bytes(&bytes[*start..]),
                };
                match self.prepare(&display, file, input, scan) {
                    Ok(Some(prepared)) => prepared,
                    Ok(None) => {
                        self.facts.files.push(summary);
                        return;
                    }
                    Err(e) => return self.unreadable(&display, &e, summary),
                }
            }
        };
        self.parse_file(file, &display, prepared, summary, first_diagnostic);
    }

    fn parse_file(
        &mut self,
        file: &'static FileSchema,
        display: &str,
        prepared: Prepared,
        mut summary: FileSummary,
        first_diagnostic: usize,
    ) {
        let display = display.to_string();
        let first_column = prepared.first_column;
        let rows = match &prepared.body {
            Body::Csv { scan, .. } => scan.lines,
            Body::Sheet(rows) => rows.len(),
        };
        self.trace.mark(file.name, "scanned");
        let result = match file.name {
            "calendar" => self.settled(&display, file, &prepared, calendar_spec(), rows).map(|s| {
                self.facts.calendar = s.rows;
                s.finished
            }),
            "authorities" => self.settled(&display, file, &prepared, authorities_spec(), rows).map(|s| {
                self.facts.authorities = s.rows;
                let text = &self.text;
                self.listed = self
                    .facts
                    .authorities
                    .iter()
                    .map(|a| (text.resolve(a.name).into(), (a.emergency, a.line)))
                    .collect();
                s.finished
            }),
            "subjects" => self.settled(&display, file, &prepared, subjects_spec(), rows).map(|s| {
                (self.facts.subjects, self.facts.subject_ids, self.rejected_subjects) = (s.rows, s.ids, s.rejected);
                self.subject_table = IdTable::new(&self.facts.subject_ids);
                self.categories = self.facts.subjects.iter().map(|s| s.category).collect();
                s.finished
            }),
            "people" => self.read(&display, file, &prepared, people_spec(), rows).map(|mut s| {
                let (ids, persons, roles) =
                    store::settle_people(&mut s, &self.text, &header(&display, file, &prepared));
                (self.person_ids, self.facts.persons) = (ids, persons);
                self.person_table = IdTable::new(&self.person_ids);
                self.facts.roles = roles;
                s.finish()
            }),
            "standardization" => self.settled(&display, file, &prepared, standardization_spec(), rows).map(|s| {
                self.facts.standardization = s.rows;
                s.finished
            }),
            "licences" => {
                self.settled(&display, file, &prepared, Spec { parse: parse::licence, key: None }, rows).map(|s| {
                    self.facts.licences = s.rows;
                    s.finished
                })
            }
            "events" => self.settled(&display, file, &prepared, events_spec(), rows).map(|s| {
                (self.facts.events, self.event_ids, self.rejected_events) = (s.rows, s.ids, s.rejected);
                s.finished
            }),
            "joint_punishments" => self.settled(&display, file, &prepared, listings_spec(), rows).map(|s| {
                self.facts.listings = s.rows;
                s.finished
            }),
            "inspections" => self.settled(&display, file, &prepared, inspections_spec(), rows).map(|s| {
                (self.facts.inspections, self.facts.inspection_ids) = (s.rows, s.ids.into_names());
                s.finished
            }),
            "objections" => self.settled(&display, file, &prepared, objections_spec(), rows).map(|s| {
                (self.facts.objections, self.facts.objection_ids) = (s.rows, s.ids.into_names());
                s.finished
            }),
            other => unreachable!("no parser for {other}"),
        };
        self.trace.mark(file.name, "settled");
        let finished = match result {
            Ok(finished) => finished,
            Err(e) => return self.unreadable(&display, &e, summary),
        };
        summary.rows = finished.read;
        summary.columns =
            file.columns.iter().zip(&prepared.map).filter(|(_, at)| at.is_some()).map(|(c, _)| c.name).collect();
        summary.loaded = finished.loaded;
        self.diagnostics.extend(finished.diagnostics);
        let sheet = summary.sheet;
        self.skipped.extend(finished.skipped.into_iter().map(|line| SkippedRow { file: display.clone(), line, sheet }));
        if finished.blank > 0 {
            self.diagnostics.push(Diagnostic::new(
                Severity::Note,
                "blank-rows",
                &display,
                0,
                format!("{} blank row(s) (every cell empty) ignored", finished.blank),
            ));
        }
        if file.required && summary.rows == 0 && !self.diagnostics.iter().any(|d| d.file == display) {
            self.diagnostics.push(Diagnostic::new(
                Severity::Warning,
                "no-rows",
                &display,
                1,
                "no subjects: the file has a header but no data rows",
            ));
        }
        if sheet {
            self.mark_sheet(first_diagnostic, &display, first_column);
        }
        self.facts.files.push(summary);
    }

    /// The diagnostics about a worksheet since `first`: located by row and cell
    /// as Excel shows them (the sheet's columns start at `first_column`, 0 = A).
    fn mark_sheet(&mut self, first: usize, display: &str, first_column: u32) {
        for d in &mut self.diagnostics[first..] {
            if d.file == display {
                d.sheet = true;
                if d.column > 0 {
                    d.column += first_column;
                }
            }
        }
    }

    /// Reads a worksheet's header and its rows' cells as text.
    fn prepare_sheet(
        &mut self,
        display: &str,
        file: &'static FileSchema,
        cells: &sheet::Cells,
    ) -> Option<Prepared<'static>> {
        let Some(head) = sheet::head(cells) else {
            self.diagnostics.push(
                Diagnostic::new(
                    Severity::Error,
                    "empty-file",
                    display,
                    1,
                    "the sheet is empty: there is no header row",
                )
                .expected(format!("a header row naming the columns: {}", file.names().join(","))),
            );
            return None;
        };
        let (map, complete) = map_header(&mut self.diagnostics, display, head.row, &head.names, file.columns);
        // Header column → its schema column.
        let mut columns = vec![None; head.names.len()];
        for (c, at) in map.iter().enumerate() {
            if let Some(i) = at {
                columns[*i] = Some((c, &file.columns[c]));
            }
        }
        let rows = sheet::rows(cells, &head, &columns, display);
        Some(Prepared { body: Body::Sheet(rows), names: head.names, map, complete, first_column: head.first_column })
    }

    /// The file's text: UTF-8 on disk as it is, anything else decoded into memory.
    /// `Err` when it cannot be read or decoded (reported).
    fn decode(
        &mut self,
        display: &str,
        opened: Opened,
        summary: &mut FileSummary,
    ) -> Result<(Text, Option<reader::Scan>), ()> {
        let bytes: Cow<[u8]> = match opened {
            Opened::File { file, len, path } => {
                let input = Input::File { file: file.try_clone().map_err(|e| self.unreadable_diag(display, &e))?, len };
                let scan = reader::scan(&input, self.tuning.block_bytes, self.tuning.threads)
                    .map_err(|e| self.unreadable_diag(display, &e))?;
                if scan.utf8 && !scan.cr_only {
                    summary.encoding = if scan.bom { text::UTF8_BOM } else { text::UTF8 };
                    return Ok((Text::Disk { file, len }, Some(scan)));
                }
                Cow::Owned(std::fs::read(&path).map_err(|e| self.unreadable_diag(display, &e))?)
            }
            Opened::Bytes(bytes) => Cow::Borrowed(bytes),
        };
        match text::decode(bytes.into_owned()) {
            Ok(decoded) => {
                summary.encoding = decoded.encoding;
                if decoded.cr_lines {
                    self.diagnostics.push(Diagnostic::new(
                        Severity::Note,
                        "line-breaks",
                        display,
                        0,
                        "lines end in CR alone (as classic Mac Excel saves CSV); each CR is read as a line break",
                    ));
                }
                if decoded.encoding == text::GBK || decoded.encoding == text::UTF16 {
                    self.diagnostics.push(Diagnostic::new(
                        Severity::Note,
                        "encoding",
                        display,
                        0,
                        format!("decoded as {} (as saved by Excel on Chinese Windows)", decoded.encoding),
                    ));
                }
                Ok((Text::Memory(decoded.bytes, decoded.start), None))
            }
            Err(at) => {
                self.diagnostics.push(
                    Diagnostic::new(
                        Severity::Error,
                        "undecodable-file",
                        display,
                        at.line,
                        format!("byte 0x{:02X} is neither UTF-8 nor GBK; the file is not loaded", at.byte),
                    )
                    .at_column(at.column, "")
                    .expected("UTF-8 (with or without BOM) or GBK/GB18030 text; re-save the file as \"CSV UTF-8\""),
                );
                Err(())
            }
        }
    }

    /// Scans the text (if it was not yet), rejects an empty file or an unclosed
    /// quote, and reads the header. `Ok(None)` when there is nothing to parse.
    fn prepare<'b>(
        &mut self,
        display: &str,
        file: &FileSchema,
        input: Input<'b>,
        scan: Option<reader::Scan>,
    ) -> std::io::Result<Option<Prepared<'b>>> {
        let mut scan = match scan {
            Some(scan) => scan,
            None => reader::scan(&input, self.tuning.block_bytes, self.tuning.threads)?,
        };
        if scan.bom {
            // A BOM inside decoded text (UTF-8 with BOM is decoded past it): never here.
            scan.boundaries.retain(|&(offset, _)| offset > 3);
        }
        let start = if scan.bom { 3 } else { 0 };
        if scan.blank {
            self.diagnostics.push(
                Diagnostic::new(Severity::Error, "empty-file", display, 1, "the file is empty: there is no header row")
                    .expected(format!("a header row naming the columns: {}", file.names().join(","))),
            );
            return Ok(None);
        }
        if scan.odd_quotes {
            if let Some(line) = reader::unclosed_quote(&input)? {
                self.diagnostics.push(
                    Diagnostic::new(
                        Severity::Error,
                        "csv-structure",
                        display,
                        line,
                        "a quoted cell opened on this line is never closed; the rest of the file would be one cell, so the file is not loaded",
                    )
                    .expected("every opening \" to have a closing \""),
                );
                return Ok(None);
            }
        }
        let Some(head) = reader::head(&input, start)? else { return Ok(None) };
        let (map, complete) = map_header(&mut self.diagnostics, display, head.line, &head.names, file.columns);
        let body = Body::Csv { input, scan, data: head.data };
        Ok(Some(Prepared { body, names: head.names, first_column: 0, map, complete }))
    }

    /// Reads a file ([`Loader::read`]) and settles its ids, if it has any.
    fn settled<R: Rebase + Send>(
        &mut self,
        display: &str,
        file: &'static FileSchema,
        prepared: &Prepared,
        mut spec: Spec<R>,
        rows: usize,
    ) -> std::io::Result<Settled<R>> {
        let key = spec.key.take();
        let mut stored = self.read(display, file, prepared, Spec { key: key.clone(), ..spec }, rows)?;
        let rejected = match &key {
            Some(key) => stored.settle_keys(key, &header(display, file, prepared)),
            None => FxHashMap::default(),
        };
        let (rows, ids) = (std::mem::take(&mut stored.rows), std::mem::replace(&mut stored.keys, Interner::for_ids()));
        Ok(Settled { rows, ids, rejected, finished: stored.finish() })
    }

    /// Parses a file's chunks on every core and merges them in order.
    fn read<R: Rebase + Send>(
        &mut self,
        display: &str,
        file: &'static FileSchema,
        prepared: &Prepared,
        spec: Spec<R>,
        rows: usize,
    ) -> std::io::Result<Stored<R>> {
        let header = header(display, file, prepared);
        let complete = prepared.complete;
        // The units of work: chunks of CSV text, or runs of a sheet's rows.
        let (chunks, runs, bytes) = match &prepared.body {
            Body::Csv { input, scan, data } => {
                (reader::chunks(scan, *data, input.len(), self.tuning.chunk_bytes), Vec::new(), input.len() as usize)
            }
            Body::Sheet(rows) => (Vec::new(), rows.chunks(SHEET_ROWS_PER_RUN).collect::<Vec<_>>(), 0),
        };
        let lookups = Lookups {
            subject_ids: &self.facts.subject_ids,
            subject_table: &self.subject_table,
            categories: &self.categories,
            person_table: &self.person_table,
            person_ids: &self.person_ids,
            event_ids: &self.event_ids,
            events: &self.facts.events,
            roles: &self.facts.roles,
            roles_by_person: &self.roles_by_person,
            rejected_subjects: &self.rejected_subjects,
            rejected_events: &self.rejected_events,
            authorities: &self.listed,
            today: self.options.today,
            show_personal: self.options.show_personal,
            files: &self.facts.files,
        };
        let mut stored = Stored::new(rows, bytes);
        let mut failed = None;
        let (text, progress, files_done) = (&mut self.text, &mut self.progress, self.files_done);
        // Parsed chunks go back to the workers once merged, to be filled again.
        let recycled = std::sync::Mutex::new(Vec::new());
        super::pool::ordered(
            chunks.len() + runs.len(),
            self.tuning.threads,
            Vec::new,
            |i, buffer| {
                let mut parsed = recycled.lock().ok().and_then(|mut r| r.pop()).unwrap_or_default();
                match &prepared.body {
                    Body::Csv { input, .. } => {
                        let chunk = chunks[i];
                        input.with_range(chunk.start, chunk.end, buffer, |bytes| {
                            store::parse_chunk(&spec, &header, complete, &lookups, bytes, chunk.line, &mut parsed);
                            parsed
                        })
                    }
                    Body::Sheet(_) => {
                        store::parse_sheet_rows(&spec, &header, complete, &lookups, runs[i], &mut parsed);
                        Ok(parsed)
                    }
                }
            },
            |_, parsed| match parsed {
                Ok(mut parsed) => {
                    let before = stored.read;
                    stored.absorb(&mut parsed, text);
                    if before / 65536 != stored.read / 65536 {
                        progress(display, stored.read, files_done);
                    }
                    parsed.recycle();
                    if let Ok(mut recycled) = recycled.lock() {
                        recycled.push(parsed);
                    }
                }
                Err(e) => failed = failed.take().or(Some(e)),
            },
        );
        self.trace.mark(file.name, "parsed");
        self.release_tables(file);
        match failed {
            Some(e) => Err(e),
            None => Ok(stored),
        }
    }

    fn unreadable_diag(&mut self, file: &str, e: &std::io::Error) {
        self.diagnostics.push(Diagnostic::new(
            Severity::Error,
            "unreadable-file",
            file,
            0,
            format!("cannot read the file: {e}"),
        ));
    }

    fn unreadable(&mut self, file: &str, e: &std::io::Error, mut summary: FileSummary) {
        self.unreadable_diag(file, e);
        summary.present = true;
        self.facts.files.push(summary);
    }
}

/// How many rows of a sheet one worker parses at a time.
const SHEET_ROWS_PER_RUN: usize = 16384;

/// A file's text, ready for the reader.
enum Text {
    /// Plain UTF-8 on disk.
    Disk { file: std::fs::File, len: u64 },
    /// Decoded into memory; the text starts at the offset (after a BOM).
    Memory(Vec<u8>, usize),
}

fn header<'h>(display: &'h str, file: &'static FileSchema, prepared: &'h Prepared) -> Header<'h> {
    Header::new(display, &prepared.names, file.columns, &prepared.map)
}

/// A file's rows with their ids settled: unique, indexed, and the ids of
/// rejected rows (→ their first line) for references that name them.
struct Settled<R> {
    rows: Vec<R>,
    ids: Interner,
    rejected: FxHashMap<Box<str>, u32>,
    finished: Finished,
}

/// What a file leaves once its rows are stored.
struct Finished {
    diagnostics: Vec<Diagnostic>,
    skipped: Vec<u32>,
    read: usize,
    loaded: usize,
    blank: usize,
}

impl<R: Rebase> Stored<R> {
    fn finish(self) -> Finished {
        Finished {
            loaded: self.read - self.skipped.len(),
            diagnostics: self.diagnostics,
            skipped: self.skipped,
            read: self.read,
            blank: self.blank,
        }
    }
}

fn id_key(text: &str) -> Option<Cow<'_, str>> {
    (!text.is_empty()).then_some(Cow::Borrowed(text))
}

/// The key of a unique id column: a later row with an id already used is a duplicate.
fn id(column: usize, rejected_claims: bool, first: bool, message: fn(&str, u32) -> String) -> Option<Key> {
    Some(Key { column, of: id_key, rejected_claims, first, message, expected: "a unique id" })
}

fn calendar_spec() -> Spec<CalendarEntry> {
    let key = Key {
        column: schema::calendar::DATE,
        of: |text| cell::parse_date(text).map(|day| Cow::Owned(day.to_string())),
        rejected_claims: false,
        first: false,
        message: |date, first| format!("date {date} is listed twice; first on line {first}"),
        expected: "each date at most once",
    };
    Spec { parse: parse::calendar, key: Some(key) }
}

fn authorities_spec() -> Spec<AuthorityEntry> {
    let key = Key {
        column: schema::authorities::NAME,
        of: id_key,
        rejected_claims: false,
        first: false,
        message: |name, first| format!("authority \"{name}\" is listed twice; first on line {first}"),
        expected: "each name at most once",
    };
    Spec { parse: parse::authority, key: Some(key) }
}

// Which rows claim an id, and where the duplicate's diagnostic goes in its row,
// are as they have always been: a rejected subject or event still claims its id
// (a reference to it says the row has an error); inspections, objections and
// calendar dates are claimed only by rows that load.
fn subjects_spec() -> Spec<Subject> {
    let message = |id: &str, first| format!("subject id \"{id}\" is used twice; first on line {first}");
    Spec { parse: parse::subject, key: id(schema::subjects::ID, true, true, message) }
}

fn people_spec() -> Spec<PersonRow> {
    let key = Key {
        column: schema::people::PERSON,
        of: id_key,
        rejected_claims: false,
        first: false,
        message: |_, _| String::new(),
        expected: "",
    };
    Spec { parse: parse::person, key: Some(key) }
}

fn standardization_spec() -> Spec<Standardization> {
    Spec { parse: parse::standardization, key: None }
}

fn events_spec() -> Spec<Event> {
    let message = |id: &str, first| format!("event id \"{id}\" is used twice; first on line {first}");
    Spec { parse: parse::event, key: id(schema::events::ID, true, false, message) }
}

fn listings_spec() -> Spec<Listing> {
    Spec { parse: parse::listing, key: None }
}

fn inspections_spec() -> Spec<Inspection> {
    let message = |id: &str, first| format!("inspection id \"{id}\" is used twice; first on line {first}");
    Spec { parse: parse::inspection, key: id(schema::inspections::ID, false, false, message) }
}

fn objections_spec() -> Spec<Objection> {
    let message = |id: &str, first| format!("objection id \"{id}\" is used twice; first on line {first}");
    Spec { parse: parse::objection, key: id(schema::objections::ID, false, true, message) }
}

/// Finds each schema column in the header. Unknown columns are warnings; a
/// missing required column or a repeated one is an error, and then the map is
/// not complete.
fn map_header(
    diagnostics: &mut Vec<Diagnostic>,
    file: &str,
    line: u32,
    header: &[String],
    columns: &[Column],
) -> (Vec<Option<usize>>, bool) {
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
        if col.in_header() && map[c].is_none() {
            diagnostics.push(
                Diagnostic::new(
                    Severity::Error,
                    "missing-column",
                    file,
                    line,
                    format!("required column `{}` is missing from the header; no row of this file is loaded", col.name),
                )
                .expected(format!(
                    "a header with the columns: {}",
                    columns.iter().map(|c| c.name).collect::<Vec<_>>().join(",")
                )),
            );
            complete = false;
        }
    }
    (map, complete)
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
