//! The loader on small in-memory folders: every bad row reported and skipped,
//! header and structure problems, duplicate ids as one ordered pass sees them,
//! encodings; and, per file, that cutting it into chunks at every record
//! boundary (on one to three threads) loads exactly like one chunk.

use safecredit::facts::load::{LoadOptions, Loaded, Source, Tuning, closest, load, load_tuned};
use safecredit::facts::*;

fn load_files(files: &[(&str, &str)]) -> Loaded {
    let files: Vec<(String, Vec<u8>)> = files.iter().map(|(n, t)| (n.to_string(), t.as_bytes().to_vec())).collect();
    let today = Day::from_ymd(2026, 1, 1).unwrap();
    load(&Source::Memory { label: "t", files: &files }, &LoadOptions { today, show_personal: false })
}

fn codes(loaded: &Loaded) -> Vec<(&'static str, u32, u32)> {
    loaded.diagnostics.iter().map(|d| (d.code, d.line, d.column)).collect()
}

#[test]
fn columns_in_any_order_and_optional_ones_missing() {
    let loaded = load_files(&[("subjects.csv", "category,id\r\n煤矿,S1\r\n  coal_mine , S2 \r\n")]);
    assert_eq!(codes(&loaded), vec![]);
    assert_eq!(loaded.facts.subjects.len(), 2);
    assert_eq!(loaded.facts.subject_id(SubjectIx(1)), "S2");
    assert_eq!(loaded.facts.subjects[1].category, Category::CoalMine);
}

#[test]
fn every_bad_row_is_reported_and_skipped() {
    let loaded = load_files(&[
        (
            "subjects.csv",
            "id,category,committed_on\nS1,coal_mine,2024-02-30\nS2,mine,\nS1,fireworks,\n,fireworks,\nS3,fireworks,2025-1-2\n",
        ),
        (
            "events.csv",
            "id,subject,date,kind,deaths\nE1,S3,2025-01-01,penalty,1\nE2,S2,2025-01-01,penalty,\nE3,S9,2025-01-01,penalty,\nE4,S1,2025-01-01,penalty,\n",
        ),
    ]);
    assert_eq!(
        codes(&loaded),
        vec![
            ("bad-date", 2, 3),
            ("unknown-value", 3, 2),
            // S1 again: a duplicate even though its first row (line 2) was rejected.
            ("duplicate-id", 4, 1),
            ("missing-field", 5, 1),
            ("accident-fields", 2, 5),
            ("unknown-reference", 3, 2),
            ("unknown-reference", 4, 2),
            ("unknown-reference", 5, 2),
        ]
    );
    // A reference to a rejected row says so; one to a never-defined id does not.
    assert!(
        loaded.diagnostics[5].message.contains("subjects.csv line 3, has an error"),
        "{}",
        loaded.diagnostics[5].message
    );
    assert!(!loaded.diagnostics[6].message.contains("has an error"));
    assert!(loaded.diagnostics[7].message.contains("subjects.csv line 2, has an error"));
    assert_eq!(loaded.facts.subjects.len(), 1, "only S3 loads");
    assert_eq!(loaded.facts.subjects[0].line, 6);
    assert_eq!(loaded.facts.events.len(), 0);
    let skipped: Vec<(String, u32)> = loaded.skipped.iter().map(|r| (r.file.clone(), r.line)).collect();
    assert_eq!(
        skipped,
        [
            ("t[subjects]", 2),
            ("t[subjects]", 3),
            ("t[subjects]", 4),
            ("t[subjects]", 5),
            ("t[events]", 2),
            ("t[events]", 3),
            ("t[events]", 4),
            ("t[events]", 5)
        ]
        .map(|(f, l)| (f.to_string(), l))
    );
}

/// The ids of a file's loaded rows, in row order (a row's index is its id's symbol).
fn ids(names: &Names) -> Vec<&str> {
    (0..names.len() as u32).map(|i| names.resolve(Sym(i))).collect()
}

fn event_ids_load(events: &str) -> Loaded {
    let events = format!("id,subject,person,date,kind,accident_level,deaths,liable,typical\n{events}");
    load_files(&[
        ("subjects.csv", "id,category\nS1,coal_mine\n"),
        ("events.csv", &events),
        ("objections.csv", "id,event,subject,filed_on\nO1,E2,S1,2025-03-01\n"),
    ])
}

fn messages(loaded: &Loaded) -> Vec<(&'static str, u32, u32, &str)> {
    loaded.diagnostics.iter().map(|d| (d.code, d.line, d.column, d.message.as_str())).collect()
}

/// Event ids are pushed unchecked and checked at the end of the file; when
/// one repeats, the file is read again one id at a time. Either way the
/// diagnostics, skipped rows and events are those of a single ordered pass.
#[test]
fn repeated_event_ids_come_out_as_in_one_ordered_pass() {
    // Clean: the fast path; the objection finds its event.
    let clean = event_ids_load("E1,S1,,2024-01-02,penalty,,,,\nE2,S1,,2024-02-03,penalty,,,,\n");
    assert_eq!(messages(&clean), vec![]);
    assert_eq!((clean.facts.events.len(), clean.facts.objections.len()), (2, 1));
    assert_eq!(ids(&clean.facts.event_ids), ["E1", "E2"]);

    // Two stored rows with one id: the second is the duplicate.
    let twice =
        event_ids_load("E1,S1,,2024-01-02,penalty,,,,\nE2,S1,,2024-02-03,penalty,,,,\nE1,S1,,2024-03-04,penalty,,,,\n");
    assert_eq!(codes(&twice), vec![("duplicate-id", 4, 1)]);
    assert!(messages(&twice)[0].3.contains("first on line 2"));
    assert_eq!(twice.skipped.iter().map(|s| s.line).collect::<Vec<_>>(), vec![4]);
    assert_eq!(twice.facts.events.iter().map(|e| e.line).collect::<Vec<_>>(), vec![2, 3]);
    assert_eq!(ids(&twice.facts.event_ids), ["E1", "E2"]);
    let summary = twice.facts.files.iter().find(|f| f.file == "t[events]").unwrap();
    assert_eq!((summary.rows, summary.loaded), (3, 2));

    // Stored, then rejected, then valid again: both later rows name line 2.
    let between = event_ids_load(
        "E1,S1,,2024-01-02,penalty,,,,\nE1,S1,,2024-13-01,penalty,,,,\nE1,S1,,2024-03-04,penalty,,,,\nE2,S1,,2024-02-03,penalty,,,,\n",
    );
    let found: Vec<_> = messages(&between).into_iter().filter(|m| m.0 == "duplicate-id").collect();
    assert_eq!(
        found.iter().map(|m| (m.1, m.3.contains("first on line 2"))).collect::<Vec<_>>(),
        vec![(3, true), (4, true)]
    );
    assert_eq!(
        between.diagnostics.iter().filter(|d| d.line == 3).map(|d| d.code).collect::<Vec<_>>(),
        vec!["bad-date", "duplicate-id"]
    );
    assert_eq!(between.skipped.iter().map(|s| s.line).collect::<Vec<_>>(), vec![3, 4]);
    assert_eq!(ids(&between.facts.event_ids), ["E1", "E2"]);

    // Rejected first: the valid row after it is the duplicate; no re-read is needed.
    let rejected_first =
        event_ids_load("E1,S1,,2024-13-01,penalty,,,,\nE1,S1,,2024-03-04,penalty,,,,\nE2,S1,,2024-02-03,penalty,,,,\n");
    assert_eq!(codes(&rejected_first), vec![("bad-date", 2, 4), ("duplicate-id", 3, 1)]);
    assert!(messages(&rejected_first)[1].3.contains("first on line 2"));
    assert_eq!(rejected_first.facts.events.len(), 1);
    assert_eq!(ids(&rejected_first.facts.event_ids), ["E2"]);
}

/// Inspection rows are parsed on the reading thread and stored on the loader's,
/// standardization rows on the loader's alone: either way each bad row is reported
/// in column order and skipped, and rows with only warnings are kept.
#[test]
fn bad_standardization_and_inspection_rows_are_reported_and_skipped() {
    let loaded = load_files(&[
        ("subjects.csv", "id,category\nS1,coal_mine\n"),
        (
            "standardization.csv",
            "subject,level,awarded_on,expires_on\nS1,1,2024-01-01,2027-01-01\nS9,2,2024-01-01,\n\
             S1,gold,2024-13-01,\nS1,2,2024-05-01,2024-01-01\nS1,3,2027-05-01,\n",
        ),
        (
            "inspections.csv",
            "id,subject,date,inspector\nI1,S1,2024-02-01,王\nI2,S9,2024-03-01,\nI1,S1,2024-04-01,\n\
             I3,S1,2024-02-30,\nI3,S1,2024-05-01,李\n,S1,2024-06-01,\n",
        ),
    ]);
    let at = |file: &str| -> Vec<(&str, u32, u32)> {
        loaded.diagnostics.iter().filter(|d| d.file.contains(file)).map(|d| (d.code, d.line, d.column)).collect()
    };
    assert_eq!(
        at("standardization"),
        vec![
            ("unknown-reference", 3, 1),
            ("unknown-value", 4, 2),
            ("bad-date", 4, 3),
            ("date-order", 5, 4),
            ("future-date", 6, 3),
        ]
    );
    let kept: Vec<_> = loaded.facts.standardization.iter().map(|s| (s.line, s.level)).collect();
    assert_eq!(kept, vec![(2, Level::One), (5, Level::Two), (6, Level::Three)]);

    // Line 4 repeats I1; line 5 has a bad date, and line 6 reuses its id: the rejected
    // row did not claim it. Line 7 has no id.
    assert_eq!(
        at("inspections"),
        vec![("unknown-reference", 3, 2), ("duplicate-id", 4, 1), ("bad-date", 5, 3), ("missing-field", 7, 1),]
    );
    let kept: Vec<_> = loaded.facts.inspections.iter().map(|i| (i.line, loaded.facts.str(i.inspector))).collect();
    assert_eq!(kept, vec![(2, "王"), (6, "李")]);
    assert_eq!(ids(&loaded.facts.inspection_ids), ["I1", "I3"]);
    let skipped: Vec<_> = loaded.skipped.iter().map(|s| (s.file.as_str(), s.line)).collect();
    assert_eq!(
        skipped,
        vec![
            ("t[standardization]", 3),
            ("t[standardization]", 4),
            ("t[inspections]", 3),
            ("t[inspections]", 4),
            ("t[inspections]", 5),
            ("t[inspections]", 7),
        ]
    );
}

#[test]
fn duplicate_ids_name_the_first_line() {
    let loaded = load_files(&[("subjects.csv", "id,category\nS1,coal_mine\nS1,fireworks\n")]);
    assert_eq!(codes(&loaded), vec![("duplicate-id", 3, 1)]);
    assert!(loaded.diagnostics[0].message.contains("first on line 2"));
}

#[test]
fn header_problems_are_on_line_one() {
    let loaded = load_files(&[
        ("subjects.csv", "id,nmae,category\nS1,x,coal_mine\n"),
        ("events.csv", "id,subject,date\nE1,S1,2025-01-01\n"),
    ]);
    assert_eq!(codes(&loaded), vec![("unknown-column", 1, 2), ("missing-column", 1, 0)]);
    assert!(loaded.diagnostics[0].message.contains("did you mean `name`"));
    assert_eq!(loaded.skipped.len(), 1);
}

#[test]
fn structure_errors() {
    let loaded = load_files(&[("subjects.csv", "id,category\nS1,coal_mine,extra\nS2\n\"S3,coal_mine\n")]);
    assert_eq!(codes(&loaded), vec![("csv-structure", 4, 0)]);
    let loaded = load_files(&[("subjects.csv", "id,category\nS1,coal_mine,extra\nS2\n,\n")]);
    assert_eq!(codes(&loaded), vec![("csv-structure", 2, 0), ("csv-structure", 3, 0), ("blank-rows", 0, 0)]);
}

#[test]
fn accident_rules() {
    let loaded = load_files(&[
        ("subjects.csv", "id,category\nS1,coal_mine\n"),
        (
            "events.csv",
            "id,subject,date,kind,accident_level,deaths,liable,typical\n\
             E1,S1,2025-01-01,accident,general,,no,\n\
             E2,S1,2025-01-01,accident,larger,-1,yes,\n\
             E3,S1,2025-01-01,accident,,two,,\n\
             E4,S1,2025-01-01,accident,较大,3,是,是\n",
        ),
    ]);
    assert_eq!(
        codes(&loaded),
        vec![("bad-number", 3, 6), ("missing-field", 4, 5), ("bad-number", 4, 6), ("missing-field", 4, 7)]
    );
    let e = &loaded.facts.events;
    assert_eq!(e.len(), 2);
    assert_eq!(
        e[0].accident(),
        Some(Accident { level: AccidentLevel::General, deaths: 0, liable: false, typical: false })
    );
    assert_eq!(
        e[1].accident(),
        Some(Accident { level: AccidentLevel::Larger, deaths: 3, liable: true, typical: true })
    );
}

#[test]
fn warnings_keep_the_row() {
    let loaded = load_files(&[
        ("subjects.csv", "id,category,uscc,committed_on\nS1,fireworks,914403001922038217,2026-05-01\n"),
        ("people.csv", "subject,person,role,id_number\nS1,P1,principal,110105194912310021\n"),
        ("events.csv", "id,subject,date,kind\nE1,S1,2025-01-01,illegal_mining\n"),
        ("objections.csv", "id,subject,event,filed_on,outcome\nO1,S1,E1,2025-02-01,upheld\n"),
    ]);
    assert_eq!(
        codes(&loaded),
        vec![
            ("bad-uscc", 2, 3),
            ("future-date", 2, 4),
            ("bad-id-number", 2, 4),
            ("kind-category", 2, 4),
            ("outcome-without-reply", 2, 5)
        ]
    );
    assert!(loaded.diagnostics[2].message.contains("110105********0021"), "masked: {}", loaded.diagnostics[2].message);
    assert_eq!(loaded.skipped.len(), 0);
    assert_eq!(loaded.facts.objections.len(), 1);
}

#[test]
fn gbk_file_loads_like_its_utf8_twin() {
    let utf8 = "id,name,category\nS1,包头市昆区宏达煤业有限公司,煤矿\n";
    let (gbk, _, _) = encoding_rs::GB18030.encode(utf8);
    let files = vec![("subjects.csv".to_string(), gbk.into_owned())];
    let today = Day::from_ymd(2026, 1, 1).unwrap();
    let loaded = load(&Source::Memory { label: "t", files: &files }, &LoadOptions { today, show_personal: false });
    assert_eq!(codes(&loaded), vec![("encoding", 0, 0)]);
    let twin = load_files(&[("subjects.csv", utf8)]);
    assert_eq!(loaded.facts.str(loaded.facts.subjects[0].name), twin.facts.str(twin.facts.subjects[0].name));
    assert_eq!(loaded.facts.subjects[0].category, Category::CoalMine);
}

#[test]
fn did_you_mean() {
    assert_eq!(closest("catgory", &["id", "category"]), Some("category"));
    assert_eq!(closest("zzz", &["id", "category"]), None);
}

/// Loading a file cut into chunks at every record boundary, or at a few, on one
/// thread or two, gives exactly what one chunk on one thread gives: the rows,
/// their text, the diagnostics and the skipped rows. One test per file, each with
/// quoted line breaks, CRLF, blank rows, bad rows and repeated ids.
mod chunking {
    use super::*;

    fn load_with(files: &[(String, Vec<u8>)], tuning: Tuning) -> Loaded {
        let today = Day::from_ymd(2026, 1, 1).unwrap();
        load_tuned(
            &Source::Memory { label: "t", files },
            &LoadOptions { today, show_personal: false },
            tuning,
            &mut |_, _, _| {},
        )
    }

    /// Everything loaded, with text resolved (symbols may differ between cuts).
    fn dump(loaded: &Loaded) -> String {
        let f = &loaded.facts;
        let t = |s: Sym| f.str(s).to_string();
        let mut out = String::new();
        let mut line = |s: String| {
            out.push_str(&s);
            out.push('\n');
        };
        for (i, s) in f.subjects.iter().enumerate() {
            let id = f.subject_id(SubjectIx(i as u32));
            line(format!(
                "subject {id} {} {:?} {} {} {:?} {}",
                t(s.name),
                s.category,
                t(s.uscc),
                t(s.address),
                s.committed_on,
                s.line
            ));
        }
        for (i, p) in f.persons.iter().enumerate() {
            line(format!(
                "person {} {} {} {} {}",
                f.person_id(PersonIx(i as u32)),
                t(p.name),
                t(p.id_number),
                t(p.phone),
                p.line
            ));
        }
        for r in &f.roles {
            line(format!("role {:?} {:?} {:?} {}", r.subject, r.person, r.role, r.line));
        }
        for s in &f.standardization {
            line(format!("standardization {s:?}"));
        }
        for (i, e) in f.events.iter().enumerate() {
            let id = f.event_id(EventIx(i as u32));
            let (subject, date, kind, accident) = (e.subject, e.date, e.kind, e.accident());
            let (person, repaired) = (e.person(), e.repaired_on());
            let authority = t(e.authority());
            line(format!(
                "event {id} {subject:?} {person:?} {date:?} {kind:?} {accident:?} {repaired:?} {authority} {}",
                e.line
            ));
        }
        for l in &f.listings {
            line(format!("listing {:?} {} {:?} {:?} {}", l.subject, t(l.sector), l.listed_on, l.lifted_on, l.line));
        }
        for (i, x) in f.inspections.iter().enumerate() {
            line(format!(
                "inspection {} {:?} {:?} {} {}",
                f.inspection_id(i),
                x.subject,
                x.date,
                t(x.inspector),
                x.line
            ));
        }
        for (i, o) in f.objections.iter().enumerate() {
            line(format!("objection {} {o:?} {} {}", f.objection_id(i), t(o.collector), t(o.investigator)));
        }
        for c in &f.calendar {
            line(format!("calendar {:?} {:?} {} {}", c.date, c.kind, t(c.name), c.line));
        }
        for s in &f.files {
            line(format!("file {s:?}"));
        }
        for d in &loaded.diagnostics {
            line(format!("{d:?}"));
        }
        for s in &loaded.skipped {
            line(format!("skipped {s:?}"));
        }
        out
    }

    const SUBJECTS: &str = "id,name,category,uscc,address,committed_on\r\n\
        S1,\"包头市,昆区\r\n煤业\",coal_mine,,\"地址 \"\"一号\"\"\",2024-01-02\r\n\
        S2,乙,fireworks,914403001922038217,,\r\n\
        \r\n\
        S3,丙,mine,,,\r\n\
        S1,重复,fireworks,,,\r\n\
        ,无编号,fireworks,,,\r\n\
        S4,丁,safety_service,,,2024-02-30\r\n\
        S5,戊,non_coal_mine,,,2025-12-31\r\n\
        S6,\"己\n\n庚\",metallurgy_trade,,,\r\n\
        S7,管径12\"的,fireworks,,,\r\n\
        S8,\"甲\n乙\",fireworks,,,\r\n\
        S9,管径5\"的,fireworks,,,\r\n";

    /// Checks one file (given with the subjects it refers to) under many cuts.
    fn check(files: &[(&str, &str)]) {
        let files: Vec<(String, Vec<u8>)> = files.iter().map(|(n, t)| (n.to_string(), t.as_bytes().to_vec())).collect();
        let one = Tuning { threads: 1, chunk_bytes: u64::MAX, block_bytes: 1 << 20 };
        let expected = dump(&load_with(&files, one));
        assert!(expected.contains("skipped"), "the test data has bad rows:\n{expected}");
        for (threads, chunk_bytes, block_bytes) in
            [(2, 1, 1), (1, 1, 1), (2, 1, 7), (2, 40, 3), (2, 100, 64), (3, 1, 2)]
        {
            let cut = dump(&load_with(&files, Tuning { threads, chunk_bytes, block_bytes }));
            assert_eq!(cut, expected, "{threads} threads, chunks of {chunk_bytes}, blocks of {block_bytes}");
        }
    }

    #[test]
    fn subjects() {
        check(&[("subjects.csv", SUBJECTS)]);
    }

    #[test]
    fn people() {
        check(&[
            ("subjects.csv", SUBJECTS),
            (
                "people.csv",
                "subject,person,name,role,id_number,phone\nS1,P1,王一,legal_rep,110105194912310021,13800000000\n\
                 S2,P1,王壹,principal,,\nS9,P2,李,principal,,\nS2,P2,\"李\n二\",safety_lead,,\nS1,P2,李三,partner,,\n\
                 S2,P3,,boss,,\n,P4,赵,principal,,\nS5,P1,王一,safety_lead,,\n",
            ),
        ]);
    }

    #[test]
    fn standardization() {
        check(&[
            ("subjects.csv", SUBJECTS),
            (
                "standardization.csv",
                "subject,level,awarded_on,expires_on\nS1,1,2024-01-01,2027-01-01\nS9,2,2024-01-01,\n\
                 S2,gold,2024-13-01,\n\nS2,2,2024-05-01,2024-01-01\nS5,三级,2027-05-01,\n",
            ),
        ]);
    }

    #[test]
    fn events() {
        check(&[
            ("subjects.csv", SUBJECTS),
            ("people.csv", "subject,person,role\nS1,P1,principal\n"),
            (
                "events.csv",
                "id,subject,person,date,kind,accident_level,deaths,liable,typical,authority,repaired_on,note\r\n\
                 E1,S1,P1,2025-01-01,dishonesty,,,,,,2025-06-01,\"未如实,记录\"\r\n\
                 E2,S2,,2025-01-01,penalty,,,,,\"市场,监管\",,\r\n\
                 E1,S1,,2025-01-02,penalty,,,,,,,重复\r\n\
                 E3,S3,,2025-01-01,penalty,,,,,,,被拒主体\r\n\
                 E4,S1,P9,2025-01-01,accident,general,two,maybe,,,,\"多\r\n行\"\r\n\
                 E4,S1,,2025-01-01,accident,larger,1,yes,是,,,\r\n\
                 E5,S2,,2025-01-01,illegal_mining,,1,,,emergency,,\r\n\
                 E6,S1,,2025-01-01,penalty,,,,,,,\r\n\
                 ,,,,,,,,,,,\r\n",
            ),
        ]);
    }

    #[test]
    fn joint_punishments() {
        check(&[
            ("subjects.csv", SUBJECTS),
            (
                "joint_punishments.csv",
                "subject,sector,listed_on,lifted_on\nS1,\"税务,海关\",2024-09-01,2024-01-01\nS3,税务,2024-09-01,\n\
                 S2,税务,,\nS2,生态环境,2025-09-01,\n",
            ),
        ]);
    }

    #[test]
    fn inspections() {
        check(&[
            ("subjects.csv", SUBJECTS),
            (
                "inspections.csv",
                "id,subject,date,inspector\nI1,S1,2024-02-01,\"王、李\"\nI2,S9,2024-03-01,\nI1,S1,2024-04-01,\n\
                 I3,S1,2024-02-30,\nI3,S1,2024-05-01,李\n,S1,2024-06-01,\nI4,S2,2027-01-01,\"赵\n钱\"\n",
            ),
        ]);
    }

    #[test]
    fn objections() {
        check(&[
            ("subjects.csv", SUBJECTS),
            (
                "events.csv",
                "id,subject,date,kind\nE1,S1,2025-01-01,penalty\nE2,S2,2025-01-01,penalty\nE3,S2,2025-13-01,penalty\n",
            ),
            (
                "objections.csv",
                "id,subject,event,filed_on,decision,decided_on,collector,investigator,replied_on,outcome\n\
                 O1,S1,E1,2025-02-01,accepted,2025-02-03,王,李,2025-03-01,upheld\nO1,S1,E1,2025-02-01,,,,,,\n\
                 O2,S1,E2,2025-02-01,rejected,2025-02-03,,,2025-03-01,\nO3,S2,E3,2025-02-01,accepted,,,,,\n\
                 O4,S2,E2,2025-02-01,,2025-01-01,\"王\n李\",,,dismissed\nO3,S2,E2,2025-02-01,,,,,,\n",
            ),
        ]);
    }

    #[test]
    fn calendar() {
        check(&[
            ("subjects.csv", SUBJECTS),
            (
                "calendar.csv",
                "date,kind,name\n2027-01-01,holiday,元旦\n2027/1/1,workday,重复\n2027-02-30,holiday,\n\
                 2027-02-06,补班,\"春节,调休\"\n2027-02-07,sometimes,\n2027-02-07,holiday,\n",
            ),
        ]);
    }
}

/// Each pair of dates that must come in order warns, names both dates, and
/// keeps the row (`Row::date_order`).
#[test]
fn dates_out_of_order_warn_and_keep_the_row() {
    let loaded = load_files(&[
        ("subjects.csv", "id,category\nS1,coal_mine\n"),
        ("standardization.csv", "subject,level,awarded_on,expires_on\nS1,2,2024-05-01,2024-01-01\n"),
        ("licences.csv", "subject,kind,number,valid_from,valid_to\nS1,safety_permit,X,2024-03-01,2024-02-28\n"),
        ("events.csv", "id,subject,date,kind\nE1,S1,2024-01-02,penalty\n"),
        ("joint_punishments.csv", "subject,sector,listed_on,lifted_on\nS1,税务,2024-09-01,2024-08-31\n"),
        (
            "objections.csv",
            "id,subject,event,filed_on,decision,decided_on,replied_on\nO1,S1,E1,2024-02-01,accepted,2024-01-31,2024-01-30\n",
        ),
    ]);
    let order: Vec<_> = messages(&loaded).into_iter().filter(|m| m.0 == "date-order").map(|m| m.3).collect();
    assert_eq!(
        order,
        [
            "expires_on 2024-01-01 is before awarded_on 2024-05-01",
            "valid_to 2024-02-28 is before valid_from 2024-03-01",
            "lifted_on 2024-08-31 is before listed_on 2024-09-01",
            "decided_on 2024-01-31 is before filed_on 2024-02-01",
            "replied_on 2024-01-30 is before decided_on 2024-01-31",
        ]
    );
    let f = &loaded.facts;
    assert_eq!((f.standardization.len(), f.licences.len(), f.listings.len(), f.objections.len()), (1, 1, 1, 1));
}

/// A file whose lines end in CR alone (classic Mac Excel) loads like its LF
/// twin, with the line numbers an editor shows, from memory and from disk.
#[test]
fn lines_ending_in_cr_alone() {
    let lf = "id,name,category\nS1,甲公司,coal_mine\nS2,乙公司,spaceport\nS3,\"丙\n公司\",fireworks\n";
    let cr = lf.replace('\n', "\r");
    let twin = load_files(&[("subjects.csv", lf)]);
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("subjects.csv"), &cr).unwrap();
    let today = Day::from_ymd(2026, 1, 1).unwrap();
    let from_disk = load_dir(dir.path(), &LoadOptions { today, show_personal: false }).unwrap();
    for loaded in [load_files(&[("subjects.csv", &cr)]), from_disk] {
        let mut expected = codes(&twin);
        expected.insert(0, ("line-breaks", 0, 0));
        assert_eq!(codes(&loaded), expected);
        assert_eq!(loaded.diagnostics[1].line, 3, "the bad category is on line 3");
        let subjects = |l: &Loaded| -> Vec<String> {
            (0..l.facts.subjects.len() as u32).map(|s| l.facts.subject_id(SubjectIx(s)).to_string()).collect()
        };
        assert_eq!(subjects(&loaded), subjects(&twin));
        assert_eq!(loaded.facts.str(loaded.facts.subjects[1].name), "丙\n公司", "a quoted break is a line break");
    }
}
