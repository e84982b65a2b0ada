//! The synthetic generator and the benchmark harness, on small sizes: the
//! output is deterministic, clean under `check`, and every baseline agrees
//! with the rules row for row. (Speed is measured by `bench`, never here.)

use std::process::Command;

fn safecredit(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_safecredit")).args(args).env("SAFECREDIT_TODAY", "2026-11-26").output().unwrap()
}

#[test]
fn generated_facts_are_deterministic_clean_and_agree_with_the_baseline() {
    let base = std::env::temp_dir().join(format!("safecredit-gen-{}", std::process::id()));
    let (a, b) = (base.join("a"), base.join("b"));
    for dir in [&a, &b] {
        let out =
            safecredit(&["gen", "--subjects", "800", "--seed", "5", "--as-of", "2026-06-30", dir.to_str().unwrap()]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let said = String::from_utf8(out.stdout).unwrap();
        assert!(said.contains("grade mix as of 2026-06-30: A "), "{said}");
    }
    for file in ["subjects.csv", "people.csv", "events.csv", "inspections.csv", "objections.csv"] {
        assert_eq!(
            std::fs::read(a.join(file)).unwrap(),
            std::fs::read(b.join(file)).unwrap(),
            "{file} is deterministic"
        );
    }
    let check = safecredit(&["check", "--facts", a.to_str().unwrap(), "--strict"]);
    let said = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "generated facts are clean, valid USCC and ID check characters included:\n{said}");
    assert!(said.contains("subjects.csv 800 ·") && said.contains("0 error(s), 0 warning(s)"), "{said}");
    let bench = safecredit(&["bench", "--facts", a.to_str().unwrap(), "--json"]);
    assert!(bench.status.success(), "{}", String::from_utf8_lossy(&bench.stderr));
    let report: serde_json::Value = serde_json::from_slice(&bench.stdout).unwrap();
    assert_eq!(report["agree"]["handwritten"], true, "the hand-written pass agrees with the rules row for row");
    assert_eq!(report["subjects"], 800);
    std::fs::remove_dir_all(&base).unwrap();
}
