//! Rendering query answers: an aligned table with a row count, CSV with a
//! header of variable names, or JSON (an array of objects), and query
//! errors with a caret under the column they are about.

use super::table::Table;
use crate::query::parse::Span;
use crate::query::{Answer, Cell, QueryError};
use unicode_width::UnicodeWidthStr;

pub fn table(answer: &Answer) -> String {
    if answer.columns.is_empty() {
        return format!("{}\n", if answer.rows.is_empty() { "no (0 rows)" } else { "yes (1 row)" });
    }
    let header: Vec<&str> = answer.columns.iter().map(|c| c.as_str()).collect();
    let mut t = Table::new(&header);
    for (i, cell) in answer.rows.first().map(|r| r.as_slice()).unwrap_or(&[]).iter().enumerate() {
        if matches!(cell, Cell::Int(_)) {
            t = t.align_right(i);
        }
    }
    for row in &answer.rows {
        t.push(row.iter().map(|c| c.to_string()).collect());
    }
    format!("{}({} row{})\n", t.render(), answer.rows.len(), if answer.rows.len() == 1 { "" } else { "s" })
}

pub fn csv(answer: &Answer) -> String {
    let header: Vec<&str> = answer.columns.iter().map(|c| c.as_str()).collect();
    super::to_csv(&header, answer.rows.iter().map(|r| r.iter().map(|c| c.to_string()).collect()))
}

pub fn json_value(answer: &Answer) -> serde_json::Value {
    serde_json::Value::Array(
        answer
            .rows
            .iter()
            .map(|row| {
                let object: serde_json::Map<String, serde_json::Value> = answer
                    .columns
                    .iter()
                    .zip(row)
                    .map(|(c, v)| (c.clone(), serde_json::to_value(v).expect("cells serialize")))
                    .collect();
                serde_json::Value::Object(object)
            })
            .collect(),
    )
}

pub fn json(answer: &Answer) -> String {
    serde_json::to_string_pretty(&json_value(answer)).expect("serializable") + "\n"
}

/// `error: …`, the query line with a caret under the span, then the hint.
pub fn error(query: &str, e: &QueryError) -> String {
    let mut out = format!("error: {}\n", e.message);
    let Span { start, end } = e.span;
    let start = start.min(query.len());
    let line_start = query[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = query[start..].find('\n').map_or(query.len(), |i| start + i);
    let line_no = query[..start].matches('\n').count() + 1;
    let line = &query[line_start..line_end];
    let pad = query[line_start..start].width();
    let end = end.clamp(start, line_end);
    let width = query[start..end].width().max(1);
    let gutter = line_no.to_string().len();
    out.push_str(&format!(
        "{:gutter$} |\n{line_no} | {line}\n{:gutter$} | {}{}\n",
        "",
        "",
        " ".repeat(pad),
        "^".repeat(width)
    ));
    if let Some(hint) = &e.hint {
        out.push_str(&format!("  = help: {hint}\n"));
    }
    out
}
