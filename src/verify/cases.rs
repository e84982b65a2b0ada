//! The abstract cases of Art. 13 (抽象案例): the facts the grade clauses
//! look at, reduced to a few features with a few values each; every
//! combination becomes a concrete subject whose records are written as CSV
//! and graded by the real rules.

use crate::facts::Day;

/// One feature of a case and the values it can take; value 0 is "nothing on record".
pub struct Feature {
    pub name: &'static str,
    pub values: &'static [&'static str],
}

pub const FEATURES: &[Feature] = &[
    Feature { name: "commitment", values: &["no", "yes"] },
    Feature { name: "standardization", values: &["valid", "none"] },
    Feature { name: "listing", values: &["none", "active"] },
    Feature { name: "dishonesty", values: &["none", "1–3 years ago", "within 1 year"] },
    Feature { name: "penalty", values: &["none", "1–3 years ago", "within 1 year"] },
    Feature {
        name: "fatal general accident",
        values: &["none", "1–3 years ago", "one within 1 year", "two within 1 year"],
    },
    Feature { name: "larger-or-above accident", values: &["none", "within 1 year"] },
    Feature { name: "D.2–D.10 violation", values: &["none", "within 1 year"] },
];

/// The as-of date every abstract case is evaluated at.
pub fn as_of() -> Day {
    Day::from_ymd(2026, 6, 30).expect("a real date")
}

/// A case: one value index per feature.
pub type Case = Vec<u8>;

/// Every combination of feature values, in a fixed order.
pub fn all_cases() -> Vec<Case> {
    let mut cases: Vec<Case> = vec![Vec::new()];
    for feature in FEATURES {
        cases = cases
            .into_iter()
            .flat_map(|c| (0..feature.values.len() as u8).map(move |v| [c.clone(), vec![v]].concat()))
            .collect();
    }
    cases
}

/// How many records a case needs: the size of its smallest witness.
pub fn weight(case: &Case) -> usize {
    let standardization = usize::from(case[1] == 0);
    let commitment = usize::from(case[0] == 1);
    let events: usize = [case[3] > 0, case[4] > 0, case[6] > 0, case[7] > 0].iter().filter(|b| **b).count()
        + match case[5] {
            0 => 0,
            3 => 2,
            _ => 1,
        };
    standardization + commitment + usize::from(case[2] == 1) + events
}

/// Rows of the fact files for a set of cases, as (file, CSV text).
pub fn fact_files(cases: &[(String, &Case)]) -> Vec<(String, String)> {
    let mut subjects = String::from("id,name,category,committed_on\n");
    let mut standardization = String::from("subject,level,awarded_on,expires_on\n");
    let mut listings = String::from("subject,sector,listed_on,lifted_on\n");
    let mut events =
        String::from("id,subject,person,date,kind,accident_level,deaths,liable,typical,authority,repaired_on\n");
    let long_ago = "2024-06-30"; // two years before the as-of date: inside 3 years, outside 1
    let recent = "2026-01-15";
    for (id, case) in cases {
        let committed = if case[0] == 1 { "2020-01-01" } else { "" };
        subjects.push_str(&format!("{id},抽象案例 {id},hazardous_chemicals,{committed}\n"));
        if case[1] == 0 {
            standardization.push_str(&format!("{id},3,2020-01-01,\n"));
        }
        if case[2] == 1 {
            listings.push_str(&format!("{id},税务,2025-01-01,\n"));
        }
        let mut n = 0;
        let mut event = |date: &str, kind: &str, accident: &str| {
            n += 1;
            events.push_str(&format!("{id}-E{n},{id},,{date},{kind},{accident},,\n"));
        };
        match case[3] {
            1 => event(long_ago, "dishonesty", ",,,"),
            2 => event(recent, "dishonesty", ",,,"),
            _ => {}
        }
        match case[4] {
            1 => event(long_ago, "penalty", ",,,"),
            2 => event(recent, "penalty", ",,,"),
            _ => {}
        }
        match case[5] {
            1 => event(long_ago, "accident", "general,1,yes,no"),
            2 => event(recent, "accident", "general,1,yes,no"),
            3 => {
                event(recent, "accident", "general,1,yes,no");
                event("2026-03-15", "accident", "general,2,yes,no");
            }
            _ => {}
        }
        if case[6] == 1 {
            event("2026-02-01", "accident", "larger,0,yes,no");
        }
        if case[7] == 1 {
            event("2026-02-01", "unlicensed_operation", ",,,");
        }
    }
    vec![
        ("subjects.csv".into(), subjects),
        ("standardization.csv".into(), standardization),
        ("joint_punishments.csv".into(), listings),
        ("events.csv".into(), events),
    ]
}

/// A set of cases as a few readable conditions (a cover by cubes: each
/// condition fixes some features to some values and leaves the rest free).
pub fn summarize(cases: &[&Case]) -> Vec<String> {
    use std::collections::BTreeSet;
    let members: BTreeSet<&Case> = cases.iter().copied().collect();
    let mut uncovered: BTreeSet<&Case> = members.clone();
    let mut cubes: Vec<Vec<Vec<u8>>> = Vec::new();
    let inside = |cube: &Vec<Vec<u8>>| -> bool {
        let mut points: Vec<Case> = vec![Vec::new()];
        for allowed in cube {
            points =
                points.into_iter().flat_map(|p| allowed.iter().map(move |v| [p.clone(), vec![*v]].concat())).collect();
        }
        points.iter().all(|p| members.contains(p))
    };
    while let Some(&seed) = uncovered.iter().next() {
        let mut cube: Vec<Vec<u8>> = seed.iter().map(|v| vec![*v]).collect();
        for (f, feature) in FEATURES.iter().enumerate() {
            for value in 0..feature.values.len() as u8 {
                if cube[f].contains(&value) {
                    continue;
                }
                let mut wider = cube.clone();
                wider[f].push(value);
                wider[f].sort_unstable();
                if inside(&wider) {
                    cube = wider;
                }
            }
        }
        uncovered.retain(|c| !cube.iter().zip(c.iter()).all(|(allowed, v)| allowed.contains(v)));
        cubes.push(cube);
    }
    cubes
        .iter()
        .map(|cube| {
            let parts: Vec<String> = cube
                .iter()
                .enumerate()
                .filter(|(f, allowed)| allowed.len() < FEATURES[*f].values.len())
                .map(|(f, allowed)| {
                    let names: Vec<&str> = allowed.iter().map(|v| FEATURES[f].values[*v as usize]).collect();
                    if names.len() == 1 {
                        format!("{} = {}", FEATURES[f].name, names[0])
                    } else {
                        format!("{} ∈ {{{}}}", FEATURES[f].name, names.join(", "))
                    }
                })
                .collect();
            if parts.is_empty() { "any case".to_string() } else { parts.join(" ∧ ") }
        })
        .collect()
}

/// The case in words: commitment and standardization, and whatever else is on record.
pub fn describe(case: &Case) -> String {
    FEATURES
        .iter()
        .zip(case)
        .enumerate()
        .filter(|(i, (_, v))| *i < 2 || **v != 0)
        .map(|(_, (f, v))| format!("{} = {}", f.name, f.values[*v as usize]))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enumerates_every_combination() {
        assert_eq!(all_cases().len(), 2 * 2 * 2 * 3 * 3 * 4 * 2 * 2);
    }

    #[test]
    fn summaries_are_cubes() {
        let all = all_cases();
        let no_commitment: Vec<&Case> = all.iter().filter(|c| c[0] == 0).collect();
        assert_eq!(summarize(&no_commitment), ["commitment = no"]);
        let two: Vec<&Case> = all.iter().filter(|c| c[0] == 0 && c[3] <= 1 && c[7] == 0).collect();
        assert_eq!(
            summarize(&two),
            ["commitment = no ∧ dishonesty ∈ {none, 1–3 years ago} ∧ D.2–D.10 violation = none"]
        );
    }
}
