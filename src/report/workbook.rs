//! The ledgers as Excel workbooks (Excel 台账): Art. 14 has each supervising
//! level keep its own ledger, so the grade ledger has one sheet per tier —
//! 旗县级应急局 (A and B), 市级应急局 (C), 自治区级应急厅 (D) and 未定级 (unrated,
//! for a grading decision) — and the objections one sheet.
//!
//! Every sheet starts with a title row (the as-of date and the Art. 14 notice),
//! then a frozen header row in Chinese, then the rows; dates are date cells,
//! columns are as wide as their CJK text, and it prints on A4 landscape. No
//! personal data is written (the ledgers hold none). Returns the file's bytes:
//! no I/O here.

use super::INTERNAL_NOTICE;
use super::objections::ObjectionRow;
use crate::facts::{Day, FactSet, SubjectIx};
use crate::rules::{Model, Overdue, Tier};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

/// The sheets of the grade ledger, in order, and the tier each holds.
pub const LEDGER_SHEETS: &[(&str, Tier)] = &[
    ("旗县级应急局", Tier::County),
    ("市级应急局", Tier::City),
    ("自治区级应急厅", Tier::Region),
    ("未定级", Tier::None),
];

/// The grade ledger's header, in Chinese, column for column as the CSV's
/// `subject,name,category,grade,tier,high_risk,joint_target,last_inspection,next_due,overdue_days,measures`.
pub const LEDGER_HEADER: &[&str] = &[
    "主体编号",
    "名称",
    "行业类别",
    "信用等级",
    "监管层级",
    "高危行业",
    "联合惩戒对象",
    "最近检查日期",
    "下次检查期限",
    "逾期天数",
    "差别化监管措施",
];

/// The objections sheet's name and header, as the CSV's
/// `objection,subject,event,decided_on,deadline,replied_on,status,conflict`.
pub const OBJECTIONS_SHEET: &str = "异议办理";
pub const OBJECTIONS_HEADER: &[&str] =
    &["异议编号", "信用主体", "异议记录", "受理日期", "答复期限", "答复日期", "办理状态", "回避冲突"];

/// Rows on one sheet at most: Excel's limit less the title and header rows.
const MAX_ROWS: usize = 1_048_576 - 2;

/// One cell of a ledger row.
enum Cell {
    Text(String),
    Date(Option<Day>),
    Number(i64),
}

/// The grade ledger as a workbook, one sheet per supervising tier.
pub fn ledger(facts: &FactSet, model: &Model) -> Result<Vec<u8>, String> {
    let title = format!("信用分级台账　截至 {}　{INTERNAL_NOTICE}", model.as_of);
    let mut book = Workbook::new();
    for &(name, tier) in LEDGER_SHEETS {
        let rows: Vec<Vec<Cell>> = (0..facts.subjects.len() as u32)
            .map(SubjectIx)
            .filter(|&s| model.subject(s).tier == tier)
            .map(|s| ledger_row(facts, model, s))
            .collect();
        sheet(&mut book, name, &title, LEDGER_HEADER, &rows)?;
    }
    book.save_to_buffer().map_err(describe)
}

fn ledger_row(facts: &FactSet, model: &Model, s: SubjectIx) -> Vec<Cell> {
    let subject = facts.subject(s);
    let r = model.subject(s);
    let yes_no = |b: bool| Cell::Text((if b { "是" } else { "否" }).to_string());
    vec![
        Cell::Text(facts.subject_id(s).to_string()),
        Cell::Text(facts.str(subject.name).to_string()),
        Cell::Text(subject.category.label().to_string()),
        Cell::Text(r.grade.code().to_string()),
        Cell::Text(r.tier.label().to_string()),
        yes_no(r.high_risk),
        yes_no(r.joint_target()),
        Cell::Date(r.last_inspection),
        Cell::Date(r.next_due),
        match r.overdue() {
            Overdue::Never => Cell::Text("从未检查".to_string()),
            Overdue::Days(days) => Cell::Number(i64::from(days)),
            Overdue::No => Cell::Text(String::new()),
        },
        Cell::Text(r.measures.map_or("", |m| m.label()).to_string()),
    ]
}

/// The objections report as a workbook of one sheet.
pub fn objections(as_of: Day, rows: &[ObjectionRow]) -> Result<Vec<u8>, String> {
    let title = format!("异议办理台账　截至 {as_of}　{INTERNAL_NOTICE}");
    let date = |text: &str| Cell::Date(Day::parse_iso(text));
    let rows: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            let status = crate::rules::ObjectionStatus::parse(r.status).map_or(r.status, |s| s.label());
            let conflict = match r.conflict_with.is_empty() {
                true => "否".to_string(),
                false => format!("是：{}（第十二条）", r.conflict_with.join("、")),
            };
            vec![
                Cell::Text(r.objection.clone()),
                Cell::Text(r.subject.clone()),
                Cell::Text(r.event.clone()),
                date(&r.decided_on),
                date(&r.deadline),
                date(&r.replied_on),
                Cell::Text(status.to_string()),
                Cell::Text(conflict),
            ]
        })
        .collect();
    let mut book = Workbook::new();
    sheet(&mut book, OBJECTIONS_SHEET, &title, OBJECTIONS_HEADER, &rows)?;
    book.save_to_buffer().map_err(describe)
}

/// Adds a sheet: title row, frozen header row, rows; widths fitted, A4 landscape.
fn sheet(book: &mut Workbook, name: &str, title: &str, header: &[&str], rows: &[Vec<Cell>]) -> Result<(), String> {
    if rows.len() > MAX_ROWS {
        return Err(format!(
            "sheet {name} would have {} rows, more than Excel's {MAX_ROWS}; write the ledger as CSV instead",
            rows.len()
        ));
    }
    let bold = Format::new().set_bold();
    let title_format = Format::new().set_bold().set_align(FormatAlign::Left);
    let date_format = Format::new().set_num_format("yyyy-mm-dd");
    let sheet: &mut Worksheet = book.add_worksheet();
    sheet.set_name(name).map_err(describe)?;
    let last = header.len() as u16 - 1;
    sheet.merge_range(0, 0, 0, last, title, &title_format).map_err(describe)?;
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, *h, &bold).map_err(describe)?;
    }
    for (i, row) in rows.iter().enumerate() {
        let at = i as u32 + 2;
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            let width = match cell {
                Cell::Text(text) if text.is_empty() => 0,
                Cell::Text(text) => {
                    sheet.write_string(at, col, text).map_err(describe)?;
                    text.width()
                }
                Cell::Date(None) => 0,
                Cell::Date(Some(day)) => {
                    use chrono::Datelike;
                    let d = day.naive();
                    let date =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).map_err(describe)?;
                    sheet.write_datetime_with_format(at, col, &date, &date_format).map_err(describe)?;
                    10
                }
                Cell::Number(n) => {
                    sheet.write_number(at, col, *n as f64).map_err(describe)?;
                    n.to_string().len()
                }
            };
            widths[c] = widths[c].max(width);
        }
    }
    for (c, width) in widths.iter().enumerate() {
        // Display width in columns of a Latin digit, CJK counting two; a little margin.
        sheet.set_column_width(c as u16, (*width as f64 + 2.0).min(60.0)).map_err(describe)?;
    }
    sheet.set_freeze_panes(2, 0).map_err(describe)?;
    sheet.set_repeat_rows(0, 1).map_err(describe)?;
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

fn describe(e: XlsxError) -> String {
    format!("cannot write the workbook: {e}")
}
