//! `explain`: one subject's grade, clause by clause, in the regulation's own
//! words, with the records that witness each clause and the precedence step
//! that chose the grade. Built only from what the rules derived (`reason`,
//! `meets`, `witness`): there is no second implementation of the rules here.

use super::{INTERNAL_NOTICE, day_or_empty};
use crate::facts::{EventIx, FactSet, SubjectIx};
use crate::rules::Overdue;
use crate::rules::{Clause, Exclusion, FactIndex, Grade, Group, Model, Record, procedure};
use serde::Serialize;
use std::fmt::Write;

#[derive(Serialize, Debug)]
pub struct Explanation {
    pub subject: String,
    pub name: String,
    pub category: &'static str,
    pub as_of: String,
    pub notice: &'static str,
    pub grade: &'static str,
    pub grade_label: &'static str,
    pub tier: &'static str,
    pub tier_label: &'static str,
    pub joint_target: bool,
    pub high_risk: bool,
    /// The precedence of Art. 13, step by step; `chosen` marks the step that decided.
    pub precedence: Vec<Step>,
    pub clauses: Vec<ClauseResult>,
    /// For an unrated subject: the clauses whose failure leaves it without a grade.
    pub unmet: Vec<&'static str>,
    pub inspection: Inspection,
    pub measures: &'static str,
    /// The subject's objections (Art. 11–12) filed by the as-of date.
    pub objections: Vec<ObjectionLine>,
}

/// One objection of the subject, as the objections report has it.
#[derive(Serialize, Debug)]
pub struct ObjectionLine {
    pub objection: String,
    pub event: String,
    pub file: String,
    pub line: u32,
    /// `file` is a worksheet and `line` its row.
    #[serde(skip)]
    pub sheet: bool,
    pub status: &'static str,
    pub deadline: String,
    /// Who is both investigator and collector (第十二条), if anyone.
    pub conflict_with: Vec<String>,
}

#[derive(Serialize, Debug)]
pub struct Step {
    pub step: u8,
    pub grade: &'static str,
    pub rule: String,
    pub met: bool,
    /// The clauses that make it met (C, D) or not met (A, B).
    pub because: Vec<&'static str>,
    pub chosen: bool,
}

#[derive(Serialize, Debug)]
pub struct ClauseResult {
    pub clause: &'static str,
    pub article: &'static str,
    pub holds: bool,
    pub text: &'static str,
    pub summary: &'static str,
    pub evidence: Vec<Evidence>,
    /// The subject's records of the kind the clause looks at that did not count for it, and why.
    pub excluded: Vec<Excluded>,
}

/// A record that did not count for a clause, and every reason why.
#[derive(Serialize, Debug)]
pub struct Excluded {
    #[serde(flatten)]
    pub record: Evidence,
    pub reasons: Vec<String>,
}

#[derive(Serialize, Debug)]
pub struct Evidence {
    /// The record's id: an event id, or `commitment`, `standardization`, `listing`.
    pub record: String,
    pub file: String,
    pub line: u32,
    /// `file` is a worksheet and `line` its row.
    #[serde(skip)]
    pub sheet: bool,
    pub date: String,
    pub kind: String,
    pub detail: String,
}

#[derive(Serialize, Debug)]
pub struct Inspection {
    pub interval_months: Option<u32>,
    pub last_inspection: String,
    /// Where the last inspection is recorded, e.g. `inspections.csv:12`; empty if none.
    pub last_inspection_at: String,
    pub next_due: String,
    pub overdue_days: Overdue,
}

pub fn explain(facts: &FactSet, index: &FactIndex, model: &Model, s: SubjectIx) -> Explanation {
    let subject = facts.subject(s);
    let r = model.subject(s);
    let witnesses = model.witnesses_of(s);
    let exclusions = crate::rules::exclusions(facts, index, model.as_of, s);
    // 第九条: the records counted against the subject that were collected without hearing it, as
    // [9.statement] finds them (only when the folder records hearings).
    let unheard: Vec<EventIx> = crate::rules::procedure_of(facts, model, s)
        .into_iter()
        .filter_map(|f| match (f.finding, f.about) {
            (procedure::Finding::StatementNotHeard, procedure::About::Event(e)) => Some(e),
            _ => None,
        })
        .collect();
    let counted = |record: Record| {
        let mut ev = evidence(facts, s, record);
        if let Record::Event(e) = record {
            if unheard.contains(&e) {
                let note = "第九条: counted without the subject's statement heard";
                ev.detail = if ev.detail.is_empty() { note.to_string() } else { format!("{}; {note}", ev.detail) };
            }
        }
        ev
    };
    let excluded = |c: Clause| -> Vec<Excluded> {
        let mut out: Vec<Excluded> = Vec::new();
        let mut last = None;
        for &(_, record, why) in exclusions.iter().filter(|(ec, _, _)| *ec == c) {
            if last != Some(record) {
                out.push(Excluded { record: evidence(facts, s, record), reasons: Vec::new() });
                last = Some(record);
            }
            out.last_mut().expect("pushed").reasons.push(reason(facts, record, why));
        }
        out
    };
    let clauses: Vec<ClauseResult> = Clause::ART13
        .iter()
        .map(|&c| ClauseResult {
            clause: c.id(),
            article: c.article(),
            holds: r.holds(c),
            text: c.text(),
            summary: c.summary(),
            evidence: witnesses.iter().filter(|(_, wc, _)| *wc == c).map(|(_, _, rec)| counted(*rec)).collect(),
            excluded: excluded(c),
        })
        .collect();
    let ids = |group: Group, holding: bool| -> Vec<&'static str> {
        Clause::GRADE_CONDITIONS
            .iter()
            .filter(|c| c.group() == group && r.holds(**c) == holding)
            .map(|c| c.id())
            .collect()
    };
    // Met clauses explain D and C (any one gives the grade); unmet ones explain A and B (all are needed).
    let steps = crate::rules::PRECEDENCE.iter().map(|&(grade, group, any)| {
        let rule = format!("{} of {}", if any { "any" } else { "all" }, Clause::span(group));
        (grade, rule, ids(group, any))
    });
    let mut precedence: Vec<Step> = steps
        .into_iter()
        .enumerate()
        .map(|(i, (grade, rule, because))| Step {
            step: i as u8 + 1,
            grade: grade.code(),
            rule,
            met: r.meets(grade),
            because,
            chosen: r.grade == grade,
        })
        .collect();
    precedence.push(Step {
        step: 5,
        grade: Grade::Unrated.code(),
        rule: "otherwise (no grade given)".to_string(),
        met: r.grade == Grade::Unrated,
        because: Vec::new(),
        chosen: r.grade == Grade::Unrated,
    });
    let unmet = if r.grade == Grade::Unrated {
        Clause::GRADE_CONDITIONS
            .iter()
            .filter(|c| matches!(c.group(), Group::A | Group::B) && !r.holds(**c))
            .map(|c| c.id())
            .collect()
    } else {
        Vec::new()
    };
    Explanation {
        subject: facts.subject_id(s).to_string(),
        name: facts.str(subject.name).to_string(),
        category: subject.category.code(),
        as_of: model.as_of.to_string(),
        notice: INTERNAL_NOTICE,
        grade: r.grade.code(),
        grade_label: r.grade.label(),
        tier: r.tier.code(),
        tier_label: r.tier.label(),
        joint_target: r.joint_target(),
        high_risk: r.high_risk,
        precedence,
        clauses,
        unmet,
        inspection: Inspection {
            interval_months: r.interval,
            last_inspection: day_or_empty(r.last_inspection),
            last_inspection_at: index
                .inspections_of(s)
                .iter()
                .map(|&i| &facts.inspections[i as usize])
                .filter(|i| Some(i.date) == r.last_inspection)
                .map(|i| facts.place("inspections.csv").at(i.line))
                .next()
                .unwrap_or_default(),
            next_due: day_or_empty(r.next_due),
            overdue_days: r.overdue(),
        },
        measures: r.measures.map_or("", |m| m.code()),
        objections: facts
            .objections
            .iter()
            .enumerate()
            .filter(|(_, o)| o.subject == s)
            .filter_map(|(o, objection)| {
                let result = &model.objections[o];
                let place = facts.place("objections.csv");
                Some(ObjectionLine {
                    objection: facts.objection_id(o).to_string(),
                    event: facts.event_id(objection.event).to_string(),
                    file: place.file,
                    sheet: place.sheet,
                    line: objection.line,
                    status: result.status?.code(),
                    deadline: day_or_empty(result.deadline),
                    conflict_with: result.conflict_with.clone(),
                })
            })
            .collect(),
    }
}

fn evidence(facts: &FactSet, s: SubjectIx, record: Record) -> Evidence {
    // Where the record lives, as the user keeps the file (a CSV line or a worksheet row).
    let (file, line) = record.row(facts);
    let place = facts.place(file);
    let (id, date, kind, detail) = match record {
        Record::Event(e) => {
            let event = facts.event(e);
            let mut detail = Vec::new();
            if let Some(a) = event.accident() {
                detail.push(format!(
                    "{} accident, {} death(s), {}{}",
                    a.level.code(),
                    a.deaths,
                    if a.liable { "liable" } else { "not liable" },
                    if a.typical { ", typical" } else { "" }
                ));
            }
            if !event.authority().is_empty() {
                detail.push(format!("by {}", facts.str(event.authority())));
            }
            // The link that makes the record the subject's: its own, or a person's role here.
            if event.subject != s {
                detail.push(format!("at {}", facts.subject_id(event.subject)));
            }
            if let Some(p) = event.person() {
                let roles: Vec<&str> =
                    facts.roles.iter().filter(|r| r.subject == s && r.person == p).map(|r| r.role.code()).collect();
                if event.subject == s || roles.is_empty() {
                    detail.push(format!("person {}", facts.person_id(p)));
                } else {
                    detail.push(format!("person {} ({} here)", facts.person_id(p), roles.join(", ")));
                }
            }
            if let Some(d) = event.repaired_on() {
                detail.push(format!("repaired_on {d}"));
            }
            // Who recorded it (第八条), where the folder says.
            match (facts.str(event.recorded_by), facts.str(event.recorder)) {
                ("", "") => {}
                (by, "") => detail.push(format!("recorded by {by}")),
                ("", who) => detail.push(format!("recorded by {who}")),
                (by, who) => detail.push(format!("recorded by {by} ({who})")),
            }
            (facts.event_id(e).to_string(), event.date.to_string(), event.kind.code().to_string(), detail.join("; "))
        }
        Record::Commitment(subject) => {
            let row = facts.subject(subject);
            ("commitment".to_string(), day_or_empty(row.committed_on), "committed_on".to_string(), String::new())
        }
        Record::Standardization(n) => {
            let row = &facts.standardization[n as usize];
            (
                "standardization".to_string(),
                row.awarded_on.to_string(),
                format!("level {}", row.level.code()),
                match row.expires_on {
                    Some(d) => format!("expires_on {d}"),
                    None => "no expiry".to_string(),
                },
            )
        }
        Record::Listing(n) => {
            let row = &facts.listings[n as usize];
            (
                "listing".to_string(),
                row.listed_on.to_string(),
                "listed_on".to_string(),
                format!(
                    "sector {}{}",
                    facts.str(row.sector),
                    row.lifted_on.map(|d| format!("; lifted_on {d}")).unwrap_or_default()
                ),
            )
        }
    };
    Evidence { record: id, file: place.file, sheet: place.sheet, line, date, kind, detail }
}

/// Why a record did not count, in words.
fn reason(facts: &FactSet, record: Record, why: Exclusion) -> String {
    match why {
        Exclusion::Voided(o, on) => {
            format!("voided by objection {} (异议成立), upheld on {on}", facts.objection_id(o as usize))
        }
        Exclusion::Repaired(on) => format!("repaired on {on} (信用修复)"),
        Exclusion::OtherDepartment => match record {
            Record::Event(e) => format!("imposed by another department ({})", facts.str(facts.event(e).authority())),
            _ => "imposed by another department".to_string(),
        },
        Exclusion::AfterAsOf => match record {
            Record::Standardization(_) => "awarded after the as-of date".to_string(),
            Record::Listing(_) => "listed after the as-of date".to_string(),
            Record::Commitment(_) => "committed after the as-of date".to_string(),
            Record::Event(_) => "dated after the as-of date".to_string(),
        },
        Exclusion::OutsideWindow(n) => format!("outside the {n}-year window ({n}年内)"),
        Exclusion::NotLiable => "not a liability accident (非责任事故)".to_string(),
        Exclusion::NoDeaths => "no deaths".to_string(),
        Exclusion::NotGeneral(level) => {
            format!("a {} accident, not a general one (it counts under {})", level.code(), Clause::D1.id())
        }
        Exclusion::OnlyOneFatalGeneral => "the only fatal general accident within 1 year; D(1) needs two".to_string(),
        Exclusion::Role(role) => format!("the person's role here is {}, which does not count", role.code()),
        Exclusion::ListingLifted(on) => format!("the listing was lifted on {on}"),
        Exclusion::StandardizationExpired(on) => format!("the standardization expired on {on}"),
    }
}

/// The text form, for people.
pub fn text(e: &Explanation) -> String {
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "{} {} — {}", e.subject, e.name, e.category);
    let _ = writeln!(w, "as of {} · {}", e.as_of, e.notice);
    let _ = writeln!(
        w,
        "\ngrade {} {} · tier {} {} · joint target {} · high risk {}",
        e.grade,
        e.grade_label,
        e.tier,
        e.tier_label,
        if e.joint_target { "yes" } else { "no" },
        if e.high_risk { "yes" } else { "no" }
    );
    let _ = writeln!(w, "\nprecedence (第十三条: D is the worst grade; the first step met decides):");
    for step in &e.precedence {
        let status = match (step.step, step.met) {
            (5, true) => "applies".to_string(),
            (5, false) => "—".to_string(),
            (_, true) if step.because.is_empty() => "met".to_string(),
            (_, true) => format!("met by {}", step.because.join(", ")),
            (_, false) if step.because.is_empty() => "not met".to_string(),
            (_, false) => format!(
                "not met: {} {}",
                step.because.join(", "),
                if step.because.len() == 1 { "fails" } else { "fail" }
            ),
        };
        let status = match step.grade {
            "A" | "B" if step.met => "met: every clause holds".to_string(),
            _ => status,
        };
        let _ = writeln!(
            w,
            "  {}. {:<7} {:<24} {}{}",
            step.step,
            step.grade,
            step.rule,
            status,
            if step.chosen { format!("  ← grade {}", e.grade) } else { String::new() }
        );
    }
    if !e.unmet.is_empty() {
        let _ = writeln!(w, "  no grade definition is met; unmet clauses of A and B: {}", e.unmet.join(", "));
    }
    let mut article = "";
    for c in &e.clauses {
        if c.article != article {
            article = c.article;
            let _ = writeln!(w, "\n{article}");
        }
        let _ = writeln!(
            w,
            "  {} {:<10} {:<5}  {}",
            if c.holds { "✓" } else { "✗" },
            c.clause,
            if c.holds { "holds" } else { "fails" },
            c.text
        );
        if c.evidence.is_empty() {
            let _ = writeln!(
                w,
                "               {}",
                if c.excluded.is_empty() { "no such record" } else { "no record counts" }
            );
        }
        let line = |ev: &Evidence| {
            let detail = if ev.detail.is_empty() { String::new() } else { format!("  ({})", ev.detail) };
            let at = crate::facts::Place { file: ev.file.clone(), sheet: ev.sheet }.at(ev.line);
            format!("{} {at}  {}  {}{}", ev.record, ev.date, ev.kind, detail)
        };
        for ev in &c.evidence {
            let _ = writeln!(w, "               {}", line(ev));
        }
        for ex in &c.excluded {
            let _ = writeln!(w, "               not counted: {} — {}", line(&ex.record), ex.reasons.join("; "));
        }
    }
    let i = &e.inspection;
    let _ = writeln!(
        w,
        "\n第十五条 inspection: {}",
        match i.interval_months {
            Some(m) => format!(
                "at least every {m} months; last {}; due {}; {}",
                if i.last_inspection.is_empty() {
                    "none".to_string()
                } else {
                    format!("{} ({})", i.last_inspection, i.last_inspection_at)
                },
                if i.next_due.is_empty() { "now" } else { &i.next_due },
                match i.overdue_days {
                    Overdue::No => "not overdue".to_string(),
                    Overdue::Never => "never inspected".to_string(),
                    Overdue::Days(days) => format!("{days} days overdue"),
                }
            ),
            None => "no interval for an unrated subject: listed for a grading decision".to_string(),
        }
    );
    if let Some(m) = crate::rules::Measures::parse(e.measures) {
        let _ = writeln!(w, "第十五条 measures: {} ({})", m.code(), m.label());
    }
    if !e.objections.is_empty() {
        let _ = writeln!(w, "\n第十一、十二条 objections:");
        for o in &e.objections {
            let status = crate::rules::ObjectionStatus::parse(o.status).map_or(o.status, |s| s.label());
            let deadline = if o.deadline.is_empty() { String::new() } else { format!("; reply due {}", o.deadline) };
            let conflict = match o.conflict_with.is_empty() {
                true => String::new(),
                false => format!("; investigator {} also collected the record (第十二条)", o.conflict_with.join("、")),
            };
            let _ = writeln!(
                w,
                "  {} {}  against {}: {status} {}{deadline}{conflict}",
                o.objection,
                crate::facts::Place { file: o.file.clone(), sheet: o.sheet }.at(o.line),
                o.event,
                o.status
            );
        }
    }
    out
}
