//! The hand-written baseline: the ledger computed in one plain Rust pass per
//! subject over the same loaded relations. It is the floor for the rules
//! phase and a cross-check: `bench` requires it to agree row for row with
//! the Datalog rules. It is a second implementation on purpose, used only
//! for measuring; answers always come from the rules.

use crate::facts::{AccidentLevel, Day, EventIx, FactSet, Kind, Role, SubjectIx};
use crate::rules::{FactIndex, Grade, Measures, Tier};

/// The ledger fields of one subject.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub grade: Grade,
    pub tier: Tier,
    pub high_risk: bool,
    pub joint_target: bool,
    pub last_inspection: Option<Day>,
    pub next_due: Option<Day>,
    pub overdue_days: Option<i32>,
    pub never_inspected: bool,
    pub measures: Option<Measures>,
}

pub fn ledger(facts: &FactSet, index: &FactIndex, as_of: Day, threads: usize) -> Vec<Row> {
    let n = facts.subjects.len();
    let threads = threads.max(1);
    let chunk = n.div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let parts: Vec<_> = (0..n)
            .step_by(chunk)
            .map(|start| {
                scope.spawn(move || {
                    (start..(start + chunk).min(n))
                        .map(|s| row(facts, index, as_of, SubjectIx(s as u32)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        parts.into_iter().flat_map(|p| p.join().expect("no panic")).collect()
    })
}

fn row(facts: &FactSet, index: &FactIndex, as_of: Day, s: SubjectIx) -> Row {
    let (w1, w3) = (as_of.minus_years(1), as_of.minus_years(3));
    let live = |e: EventIx| {
        let event = facts.event(e);
        event.date <= as_of
            && event.repaired_on().is_none_or(|r| r > as_of)
            && !index.objections_against(e).any(|o| {
                let o = &facts.objections[o as usize];
                o.upheld_on().is_some_and(|r| r <= as_of)
            })
    };
    let subject = facts.subject(s);
    let mut dishonesty = [false; 2]; // within 1 year, within 3 years
    let mut penalty = [false; 2];
    let mut fatal = [false; 2];
    let (mut fatal_general_1y, mut larger_1y, mut serious_1y, mut major_1y, mut typical_1y) =
        (0, 0, false, false, false);
    let mark = |flags: &mut [bool; 2], d: Day| {
        if d >= w1 {
            flags[0] = true;
        }
        if d >= w3 {
            flags[1] = true;
        }
    };
    for &e in index.events_of(s) {
        let e = EventIx(e);
        if !live(e) {
            continue;
        }
        let event = facts.event(e);
        match event.kind {
            Kind::Dishonesty => mark(&mut dishonesty, event.date),
            Kind::Penalty if event.emergency_management() => mark(&mut penalty, event.date),
            Kind::Penalty => {}
            Kind::Accident => {
                let a = event.accident().expect("accidents have accident fields");
                if a.liable {
                    if a.deaths >= 1 {
                        mark(&mut fatal, event.date);
                        if a.level == AccidentLevel::General && event.date >= w1 {
                            fatal_general_1y += 1;
                        }
                    }
                    if event.date >= w1 {
                        match a.level {
                            AccidentLevel::General => {}
                            AccidentLevel::Larger => {
                                larger_1y += 1;
                                typical_1y |= a.typical;
                            }
                            _ => major_1y = true,
                        }
                    }
                }
            }
            _ => serious_1y |= event.date >= w1,
        }
    }
    for &r in index.roles_of(s) {
        let role = &facts.roles[r as usize];
        if !matches!(role.role, Role::Principal | Role::SafetyLead) {
            continue;
        }
        for &e in index.events_of_person(role.person) {
            let e = EventIx(e);
            if facts.event(e).kind == Kind::Dishonesty && live(e) {
                mark(&mut dishonesty, facts.event(e).date);
            }
        }
    }
    let committed = subject.committed_on.is_some_and(|d| d <= as_of);
    let standardized = index.standardization_of(s).iter().any(|&n| {
        let r = &facts.standardization[n as usize];
        r.awarded_on <= as_of && r.expires_on.is_none_or(|x| as_of <= x)
    });
    let listed = index.listings_of(s).iter().any(|&n| {
        let l = &facts.listings[n as usize];
        l.listed_on <= as_of && l.lifted_on.is_none_or(|x| x > as_of)
    });
    let meets_d = larger_1y > 0 || major_1y || fatal_general_1y >= 2 || serious_1y;
    let meets_c = dishonesty[0] || penalty[0] || fatal_general_1y >= 1 || !standardized || listed;
    let meets_a = committed && !dishonesty[1] && !penalty[1] && !fatal[1] && standardized && !listed;
    let meets_b = committed && !dishonesty[0] && !penalty[0] && !fatal[0] && !listed;
    let grade = if meets_d {
        Grade::D
    } else if meets_c {
        Grade::C
    } else if meets_a {
        Grade::A
    } else if meets_b {
        Grade::B
    } else {
        Grade::Unrated
    };
    let (tier, interval, measures) = match grade {
        Grade::A => (Tier::County, Some(24), Some(Measures::Priority)),
        Grade::B => (Tier::County, Some(12), Some(Measures::Consideration)),
        Grade::C => (Tier::City, Some(6), Some(Measures::NoneStated)),
        Grade::D => (Tier::Region, Some(3), Some(Measures::ExcludedKeySupervision)),
        Grade::Unrated => (Tier::None, None, None),
    };
    let joint_target = grade == Grade::D && (major_1y || larger_1y >= 2 || typical_1y || serious_1y);
    let last_inspection =
        index.inspections_of(s).iter().map(|&i| facts.inspections[i as usize].date).filter(|d| *d <= as_of).max();
    let next_due = interval.and_then(|m| last_inspection.map(|d| d.plus_months(m)));
    let overdue_days = next_due.filter(|due| as_of > *due).map(|due| as_of.days_since(due));
    Row {
        grade,
        tier,
        high_risk: !matches!(
            subject.category,
            crate::facts::Category::MetallurgyTrade | crate::facts::Category::SafetyService
        ),
        joint_target,
        last_inspection,
        next_due,
        overdue_days,
        never_inspected: interval.is_some() && last_inspection.is_none(),
        measures,
    }
}

/// The same fields as the rules derived them, for the row-for-row check.
pub fn from_model(model: &crate::rules::Model) -> Vec<Row> {
    model
        .subjects
        .iter()
        .map(|r| Row {
            grade: r.grade,
            tier: r.tier,
            high_risk: r.high_risk,
            joint_target: r.joint_target(),
            last_inspection: r.last_inspection,
            next_due: r.next_due,
            overdue_days: r.overdue_days,
            never_inspected: r.never_inspected,
            measures: r.measures,
        })
        .collect()
}
