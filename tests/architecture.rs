//! The layers use only what lies below them: nothing outside `src/commands/`
//! and `src/main.rs` imports `commands` (the shell shares `session` with it);
//! and clauses are described in one place: no clause id is written outside
//! `src/rules/`, and the clause tags agree with the rules.

use std::path::{Path, PathBuf};

/// Every `.rs` file below `src/`, except those below `skip`, with its path from `src/`.
fn sources(skip: &[&str]) -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.strip_prefix(&src).unwrap().display().to_string();
            if skip.iter().any(|s| name == *s || name.starts_with(&format!("{s}/"))) {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push((name, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn only_main_and_the_commands_use_commands() {
    let offenders: Vec<String> = sources(&["commands", "main.rs"])
        .into_iter()
        .filter(|(_, text)| text.contains("crate::commands") || text.contains("super::commands"))
        .map(|(name, _)| name)
        .collect();
    assert!(offenders.is_empty(), "these modules reach up into commands/: {offenders:?}");
}

/// Is `id` in `line` as a whole token (not part of a longer id or word)?
fn mentions(line: &str, id: &str) -> bool {
    let part = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    line.match_indices(id).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let after = line[at + id.len()..].chars().next();
        !before.is_some_and(part)
            && !after.is_some_and(|c| {
                c.is_alphanumeric()
                    || c == '_'
                    || (c == '.' && line[at + id.len() + 1..].starts_with(|d: char| d.is_alphanumeric()))
            })
    })
}

#[test]
fn no_clause_id_is_written_outside_the_rules() {
    use safecredit::rules::Clause;
    let mut offenders = Vec::new();
    for (name, text) in sources(&["rules"]) {
        // Unit tests may name the clauses they test; comments may too.
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (n, line) in code.lines().enumerate() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("//") {
                continue;
            }
            // An id without a dot (`14`) cannot be told from a number.
            for clause in Clause::ALL.iter().filter(|c| c.id().contains('.')) {
                if mentions(line, clause.id()) {
                    offenders.push(format!("src/{name}:{}: {}", n + 1, clause.id()));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "clause ids written outside src/rules/ (take them from `Clause`):\n{}",
        offenders.join("\n")
    );
}

#[test]
fn the_mention_check_finds_ids_and_only_ids() {
    assert!(mentions("vec![\"13.A.1\", \"13.B.1\"]", "13.A.1"));
    assert!(mentions("any of 13.D.1–13.D.10", "13.D.1"));
    assert!(mentions("(it counts under 13.D.1)", "13.D.1"));
    assert!(!mentions("13.D.10", "13.D.1"));
    assert!(!mentions("x13.A.1", "13.A.1"));
    assert!(mentions("ends 13.A.1.", "13.A.1"));
}

/// The layers, bottom up: a module uses only modules of its layer or below, and
/// two modules of one layer do not use each other.
const LAYERS: &[&[&str]] = &[
    &["facts"],
    &["rules"],
    &["engine"],
    &["analysis", "query", "verify", "bench", "synth"],
    &["report"],
    &["session"],
    &["shell", "commands"],
];

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

#[test]
fn dependencies_go_one_way_up_the_layers() {
    let mut uses: std::collections::BTreeSet<(String, String)> = Default::default();
    for (name, text) in sources(&["main.rs", "lib.rs"]) {
        let module = name.split('/').next().unwrap().trim_end_matches(".rs").to_string();
        for (at, _) in text.match_indices("crate::") {
            let used: String = text[at + 7..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if layer(&used).is_some() && used != module {
                uses.insert((module.clone(), used));
            }
        }
    }
    let mut wrong = Vec::new();
    for (from, to) in &uses {
        let (a, b) = (layer(from).expect("every module has a layer"), layer(to).expect("a layer"));
        if b > a {
            wrong.push(format!("{from} (layer {a}) uses {to} (layer {b}), above it"));
        }
        if a == b && uses.contains(&(to.clone(), from.clone())) {
            wrong.push(format!("{from} and {to} use each other"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(uses.contains(&("engine".into(), "rules".into())), "the scan sees uses: {uses:?}");
}
