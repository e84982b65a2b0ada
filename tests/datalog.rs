//! The shell speaks Datalog (issue 18): rules (alternatives, recursion,
//! stratified negation), aggregates with sort and limit, the date built-ins,
//! the `counting` relation, and the interpretation sandbox.

mod common;
use common::*;
use safecredit::query::eval::Cell;
use safecredit::query::{Answer, Database, Outcome, statements};
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

fn database(files: &[(&str, &str)], as_of: &str) -> Database {
    let facts = facts(files);
    let m = model(&facts, as_of);
    let index = Arc::new(safecredit::rules::FactIndex::build(&facts));
    Database::new(Arc::new(facts), index, m, false)
}

fn demo() -> Database {
    let facts = common::demo();
    let m = model(&facts, "2026-06-30");
    let index = Arc::new(safecredit::rules::FactIndex::build(&facts));
    Database::new(Arc::new(facts), index, m, false)
}

/// Runs statements in order (as the shell does); the answer of the last (a query).
fn ask(db: &Database, text: &str) -> Answer {
    match statements(db, text) {
        Ok(mut outcomes) => match outcomes.pop() {
            Some(Outcome::Answer(a)) => a,
            _ => panic!("{text}: a query at the end"),
        },
        Err((s, e)) => panic!("{s}: {}", e.message),
    }
}

fn fails(db: &Database, text: &str) -> String {
    match statements(db, text) {
        Ok(_) => panic!("{text} should fail"),
        Err((s, e)) => safecredit::report::answer::error(&s, &e),
    }
}

fn column(a: &Answer, i: usize) -> Vec<String> {
    a.rows.iter().map(|r| r[i].to_string()).collect()
}

/// A chain of subjects linked through shared people: S1–P1–S2–P2–S3–P3–S4, S5 and S6
/// linked only to each other, S7 alone.
fn chain() -> Database {
    database(
        &[
            (
                "subjects.csv",
                "id,name,category\nS1,一,coal_mine\nS2,二,coal_mine\nS3,三,fireworks\nS4,四,fireworks\nS5,五,coal_mine\nS6,六,coal_mine\nS7,七,coal_mine\n",
            ),
            (
                "people.csv",
                "subject,person,name,role\nS1,P1,甲,principal\nS2,P1,甲,principal\nS2,P2,乙,safety_lead\nS3,P2,乙,principal\nS3,P3,丙,partner\nS4,P3,丙,principal\nS5,P5,戊,principal\nS6,P5,戊,legal_rep\nS7,P7,己,principal\n",
            ),
        ],
        "2026-06-30",
    )
}

#[test]
fn recursion_reaches_the_hand_computed_closure() {
    let db = chain();
    let a = ask(
        &db,
        "linked(S, T) :- person_role(S, P, _), person_role(T, P, _), S != T.
         reach(S, T) :- linked(S, T).
         reach(S, T) :- reach(S, U), linked(U, T).
         reach(S, T).",
    );
    // The closure by hand: {S1..S4} all reach each other (and themselves, through a
    // neighbour); {S5, S6} likewise; S7 reaches nothing.
    let mut want = BTreeSet::new();
    for group in [&["S1", "S2", "S3", "S4"][..], &["S5", "S6"]] {
        for s in group {
            for t in group {
                want.insert((s.to_string(), t.to_string()));
            }
        }
    }
    let got: BTreeSet<(String, String)> = a.rows.iter().map(|r| (r[0].to_string(), r[1].to_string())).collect();
    assert_eq!(got, want);
    // The rule's relation is listed, and a second head of the same relation adds to it.
    assert_eq!(db.rules().len(), 3);
}

#[test]
fn several_rules_with_one_head_are_alternatives() {
    let db = chain();
    let a = ask(
        &db,
        "watched(S) :- subject(S, _, \"fireworks\").
         watched(S) :- person_role(S, _, \"legal_rep\").
         watched(S).",
    );
    assert_eq!(column(&a, 0), ["S3", "S4", "S6"]);
}

#[test]
fn negation_of_a_lower_stratum_works_and_a_cycle_through_negation_is_refused() {
    let db = chain();
    let a = ask(
        &db,
        "linked(S, T) :- person_role(S, P, _), person_role(T, P, _), S != T.
         alone(S) :- subject(S, _, _), not linked(S, _).
         alone(S).",
    );
    assert_eq!(column(&a, 0), ["S7"]);
    let e = fails(&db, "p(S) :- subject(S, _, _), not q(S). q(S) :- subject(S, _, _), not p(S).");
    insta::assert_snapshot!("unstratified", e);
    assert!(e.contains("`p` depends on `not q`") && e.contains("p → q"), "{e}");
    // Nothing of a refused program is kept.
    assert!(!db.rules().iter().any(|r| r.rule.head.relation == "p"), "the first rule was dropped with the second");
}

#[test]
fn rule_errors_point_at_the_rule() {
    let db = chain();
    assert!(fails(&db, "grade(S, G) :- subject(S, _, _), G = \"A\".").contains("built-in relation"));
    assert!(fails(&db, "r(S, X) :- subject(S, _, _).").contains("variable X of the head does not appear"));
    assert!(fails(&db, "r(_) :- subject(S, _, _).").contains("`_` in a rule's head"));
    assert!(fails(&db, "r(S) :- subjekt(S, _, _).").contains("did you mean `subject`"));
    assert!(fails(&db, "r(S) :- subject(S, _, _). r(S, T) :- subject(S, T, _).").contains("has 1 column(s)"));
    assert!(fails(&db, "z(S) :- z(S).").contains("cannot tell what the columns of `z` hold"));
    assert!(
        fails(&db, "w(S) :- subject(S, _, _). w(N) :- days_between(2024-01-01, 2024-02-01, N).").contains("holds text")
    );
}

#[test]
fn recursion_that_never_ends_is_stopped_with_a_reason() {
    let db = chain();
    let e = fails(
        &db,
        "m(D) :- as_of(D). m(E) :- m(D), days_between(2000-01-01, D, N), months_after(D, 1, E). m(D). count",
    );
    assert!(e.contains("still derive new rows after 10000 rounds"), "{e}");
    // Bounded, the same recursion ends.
    let a = ask(&db, "n(D) :- as_of(D). n(E) :- n(D), months_after(D, 1, E), E <= 2027-06-30. n(D). count");
    assert_eq!(a.rows[0][0], Cell::Int(13));
}

#[test]
fn drop_and_reuse() {
    let db = chain();
    ask(&db, "fw(S) :- subject(S, _, \"fireworks\"). big(S) :- fw(S). fw(S).");
    assert!(db.drop_relation("fw").unwrap_err().contains("`big` is defined with `fw`"));
    assert_eq!(db.drop_relation("big"), Ok(1));
    assert_eq!(db.drop_relation("fw"), Ok(1));
    assert!(safecredit::query::run(&db, "fw(S).").unwrap_err().message.contains("unknown relation"));
}

#[test]
fn each_aggregate_and_sort_and_limit() {
    let db = database(
        &[
            ("subjects.csv", "id,name,category\nS1,一,coal_mine\nS2,二,coal_mine\nS3,三,fireworks\n"),
            (
                "inspections.csv",
                "id,subject,date\nI1,S1,2024-01-01\nI2,S1,2024-03-01\nI3,S2,2025-02-28\nI4,S3,2026-01-10\nI5,S3,2026-01-11\nI6,S3,2026-01-13\n",
            ),
        ],
        "2026-06-30",
    );
    let per = |q: &str| -> Vec<Vec<String>> {
        ask(&db, q).rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
    };
    assert_eq!(per("inspection(I, S, D). count by S"), [["S1", "2"], ["S2", "1"], ["S3", "3"]]);
    assert_eq!(per("inspection(I, S, D). count"), [["6"]]);
    assert_eq!(
        per("inspection(I, S, D). min D by S"),
        [["S1", "2024-01-01"], ["S2", "2025-02-28"], ["S3", "2026-01-10"]]
    );
    assert_eq!(
        per("inspection(I, S, D), subject(S, _, C). max D by C"),
        [["coal_mine", "2025-02-28"], ["fireworks", "2026-01-13"]]
    );
    // The mean of 2026-01-10, -11 and -13 is 2026-01-11 (rounded to the day).
    assert_eq!(per("inspection(I, \"S3\", D). avg D"), [["2026-01-11"]]);
    let gaps = "inspection(I, S, D), as_of(T), days_between(D, T, N).";
    assert_eq!(per(&format!("{gaps} sum N by S")), [["S1", "1762"], ["S2", "487"], ["S3", "509"]]);
    assert_eq!(per(&format!("{gaps} avg N")), [["459.67"]]);
    assert_eq!(per(&format!("{gaps} max N")), [["911"]]);
    assert_eq!(per(&format!("{gaps} min N")), [["168"]]);
    assert_eq!(per("inspection(I, S, D). count by S. sort by count desc, S limit 2"), [["S3", "3"], ["S1", "2"]]);
    assert_eq!(per("inspection(I, S, D). sort by D desc limit 1"), [["I6", "S3", "2026-01-13"]]);
    assert_eq!(per("inspection(I, S, D). limit 0"), Vec::<Vec<String>>::new());
    // JSON carries the same columns; an average is a number.
    let json = safecredit::report::answer::json(&ask(&db, &format!("{gaps} avg N by S")));
    assert!(json.contains("\"avg\": 881.0") && json.contains("\"S\": \"S1\""), "{json}");
    // Over text only `count`; sorting names a column the answer has.
    let e = safecredit::query::run(&db, "inspection(I, S, D). max S").unwrap_err();
    assert!(e.message.contains("cannot take the max of S, which holds text"), "{}", e.message);
    let e = safecredit::query::run(&db, "inspection(I, S, D). sum D").unwrap_err();
    assert!(e.message.contains("cannot take the sum of D"), "{}", e.message);
    let e = safecredit::query::run(&db, "inspection(I, S, D). count by S. sort by D").unwrap_err();
    assert!(e.message.contains("no column D"), "{}", e.message);
    // An empty input: count and sum are 0, min has no row.
    assert_eq!(per("inspection(I, \"S9\", D). count"), [["0"]]);
    assert!(per("inspection(I, \"S9\", D). min D").is_empty());
}

#[test]
fn date_builtins_clamp_as_the_rules_do() {
    let db = chain();
    let one = |q: &str| ask(&db, q).rows[0][0].clone();
    let date = |s: &str| Cell::Date(day(s));
    assert_eq!(one("years_before(2024-02-29, 1, X)."), date("2023-02-28"));
    assert_eq!(one("years_before(2028-02-29, 4, X)."), date("2024-02-29"));
    assert_eq!(one("years_before(2026-06-30, 3, X)."), date("2023-06-30"));
    assert_eq!(one("months_after(2024-08-31, 6, X)."), date("2025-02-28"));
    assert_eq!(one("months_after(2024-01-31, 1, X)."), date("2024-02-29"));
    assert_eq!(one("months_after(2024-12-31, 3, X)."), date("2025-03-31"));
    assert_eq!(one("days_between(2024-02-28, 2024-03-01, N)."), Cell::Int(2));
    assert_eq!(one("days_between(2023-02-28, 2023-03-01, N)."), Cell::Int(1));
    assert_eq!(one("days_between(2025-06-30, 2024-06-30, N)."), Cell::Int(-365));
    // A bound result is checked, not bound.
    assert_eq!(ask(&db, "years_before(2024-02-29, 1, 2023-02-28).").rows.len(), 1);
    assert_eq!(ask(&db, "years_before(2024-02-29, 1, 2023-03-01).").rows.len(), 0);
    // The rules' own arithmetic: the 1-year window of the as-of date.
    let window = safecredit::facts::Day::parse_iso("2026-06-30").unwrap().minus_years(1);
    assert_eq!(ask(&db, "as_of(T), years_before(T, 1, F).").rows[0][1], Cell::Date(window));
    let e = safecredit::query::run(&db, "years_before(D, 1, X).").unwrap_err();
    assert!(e.message.contains("needs D bound"), "{}", e.message);
}

#[test]
fn counting_agrees_with_the_clauses_evidence() {
    let db = demo();
    let none = |q: &str| {
        let a = ask(&db, q);
        assert!(a.rows.is_empty(), "{q}: {:?}", a.rows);
    };
    // Every record a window clause cites counts, and every counting record in the window is cited.
    for (clause, kind, years) in
        [("13.A.2", "dishonesty", 3), ("13.B.2", "dishonesty", 1), ("13.D.2", "unlicensed_operation", 1)]
    {
        none(&format!("evidence(S, \"{clause}\", E), not counting(E, S, _, \"{kind}\")."));
        none(&format!(
            "counting(E, S, D, \"{kind}\"), as_of(T), years_before(T, {years}, F), D >= F, not evidence(S, \"{clause}\", E)."
        ));
    }
    // Emergency penalties within 3 years are A(3)'s evidence; counting has every penalty.
    none("evidence(S, \"13.A.3\", E), not counting(E, S, _, \"penalty\").");
    // Records older than 3 years still count (any age), but not repaired or voided ones.
    let old = ask(&db, "counting(E, S, D, K), as_of(T), years_before(T, 3, F), D < F.");
    assert!(!old.rows.is_empty(), "the demo has older records");
    // E001 was repaired on 2026-03-01 (facts/README.md); E004 voided by O09.
    none("counting(\"E001\", S, D, K).");
    none("counting(\"E004\", S, D, K).");
    // Nothing dated after the as-of date exists yet.
    none("counting(E, S, D, K), as_of(T), D > T.");
    // Dishonesty reaches the subjects where its person is principal or safety lead.
    let linked = ask(&db, "counting(E, S, _, \"dishonesty\"), event(E, T, _, _), S != T.");
    assert!(!linked.rows.is_empty(), "a person's dishonesty counts at another subject");
}

/// A synthetic district with enough unlicensed operation records of every age.
fn district() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().to_str().unwrap();
    let (code, _, err) = binary(&["gen", "--subjects", "3000", "--seed", "11", "--as-of", "2026-06-30", path]);
    assert_eq!(code, 0, "{err}");
    dir
}

#[test]
fn the_shipped_reading_of_13_d_2_changes_nobody_and_a_three_year_reading_changes_exactly_its_subjects() {
    let dir = district();
    let facts = dir.path().to_str().unwrap();
    let as_of = ["--as-of", "2026-06-30", "--facts", facts];
    let (code, out, err) = binary(
        &[&["diff", "--interpret", "queries/readings/d2-as-shipped.dl", "--format", "csv"][..], &as_of].concat(),
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 1, "only the header: nothing changes\n{out}");
    let (code, out, err) = binary(
        &[&["diff", "--interpret", "queries/readings/d2-three-years.dl", "--format", "csv"][..], &as_of].concat(),
    );
    assert_eq!(code, 0, "{err}");
    let changed: BTreeSet<String> = out.lines().skip(1).map(|l| l.split(',').next().unwrap().to_string()).collect();
    // Who should change: an unlicensed operation counting within 3 years but none within 1,
    // and not D already (a subject already D stays D).
    let query = |q: &str| -> BTreeSet<String> {
        let (code, out, err) = binary(&[&["query", q, "--format", "csv"][..], &as_of].concat());
        assert_eq!(code, 0, "{err}");
        out.lines().skip(1).map(str::to_string).collect()
    };
    let want = query(
        "three(S) :- counting(_, S, D, \"unlicensed_operation\"), as_of(T), years_before(T, 3, F), D >= F.
         one(S) :- counting(_, S, D, \"unlicensed_operation\"), as_of(T), years_before(T, 1, F), D >= F.
         three(S), not one(S), not grade(S, \"D\").",
    );
    assert!(!want.is_empty(), "the district has subjects the reading concerns");
    assert_eq!(changed, want);
    for line in out.lines().skip(1) {
        assert!(line.contains(",D,") && line.contains("+13.D.2"), "{line}");
    }
}

#[test]
fn a_reading_naming_an_unknown_clause_or_none_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("bad.dl");
    std::fs::write(&bad, "interpret(\"13.D.11\", S) :- grade(S, \"A\").\n").unwrap();
    let (code, _, err) = binary(&["diff", "--interpret", bad.to_str().unwrap(), "--as-of", "2026-06-30"]);
    assert_eq!(code, 2);
    insta::assert_snapshot!("interpret-unknown-clause", err.replace(bad.to_str().unwrap(), "bad.dl"));
    std::fs::write(&bad, "interpret(\"12.deadline\", S) :- grade(S, \"A\").\n").unwrap();
    let (_, _, err) = binary(&["diff", "--interpret", bad.to_str().unwrap(), "--as-of", "2026-06-30"]);
    assert!(err.contains("not a grade condition"), "{err}");
    std::fs::write(&bad, "d(S) :- grade(S, \"D\").\n").unwrap();
    let (code, _, err) = binary(&["diff", "--interpret", bad.to_str().unwrap(), "--as-of", "2026-06-30"]);
    assert_eq!(code, 2);
    assert!(err.contains("no rule defines interpret(Clause, Subject)"), "{err}");
}

#[test]
fn a_rules_file_runs_from_the_command_line_rules_first() {
    let (code, out, err) = binary(&["query", "-f", "queries/linked.dl", "--as-of", "2026-06-30", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("S,Name,Category\n") && out.contains("G,count\n"), "{out}");
    // The same answer from the shell's rules, typed one by one.
    let db = demo();
    let a = ask(
        &db,
        "linked(S, T) :- person_role(S, P, _), person_role(T, P, _), S != T.
         exposed(S) :- linked(S, T), grade(T, \"D\").
         exposed(S) :- linked(S, T), exposed(T).
         exposed(S), grade(S, G). count by G",
    );
    let counts: HashMap<String, String> = a.rows.iter().map(|r| (r[0].to_string(), r[1].to_string())).collect();
    assert!(out.contains(&format!("A,{}", counts["A"])), "{out}");
}

fn demo_shell() -> safecredit::shell::Shell {
    let args = safecredit::commands::FactsArgs {
        facts: concat!(env!("CARGO_MANIFEST_DIR"), "/facts").into(),
        lenient: false,
        show_personal: false,
        quiet: false,
    };
    safecredit::shell::Shell::open(args, Some(day("2026-06-30"))).unwrap()
}

#[test]
fn the_shell_keeps_rules_until_dropped_and_loads_and_interprets_files() {
    let mut shell = demo_shell();
    let out = shell.handle("risky(S) :- grade(S, \"D\"), high_risk(S).").text;
    assert!(out.starts_with("risky(S): ") && out.contains(" rows"), "{out}");
    assert!(shell.handle(":rules").text.contains("risky(S) :- grade(S, \"D\"), high_risk(S)."));
    assert!(shell.handle("risky(S). count").text.contains("count"));
    // Completion and help know the relation; :relations lists it.
    assert!(shell.complete("ris", 3).1.contains(&"risky(".to_string()));
    assert!(shell.complete("years", 5).1.contains(&"years_before(".to_string()));
    assert!(shell.handle(":help risky").text.contains("defined by your rules"));
    assert!(shell.handle(":help days_between").text.contains("a built-in function"));
    assert!(shell.handle(":relations").text.contains("risky/1 risky(S)"));
    // A new as-of date re-evaluates the rules.
    shell.handle(":as-of 2025-06-30");
    assert!(!shell.handle("risky(S). count").text.contains("error"));
    assert!(shell.handle(":drop risky").text.contains("dropped 1 rule(s)"));
    assert!(shell.handle("risky(S).").text.contains("unknown relation `risky`"));
    shell.handle(":as-of 2026-06-30");
    // :load adds a file's rules and answers its queries.
    let out = shell.handle(":load queries/linked.dl").text;
    assert!(out.contains("2 relation(s) defined: linked, exposed") && out.contains("S002"), "{out}");
    // :interpret shows whose grade another reading changes, with the transitions.
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("none.dl");
    std::fs::write(&file, "interpret(\"13.D.2\", S) :- counting(_, S, D, \"unlicensed_operation\"), D < 2026-01-01.\n")
        .unwrap();
    let out = shell.handle(&format!(":interpret {}", file.display())).text;
    assert!(
        out.contains("1 subject(s) changed") && out.contains("S044") && out.contains("transitions: D→A: 1"),
        "{out}"
    );
    // The reading's rules are not kept.
    assert!(!shell.handle(":rules").text.contains("interpret"));
    // :reload forgets the rules.
    shell.handle(":reload");
    assert!(shell.handle(":rules").text.starts_with("no rules yet"));
}
