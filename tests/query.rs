//! The query language end to end: every saved query on the demo facts
//! (reviewed snapshots), batch mode agreeing with the shell, exit codes,
//! and every error path of the parser and evaluator.

mod common;
use common::*;
use safecredit::commands::{FactsArgs, TableFormat};
use safecredit::query::{Database, QueryError, run as query};
use safecredit::shell::Shell;
use std::sync::Arc;

fn saved_queries() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/queries"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".dl"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_saved_query_on_the_demo_facts() {
    let files = saved_queries();
    for required in [
        "d_grade.dl",
        "overdue_inspections.dl",
        "never_inspected.dl",
        "overdue_objections.dl",
        "unrated.dl",
        "joint_targets.dl",
        "grade_counts.dl",
        "high_risk_c_or_d.dl",
        "investigator_conflicts.dl",
    ] {
        assert!(files.iter().any(|f| f == required), "queries/{required} is missing");
    }
    for file in files {
        let (code, out, err) = binary(&["query", "-f", &format!("queries/{file}"), "--as-of", "2026-06-30"]);
        assert_eq!(code, 0, "{file}: {err}");
        assert!(out.contains(" row"), "{file} printed a result");
        insta::assert_snapshot!(format!("saved-{}", file.trim_end_matches(".dl")), out);
    }
}

fn demo_shell() -> Shell {
    let args = FactsArgs {
        facts: concat!(env!("CARGO_MANIFEST_DIR"), "/facts").into(),
        lenient: false,
        show_personal: false,
        quiet: false,
    };
    Shell::open(args, Some(day("2026-06-30"))).unwrap()
}

#[test]
fn batch_mode_gives_the_same_rows_as_the_shell() {
    let mut shell = demo_shell();
    shell.handle(":format csv");
    for file in saved_queries() {
        let text = std::fs::read_to_string(format!("{}/queries/{file}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        // Rules go to the shell as typed, and before each query of the batch run.
        let mut rules = String::new();
        for (_, q) in safecredit::query::parse::split_queries(&text) {
            if let Ok(safecredit::query::parse::Statement::Rule(_)) = safecredit::query::parse::parse_statement(&q) {
                assert!(!shell.handle(&q).text.contains("error"), "{file}: {q}");
                rules.push_str(&q);
                rules.push('\n');
                continue;
            }
            let from_shell = shell.handle(&q).text;
            let batch = format!("{rules}{q}");
            let (code, from_batch, _) = binary(&["query", &batch, "--as-of", "2026-06-30", "--format", "csv"]);
            assert_eq!(code, 0);
            assert_eq!(from_shell, from_batch, "{file}: {q}");
        }
    }
}

#[test]
fn exit_codes_for_scripts() {
    let q = "overdue(S, D).";
    assert_eq!(binary(&["query", q, "--as-of", "2026-06-30", "--fail-if-any"]).0, 1);
    assert_eq!(binary(&["query", q, "--as-of", "2026-06-30", "--fail-if-none"]).0, 0);
    assert_eq!(binary(&["query", "overdue(S, D), D > 10000.", "--as-of", "2026-06-30", "--fail-if-none"]).0, 1);
    assert_eq!(binary(&["query", "overdue(S, D), D > 10000.", "--as-of", "2026-06-30", "--fail-if-any"]).0, 0);
    let (code, out, err) = binary(&["query", "grade(S, \"E\").", "--as-of", "2026-06-30"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("^^^") && err.contains("one of: A, B, C, D, unrated"), "{err}");
    assert_eq!(binary(&["query", "grade(S, G).", "--facts", "tests/bad_facts/bad_date"]).0, 2, "facts errors exit 2");
    let (code, out, _) =
        binary(&["query", "grade(S, \"D\"), subject(S, N, \"煤矿\").", "--as-of", "2026-06-30", "--format", "json"]);
    assert_eq!(code, 0);
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 4);
    assert_eq!(rows[0].as_object().unwrap().keys().collect::<Vec<_>>(), ["S", "N"], "columns in order of appearance");
}

fn db() -> Database {
    let facts = facts(&[
        (
            "subjects.csv",
            "id,name,category,committed_on\nS1,甲公司,coal_mine,2020-01-01\nS2,乙公司,fireworks,\nS3,丙公司,coal_mine,2020-01-01\n",
        ),
        ("standardization.csv", "subject,level,awarded_on\nS1,3,2020-01-01\nS2,3,2020-01-01\n"),
        ("events.csv", "id,subject,date,kind\nE1,S3,2026-01-01,penalty\n"),
        ("inspections.csv", "id,subject,date\nI1,S1,2024-01-01\nI2,S3,2026-01-01\n"),
    ]);
    let m = model(&facts, "2026-06-30");
    let index = Arc::new(safecredit::rules::FactIndex::build(&facts));
    Database::new(Arc::new(facts), index, m, false)
}

fn rows(db: &Database, q: &str) -> Vec<String> {
    let a = query(db, q).unwrap_or_else(|e| panic!("{q}: {e:?}"));
    a.rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(" ")).collect()
}

fn fails(db: &Database, q: &str) -> QueryError {
    query(db, q).expect_err(q)
}

#[test]
fn evaluation() {
    let db = db();
    assert_eq!(rows(&db, "grade(S, G)."), ["S1 A", "S2 unrated", "S3 C"]);
    assert_eq!(rows(&db, "grade(S, G), subject(S, _, \"煤矿\")."), ["S1 A", "S3 C"]);
    assert_eq!(rows(&db, "grade(S, \"A级（优）\")."), ["S1"], "grades by Chinese label");
    assert_eq!(rows(&db, "subject(S, N, C), not grade(S, \"A\")."), ["S2 乙公司 fireworks", "S3 丙公司 coal_mine"]);
    assert_eq!(rows(&db, "overdue(S, D), D > 100."), ["S1 180"]);
    assert_eq!(rows(&db, "last_inspection(S, D), D < 2025-06-01."), ["S1 2024-01-01"]);
    assert_eq!(
        rows(&db, "last_inspection(S, D), D >= \"2025-06-01\"."),
        ["S3 2026-01-01"],
        "a quoted date against a date"
    );
    assert_eq!(rows(&db, "subject(S, N, _), N > \"乙公司\"."), ["S1 甲公司"], "text compares by code point");
    assert_eq!(rows(&db, "grade(S, G), X = S, G != \"A\"."), ["S2 unrated S2", "S3 C S3"]);
    assert_eq!(rows(&db, "X = \"S1\", grade(X, G)."), ["S1 A"]);
    assert_eq!(rows(&db, "grade(S, G). count by G"), ["A 1", "C 1", "unrated 1"]);
    assert_eq!(rows(&db, "grade(S, G), count."), ["3"]);
    assert_eq!(rows(&db, "grade(S, \"D\"). count"), ["0"]);
    assert_eq!(rows(&db, "grade(_S, G)."), ["A", "C", "unrated"], "variables starting with _ are hidden");
    assert_eq!(rows(&db, "grade(S, G), grade(T, G), S != T."), Vec::<String>::new());
    assert_eq!(rows(&db, "grade(\"nobody\", G)."), Vec::<String>::new(), "an absent id matches nothing");
    assert_eq!(
        rows(&db, "reason(\"S2\", C, \"yes\"), clause(C, \"A\", _, _)."),
        ["13.A.2", "13.A.3", "13.A.4", "13.A.5", "13.A.6"]
    );
    assert_eq!(rows(&db, "as_of(D)."), ["2026-06-30"]);
    let a = query(&db, "subject(S, S, C).").unwrap();
    assert!(a.rows.is_empty(), "a repeated variable must agree with itself");
}

#[test]
fn every_error_path() {
    let db = db();
    let e = fails(&db, "grad(S, G).");
    assert_eq!((e.message.as_str(), e.span.start, e.span.end), ("unknown relation `grad`", 0, 4));
    assert!(e.hint.unwrap().contains("did you mean `grade`"));
    let e = fails(&db, "grade(S).");
    assert_eq!(e.message, "`grade` has 2 column(s), not 1");
    assert_eq!(e.hint.unwrap(), "grade(Subject, Grade)");
    assert!(fails(&db, "grade(S, \"E\").").hint.unwrap().contains("A, B, C, D, unrated"));
    assert!(fails(&db, "overdue(S, \"ten\").").message.contains("holds numbers"));
    assert!(fails(&db, "grade(S, 2025-01-01).").message.contains("not a date"));
    assert!(fails(&db, "next_due(S, \"soon\").").message.contains("holds dates"));
    assert_eq!(fails(&db, "overdue(S, D), D > 2025-01-01.").message, "D holds number, not a date");
    assert!(
        fails(&db, "overdue(S, D), next_due(S, X), D < X.").message.contains("cannot compare a number with a date")
    );
    let e = fails(&db, "grade(S, G), not joint_target(T).");
    assert!(e.message.starts_with("unsafe query: variable T"), "{}", e.message);
    assert!(fails(&db, "grade(S, G), X > 3.").message.contains("variable X appears only in a comparison"));
    assert!(
        fails(&db, "overdue(S, X), subject(X, _, _).")
            .message
            .contains("is a number in overdue/2 column Days but text")
    );
    assert!(fails(&db, "grade(S, G). count by X").message.contains("X does not appear"));
    assert!(fails(&db, "grade(S, _), _ = S.").message.contains("`_` cannot be compared"));
    assert_eq!(fails(&db, "grade(S, G").message, "expected `,` or `)`, but the query ends here");
}

#[test]
fn the_parser_never_panics() {
    // Mutations of real queries: truncations, byte flips and splices, with Chinese text.
    let seeds = [
        "?- grade(S, \"D\"), subject(S, Name, \"煤矿\"), never_inspected(S).",
        "grade(S, G), subject(S, _, C). count by C, G",
        "overdue(S, D), D >= 30, not high_risk(S), next_due(S, X), X < 2026-01-01.",
        "reason(S, \"13.C.2\", \"yes\") % comment\n, evidence(S, C, E).",
        "r(S, T) :- person_role(S, P, _), person_role(T, P, _), S != T. q(S) :- r(S, T), q(T). q(S), not r(S, _).",
        "inspection(I, S, D), years_before(D, 1, F), days_between(F, D, N). max N by S. sort by max desc limit 3",
    ];
    let noise = [
        "(",
        ")",
        "\"",
        ",",
        ".",
        "not",
        "!",
        "=",
        "<=",
        "2025-13-45",
        "-",
        "?-",
        "%",
        "煤",
        "_",
        "X",
        "count by",
        "\\",
        ":-",
        "sort by",
        "limit",
        "avg",
        "max N by",
        "desc",
        "q(S)",
        "interpret(",
    ];
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let db = db();
    for seed in seeds {
        let chars: Vec<char> = seed.chars().collect();
        for _ in 0..400 {
            let mut text: String = chars[..(next() as usize % (chars.len() + 1))].iter().collect();
            for _ in 0..(next() % 3) {
                let at = next() as usize % (text.chars().count() + 1);
                let byte = text.char_indices().nth(at).map_or(text.len(), |(i, _)| i);
                text.insert_str(byte, noise[next() as usize % noise.len()]);
            }
            let _ = safecredit::query::parse::parse(&text);
            let _ = safecredit::query::parse::parse_statement(&text);
            let _ = safecredit::query::parse::split_statements(&text);
            let _ = safecredit::query::parse::is_complete(&text);
            let _ = query(&db, &text);
            let _ = safecredit::query::statements(&db, &text);
            db.clear_rules();
        }
    }
}

#[test]
fn table_format_aligns_and_counts() {
    let db = db();
    let a = query(&db, "subject(S, N, C), grade(S, G).").unwrap();
    insta::assert_snapshot!("answer-table", safecredit::report::answer::table(&a));
    let e = fails(&db, "subject(S, N, \"煤\").");
    insta::assert_snapshot!("answer-error", safecredit::report::answer::error("subject(S, N, \"煤\").", &e));
    let _ = TableFormat::Csv;
}

/// `procedure` and `missing_info` read one run of the procedure program, and a
/// new as-of date runs it again: a safety permit that lapses on 2025-12-31 is
/// missing on 2026-06-30 and not on 2025-06-30.
#[test]
fn procedural_tables_follow_the_as_of_date() {
    let facts = facts(&[
        ("subjects.csv", "id,name,category,committed_on\nS1,甲煤矿,coal_mine,2020-01-01\n"),
        ("licences.csv", "subject,kind,valid_from,valid_to\nS1,safety_permit,2020-01-01,2025-12-31\n"),
    ]);
    let index = Arc::new(safecredit::rules::FactIndex::build(&facts));
    let later = model(&facts, "2026-06-30");
    let earlier = model(&facts, "2025-06-30");
    let mut db = Database::new(Arc::new(facts), index, later, false);
    let permit = "missing_info(S, \"safety_permit\").";
    let both = "missing_info(S, I), procedure(7, \"missing_info\", S, \"\", I). count";
    let alone = "missing_info(S, I). count";
    assert_eq!(rows(&db, permit), ["S1"]);
    assert_eq!(rows(&db, both), rows(&db, alone), "each missing item is one Art. 7 finding");
    db.set_model(earlier);
    assert_eq!(rows(&db, permit), Vec::<String>::new(), "valid on the new as-of date");
    assert_eq!(rows(&db, both), rows(&db, alone));
}

/// `licence` is licences.csv as recorded: kinds by code or Chinese label, empty
/// dates where a licence is not limited, and dates that compare as dates.
#[test]
fn licences_as_recorded() {
    let facts = facts(&[
        ("subjects.csv", "id,name,category,committed_on\nS1,甲煤矿,coal_mine,2020-01-01\nS2,乙服务,safety_service,\n"),
        (
            "licences.csv",
            "subject,kind,number,valid_from,valid_to\nS1,safety_permit,（蒙）FM安许证字〔2024〕0020,2024-01-01,2026-12-31\n\
             S2,qualification,Q-7,,\n",
        ),
    ]);
    let index = Arc::new(safecredit::rules::FactIndex::build(&facts));
    let m = model(&facts, "2026-06-30");
    let db = Database::new(Arc::new(facts), index, m, false);
    assert_eq!(
        rows(&db, "licence(S, K, N, F, T)."),
        ["S1 safety_permit （蒙）FM安许证字〔2024〕0020 2024-01-01 2026-12-31", "S2 qualification Q-7  "]
    );
    assert_eq!(rows(&db, "licence(S, \"安全生产许可证\", _, _, T), T <= 2026-12-31."), ["S1 2026-12-31"]);
}
