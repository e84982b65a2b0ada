//! Verification of the rules themselves: the gaps and overlaps of Art. 13
//! found by `verify` are exactly the acknowledged ones, every witness folder
//! reproduces its finding under `grade`, and the shipped scenarios pass and
//! cover every clause.

mod common;

use safecredit::verify::{self, signoff};

fn root() -> &'static str {
    env!("CARGO_MANIFEST_DIR")
}

fn report() -> verify::Report {
    let ack = std::fs::read_to_string(format!("{}/rules/acknowledged.toml", root())).unwrap();
    let signoffs = std::fs::read_to_string(format!("{}/rules/signoffs.toml", root())).unwrap();
    verify::verify(&verify::parse_acknowledged(&ack).unwrap(), signoff::status(&signoff::parse(&signoffs).unwrap()))
}

#[test]
fn findings_are_the_acknowledged_ones() {
    let report = report();
    let ids: Vec<&str> = report.findings.iter().map(|f| f.id.as_str()).collect();
    for expected in ["gap", "A∩D", "B∩C", "B∩D", "C∩D", "A⊆B"] {
        assert!(ids.contains(&expected), "verify finds {expected}: {ids:?}");
    }
    assert!(report.findings.iter().all(|f| f.acknowledged), "every finding is acknowledged");
    assert!(report.stale_acknowledgements.is_empty());
    assert!(report.signoff.changed.is_empty(), "no signed clause changed: {:?}", report.signoff.changed);
    assert!(report.ok());
    let gap = report.findings.iter().find(|f| f.id == "gap").unwrap();
    assert!(
        gap.when.iter().all(|w| w.starts_with("commitment = no")),
        "the only gap is the no-commitment gap: {:?}",
        gap.when
    );
    assert_eq!(gap.grades, ["unrated"]);
    for id in ["A∩D", "B∩D", "C∩D"] {
        assert_eq!(report.findings.iter().find(|f| f.id == id).unwrap().grades, ["D"], "{id}: D wins");
    }
    insta::assert_snapshot!("verify-text", safecredit::report::verify::text(&report));
}

#[test]
fn the_cli_exits_0_when_all_findings_are_acknowledged_and_1_otherwise() {
    let run = |rules: &str| common::safecredit().args(["verify", "--rules", rules]).output().unwrap();
    assert_eq!(run("rules").status.code(), Some(0));
    let empty = std::env::temp_dir().join(format!("safecredit-noack-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let out = run(empty.to_str().unwrap());
    assert_eq!(out.status.code(), Some(1), "no acknowledgements: every finding is new");
    assert!(String::from_utf8_lossy(&out.stdout).contains("UNACKNOWLEDGED FINDING"));
    std::fs::remove_dir_all(&empty).unwrap();
}

#[test]
fn every_witness_folder_reproduces_its_finding() {
    let dir = std::env::temp_dir().join(format!("safecredit-witnesses-{}", std::process::id()));
    let out = common::safecredit().args(["verify", "--witness-dir", dir.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let report = report();
    for finding in &report.findings {
        let folder = dir.join(verify::slug(&finding.id));
        assert!(folder.join("README.md").exists() && folder.join("as_of.txt").exists());
        // `grade` reads the pinned as-of date from as_of.txt.
        let graded = common::safecredit().args(["grade", "--format", "csv", "--facts"]).arg(&folder).output().unwrap();
        assert_eq!(graded.status.code(), Some(0), "{}", String::from_utf8_lossy(&graded.stderr));
        let csv = String::from_utf8(graded.stdout).unwrap();
        let grade = csv.lines().nth(1).unwrap().split(',').nth(3).unwrap().to_string();
        assert!(
            finding.grades.contains(&grade.as_str()),
            "{}: witness grades {grade}, finding says {:?}",
            finding.id,
            finding.grades
        );
        // The definitions it meets, as `explain` reports them from the rules.
        let explained =
            common::safecredit().args(["explain", "W1", "--format", "json", "--facts"]).arg(&folder).output().unwrap();
        let v: serde_json::Value = serde_json::from_slice(&explained.stdout).unwrap();
        let met: Vec<&str> = v["precedence"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["met"] == true && s["grade"] != "unrated")
            .map(|s| s["grade"].as_str().unwrap())
            .collect();
        match finding.id.as_str() {
            "gap" => assert!(met.is_empty(), "gap: {met:?}"),
            id => {
                let (x, y) = id.split_once(['∩', '⊆']).unwrap();
                assert!(met.contains(&x) && met.contains(&y), "{id}: witness meets {met:?}");
            }
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_shipped_scenarios_pass_and_cover_every_clause() {
    let files = safecredit::commands::test::scenario_files(&[format!("{}/tests/scenarios", root()).into()]).unwrap();
    assert!(!files.is_empty());
    let results = safecredit::commands::test::run_files(&files);
    let failed: Vec<String> =
        results.iter().filter(|r| !r.passed).map(|r| format!("{}: {:?}", r.path, r.failures)).collect();
    assert!(failed.is_empty(), "failing scenarios:\n{}", failed.join("\n"));
    let uncovered: Vec<&str> = safecredit::verify::scenario::clause_coverage(&results)
        .into_iter()
        .filter(|(_, holds, decisive)| holds.is_empty() && decisive.is_empty())
        .map(|(c, _, _)| c)
        .collect();
    assert!(uncovered.is_empty(), "clauses no scenario exercises: {uncovered:?}");
}

#[test]
fn a_failing_scenario_shows_the_difference_and_the_explanation() {
    let text = std::fs::read_to_string(format!("{}/tests/scenarios/c2_penalty_window.toml", root()))
        .unwrap()
        .replace("grade = \"C\"", "grade = \"B\"");
    let s = safecredit::verify::scenario::parse("edited.toml", &text).unwrap();
    let r = safecredit::verify::scenario::run(&s);
    assert!(!r.passed);
    assert_eq!(r.failures, ["S1 grade: expected B, got C"]);
    let e = r.explain.as_ref().expect("the failing subject is to be explained");
    let explained = safecredit::report::explain::explain(&e.facts, &e.index, &e.model, e.subjects[0]);
    assert!(safecredit::report::explain::text(&explained).contains("met by 13.C.2"));
    let bad =
        safecredit::verify::scenario::parse("bad.toml", "name = \"x\"\nas_of = \"2026-06-30\"\n[[events]]\nid = 1\n");
    assert!(bad.is_ok());
    let r = safecredit::verify::scenario::run(&bad.unwrap());
    assert!(
        r.failures
            .iter()
            .any(|f| f.starts_with("fact error in [[events]] (its keys): required column `subject` is missing")),
        "{:?}",
        r.failures
    );
    assert!(r.failures.iter().any(|f| f.contains("[[subjects]]: subjects.csv is required")), "{:?}", r.failures);
    let err = |text: &str| safecredit::verify::scenario::parse("x.toml", text).err().expect("an error");
    assert!(err("as_of = \"2026-06-30\"").contains("name is missing"));
    assert!(err("name = \"n\"\nas_of = \"2026-06-30\"\n[[subject]]\nid = \"S\"").contains("unknown key `subject`"));
    assert!(err("name = \"n\"").contains("as_of is missing"));
}
