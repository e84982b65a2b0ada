//! Rendering a timeline (信用等级变化时间线): the grade, tier and inspection
//! interval from one date to another, each change with its causes.

use crate::analysis::timeline::{State, Timeline};

pub fn text(t: &Timeline) -> String {
    use std::fmt::Write;
    let describe = |s: &State| {
        format!(
            "{} · tier {} · {}",
            s.grade,
            s.tier,
            s.interval.map_or("no inspection interval".to_string(), |m| format!("inspect every {m} months"))
        )
    };
    let mut out = format!("{} from {} to {} (as of {})\n", t.subject, t.from, t.to, t.as_of);
    let _ = writeln!(out, "  {}  {}", t.start.date, describe(&t.start));
    for c in &t.changes {
        let _ = writeln!(out, "  {}  → {}", c.date, describe(c));
        for cause in &c.causes {
            let _ = writeln!(out, "              {cause}");
        }
        if !c.clauses.is_empty() {
            let _ = writeln!(out, "              ({})", c.clauses.join(", "));
        }
    }
    match &t.next_change {
        Some(n) => {
            let _ = writeln!(
                out,
                "next change if nothing new happens: {} → {}, because {}",
                n.date,
                n.grade,
                n.causes.join("; ")
            );
        }
        None => {
            let _ = writeln!(out, "next change if nothing new happens: none before {}", t.to);
        }
    }
    if !t.deadlines.is_empty() {
        let _ = writeln!(out, "replies due on its objections (第十二条, 20 working days from acceptance):");
        for d in &t.deadlines {
            let replied = match d.replied_on {
                Some(r) if r <= d.due => format!("replied {r}"),
                Some(r) => format!("replied late, {r}"),
                None if d.due < t.as_of => "not replied: overdue".to_string(),
                None => "not replied yet".to_string(),
            };
            let _ = writeln!(out, "  {} against {}: due {}; {replied}", d.objection, d.event, d.due);
        }
    }
    out
}
