//! The clause catalogue's rule sources: each clause's crepe rules,
//! extracted from the real source files compiled into this binary (so the
//! catalogue cannot drift from the rules). A block starts at a `// [tag]`
//! comment and runs to the next blank line. No input or output.

use super::clause::Clause;

/// The rule programs, as compiled.
pub const SOURCES: &[(&str, &str)] = &[
    ("src/rules/art13.rs", include_str!("art13.rs")),
    ("src/rules/art14_15.rs", include_str!("art14_15.rs")),
    ("src/rules/art11_12.rs", include_str!("art11_12.rs")),
    ("src/rules/procedure.rs", include_str!("procedure.rs")),
];

/// One tagged block of rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleBlock {
    pub tag: String,
    pub file: &'static str,
    /// 1-based line of the tag comment.
    pub line: usize,
    pub source: String,
}

/// The blocks of the grade precedence: the `13.grade` and `reason` tags.
pub fn precedence_blocks() -> Vec<RuleBlock> {
    blocks().into_iter().filter(|b| b.tag == "13.grade" || b.tag == "reason").collect()
}

/// Every tagged block of every rule file, in file order.
pub fn blocks() -> Vec<RuleBlock> {
    let mut out = Vec::new();
    for (file, text) in SOURCES {
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let Some(tag) = tag_of(lines[i]) else {
                i += 1;
                continue;
            };
            let start = i;
            let mut end = i + 1;
            while end < lines.len()
                && !lines[end].trim().is_empty()
                && tag_of(lines[end]).is_none()
                && lines[end].trim() != "}"
            {
                end += 1;
            }
            let indent = lines[start].len() - lines[start].trim_start().len();
            let source: Vec<&str> =
                lines[start..end].iter().map(|l| l.get(indent..).unwrap_or(l.trim_start())).collect();
            out.push(RuleBlock { tag: tag.to_string(), file, line: start + 1, source: source.join("\n") });
            i = end;
        }
    }
    out
}

fn tag_of(line: &str) -> Option<&str> {
    let rest = line.trim_start().strip_prefix("// [")?;
    let end = rest.find(']')?;
    let tag = &rest[..end];
    (!tag.is_empty() && !tag.contains(' ')).then_some(tag)
}

impl Clause {
    /// The tags of the rule blocks that implement this clause: its own, then
    /// the shared definitions it relies on.
    pub fn rule_tags(self) -> Vec<&'static str> {
        use Clause::*;
        let shared: &[&str] = match self {
            A1 | B1 => &[],
            A2 | B2 | C1 => &["dishonesty", "time"],
            A3 | B3 | C2 => &["penalty", "time"],
            A4 | B4 | C3 | D1 => &["accident", "time"],
            A5 | C4 => &["standardization"],
            A6 | B5 | C5 => &["listing"],
            D2 | D3 | D4 | D5 | D6 | D7 | D8 | D9 | D10 => &["time"],
            DJoint => &["joint-target", "accident", "time"],
            Tier | HighRisk => &[],
            InspectA | InspectB | InspectC | InspectD => &["15.schedule"],
            Deadline | Investigator => &["objection-dates", "12.findings"],
            Review => &["objection-dates"],
            Basic | Recorder | Statement | FiledWith => &[],
        };
        let mut tags = vec![self.id()];
        tags.extend_from_slice(shared);
        tags
    }

    /// The rule source implementing this clause, block by block.
    pub fn rule_source(self) -> Vec<RuleBlock> {
        let all = blocks();
        self.rule_tags().iter().filter_map(|tag| all.iter().find(|b| b.tag == *tag).cloned()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_clause_has_its_own_tagged_rules() {
        let all = blocks();
        for c in Clause::ALL {
            let own = all.iter().filter(|b| b.tag == c.id()).count();
            assert_eq!(own, 1, "clause {} needs exactly one `// [{}]` block", c.id(), c.id());
            for tag in c.rule_tags() {
                assert!(all.iter().any(|b| b.tag == tag), "{}: no block tagged {tag}", c.id());
            }
        }
        let a2 = Clause::A2.rule_source();
        assert!(a2[0].source.starts_with("// [13.A.2]"));
        assert!(a2[0].source.contains("Witness(s, Clause::A2, Record::Event(e)) <- Dishonesty(s, e), Within(e, 3);"));
        assert!(a2[1].source.contains("HoldsRole(s, p, Role::Principal)"));
    }

    #[test]
    fn tags_are_unique() {
        let all = blocks();
        for b in &all {
            assert_eq!(all.iter().filter(|o| o.tag == b.tag).count(), 1, "tag {} twice", b.tag);
        }
    }
}
