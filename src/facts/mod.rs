//! The fact files (事实文件) as typed, interned relations: what the bureau
//! exports from Excel, loaded into compact rows of integers and day numbers.
//! The data contract is documented for users in `docs/facts.md`.
//! Depends on nothing else in the crate.

pub mod authority;
pub mod calendar;
pub mod cell;
pub mod checksum;
pub mod codes;
pub mod day;
pub mod diag;
pub mod intern;
pub mod load;
mod parse;
pub mod pool;
pub mod privacy;
pub mod reader;
mod row;
pub mod schema;
pub mod sheet;
pub mod source;
mod split;
mod store;
mod text;

pub use codes::{AccidentLevel, Category, DayKind, Decision, Kind, Level, LicenceKind, Outcome, Role};
pub use day::Day;
pub use diag::{Diagnostic, Severity};
pub use intern::{Interner, Names, Sym};
pub use load::{LoadOptions, Loaded, load_dir, load_dir_with_progress};
pub use privacy::{mask_id_number, mask_phone};

/// Index of a row in [`FactSet::subjects`] (信用主体).
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct SubjectIx(pub u32);
/// Index of a row in [`FactSet::persons`] (人员).
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct PersonIx(pub u32);
/// Index of a row in [`FactSet::events`] (信用记录).
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct EventIx(pub u32);

/// 信用主体: one row of subjects.csv. Its id is `FactSet::subject_ids[ix]`.
#[derive(Clone, Debug)]
pub struct Subject {
    pub name: Sym,
    pub category: Category,
    /// 统一社会信用代码.
    pub uscc: Sym,
    pub address: Sym,
    /// 公开承诺日期 (Art. 13 A(1), B(1)); `None` = no commitment.
    pub committed_on: Option<Day>,
    pub line: u32,
}

/// 人员: a person, named by the `person` id of people.csv, who may hold
/// roles at several subjects. Personal data (Art. 6) is kept for masking.
#[derive(Clone, Debug)]
pub struct Person {
    pub name: Sym,
    pub id_number: Sym,
    pub phone: Sym,
    pub line: u32,
}

/// 任职: one row of people.csv — a person's role at a subject.
#[derive(Clone, Debug)]
pub struct RoleRow {
    pub subject: SubjectIx,
    pub person: PersonIx,
    pub role: Role,
    pub line: u32,
}

/// 安全生产标准化: one row of standardization.csv.
#[derive(Clone, Debug)]
pub struct Standardization {
    pub subject: SubjectIx,
    pub level: Level,
    pub awarded_on: Day,
    /// `None` = no expiry.
    pub expires_on: Option<Day>,
    pub line: u32,
}

/// The accident fields of an `accident` event.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug)]
pub struct Accident {
    pub level: AccidentLevel,
    pub deaths: u32,
    /// 责任事故.
    pub liable: bool,
    /// 性质恶劣、危害性严重、社会影响大的典型事故 (Art. 13 D(10), last sentence).
    pub typical: bool,
}

/// 信用记录: one row of events.csv. A province has tens of millions, so a row is
/// 40 bytes: the optional dates are kept in 4 bytes each, the fields of one kind
/// share room (an accident's deaths where a penalty keeps its department, see
/// [`Event::accident`] and [`Event::authority`]), and the free-text note is not
/// kept at all.
#[derive(Clone, Debug)]
pub struct Event {
    pub subject: SubjectIx,
    /// See [`Event::person`]; `NO_PERSON` = none.
    person: u32,
    pub date: Day,
    /// See [`Event::repaired_on`]; `NOT_REPAIRED` = none.
    repaired_on: Day,
    /// 记录部门 and 记录人 (Art. 8), as written; empty when not given.
    pub recorded_by: Sym,
    pub recorder: Sym,
    /// See [`Event::statement_heard_on`]; `NOT_REPAIRED` = none.
    statement_heard_on: Day,
    /// Where the row is: its `note` (free text no rule or report reads) is not
    /// kept in memory but stays there.
    pub line: u32,
    /// An accident's deaths; a penalty's department (a `Sym` of the text); else 0.
    shared: u32,
    pub kind: Kind,
    /// An accident's level; `None` for other kinds.
    level: Option<AccidentLevel>,
    /// `LIABLE`, `TYPICAL` (accidents), `EMERGENCY` (penalties).
    flags: u8,
}

const NO_PERSON: u32 = u32::MAX;
const NOT_REPAIRED: Day = Day(i32::MIN);
const LIABLE: u8 = 1;
const TYPICAL: u8 = 2;
const EMERGENCY: u8 = 4;

impl Event {
    /// An event with no person and no repair date, and no text. `accident` is
    /// kept for an `accident` event only, as the parser gives it.
    pub fn new(subject: SubjectIx, date: Day, kind: Kind, accident: Option<Accident>, line: u32) -> Event {
        let mut event = Event {
            subject,
            person: NO_PERSON,
            date,
            repaired_on: NOT_REPAIRED,
            recorded_by: Sym::EMPTY,
            recorder: Sym::EMPTY,
            statement_heard_on: NOT_REPAIRED,
            line,
            shared: 0,
            kind,
            level: None,
            flags: EMERGENCY,
        };
        if let (Kind::Accident, Some(a)) = (kind, accident) {
            event.shared = a.deaths;
            event.level = Some(a.level);
            event.flags = if a.liable { LIABLE } else { 0 } | if a.typical { TYPICAL } else { 0 };
        }
        event
    }

    /// The accident fields of an `accident` event.
    pub fn accident(&self) -> Option<Accident> {
        self.level.map(|level| Accident {
            level,
            deaths: self.shared,
            liable: self.flags & LIABLE != 0,
            typical: self.flags & TYPICAL != 0,
        })
    }

    /// The department that imposed a penalty, as written; empty for other kinds
    /// (the loader warns that it is ignored there).
    pub fn authority(&self) -> Sym {
        if self.kind == Kind::Penalty { Sym(self.shared) } else { Sym::EMPTY }
    }

    /// A penalty imposed by emergency management (应急管理部门), the only kind that
    /// counts under Art. 13 A(3), B(3), C(2): see `authority::classify`. True for
    /// other kinds.
    pub fn emergency_management(&self) -> bool {
        self.kind != Kind::Penalty || self.flags & EMERGENCY != 0
    }

    /// Sets a penalty's department and whether it is emergency management; other
    /// kinds keep neither.
    pub fn set_authority(&mut self, authority: Sym, emergency_management: bool) {
        if self.kind == Kind::Penalty {
            self.shared = authority.0;
            self.flags = if emergency_management { EMERGENCY } else { 0 };
        }
    }

    /// The person involved, for dishonesty linked to a principal or safety lead.
    pub fn person(&self) -> Option<PersonIx> {
        (self.person != NO_PERSON).then_some(PersonIx(self.person))
    }

    pub fn set_person(&mut self, person: Option<PersonIx>) {
        self.person = person.map_or(NO_PERSON, |p| p.0);
    }

    /// 信用修复日期: the record stops counting from this date.
    pub fn repaired_on(&self) -> Option<Day> {
        (self.repaired_on != NOT_REPAIRED).then_some(self.repaired_on)
    }

    pub fn set_repaired_on(&mut self, day: Option<Day>) {
        self.repaired_on = day.unwrap_or(NOT_REPAIRED);
    }

    /// 陈述听取日期 (Art. 9): when the subject's statement was heard.
    pub fn statement_heard_on(&self) -> Option<Day> {
        (self.statement_heard_on != NOT_REPAIRED).then_some(self.statement_heard_on)
    }

    pub fn set_statement_heard_on(&mut self, day: Option<Day>) {
        self.statement_heard_on = day.unwrap_or(NOT_REPAIRED);
    }
}

/// 失信联合惩戒对象认定: one row of joint_punishments.csv — a listing as a
/// joint-punishment target by another sector.
#[derive(Clone, Debug)]
pub struct Listing {
    pub subject: SubjectIx,
    pub sector: Sym,
    pub listed_on: Day,
    pub lifted_on: Option<Day>,
    pub line: u32,
}

/// 执法检查: one row of inspections.csv. Its id is `FactSet::inspection_ids[ix]`.
#[derive(Clone, Debug)]
pub struct Inspection {
    pub subject: SubjectIx,
    pub date: Day,
    pub inspector: Sym,
    pub line: u32,
}

/// 异议申请: one row of objections.csv (Art. 11–12).
#[derive(Clone, Debug)]
pub struct Objection {
    pub subject: SubjectIx,
    pub event: EventIx,
    pub filed_on: Day,
    /// `None` = pending review (待审查).
    pub decision: Option<Decision>,
    pub decided_on: Option<Day>,
    /// 信息采集人员.
    pub collector: Sym,
    /// 调查核实人员.
    pub investigator: Sym,
    /// 受理部门: the department the objection was filed with (Art. 11).
    pub filed_with: Sym,
    pub replied_on: Option<Day>,
    pub outcome: Option<Outcome>,
    pub line: u32,
}

impl Objection {
    /// An upheld objection (异议成立): accepted, investigated and upheld, with the
    /// date of its reply. Only such an objection voids the record it disputes.
    pub fn upheld_on(&self) -> Option<Day> {
        match (self.decision, self.outcome) {
            (Some(Decision::Accepted), Some(Outcome::Upheld)) => self.replied_on,
            _ => None,
        }
    }
}

/// 证照: one row of licences.csv (Art. 7(1)3).
#[derive(Clone, Debug)]
pub struct Licence {
    pub subject: SubjectIx,
    pub kind: LicenceKind,
    pub number: Sym,
    pub valid_from: Option<Day>,
    pub valid_to: Option<Day>,
    pub line: u32,
}

/// One row of authorities.csv: settles whether a department named on penalties
/// is emergency management (应急管理部门).
#[derive(Clone, Debug)]
pub struct AuthorityEntry {
    pub name: Sym,
    pub emergency: bool,
    pub line: u32,
}

/// One row of calendar.csv: overrides the built-in official schedule.
#[derive(Clone, Debug)]
pub struct CalendarEntry {
    pub date: Day,
    pub kind: DayKind,
    pub name: Sym,
    pub line: u32,
}

/// What was read from one file, for the summary line.
#[derive(Clone, Debug, serde::Serialize)]
pub struct FileSummary {
    pub file: String,
    /// Data rows read (excluding the header and blank rows).
    pub rows: usize,
    /// Rows loaded into the relations.
    pub loaded: usize,
    pub encoding: &'static str,
    pub present: bool,
    /// The schema's file name (`events.csv`), whatever the source calls it.
    #[serde(skip)]
    pub name: &'static str,
    /// The schema's columns the header has, by name.
    #[serde(skip)]
    pub columns: Vec<&'static str>,
    /// Read from a worksheet: lines are its row numbers.
    #[serde(skip)]
    pub sheet: bool,
}

/// Where a row lives: its file, and whether that is a worksheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    pub file: String,
    pub sheet: bool,
}

impl Place {
    /// Where the rows of `file` were read from, among the files loaded so far.
    pub fn of(files: &[FileSummary], file: &'static str) -> Place {
        match files.iter().find(|f| f.present && f.name == file && f.sheet) {
            Some(f) => Place {
                file: std::path::Path::new(&f.file)
                    .file_name()
                    .map_or(f.file.clone(), |n| n.to_string_lossy().into_owned()),
                sheet: true,
            },
            None => Place { file: file.to_string(), sheet: false },
        }
    }

    /// A row's location as an editor or Excel shows it: `events.csv:7`, `events.xlsx: row 7`.
    pub fn at(&self, line: u32) -> String {
        match self.sheet {
            true => format!("{}: row {line}", self.file),
            false => format!("{}:{line}", self.file),
        }
    }
}

/// All relations of one facts folder.
#[derive(Clone)]
pub struct FactSet {
    /// Every text cell that is not an id: names, addresses, notes, staff.
    pub text: Interner,
    pub subject_ids: Interner,
    /// Ids of rows nothing looks up by id once loaded: resolved by row index only.
    pub person_ids: Names,
    pub event_ids: Names,
    pub inspection_ids: Names,
    pub objection_ids: Names,
    pub subjects: Vec<Subject>,
    pub persons: Vec<Person>,
    pub roles: Vec<RoleRow>,
    pub standardization: Vec<Standardization>,
    pub licences: Vec<Licence>,
    pub events: Vec<Event>,
    pub listings: Vec<Listing>,
    pub inspections: Vec<Inspection>,
    pub objections: Vec<Objection>,
    pub calendar: Vec<CalendarEntry>,
    pub authorities: Vec<AuthorityEntry>,
    pub files: Vec<FileSummary>,
}

impl Default for FactSet {
    fn default() -> Self {
        FactSet {
            text: Interner::default(),
            subject_ids: Interner::for_ids(),
            person_ids: Names::default(),
            event_ids: Names::default(),
            inspection_ids: Names::default(),
            objection_ids: Names::default(),
            subjects: Vec::new(),
            persons: Vec::new(),
            roles: Vec::new(),
            standardization: Vec::new(),
            licences: Vec::new(),
            events: Vec::new(),
            listings: Vec::new(),
            inspections: Vec::new(),
            objections: Vec::new(),
            calendar: Vec::new(),
            authorities: Vec::new(),
            files: Vec::new(),
        }
    }
}

impl FactSet {
    /// Bytes used by each relation and id list, largest first (room reserved but
    /// never written is address space, not memory, and is not counted).
    pub fn heap(&self) -> Vec<(&'static str, usize)> {
        use std::mem::size_of_val;
        let mut heap = vec![
            ("text", self.text.heap_bytes()),
            ("subject ids", self.subject_ids.heap_bytes()),
            ("person ids", self.person_ids.heap_bytes()),
            ("event ids", self.event_ids.heap_bytes()),
            ("inspection ids", self.inspection_ids.heap_bytes()),
            ("objection ids", self.objection_ids.heap_bytes()),
            ("subjects", size_of_val(&self.subjects[..])),
            ("persons", size_of_val(&self.persons[..])),
            ("roles", size_of_val(&self.roles[..])),
            ("standardization", size_of_val(&self.standardization[..])),
            ("licences", size_of_val(&self.licences[..])),
            ("events", size_of_val(&self.events[..])),
            ("listings", size_of_val(&self.listings[..])),
            ("inspections", size_of_val(&self.inspections[..])),
            ("objections", size_of_val(&self.objections[..])),
        ];
        heap.sort_by_key(|&(_, bytes)| std::cmp::Reverse(bytes));
        heap
    }

    pub fn subject_id(&self, s: SubjectIx) -> &str {
        self.subject_ids.resolve(Sym(s.0))
    }

    pub fn person_id(&self, p: PersonIx) -> &str {
        self.person_ids.resolve(Sym(p.0))
    }

    pub fn event_id(&self, e: EventIx) -> &str {
        self.event_ids.resolve(Sym(e.0))
    }

    pub fn inspection_id(&self, i: usize) -> &str {
        self.inspection_ids.resolve(Sym(i as u32))
    }

    pub fn objection_id(&self, o: usize) -> &str {
        self.objection_ids.resolve(Sym(o as u32))
    }

    pub fn find_subject(&self, id: &str) -> Option<SubjectIx> {
        self.subject_ids.get(id).map(|s| SubjectIx(s.0))
    }

    pub fn subject(&self, s: SubjectIx) -> &Subject {
        &self.subjects[s.0 as usize]
    }

    pub fn event(&self, e: EventIx) -> &Event {
        &self.events[e.0 as usize]
    }

    pub fn str(&self, sym: Sym) -> &str {
        self.text.resolve(sym)
    }

    /// Did the folder give `file` (e.g. `events.csv`) with `column` in its header?
    /// Procedural findings (Art. 7–11) are only made from data that was given.
    pub fn has_column(&self, file: &str, column: &str) -> bool {
        self.files.iter().any(|f| f.present && f.name == file && f.columns.contains(&column))
    }

    /// Where the rows of `file` (e.g. `events.csv`) were read from, for citing a
    /// row: `events.csv`, `events.xlsx` or `demo.xlsx[events]`.
    pub fn place(&self, file: &'static str) -> Place {
        Place::of(&self.files, file)
    }

    /// Did the folder give `file` (e.g. `licences.csv`)?
    pub fn has_file(&self, file: &str) -> bool {
        self.files.iter().any(|f| f.present && f.name == file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_row_stays_small() {
        // 10M of them at province scale: every byte is 10 MB.
        assert_eq!(std::mem::size_of::<Event>(), 40);
        let mut event = Event::new(SubjectIx(0), Day(700_000), Kind::Penalty, None, 2);
        assert_eq!((event.person(), event.repaired_on()), (None, None));
        event.set_person(Some(PersonIx(0)));
        event.set_repaired_on(Some(Day(0)));
        assert_eq!((event.person(), event.repaired_on()), (Some(PersonIx(0)), Some(Day(0))));
    }

    /// The fields of one kind share room: each kind gives back exactly its own.
    #[test]
    fn each_kind_keeps_its_own_fields() {
        let mut penalty = Event::new(SubjectIx(0), Day(0), Kind::Penalty, None, 2);
        assert_eq!((penalty.authority(), penalty.emergency_management(), penalty.accident()), (Sym::EMPTY, true, None));
        penalty.set_authority(Sym(7), false);
        assert_eq!((penalty.authority(), penalty.emergency_management(), penalty.accident()), (Sym(7), false, None));

        for (deaths, liable, typical) in [(0, false, false), (u32::MAX, true, false), (3, false, true), (1, true, true)]
        {
            let a = Accident { level: AccidentLevel::Larger, deaths, liable, typical };
            let mut accident = Event::new(SubjectIx(0), Day(0), Kind::Accident, Some(a), 2);
            accident.set_authority(Sym(7), false);
            assert_eq!(accident.accident(), Some(a));
            assert_eq!((accident.authority(), accident.emergency_management()), (Sym::EMPTY, true));
        }

        let mut other = Event::new(SubjectIx(0), Day(0), Kind::Dishonesty, None, 2);
        other.set_authority(Sym(7), false);
        assert_eq!((other.authority(), other.emergency_management(), other.accident()), (Sym::EMPTY, true, None));
    }
}
