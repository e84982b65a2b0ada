//! One test per clause of Art. 13–15 and 12, each on a small fact set of its
//! own: the grade, whether the clause holds, and a reviewed snapshot of
//! `explain`. Window boundaries, repair, upheld objections, person links and
//! future-dated records are tested beside the clause they qualify.

mod common;
use common::*;
use safecredit::rules::Clause;

const AS_OF: &str = "2026-06-30";

/// Asserts the grade and the clause's truth value, then snapshots `explain`.
fn check(name: &str, files: &[(&str, &str)], grade_want: &str, clause: &str, holds: bool) {
    let facts = facts(files);
    assert_eq!(grade(&facts, AS_OF, "S1"), grade_want, "grade");
    assert_eq!(
        holding(&facts, AS_OF, "S1").contains(&clause),
        holds,
        "{clause} should {}hold",
        if holds { "" } else { "not " }
    );
    insta::assert_snapshot!(name, explain_text(&facts, AS_OF, "S1"));
}

fn events(rows: &str) -> String {
    format!("id,subject,person,date,kind,accident_level,deaths,liable,typical,authority,repaired_on\n{rows}")
}

#[test]
fn clause_13_a_1_commitment() {
    // Clean record, never committed: A.1 and B.1 fail, no C or D condition → unrated.
    check(
        "13.A.1",
        &[
            ("subjects.csv", "id,name,category,committed_on\nS1,测试公司,hazardous_chemicals,\n"),
            ("standardization.csv", STANDARDIZED),
        ],
        "unrated",
        "13.A.1",
        false,
    );
    let clean = facts(&[("subjects.csv", CLEAN), ("standardization.csv", STANDARDIZED)]);
    assert_eq!(grade(&clean, AS_OF, "S1"), "A");
    assert_eq!(
        holding(&clean, AS_OF, "S1"),
        ["13.A.1", "13.A.2", "13.A.3", "13.A.4", "13.A.5", "13.A.6", "13.B.1", "13.B.2", "13.B.3", "13.B.4", "13.B.5"]
    );
}

#[test]
fn clause_13_a_1_commitment_dated_after_as_of_does_not_exist_yet() {
    let f = facts(&[
        ("subjects.csv", "id,name,category,committed_on\nS1,测试公司,hazardous_chemicals,2026-07-01\n"),
        ("standardization.csv", STANDARDIZED),
    ]);
    assert_eq!(grade(&f, AS_OF, "S1"), "unrated");
    assert_eq!(grade(&f, "2026-07-01", "S1"), "A", "committed on the as-of date itself counts");
}

#[test]
fn clause_13_a_2_dishonesty_3_years() {
    check(
        "13.A.2",
        &[
            ("subjects.csv", CLEAN),
            ("standardization.csv", STANDARDIZED),
            ("events.csv", &events("E1,S1,,2024-05-10,dishonesty,,,,,,\n")),
        ],
        "B",
        "13.A.2",
        false,
    );
}

#[test]
fn clause_13_a_2_window_is_inclusive_and_calendar_based() {
    let at = |date: &str, as_of: &str| {
        let f = facts(&[
            ("subjects.csv", CLEAN),
            ("standardization.csv", STANDARDIZED),
            ("events.csv", &events(&format!("E1,S1,,{date},dishonesty,,,,,,\n"))),
        ]);
        grade(&f, as_of, "S1")
    };
    assert_eq!(at("2023-06-30", "2026-06-30"), "B", "exactly 3 years: inside");
    assert_eq!(at("2023-06-29", "2026-06-30"), "A", "one day outside");
    // Leap day: 2024-02-29 − 3 years = 2021-02-28.
    assert_eq!(at("2021-02-28", "2024-02-29"), "B");
    assert_eq!(at("2021-02-27", "2024-02-29"), "A");
}

#[test]
fn clause_13_a_2_person_links_count_only_for_principal_and_safety_lead() {
    let people = "subject,person,name,role\nS1,P1,张三,principal\nS1,P2,李四,safety_lead\nS1,P3,王五,legal_rep\nS1,P4,赵六,partner\nS2,P1,张三,legal_rep\nS2,P2,李四,legal_rep\nS2,P3,王五,legal_rep\nS2,P4,赵六,legal_rep\n";
    let subjects =
        "id,name,category,committed_on\nS1,测试公司,hazardous_chemicals,2020-01-01\nS2,别的公司,fireworks,2020-01-01\n";
    let std = "subject,level,awarded_on\nS1,3,2020-01-01\nS2,3,2020-01-01\n";
    for (person, counts) in [("P1", true), ("P2", true), ("P3", false), ("P4", false)] {
        // The event happened at S2, where the person is only the legal representative.
        let e = events(&format!("E1,S2,{person},2025-12-01,dishonesty,,,,,,\n"));
        let f = facts(&[
            ("subjects.csv", subjects),
            ("people.csv", people),
            ("standardization.csv", std),
            ("events.csv", &e),
        ]);
        assert_eq!(grade(&f, AS_OF, "S1"), if counts { "C" } else { "A" }, "{person}");
        assert_eq!(grade(&f, AS_OF, "S2"), "C", "the subject where it happened");
        if person == "P1" {
            insta::assert_snapshot!("13.A.2-person-link", explain_text(&f, AS_OF, "S1"));
        }
    }
}

#[test]
fn clause_13_a_3_penalty_3_years() {
    check(
        "13.A.3",
        &[
            ("subjects.csv", CLEAN),
            ("standardization.csv", STANDARDIZED),
            ("events.csv", &events("E1,S1,,2024-01-15,penalty,,,,,,\n")),
        ],
        "B",
        "13.A.3",
        false,
    );
}

/// 13.A.3 (and B.3, C.2): 应急管理部门 is every emergency-management department at any level,
/// recognised by the name written in `authority`; authorities.csv settles particular names.
#[test]
fn clause_13_a_3_only_emergency_management_penalties_count() {
    for (authority, counts) in [
        ("", true),
        ("emergency", true),
        ("Emergency", true),
        ("应急管理部门", true),
        ("内蒙古自治区应急管理厅", true),
        ("包头市应急管理局", true),
        ("昆都仑区应急管理局", true),
        ("昆区应急局", true),
        ("自治区应急厅", true),
        ("市场监督管理局", false),
        ("应急物资储备公司", false),
    ] {
        let f = facts(&[
            ("subjects.csv", CLEAN),
            ("standardization.csv", STANDARDIZED),
            ("events.csv", &events(&format!("E1,S1,,2025-12-01,penalty,,,,,{authority},\n"))),
        ]);
        assert_eq!(grade(&f, AS_OF, "S1"), if counts { "C" } else { "A" }, "authority {authority:?}");
    }
    // authorities.csv decides for the names it lists, either way.
    for (authority, listed, grade_is) in
        [("包头市应急管理局", "no", "A"), ("矿山安全监察局", "yes", "C"), ("矿山安全监察局", "否", "A")]
    {
        let f = facts(&[
            ("authorities.csv", &format!("name,emergency\n{authority},{listed}\n")),
            ("subjects.csv", CLEAN),
            ("standardization.csv", STANDARDIZED),
            ("events.csv", &events(&format!("E1,S1,,2025-12-01,penalty,,,,,{authority},\n"))),
        ]);
        assert_eq!(grade(&f, AS_OF, "S1"), grade_is, "{authority} listed {listed}");
    }
}

#[test]
fn clause_13_a_4_fatal_liability_accident_3_years() {
    check(
        "13.A.4",
        &[
            ("subjects.csv", CLEAN),
            ("standardization.csv", STANDARDIZED),
            ("events.csv", &events("E1,S1,,2024-03-03,accident,general,1,yes,,,\n")),
        ],
        "B",
        "13.A.4",
        false,
    );
}

#[test]
fn clause_13_a_4_needs_liability_and_a_death() {
    for (row, want) in [
        ("E1,S1,,2025-12-01,accident,general,2,no,,,", "A"), // not liable: never counts
        ("E1,S1,,2025-12-01,accident,general,0,yes,,,", "A"), // no death
        ("E1,S1,,2025-12-01,accident,general,1,yes,,,", "C"),
        ("E1,S1,,2024-12-01,accident,general,1,yes,,,", "B"),
    ] {
        let f = facts(&[
            ("subjects.csv", CLEAN),
            ("standardization.csv", STANDARDIZED),
            ("events.csv", &events(&format!("{row}\n"))),
        ]);
        assert_eq!(grade(&f, AS_OF, "S1"), want, "{row}");
    }
}

#[test]
fn clause_13_a_5_standardization() {
    check("13.A.5", &[("subjects.csv", CLEAN), ("standardization.csv", STANDARDIZED)], "A", "13.A.5", true);
}

#[test]
fn clause_13_a_5_validity_on_the_as_of_date() {
    let at = |row: &str| {
        let f = facts(&[
            ("subjects.csv", CLEAN),
            ("standardization.csv", &format!("subject,level,awarded_on,expires_on\n{row}\n")),
        ]);
        grade(&f, AS_OF, "S1")
    };
    assert_eq!(at("S1,3,2020-01-01,2026-06-30"), "A", "expires on the as-of date: still valid");
    assert_eq!(at("S1,3,2020-01-01,2026-06-29"), "C", "expired the day before");
    assert_eq!(at("S1,1,2026-06-30,"), "A", "awarded on the as-of date");
    assert_eq!(at("S1,2,2026-07-01,"), "C", "awarded after the as-of date: does not exist yet");
}

#[test]
fn clause_13_a_6_listing() {
    check(
        "13.A.6",
        &[
            ("subjects.csv", CLEAN),
            ("standardization.csv", STANDARDIZED),
            ("joint_punishments.csv", "subject,sector,listed_on,lifted_on\nS1,税务,2025-01-01,\n"),
        ],
        "C",
        "13.A.6",
        false,
    );
}

#[test]
fn clause_13_a_6_listing_active_window() {
    let at = |row: &str| {
        let f = facts(&[
            ("subjects.csv", CLEAN),
            ("standardization.csv", STANDARDIZED),
            ("joint_punishments.csv", &format!("subject,sector,listed_on,lifted_on\n{row}\n")),
        ]);
        grade(&f, AS_OF, "S1")
    };
    assert_eq!(at("S1,税务,2026-06-30,"), "C", "listed on the as-of date");
    assert_eq!(at("S1,税务,2026-07-01,"), "A", "listed later: does not exist yet");
    assert_eq!(at("S1,税务,2025-01-01,2026-06-30"), "A", "lifted on the as-of date: inactive");
    assert_eq!(at("S1,税务,2025-01-01,2026-07-01"), "C", "lifted after the as-of date: still active");
}

#[test]
fn clause_13_b_1_commitment() {
    // Dishonesty 2 years ago rules out A; without a commitment B fails too: unrated.
    check(
        "13.B.1",
        &[
            ("subjects.csv", "id,name,category,committed_on\nS1,测试公司,hazardous_chemicals,\n"),
            ("standardization.csv", STANDARDIZED),
            ("events.csv", &events("E1,S1,,2024-05-10,dishonesty,,,,,,\n")),
        ],
        "unrated",
        "13.B.1",
        false,
    );
}

#[test]
fn clause_13_b_2_dishonesty_1_year() {
    check(
        "13.B.2",
        &[
            ("subjects.csv", CLEAN),
            ("standardization.csv", STANDARDIZED),
            ("events.csv", &events("E1,S1,,2025-06-30,dishonesty,,,,,,\n")),
        ],
        "C",
        "13.B.2",
        false,
    );
}

#[test]
fn clause_13_b_2_window_boundaries() {
    let at = |date: &str, as_of: &str| {
        let f = facts(&[
            ("subjects.csv", CLEAN),
            ("standardization.csv", STANDARDIZED),
            ("events.csv", &events(&format!("E1,S1,,{date},dishonesty,,,,,,\n"))),
        ]);
        grade(&f, as_of, "S1")
    };
    assert_eq!(at("2025-06-30", "2026-06-30"), "C", "exactly 1 year: inside");
    assert_eq!(at("2025-06-29", "2026-06-30"), "B", "one day outside");
    assert_eq!(at("2026-06-30", "2026-06-30"), "C", "on the as-of date");
    assert_eq!(at("2026-07-01", "2026-06-30"), "A", "after the as-of date: does not exist yet");
    // Leap day as of: 2024-02-29 − 1 year = 2023-02-28.
    assert_eq!(at("2023-02-28", "2024-02-29"), "C");
    assert_eq!(at("2023-02-27", "2024-02-29"), "B");
    // A leap-day record, one year on: as of 2025-02-28 the window starts 2024-02-28.
    assert_eq!(at("2024-02-29", "2025-02-28"), "C");
    assert_eq!(at("2024-02-29", "2025-03-01"), "B");
}

#[test]
fn clause_13_b_3_penalty_1_year() {
    check(
        "13.B.3",
        &[
            ("subjects.csv", CLEAN),
            ("standardization.csv", STANDARDIZED),
            ("events.csv", &events("E1,S1,,2025-09-01,penalty,,,,,,\n")),
        ],
        "C",
        "13.B.3",
        false,
    );
}

#[test]
fn clause_13_b_4_fatal_accident_1_year() {
    check(
        "13.B.4",
        &[
            ("subjects.csv", CLEAN),
            ("standardization.csv", STANDARDIZED),
            ("events.csv", &events("E1,S1,,2025-09-01,accident,general,1,yes,,,\n")),
        ],
        "C",
        "13.B.4",
        false,
    );
}

#[test]
fn clause_13_b_5_listing() {
    let f = facts(&[
        ("subjects.csv", CLEAN),
        ("standardization.csv", STANDARDIZED),
        ("joint_punishments.csv", "subject,sector,listed_on\nS1,税务,2025-01-01\n"),
    ]);
    assert!(!holding(&f, AS_OF, "S1").contains(&"13.B.5"));
    insta::assert_snapshot!("13.B.5", explain_text(&f, AS_OF, "S1"));
}

#[test]
fn clause_13_c_1_dishonesty_1_year() {
    check(
        "13.C.1",
        &[
            ("subjects.csv", CLEAN),
            ("standardization.csv", STANDARDIZED),
            ("events.csv", &events("E1,S1,,2026-01-20,dishonesty,,,,,,\n")),
        ],
        "C",
        "13.C.1",
        true,
    );
}

#[test]
fn clause_13_c_1_stops_counting_when_repaired_or_voided() {
    let at = |rows: &str, objections: &str| {
        let f = facts(&[
            ("subjects.csv", CLEAN),
            ("standardization.csv", STANDARDIZED),
            ("events.csv", &events(rows)),
            ("objections.csv", objections),
        ]);
        grade(&f, AS_OF, "S1")
    };
    let none = "id,subject,event,filed_on\n";
    assert_eq!(at("E1,S1,,2026-01-20,dishonesty,,,,,,2026-06-30\n", none), "A", "repaired on the as-of date");
    assert_eq!(at("E1,S1,,2026-01-20,dishonesty,,,,,,2026-07-01\n", none), "C", "repair dated after the as-of date");
    let upheld = |replied: &str, outcome: &str| {
        format!(
            "id,subject,event,filed_on,decision,decided_on,replied_on,outcome\nO1,S1,E1,2026-02-01,accepted,2026-02-03,{replied},{outcome}\n"
        )
    };
    let e = "E1,S1,,2026-01-20,dishonesty,,,,,,\n";
    assert_eq!(at(e, &upheld("2026-03-01", "upheld")), "A", "voided by an upheld objection");
    assert_eq!(at(e, &upheld("2026-03-01", "dismissed")), "C", "a dismissed objection changes nothing");
    assert_eq!(at(e, &upheld("2026-07-01", "upheld")), "C", "upheld, but replied after the as-of date");
}

#[test]
fn clause_13_c_2_penalty_1_year() {
    check(
        "13.C.2",
        &[
            ("subjects.csv", CLEAN),
            ("standardization.csv", STANDARDIZED),
            ("events.csv", &events("E1,S1,,2026-03-05,penalty,,,,,emergency,\n")),
        ],
        "C",
        "13.C.2",
        true,
    );
}

#[test]
fn clause_13_c_3_fatal_general_accident_1_year() {
    check(
        "13.C.3",
        &[
            ("subjects.csv", CLEAN),
            ("standardization.csv", STANDARDIZED),
            ("events.csv", &events("E1,S1,,2026-02-11,accident,general,1,yes,,,\n")),
        ],
        "C",
        "13.C.3",
        true,
    );
}

#[test]
fn clause_13_c_4_standardization_not_met() {
    check("13.C.4", &[("subjects.csv", CLEAN)], "C", "13.C.4", true);
}

#[test]
fn clause_13_c_5_listing() {
    check(
        "13.C.5",
        &[
            ("subjects.csv", CLEAN),
            ("standardization.csv", STANDARDIZED),
            ("joint_punishments.csv", "subject,sector,listed_on\nS1,税务,2025-01-01\n"),
        ],
        "C",
        "13.C.5",
        true,
    );
}

#[test]
fn clause_13_d_1_larger_accident() {
    check(
        "13.D.1",
        &[
            ("subjects.csv", CLEAN),
            ("standardization.csv", STANDARDIZED),
            ("events.csv", &events("E1,S1,,2026-04-01,accident,larger,0,yes,,,\n")),
        ],
        "D",
        "13.D.1",
        true,
    );
}

#[test]
fn clause_13_d_1_two_fatal_general_accidents() {
    let at = |rows: &str| {
        let f = facts(&[("subjects.csv", CLEAN), ("standardization.csv", STANDARDIZED), ("events.csv", &events(rows))]);
        grade(&f, AS_OF, "S1")
    };
    assert_eq!(at("E1,S1,,2025-06-30,accident,general,1,yes,,,\nE2,S1,,2026-01-01,accident,general,2,yes,,,\n"), "D");
    assert_eq!(
        at("E1,S1,,2025-06-29,accident,general,1,yes,,,\nE2,S1,,2026-01-01,accident,general,2,yes,,,\n"),
        "C",
        "one outside the year"
    );
    assert_eq!(
        at("E1,S1,,2025-08-01,accident,general,1,no,,,\nE2,S1,,2026-01-01,accident,general,2,yes,,,\n"),
        "C",
        "one not liable"
    );
    assert_eq!(
        at("E1,S1,,2025-08-01,accident,general,0,yes,,,\nE2,S1,,2026-01-01,accident,general,2,yes,,,\n"),
        "C",
        "one without deaths"
    );
    assert_eq!(at("E1,S1,,2025-08-01,accident,larger,0,no,,,\n"), "A", "a non-liable larger accident never counts");
    assert_eq!(
        at("E1,S1,,2025-06-29,accident,major,3,yes,,,\n"),
        "B",
        "larger-or-above outside the 1-year window: only A.4 fails"
    );
    assert_eq!(at("E1,S1,,2025-06-29,accident,major,0,yes,,,\n"), "A", "… and without deaths not even that");
}

fn d_kind(name: &str, clause: &str, kind: &str, category: &str) {
    let subjects = format!("id,name,category,committed_on\nS1,测试公司,{category},2020-01-01\n");
    check(
        name,
        &[
            ("subjects.csv", &subjects),
            ("standardization.csv", STANDARDIZED),
            ("events.csv", &events(&format!("E1,S1,,2026-05-20,{kind},,,,,,\n"))),
        ],
        "D",
        clause,
        true,
    );
    let f = facts(&[
        ("subjects.csv", &subjects),
        ("standardization.csv", STANDARDIZED),
        ("events.csv", &events(&format!("E1,S1,,2025-06-29,{kind},,,,,,\n"))),
    ]);
    assert_eq!(grade(&f, AS_OF, "S1"), "A", "{kind} more than a year ago");
}

#[test]
fn clause_13_d_2_unlicensed_operation() {
    d_kind("13.D.2", "13.D.2", "unlicensed_operation", "hazardous_chemicals");
}
#[test]
fn clause_13_d_3_unrectified_major_hazard() {
    d_kind("13.D.3", "13.D.3", "unrectified_major_hazard", "hazardous_chemicals");
}
#[test]
fn clause_13_d_4_evading_supervision() {
    d_kind("13.D.4", "13.D.4", "evading_supervision", "hazardous_chemicals");
}
#[test]
fn clause_13_d_5_operating_while_suspended() {
    d_kind("13.D.5", "13.D.5", "operating_while_suspended", "hazardous_chemicals");
}
#[test]
fn clause_13_d_6_accident_cover_up() {
    d_kind("13.D.6", "13.D.6", "accident_cover_up", "hazardous_chemicals");
}
#[test]
fn clause_13_d_7_unaccepted_safety_facilities() {
    d_kind("13.D.7", "13.D.7", "unaccepted_safety_facilities", "hazardous_chemicals");
}
#[test]
fn clause_13_d_8_illegal_mining() {
    d_kind("13.D.8", "13.D.8", "illegal_mining", "coal_mine");
}
#[test]
fn clause_13_d_9_obstructing_investigation() {
    d_kind("13.D.9", "13.D.9", "obstructing_investigation", "hazardous_chemicals");
}
#[test]
fn clause_13_d_10_false_report() {
    d_kind("13.D.10", "13.D.10", "false_report", "safety_service");
}

#[test]
fn clause_13_d_joint() {
    check(
        "13.D.joint",
        &[
            ("subjects.csv", CLEAN),
            ("standardization.csv", STANDARDIZED),
            ("events.csv", &events("E1,S1,,2026-04-01,accident,larger,4,yes,yes,,\n")),
        ],
        "D",
        "13.D.joint",
        true,
    );
}

#[test]
fn clause_13_d_joint_each_route() {
    let joint = |rows: &str| {
        let f = facts(&[("subjects.csv", CLEAN), ("standardization.csv", STANDARDIZED), ("events.csv", &events(rows))]);
        assert_eq!(grade(&f, AS_OF, "S1"), "D", "{rows}");
        holding(&f, AS_OF, "S1").contains(&"13.D.joint")
    };
    assert!(joint("E1,S1,,2026-04-01,accident,major,0,yes,,,\n"), "a liable major accident");
    assert!(joint("E1,S1,,2026-04-01,accident,especially_major,0,yes,,,\n"), "especially major");
    assert!(
        joint("E1,S1,,2026-04-01,accident,larger,0,yes,,,\nE2,S1,,2025-07-01,accident,larger,3,yes,,,\n"),
        "two larger"
    );
    assert!(joint("E1,S1,,2026-04-01,accident,larger,3,yes,yes,,\n"), "a typical larger accident");
    assert!(joint("E1,S1,,2026-04-01,evading_supervision,,,,,,\n"), "a serious violation (D.2–D.10)");
    assert!(!joint("E1,S1,,2026-04-01,accident,larger,3,yes,,,\n"), "one ordinary larger accident: D, not joint");
    assert!(
        !joint("E1,S1,,2026-04-01,accident,general,1,yes,,,\nE2,S1,,2026-05-01,accident,general,1,yes,,,\n"),
        "two fatal general: D, not joint"
    );
    assert!(
        !joint("E1,S1,,2026-04-01,accident,larger,0,yes,,,\nE2,S1,,2025-06-29,accident,larger,3,yes,,,\n"),
        "second larger outside the year"
    );
}

#[test]
fn precedence_a_conditions_with_a_d_event_give_d() {
    let f = facts(&[
        ("subjects.csv", CLEAN),
        ("standardization.csv", STANDARDIZED),
        ("events.csv", &events("E1,S1,,2026-05-20,unlicensed_operation,,,,,,\n")),
    ]);
    let m = model(&f, AS_OF);
    let r = m.subject(subject(&f, "S1"));
    assert!(
        r.meets(safecredit::rules::Grade::A)
            && r.meets(safecredit::rules::Grade::B)
            && r.meets(safecredit::rules::Grade::D)
    );
    assert_eq!(r.grade.code(), "D");
}

// ── Art. 14 and 15 ──

fn ledger(files: &[(&str, &str)], as_of: &str) -> String {
    let f = facts(files);
    let m = model(&f, as_of);
    safecredit::report::ledger::csv(&safecredit::report::ledger::rows(&f, &m))
}

#[test]
fn clause_14_tier_and_15_schedule_per_grade() {
    let subjects = "id,name,category,committed_on\nSA,甲,coal_mine,2020-01-01\nSB,乙,metallurgy_trade,2020-01-01\nSC,丙,fireworks,2020-01-01\nSD,丁,safety_service,2020-01-01\nSU,戊,non_coal_mine,\n";
    let std = "subject,level,awarded_on\nSA,3,2020-01-01\nSB,3,2020-01-01\nSC,3,2020-01-01\nSD,3,2020-01-01\nSU,3,2020-01-01\n";
    let events = events(
        "E1,SB,,2024-01-01,penalty,,,,,,\nE2,SC,,2026-01-01,penalty,,,,,,\nE3,SD,,2026-01-01,false_report,,,,,,\n",
    );
    // Last inspections: SA on 2024-06-30 (24 months → due 2026-06-30, the as-of date: not overdue),
    // SB on 2025-05-31 (12 → 2026-05-31, 30 days), SC on 2025-12-31 (6 → 2026-06-30), SD none, SU some.
    let inspections = "id,subject,date\nI1,SA,2024-06-30\nI2,SA,2022-01-01\nI3,SB,2025-05-31\nI4,SC,2025-12-31\nI5,SU,2026-01-01\nI6,SC,2026-07-01\n";
    insta::assert_snapshot!(
        "14-15-ledger",
        ledger(
            &[
                ("subjects.csv", subjects),
                ("standardization.csv", std),
                ("events.csv", &events),
                ("inspections.csv", inspections)
            ],
            AS_OF
        )
    );
}

#[test]
fn clause_15_due_dates_clamp_to_month_end() {
    let run = |grade_events: &str, inspected: &str, as_of: &str| -> String {
        let csv = ledger(
            &[
                ("subjects.csv", CLEAN),
                ("standardization.csv", STANDARDIZED),
                ("events.csv", &events(grade_events)),
                ("inspections.csv", &format!("id,subject,date\nI1,S1,{inspected}\n")),
            ],
            as_of,
        );
        let row: Vec<String> = csv.lines().nth(1).unwrap().split(',').map(String::from).collect();
        format!("{} due {} overdue {:?}", row[3], row[8], row[9])
    };
    // C (6 months): 2025-08-31 + 6 months = 2026-02-28.
    assert_eq!(run("E1,S1,,2026-01-01,penalty,,,,,,\n", "2025-08-31", "2026-03-01"), "C due 2026-02-28 overdue \"1\"");
    assert_eq!(run("E1,S1,,2026-01-01,penalty,,,,,,\n", "2025-08-31", "2026-02-28"), "C due 2026-02-28 overdue \"\"");
    // D (3 months): 2023-11-30 + 3 = 2024-02-29 (leap year).
    assert_eq!(
        run("E1,S1,,2023-12-01,unrectified_major_hazard,,,,,,\n", "2023-11-30", "2024-03-01"),
        "D due 2024-02-29 overdue \"1\""
    );
    // A (24 months): 2024-02-29 + 24 = 2026-02-28.
    assert_eq!(run("", "2024-02-29", AS_OF), "A due 2026-02-28 overdue \"122\"");
}

#[test]
fn clause_15_high_risk_categories() {
    let subjects = "id,name,category,committed_on\nS1,a,coal_mine,\nS2,b,non_coal_mine,\nS3,c,hazardous_chemicals,\nS4,d,fireworks,\nS5,e,metallurgy_trade,\nS6,f,safety_service,\n";
    let csv = ledger(&[("subjects.csv", subjects)], AS_OF);
    let high: Vec<&str> = csv.lines().skip(1).map(|l| l.split(',').nth(5).unwrap()).collect();
    assert_eq!(high, ["yes", "yes", "yes", "yes", "no", "no"]);
}

// ── Art. 11 and 12 ──

fn objections(decided: &str, replied: &str, as_of: &str) -> (String, String) {
    let f = facts(&[
        ("subjects.csv", CLEAN),
        ("events.csv", &events("E1,S1,,2024-01-01,penalty,,,,,,\n")),
        (
            "objections.csv",
            &format!(
                "id,subject,event,filed_on,decision,decided_on,replied_on\nO1,S1,E1,2024-01-02,accepted,{decided},{replied}\n"
            ),
        ),
    ]);
    let m = model(&f, as_of);
    let r = &m.objections[0];
    (r.deadline.map(|d| d.to_string()).unwrap_or_default(), r.status.map(|s| s.code()).unwrap_or_default().to_string())
}

#[test]
fn clause_12_deadline_across_spring_festival_2025() {
    // Decided Mon 2025-01-20: 1-21..1-24 (4), 1-26 make-up Sunday (5), 1-27 (6), 1-28..2-04 off,
    // 2-05..2-07 (9), 2-08 make-up Saturday (10), 2-10..2-14 (15), 2-17..2-21 (20).
    assert_eq!(objections("2025-01-20", "", "2025-02-21"), ("2025-02-21".into(), "open".into()));
    assert_eq!(objections("2025-01-20", "", "2025-02-22"), ("2025-02-21".into(), "overdue".into()));
    assert_eq!(objections("2025-01-20", "2025-02-21", "2025-03-01"), ("2025-02-21".into(), "replied".into()));
    assert_eq!(objections("2025-01-20", "2025-02-24", "2025-03-01"), ("2025-02-21".into(), "late".into()));
}

#[test]
fn clause_12_deadline_across_national_day_2024() {
    // Decided Fri 2024-09-27: 9-29 make-up Sunday (1), 9-30 (2), 10-01..10-07 off, 10-08..10-11 (6),
    // 10-12 make-up Saturday (7), 10-14..18 (12), 10-21..25 (17), 10-28..30 (20).
    assert_eq!(objections("2024-09-27", "", "2024-10-30").0, "2024-10-30");
}

#[test]
fn clause_12_status_before_decision_and_reply_dates() {
    assert_eq!(objections("2025-01-20", "", "2025-01-19").1, "pending_review", "decision dated after the as-of date");
    assert_eq!(objections("2025-01-20", "2025-02-10", "2025-02-09").1, "open", "reply dated after the as-of date");
}

#[test]
fn clause_12_deadline_and_investigator_snapshot() {
    let f = facts(&[
        ("subjects.csv", CLEAN),
        ("events.csv", &events("E1,S1,,2025-01-01,penalty,,,,,,\n")),
        (
            "objections.csv",
            "id,subject,event,filed_on,decision,decided_on,collector,investigator,replied_on,outcome\n\
             O1,S1,E1,2025-09-20,accepted,2025-09-24,张明,李华,2025-10-28,dismissed\n\
             O2,S1,E1,2025-09-20,accepted,2025-09-24,张明,张明,,\n\
             O3,S1,E1,2025-09-20,rejected,2025-09-22,张明,,,\n\
             O4,S1,E1,2025-09-20,,,,,,\n\
             O5,S1,E1,2026-12-10,accepted,2026-12-11,张明,,,\n",
        ),
    ]);
    let m = model(&f, "2026-12-31");
    let rows = safecredit::report::objections::rows(&f, &m);
    assert_eq!(m.objections[4].unscheduled_years, vec![2027], "counted into 2027, which has no schedule");
    insta::assert_snapshot!("12-objections", safecredit::report::objections::csv(&rows));
}

/// 12.investigator: the staff cells are lists as the bureau writes them. A person who is in both
/// lists is a conflict, and the report names that person.
#[test]
fn clause_12_investigator_lists() {
    let f = facts(&[
        ("subjects.csv", CLEAN),
        ("events.csv", &events("E1,S1,,2025-01-01,penalty,,,,,,\n")),
        (
            "objections.csv",
            "id,subject,event,filed_on,decision,decided_on,collector,investigator,replied_on,outcome\n\
             O1,S1,E1,2025-09-20,accepted,2025-09-24,郝文博、贾春燕,贾春燕,,\n\
             O2,S1,E1,2025-09-20,accepted,2025-09-24,郝文博、贾春燕,周雅琴,,\n\
             O3,S1,E1,2025-09-20,accepted,2025-09-24,\"王芳，李强,赵敏\",\"周雅琴；李强\",,\n\
             O4,S1,E1,2025-09-20,accepted,2025-09-24,张伟/赵敏;阎海涛,\"阎海涛, 张伟\",,\n\
             O5,S1,E1,2025-09-20,accepted,2025-09-24,郝文博、贾春燕,\"郝文博 贾春燕\",,\n\
             O6,S1,E1,2025-09-20,accepted,2025-09-24,,贾春燕,,\n",
        ),
    ]);
    let m = model(&f, "2025-12-31");
    let found: Vec<(bool, Vec<String>)> = m.objections.iter().map(|r| (r.conflict, r.conflict_with.clone())).collect();
    let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        found,
        vec![
            (true, names(&["贾春燕"])),         // the investigator is one of two collectors
            (false, names(&[])),                // not among them
            (true, names(&["李强"])),           // 、 ， , ； separators, one of several investigators
            (true, names(&["张伟", "阎海涛"])), // / and ; and both investigators collected
            (false, names(&[])),                // a space does not separate names
            (false, names(&[])),                // no collector named
        ]
    );
    let rows = safecredit::report::objections::rows(&f, &m);
    let table = safecredit::report::objections::table(m.as_of, &rows);
    assert!(table.contains("是：张伟、阎海涛 (第十二条)"), "{table}");
    let explained = explain_text(&f, "2025-12-31", "S1");
    assert!(explained.contains("O4 objections.csv:5  against E1"), "{explained}");
    assert!(explained.contains("investigator 张伟、阎海涛 also collected the record (第十二条)"), "{explained}");
}

#[test]
fn clause_13_c_1_only_an_accepted_objection_can_be_upheld() {
    // A rejected or undecided objection marked "upheld" is contradictory (the loader warns);
    // it does not void the record.
    for decision in ["rejected", ""] {
        let files: Vec<(String, Vec<u8>)> = [
            ("subjects.csv", CLEAN.to_string()),
            ("standardization.csv", STANDARDIZED.to_string()),
            ("events.csv", events("E1,S1,,2026-01-20,dishonesty,,,,,,\n")),
            ("objections.csv", format!("id,subject,event,filed_on,decision,decided_on,replied_on,outcome\nO1,S1,E1,2026-02-01,{decision},2026-02-03,2026-03-01,upheld\n")),
        ]
        .into_iter()
        .map(|(n, t)| (n.to_string(), t.into_bytes()))
        .collect();
        let loaded = safecredit::facts::load::load(
            &safecredit::facts::load::Source::Memory { label: "t", files: &files },
            &safecredit::facts::LoadOptions { today: day("2030-01-01"), show_personal: false },
        );
        assert_eq!(loaded.errors(), 0);
        assert!(loaded.warnings() > 0, "the contradiction is pointed out");
        assert_eq!(grade(&loaded.facts, AS_OF, "S1"), "C", "decision {decision:?}");
    }
}

// ── [exclusions] Every record of a clause's kind is evidence for it, or listed under it as not
// counted, with the reason. One test per reason; each snapshots the clause's block of `explain`. ──

/// The lines of `explain` for one clause: its line and the records under it.
fn block(text: &str, clause: &str) -> String {
    let is_it = |l: &str| (l.starts_with("  ✓ ") || l.starts_with("  ✗ ")) && l.contains(&format!(" {clause} "));
    let mut lines = text.lines().skip_while(|l| !is_it(l)).peekable();
    let mut out = vec![lines.next().unwrap_or_else(|| panic!("no {clause} in\n{text}")).to_string()];
    out.extend(lines.take_while(|l| l.starts_with("               ")).map(str::to_string));
    out.join("\n")
}

/// Explains S1 of `files` as of `as_of` and returns `clause`'s block.
fn excluded(files: &[(&str, &str)], as_of: &str, clause: &str) -> String {
    block(&explain_text(&facts(files), as_of, "S1"), clause)
}

#[test]
fn exclusion_voided_by_an_upheld_objection() {
    let b = excluded(
        &[
            ("subjects.csv", CLEAN),
            ("events.csv", &events("E1,S1,,2026-01-10,penalty,,,,,,\n")),
            (
                "objections.csv",
                "id,subject,event,filed_on,decision,decided_on,replied_on,outcome\nO1,S1,E1,2026-01-20,accepted,2026-01-22,2026-02-10,upheld\n",
            ),
        ],
        AS_OF,
        "13.C.2",
    );
    insta::assert_snapshot!("exclusion-voided", b);
}

#[test]
fn exclusion_repaired() {
    let b = excluded(
        &[("subjects.csv", CLEAN), ("events.csv", &events("E1,S1,,2026-01-10,dishonesty,,,,,,2026-03-01\n"))],
        AS_OF,
        "13.C.1",
    );
    insta::assert_snapshot!("exclusion-repaired", b);
}

#[test]
fn exclusion_another_department() {
    let b = excluded(
        &[("subjects.csv", CLEAN), ("events.csv", &events("E1,S1,,2026-01-10,penalty,,,,,应急物资储备公司,\n"))],
        AS_OF,
        "13.A.3",
    );
    insta::assert_snapshot!("exclusion-other-department", b);
}

#[test]
fn exclusion_dated_after_the_as_of_date() {
    let files = [
        ("subjects.csv", "id,name,category,committed_on\nS1,测试公司,hazardous_chemicals,2026-08-01\n"),
        ("standardization.csv", "subject,level,awarded_on\nS1,3,2026-07-01\n"),
        ("joint_punishments.csv", "subject,sector,listed_on\nS1,税务,2026-09-01\n"),
        ("events.csv", &events("E1,S1,,2026-07-15,penalty,,,,,,\n")),
    ];
    let text = explain_text(&facts(&files), AS_OF, "S1");
    let blocks: Vec<String> = ["13.A.1", "13.A.3", "13.A.5", "13.A.6"].iter().map(|c| block(&text, c)).collect();
    insta::assert_snapshot!("exclusion-after-as-of", blocks.join("\n"));
}

#[test]
fn exclusion_outside_the_window() {
    // Exactly 3 years before counts for A.2; one day earlier does not. Neither is within 1 year.
    let rows = "E1,S1,,2023-06-30,dishonesty,,,,,,\nE2,S1,,2023-06-29,dishonesty,,,,,,\n";
    let text = explain_text(&facts(&[("subjects.csv", CLEAN), ("events.csv", &events(rows))]), AS_OF, "S1");
    insta::assert_snapshot!(
        "exclusion-outside-window",
        format!("{}\n{}", block(&text, "13.A.2"), block(&text, "13.B.2"))
    );
}

#[test]
fn exclusion_not_liable_no_deaths_not_general_only_one() {
    let rows = "E1,S1,,2026-01-10,accident,general,1,no,,,\nE2,S1,,2026-02-10,accident,general,0,yes,,,\n\
                E3,S1,,2026-03-10,accident,larger,2,yes,,,\nE4,S1,,2026-04-10,accident,general,1,yes,,,\n";
    let text = explain_text(&facts(&[("subjects.csv", CLEAN), ("events.csv", &events(rows))]), AS_OF, "S1");
    insta::assert_snapshot!("exclusion-accidents", format!("{}\n{}", block(&text, "13.C.3"), block(&text, "13.D.1")));
}

#[test]
fn exclusion_a_role_that_does_not_count() {
    // P1 is legal_rep at S1 and P2 a partner there; their dishonesty at S2 does not count for S1.
    // P3 is both legal_rep and principal at S1: the principal role counts.
    let subjects =
        "id,name,category,committed_on\nS1,测试公司,hazardous_chemicals,2020-01-01\nS2,别家公司,fireworks,2020-01-01\n";
    let people =
        "subject,person,role\nS1,P1,legal_rep\nS1,P2,partner\nS1,P3,legal_rep\nS1,P3,principal\nS2,P1,principal\n";
    let rows = "E1,S2,P1,2026-01-10,dishonesty,,,,,,\nE2,S2,P2,2026-02-10,dishonesty,,,,,,\nE3,S2,P3,2026-03-10,dishonesty,,,,,,\n";
    let files = [("subjects.csv", subjects), ("people.csv", people), ("events.csv", &events(rows))];
    insta::assert_snapshot!("exclusion-role", excluded(&files, AS_OF, "13.C.1"));
}

#[test]
fn exclusion_listing_lifted_and_standardization_expired() {
    let files = [
        ("subjects.csv", CLEAN),
        ("standardization.csv", "subject,level,awarded_on,expires_on\nS1,3,2020-01-01,2026-06-29\n"),
        ("joint_punishments.csv", "subject,sector,listed_on,lifted_on\nS1,税务,2025-01-01,2026-06-30\n"),
    ];
    let text = explain_text(&facts(&files), AS_OF, "S1");
    insta::assert_snapshot!(
        "exclusion-lifted-expired",
        format!("{}\n{}", block(&text, "13.A.5"), block(&text, "13.C.5"))
    );
}

/// 8.recorder and 9.statement in `explain`: each evidence record names who recorded it, and one
/// counted without the subject's statement heard by the as-of date is marked 第九条.
#[test]
fn explain_names_the_recorder_and_marks_evidence_without_a_hearing() {
    let recorded = "id,subject,date,kind,recorded_by,recorder,statement_heard_on\n\
                    E1,S1,2026-01-20,penalty,昆都仑区应急管理局,郝文博,2026-02-01\n\
                    E2,S1,2026-03-10,penalty,昆都仑区应急管理局,,2026-07-05\n";
    let f = facts(&[("subjects.csv", CLEAN), ("standardization.csv", STANDARDIZED), ("events.csv", recorded)]);
    let b = block(&explain_text(&f, AS_OF, "S1"), "13.C.2");
    insta::assert_snapshot!("9-statement-in-explain", b);
    assert!(b.contains("E1 events.csv:2  2026-01-20  penalty  (recorded by 昆都仑区应急管理局 (郝文博))"), "{b}");
    assert!(b.contains("第九条: counted without the subject's statement heard"), "{b}");
    // Without the column there is nothing to say about hearings.
    let plain = facts(&[("subjects.csv", CLEAN), ("events.csv", &events("E1,S1,,2026-01-20,penalty,,,,,,\n"))]);
    assert!(!explain_text(&plain, AS_OF, "S1").contains("第九条"));
}

/// The clause tags (`Clause::looks_at`) that what-if questions and timelines use
/// agree with the records the rules cite, on the demo district.
#[test]
fn clause_tags_agree_with_the_records_the_rules_cite() {
    use safecredit::rules::{Looks, Record};
    let m = model(&demo(), "2026-06-30");
    let mut seen = std::collections::HashSet::new();
    for &(_, clause, record) in &m.witnesses {
        let kind = match record {
            Record::Commitment(_) => Looks::Commitment,
            Record::Standardization(_) => Looks::Standardization,
            Record::Listing(_) => Looks::Listing,
            Record::Event(_) if clause == Clause::DJoint => continue,
            Record::Event(_) => Looks::Events,
        };
        assert_eq!(clause.looks_at(), kind, "{} cites a {kind:?} record", clause.id());
        seen.insert(clause);
    }
    for kind in [Looks::Commitment, Looks::Standardization, Looks::Listing] {
        for clause in Clause::looking_at(kind) {
            assert!(seen.contains(&clause), "{} ({kind:?}) is cited somewhere in the demo", clause.id());
        }
    }
}

/// `PRECEDENCE`, the order explanations show, is the order the `precedence` program decides in.
#[test]
fn the_precedence_people_read_is_the_programs() {
    use safecredit::rules::{Grade, PRECEDENCE, decide};
    let bits = |clauses: &mut dyn Iterator<Item = Clause>| clauses.fold(0u32, |b, c| b | 1 << c.art13_bit().unwrap());
    for met in 0u8..16 {
        let meets = |g: Grade| met & (1 << ["A", "B", "C", "D"].iter().position(|x| *x == g.code()).unwrap()) != 0;
        let mut conditions = 0;
        for &(grade, group, any) in PRECEDENCE {
            if meets(grade) {
                conditions |=
                    if any { bits(&mut Clause::of_group(group).take(1)) } else { bits(&mut Clause::of_group(group)) };
            }
        }
        // A and B share no condition here; a grade whose conditions are not all set is not met.
        let decided = decide([(safecredit::facts::SubjectIx(0), conditions, false)].into_iter())[0];
        let want = PRECEDENCE.iter().find(|(g, _, _)| meets(*g)).map_or(Grade::Unrated, |p| p.0);
        assert_eq!(decided.grade, want, "meets {met:04b}");
    }
}

/// `procedure_of` (one subject, as `explain` asks for its 第九条 notes) finds what
/// the whole district's run finds: the same findings about the subject's own file,
/// the same [9.statement] answer for every event counted against it, and nothing
/// the whole run does not find (a record of another subject, counted against this
/// one through a person, goes in with all that is known of it). On the demo
/// district, which has findings under every procedural clause and such records.
#[test]
fn procedure_of_one_subject_agrees_with_the_whole_run() {
    use safecredit::rules::procedure::{About, Finding};
    use safecredit::rules::{Record, procedure, procedure_of};
    let facts = &demo();
    let m = model(facts, AS_OF);
    let all = procedure(facts, &m);
    let statement = |f: &&safecredit::rules::ProcedureFinding| f.finding == Finding::StatementNotHeard;
    assert!(all.iter().any(|f| statement(&f)), "the demo has a record counted without a hearing");
    let unheard = |findings: &[safecredit::rules::ProcedureFinding], e| {
        findings.iter().any(|f| statement(&f) && f.about == About::Event(e))
    };
    for s in (0..facts.subjects.len() as u32).map(safecredit::facts::SubjectIx) {
        let one = procedure_of(facts, &m, s);
        for f in &one {
            assert!(all.contains(f), "{}: {f:?} is not a finding of the whole run", facts.subject_id(s));
        }
        let own = |findings: &[safecredit::rules::ProcedureFinding]| {
            findings.iter().filter(|f| f.subject == s && !statement(f)).copied().collect::<Vec<_>>()
        };
        assert_eq!(own(&one), own(&all), "{}", facts.subject_id(s));
        for &(_, _, record) in m.witnesses_of(s) {
            if let Record::Event(e) = record {
                assert_eq!(unheard(&one, e), unheard(&all, e), "{} {}", facts.subject_id(s), facts.event_id(e));
            }
        }
    }
}
