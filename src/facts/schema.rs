//! The data contract (数据规范), said once: every fact file, its columns, their
//! types, whether they are required, their Chinese labels and what they mean.
//! The loader finds columns by these names, `docs/facts.md` is generated from
//! this table (a test keeps it current), the query shell documents its input
//! relations with it and scenario files take their keys from it. Adding an
//! optional column is one entry here plus its use in `parse.rs`.
//! Depends on `codes` only.

use super::codes::{AccidentLevel, Category, DayKind, Decision, Kind, Level, LicenceKind, Outcome, Role};

/// What a cell holds.
#[derive(Clone, Copy, Debug)]
pub enum Type {
    /// An id, unique in its file.
    Id,
    /// The id of a row of another file (the file's name, e.g. `"subjects"`).
    Ref(&'static str),
    /// A date in any accepted spelling (`cell::parse_date`).
    Date,
    /// One value of a code table: the docs listing of its values.
    Enum(fn() -> String),
    /// yes/no.
    Bool,
    /// A whole number ≥ 0.
    Count,
    /// Text that identifies something and must be kept exactly, digit for digit
    /// (USCC, ID and phone numbers, person ids): never a number cell in Excel.
    Code,
    /// Free text.
    Text,
}

impl Type {
    /// An identifier: an id, a reference or a code. Excel turns one typed as a
    /// number into a float of 15 significant digits, so a number cell here is an error.
    pub fn identifier(self) -> bool {
        matches!(self, Id | Ref(_) | Code)
    }
}

/// Whether a column must be present and filled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Required {
    /// The header must have it and every row must fill it.
    Yes,
    /// May be absent or empty.
    No,
    /// May be absent from the header, but some rows must fill it (the condition, in words).
    When(&'static str),
}

/// One column of a fact file.
#[derive(Debug)]
pub struct Column {
    pub name: &'static str,
    pub ty: Type,
    pub required: Required,
    /// The Chinese term.
    pub label: &'static str,
    /// One line: what the column means.
    pub about: &'static str,
}

impl Column {
    /// The header must name this column.
    pub fn in_header(&self) -> bool {
        self.required == Required::Yes
    }

    /// Personal data (Art. 6: ID and phone numbers), masked in every output: a
    /// diagnostic about such a cell does not quote it.
    pub fn personal(&self) -> bool {
        matches!(self.name, "id_number" | "phone")
    }
}

/// One fact file.
#[derive(Debug)]
pub struct FileSchema {
    /// The name without extension, also the sheet name of a workbook: `events`.
    pub name: &'static str,
    /// `events.csv`.
    pub file: &'static str,
    /// The Chinese term: 信用记录.
    pub label: &'static str,
    /// A folder must have this file.
    pub required: bool,
    pub columns: &'static [Column],
    /// Notes for the docs, below the column table (Markdown).
    pub notes: &'static str,
    /// A header and a row, for the docs.
    pub example: &'static str,
}

impl FileSchema {
    pub fn column(&self, name: &str) -> Option<&'static Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.columns.iter().map(|c| c.name).collect()
    }
}

/// Declares each file's schema and, in a module named after the file, one
/// constant per column: its index in the schema (`events::DATE`).
macro_rules! schema {
    ($(
        $module:ident = $file:literal, $label:literal, required: $required:literal {
            $( $konst:ident $name:ident : $ty:expr, $req:expr, $clabel:literal, $about:literal; )+
        }
        notes: $notes:literal,
        example: $example:literal;
    )+) => {
        $(
            pub mod $module {
                use super::*;
                #[allow(non_camel_case_types, clippy::upper_case_acronyms, dead_code)]
                #[repr(usize)]
                enum Index { $( $konst, )+ }
                $( pub const $konst: usize = Index::$konst as usize; )+
                pub static SCHEMA: FileSchema = FileSchema {
                    name: stringify!($module),
                    file: $file,
                    label: $label,
                    required: $required,
                    columns: &[ $( Column { name: stringify!($name), ty: $ty, required: $req, label: $clabel, about: $about }, )+ ],
                    notes: $notes,
                    example: $example,
                };
            }
        )+
        /// Every fact file, in load order: a file refers only to files before it.
        pub static FILES: &[&FileSchema] = &[ $( &$module::SCHEMA, )+ ];
        /// Their file names, in the same order.
        pub static FILE_NAMES: &[&str] = &[ $( $file, )+ ];
    };
}

use Required::{No, When, Yes};
use Type::*;

schema! {
    calendar = "calendar.csv", "工作日历", required: false {
        DATE date: Date, Yes, "日期", "each date at most once";
        KIND kind: Enum(DayKind::doc), Yes, "类型", "a holiday or a (make-up) working day";
        NAME name: Text, No, "名称", "what the day is, e.g. 元旦";
    }
    notes: "The official State Council schedules for 2023–2026 are built in. Entries here override them date by date; \
            a year with any entry here counts as scheduled. Counting working days into a year with no schedule is a warning.",
    example: "date,kind,name\n2027-01-01,holiday,元旦";

    authorities = "authorities.csv", "处罚机关", required: false {
        NAME name: Text, Yes, "名称", "a department's name, exactly as penalties write it in `authority`";
        EMERGENCY emergency: Bool, Yes, "应急管理部门", "yes: its penalties count under Art. 13 A(3), B(3), C(2); no: they do not";
    }
    notes: "Optional. Settles particular names; every other name is classified by the rule under `events.csv`'s \
            `authority`. `safecredit check` lists every authority named on a penalty with its classification, \
            so that staff can review them once.",
    example: "name,emergency\n包头市应急管理局,yes\n应急物资储备公司,no";

    subjects = "subjects.csv", "信用主体", required: true {
        ID id: Id, Yes, "主体编号", "the subject's id";
        NAME name: Text, No, "名称", "company name";
        CATEGORY category: Enum(Category::doc), Yes, "行业类别", "the sector (Art. 13(1))";
        USCC uscc: Code, No, "统一社会信用代码", "18 characters (GB 32100-2015); a bad check character or legacy code is a warning";
        ADDRESS address: Text, No, "地址", "registered address";
        COMMITTED_ON committed_on: Date, No, "公开承诺日期", "date of the public safety commitment (Art. 13 A(1), B(1)); empty = none";
    }
    notes: "",
    example: "id,name,category,uscc,address,committed_on\n\
              S001,包头市昆区金岭沟煤业有限公司,coal_mine,91150203366278752G,内蒙古自治区包头市昆都仑区乌兰壕工业区238号,2022-03-15";

    people = "people.csv", "人员", required: false {
        SUBJECT subject: Ref("subjects"), Yes, "信用主体", "the subject at which the person holds the role";
        PERSON person: Code, Yes, "人员编号", "names the same human across subjects";
        NAME name: Text, No, "姓名", "the person's name";
        ROLE role: Enum(Role::doc), Yes, "职务", "the role at this subject";
        ID_NUMBER id_number: Code, No, "身份证号码", "18-character resident ID (GB 11643); a bad check digit is a warning. Masked in every output (Art. 6)";
        PHONE phone: Code, No, "联系电话", "masked in every output (Art. 6)";
    }
    notes: "",
    example: "subject,person,name,role,id_number,phone\nS001,P001,冯鹏飞,legal_rep,15020319740819991X,15100720205";

    standardization = "standardization.csv", "安全生产标准化", required: false {
        SUBJECT subject: Ref("subjects"), Yes, "信用主体", "the subject awarded the level";
        LEVEL level: Enum(Level::doc), Yes, "等级", "the standardization level";
        AWARDED_ON awarded_on: Date, Yes, "达标日期", "the date the level was awarded";
        EXPIRES_ON expires_on: Date, No, "有效期至", "the last day it is valid; empty = no expiry";
    }
    notes: "",
    example: "subject,level,awarded_on,expires_on\nS001,2,2024-09-01,2027-08-31";

    licences = "licences.csv", "证照", required: false {
        SUBJECT subject: Ref("subjects"), Yes, "信用主体", "the subject holding the licence";
        KIND kind: Enum(LicenceKind::doc), Yes, "证照类型", "a safety permit (coal and non-coal mines), a qualification (safety services) or another licence";
        NUMBER number: Text, No, "证照编号", "the licence's number";
        VALID_FROM valid_from: Date, No, "有效期起", "the first day it is valid; empty = valid from issue";
        VALID_TO valid_to: Date, No, "有效期至", "the last day it is valid; empty = no expiry";
    }
    notes: "Optional. Part of the basic information a credit file must hold (Art. 7(1)3: 许可证、资质证书); \
            `safecredit procedure` reports a mine without a valid safety permit, or a safety service without a \
            valid qualification, on the as-of date — only when the folder has this file.",
    example: "subject,kind,number,valid_from,valid_to\nS001,safety_permit,（蒙）MK安许证字〔2024〕0032,2024-03-01,2027-02-28";

    events = "events.csv", "信用记录", required: false {
        ID id: Id, Yes, "记录编号", "the record's id";
        SUBJECT subject: Ref("subjects"), Yes, "信用主体", "the subject the record is against";
        PERSON person: Ref("people"), No, "相关人员", "the person involved: links dishonesty to a principal or safety lead";
        DATE date: Date, Yes, "日期", "the date of the act, penalty or accident";
        KIND kind: Enum(Kind::doc), Yes, "记录类型", "what the record is (see below)";
        ACCIDENT_LEVEL accident_level: Enum(AccidentLevel::doc), When("accidents"), "事故等级", "the accident's level";
        DEATHS deaths: Count, No, "死亡人数", "deaths in the accident; empty = 0";
        LIABLE liable: Bool, When("accidents"), "责任事故", "is it a liability accident (责任事故)";
        TYPICAL typical: Bool, No, "典型事故", "a typical larger accident of bad nature (last sentence of Art. 13 D(10)); empty = no";
        AUTHORITY authority: Text, No, "处罚机关", "penalties only: the department that imposed it. Emergency management (应急管理部门, whose penalties count) when empty, `emergency` (any case), a name containing 应急管理, or one ending in 应急局 or 应急厅 — unless `authorities.csv` lists the name; any other name is another department";
        REPAIRED_ON repaired_on: Date, No, "信用修复日期", "credit repair (信用修复): the record stops counting from this date";
        NOTE note: Text, No, "备注", "free text for people: no rule or report reads it, so it is not loaded; explanations cite the row's line";
        RECORDED_BY recorded_by: Text, No, "记录部门", "the department that recorded it (谁履职、谁记录、谁负责, Art. 3 and 8)";
        RECORDER recorder: Text, No, "记录人", "the designated person who recorded it (专人负责, Art. 8)";
        STATEMENT_HEARD_ON statement_heard_on: Date, No, "陈述听取日期", "when the subject's statement was heard before this adverse record was collected (Art. 9)";
    }
    notes: "Accident fields on any other kind are an error. `illegal_mining` outside a mine and `false_report` outside \
            `safety_service` are warnings (the clause still applies).",
    example: "id,subject,person,date,kind,accident_level,deaths,liable,typical,authority,repaired_on,note\n\
              E001,S003,P008,2025-10-20,dishonesty,,,,,,2026-03-01,未如实记录安全生产教育培训情况，已完成信用修复\n\
              E013,S016,,2024-08-07,accident,general,1,yes,no,,,边坡落石致1人死亡，认定为责任事故";

    joint_punishments = "joint_punishments.csv", "失信联合惩戒对象认定", required: false {
        SUBJECT subject: Ref("subjects"), Yes, "信用主体", "the subject listed";
        SECTOR sector: Text, No, "认定领域", "the listing sector";
        LISTED_ON listed_on: Date, Yes, "认定日期", "the date of the listing";
        LIFTED_ON lifted_on: Date, No, "移出日期", "active iff listed_on ≤ as-of and (no lifted_on or lifted_on > as-of)";
    }
    notes: "",
    example: "subject,sector,listed_on,lifted_on\nS008,税务（重大税收违法失信主体）,2024-09-01,2025-12-15";

    inspections = "inspections.csv", "执法检查", required: false {
        ID id: Id, Yes, "检查编号", "the inspection's id";
        SUBJECT subject: Ref("subjects"), Yes, "信用主体", "the subject inspected";
        DATE date: Date, Yes, "检查日期", "the date of the inspection";
        INSPECTOR inspector: Text, No, "检查人员", "who inspected";
    }
    notes: "",
    example: "id,subject,date,inspector\nI001,S001,2023-11-08,郝文博、贾春燕";

    objections = "objections.csv", "异议申请", required: false {
        ID id: Id, Yes, "异议编号", "the objection's id";
        SUBJECT subject: Ref("subjects"), Yes, "信用主体", "the objecting subject";
        EVENT event: Ref("events"), Yes, "异议记录", "the disputed record; a warning when it is neither the subject's nor linked through a person";
        FILED_ON filed_on: Date, Yes, "申请日期", "the date the objection was filed";
        DECISION decision: Enum(Decision::doc), No, "受理决定", "empty = pending review (Art. 11)";
        DECIDED_ON decided_on: Date, When("accepted objections"), "受理日期", "the 20 working days (Art. 12) count from the day after this";
        COLLECTOR collector: Text, No, "信息采集人员", "who collected the disputed record: one name or a list separated by any of 、 ， , ； ; /";
        INVESTIGATOR investigator: Text, No, "调查核实人员", "who investigates, a list like `collector`; a person in both lists is an Art. 12 conflict";
        REPLIED_ON replied_on: Date, No, "答复日期", "the date of the written reply";
        FILED_WITH filed_with: Text, No, "受理部门", "the department the objection was filed with; Art. 11 says the recording department (the event's `recorded_by`)";
        OUTCOME outcome: Enum(Outcome::doc), No, "异议结果", "on an accepted objection, `upheld` voids the record from `replied_on` (on one not accepted it is warned about and ignored); an outcome without `replied_on` is a warning";
    }
    notes: "",
    example: "id,subject,event,filed_on,decision,decided_on,collector,investigator,replied_on,outcome\n\
              O01,S026,E023,2025-09-19,accepted,2025-09-24,郝文博,周雅琴,2025-10-28,dismissed";
}

/// The schema of a file, by its name (`events`) or file name (`events.csv`).
pub fn file(name: &str) -> Option<&'static FileSchema> {
    FILES.iter().copied().find(|f| f.name == name || f.file == name)
}

/// The schema column behind a column of an input relation of the query shell,
/// named in CamelCase (`AwardedOn` → `awarded_on`; `Id` or the file's own entity,
/// `Event` in events, → `id`).
pub fn column_for(file: &str, relation_column: &str) -> Option<&'static Column> {
    let file = self::file(file)?;
    let mut snake = String::new();
    for (i, c) in relation_column.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            snake.push('_');
        }
        snake.push(c.to_ascii_lowercase());
    }
    file.column(&snake).or_else(|| (snake == entity(file.name)).then(|| file.column("id")).flatten())
}

/// What one row of a file is: `subjects` → `subject`.
pub fn entity(file: &str) -> &str {
    match file {
        "people" => "person",
        "joint_punishments" => "listing",
        "standardization" => "standardization",
        other => other.strip_suffix('s').unwrap_or(other),
    }
}

/// How a type reads in the docs.
fn type_doc(ty: Type) -> String {
    match ty {
        Id => "text, unique".into(),
        Ref(file) => format!("{} id", entity(file)),
        Date => "date".into(),
        Enum(values) => format!("enum: {}", values()),
        Bool => "yes/no".into(),
        Count => "whole number ≥ 0".into(),
        Code => "text, kept exactly".into(),
        Text => "text".into(),
    }
}

/// One file's section of `docs/facts.md`: heading, column table, notes, example.
pub fn markdown(number: usize, file: &FileSchema) -> String {
    let mut out = format!("## {number}. {} — {}", file.file, file.label);
    out.push_str(if file.required { " (required)\n\n" } else { "\n\n" });
    out.push_str("| column | 中文 | required | type | meaning |\n|---|---|---|---|---|\n");
    for c in file.columns {
        let required = match c.required {
            Yes => "yes".to_string(),
            No => String::new(),
            When(what) => format!("{what}: yes"),
        };
        out.push_str(&format!("| `{}` | {} | {required} | {} | {} |\n", c.name, c.label, type_doc(c.ty), c.about));
    }
    if !file.notes.is_empty() {
        out.push_str(&format!("\n{}\n", file.notes));
    }
    out.push_str(&format!("\n```csv\n{}\n```\n", file.example));
    out
}

/// The section on keeping the facts in Excel: sheet names, and which columns
/// must be formatted as text.
pub fn excel_markdown() -> String {
    let mut out = String::from(
        "## Keeping the facts in Excel\n\n\
         Each file may be kept as an Excel workbook instead: `NAME.xlsx` in the facts folder (its first sheet is read; \
         a folder may mix `.csv` and `.xlsx`, but not both for one name), or one workbook for the whole folder, \
         `--facts FILE.xlsx`, with a sheet per file named as below (English or Chinese). A sheet named otherwise is \
         warned about and not read. Columns, values and checks are those of the CSV files; locations in diagnostics \
         are cells as Excel shows them (`people.xlsx: E2`, `demo.xlsx[people]: E2`; the header is row 1).\n\n\
         - Date cells are dates; text cells may use any date spelling above.\n\
         - Whole-number cells are fine in `level` and `deaths`.\n\
         - **Format the identifier columns as 文本 (Text) before typing them.** Excel keeps only 15 significant \
           digits of a number and shows long ones as `1.50203E+17`, so an 18-digit ID number or USCC typed into a \
           General cell is damaged for good: a number cell in one of these columns is an error, and so is a value \
           like `1.50203E+17` in a CSV. A date column saved as a bare serial number (`45383`) is an error that says \
           which date it meant.\n\n\
         | sheet | 中文 sheet | columns to format as text |\n|---|---|---|\n",
    );
    for file in FILES {
        let text: Vec<String> =
            file.columns.iter().filter(|c| c.ty.identifier()).map(|c| format!("`{}`", c.name)).collect();
        out.push_str(&format!("| `{}` | {} | {} |\n", file.name, file.label, text.join(", ")));
    }
    out
}

/// Every file's section, in the order of the docs (subjects first, calendar last).
pub fn markdown_all() -> String {
    let last = ["authorities", "calendar"];
    let mut order: Vec<&FileSchema> = FILES.iter().copied().filter(|f| !last.contains(&f.name)).collect();
    order.extend(last.iter().filter_map(|name| file(name)));
    let mut sections: Vec<String> = order.iter().enumerate().map(|(i, f)| markdown(i + 1, f)).collect();
    sections.push(excel_markdown());
    sections.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_constants_index_the_schema() {
        assert_eq!(events::SCHEMA.columns[events::REPAIRED_ON].name, "repaired_on");
        assert_eq!(objections::SCHEMA.columns[objections::OUTCOME].name, "outcome");
        assert_eq!(file("events.csv").map(|f| f.name), Some("events"));
        assert_eq!(FILES.first().map(|f| f.name), Some("calendar"));
    }

    #[test]
    fn references_point_to_earlier_files() {
        for (i, f) in FILES.iter().enumerate() {
            for c in f.columns {
                if let Ref(target) = c.ty {
                    let at = FILES.iter().position(|g| g.name == target).expect("a known file");
                    assert!(at < i, "{}.{} refers to a later file", f.name, c.name);
                }
            }
        }
    }
}
