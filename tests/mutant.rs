//! A deliberately broken rule must be caught. This test copies the crate,
//! widens 13.C.2's window from 1 year to 3 (a plausible slip), builds the
//! mutant and checks that both `verify` and the shipped scenarios fail.
//! It builds a second binary, so it is ignored by `cargo test`; CI runs it
//! with `cargo test --test mutant -- --ignored`.

use std::path::Path;
use std::process::Command;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
#[ignore = "builds a mutant copy of the crate; run with --ignored"]
fn a_broken_rule_is_caught_by_verify_and_by_the_scenarios() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = root.join("target/mutant-src");
    let _ = std::fs::remove_dir_all(&work);
    // Everything the crate compiles in: `data` (the holiday schedule) and `queries`
    // (the benchmark's linked program) are read by include_str!.
    for dir in ["src", "data", "vendor", "queries"] {
        copy_dir(&root.join(dir), &work.join(dir));
    }
    for file in ["Cargo.toml", "Cargo.lock"] {
        std::fs::copy(root.join(file), work.join(file)).unwrap();
    }
    let rules = work.join("src/rules/art13.rs");
    let source = std::fs::read_to_string(&rules).unwrap();
    let correct = "Witness(s, Clause::C2, Record::Event(e)) <- Penalty(s, e), Within(e, 1);";
    assert!(source.contains(correct), "the rule to break is where the test expects it");
    std::fs::write(
        &rules,
        source.replace(correct, "Witness(s, Clause::C2, Record::Event(e)) <- Penalty(s, e), Within(e, 3);"),
    )
    .unwrap();

    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--offline", "--bin", "safecredit"])
        .current_dir(&work)
        .env("CARGO_TARGET_DIR", root.join("target/mutant"))
        .status()
        .unwrap();
    assert!(status.success(), "the mutant builds");
    let mutant = root.join("target/mutant/debug/safecredit");

    let verify = Command::new(&mutant).args(["verify", "--rules"]).arg(root.join("rules")).output().unwrap();
    let report = String::from_utf8_lossy(&verify.stdout);
    assert_eq!(verify.status.code(), Some(1), "verify must fail on the mutant:\n{report}");
    assert!(report.contains("✗ NEW"), "the changed overlap is reported as new:\n{report}");

    let test = Command::new(&mutant).arg("test").arg(root.join("tests/scenarios")).output().unwrap();
    let out = String::from_utf8_lossy(&test.stdout);
    assert_eq!(test.status.code(), Some(1), "scenarios must fail on the mutant:\n{out}");
    assert!(out.contains("FAIL") && out.contains("c2_penalty_window.toml"), "{out}");
}
