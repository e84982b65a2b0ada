//! Rendering `verify` (规则验证): the gaps and overlaps found, acknowledged or
//! not, each with readable conditions and its witness folder, then how often
//! each condition holds and is decisive.

use crate::rules::Clause;
use crate::verify::Report;

pub fn text(report: &Report) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let w = &mut out;
    let _ = writeln!(w, "Rule verification — the grade definitions of Art. 13");
    let _ = writeln!(w, "{} abstract cases, every combination of:", report.cases);
    for f in &report.features {
        let _ = writeln!(w, "  {f}");
    }
    let _ = writeln!(w, "each run through the compiled rules as of {}.\n", report.as_of);
    let new = report.findings.iter().filter(|f| !f.acknowledged).count();
    if new > 0 {
        let _ = writeln!(
            w,
            "!! {new} UNACKNOWLEDGED FINDING(S): review them, then fix the rules or acknowledge them in rules/acknowledged.toml\n"
        );
    }
    let _ = writeln!(w, "Findings:");
    for f in &report.findings {
        let mark = if f.acknowledged { "✓ acknowledged" } else { "✗ NEW" };
        let _ = writeln!(
            w,
            "  {mark}  {} — {} ({} cases; precedence gives {})",
            f.id,
            f.what,
            f.cases,
            f.grades.join(", ")
        );
        for cond in &f.when {
            let _ = writeln!(w, "      when {cond}");
        }
        let _ = writeln!(w, "      smallest case: {}", f.witness);
        if let Some(reason) = &f.reason {
            let _ = writeln!(w, "      reason: {reason}");
        }
        if let Some(by) = &f.resolved_by {
            let _ = writeln!(w, "      resolved by: {by}");
        }
    }
    for a in &report.stale_acknowledgements {
        let _ =
            writeln!(w, "  ✗ STALE acknowledgement {} no longer matches a finding (when {})", a.id, a.when.join(" | "));
    }
    let _ = writeln!(
        w,
        "\nCoverage, over the {} cases: `holds` counts the cases in which the condition holds; `decisive` counts the\n\
         cases in which flipping that condition alone (making it hold, or not) changes the grade, asked of the real\n\
         precedence rules. A condition that is not one of the cases' features ({}–{}: one serious violation\n\
         each) holds in none of them; its `decisive` counts the cases in which adding that one violation changes the grade.",
        report.cases,
        Clause::D3.id(),
        Clause::D10.id()
    );
    for c in &report.coverage {
        let _ = writeln!(w, "  {:<8} holds in {:>4} cases  decisive in {:>4}", c.clause, c.holds, c.decisive);
    }
    let procedural: Vec<&str> = [
        Clause::Basic,
        Clause::Recorder,
        Clause::Statement,
        Clause::Review,
        Clause::FiledWith,
        Clause::Deadline,
        Clause::Investigator,
    ]
    .iter()
    .map(|c| c.id())
    .collect();
    let _ = writeln!(
        w,
        "  {}: procedural duties (Art. 7–9, 11, 12) that change no grade, so no case varies them;\n  \
         their coverage is the scenarios' (`safecredit test`, `safecredit rules`).",
        procedural.join(", ")
    );
    let _ = writeln!(w, "\nSign-off ({} of {} clauses signed):", report.signoff.signed.len(), Clause::ALL.len());
    if !report.signoff.unsigned.is_empty() {
        let _ = writeln!(w, "  not signed off: {}", report.signoff.unsigned.join(", "));
    }
    for c in &report.signoff.changed {
        let _ = writeln!(w, "  ✗ CHANGED AFTER SIGN-OFF: {c} (its text, rule or note changed; review and sign again)");
    }
    let _ = writeln!(
        w,
        "\n{}",
        if report.ok() {
            "OK: every finding is acknowledged and no signed clause changed."
        } else {
            "FAILED: see the ✗ lines above."
        }
    );
    out
}
