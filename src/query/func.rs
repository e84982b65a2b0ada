//! The date built-ins of the query language (日期函数): relations computed
//! from their first two arguments, with the calendar arithmetic the rules use.

use super::db::{ColType, Value, ValueKind};

/// A built-in relation computed from its first two arguments (日期函数): the
/// calendar arithmetic of the rules, for rules of one's own.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Func {
    /// `years_before(Date, N, Start)`: Start = Date − N years, 29 February → 28 February.
    YearsBefore,
    /// `months_after(Date, N, End)`: the same day N months later, clamped to the month's end.
    MonthsAfter,
    /// `days_between(D1, D2, N)`: N = D2 − D1 in days.
    DaysBetween,
}

/// A built-in function: name, the function, its columns, what it computes.
pub type FuncDef = (&'static str, Func, [(&'static str, ColType); 3], &'static str);

/// The built-in functions: name, columns, what each computes.
pub const FUNCS: &[FuncDef] = &[
    (
        "years_before",
        Func::YearsBefore,
        [("Date", ColType::Date), ("N", ColType::Int), ("Start", ColType::Date)],
        "Start = Date − N years, clamped as the rules clamp (2024-02-29 − 1 year = 2023-02-28); Date and N must be bound",
    ),
    (
        "months_after",
        Func::MonthsAfter,
        [("Date", ColType::Date), ("N", ColType::Int), ("End", ColType::Date)],
        "End = Date + N months, clamped to the month's end (2024-08-31 + 6 months = 2025-02-28); Date and N must be bound",
    ),
    (
        "days_between",
        Func::DaysBetween,
        [("D1", ColType::Date), ("D2", ColType::Date), ("N", ColType::Int)],
        "N = D2 − D1 in days (negative when D2 is earlier); D1 and D2 must be bound",
    ),
];

impl Func {
    pub(super) fn apply(self, a: Value, b: Value) -> Option<Value> {
        match self {
            Func::YearsBefore | Func::MonthsAfter => {
                if a.kind() != ValueKind::Date || b.kind() != ValueKind::Int {
                    return None;
                }
                let n = u32::try_from(b.as_int()).ok()?;
                Some(Value::date(match self {
                    Func::YearsBefore => a.as_date().minus_years(n),
                    _ => a.as_date().plus_months(n),
                }))
            }
            Func::DaysBetween => {
                if a.kind() != ValueKind::Date || b.kind() != ValueKind::Date {
                    return None;
                }
                Some(Value::int(i64::from(b.as_date().days_since(a.as_date()))))
            }
        }
    }
}
