//! The procedure report (程序性义务检查): every finding of the bureau's own
//! duties under the measures (Art. 7–9, 11, 12), by article with the
//! article's words; CSV and JSON with the columns
//! `article,finding,subject,record,detail`.

use super::table::Table;
use super::{INTERNAL_NOTICE, to_csv};
use crate::facts::Day;
use crate::rules::Clause;

pub const CSV_HEADER: &[&str] = &["article", "finding", "subject", "record", "detail"];

pub use crate::rules::{ProcedureRow, procedure_rows as rows};

pub fn csv(rows: &[ProcedureRow]) -> String {
    to_csv(
        CSV_HEADER,
        rows.iter().map(|r| {
            vec![
                r.article.to_string(),
                r.finding.to_string(),
                r.subject.clone(),
                r.record.clone(),
                r.detail.to_string(),
            ]
        }),
    )
}

/// The articles' headings: (article, its clauses).
const ARTICLES: &[(u8, &[Clause])] = &[
    (7, &[Clause::Basic]),
    (8, &[Clause::Recorder]),
    (9, &[Clause::Statement]),
    (11, &[Clause::FiledWith]),
    (12, &[Clause::Investigator, Clause::Deadline]),
];

/// For people: the findings grouped by article, each under the article's words.
pub fn table(as_of: Day, rows: &[ProcedureRow]) -> String {
    let mut out = format!(
        "程序性义务检查（第七、八、九、十一、十二条）— as of {as_of}: {} finding(s) · {INTERNAL_NOTICE}\n",
        rows.len()
    );
    for &(article, clauses) in ARTICLES {
        let found: Vec<&ProcedureRow> = rows.iter().filter(|r| r.article == article).collect();
        let heading = clauses.iter().map(|c| format!("[{}] {}", c.id(), c.text())).collect::<Vec<_>>().join("\n  ");
        out.push_str(&format!("\n{} — {} finding(s)\n  {heading}\n", clauses[0].article(), found.len()));
        if found.is_empty() {
            continue;
        }
        let mut t = Table::new(&["主体", "发现", "记录", "缺失项"]);
        for r in found {
            let finding = crate::rules::procedure::Finding::parse(r.finding).map_or(r.finding, |f| f.label());
            let detail = crate::rules::procedure::Item::parse(r.detail)
                .map_or(String::new(), |i| format!("{} {}", i.label(), i.code()));
            t.push(vec![r.subject.clone(), format!("{finding} {}", r.finding), r.record.clone(), detail]);
        }
        out.push_str(&t.render());
    }
    out
}
