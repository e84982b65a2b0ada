//! The rules (规则): Art. 11–15 as three chained crepe programs, and the
//! evaluation that feeds them the facts of one as-of date and collects what
//! they derive into a [`Model`].
//!
//! The Art. 13 and Art. 14–15 programs only ever join within one subject
//! (plus the person links of 13.A.2/B.2/C.1), so subjects are evaluated in
//! batches, each batch with the records of its subjects and of the people
//! holding roles there, on every core. The Art. 11–12 program is batched
//! over the objections on the same threads. No input or output here.

pub mod art11_12;
pub mod art13;
pub mod art14_15;
pub mod catalogue;
pub mod clause;
mod index;
pub mod input;
pub mod procedure;
pub mod whatif;

pub use clause::{Clause, Grade, Group, Looks, Measures, ObjectionStatus, PRECEDENCE, Tier};
pub use index::FactIndex;
pub use input::Change;

use input::{AsRecorded, Unit};

use crate::facts::calendar::Calendar;
use crate::facts::codes::Kind;
use crate::facts::{Day, EventIx, FactSet, SubjectIx, cell};
use rustc_hash::FxBuildHasher;
use std::ops::Range;

/// A record that witnesses a clause (证据): the row it came from.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Record {
    Event(EventIx),
    /// The subject's commitment (subjects.csv `committed_on`).
    Commitment(SubjectIx),
    /// A row of standardization.csv, by index.
    Standardization(u32),
    /// A row of joint_punishments.csv, by index.
    Listing(u32),
}

impl Record {
    /// The fact file the record is a row of, and its line there.
    pub fn row(self, facts: &FactSet) -> (&'static str, u32) {
        match self {
            Record::Event(e) => ("events.csv", facts.event(e).line),
            Record::Commitment(s) => ("subjects.csv", facts.subject(s).line),
            Record::Standardization(n) => ("standardization.csv", facts.standardization[n as usize].line),
            Record::Listing(n) => ("joint_punishments.csv", facts.listings[n as usize].line),
        }
    }
}

/// Why a record of a clause's kind does not count for it (不计入的原因): data
/// beside `Witness`, derived by the same program (`art13::conditions`, rules
/// tagged `[exclusions]`), for the subject `explain` asks about.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Exclusion {
    /// Voided by objection N (an index of `FactSet::objections`), upheld on the day (异议成立).
    Voided(u32, Day),
    /// 信用修复 on the day.
    Repaired(Day),
    /// A penalty by another department than emergency management.
    OtherDepartment,
    /// Dated (awarded, listed, committed) after the as-of date: it does not exist yet.
    AfterAsOf,
    /// Older than the clause's window of N years.
    OutsideWindow(u32),
    /// An accident that is not a liability accident (非责任事故).
    NotLiable,
    /// An accident without deaths.
    NoDeaths,
    /// A fatal accident of a level above general (it counts for 13.D.1 instead).
    NotGeneral(crate::facts::AccidentLevel),
    /// The one fatal general accident within a year: D(1) needs two.
    OnlyOneFatalGeneral,
    /// Linked through a person whose role here is legal_rep or partner, which does not count.
    Role(crate::facts::Role),
    /// A listing lifted on the day.
    ListingLifted(Day),
    /// A standardization that expired on the day.
    StandardizationExpired(Day),
}

/// The event clauses, the kind of record each looks at, and its window in years.
pub const EVENT_CLAUSES: &[(Clause, Kind, u32)] = &[
    (Clause::A2, Kind::Dishonesty, 3),
    (Clause::B2, Kind::Dishonesty, 1),
    (Clause::C1, Kind::Dishonesty, 1),
    (Clause::A3, Kind::Penalty, 3),
    (Clause::B3, Kind::Penalty, 1),
    (Clause::C2, Kind::Penalty, 1),
    (Clause::A4, Kind::Accident, 3),
    (Clause::B4, Kind::Accident, 1),
    (Clause::C3, Kind::Accident, 1),
    (Clause::D1, Kind::Accident, 1),
    (Clause::D2, Kind::UnlicensedOperation, 1),
    (Clause::D3, Kind::UnrectifiedMajorHazard, 1),
    (Clause::D4, Kind::EvadingSupervision, 1),
    (Clause::D5, Kind::OperatingWhileSuspended, 1),
    (Clause::D6, Kind::AccidentCoverUp, 1),
    (Clause::D7, Kind::UnacceptedSafetyFacilities, 1),
    (Clause::D8, Kind::IllegalMining, 1),
    (Clause::D9, Kind::ObstructingInvestigation, 1),
    (Clause::D10, Kind::FalseReport, 1),
];

/// The calendar as a relation value: compared by identity, since the
/// program only ever sees one.
#[derive(Copy, Clone)]
pub struct CalendarRef<'a>(pub &'a Calendar);

impl PartialEq for CalendarRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.0, other.0)
    }
}
impl Eq for CalendarRef<'_> {}
impl std::hash::Hash for CalendarRef<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::ptr::hash(self.0, state)
    }
}

/// What the rules derive for one subject.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubjectResult {
    pub grade: Grade,
    /// Bit i set iff `Clause::ART13[i]` holds (the `reason` relation).
    pub holds: u32,
    /// Bits A=0, B=1, C=2, D=3: the definitions met on their own (`meets`).
    pub meets: u8,
    pub tier: Tier,
    pub measures: Option<Measures>,
    /// Inspection interval in months; `None` for unrated subjects.
    pub interval: Option<u32>,
    pub high_risk: bool,
    pub last_inspection: Option<Day>,
    pub next_due: Option<Day>,
    pub overdue_days: Option<i32>,
    pub never_inspected: bool,
}

impl SubjectResult {
    pub fn holds(&self, clause: Clause) -> bool {
        clause.art13_bit().is_some_and(|bit| self.holds & (1 << bit) != 0)
    }

    pub fn meets(&self, grade: Grade) -> bool {
        grade_bit(grade).is_some_and(|bit| self.meets & (1 << bit) != 0)
    }

    pub fn joint_target(&self) -> bool {
        self.holds(Clause::DJoint)
    }

    /// Whether the inspection Art. 15 requires is overdue (逾期未检查), and how.
    pub fn overdue(&self) -> Overdue {
        match (self.never_inspected, self.overdue_days) {
            (true, _) => Overdue::Never,
            (false, Some(days)) => Overdue::Days(days),
            (false, None) => Overdue::No,
        }
    }
}

/// The inspection state of a subject on the as-of date (Art. 15).
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Overdue {
    /// Inspected within its interval, or no interval applies.
    No,
    /// Overdue by this many days.
    Days(i32),
    /// Never inspected although an interval applies.
    Never,
}

/// As the ledger writes it: the days, `never`, or empty.
impl std::fmt::Display for Overdue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Overdue::No => Ok(()),
            Overdue::Days(days) => write!(f, "{days}"),
            Overdue::Never => f.write_str("never"),
        }
    }
}

impl serde::Serialize for Overdue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

fn grade_bit(grade: Grade) -> Option<u32> {
    match grade {
        Grade::A => Some(0),
        Grade::B => Some(1),
        Grade::C => Some(2),
        Grade::D => Some(3),
        Grade::Unrated => None,
    }
}

/// What the rules derive for one objection.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ObjectionResult {
    /// `None` when the objection was filed after the as-of date.
    pub status: Option<ObjectionStatus>,
    pub deadline: Option<Day>,
    pub conflict: bool,
    /// Who is both investigator and collector (12.investigator), sorted.
    pub conflict_with: Vec<String>,
    pub unscheduled_years: Vec<i32>,
}

/// Everything the rules derive for one facts folder and one as-of date.
#[derive(Clone, Debug)]
pub struct Model {
    pub as_of: Day,
    /// Indexed by `SubjectIx`.
    pub subjects: Vec<SubjectResult>,
    /// (subject, clause, record), sorted; `witness_start[s]..witness_start[s+1]` is subject s's.
    pub witnesses: Vec<(SubjectIx, Clause, Record)>,
    pub witness_start: Vec<u32>,
    /// Indexed like `FactSet::objections`.
    pub objections: Vec<ObjectionResult>,
}

impl Model {
    pub fn subject(&self, s: SubjectIx) -> &SubjectResult {
        &self.subjects[s.0 as usize]
    }

    pub fn witnesses_of(&self, s: SubjectIx) -> &[(SubjectIx, Clause, Record)] {
        let i = s.0 as usize;
        &self.witnesses[self.witness_start[i] as usize..self.witness_start[i + 1] as usize]
    }
}

/// How to evaluate: batch size and threads. Results do not depend on either.
#[derive(Clone, Debug)]
pub struct EvalOptions {
    pub batch_size: usize,
    pub threads: usize,
    /// Another reading of some grade conditions (the interpretation sandbox).
    pub reading: Option<std::sync::Arc<Reading>>,
}

/// Another reading of Art. 13's grade conditions (解释): each clause listed
/// holds for exactly the subjects marked (by subject index), instead of what
/// the shipped rule derives. Everything after the conditions — precedence,
/// tiers, inspections — runs as shipped.
#[derive(Clone, Debug, Default)]
pub struct Reading {
    pub clauses: Vec<(Clause, Vec<bool>)>,
}

impl Default for EvalOptions {
    fn default() -> Self {
        let threads = crate::facts::pool::threads();
        // SAFECREDIT_BATCH overrides the batch size, for benchmarking.
        let batch_size = std::env::var("SAFECREDIT_BATCH").ok().and_then(|b| b.parse().ok()).unwrap_or(1024);
        EvalOptions { batch_size, threads, reading: None }
    }
}

/// Evaluates every rule for `as_of`.
/// 第十六条「本办法自发布之日起施行」: the measures (昆应急字〔2024〕56号) were
/// issued in 2024 and apply from issuance, so from 2024-01-01 at the earliest.
pub const IN_FORCE_FROM: (i32, u32, u32) = (2024, 1, 1);

/// How far ahead timelines and what-if questions look from `as_of`: the longest
/// window of Art. 13 (3 years) and two days more for leap days, by which every
/// record dated by `as_of` has aged out of its window.
pub fn horizon(as_of: Day) -> Day {
    as_of.plus_days(365 * 3 + 2)
}

/// For an as-of date before the measures applied (Art. 16), the warning to give;
/// the rules still run, as if they had applied.
pub fn not_yet_in_force(as_of: Day) -> Option<String> {
    let (y, m, d) = IN_FORCE_FROM;
    let from = Day::from_ymd(y, m, d).expect("a valid date");
    (as_of < from).then(|| {
        format!(
            "as of {as_of} the measures did not yet apply: 第十六条「本办法自发布之日起施行」 (昆应急字〔2024〕56号, issued in 2024); the grades below are what they would have given"
        )
    })
}

pub fn evaluate(facts: &FactSet, index: &FactIndex, calendar: &Calendar, as_of: Day, options: &EvalOptions) -> Model {
    let n = facts.subjects.len();
    let batch_size = options.batch_size.max(1);
    let ranges =
        |len: usize| (0..len).step_by(batch_size).map(move |start| start as u32..(start + batch_size).min(len) as u32);
    // Objections (Art. 11–12) are independent of each other and of the grades: they are
    // batched too, and share the threads with the subjects.
    let work: Vec<Work> =
        ranges(facts.objections.len()).map(Work::Objections).chain(ranges(n).map(Work::Subjects)).collect();
    let mut subjects = Vec::with_capacity(n);
    let mut objections = Vec::with_capacity(facts.objections.len());
    let mut witnesses = Vec::new();
    // Results are appended in batch order as they arrive, so each batch's own
    // vectors are freed early and the model is never held twice.
    crate::facts::pool::ordered(
        work.len(),
        options.threads,
        || (),
        |b, _| match &work[b] {
            Work::Subjects(range) => {
                Done::Subjects(evaluate_batch(facts, index, as_of, range.clone(), options.reading.as_deref()))
            }
            Work::Objections(range) => Done::Objections(evaluate_objections(facts, calendar, as_of, range.clone())),
        },
        |_, done| match done {
            Done::Subjects(batch) => {
                subjects.extend(batch.subjects);
                witnesses.extend(batch.witnesses);
            }
            Done::Objections(results) => objections.extend(results),
        },
    );
    let mut witness_start = vec![0u32; n + 1];
    for (s, _, _) in &witnesses {
        witness_start[s.0 as usize + 1] += 1;
    }
    for i in 0..n {
        witness_start[i + 1] += witness_start[i];
    }
    Model { as_of, subjects, witnesses, witness_start, objections }
}

/// A batch of grading work (one job of `pool::ordered`).
enum Work {
    Subjects(Range<u32>),
    Objections(Range<u32>),
}

enum Done {
    Subjects(BatchResult),
    Objections(Vec<ObjectionResult>),
}

struct BatchResult {
    subjects: Vec<SubjectResult>,
    witnesses: Vec<(SubjectIx, Clause, Record)>,
}

/// A procedural finding (Art. 7–9, 11, 12), as `procedure` derives it.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub struct ProcedureFinding {
    /// Under Art. 7, 8, 9, 11 or 12 (`Clause::article_number`).
    pub clause: Clause,
    pub finding: procedure::Finding,
    pub subject: SubjectIx,
    pub about: procedure::About,
    pub item: Option<procedure::Item>,
}

impl ProcedureFinding {
    /// The id of the event or objection the finding is about, or "".
    pub fn record<'f>(&self, facts: &'f FactSet) -> &'f str {
        match self.about {
            procedure::About::Subject => "",
            procedure::About::Event(e) => facts.event_id(e),
            procedure::About::Objection(o) => facts.objection_id(o as usize),
        }
    }

    /// The missing item (Art. 7) as a code, or "".
    pub fn detail(&self) -> &'static str {
        self.item.map_or("", |i| i.code())
    }
}

/// A finding with its ids named: the columns of `safecredit procedure`.
#[derive(serde::Serialize, Clone, Debug, PartialEq, Eq)]
pub struct ProcedureRow {
    pub article: u8,
    pub finding: &'static str,
    pub subject: String,
    /// The event or objection id, or empty.
    pub record: String,
    /// The missing item (Art. 7), or empty.
    pub detail: &'static str,
}

pub fn procedure_rows(facts: &FactSet, findings: &[ProcedureFinding]) -> Vec<ProcedureRow> {
    findings
        .iter()
        .map(|f| ProcedureRow {
            article: f.clause.article_number(),
            finding: f.finding.code(),
            subject: facts.subject_id(f.subject).to_string(),
            record: f.record(facts).to_string(),
            detail: f.detail(),
        })
        .collect()
}

/// Every procedural finding on the model's as-of date, by article, then subject,
/// finding, record and item: the `procedure` program over the facts, with the
/// Art. 11–12 results and the Art. 13 evidence of `model`.
pub fn procedure(facts: &FactSet, model: &Model) -> Vec<ProcedureFinding> {
    procedure_for(facts, model, None)
}

/// The procedural findings about one subject's own file, and the [9.statement]
/// findings about every record counted against it (which may be another
/// subject's, through a person): the same program, fed only what they read.
pub fn procedure_of(facts: &FactSet, model: &Model, s: SubjectIx) -> Vec<ProcedureFinding> {
    procedure_for(facts, model, Some(s))
}

fn procedure_for(facts: &FactSet, model: &Model, only: Option<SubjectIx>) -> Vec<ProcedureFinding> {
    use procedure as p;
    let wanted = |s: SubjectIx| only.is_none_or(|o| o == s);
    let mut rt = p::Crepe::new();
    rt.extend([p::AsOf(model.as_of)]);
    for (i, row) in facts.subjects.iter().enumerate() {
        let s = SubjectIx(i as u32);
        if !wanted(s) {
            continue;
        }
        rt.extend([p::Subject(s, row.category)]);
        for (text, item) in [(row.name, p::Item::Name), (row.address, p::Item::Address), (row.uscc, p::Item::Uscc)] {
            if facts.str(text).is_empty() {
                rt.extend([p::Blank(s, item)]);
            }
        }
    }
    // Every rule about a person's contact joins it with a role: each person goes in
    // with the roles that name it.
    for r in facts.roles.iter().filter(|r| wanted(r.subject)) {
        rt.extend([p::HoldsRole(r.subject, r.person, r.role)]);
        let person = &facts.persons[r.person.0 as usize];
        if facts.str(person.id_number).is_empty() {
            rt.extend([p::NoIdNumber(r.person)]);
        }
        if facts.str(person.phone).is_empty() {
            rt.extend([p::NoPhone(r.person)]);
        }
    }
    let licences = facts.has_file("licences.csv");
    rt.extend([p::LicencesGiven(licences)]);
    let licences_held = facts.licences.iter().filter(|l| wanted(l.subject));
    rt.extend(licences_held.map(|l| p::Licence(l.subject, l.kind, l.valid_from, l.valid_to)));
    let recorder = facts.has_column("events.csv", "recorded_by") && facts.has_column("events.csv", "recorder");
    let statement = facts.has_column("events.csv", "statement_heard_on");
    rt.extend([p::RecorderGiven(recorder)]);
    rt.extend([p::StatementGiven(statement)]);
    // Events go in only where a rule can use them, each with all that is known of it.
    let event = |rt: &mut p::Crepe, e: EventIx| {
        let row = facts.event(e);
        rt.extend([p::Event(e, row.subject, row.date)]);
        if recorder && !row.recorded_by.is_empty() && !row.recorder.is_empty() {
            rt.extend([p::Recorded(e)]);
        }
    };
    if recorder {
        for (i, row) in facts.events.iter().enumerate() {
            if wanted(row.subject) {
                event(&mut rt, EventIx(i as u32));
            }
        }
    }
    if statement {
        let witnesses = match only {
            None => &model.witnesses[..],
            Some(s) => model.witnesses_of(s),
        };
        let mut evidence: Vec<EventIx> = witnesses
            .iter()
            .filter_map(|&(_, _, record)| match record {
                Record::Event(e) => Some(e),
                _ => None,
            })
            .collect();
        evidence.sort_unstable();
        evidence.dedup();
        for &e in &evidence {
            event(&mut rt, e);
            rt.extend([p::Evidence(e)]);
            if let Some(d) = facts.event(e).statement_heard_on() {
                rt.extend([p::Heard(e, d)]);
            }
        }
    }
    for (o, row) in facts.objections.iter().enumerate() {
        if !wanted(row.subject) {
            continue;
        }
        let o32 = o as u32;
        rt.extend([p::Objection(o32, row.subject, row.event, row.filed_on)]);
        let with = facts.str(row.filed_with);
        let by = facts.str(facts.event(row.event).recorded_by);
        if !with.is_empty() && !by.is_empty() {
            rt.extend([p::FiledWith(o32, with)]);
            rt.extend([p::RecordedBy(row.event, by)]);
        }
        let result = &model.objections[o];
        if let Some(status) = result.status {
            rt.extend([p::Status(o32, status)]);
        }
        if result.conflict {
            rt.extend([p::Conflict(o32)]);
        }
    }
    let (found,) = rt.run_with_hasher::<FxBuildHasher>();
    let mut out: Vec<ProcedureFinding> = found
        .into_iter()
        .map(|p::Found(clause, finding, subject, about, item)| ProcedureFinding {
            clause,
            finding,
            subject,
            about,
            item,
        })
        .collect();
    out.sort_unstable_by_key(|f| (f.clause.article_number(), f.subject, f.finding, f.about, f.item));
    out
}

/// What did not count for subject `s`, clause by clause, and why: the same
/// `conditions` program, run for `s` alone with all its records.
pub fn exclusions(facts: &FactSet, index: &FactIndex, as_of: Day, s: SubjectIx) -> Vec<(Clause, Record, Exclusion)> {
    use art13::conditions as r13;
    let mut rt = r13::Crepe::new();
    input::feed(&mut rt, facts, index, as_of, [Unit::as_recorded(s)], &mut AsRecorded::default(), true);
    rt.extend([r13::Explain(s)]);
    let (_, _, excluded, _) = rt.run_with_hasher::<FxBuildHasher>();
    let mut out: Vec<(Clause, Record, Exclusion)> =
        excluded.into_iter().map(|r13::Excluded(_, clause, record, why)| (clause, record, why)).collect();
    out.sort_unstable();
    out
}

/// Every record that counts against a subject on `as_of`, of any age (the
/// query shell's `counting`): the `conditions` program's `Counts`, run over all
/// the subjects' records, in batches on every core.
pub fn counting(facts: &FactSet, index: &FactIndex, as_of: Day) -> Vec<(EventIx, SubjectIx, Day, Kind)> {
    use art13::conditions as r13;
    let n = facts.subjects.len() as u32;
    let batches: Vec<Range<u32>> = (0..n).step_by(4096).map(|start| start..(start + 4096).min(n)).collect();
    let mut out: Vec<(EventIx, SubjectIx, Day, Kind)> = Vec::new();
    crate::facts::pool::ordered(
        batches.len(),
        crate::facts::pool::threads(),
        || (),
        |b, _| {
            let range = batches[b].clone();
            let mut rt = r13::Crepe::new();
            let units = range.clone().map(|s| Unit::as_recorded(SubjectIx(s)));
            input::feed(&mut rt, facts, index, as_of, units, &mut AsRecorded::default(), true);
            rt.extend(range.map(|s| r13::ListCounting(SubjectIx(s))));
            let (_, _, _, counts) = rt.run_with_hasher::<FxBuildHasher>();
            counts
        },
        |_, counts| out.extend(counts.into_iter().map(|r13::Counts(e, s, d, k)| (e, s, d, k))),
    );
    out.sort_unstable();
    out
}

/// Runs the Art. 13 and Art. 14–15 programs on subjects `range`.
fn evaluate_batch(
    facts: &FactSet,
    index: &FactIndex,
    as_of: Day,
    range: Range<u32>,
    reading: Option<&Reading>,
) -> BatchResult {
    use art13::conditions as r13;
    let mut rt = r13::Crepe::new();
    let units = range.clone().map(|s| Unit::as_recorded(SubjectIx(s)));
    input::feed(&mut rt, facts, index, as_of, units, &mut AsRecorded::default(), false);
    let (witness, holds, _, _) = rt.run_with_hasher::<FxBuildHasher>();
    let base = range.start;
    let units: Vec<(SubjectIx, SubjectIx)> = range.map(|s| (SubjectIx(s), SubjectIx(s))).collect();
    let results = supervise(facts, index, as_of, &units, |s| (s.0 - base) as usize, &holds, &witness, reading);
    let mut witnesses: Vec<(SubjectIx, Clause, Record)> =
        witness.into_iter().map(|r13::Witness(s, c, r)| (s, c, r)).collect();
    witnesses.sort_unstable();
    BatchResult { subjects: results, witnesses }
}

/// From the conditions that hold for each unit (`units[k]`: the subject unit `k`
/// grades, and its name in the program, with `at(name) == k`): the precedence,
/// then the Art. 14–15 program for tier, measures and inspections.
#[allow(clippy::too_many_arguments)]
pub(crate) fn supervise<'h>(
    facts: &FactSet,
    index: &FactIndex,
    as_of: Day,
    units: &[(SubjectIx, SubjectIx)],
    at: impl Fn(SubjectIx) -> usize,
    holds: impl IntoIterator<Item = &'h art13::conditions::Holds>,
    witness: impl IntoIterator<Item = &'h art13::conditions::Witness>,
    reading: Option<&Reading>,
) -> Vec<SubjectResult> {
    use art13::conditions as r13;
    let len = units.len();
    let mut conditions = vec![0u32; len];
    for r13::Holds(s, clause) in holds {
        conditions[at(*s)] |= 1 << clause.art13_bit().expect("holds is about Art. 13 clauses");
    }
    if let Some(reading) = reading {
        for (clause, holds) in &reading.clauses {
            let bit = 1 << clause.art13_bit().expect("a reading is of Art. 13 grade conditions");
            for (k, conditions) in conditions.iter_mut().enumerate() {
                if holds[units[k].0.0 as usize] { *conditions |= bit } else { *conditions &= !bit }
            }
        }
    }
    let mut joint_witness = vec![false; len];
    for r13::Witness(s, clause, _) in witness {
        if *clause == Clause::DJoint {
            joint_witness[at(*s)] = true;
        }
    }
    // Precedence depends only on which conditions hold, so the program runs once
    // per distinct pattern in the batch (a few dozen), not once per subject.
    let mut patterns: rustc_hash::FxHashMap<(u32, bool), usize> = Default::default();
    let mut pattern_of = Vec::with_capacity(len);
    for i in 0..len {
        let next = patterns.len();
        pattern_of.push(*patterns.entry((conditions[i], joint_witness[i])).or_insert(next));
    }
    let mut distinct = vec![(0u32, false); patterns.len()];
    for (&pattern, &k) in &patterns {
        distinct[k] = pattern;
    }
    let decided = decide(distinct.iter().enumerate().map(|(k, &(bits, joint))| (SubjectIx(k as u32), bits, joint)));
    let mut results: Vec<SubjectResult> = pattern_of
        .iter()
        .map(|&k| decided[k])
        .map(|d| SubjectResult {
            grade: d.grade,
            holds: d.holds,
            meets: d.meets,
            tier: Tier::None,
            measures: None,
            interval: None,
            high_risk: false,
            last_inspection: None,
            next_due: None,
            overdue_days: None,
            never_inspected: false,
        })
        .collect();
    let mut rt = art14_15::Crepe::new();
    rt.extend([art14_15::AsOf(as_of)]);
    for (k, result) in results.iter().enumerate() {
        let (subject, id) = units[k];
        rt.extend([art14_15::Graded(id, result.grade)]);
        rt.extend([art14_15::SubjectCategory(id, facts.subjects[subject.0 as usize].category)]);
        for &i in index.inspections_of(subject) {
            rt.extend([art14_15::Inspection(i, id, facts.inspections[i as usize].date)]);
        }
    }
    let (tier, measures, interval, high_risk, last, next_due, overdue, never, _awaiting) =
        rt.run_with_hasher::<FxBuildHasher>();
    for art14_15::Supervised(s, t) in tier {
        results[at(s)].tier = t;
    }
    for art14_15::Measured(s, m) in measures {
        results[at(s)].measures = Some(m);
    }
    for art14_15::Interval(s, months) in interval {
        results[at(s)].interval = Some(months);
    }
    for art14_15::HighRisk(s) in high_risk {
        results[at(s)].high_risk = true;
    }
    for art14_15::LastInspection(s, d) in last {
        results[at(s)].last_inspection = Some(d);
    }
    for art14_15::NextDue(s, d) in next_due {
        results[at(s)].next_due = Some(d);
    }
    for art14_15::Overdue(s, days) in overdue {
        results[at(s)].overdue_days = Some(days);
    }
    for art14_15::NeverInspected(s) in never {
        results[at(s)].never_inspected = true;
    }
    results
}

/// The outcome of Art. 13's precedence for one subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decided {
    pub grade: Grade,
    /// Bits A=0, B=1, C=2, D=3.
    pub meets: u8,
    /// The clauses that hold (bit i = `Clause::ART13[i]`), 13.D.joint included.
    pub holds: u32,
}

/// Runs the `precedence` program: from the grade conditions that hold (bits
/// over `Clause::ART13`) and whether a 13.D.joint witness exists, to the
/// definitions met, the grade and the joint-target flag. `evaluate` uses it,
/// and so do the what-if questions of `verify` and `test` (which clause was
/// decisive), so precedence has one implementation: the Datalog one.
pub fn decide(subjects: impl Iterator<Item = (SubjectIx, u32, bool)>) -> Vec<Decided> {
    use art13::precedence as p;
    let mut rt = p::Crepe::new();
    let mut order = Vec::new();
    for (s, bits, joint_witness) in subjects {
        order.push(s);
        rt.extend([p::Subject(s)]);
        for (i, clause) in Clause::GRADE_CONDITIONS.iter().enumerate() {
            if bits & (1 << i) != 0 {
                rt.extend([p::Holds(s, *clause)]);
            }
        }
        if joint_witness {
            rt.extend([p::JointWitness(s)]);
        }
    }
    let (reason, _joint, meets, graded) = rt.run_with_hasher::<FxBuildHasher>();
    let position: rustc_hash::FxHashMap<SubjectIx, usize> = order.iter().enumerate().map(|(i, s)| (*s, i)).collect();
    let mut out = vec![Decided { grade: Grade::Unrated, meets: 0, holds: 0 }; order.len()];
    for p::Reason(s, clause, holds) in reason {
        if holds {
            out[position[&s]].holds |= 1 << clause.art13_bit().expect("reason is about Art. 13 clauses");
        }
    }
    for p::Meets(s, grade) in meets {
        out[position[&s]].meets |= 1 << grade_bit(grade).expect("meets names A-D");
    }
    for p::Graded(s, grade) in graded {
        out[position[&s]].grade = grade;
    }
    out
}

/// The Art. 11–12 results of some objections (by row), as of `as_of`, with `calendar`.
pub fn objections_of(facts: &FactSet, calendar: &Calendar, as_of: Day, rows: &[u32]) -> Vec<ObjectionResult> {
    rows.iter().flat_map(|&o| evaluate_objections(facts, calendar, as_of, o..o + 1)).collect()
}

/// Runs the Art. 11–12 program over the objections in `range`.
fn evaluate_objections(facts: &FactSet, calendar: &Calendar, as_of: Day, range: Range<u32>) -> Vec<ObjectionResult> {
    use art11_12 as r;
    let mut rt = r::Crepe::new();
    rt.extend([r::AsOf(as_of)]);
    rt.extend([r::WorkingDays(CalendarRef(calendar))]);
    for o in range.clone() {
        let objection = &facts.objections[o as usize];
        rt.extend([r::Filed(o, objection.filed_on)]);
        rt.extend(cell::names(facts.str(objection.collector)).map(|name| r::Collector(o, name)));
        rt.extend(cell::names(facts.str(objection.investigator)).map(|name| r::Investigator(o, name)));
        if let Some(decision) = objection.decision {
            rt.extend([r::Decided(o, decision, objection.decided_on)]);
        }
        if let Some(d) = objection.replied_on {
            rt.extend([r::Replied(o, d)]);
        }
    }
    let (deadline, unscheduled, status, conflict) = rt.run_with_hasher::<FxBuildHasher>();
    let mut results = vec![ObjectionResult::default(); range.len()];
    let at = |o: u32| (o - range.start) as usize;
    for r::Deadline(o, d) in deadline {
        results[at(o)].deadline = Some(d);
    }
    for r::UnscheduledYear(o, year) in unscheduled {
        results[at(o)].unscheduled_years.push(year);
    }
    for r::Status(o, s) in status {
        results[at(o)].status = Some(s);
    }
    for r::Conflict(o, name) in conflict {
        results[at(o)].conflict_with.push(name.to_string());
    }
    for r in &mut results {
        r.unscheduled_years.sort_unstable();
        r.conflict_with.sort_unstable();
        r.conflict = !r.conflict_with.is_empty();
    }
    results
}
