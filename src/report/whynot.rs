//! Rendering why-not (差距分析): the smallest sets of actions that give a
//! grade or better, each with the grade it gives, or why there are none.

use crate::analysis::variant::{Change, ChangeText};
use crate::analysis::whynot::{NoAnswer, WhyNot};
use crate::facts::FactSet;
use crate::rules::Clause;

/// An action in words, e.g. "repair or void E017 (penalty 2025-06-30)".
pub fn action(facts: &FactSet, change: Change) -> String {
    match change {
        Change::Repair(e) => {
            let event = facts.event(e);
            format!("repair or void {} ({} {})", facts.event_id(e), event.kind.code(), event.date)
        }
        Change::Commit => "make the public safety commitment".to_string(),
        Change::Standardize => "obtain level-3 safety standardization".to_string(),
        Change::Lift(n) => {
            let l = &facts.listings[n as usize];
            format!("have the listing by {} (since {}) lifted", facts.str(l.sector), l.listed_on)
        }
    }
}

/// Why there is no answer, in words.
fn none_because(facts: &FactSet, w: &WhyNot) -> Option<String> {
    let subject = facts.subject_id(w.subject);
    let mut text = match w.none_because? {
        NoAnswer::Already => {
            let already = if w.grade == w.target { String::new() } else { format!(", better than {}", w.target) };
            format!("{subject} already has grade {}{already} on {}", w.grade, w.as_of)
        }
        NoAnswer::CannotWorsen => format!(
            "no action leads from {} to {}: the actions only remove adverse records or add a commitment or standardization, which cannot make a grade worse",
            w.grade, w.target
        ),
        NoAnswer::NoActions => format!("no action the bureau knows changes {subject}'s record on {}", w.as_of),
        NoAnswer::NotEnough(n, reached) => format!(
            "no combination of the {n} possible action(s) gives {} or better on {}: taking them all gives {reached}",
            w.target, w.as_of
        ),
    };
    if let Some(until) = w.not_before {
        text.push_str(&format!(
            "; nor does time give {} before {until}, with all the actions or all but one",
            w.target
        ));
    }
    Some(text)
}

/// What happens on the earliest date, and the actions left out.
fn because(facts: &FactSet, w: &WhyNot) -> Option<Vec<String>> {
    let e = w.earliest.as_ref()?;
    let mut because: Vec<String> = e.causes.iter().map(|c| super::timeline::cause(facts, &e.actions, *c)).collect();
    if !e.without.is_empty() {
        let left_out: Vec<String> = e.without.iter().map(|c| action(facts, *c)).collect();
        because.push(format!("without: {}", left_out.join("; ")));
    }
    Some(because)
}

/// Why-not as JSON: each step's code, words and clauses.
pub fn json(facts: &FactSet, w: &WhyNot) -> serde_json::Value {
    let answers: Vec<serde_json::Value> = w
        .answers
        .iter()
        .map(|a| {
            let steps: Vec<serde_json::Value> = a
                .steps
                .iter()
                .map(|s| {
                    serde_json::json!({
                        "change": s.change.code(facts),
                        "action": action(facts, s.change),
                        "clauses": s.clauses.iter().map(|c| c.id()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            serde_json::json!({ "steps": steps, "grade": a.grade })
        })
        .collect();
    let mut value = serde_json::json!({
        "subject": facts.subject_id(w.subject),
        "as_of": w.as_of,
        "grade": w.grade,
        "target": w.target,
        "answers": answers,
    });
    if let Some(none) = none_because(facts, w) {
        value["none_because"] = none.into();
    }
    if let (Some(e), Some(because)) = (&w.earliest, because(facts, w)) {
        value["earliest"] = serde_json::json!({ "date": e.date, "because": because });
    }
    value
}

pub fn text(facts: &FactSet, w: &WhyNot) -> String {
    use std::fmt::Write;
    let subject = facts.subject_id(w.subject);
    let mut out = format!("{subject} is {} as of {}; to be {} or better:\n", w.grade, w.as_of, w.target);
    for (i, a) in w.answers.iter().enumerate() {
        let steps: Vec<String> =
            a.steps.iter().map(|s| format!("{} ({})", action(facts, s.change), Clause::list(&s.clauses))).collect();
        let _ = writeln!(
            out,
            "  {}. {} → {}  [{} change{}]",
            i + 1,
            steps.join(" and "),
            a.grade,
            a.steps.len(),
            if a.steps.len() == 1 { "" } else { "s" }
        );
    }
    if let Some(none) = none_because(facts, w) {
        let _ = writeln!(out, "  {none}.");
    }
    if let (Some(e), Some(because)) = (&w.earliest, because(facts, w)) {
        let _ = writeln!(
            out,
            "  earliest: {subject} can be {} from {}, when {} (with the actions taken and standardization kept valid).",
            w.target,
            e.date,
            because.join("; ")
        );
    }
    out
}
