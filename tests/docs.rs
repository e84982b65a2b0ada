//! Documents generated from the code must match it: `docs/rules.md` is the
//! output of `safecredit rules --format markdown`.

mod common;

#[test]
fn docs_rules_md_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    // The same command line as the instructions below, run from the repository root.
    let out = common::output(&["rules", "--format", "markdown"]);
    let generated = String::from_utf8(out.stdout).unwrap();
    if committed != generated {
        if std::env::var_os("SAFECREDIT_BLESS").is_some() {
            std::fs::write(&path, generated).unwrap();
            return;
        }
        panic!(
            "docs/rules.md is out of date: run `cargo run -- rules --format markdown > docs/rules.md` (or SAFECREDIT_BLESS=1 cargo test --test docs)"
        );
    }
}

/// The file sections of `docs/facts.md` are generated from the one schema
/// (`src/facts/schema.rs`), between the `schema:begin` and `schema:end` markers.
#[test]
fn docs_facts_md_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/facts.md");
    let committed = std::fs::read_to_string(&path).unwrap();
    let (begin, end) = ("<!-- schema:begin -->\n", "<!-- schema:end -->");
    let start = committed.find(begin).expect("the begin marker") + begin.len();
    let stop = committed.find(end).expect("the end marker");
    let generated = safecredit::facts::schema::markdown_all();
    if committed[start..stop] != generated {
        if std::env::var_os("SAFECREDIT_BLESS").is_some() {
            std::fs::write(&path, format!("{}{generated}{}", &committed[..start], &committed[stop..])).unwrap();
            return;
        }
        panic!("docs/facts.md is out of date with src/facts/schema.rs: run SAFECREDIT_BLESS=1 cargo test --test docs");
    }
}
