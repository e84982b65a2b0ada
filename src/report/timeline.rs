//! Rendering a timeline (信用等级变化时间线): the grade, tier and inspection
//! interval from one date to another, each change with its causes.

use crate::analysis::timeline::{Cause, State, Timeline};
use crate::analysis::variant::Change;
use crate::facts::{EventIx, FactSet};
use crate::rules::{Clause, Looks, ObjectionStatus};

/// A cause in words; `actions` are the timeline's (for [`Cause::Actions`]).
pub fn cause(facts: &FactSet, actions: &[Change], cause: Cause) -> String {
    let touching = |kind| Clause::list(&Clause::looking_at(kind));
    let event = |e: EventIx| {
        let event = facts.event(e);
        format!("{} ({} {})", facts.event_id(e), event.kind.code(), event.date)
    };
    match cause {
        Cause::Committed => format!("the public commitment is made ({})", touching(Looks::Commitment)),
        Cause::Recorded(e) => format!("{} is recorded", event(e)),
        Cause::LeavesWindow(e, years) => format!("{} leaves the {years}-year window", event(e)),
        Cause::Repaired(e) => format!("{} is repaired (信用修复)", event(e)),
        Cause::Voided(e, o) => format!("{} is voided by upheld objection {}", event(e), facts.objection_id(o as usize)),
        Cause::Awarded(n) => {
            let row = &facts.standardization[n as usize];
            format!("level-{} standardization is awarded ({})", row.level.code(), touching(Looks::Standardization))
        }
        Cause::Expired(n) => {
            let row = &facts.standardization[n as usize];
            format!("level-{} standardization awarded {} expires", row.level.code(), row.awarded_on)
        }
        Cause::Listed(n) => format!(
            "listed as a joint-punishment target by {} ({})",
            facts.str(facts.listings[n as usize].sector),
            touching(Looks::Listing)
        ),
        Cause::Lifted(n) => format!("the listing by {} is lifted", facts.str(facts.listings[n as usize].sector)),
        Cause::Actions => {
            let what: Vec<String> = actions.iter().map(|c| super::whynot::action(facts, *c)).collect();
            format!("the actions are taken: {}", what.join("; "))
        }
    }
}

/// `13.C.2 holds` / `13.C.2 no longer holds`.
fn clause_change((clause, holds): (Clause, bool)) -> String {
    format!("{} {}", clause.id(), if holds { "holds" } else { "no longer holds" })
}

fn causes(facts: &FactSet, t: &Timeline, s: &State) -> Vec<String> {
    s.causes.iter().map(|c| cause(facts, &t.actions, *c)).collect()
}

/// The timeline as JSON: dates, codes and causes in words.
pub fn json(facts: &FactSet, t: &Timeline) -> serde_json::Value {
    let state = |s: &State| {
        serde_json::json!({
            "date": s.date,
            "grade": s.grade,
            "tier": s.tier,
            "interval": s.interval,
            "causes": causes(facts, t, s),
            "clauses": s.clauses.iter().map(|c| clause_change(*c)).collect::<Vec<_>>(),
        })
    };
    let mut value = serde_json::json!({
        "subject": facts.subject_id(t.subject),
        "as_of": t.as_of,
        "from": t.from,
        "to": t.to,
        "start": state(&t.start),
        "changes": t.changes.iter().map(state).collect::<Vec<_>>(),
    });
    if let Some(next) = &t.next_change {
        value["next_change"] = state(next);
    }
    if !t.deadlines.is_empty() {
        value["deadlines"] = serde_json::to_value(&t.deadlines).expect("serializable");
    }
    value
}

pub fn text(facts: &FactSet, t: &Timeline) -> String {
    use std::fmt::Write;
    let describe = |s: &State| {
        format!(
            "{} · tier {} · {}",
            s.grade,
            s.tier,
            s.interval.map_or("no inspection interval".to_string(), |m| format!("inspect every {m} months"))
        )
    };
    let subject = facts.subject_id(t.subject);
    let mut out = format!("{subject} from {} to {} (as of {})\n", t.from, t.to, t.as_of);
    let _ = writeln!(out, "  {}  {}", t.start.date, describe(&t.start));
    for c in &t.changes {
        let _ = writeln!(out, "  {}  → {}", c.date, describe(c));
        for cause in causes(facts, t, c) {
            let _ = writeln!(out, "              {cause}");
        }
        if !c.clauses.is_empty() {
            let clauses: Vec<String> = c.clauses.iter().map(|c| clause_change(*c)).collect();
            let _ = writeln!(out, "              ({})", clauses.join(", "));
        }
    }
    match &t.next_change {
        Some(n) => {
            let _ = writeln!(
                out,
                "next change if nothing new happens: {} → {}, because {}",
                n.date,
                n.grade,
                causes(facts, t, n).join("; ")
            );
        }
        None => {
            let _ = writeln!(out, "next change if nothing new happens: none before {}", t.to);
        }
    }
    if !t.deadlines.is_empty() {
        let _ = writeln!(out, "replies due on its objections (第十二条, 20 working days from acceptance):");
        for d in &t.deadlines {
            let on = d.replied_on.map_or(String::new(), |r| r.to_string());
            let replied = match d.status {
                ObjectionStatus::Replied => format!("replied {on}"),
                ObjectionStatus::Late => format!("replied late, {on}"),
                ObjectionStatus::Overdue => "not replied: overdue".to_string(),
                _ => "not replied yet".to_string(),
            };
            let _ = writeln!(out, "  {} against {}: due {}; {replied}", d.objection, d.event, d.due);
        }
    }
    out
}
