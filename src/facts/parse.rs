//! One pure parse function per fact file (解析): a data row → a typed row, or
//! `None` when the row has an error, with every problem of the row found. They
//! read only the row and read-only lookups, so any thread can run them on any
//! chunk; text goes into the chunk's own interner. What needs the whole file
//! (unique ids, a person named twice) is checked when chunks are merged
//! (`store.rs`). Depends on `row`, `schema`, `codes`, `checksum`.

use super::authority;
use super::checksum::{self, CheckFailure};
use super::codes::{AccidentLevel, Category, DayKind, Decision, Kind, Level, LicenceKind, Outcome, Role};
use super::intern::{Interner, Sym};
use super::row::{Lookups, Row};
use super::schema::{
    self, calendar, events, inspections, joint_punishments, objections, people, standardization, subjects,
};
use super::*;

/// Where a parser works: the lookups and the chunk's text.
pub struct Ctx<'c, 'a> {
    pub lookups: &'c Lookups<'a>,
    pub text: &'c mut Interner,
}

impl Ctx<'_, '_> {
    fn subject_ref(&mut self, row: &mut Row, c: usize) -> Option<SubjectIx> {
        self.lookups.subject_ref(row, c)
    }

    fn intern(&mut self, text: &str) -> Sym {
        self.text.intern(text)
    }
}

pub fn calendar(ctx: &mut Ctx, row: &mut Row) -> Option<CalendarEntry> {
    use calendar::*;
    let date = row.required_date(DATE);
    let kind = row.code(KIND, DayKind::parse, DayKind::expected);
    let name = ctx.intern(row.text(NAME));
    let (date, kind) = (date?, kind?);
    row.ok().then_some(CalendarEntry { date, kind, name, line: row.line })
}

pub fn authority(ctx: &mut Ctx, row: &mut Row) -> Option<AuthorityEntry> {
    use schema::authorities::*;
    let name = row.required(NAME);
    let emergency = row.required(EMERGENCY).and_then(|_| row.boolean(EMERGENCY));
    let (name, emergency) = (name?, emergency?);
    row.ok().then(|| AuthorityEntry { name: ctx.intern(name), emergency, line: row.line })
}

pub fn subject(ctx: &mut Ctx, row: &mut Row) -> Option<Subject> {
    use subjects::*;
    let id = row.required(ID);
    let category = row.code(CATEGORY, Category::parse, Category::expected);
    let uscc = row.text(USCC);
    if !uscc.is_empty() {
        if let Err(failure) = checksum::check_uscc(uscc) {
            row.warning(
                USCC,
                "bad-uscc",
                format!("USCC \"{uscc}\" {}", describe(&failure)),
                "an 18-character code per GB 32100-2015 with a valid check character",
            );
        }
    }
    let committed_on = row.date(COMMITTED_ON);
    ctx.lookups.future_warning(row, COMMITTED_ON, committed_on);
    let (_, category) = (id?, category?);
    if !row.ok() {
        return None;
    }
    Some(Subject {
        name: ctx.intern(row.text(NAME)),
        category,
        uscc: ctx.intern(uscc),
        address: ctx.intern(row.text(ADDRESS)),
        committed_on,
        line: row.line,
    })
}

/// A row of people.csv: the role, and the person's details as this row gives them.
/// Which person it is (its `person` id) is settled when the chunks are merged.
#[derive(Clone, Debug)]
pub struct PersonRow {
    pub subject: SubjectIx,
    pub role: Role,
    pub name: Sym,
    pub id_number: Sym,
    pub phone: Sym,
    pub line: u32,
}

pub fn person(ctx: &mut Ctx, row: &mut Row) -> Option<PersonRow> {
    use people::*;
    let subject = ctx.subject_ref(row, SUBJECT);
    let person = row.required(PERSON);
    let role = row.code(ROLE, Role::parse, Role::expected);
    let id_number = row.text(ID_NUMBER);
    if !id_number.is_empty() {
        if let Err(failure) = checksum::check_id_number(id_number) {
            let shown =
                if ctx.lookups.show_personal { id_number.to_string() } else { privacy::mask_id_number(id_number) };
            row.warning(
                ID_NUMBER,
                "bad-id-number",
                format!("ID number \"{shown}\" {}", describe(&failure)),
                "an 18-character resident ID per GB 11643 with a valid check digit",
            );
        }
    }
    let (subject, _, role) = (subject?, person?, role?);
    if !row.ok() {
        return None;
    }
    Some(PersonRow {
        subject,
        role,
        name: ctx.intern(row.text(NAME)),
        id_number: ctx.intern(id_number),
        phone: ctx.intern(row.text(PHONE)),
        line: row.line,
    })
}

pub fn standardization(ctx: &mut Ctx, row: &mut Row) -> Option<Standardization> {
    use standardization::*;
    let subject = ctx.subject_ref(row, SUBJECT);
    let level = row.code(LEVEL, Level::parse, Level::expected);
    let awarded_on = row.required_date(AWARDED_ON);
    ctx.lookups.future_warning(row, AWARDED_ON, awarded_on);
    let expires_on = row.date(EXPIRES_ON);
    row.date_order((AWARDED_ON, awarded_on), (EXPIRES_ON, expires_on), "an expiry on or after the award date");
    let (subject, level, awarded_on) = (subject?, level?, awarded_on?);
    row.ok().then_some(Standardization { subject, level, awarded_on, expires_on, line: row.line })
}

pub fn event(ctx: &mut Ctx, row: &mut Row) -> Option<Event> {
    use events::*;
    let id = row.required(ID);
    let subject = ctx.subject_ref(row, SUBJECT);
    let person = ctx.lookups.person_ref(row, PERSON);
    let date = row.required_date(DATE);
    ctx.lookups.future_warning(row, DATE, date);
    let kind = row.code(KIND, Kind::parse, Kind::expected);
    let accident = match kind {
        Some(Kind::Accident) => {
            let level = row.code(ACCIDENT_LEVEL, AccidentLevel::parse, AccidentLevel::expected);
            let deaths = match row.text(DEATHS) {
                "" => Some(0),
                text => cell::parse_count(text).or_else(|| {
                    row.error(
                        DEATHS,
                        "bad-number",
                        format!("deaths \"{text}\" is not a whole number ≥ 0"),
                        "a whole number such as 0, 1 or 3; empty means 0",
                    );
                    None
                }),
            };
            let liable = row.required(LIABLE).and_then(|_| row.boolean(LIABLE));
            let typical = if row.text(TYPICAL).is_empty() { Some(false) } else { row.boolean(TYPICAL) };
            match (level, deaths, liable, typical) {
                (Some(level), Some(deaths), Some(liable), Some(typical)) => {
                    Some(Accident { level, deaths, liable, typical })
                }
                _ => None,
            }
        }
        Some(other) => {
            for c in [ACCIDENT_LEVEL, DEATHS, LIABLE, TYPICAL] {
                let value = row.text(c);
                if !value.is_empty() {
                    let message = format!(
                        "{} \"{value}\" is given on a {} event; accident fields belong to accidents only",
                        row.name(c),
                        other.code()
                    );
                    row.error(c, "accident-fields", message, "empty, or kind = accident");
                }
            }
            None
        }
        None => None,
    };
    let authority = row.text(AUTHORITY);
    if !authority.is_empty() && kind.is_some_and(|k| k != Kind::Penalty) {
        row.warning(
            AUTHORITY,
            "ignored-field",
            format!("authority \"{authority}\" is only used for penalties and is ignored here"),
            "empty unless kind = penalty",
        );
    }
    let repaired_on = row.date(REPAIRED_ON);
    ctx.lookups.future_warning(row, REPAIRED_ON, repaired_on);
    let statement_heard_on = row.date(STATEMENT_HEARD_ON);
    ctx.lookups.future_warning(row, STATEMENT_HEARD_ON, statement_heard_on);
    if let (Some(kind), Some(subject)) = (kind, subject) {
        let category = ctx.lookups.categories[subject.0 as usize];
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
            row.warning(KIND, "kind-category", message, expected);
        }
    }
    let (_, subject, person, date, kind) = (id?, subject?, person?, date?, kind?);
    if kind == Kind::Accident && accident.is_none() || !row.ok() {
        return None;
    }
    let mut event = Event::new(subject, date, kind, accident, row.line);
    event.set_person(person);
    event.set_repaired_on(repaired_on);
    if kind == Kind::Penalty {
        let emergency_management = authority::classify(authority, ctx.lookups.authorities).0;
        event.set_authority(ctx.intern(authority), emergency_management);
    }
    event.recorded_by = ctx.intern(row.text(RECORDED_BY));
    event.recorder = ctx.intern(row.text(RECORDER));
    event.set_statement_heard_on(statement_heard_on);
    // `note` is free text no rule or report reads: it stays in the file (see `Event::line`).
    Some(event)
}

pub fn licence(ctx: &mut Ctx, row: &mut Row) -> Option<Licence> {
    use schema::licences::*;
    let subject = ctx.subject_ref(row, SUBJECT);
    let kind = row.code(KIND, LicenceKind::parse, LicenceKind::expected);
    let valid_from = row.date(VALID_FROM);
    let valid_to = row.date(VALID_TO);
    row.date_order((VALID_FROM, valid_from), (VALID_TO, valid_to), "an end on or after the start");
    let (subject, kind) = (subject?, kind?);
    if !row.ok() {
        return None;
    }
    let number = ctx.intern(row.text(NUMBER));
    Some(Licence { subject, kind, number, valid_from, valid_to, line: row.line })
}

pub fn listing(ctx: &mut Ctx, row: &mut Row) -> Option<Listing> {
    use joint_punishments::*;
    let subject = ctx.subject_ref(row, SUBJECT);
    let listed_on = row.required_date(LISTED_ON);
    ctx.lookups.future_warning(row, LISTED_ON, listed_on);
    let lifted_on = row.date(LIFTED_ON);
    row.date_order((LISTED_ON, listed_on), (LIFTED_ON, lifted_on), "a lifting date on or after the listing date");
    let (subject, listed_on) = (subject?, listed_on?);
    if !row.ok() {
        return None;
    }
    Some(Listing { subject, sector: ctx.intern(row.text(SECTOR)), listed_on, lifted_on, line: row.line })
}

pub fn inspection(ctx: &mut Ctx, row: &mut Row) -> Option<Inspection> {
    use inspections::*;
    let id = row.required(ID);
    let subject = ctx.subject_ref(row, SUBJECT);
    let date = row.required_date(DATE);
    ctx.lookups.future_warning(row, DATE, date);
    let (_, subject, date) = (id?, subject?, date?);
    if !row.ok() {
        return None;
    }
    Some(Inspection { subject, date, inspector: ctx.intern(row.text(INSPECTOR)), line: row.line })
}

pub fn objection(ctx: &mut Ctx, row: &mut Row) -> Option<Objection> {
    use objections::*;
    let id = row.required(ID);
    let subject = ctx.subject_ref(row, SUBJECT);
    let event = ctx.lookups.event_ref(row, EVENT);
    let filed_on = row.required_date(FILED_ON);
    ctx.lookups.future_warning(row, FILED_ON, filed_on);
    let decision = row.optional_code(DECISION, Decision::parse, Decision::expected);
    let decided_on = row.date(DECIDED_ON);
    ctx.lookups.future_warning(row, DECIDED_ON, decided_on);
    let replied_on = row.date(REPLIED_ON);
    ctx.lookups.future_warning(row, REPLIED_ON, replied_on);
    let outcome = row.optional_code(OUTCOME, Outcome::parse, Outcome::expected);
    if decision == Some(Some(Decision::Accepted)) && decided_on.is_none() && row.text(DECIDED_ON).is_empty() {
        row.error(
            DECIDED_ON,
            "missing-field",
            "decided_on is empty for an accepted objection: its 20-working-day deadline counts from it".into(),
            "the date the objection was accepted (受理日期)",
        );
    }
    if decision == Some(None) && decided_on.is_some() {
        row.warning(
            DECIDED_ON,
            "ignored-field",
            "decided_on is given but decision is empty; the objection is treated as pending review".into(),
            "a decision (accepted/rejected) with decided_on",
        );
    }
    if matches!(outcome, Some(Some(_))) && replied_on.is_none() && row.text(REPLIED_ON).is_empty() {
        row.warning(
            OUTCOME,
            "outcome-without-reply",
            format!("outcome \"{}\" is given without replied_on", row.text(OUTCOME)),
            "replied_on, the date of the written reply",
        );
    }
    if replied_on.is_some() && decision != Some(Some(Decision::Accepted)) {
        row.warning(
            REPLIED_ON,
            "ignored-field",
            "replied_on is given but the objection was not accepted".into(),
            "replies only to accepted objections",
        );
    }
    row.date_order((FILED_ON, filed_on), (DECIDED_ON, decided_on), "a decision on or after filing");
    row.date_order((DECIDED_ON, decided_on), (REPLIED_ON, replied_on), "a reply on or after the decision");
    if let (Some(subject), Some(event)) = (subject, event) {
        let lookups = ctx.lookups;
        let e = &lookups.events[event.0 as usize];
        let linked = e.subject == subject || e.person().is_some_and(|p| lookups.has_role(p, subject));
        if !linked {
            let message = format!(
                "event \"{}\" belongs to subject \"{}\", not to \"{}\", and is not linked to it through a person",
                lookups.event_ids.resolve(Sym(event.0)),
                lookups.subject_ids.resolve(Sym(e.subject.0)),
                lookups.subject_ids.resolve(Sym(subject.0))
            );
            row.warning(EVENT, "objection-subject", message, "an event recorded against the objecting subject");
        }
    }
    let (_, subject, event, filed_on, decision, outcome) = (id?, subject?, event?, filed_on?, decision?, outcome?);
    if !row.ok() {
        return None;
    }
    Some(Objection {
        subject,
        event,
        filed_on,
        decision,
        decided_on,
        collector: ctx.intern(row.text(COLLECTOR)),
        investigator: ctx.intern(row.text(INVESTIGATOR)),
        filed_with: ctx.intern(row.text(FILED_WITH)),
        replied_on,
        outcome,
        line: row.line,
    })
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
