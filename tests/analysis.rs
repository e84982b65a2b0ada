//! Why-not, timeline and diff on the demo district: reviewed snapshots, and
//! property tests that check every answer against the real rules by another
//! route (editing the fact files, or grading the whole district on a date).

mod common;
use common::*;
use safecredit::analysis::variant::ChangeText;
use safecredit::analysis::{diff, timeline, variant::Change, whynot};
use safecredit::facts::{Day, FactSet, SubjectIx};
use safecredit::rules::{FactIndex, Grade};

fn run(args: &[&str]) -> String {
    let out = common::output(args);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn demo_snapshots() {
    insta::assert_snapshot!("whynot-S060-A", run(&["explain", "S060", "--why-not", "A", "--as-of", "2026-06-30"]));
    insta::assert_snapshot!("whynot-S041-A", run(&["explain", "S041", "--why-not", "A", "--as-of", "2026-06-30"]));
    insta::assert_snapshot!("whynot-S037-B", run(&["explain", "S037", "--why-not", "B", "--as-of", "2026-06-30"]));
    insta::assert_snapshot!("timeline-S017", run(&["timeline", "S017", "--as-of", "2026-06-30"]));
    insta::assert_snapshot!("diff-quarter", run(&["diff", "--as-of", "2026-03-31", "--vs", "2026-06-30"]));
}

#[test]
fn json_answers_carry_the_audit_trail() {
    for args in [
        vec!["explain", "S022", "--as-of", "2026-06-30", "--format", "json"],
        vec!["explain", "S022", "--why-not", "A", "--as-of", "2026-06-30", "--format", "json"],
        vec!["timeline", "S022", "--as-of", "2026-06-30", "--format", "json"],
    ] {
        let v: serde_json::Value = serde_json::from_str(&run(&args)).unwrap();
        let audit = &v["audit"];
        assert_eq!(audit["as_of"], "2026-06-30", "{args:?}");
        assert_eq!(audit["facts"], "facts");
        assert!(audit["facts_hash"].as_str().unwrap().starts_with("sha256:"));
        assert!(audit["rules_hash"].as_str().unwrap().starts_with("sha256:"));
        assert_eq!(audit["tool_version"], env!("CARGO_PKG_VERSION"));
    }
    let v: serde_json::Value =
        serde_json::from_str(&run(&["diff", "--as-of", "2026-03-31", "--vs", "2026-06-30", "--format", "json"]))
            .unwrap();
    assert_eq!(v["audit"]["before"]["as_of"], "2026-03-31");
    assert_eq!(v["audit"]["after"]["as_of"], "2026-06-30");
    assert_eq!(v["audit"]["before"]["facts_hash"], v["audit"]["after"]["facts_hash"]);
}

fn demo() -> FactSet {
    let files: Vec<(String, Vec<u8>)> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/facts"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".csv"))
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect();
    load_files(&files)
}

fn load_files(files: &[(String, Vec<u8>)]) -> FactSet {
    let loaded = safecredit::facts::load::load(
        &safecredit::facts::load::Source::Memory { label: "demo", files },
        &safecredit::facts::LoadOptions { today: day("2026-11-26"), show_personal: false },
    );
    assert_eq!(loaded.errors(), 0);
    loaded.facts
}

/// Applies actions to the CSV text of the demo itself: an independent route
/// from the what-if copies the answers were computed on.
fn edited_demo(facts: &FactSet, s: SubjectIx, changes: &[Change], as_of: Day) -> Vec<(String, Vec<u8>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/facts");
    let mut out = Vec::new();
    for name in safecredit::facts::load::FILES {
        let Ok(text) = std::fs::read_to_string(format!("{dir}/{name}")) else { continue };
        let mut rows: Vec<csv::StringRecord> =
            csv::Reader::from_reader(text.as_bytes()).records().map(|r| r.unwrap()).collect();
        let header = csv::Reader::from_reader(text.as_bytes()).headers().unwrap().clone();
        let col = |n: &str| header.iter().position(|h| h == n).unwrap();
        for change in changes {
            match (change, *name) {
                (Change::Commit, "subjects.csv") => {
                    for r in rows.iter_mut().filter(|r| &r[0] == facts.subject_id(s)) {
                        *r = r
                            .iter()
                            .enumerate()
                            .map(|(i, v)| if i == col("committed_on") { as_of.to_string() } else { v.to_string() })
                            .collect();
                    }
                }
                (Change::Repair(e), "events.csv") => {
                    for r in rows.iter_mut().filter(|r| &r[0] == facts.event_id(*e)) {
                        *r = r
                            .iter()
                            .enumerate()
                            .map(|(i, v)| if i == col("repaired_on") { as_of.to_string() } else { v.to_string() })
                            .collect();
                    }
                }
                (Change::Standardize, "standardization.csv") => {
                    rows.push(csv::StringRecord::from(vec![
                        facts.subject_id(s).to_string(),
                        "3".into(),
                        as_of.to_string(),
                        String::new(),
                    ]));
                }
                (Change::Lift(n), "joint_punishments.csv") => {
                    let line = facts.listings[*n as usize].line as usize;
                    let r = &mut rows[line - 2];
                    *r = r
                        .iter()
                        .enumerate()
                        .map(|(i, v)| if i == col("lifted_on") { as_of.to_string() } else { v.to_string() })
                        .collect();
                }
                _ => {}
            }
        }
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(&header).unwrap();
        for r in &rows {
            w.write_record(r).unwrap();
        }
        out.push((name.to_string(), w.into_inner().unwrap()));
    }
    out
}

#[test]
fn applying_a_why_not_answer_gives_the_promised_grade() {
    let facts = demo();
    let index = FactIndex::build(&facts);
    let as_of = day("2026-06-30");
    let m = model(&facts, "2026-06-30");
    let mut checked = 0;
    for s in (0..facts.subjects.len() as u32).map(SubjectIx) {
        for target in [Grade::A, Grade::B, Grade::C, Grade::D, Grade::Unrated] {
            let answer = whynot::why_not(&facts, &index, &m, s, target);
            let candidates = whynot::candidates(&facts, &m, s);
            for a in answer.answers.iter().take(2) {
                let changes: Vec<Change> = a.steps.iter().map(|st| st.change).collect();
                assert!(changes.iter().all(|c| candidates.contains(c)), "answers are made of candidate actions");
                let edited = load_files(&edited_demo(&facts, s, &changes, as_of));
                let regraded =
                    model(&edited, "2026-06-30").subject(edited.find_subject(facts.subject_id(s)).unwrap()).grade;
                let steps: Vec<String> = a.steps.iter().map(|s| s.change.code(&facts)).collect();
                assert_eq!(regraded, a.grade, "{}: {steps:?} gives the grade it says", facts.subject_id(s));
                assert!(
                    regraded.at_least(target),
                    "{}: {steps:?} reaches {} or better",
                    facts.subject_id(s),
                    target.code()
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 20, "enough answers were checked: {checked}");
}

/// "Why not B" means B or better: a C subject that only lacks standardization reaches A by
/// obtaining it, and the answer names that action and the grade it gives.
#[test]
fn why_not_b_can_overshoot_to_a_and_names_the_action() {
    let files: Vec<(String, Vec<u8>)> = [
        ("subjects.csv", "id,name,category,committed_on\nS1,测试公司,hazardous_chemicals,2020-01-01\n"),
        ("standardization.csv", "subject,level,awarded_on,expires_on\nS1,3,2020-01-01,2023-01-01\n"),
    ]
    .iter()
    .map(|(n, t)| (n.to_string(), t.as_bytes().to_vec()))
    .collect();
    let facts = load_files(&files);
    let index = FactIndex::build(&facts);
    let m = model(&facts, "2026-06-30");
    let s = facts.find_subject("S1").unwrap();
    assert_eq!(m.subject(s).grade, Grade::C, "13.C.4: the standardization expired");
    let answer = whynot::why_not(&facts, &index, &m, s, Grade::B);
    assert_eq!(answer.answers.len(), 1, "{answer:?}");
    assert_eq!(answer.answers[0].grade, Grade::A);
    assert_eq!(answer.answers[0].steps.iter().map(|s| s.change).collect::<Vec<_>>(), [Change::Standardize]);
    let text = safecredit::report::whynot::text(&facts, &answer);
    assert!(text.contains("to be B or better") && text.contains("→ A"), "{text}");
    // Asking for a grade it already beats says so.
    let a = whynot::why_not(&facts, &index, &m, s, Grade::D);
    assert_eq!(a.none_because, Some(whynot::NoAnswer::Already));
    let text = safecredit::report::whynot::text(&facts, &a);
    assert!(text.contains("already has grade C, better than D"), "{text}");
}

#[test]
fn the_timeline_agrees_with_grading_on_each_change_date() {
    let facts = demo();
    let index = FactIndex::build(&facts);
    let as_of = day("2026-06-30");
    let mut checked = 0;
    for s in (0..facts.subjects.len() as u32).map(SubjectIx) {
        let calendar = safecredit::facts::calendar::Calendar::official();
        let t = timeline::timeline(&facts, &index, &calendar, s, as_of, as_of.minus_years(3), as_of.plus_days(365 * 3));
        let start = t.start.date;
        assert_eq!(model(&facts, &start.to_string()).subject(s).grade, t.start.grade);
        for change in &t.changes {
            let m = model(&facts, &change.date.to_string());
            assert_eq!(m.subject(s).grade, change.grade, "{} on {}", facts.subject_id(s), change.date);
            assert_eq!(m.subject(s).tier, change.tier);
            // The day before, it was still different.
            let before = change.date.plus_days(-1);
            let m = model(&facts, &before.to_string());
            assert!(
                (m.subject(s).grade, m.subject(s).tier, m.subject(s).interval)
                    != (change.grade, change.tier, change.interval),
                "{}: the change on {} had already happened the day before",
                facts.subject_id(s),
                change.date
            );
            checked += 1;
        }
    }
    assert!(checked > 30, "{checked}");
}

#[test]
fn a_date_compared_with_itself_has_no_differences() {
    let facts = demo();
    for date in ["2025-01-01", "2026-06-30"] {
        let m = model(&facts, date);
        let d = diff::diff((&facts, &m, "a".into()), (&facts, &m, "b".into()));
        assert!(d.changed.is_empty() && d.transitions.is_empty());
    }
    let t = run(&["diff", "--as-of", "2026-06-30", "--vs", "2026-06-30", "--fail-if-any"]);
    assert!(t.contains(": 0 subject(s) changed"), "{t}");
}

/// The folder's calendar.csv reaches the what-if answers: a subject's timeline
/// says when the replies to its objections are due, counted with the folder's
/// working days, and a holiday the folder adds moves the date.
#[test]
fn a_timeline_counts_reply_deadlines_with_the_folders_calendar() {
    let files = [
        ("subjects.csv", "id,name,category\nS1,甲,coal_mine\n"),
        ("events.csv", "id,subject,date,kind,authority\nE1,S1,2026-05-06,penalty,\n"),
        ("objections.csv", "id,subject,event,filed_on,decision,decided_on\nO1,S1,E1,2026-05-08,accepted,2026-05-11\n"),
    ];
    let official = facts(&files);
    let mut with_holiday = files.to_vec();
    // 2026-05-20, a Wednesday inside the 20 working days, declared a holiday by the folder.
    with_holiday.push(("calendar.csv", "date,kind,name\n2026-05-20,holiday,地方假日\n"));
    let local = facts(&with_holiday);
    let due = |f: &FactSet| {
        let index = FactIndex::build(f);
        let calendar = safecredit::facts::calendar::Calendar::of(f);
        let as_of = day("2026-06-30");
        let t = timeline::timeline(f, &index, &calendar, SubjectIx(0), as_of, as_of.minus_years(1), as_of);
        assert_eq!(t.deadlines.len(), 1);
        t.deadlines[0].due
    };
    // 20 working days after 2026-05-11 (a Monday): 2026-06-08; the holiday pushes it one working day on.
    assert_eq!(due(&official), day("2026-06-08"));
    assert_eq!(due(&local), day("2026-06-09"));
    // And the CLI's timeline, on a folder with that calendar, says so.
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in &with_holiday {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let out = common::output(&["timeline", "S1", "--facts", dir.path().to_str().unwrap(), "--as-of", "2026-06-30"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("O1 against E1: due 2026-06-09; not replied: overdue"), "{text}");
}

/// A timeline's reply deadlines stand as the Art. 11–12 rules say on the as-of
/// date: a reply dated after it has not happened yet.
#[test]
fn a_timeline_reply_after_the_as_of_date_is_not_given_yet() {
    let status = |replied: &str| {
        let objections = format!(
            "id,subject,event,filed_on,decision,decided_on,replied_on\nO1,S1,E1,2026-05-08,accepted,2026-05-11,{replied}\n"
        );
        let f = facts(&[
            ("subjects.csv", "id,name,category\nS1,甲,coal_mine\n"),
            ("events.csv", "id,subject,date,kind,authority\nE1,S1,2026-05-06,penalty,\n"),
            ("objections.csv", &objections),
        ]);
        let (index, calendar, as_of) =
            (FactIndex::build(&f), safecredit::facts::calendar::Calendar::of(&f), day("2026-06-30"));
        let t = timeline::timeline(&f, &index, &calendar, SubjectIx(0), as_of, as_of.minus_years(1), as_of);
        let d = &t.deadlines[0];
        let line =
            safecredit::report::timeline::text(&f, &t).lines().find(|l| l.contains("O1 against")).unwrap().to_string();
        (d.status.code(), d.replied_on.map(|r| r.to_string()), line.trim().to_string())
    };
    // Due 2026-06-08 (20 working days after 2026-05-11).
    let due = "O1 against E1: due 2026-06-08";
    assert_eq!(status("2026-06-05"), ("replied", Some("2026-06-05".into()), format!("{due}; replied 2026-06-05")));
    assert_eq!(status("2026-06-10"), ("late", Some("2026-06-10".into()), format!("{due}; replied late, 2026-06-10")));
    let not_yet = ("overdue", None, format!("{due}; not replied: overdue"));
    assert_eq!(status("2026-07-05"), not_yet, "replied after the as-of date: not yet");
    assert_eq!(status(""), not_yet);
}
