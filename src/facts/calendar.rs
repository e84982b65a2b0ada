//! The working-day calendar (工作日历) for Art. 12's "20个工作日": Monday to
//! Friday, less official holidays, plus official make-up working days (调休).
//! The State Council schedules for 2023–2026 are embedded in the binary
//! (`data/official-calendar.csv`, from the holiday-cn data set, MIT);
//! entries of `facts/calendar.csv` override them date by date.
//! Depends on `day` and `codes`.

use super::codes::DayKind;
use super::day::Day;
use rustc_hash::{FxHashMap, FxHashSet};

const OFFICIAL: &str = include_str!("../../data/official-calendar.csv");
/// Years whose official notice is in `OFFICIAL` (2022-12-31 belongs to the 2023 notice).
const OFFICIAL_YEARS: std::ops::RangeInclusive<i32> = 2023..=2026;

#[derive(Clone, Debug)]
pub struct Calendar {
    days: FxHashMap<Day, DayKind>,
    covered: FxHashSet<i32>,
}

/// The result of counting working days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Counted {
    pub day: Day,
    /// Years the count passed through that no schedule covers: there, only
    /// weekends were treated as days off.
    pub uncovered_years: Vec<i32>,
}

impl Calendar {
    /// The embedded official schedule.
    pub fn official() -> Calendar {
        let mut days = FxHashMap::default();
        for line in OFFICIAL.lines().skip(1) {
            let mut cells = line.split(',');
            let (Some(date), Some(kind)) = (cells.next(), cells.next()) else {
                continue;
            };
            let date = Day::parse_iso(date).expect("embedded calendar has ISO dates");
            days.insert(date, DayKind::parse(kind).expect("embedded calendar has known kinds"));
        }
        Calendar { days, covered: OFFICIAL_YEARS.collect() }
    }

    /// The working days of a facts folder: the official schedule with its
    /// `calendar.csv` applied.
    pub fn of(facts: &super::FactSet) -> Calendar {
        Calendar::with_overrides(facts.calendar.iter().map(|e| (e.date, e.kind)))
    }

    /// The official schedule with `overrides` (date, kind) applied; a year
    /// with any override counts as covered.
    pub fn with_overrides(overrides: impl IntoIterator<Item = (Day, DayKind)>) -> Calendar {
        let mut calendar = Calendar::official();
        for (date, kind) in overrides {
            calendar.days.insert(date, kind);
            calendar.covered.insert(date.year());
        }
        calendar
    }

    pub fn is_working_day(&self, day: Day) -> bool {
        match self.days.get(&day) {
            Some(DayKind::Holiday) => false,
            Some(DayKind::Workday) => true,
            None => day.weekday() <= 5,
        }
    }

    pub fn covers(&self, year: i32) -> bool {
        self.covered.contains(&year)
    }

    /// The `n`-th working day after `start`; `start` itself is not counted
    /// (民法典 第二百零一条: 开始的当日不计入).
    pub fn add_working_days(&self, start: Day, n: u32) -> Counted {
        let mut day = start;
        let mut left = n;
        let mut uncovered_years = Vec::new();
        // The year is looked up only when the count crosses into a new one.
        let mut next_year = Day(i32::MIN);
        while left > 0 {
            day = day.plus_days(1);
            if day >= next_year {
                let year = day.year();
                next_year = Day::from_ymd(year + 1, 1, 1).unwrap_or(Day(i32::MAX));
                if !self.covers(year) && !uncovered_years.contains(&year) {
                    uncovered_years.push(year);
                }
            }
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        Counted { day, uncovered_years }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Day {
        Day::parse_iso(s).unwrap()
    }

    #[test]
    fn official_schedule_marks_holidays_and_make_up_days() {
        let c = Calendar::official();
        assert!(!c.is_working_day(d("2025-10-01")), "National Day");
        assert!(c.is_working_day(d("2025-09-28")), "a Sunday made a working day");
        assert!(c.is_working_day(d("2024-02-09")), "除夕 2024 is a working day");
        assert!(!c.is_working_day(d("2025-11-29")), "a plain Saturday");
        assert!(c.is_working_day(d("2025-11-28")), "a plain Friday");
        assert!(c.covers(2026) && !c.covers(2027) && !c.covers(2022));
    }

    #[test]
    fn twenty_working_days_across_national_day_2025() {
        // Decided Wed 2025-09-24. Working days: 9-25, 9-26, 9-28 (make-up Sunday),
        // 9-29, 9-30 (5); 10-01..10-08 off; 10-09, 10-10, 10-11 (make-up Saturday) (8);
        // 10-13..10-17 (13); 10-20..10-24 (18); 10-27, 10-28 (20).
        let c = Calendar::official();
        assert_eq!(c.add_working_days(d("2025-09-24"), 20), Counted { day: d("2025-10-28"), uncovered_years: vec![] });
    }

    #[test]
    fn twenty_working_days_across_spring_festival_2026() {
        // Decided Fri 2026-02-06: 2-09..2-13 (5), 2-14 make-up Saturday (6), 2-15..2-23 off,
        // 2-24..2-27 (10), 2-28 make-up Saturday (11), 3-02..3-06 (16), 3-09..3-12 (20).
        let c = Calendar::official();
        assert_eq!(c.add_working_days(d("2026-02-06"), 20).day, d("2026-03-12"));
    }

    #[test]
    fn start_day_is_not_counted() {
        let c = Calendar::official();
        assert_eq!(c.add_working_days(d("2025-11-24"), 1).day, d("2025-11-25"));
        // Counting from a Friday lands on Monday.
        assert_eq!(c.add_working_days(d("2025-11-28"), 1).day, d("2025-12-01"));
    }

    #[test]
    fn counting_into_an_unscheduled_year_is_reported() {
        let c = Calendar::official();
        // No 2027 schedule: 2027-01-01 (a Friday) is taken as a working day.
        let counted = c.add_working_days(d("2026-12-20"), 20);
        assert_eq!(counted, Counted { day: d("2027-01-15"), uncovered_years: vec![2027] });
        // facts/calendar.csv declaring it a holiday moves the deadline to Monday and covers 2027.
        let overridden = Calendar::with_overrides([(d("2027-01-01"), DayKind::Holiday)]);
        let counted = overridden.add_working_days(d("2026-12-20"), 20);
        assert_eq!(counted, Counted { day: d("2027-01-18"), uncovered_years: vec![] });
    }
}
