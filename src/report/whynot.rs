//! Rendering why-not (差距分析): the smallest sets of actions that give a
//! grade or better, each with the grade it gives, or why there are none.

use crate::analysis::whynot::WhyNot;

pub fn text(w: &WhyNot) -> String {
    use std::fmt::Write;
    let mut out = format!("{} is {} as of {}; to be {} or better:\n", w.subject, w.grade, w.as_of, w.target);
    for (i, a) in w.answers.iter().enumerate() {
        let steps: Vec<String> = a.steps.iter().map(|s| format!("{} ({})", s.action, s.clauses.join(", "))).collect();
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
    if let Some(none) = &w.none_because {
        let _ = writeln!(out, "  {none}.");
    }
    if let Some(e) = &w.earliest {
        let _ = writeln!(
            out,
            "  earliest: {} can be {} from {}, when {} (with the actions taken and standardization kept valid).",
            w.subject,
            w.target,
            e.date,
            e.because.join("; ")
        );
    }
    out
}
