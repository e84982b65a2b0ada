//! The synthetic generator and the benchmark harness, on small sizes: the
//! output is deterministic, clean under `check`, and every baseline agrees
//! with the rules row for row. (Speed is measured by `bench`, never here.)

mod common;

use common::output as safecredit;

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

/// Files are parsed in chunks on every core: problems far into a file keep
/// their lines, duplicates still find the first row, and the counts add up.
#[test]
fn problems_past_the_first_batches_keep_their_lines() {
    let dir = std::env::temp_dir().join(format!("safecredit-batches-{}", std::process::id()));
    let out = safecredit(&["gen", "--subjects", "1000", "--seed", "5", "--as-of", "2026-06-30", dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let append = |file: &str, rows: &str| {
        let path = dir.join(file);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(rows);
        std::fs::write(&path, text).unwrap();
        std::fs::read_to_string(&path).unwrap().lines().count() as u64
    };
    let events = append(
        "events.csv",
        "E00000001,S0000001,,2025-01-01,penalty,,,,,emergency,,,,,\nE99999998,S0000001,,2025-13-01,penalty,,,,,emergency,,,,,\n",
    );
    let people = append("people.csv", "S0000001,P0000001,王某,principal,,\nS9999999,P7777777,李某,principal,,\n");
    // Events come in random order: where the generator put E00000001.
    let first =
        std::fs::read_to_string(dir.join("events.csv")).unwrap().lines().position(|l| l.starts_with("E00000001,"));
    let first = first.expect("the generator wrote E00000001") + 1;
    assert!(events > 8_192, "events.csv spans more than two batches ({events} lines)");
    let check = safecredit(&["check", "--facts", dir.to_str().unwrap(), "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let diagnostics = report["diagnostics"].as_array().unwrap();
    // check also reviews the departments named on penalties, one note each.
    let (notes, problems): (Vec<_>, Vec<_>) = diagnostics.iter().partition(|d| d["code"] == "authority");
    let departments: Vec<&str> = notes.iter().filter_map(|d| d["message"].as_str()).collect();
    assert!(
        departments.iter().any(|m| m.starts_with(r#"authority "市场监督管理局" is another department"#)),
        "{departments:?}"
    );
    let found: Vec<(String, u64, String)> = problems
        .into_iter()
        .map(|d| {
            let file = d["file"].as_str().unwrap().rsplit('/').next().unwrap().to_string();
            (file, d["line"].as_u64().unwrap(), d["code"].as_str().unwrap().to_string())
        })
        .collect();
    let expected = [
        ("people.csv", people - 1, "person-mismatch"),
        ("people.csv", people, "unknown-reference"),
        ("events.csv", events - 1, "duplicate-id"),
        ("events.csv", events, "bad-date"),
    ];
    let expected: Vec<(String, u64, String)> =
        expected.iter().map(|(f, l, c)| (f.to_string(), *l, c.to_string())).collect();
    assert_eq!(found, expected);
    let messages = report["diagnostics"].to_string();
    let repeated = format!(r#"event id \"E00000001\" is used twice; first on line {first}"#);
    assert!(messages.contains(&repeated), "{messages}");
    let mismatch = diagnostics.iter().find(|d| d["code"] == "person-mismatch").unwrap()["message"].as_str().unwrap();
    assert!(mismatch.starts_with(r#"person "P0000001" is named "王某" here but "#), "{mismatch}");
    assert!(mismatch.ends_with(" on line 2"), "{mismatch}");
    for file in report["files"].as_array().unwrap() {
        let (rows, loaded) = (file["rows"].as_u64().unwrap(), file["loaded"].as_u64().unwrap());
        let skipped = report["skipped"].as_array().unwrap().iter().filter(|s| s["file"] == file["file"]).count();
        assert_eq!(rows, loaded + skipped as u64, "every row is loaded or listed as skipped: {file}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
