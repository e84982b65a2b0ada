//! Parsers for single cells of a fact file: dates, booleans, whole numbers.
//! Each returns `None` on bad input; the loader turns that into a diagnostic
//! that quotes the value and says what was expected. Depends on `day`.

use super::day::Day;

/// What a date cell may look like, for "expected …" messages.
pub const DATE_EXPECTED: &str = "a date such as 2024-03-05, 2024/3/5, 2024.3.5 or 2024年3月5日";
pub const BOOL_EXPECTED: &str = "yes/no, true/false, 是/否 or 1/0";

/// Accepts `2024-03-05`, `2024/3/5`, `2024.3.5` and `2024年3月5日`
/// (one- or two-digit month and day). An impossible date is `None`.
pub fn parse_date(text: &str) -> Option<Day> {
    let (y, m, d) = if let Some(rest) = text.strip_suffix('日') {
        let (y, rest) = rest.split_once('年')?;
        let (m, d) = rest.split_once('月')?;
        (y, m, d)
    } else {
        let sep = text.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
        let mut parts = text.split(sep);
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        (y, m, d)
    };
    let digits =
        |s: &str, min: usize, max: usize| (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(y, 4, 4) || !digits(m, 1, 2) || !digits(d, 1, 2) {
        return None;
    }
    Day::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// Accepts yes/no, true/false, 是/否, 1/0 (ASCII case-insensitive).
pub fn parse_bool(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "是" | "1" => Some(true),
        "no" | "n" | "false" | "否" | "0" => Some(false),
        _ => None,
    }
}

/// `yes` or `no`: how the data contract writes a boolean (the inverse of [`parse_bool`]).
pub fn yes_no(value: bool) -> &'static str {
    if value { "yes" } else { "no" }
}

/// A date as the data contract writes it, or empty for none.
pub fn day_or_empty(day: Option<Day>) -> String {
    day.map(|d| d.to_string()).unwrap_or_default()
}

/// A whole number ≥ 0 (used for `deaths`).
pub fn parse_count(text: &str) -> Option<u32> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Is this how Excel shows a long number in a General cell, `1.50203E+17`? An
/// identifier spelled so was typed as a number in Excel: it was cut to 15
/// significant digits and then rounded for display, so its digits are lost.
pub fn is_scientific(text: &str) -> bool {
    // Quick rejection first: this runs on every identifier cell.
    let b = text.as_bytes();
    let mark = |i: usize| matches!(b.get(i), Some(b'.' | b'E'));
    if !b.first().is_some_and(u8::is_ascii_digit)
        || !(mark(1) || b[1..].first().is_some_and(u8::is_ascii_digit) && mark(2))
    {
        return false;
    }
    let Some((mantissa, exponent)) = text.split_once("E+") else { return false };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    digits(whole) && whole.len() <= 2 && digits(fraction) && digits(exponent) && exponent.len() <= 3
}

/// The day an Excel date serial stands for: a bare 5-digit number in a date
/// column is what Excel writes for a date cell saved as a number (`45383` is
/// 2024-04-01). Serials count days from 1899-12-30 (for every date after
/// 1900-02-28, Excel's 1900 leap-year bug included).
pub fn excel_serial(text: &str) -> Option<Day> {
    if text.len() != 5 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let serial: i32 = text.parse().ok()?;
    Some(Day::from_ymd(1899, 12, 30)?.plus_days(serial))
}

/// What to do about an identifier damaged by Excel.
pub const EXCEL_TEXT_HINT: &str = "the full value as text: in Excel, format the column as 文本 (Text) and re-enter the values (Excel keeps only 15 significant digits of a number), then save again";

/// What to do about a date saved as a serial number.
pub const EXCEL_DATE_HINT: &str =
    "a date such as 2024-04-01: in Excel, format the column as 日期 (Date) or as text YYYY-MM-DD before saving as CSV";

/// The separators of a list of names in one cell, as the bureau writes them
/// (`郝文博、贾春燕`, `王芳, 李强`, `张伟/赵敏`).
pub const LIST_SEPARATORS: &[char] = &['、', '，', ',', '；', ';', '/'];

/// The names of a staff cell (`collector`, `investigator`): split at any of
/// [`LIST_SEPARATORS`], each trimmed (ideographic spaces too), empty ones dropped.
pub fn names(text: &str) -> impl Iterator<Item = &str> {
    text.split(LIST_SEPARATORS).map(str::trim).filter(|name| !name.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_damage_is_recognised_and_nothing_else() {
        for damaged in ["1.50203E+17", "9.15E+17", "1E+17", "1.38123E+10"] {
            assert!(is_scientific(damaged), "{damaged}");
        }
        for fine in ["150203198001011234", "S001", "E+17", "1.5E17", "1.5e+17", "A1.5E+17", "1.E+17", "1.5E+"] {
            assert!(!is_scientific(fine), "{fine}");
        }
        assert_eq!(excel_serial("45383"), Day::from_ymd(2024, 4, 1));
        assert_eq!(excel_serial("45351"), Day::from_ymd(2024, 2, 29));
        assert_eq!(excel_serial("2024"), None);
        assert_eq!(excel_serial("453830"), None);
        assert_eq!(excel_serial("4538a"), None);
    }

    #[test]
    fn staff_lists_split_at_every_separator() {
        let all: Vec<&str> = names(" 郝文博、贾春燕，王芳,李强；赵敏;周雅琴/ 阎海涛\u{3000}、、").collect();
        assert_eq!(all, ["郝文博", "贾春燕", "王芳", "李强", "赵敏", "周雅琴", "阎海涛"]);
        assert_eq!(names("").count(), 0);
        assert_eq!(names("张伟").collect::<Vec<_>>(), ["张伟"]);
    }

    #[test]
    fn dates_in_every_accepted_spelling() {
        let want = Day::from_ymd(2024, 3, 5);
        for text in ["2024-03-05", "2024/3/5", "2024.3.5", "2024年3月5日", "2024-3-5", "2024/03/05", "2024年03月05日"]
        {
            assert_eq!(parse_date(text), want, "{text}");
        }
    }

    #[test]
    fn impossible_or_malformed_dates_are_rejected() {
        for text in [
            "2024-02-30",
            "2023-02-29",
            "2024-13-01",
            "2024-00-10",
            "24-3-5",
            "2024-3",
            "2024-03-05-01",
            "2024/03-05",
            "2024年3月5",
            "20240305",
            "",
            "2024-３-05",
            "today",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
        assert_eq!(parse_date("2024-02-29"), Day::from_ymd(2024, 2, 29));
    }

    #[test]
    fn booleans() {
        for t in ["yes", "YES", "true", "是", "1"] {
            assert_eq!(parse_bool(t), Some(true), "{t}");
        }
        for t in ["no", "False", "否", "0"] {
            assert_eq!(parse_bool(t), Some(false), "{t}");
        }
        for t in ["", "2", "maybe", "对"] {
            assert_eq!(parse_bool(t), None, "{t}");
        }
    }

    #[test]
    fn counts() {
        assert_eq!(parse_count("0"), Some(0));
        assert_eq!(parse_count("12"), Some(12));
        for t in ["-1", "1.5", "two", "", "+3"] {
            assert_eq!(parse_count(t), None, "{t}");
        }
    }
}
