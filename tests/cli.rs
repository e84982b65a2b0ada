//! The real binary, run as a user would: the broken fact folders of
//! `tests/bad_facts/` under `check` (each with its diagnostics and exit
//! status), refusal and `--lenient`, and the demo district's ledger.

mod common;

use std::path::Path;

/// Runs `safecredit ARGS` in the repository root with a pinned "today": a transcript.
fn run(args: &[&str]) -> String {
    let output = common::output(args);
    format!(
        "$ safecredit {}\n[exit status: {}]\n--- stdout\n{}--- stderr\n{}",
        args.join(" "),
        output.status.code().map_or("signal".to_string(), |c| c.to_string()),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn exit_status(transcript: &str) -> &str {
    transcript.lines().nth(1).unwrap_or("")
}

#[test]
fn every_bad_fact_folder_gives_its_diagnostics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_facts");
    let mut cases: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    cases.sort();
    assert!(cases.len() >= 18, "the corpus is there: {cases:?}");
    for case in cases {
        let transcript = run(&["check", "--facts", &format!("tests/bad_facts/{case}")]);
        let clean = ["gbk", "gbk_twin_utf8", "bom_crlf", "header_only", "warnings"].contains(&case.as_str());
        assert_eq!(
            exit_status(&transcript),
            if clean { "[exit status: 0]" } else { "[exit status: 1]" },
            "{transcript}"
        );
        insta::assert_snapshot!(format!("check-{case}"), transcript);
    }
}

#[test]
fn strict_fails_on_warnings() {
    assert_eq!(exit_status(&run(&["check", "--facts", "tests/bad_facts/warnings", "--strict"])), "[exit status: 1]");
    assert_eq!(exit_status(&run(&["check", "--facts", "facts", "--strict"])), "[exit status: 0]");
}

#[test]
fn check_json_is_structured() {
    let transcript = run(&["check", "--facts", "tests/bad_facts/bad_date", "--format", "json"]);
    let json = transcript.split("--- stdout\n").nth(1).unwrap().split("--- stderr").next().unwrap();
    let value: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
    assert_eq!(value["errors"], 3);
    assert_eq!(value["diagnostics"][0]["code"], "bad-date");
    assert_eq!(value["diagnostics"][0]["line"], 2);
    assert_eq!(value["diagnostics"][0]["column"], 3);
    assert_eq!(value["diagnostics"][0]["value"], "2024-02-30");
}

#[test]
fn usage_and_io_problems_exit_2() {
    assert_eq!(exit_status(&run(&["check", "--facts", "no/such/folder"])), "[exit status: 2]");
    assert_eq!(exit_status(&run(&["grade", "--as-of", "2026-02-30"])), "[exit status: 2]");
    insta::assert_snapshot!(
        "explain-unknown-subject",
        run(&["explain", "S1O", "--facts", "facts", "--as-of", "2026-06-30"])
    );
}

#[test]
fn commands_refuse_facts_with_errors_unless_lenient() {
    insta::assert_snapshot!(
        "grade-refuses",
        run(&["grade", "--facts", "tests/bad_facts/unknown_reference", "--as-of", "2026-06-30"])
    );
    insta::assert_snapshot!(
        "grade-lenient",
        run(&[
            "grade",
            "--facts",
            "tests/bad_facts/unknown_reference",
            "--as-of",
            "2026-06-30",
            "--lenient",
            "--format",
            "csv"
        ])
    );
}

#[test]
fn gbk_subjects_load_the_same_relation_as_their_utf8_twin() {
    let ledger = |dir: &str| {
        let t = run(&["grade", "--facts", dir, "--as-of", "2026-06-30", "--format", "csv"]);
        assert_eq!(exit_status(&t), "[exit status: 0]", "{t}");
        t.split("--- stdout\n").nth(1).unwrap().split("--- stderr").next().unwrap().to_string()
    };
    let gbk = ledger("tests/bad_facts/gbk");
    assert_eq!(gbk, ledger("tests/bad_facts/gbk_twin_utf8"));
    assert!(gbk.contains("包头市昆区宏达煤业有限公司,coal_mine"), "{gbk}");
}

#[test]
fn demo_ledger_at_the_pinned_demo_date() {
    insta::assert_snapshot!(
        "demo-grade-csv",
        run(&["grade", "--facts", "facts", "--as-of", "2026-06-30", "--format", "csv"])
    );
    insta::assert_snapshot!("demo-grade-table", run(&["grade", "--facts", "facts", "--as-of", "2026-06-30"]));
    insta::assert_snapshot!("demo-objections", run(&["objections", "--facts", "facts", "--as-of", "2026-06-30"]));
    insta::assert_snapshot!(
        "demo-explain-S044",
        run(&["explain", "S044", "--facts", "facts", "--as-of", "2026-06-30"])
    );
}

#[test]
fn explain_json_is_an_audit_record() {
    let t = run(&["explain", "S023", "--facts", "facts", "--as-of", "2026-06-30", "--format", "json"]);
    let json = t.split("--- stdout\n").nth(1).unwrap().split("--- stderr").next().unwrap();
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(v["grade"], "C");
    assert_eq!(v["as_of"], "2026-06-30");
    let c1 = v["clauses"].as_array().unwrap().iter().find(|c| c["clause"] == "13.C.1").unwrap();
    assert_eq!(c1["holds"], true);
    assert_eq!(c1["evidence"][0]["file"], "events.csv");
    assert!(c1["evidence"][0]["line"].as_u64().unwrap() >= 2);
}

#[test]
fn the_streamed_ledger_is_byte_for_byte_the_ledger() {
    let facts = common::demo();
    let model = common::model(&facts, "2026-06-30");
    let mut streamed = Vec::new();
    safecredit::report::ledger::write_csv(&mut streamed, &facts, &model).unwrap();
    let built = safecredit::report::ledger::csv(&safecredit::report::ledger::rows(&facts, &model));
    assert_eq!(String::from_utf8(streamed).unwrap(), built);
}

#[test]
fn line_numbers_are_what_an_editor_shows_with_crlf_and_blank_lines() {
    let dir = std::env::temp_dir().join(format!("safecredit-lines-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let lines = |text: &str| -> Vec<String> {
        std::fs::write(dir.join("subjects.csv"), text).unwrap();
        let t = run(&["check", "--facts", dir.to_str().unwrap(), "--format", "json"]);
        let json = t.split("--- stdout\n").nth(1).unwrap().split("--- stderr").next().unwrap();
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        v["diagnostics"].as_array().unwrap().iter().map(|d| d["line"].to_string()).collect()
    };
    // S2 is on line 3 of a CRLF file (Excel's export); blank lines count; a quoted cell may span lines.
    assert_eq!(lines("id,name,category\r\nS1,a,coal_mine\r\nS2,x,bogus\r\n"), ["3"]);
    assert_eq!(
        lines("id,name,category\nS1,a,coal_mine\n\nS2,x,bogus\n\"S3\",\"two\nlines\",bogus\nS4,y,bogus\n"),
        ["4", "5", "7"]
    );
    assert_eq!(
        lines("id,name,category\r\nS1,a,coal_mine\r\n\r\nS2,x,bogus\r\n\"S3\",\"two\r\nlines\",bogus\r\nS4,y,bogus"),
        ["4", "5", "7"]
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Art. 16 (本办法自发布之日起施行): the measures apply from their issuance in 2024. An as-of date
/// before 2024-01-01 still runs, with one warning on stderr naming 第十六条; from 2024-01-01, none.
#[test]
fn article_16_an_as_of_date_before_the_measures_applied_is_warned_about() {
    let before = run(&["grade", "--facts", "facts", "--as-of", "2023-12-31", "--format", "csv"]);
    assert_eq!(exit_status(&before), "[exit status: 0]", "{before}");
    let stderr = before.split("--- stderr\n").nth(1).unwrap_or("");
    assert_eq!(stderr.matches("第十六条").count(), 1, "{stderr}");
    assert!(stderr.starts_with("warning: as of 2023-12-31 the measures did not yet apply"), "{stderr}");
    assert!(before.contains("subject,name,category,grade"), "the ledger is still written: {before}");
    for command in ["grade", "objections", "explain"] {
        let mut args = vec![command, "--facts", "facts", "--as-of", "2024-01-01"];
        if command == "explain" {
            args.insert(1, "S001");
        }
        let from = run(&args);
        assert!(!from.contains("第十六条"), "{from}");
        args.retain(|a| *a != "2024-01-01");
        args.push("2023-06-30");
        assert!(run(&args).contains("第十六条"), "{command} before 2024");
    }
}

/// `procedure` on the demo: every kind of finding, article by article (facts/README.md lists why).
#[test]
fn procedure_on_the_demo_district() {
    let csv = run(&["procedure", "--facts", "facts", "--as-of", "2026-06-30", "--format", "csv"]);
    insta::assert_snapshot!("demo-procedure-csv", csv);
    let table = run(&["procedure", "--facts", "facts", "--as-of", "2026-06-30", "--fail-if-any"]);
    assert_eq!(exit_status(&table), "[exit status: 1]", "a finding fails --fail-if-any");
    assert!(table.contains("内部管理使用，不对外公布"), "{table}");
}

/// A folder from before the Art. 7–11 columns (no recorded_by, recorder, statement_heard_on,
/// filed_with, no licences.csv) loads with no new warnings, and gets only the findings its data
/// supports: Art. 7 on names and people, and Art. 12.
#[test]
fn a_folder_without_the_new_columns_gets_no_findings_that_need_them() {
    let dir = std::env::temp_dir().join(format!("safecredit-old-folder-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("facts");
    for entry in std::fs::read_dir(&root).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".csv") || name == "licences.csv" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // Drop the new columns: they are the last ones of events.csv, and filed_with in objections.csv.
        let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
        let mut writer = csv::Writer::from_writer(Vec::new());
        let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        let drop: Vec<usize> = records[0]
            .iter()
            .enumerate()
            .filter(|(_, h)| ["recorded_by", "recorder", "statement_heard_on", "filed_with"].contains(h))
            .map(|(i, _)| i)
            .collect();
        for r in &records {
            writer.write_record(r.iter().enumerate().filter(|(i, _)| !drop.contains(i)).map(|(_, c)| c)).unwrap();
        }
        std::fs::write(dir.join(&name), writer.into_inner().unwrap()).unwrap();
    }
    let folder = dir.to_str().unwrap();
    let check = run(&["check", "--facts", folder, "--strict"]);
    assert_eq!(exit_status(&check), "[exit status: 0]", "no warnings: {check}");
    let found = run(&["procedure", "--facts", folder, "--as-of", "2026-06-30", "--format", "csv"]);
    let articles: Vec<&str> = found.lines().filter_map(|l| l.split(',').next()).filter(|a| a.len() <= 2).collect();
    assert!(articles.iter().all(|a| ["7", "12"].contains(a)), "only Art. 7 and 12: {found}");
    assert!(found.contains("7,missing_info,S037,,principal") && !found.contains("safety_permit"), "{found}");
    std::fs::remove_dir_all(&dir).unwrap();
}
