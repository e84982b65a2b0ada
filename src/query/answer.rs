//! A query's answer (查询结果): the distinct bindings of its named variables,
//! or their aggregate per group (`count`, `sum`, `min`, `max`, `avg`), then
//! sorted and cut (`sort by`, `limit`). Cells are typed; `report::answer`
//! renders them.

use super::db::{Database, Value, ValueKind};
use super::eval::{Plan, QueryError, kind_name};
use super::parse::{AggOp, Query, Span};
use crate::facts::Day;
use crate::facts::load::closest;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

/// One cell of an answer.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Cell {
    Int(i64),
    Date(Day),
    Text(String),
    /// An average, in hundredths (`avg`): 1250 is 12.50.
    Decimal(i64),
}

impl std::fmt::Display for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cell::Int(n) => write!(f, "{n}"),
            Cell::Date(d) => write!(f, "{d}"),
            Cell::Text(s) => f.write_str(s),
            Cell::Decimal(h) => {
                let sign = if *h < 0 { "-" } else { "" };
                write!(f, "{sign}{}.{:02}", h.abs() / 100, h.abs() % 100)
            }
        }
    }
}

impl serde::Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Int(n) => s.serialize_i64(*n),
            Cell::Date(d) => d.serialize(s),
            Cell::Text(t) => s.serialize_str(t),
            Cell::Decimal(h) => s.serialize_f64(*h as f64 / 100.0),
        }
    }
}

/// The rows of a query: one column per named variable (or the group
/// variables and `count`), sorted, without duplicates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

fn to_cell(db: &Database, v: Value) -> Cell {
    match v.kind() {
        ValueKind::Int => Cell::Int(v.as_int()),
        ValueKind::Date => Cell::Date(v.as_date()),
        ValueKind::Text => Cell::Text(db.pool().resolve(v.as_sym()).to_string()),
    }
}

/// A query's rows: the bindings, or their aggregate per group; then sorted and cut.
pub(super) fn finish(
    db: &Database,
    query: &Query,
    plan: &Plan,
    found: HashSet<Vec<Value>>,
) -> Result<Answer, QueryError> {
    let vars = &plan.vars;
    let named = &plan.keys;
    let find = |name: &str, span: Span, what: &str| -> Result<usize, QueryError> {
        match vars.iter().position(|v| v.name == name).filter(|i| named.contains(i)) {
            Some(i) => Ok(named.iter().position(|n| *n == i).expect("named")),
            None => {
                let known: Vec<&str> = named.iter().map(|&i| vars[i].name.as_str()).collect();
                Err(QueryError {
                    message: format!("{what}: {name} does not appear in the query"),
                    span,
                    hint: closest(name, &known).map(|c| format!("did you mean {c}?")),
                })
            }
        }
    };
    let (columns, mut rows) = match &query.aggregate {
        None => {
            let columns = named.iter().map(|&i| vars[i].name.clone()).collect();
            let mut rows: Vec<Vec<Cell>> =
                found.into_iter().map(|row| row.into_iter().map(|v| to_cell(db, v)).collect()).collect();
            rows.sort();
            rows.dedup();
            (columns, rows)
        }
        Some(agg) => {
            let keys: Vec<usize> = agg
                .by
                .iter()
                .map(|(n, span)| find(n, *span, &format!("`{} by {n}`", agg.op.name())))
                .collect::<Result<_, _>>()?;
            let of = match &agg.of {
                None => None,
                Some((name, span)) => {
                    let at = find(name, *span, &format!("`{} {name}`", agg.op.name()))?;
                    let kind = vars[named[at]].kind.as_ref().map_or(ValueKind::Text, |k| k.0);
                    let fits = match agg.op {
                        AggOp::Count => true,
                        AggOp::Sum => kind == ValueKind::Int,
                        AggOp::Min | AggOp::Max | AggOp::Avg => kind != ValueKind::Text,
                    };
                    if !fits {
                        return Err(QueryError {
                            message: format!(
                                "cannot take the {} of {name}, which holds {}",
                                agg.op.name(),
                                kind_name(kind)
                            ),
                            span: *span,
                            hint: Some(
                                "sum works on numbers; min, max and avg on numbers and dates; count on anything".into(),
                            ),
                        });
                    }
                    Some(at)
                }
            };
            let mut groups: HashMap<Vec<Value>, Vec<Value>> = HashMap::new();
            for row in &found {
                let values = groups.entry(keys.iter().map(|&k| row[k]).collect()).or_default();
                if let Some(at) = of {
                    values.push(row[at]);
                } else {
                    values.push(Value::int(0));
                }
            }
            if keys.is_empty() && groups.is_empty() && matches!(agg.op, AggOp::Count | AggOp::Sum) {
                groups.insert(Vec::new(), Vec::new());
            }
            let mut columns: Vec<String> = keys.iter().map(|&k| vars[named[k]].name.clone()).collect();
            columns.push(agg.op.name().to_string());
            let mut rows: Vec<Vec<Cell>> = groups
                .into_iter()
                .map(|(key, values)| {
                    let result = aggregate(agg.op, &values);
                    key.into_iter().map(|v| to_cell(db, v)).chain([result]).collect()
                })
                .collect();
            rows.sort();
            (columns, rows)
        }
    };
    if !query.sort.is_empty() {
        let mut by = Vec::new();
        for (name, span, desc) in &query.sort {
            match columns.iter().position(|c| c == name) {
                Some(i) => by.push((i, *desc)),
                None => {
                    return Err(QueryError {
                        message: format!("`sort by {name}`: the answer has no column {name}"),
                        span: *span,
                        hint: Some(format!("its columns: {}", columns.join(", "))),
                    });
                }
            }
        }
        rows.sort_by(|a, b| {
            by.iter()
                .map(|&(i, desc)| if desc { b[i].cmp(&a[i]) } else { a[i].cmp(&b[i]) })
                .find(|o| o.is_ne())
                .unwrap_or(Ordering::Equal)
        });
    }
    if let Some((n, _)) = query.limit {
        rows.truncate(n);
    }
    Ok(Answer { columns, rows })
}

/// One group's aggregate over its values (all of one kind).
fn aggregate(op: AggOp, values: &[Value]) -> Cell {
    let number = |v: &Value| if v.kind() == ValueKind::Date { i64::from(v.as_date().0) } else { v.as_int() };
    let dates = values.first().is_some_and(|v| v.kind() == ValueKind::Date);
    let cell = |n: i64| if dates { Cell::Date(Day(n as i32)) } else { Cell::Int(n) };
    match op {
        AggOp::Count => Cell::Int(values.len() as i64),
        AggOp::Sum => Cell::Int(values.iter().map(number).sum()),
        AggOp::Min => cell(values.iter().map(number).min().unwrap_or(0)),
        AggOp::Max => cell(values.iter().map(number).max().unwrap_or(0)),
        AggOp::Avg => {
            let n = values.len().max(1) as i128;
            let sum: i128 = values.iter().map(|v| i128::from(number(v))).sum();
            if dates {
                // The mean day, rounded to the nearest.
                Cell::Date(Day(((2 * sum + n).div_euclid(2 * n)) as i32))
            } else {
                Cell::Decimal(((200 * sum + n).div_euclid(2 * n)) as i64)
            }
        }
    }
}
