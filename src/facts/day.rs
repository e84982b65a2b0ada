//! Calendar dates as day numbers (日期), and the calendar arithmetic the
//! measures need: "N年内" windows and month-based inspection intervals.
//! Depends on nothing but chrono.

use chrono::{Datelike, Days, Months, NaiveDate};
use std::fmt;

/// A calendar date, stored as the number of days since 0001-01-01 (CE day 1).
///
/// Four bytes, `Copy`, ordered: relations hold these instead of strings.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Day(pub i32);

impl Day {
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        NaiveDate::from_ymd_opt(year, month, day).map(Day::from_naive)
    }

    pub fn from_naive(date: NaiveDate) -> Day {
        Day(date.num_days_from_ce())
    }

    pub fn naive(self) -> NaiveDate {
        NaiveDate::from_num_days_from_ce_opt(self.0).expect("day number within chrono's range")
    }

    pub fn year(self) -> i32 {
        self.naive().year()
    }

    /// Today's date. `SAFECREDIT_TODAY=YYYY-MM-DD` pins it, so that tests
    /// and archived runs are reproducible.
    pub fn today() -> Day {
        if let Ok(pinned) = std::env::var("SAFECREDIT_TODAY") {
            if let Some(day) = Day::parse_iso(pinned.trim()) {
                return day;
            }
        }
        Day::from_naive(chrono::Local::now().date_naive())
    }

    /// Parses exactly `YYYY-MM-DD` (the form used on command lines and in
    /// queries). Fact files accept more spellings: see `facts::cell::parse_date`.
    pub fn parse_iso(text: &str) -> Option<Day> {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().filter(|_| text.len() == 10).map(Day::from_naive)
    }

    /// The same calendar date N years earlier; 29 February falls back to
    /// 28 February (2024-02-29 − 1 year = 2023-02-28).
    pub fn minus_years(self, years: u32) -> Day {
        let date = self.naive();
        Day::from_naive(date.checked_sub_months(Months::new(12 * years)).unwrap_or(NaiveDate::MIN))
    }

    /// The same day of the month N months later, clamped to the month's
    /// last day (2024-08-31 + 6 months = 2025-02-28).
    pub fn plus_months(self, months: u32) -> Day {
        let date = self.naive();
        Day::from_naive(date.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX))
    }

    pub fn plus_days(self, days: i32) -> Day {
        Day(self.0 + days)
    }

    /// Days from `earlier` to `self` (negative when `earlier` is later).
    pub fn days_since(self, earlier: Day) -> i32 {
        self.0 - earlier.0
    }

    /// Monday = 1 … Sunday = 7. Day 1 (0001-01-01, proleptic Gregorian) was a Monday.
    pub fn weekday(self) -> u32 {
        (self.0 - 1).rem_euclid(7) as u32 + 1
    }

    /// The first date on which `self` is no longer "within N years":
    /// the smallest t with t − N years > self.
    pub fn leaves_window(self, years: u32) -> Day {
        let mut t = Day::from_naive(
            self.naive()
                .checked_add_months(Months::new(12 * years))
                .and_then(|d| d.checked_add_days(Days::new(1)))
                .unwrap_or(NaiveDate::MAX),
        );
        // Clamping at month ends can put the first guess a day or two off.
        while t.minus_years(years) <= self {
            t = t.plus_days(1);
        }
        while t.plus_days(-1).minus_years(years) > self {
            t = t.plus_days(-1);
        }
        t
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.naive();
        write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
    }
}

impl fmt::Debug for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl serde::Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Day {
        Day::parse_iso(s).unwrap()
    }

    #[test]
    fn minus_years_clamps_leap_day() {
        assert_eq!(d("2024-02-29").minus_years(1), d("2023-02-28"));
        assert_eq!(d("2024-02-29").minus_years(3), d("2021-02-28"));
        assert_eq!(d("2024-02-29").minus_years(4), d("2020-02-29"));
        assert_eq!(d("2025-03-01").minus_years(1), d("2024-03-01"));
    }

    #[test]
    fn plus_months_clamps_to_month_end() {
        assert_eq!(d("2024-08-31").plus_months(6), d("2025-02-28"));
        assert_eq!(d("2023-08-31").plus_months(6), d("2024-02-29"));
        assert_eq!(d("2024-01-31").plus_months(3), d("2024-04-30"));
        assert_eq!(d("2024-02-29").plus_months(24), d("2026-02-28"));
        assert_eq!(d("2024-05-15").plus_months(12), d("2025-05-15"));
    }

    #[test]
    fn leaves_window_is_first_day_outside() {
        for (date, years) in [("2024-02-29", 1), ("2023-03-01", 1), ("2024-06-30", 3), ("2023-02-28", 1)] {
            let day = d(date);
            let out = day.leaves_window(years);
            assert!(out.minus_years(years) > day, "{date} +{years}: {out} must be outside");
            assert!(out.plus_days(-1).minus_years(years) <= day, "{date} +{years}: day before {out} must be inside");
        }
        assert_eq!(d("2024-02-29").leaves_window(1), d("2025-03-01"));
        assert_eq!(d("2025-06-30").leaves_window(1), d("2026-07-01"));
        // 2024-02-29 − 1 year = 2023-02-28, so an event of 2023-02-28 is still inside then.
        assert_eq!(d("2023-02-28").leaves_window(1), d("2024-03-01"));
    }

    #[test]
    fn iso_parse_is_strict() {
        assert!(Day::parse_iso("2024-02-30").is_none());
        assert!(Day::parse_iso("2024-2-3").is_none());
        assert_eq!(d("2024-03-05").to_string(), "2024-03-05");
        assert_eq!(d("2024-03-05").weekday(), 2);
    }

    #[test]
    fn weekday_from_the_day_number_agrees_with_chrono() {
        // Every day of 1999–2031, leap days and year ends included.
        let (first, last) = (d("1999-01-01"), d("2031-12-31"));
        for n in first.0..=last.0 {
            let day = Day(n);
            assert_eq!(day.weekday(), day.naive().weekday().number_from_monday(), "{day}");
        }
        assert_eq!(Day(1).weekday(), 1, "0001-01-01 was a Monday");
    }
}
