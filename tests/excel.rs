//! Excel in and out (issue 16): the bureau's workbooks read directly, with the
//! same facts giving the same answers as CSV, Excel's damage named where it is
//! found, and the Art. 14 ledgers written as workbooks.

mod common;

use calamine::{Data, Reader};
use common::output as safecredit;
use common::workbook::{self, Names};
use std::path::Path;
use std::process::Output;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn stdout(args: &[&str]) -> String {
    let out = safecredit(args);
    assert!(out.status.success(), "{args:?} failed:\n{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The outputs that must not depend on whether the facts are CSV or Excel.
fn answers(facts: &str) -> Vec<String> {
    let as_of = ["--as-of", "2026-06-30"];
    let mut all = Vec::new();
    for format in ["csv", "json", "table"] {
        all.push(stdout(&[&["grade", "--facts", facts, "--format", format][..], &as_of].concat()));
        all.push(stdout(&[&["objections", "--facts", facts, "--format", format][..], &as_of].concat()));
    }
    all
}

/// `explain` with a worksheet's locations spelled as CSV's, to compare the rest.
fn explain_as_csv(facts: &str, subject: &str, files: &[(&str, &str)]) -> String {
    let mut text = stdout(&["explain", subject, "--facts", facts, "--as-of", "2026-06-30"]);
    for (sheet, csv) in files {
        let pattern = format!("{sheet}: row ");
        text = text.replace(&pattern, &format!("{csv}:"));
    }
    text
}

#[test]
fn the_demo_workbook_grades_exactly_like_the_demo_folder() {
    let demo = root().join("facts/demo.xlsx");
    if std::env::var_os("SAFECREDIT_BLESS").is_some() {
        workbook::folder_to_workbook(&root().join("facts"), &demo, Names::English);
    }
    assert!(demo.is_file(), "facts/demo.xlsx is shipped (SAFECREDIT_BLESS=1 cargo test --test excel writes it)");
    assert_eq!(answers("facts/demo.xlsx"), answers("facts"));
    let check = safecredit(&["check", "--facts", "facts/demo.xlsx"]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
}

#[test]
fn sheets_in_a_folder_and_a_workbook_with_chinese_names_answer_as_csv_does() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let mixed = tmp.path().join("mixed");
    // Half the files as workbooks, half as CSV: a folder may mix them.
    workbook::folder_to_sheets(&root().join("facts"), &mixed, &["subjects", "events", "objections", "inspections"]);
    let chinese = tmp.path().join("中文.xlsx");
    workbook::folder_to_workbook(&root().join("facts"), &chinese, Names::Chinese);
    let csv = answers("facts");
    for facts in [&mixed, &chinese] {
        let facts = facts.to_str().expect("a UTF-8 path");
        assert_eq!(answers(facts), csv, "{facts}");
    }
    let locations = [
        ("subjects.xlsx", "subjects.csv"),
        ("events.xlsx", "events.csv"),
        ("objections.xlsx", "objections.csv"),
        ("inspections.xlsx", "inspections.csv"),
    ];
    for subject in ["S044", "S003", "S026"] {
        let from_sheets = explain_as_csv(mixed.to_str().unwrap(), subject, &locations);
        assert!(from_sheets.contains("subjects.csv:") || from_sheets.contains("events.csv:"), "{from_sheets}");
        assert_eq!(from_sheets, explain_as_csv("facts", subject, &[]), "{subject}");
    }
    // The evidence of a workbook is cited by sheet and row, as Excel shows it.
    let text = stdout(&["explain", "S044", "--facts", chinese.to_str().unwrap(), "--as-of", "2026-06-30"]);
    assert!(text.contains("中文.xlsx[subjects]: row 45"), "{text}");
    // The query shell names the same place.
    let rows = stdout(&[
        "query",
        "evidence_record(\"S044\", C, F, L).",
        "--facts",
        chinese.to_str().unwrap(),
        "--as-of",
        "2026-06-30",
        "--format",
        "csv",
    ]);
    assert!(rows.contains("13.A.1,中文.xlsx[subjects],45"), "{rows}");
}

#[test]
fn a_file_given_both_as_csv_and_as_xlsx_is_an_error() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    workbook::folder_to_sheets(&root().join("facts"), tmp.path(), &["events"]);
    std::fs::copy(root().join("facts/events.csv"), tmp.path().join("events.csv")).expect("copied");
    let out = safecredit(&["check", "--facts", tmp.path().to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("error[ambiguous-file]"), "{text}");
    assert!(text.contains("events.csv and ") && text.contains("events.xlsx exist; neither is loaded"), "{text}");
}

/// The broken folders whose every file is UTF-8 CSV with one line per row: as
/// worksheets they must give the same diagnostics, at the same rows and columns.
const COMPARABLE: &[&str] = &[
    "accident_fields",
    "bad_date",
    "bad_deaths",
    "duplicate_id",
    "excel_damage",
    "missing_column",
    "missing_field",
    "unknown_enum",
    "unknown_reference",
    "warnings",
];

#[test]
fn diagnostics_from_worksheets_are_the_csv_ones_located_as_excel_shows_them() {
    use safecredit::facts::{LoadOptions, load_dir};
    let options = LoadOptions { today: common::day("2026-11-26"), show_personal: false };
    for case in COMPARABLE {
        let dir = root().join("tests/bad_facts").join(case);
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let all: Vec<&str> = safecredit::facts::schema::FILES.iter().map(|f| f.name).collect();
        workbook::folder_to_sheets(&dir, tmp.path(), &all);
        let csv = load_dir(&dir, &options).expect("loads");
        let xlsx = load_dir(tmp.path(), &options).expect("loads");
        let key = |d: &safecredit::facts::Diagnostic| {
            let file = Path::new(&d.file).file_stem().map(|s| s.to_string_lossy().into_owned());
            // Messages name a referenced file as the user keeps it.
            let message = d.message.replace(".xlsx row ", ".csv line ").replace(".xlsx", ".csv");
            (d.severity, d.code, file, d.line, d.column, d.value.clone(), message)
        };
        let want: Vec<_> = csv.diagnostics.iter().map(key).collect();
        let got: Vec<_> = xlsx.diagnostics.iter().map(key).collect();
        assert_eq!(got, want, "{case}");
        assert!(!want.is_empty(), "{case} has diagnostics");
        assert!(xlsx.diagnostics.iter().filter(|d| d.line > 0).all(|d| d.sheet), "{case}: located as cells");
        let skipped = |l: &safecredit::facts::Loaded| l.skipped.iter().map(|s| s.line).collect::<Vec<_>>();
        assert_eq!(skipped(&xlsx), skipped(&csv), "{case}");
    }
}

/// A workbook as Excel damages it: identifiers typed as numbers, a date typed as
/// a number, a value right of the header; and what Excel does well: date cells,
/// whole-number cells in `level` and `deaths`.
fn damaged_workbook(path: &Path) {
    use rust_xlsxwriter::{ExcelDateTime, Format};
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let day = |y, m, d| ExcelDateTime::from_ymd(y, m, d).expect("a date");
    let mut book = workbook::workbook();
    let s = book.add_worksheet();
    s.set_name("subjects").unwrap();
    for (c, h) in ["id", "name", "category", "uscc", "committed_on"].iter().enumerate() {
        s.write_string(0, c as u16, *h).unwrap();
    }
    s.write_string(1, 0, "S1").unwrap();
    s.write_string(1, 1, "宏达煤业").unwrap();
    s.write_string(1, 2, "coal_mine").unwrap();
    s.write_number(1, 3, 9.11502036615837e17).unwrap();
    s.write_datetime_with_format(1, 4, day(2024, 2, 29), &date).unwrap();
    s.write_number(2, 0, 2).unwrap();
    s.write_string(2, 1, "安泓咨询").unwrap();
    s.write_string(2, 2, "safety_service").unwrap();
    s.write_number(2, 4, 45383).unwrap();
    s.write_string(3, 0, "S3").unwrap();
    s.write_string(3, 1, "金岭化工").unwrap();
    s.write_string(3, 2, "hazardous_chemicals").unwrap();
    s.write_string(3, 4, "2024年3月5日").unwrap();
    s.write_string(2, 6, "备注写在表头外").unwrap();
    let p = book.add_worksheet();
    p.set_name("人员").unwrap();
    for (c, h) in ["subject", "person", "name", "role", "id_number", "phone"].iter().enumerate() {
        p.write_string(0, c as u16, *h).unwrap();
    }
    for (r, person) in ["P1", "P2"].iter().enumerate() {
        let r = r as u32 + 1;
        p.write_string(r, 0, "S3").unwrap();
        p.write_string(r, 1, *person).unwrap();
        p.write_string(r, 2, "张三").unwrap();
        p.write_string(r, 3, "principal").unwrap();
    }
    p.write_number(1, 4, 1.50203198001011e17).unwrap();
    p.write_string(1, 5, "13812345678").unwrap();
    p.write_string(2, 4, "150203198001011238").unwrap();
    p.write_number(2, 5, 13812345678.0).unwrap();
    let e = book.add_worksheet();
    e.set_name("events").unwrap();
    for (c, h) in ["id", "subject", "date", "kind", "accident_level", "deaths", "liable"].iter().enumerate() {
        e.write_string(0, c as u16, *h).unwrap();
    }
    e.write_string(1, 0, "E1").unwrap();
    e.write_string(1, 1, "S3").unwrap();
    e.write_datetime_with_format(1, 2, day(2025, 1, 3), &date).unwrap();
    e.write_string(1, 3, "accident").unwrap();
    e.write_string(1, 4, "general").unwrap();
    e.write_number(1, 5, 1).unwrap();
    e.write_boolean(1, 6, true).unwrap();
    e.write_string(2, 0, "E2").unwrap();
    e.write_string(2, 1, "S3").unwrap();
    e.write_datetime_with_format(2, 2, day(2025, 6, 1), &date).unwrap();
    e.write_string(2, 3, "accident").unwrap();
    e.write_string(2, 4, "general").unwrap();
    e.write_number(2, 5, 1.5).unwrap();
    e.write_string(2, 6, "是").unwrap();
    let x = book.add_worksheet();
    x.set_name("notes").unwrap();
    x.write_string(0, 0, "anything").unwrap();
    book.save(path).expect("written");
}

fn transcript(out: &Output) -> String {
    format!(
        "[exit status: {}]\n--- stdout\n{}--- stderr\n{}",
        out.status.code().map_or("signal".to_string(), |c| c.to_string()),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn excel_damage_in_a_workbook_is_named_by_cell_with_what_to_do() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let path = tmp.path().join("bureau.xlsx");
    damaged_workbook(&path);
    let shown = |out: &Output| transcript(out).replace(tmp.path().to_str().unwrap(), "TMP");
    let check = safecredit(&["check", "--facts", path.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(1));
    insta::assert_snapshot!("xlsx-damage-check", shown(&check));
    // --lenient goes on without the damaged rows, and lists them by row.
    let grade = safecredit(&[
        "grade",
        "--facts",
        path.to_str().unwrap(),
        "--lenient",
        "--as-of",
        "2026-06-30",
        "--format",
        "csv",
    ]);
    assert!(grade.status.success(), "{}", shown(&grade));
    insta::assert_snapshot!("xlsx-damage-lenient-grade", shown(&grade));
}

/// A sheet's cells, as calamine reads them back.
fn read_back(path: &Path) -> Vec<(String, calamine::Range<Data>)> {
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).expect("the workbook opens");
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("the sheet reads");
            (name, range)
        })
        .collect()
}

fn text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn the_grade_ledger_workbook_has_a_sheet_per_supervising_tier() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let path = tmp.path().join("台账.xlsx");
    let written = safecredit(&[
        "grade",
        "--facts",
        "facts",
        "--as-of",
        "2026-06-30",
        "--format",
        "xlsx",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert!(written.status.success(), "{}", transcript(&written));
    assert!(written.stdout.is_empty(), "nothing on stdout");
    let sheets = read_back(&path);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["旗县级应急局", "市级应急局", "自治区级应急厅", "未定级"]);
    // Each subject on the sheet of its tier, as the CSV ledger says.
    let csv = stdout(&["grade", "--facts", "facts", "--as-of", "2026-06-30", "--format", "csv"]);
    let mut want: Vec<(String, String, String)> = csv
        .lines()
        .skip(1)
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            let sheet = match cells[4] {
                "county" => "旗县级应急局",
                "city" => "市级应急局",
                "region" => "自治区级应急厅",
                _ => "未定级",
            };
            (sheet.to_string(), cells[0].to_string(), cells[3].to_string())
        })
        .collect();
    let mut got = Vec::new();
    let mut dates = 0;
    for (name, range) in &sheets {
        let rows: Vec<&[Data]> = range.rows().collect();
        let title = text(&rows[0][0]);
        assert!(title.contains("2026-06-30") && title.contains("内部管理使用，不对外公布（第十四条）"), "{title}");
        assert_eq!(text(&rows[1][0]), "主体编号");
        assert_eq!(rows[1].len(), 11);
        for row in &rows[2..] {
            got.push((name.clone(), text(&row[0]), text(&row[3])));
            for c in [7, 8] {
                match &row[c] {
                    Data::DateTime(d) => {
                        assert!(d.is_datetime());
                        dates += 1;
                    }
                    Data::Empty => {}
                    other => panic!("a date cell or nothing, not {other:?}"),
                }
            }
        }
    }
    want.sort();
    got.sort();
    assert_eq!(got, want);
    assert!(dates > 40, "inspection dates are date cells ({dates})");
    // Grades A and B on the county sheet only, D on the region's.
    assert!(got.iter().filter(|(_, _, g)| g == "A" || g == "B").all(|(s, _, _)| s == "旗县级应急局"));
    assert!(got.iter().filter(|(_, _, g)| g == "D").all(|(s, _, _)| s == "自治区级应急厅"));
    assert_no_personal_data(&sheets);
}

/// No ID or phone number of people.csv appears in full in any cell.
fn assert_no_personal_data(sheets: &[(String, calamine::Range<Data>)]) {
    let people = std::fs::read_to_string(root().join("facts/people.csv")).expect("people.csv");
    let personal: Vec<String> = people
        .lines()
        .skip(1)
        .flat_map(|line| line.split(',').skip(4).map(str::to_string).collect::<Vec<_>>())
        .filter(|v| v.len() >= 11)
        .collect();
    assert!(personal.len() > 100, "the demo has personal data to hide");
    for (name, range) in sheets {
        for cell in range.used_cells() {
            let value = text(cell.2);
            assert!(!personal.iter().any(|p| value.contains(p.as_str())), "{name} shows {value}");
        }
    }
}

#[test]
fn the_objections_workbook_is_one_sheet_with_the_notice() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let path = tmp.path().join("objections.xlsx");
    let args = [
        "objections",
        "--facts",
        "facts",
        "--as-of",
        "2026-06-30",
        "--format",
        "xlsx",
        "--output",
        path.to_str().unwrap(),
    ];
    assert!(safecredit(&args).status.success());
    let sheets = read_back(&path);
    assert_eq!(sheets.len(), 1);
    let (name, range) = &sheets[0];
    assert_eq!(name, "异议办理");
    let rows: Vec<&[Data]> = range.rows().collect();
    assert!(text(&rows[0][0]).contains("内部管理使用，不对外公布（第十四条）"));
    assert_eq!(text(&rows[1][0]), "异议编号");
    let csv = stdout(&["objections", "--facts", "facts", "--as-of", "2026-06-30", "--format", "csv"]);
    let ids: Vec<String> = csv.lines().skip(1).map(|l| l.split(',').next().unwrap().to_string()).collect();
    let got: Vec<String> = rows[2..].iter().map(|r| text(&r[0])).collect();
    assert_eq!(got, ids);
    assert!(rows[2..].iter().any(|r| matches!(r[4], Data::DateTime(_))), "deadlines are date cells");
    assert_no_personal_data(&sheets);
}

#[test]
fn a_workbook_needs_output_and_does_not_overwrite_without_force() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let path = tmp.path().join("ledger.xlsx");
    let path = path.to_str().unwrap();
    let base = ["grade", "--facts", "facts", "--as-of", "2026-06-30", "--format", "xlsx"];
    let no_output = safecredit(&base);
    assert_eq!(no_output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_output.stderr).contains("--output"), "{}", transcript(&no_output));
    assert!(safecredit(&[&base[..], &["--output", path]].concat()).status.success());
    let again = safecredit(&[&base[..], &["--output", path]].concat());
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"), "{}", transcript(&again));
    assert!(safecredit(&[&base[..], &["--output", path, "--force"]].concat()).status.success());
}

#[test]
fn a_workbook_with_two_sheets_for_one_file_is_an_error() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let path = tmp.path().join("twice.xlsx");
    let mut book = workbook::workbook();
    for name in ["subjects", "信用主体"] {
        let sheet = book.add_worksheet();
        sheet.set_name(name).unwrap();
        workbook::fill(sheet, safecredit::facts::schema::file("subjects").unwrap(), &root().join("facts/subjects.csv"));
    }
    book.save(&path).unwrap();
    let out = safecredit(&["check", "--facts", path.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("error[ambiguous-file]") && text.contains("[subjects] and ") && text.contains("[信用主体] exist"),
        "{text}"
    );
    assert!(text.contains("one sheet named subjects or 信用主体"), "{text}");
}
