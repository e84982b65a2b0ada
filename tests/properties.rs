//! Property tests over randomly generated districts: every subject gets
//! exactly one grade, the grade agrees with Art. 13's precedence over the
//! derived `reason` and `meets` relations, and results do not depend on how
//! subjects are batched or on the number of threads.

mod common;
use common::*;
use safecredit::facts::calendar::Calendar;
use safecredit::rules::{Clause, EvalOptions, FactIndex, Grade, Group, evaluate};

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
    fn date(&mut self) -> String {
        let d = day("2022-01-01").plus_days(self.below(365 * 5) as i32);
        d.to_string()
    }
}

fn random_district(seed: u64, subjects: usize) -> Vec<(String, String)> {
    let mut rng = Rng(seed | 1);
    let categories =
        ["coal_mine", "non_coal_mine", "hazardous_chemicals", "fireworks", "metallurgy_trade", "safety_service"];
    let kinds = [
        "dishonesty",
        "penalty",
        "accident",
        "accident",
        "unlicensed_operation",
        "evading_supervision",
        "accident_cover_up",
    ];
    let levels = ["general", "general", "general", "larger", "major", "especially_major"];
    let roles = ["legal_rep", "principal", "safety_lead", "partner"];
    let mut s = String::from("id,name,category,committed_on\n");
    let mut people = String::from("subject,person,name,role\n");
    let mut std = String::from("subject,level,awarded_on,expires_on\n");
    let mut events =
        String::from("id,subject,person,date,kind,accident_level,deaths,liable,typical,authority,repaired_on\n");
    let mut listings = String::from("subject,sector,listed_on,lifted_on\n");
    let mut inspections = String::from("id,subject,date\n");
    let mut objections = String::from("id,subject,event,filed_on,decision,decided_on,replied_on,outcome\n");
    let (mut e, mut i, mut o) = (0, 0, 0);
    for n in 0..subjects {
        let committed = if rng.below(5) == 0 { String::new() } else { rng.date() };
        s.push_str(&format!("S{n},公司{n},{},{committed}\n", rng.pick(&categories)));
        for _ in 0..rng.below(3) {
            let p = rng.below(subjects as u64 / 2 + 1);
            people.push_str(&format!("S{n},P{p},人{p},{}\n", rng.pick(&roles)));
        }
        if rng.below(4) != 0 {
            let expires = if rng.below(2) == 0 { String::new() } else { rng.date() };
            std.push_str(&format!("S{n},{},{},{expires}\n", 1 + rng.below(3), rng.date()));
        }
        if rng.below(8) == 0 {
            let lifted = if rng.below(2) == 0 { String::new() } else { rng.date() };
            listings.push_str(&format!("S{n},税务,{},{lifted}\n", rng.date()));
        }
        for _ in 0..rng.below(4) {
            inspections.push_str(&format!("I{i},S{n},{}\n", rng.date()));
            i += 1;
        }
        for _ in 0..rng.below(4) {
            let kind = rng.pick(&kinds);
            let person = if kind == "dishonesty" && rng.below(2) == 0 {
                format!("P{}", rng.below(subjects as u64 / 2 + 1))
            } else {
                String::new()
            };
            let accident = if kind == "accident" {
                format!(
                    "{},{},{},{}",
                    rng.pick(&levels),
                    rng.below(3),
                    rng.pick(&["yes", "no"]),
                    rng.pick(&["yes", "no"])
                )
            } else {
                ",,,".to_string()
            };
            let repaired = if rng.below(6) == 0 { rng.date() } else { String::new() };
            let authority = if kind == "penalty" && rng.below(4) == 0 { "市场监督管理局" } else { "" };
            events.push_str(&format!("E{e},S{n},{person},{},{kind},{accident},{authority},{repaired}\n", rng.date()));
            if rng.below(5) == 0 {
                let decided = rng.date();
                objections.push_str(&format!(
                    "O{o},S{n},E{e},2022-01-01,accepted,{decided},{},{}\n",
                    rng.date(),
                    rng.pick(&["upheld", "dismissed"])
                ));
                o += 1;
            }
            e += 1;
        }
    }
    // Keep only people that were declared before being referenced: declare every person once.
    let mut declared = String::from("subject,person,name,role\n");
    for p in 0..=subjects / 2 {
        declared.push_str(&format!("S0,P{p},人{p},legal_rep\n"));
    }
    declared.push_str(&people[people.find('\n').unwrap() + 1..]);
    [
        ("subjects.csv", s),
        ("people.csv", declared),
        ("standardization.csv", std),
        ("events.csv", events),
        ("joint_punishments.csv", listings),
        ("inspections.csv", inspections),
        ("objections.csv", objections),
    ]
    .map(|(n, t)| (n.to_string(), t))
    .to_vec()
}

fn load_lenient(files: &[(String, String)]) -> safecredit::facts::FactSet {
    let bytes: Vec<(String, Vec<u8>)> = files.iter().map(|(n, t)| (n.clone(), t.clone().into_bytes())).collect();
    let loaded = safecredit::facts::load::load(
        &safecredit::facts::load::Source::Memory { label: "random", files: &bytes },
        &safecredit::facts::LoadOptions { today: day("2030-01-01"), show_personal: false },
    );
    assert_eq!(loaded.errors(), 0, "{:?}", loaded.diagnostics.iter().find(|d| d.is_error()));
    loaded.facts
}

#[test]
fn grade_is_exactly_the_precedence_over_reason() {
    for seed in [1, 2, 3] {
        let facts = load_lenient(&random_district(seed, 400));
        for as_of in ["2023-03-01", "2024-02-29", "2025-06-30", "2026-12-31"] {
            let m = model(&facts, as_of);
            let mut seen = [0usize; 5];
            for (s, r) in m.subjects.iter().enumerate() {
                let holds = |c: &Clause| r.holds(*c);
                let all = |g: Group| Clause::GRADE_CONDITIONS.iter().filter(|c| c.group() == g).all(holds);
                let any = |g: Group| Clause::GRADE_CONDITIONS.iter().filter(|c| c.group() == g).any(holds);
                assert_eq!(r.meets(Grade::A), all(Group::A), "S{s} meets A");
                assert_eq!(r.meets(Grade::B), all(Group::B), "S{s} meets B");
                assert_eq!(r.meets(Grade::C), any(Group::C), "S{s} meets C");
                assert_eq!(r.meets(Grade::D), any(Group::D), "S{s} meets D");
                let expected = if any(Group::D) {
                    Grade::D
                } else if any(Group::C) {
                    Grade::C
                } else if all(Group::A) {
                    Grade::A
                } else if all(Group::B) {
                    Grade::B
                } else {
                    Grade::Unrated
                };
                assert_eq!(r.grade, expected, "seed {seed} as of {as_of}: S{s}");
                assert!(!r.joint_target() || r.grade == Grade::D, "joint targets are D");
                // A is a subset of B by design: every A subject meets B too.
                assert!(!r.meets(Grade::A) || r.meets(Grade::B));
                seen[Grade::ALL.iter().position(|g| *g == r.grade).unwrap()] += 1;
            }
            assert_eq!(seen.iter().sum::<usize>(), facts.subjects.len(), "exactly one grade each");
        }
    }
}

#[test]
fn results_do_not_depend_on_batching_or_threads() {
    let facts = load_lenient(&random_district(7, 300));
    let index = FactIndex::build(&facts);
    let calendar = Calendar::official();
    let as_of = day("2025-06-30");
    let reference =
        evaluate(&facts, &index, &calendar, as_of, &EvalOptions { batch_size: 100_000, threads: 1, reading: None });
    for (batch_size, threads) in [(1, 1), (7, 2), (64, 2), (1024, 2)] {
        let m = evaluate(&facts, &index, &calendar, as_of, &EvalOptions { batch_size, threads, reading: None });
        assert_eq!(m.subjects, reference.subjects, "batch {batch_size}, threads {threads}");
        assert_eq!(m.witnesses, reference.witnesses);
        assert_eq!(m.objections, reference.objections);
    }
}

#[test]
fn the_hand_written_baseline_agrees_with_the_rules() {
    // Two implementations that share no code must agree on random districts:
    // a check on both (the baseline exists for the benchmark).
    for seed in [11, 12] {
        let facts = load_lenient(&random_district(seed, 300));
        let index = FactIndex::build(&facts);
        for as_of in ["2023-03-01", "2024-02-29", "2025-06-30", "2026-12-31"] {
            let m = model(&facts, as_of);
            let hand = safecredit::bench::handwritten::ledger(&facts, &index, day(as_of), 2);
            let rules = safecredit::bench::handwritten::from_model(&m);
            for (s, (h, r)) in hand.iter().zip(&rules).enumerate() {
                assert_eq!(h, r, "seed {seed}, as of {as_of}, S{s}");
            }
        }
    }
}

/// [exclusions] For every subject and every clause that looks at records, each record of the
/// clause's kind is either its evidence or listed as not counted with at least one reason, and
/// never both (issue 15: "every record of a subject is either evidence for a clause, or listed
/// under it as excluded with its reason").
#[test]
fn every_record_is_evidence_or_excluded_with_a_reason() {
    use safecredit::rules::{Clause, EVENT_CLAUSES, FactIndex, Record, exclusions};
    let (mut evidence, mut not_counted) = (0, 0);
    for seed in [4, 5] {
        let facts = load_lenient(&random_district(seed, 150));
        let index = FactIndex::build(&facts);
        for as_of in ["2024-02-29", "2025-06-30"] {
            let m = model(&facts, as_of);
            for s in (0..facts.subjects.len() as u32).map(safecredit::facts::SubjectIx) {
                let excluded = exclusions(&facts, &index, m.as_of, s);
                let witnessed = |c: Clause, r: Record| m.witnesses_of(s).iter().any(|&(_, wc, wr)| wc == c && wr == r);
                let is_excluded = |c: Clause, r: Record| excluded.iter().any(|&(ec, er, _)| ec == c && er == r);
                let mut records: Vec<(Clause, Record)> = Vec::new();
                for &(c, kind, _) in EVENT_CLAUSES {
                    // The subject's own records of the kind, and for dishonesty those of its people.
                    for e in index.events_concerning(&facts, s) {
                        let event = &facts.events[e as usize];
                        let linked = event.subject == s
                            || kind == safecredit::facts::Kind::Dishonesty
                                && event
                                    .person()
                                    .is_some_and(|p| facts.roles.iter().any(|r| r.subject == s && r.person == p));
                        if event.kind == kind && linked {
                            records.push((c, Record::Event(safecredit::facts::EventIx(e))));
                        }
                    }
                }
                for &n in index.standardization_of(s) {
                    records.extend([Clause::A5, Clause::C4].map(|c| (c, Record::Standardization(n))));
                }
                for &n in index.listings_of(s) {
                    records.extend([Clause::A6, Clause::B5, Clause::C5].map(|c| (c, Record::Listing(n))));
                }
                if facts.subject(s).committed_on.is_some() {
                    records.extend([Clause::A1, Clause::B1].map(|c| (c, Record::Commitment(s))));
                }
                for (c, r) in records {
                    let (w, x) = (witnessed(c, r), is_excluded(c, r));
                    assert!(
                        w != x,
                        "{} {} {r:?} as of {as_of}: evidence {w}, excluded {x}",
                        facts.subject_id(s),
                        c.id()
                    );
                    (evidence, not_counted) = (evidence + usize::from(w), not_counted + usize::from(x));
                }
            }
        }
    }
    assert!(
        evidence > 500 && not_counted > 2000,
        "enough records were checked: {evidence} evidence, {not_counted} not counted"
    );
}

/// The batched what-if engine (`rules::whatif`) against whole-district grading:
/// `next_change` equals the first change point on which grading the whole
/// district gives another grade, tier or interval; `would_be` equals grading the
/// whole district with the one change applied to its facts.
#[test]
fn batched_what_if_equals_whole_district_grading() {
    use safecredit::analysis::{timeline, variant::Change, whynot};
    use safecredit::facts::{Level, SubjectIx};
    for seed in [21, 22] {
        let facts = load_lenient(&random_district(seed, 150));
        let index = FactIndex::build(&facts);
        let m = model(&facts, "2025-06-30");
        let horizon = safecredit::rules::horizon(m.as_of);

        // next_change, batched, against grading the whole district on every change point.
        let batched = timeline::next_changes(&facts, &index, &m, horizon, 2);
        let mut days: Vec<safecredit::facts::Day> = Vec::new();
        for s in 0..facts.subjects.len() as u32 {
            let points = timeline::change_points(&facts, &index, SubjectIx(s));
            days.extend(points.range(m.as_of.plus_days(1)..=horizon).map(|(d, _)| *d));
        }
        days.sort();
        days.dedup();
        let whole: std::collections::BTreeMap<_, _> =
            days.iter().map(|d| (*d, model(&facts, &d.to_string()))).collect();
        let mut reference = Vec::new();
        for s in 0..facts.subjects.len() as u32 {
            let s = SubjectIx(s);
            let now = m.subject(s);
            let points = timeline::change_points(&facts, &index, s);
            let first = points.range(m.as_of.plus_days(1)..=horizon).map(|(d, _)| *d).find(|d| {
                let r = whole[d].subject(s);
                (r.grade, r.tier, r.interval) != (now.grade, now.tier, now.interval)
            });
            if let Some(d) = first {
                reference.push((s, d, whole[&d].subject(s).grade));
            }
        }
        assert!(reference.len() > 20, "seed {seed}: the district has changes ahead ({})", reference.len());
        assert_eq!(batched, reference, "seed {seed}: next_change");

        // would_be, batched, against the whole district with the change made in its facts.
        let batched = whynot::would_be(&facts, &index, &m, 2);
        let mut reference = Vec::new();
        for s in 0..facts.subjects.len() as u32 {
            let s = SubjectIx(s);
            for change in whynot::candidates(&facts, &m, s) {
                let mut changed = facts.clone();
                match change {
                    Change::Repair(e) => {
                        let row = &mut changed.events[e.0 as usize];
                        row.set_repaired_on(Some(row.repaired_on().map_or(m.as_of, |d| d.min(m.as_of))));
                    }
                    Change::Commit => changed.subjects[s.0 as usize].committed_on = Some(m.as_of),
                    Change::Standardize => changed.standardization.push(safecredit::facts::Standardization {
                        subject: s,
                        level: Level::Three,
                        awarded_on: m.as_of,
                        expires_on: None,
                        line: 0,
                    }),
                    Change::Lift(n) => {
                        let row = &mut changed.listings[n as usize];
                        row.lifted_on = Some(row.lifted_on.map_or(m.as_of, |d| d.min(m.as_of)));
                    }
                }
                let grade = model(&changed, "2025-06-30").subject(s).grade;
                if grade != m.subject(s).grade {
                    reference.push((s, change, grade));
                }
            }
        }
        assert!(reference.len() > 10, "seed {seed}: some actions change a grade ({})", reference.len());
        assert_eq!(batched, reference, "seed {seed}: would_be");
    }
}
