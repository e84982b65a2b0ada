//! Rendering a diff (等级变动): a table with the count of each grade
//! transition, or CSV with the columns
//! `subject,name,grade_before,grade_after,tier_before,tier_after,joint_before,joint_after,overdue_before,overdue_after,clauses`.

use crate::analysis::diff::Diff;

pub const CSV_HEADER: &[&str] = &[
    "subject",
    "name",
    "grade_before",
    "grade_after",
    "tier_before",
    "tier_after",
    "joint_before",
    "joint_after",
    "overdue_before",
    "overdue_after",
    "clauses",
];

pub fn csv(d: &Diff) -> String {
    super::to_csv(
        CSV_HEADER,
        d.changed.iter().map(|c| {
            vec![
                c.subject.clone(),
                c.name.clone(),
                c.grade[0].clone(),
                c.grade[1].clone(),
                c.tier[0].clone(),
                c.tier[1].clone(),
                c.joint_target[0].clone(),
                c.joint_target[1].clone(),
                c.overdue[0].clone(),
                c.overdue[1].clone(),
                c.clauses.join(" "),
            ]
        }),
    )
}

pub fn text(d: &Diff) -> String {
    use std::fmt::Write;
    let mut out = format!("{} → {}: {} subject(s) changed\n", d.before, d.after, d.changed.len());
    let mut t = super::table::Table::new(&["主体", "名称", "等级", "监管层级", "联合惩戒", "检查", "条款变化"]);
    let pair = |p: &[String; 2]| if p[0] == p[1] { p[0].clone() } else { format!("{}→{}", p[0], p[1]) };
    for c in &d.changed {
        t.push(vec![
            c.subject.clone(),
            c.name.clone(),
            pair(&c.grade),
            pair(&c.tier),
            pair(&c.joint_target),
            pair(&c.overdue),
            c.clauses.join(" "),
        ]);
    }
    if !d.changed.is_empty() {
        out.push_str(&t.render());
    }
    if !d.transitions.is_empty() {
        let _ = writeln!(
            out,
            "transitions: {}",
            d.transitions.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(", ")
        );
    }
    out
}
