//! Every relation of the query language by name: its typed columns, what it
//! holds, where it comes from (a fact file of the schema, or the rules), and
//! how its rows are built from the facts and the model. A child of `db`, which
//! materializes them on first use.

use super::*;

use ColType::{Date, Id, Int, Text};
const fn code(kind: CodeKind) -> ColType {
    ColType::Code(kind)
}

/// Every relation, inputs first. Names and argument orders are part of the
/// query language's contract (docs/queries.md).
pub static RELATIONS: &[RelationDef] = &[
    RelationDef {
        name: "subject",
        columns: &[("Id", Id), ("Name", Text), ("Category", code(CodeKind::Category))],
        about: "信用主体: every subject of subjects.csv",
        derived: false,
        file: "subjects",
        build: |b| {
            for s in b.subjects() {
                let row = b.facts.subject(s);
                let (name, category) = (row.name, row.category.code());
                let v = [b.subject(s), b.fact_text(name), b.s(category)];
                b.push(&v);
            }
        },
    },
    RelationDef {
        name: "subject_info",
        columns: &[("Subject", Id), ("Uscc", Text), ("Address", Text)],
        about: "统一社会信用代码 and address of each subject",
        derived: false,
        file: "subjects",
        build: |b| {
            for s in b.subjects() {
                let row = b.facts.subject(s);
                let (uscc, address) = (row.uscc, row.address);
                let v = [b.subject(s), b.fact_text(uscc), b.fact_text(address)];
                b.push(&v);
            }
        },
    },
    RelationDef {
        name: "commitment",
        columns: &[("Subject", Id), ("Date", Date)],
        about: "公开承诺: the date of a subject's public safety commitment (as recorded)",
        derived: false,
        file: "subjects",
        build: |b| {
            for s in b.subjects() {
                if let Some(d) = b.facts.subject(s).committed_on {
                    let v = [b.subject(s), Value::date(d)];
                    b.push(&v);
                }
            }
        },
    },
    RelationDef {
        name: "person",
        columns: &[("Person", Id), ("Name", Text)],
        about: "人员: every person id of people.csv with their name",
        derived: false,
        file: "people",
        build: |b| {
            for p in 0..b.facts.persons.len() as u32 {
                let name = b.facts.persons[p as usize].name;
                let v = [b.person(PersonIx(p)), b.fact_text(name)];
                b.push(&v);
            }
        },
    },
    RelationDef {
        name: "person_contact",
        columns: &[("Person", Id), ("IdNumber", Text), ("Phone", Text)],
        about: "身份证号码 and phone of each person, masked unless --show-personal (Art. 6)",
        derived: false,
        file: "people",
        build: |b| {
            for p in 0..b.facts.persons.len() as u32 {
                let row = &b.facts.persons[p as usize];
                let (id, phone) = (b.facts.text.resolve(row.id_number), b.facts.text.resolve(row.phone));
                let (id, phone) = if b.show_personal {
                    (id.to_string(), phone.to_string())
                } else {
                    (privacy::mask_id_number(id), privacy::mask_phone(phone))
                };
                let v = [b.person(PersonIx(p)), b.s(&id), b.s(&phone)];
                b.push(&v);
            }
        },
    },
    RelationDef {
        name: "person_role",
        columns: &[("Subject", Id), ("Person", Id), ("Role", code(CodeKind::Role))],
        about: "任职: person P holds role R at subject S",
        derived: false,
        file: "people",
        build: |b| {
            for r in &b.facts.roles {
                let v = [b.subject(r.subject), b.person(r.person), b.s(r.role.code())];
                b.push(&v);
            }
        },
    },
    RelationDef {
        name: "standardization",
        columns: &[("Subject", Id), ("Level", code(CodeKind::Level)), ("AwardedOn", Date), ("ExpiresOn", Date)],
        about: "安全生产标准化 records; ExpiresOn is empty when there is no expiry",
        derived: false,
        file: "standardization",
        build: |b| {
            for r in &b.facts.standardization {
                let v =
                    [b.subject(r.subject), b.s(r.level.code()), Value::date(r.awarded_on), b.opt_date(r.expires_on)];
                b.push(&v);
            }
        },
    },
    RelationDef {
        name: "event",
        columns: &[("Id", Id), ("Subject", Id), ("Date", Date), ("Kind", code(CodeKind::Kind))],
        about: "信用记录: every record of events.csv (as recorded, whatever the as-of date)",
        derived: false,
        file: "events",
        build: |b| {
            for (e, row) in b.facts.events.iter().enumerate() {
                let v =
                    [b.event(EventIx(e as u32)), b.subject(row.subject), Value::date(row.date), b.s(row.kind.code())];
                b.push(&v);
            }
        },
    },
    RelationDef {
        name: "event_person",
        columns: &[("Event", Id), ("Person", Id)],
        about: "the person involved in an event",
        derived: false,
        file: "events",
        build: |b| {
            for (e, row) in b.facts.events.iter().enumerate() {
                if let Some(p) = row.person() {
                    let v = [b.event(EventIx(e as u32)), b.person(p)];
                    b.push(&v);
                }
            }
        },
    },
    RelationDef {
        name: "accident",
        columns: &[
            ("Event", Id),
            ("Level", code(CodeKind::AccidentLevel)),
            ("Deaths", Int),
            ("Liable", code(CodeKind::YesNo)),
            ("Typical", code(CodeKind::YesNo)),
        ],
        about: "事故: the accident fields of accident events",
        derived: false,
        file: "events",
        build: |b| {
            for (e, row) in b.facts.events.iter().enumerate() {
                if let Some(a) = row.accident() {
                    let v = [
                        b.event(EventIx(e as u32)),
                        b.s(a.level.code()),
                        Value::int(a.deaths.into()),
                        b.s(crate::facts::cell::yes_no(a.liable)),
                        b.s(crate::facts::cell::yes_no(a.typical)),
                    ];
                    b.push(&v);
                }
            }
        },
    },
    RelationDef {
        name: "penalty_authority",
        columns: &[("Event", Id), ("Authority", Text), ("Emergency", code(CodeKind::YesNo))],
        about: "行政处罚: who imposed each penalty; only emergency management's count (Art. 13)",
        derived: false,
        file: "events",
        build: |b| {
            for (e, row) in b.facts.events.iter().enumerate() {
                if row.kind == Kind::Penalty {
                    let emergency = crate::facts::cell::yes_no(row.emergency_management());
                    let v = [b.event(EventIx(e as u32)), b.fact_text(row.authority()), b.s(emergency)];
                    b.push(&v);
                }
            }
        },
    },
    RelationDef {
        name: "repair",
        columns: &[("Event", Id), ("Date", Date)],
        about: "信用修复: the record stops counting from this date",
        derived: false,
        file: "events",
        build: |b| {
            for (e, row) in b.facts.events.iter().enumerate() {
                if let Some(d) = row.repaired_on() {
                    let v = [b.event(EventIx(e as u32)), Value::date(d)];
                    b.push(&v);
                }
            }
        },
    },
    RelationDef {
        name: "listing",
        columns: &[("Subject", Id), ("Sector", Text), ("ListedOn", Date), ("LiftedOn", Date)],
        about: "失信联合惩戒 listings by other sectors; LiftedOn is empty while not lifted",
        derived: false,
        file: "joint_punishments",
        build: |b| {
            for r in &b.facts.listings {
                let v =
                    [b.subject(r.subject), b.fact_text(r.sector), Value::date(r.listed_on), b.opt_date(r.lifted_on)];
                b.push(&v);
            }
        },
    },
    RelationDef {
        name: "licence",
        columns: &[
            ("Subject", Id),
            ("Kind", code(CodeKind::Licence)),
            ("Number", Text),
            ("ValidFrom", Date),
            ("ValidTo", Date),
        ],
        about: "证照 (Art. 7(一)3): every licence of licences.csv; ValidFrom and ValidTo are empty when not limited",
        derived: false,
        file: "licences",
        build: |b| {
            for l in &b.facts.licences {
                let v = [
                    b.subject(l.subject),
                    b.s(l.kind.code()),
                    b.fact_text(l.number),
                    b.opt_date(l.valid_from),
                    b.opt_date(l.valid_to),
                ];
                b.push(&v);
            }
        },
    },
    RelationDef {
        name: "inspection",
        columns: &[("Id", Id), ("Subject", Id), ("Date", Date)],
        about: "执法检查: every inspection of inspections.csv",
        derived: false,
        file: "inspections",
        build: |b| {
            for (i, r) in b.facts.inspections.iter().enumerate() {
                let id = b.facts.inspection_id(i);
                let v = [b.s(id), b.subject(r.subject), Value::date(r.date)];
                b.push(&v);
            }
        },
    },
    RelationDef {
        name: "inspector",
        columns: &[("Inspection", Id), ("Name", Text)],
        about: "who inspected",
        derived: false,
        file: "inspections",
        build: |b| {
            for (i, r) in b.facts.inspections.iter().enumerate() {
                let id = b.facts.inspection_id(i);
                let v = [b.s(id), b.fact_text(r.inspector)];
                b.push(&v);
            }
        },
    },
    RelationDef {
        name: "objection",
        columns: &[("Id", Id), ("Subject", Id), ("Event", Id), ("FiledOn", Date)],
        about: "异议申请: every objection of objections.csv",
        derived: false,
        file: "objections",
        build: |b| {
            for (o, r) in b.facts.objections.iter().enumerate() {
                let id = b.facts.objection_id(o);
                let v = [b.s(id), b.subject(r.subject), b.event(r.event), Value::date(r.filed_on)];
                b.push(&v);
            }
        },
    },
    RelationDef {
        name: "objection_decision",
        columns: &[("Objection", Id), ("Decision", code(CodeKind::Decision)), ("DecidedOn", Date)],
        about: "受理 / 不予受理 decisions as recorded",
        derived: false,
        file: "objections",
        build: |b| {
            for (o, r) in b.facts.objections.iter().enumerate() {
                if let Some(decision) = r.decision {
                    let id = b.facts.objection_id(o);
                    let v = [b.s(id), b.s(decision.code()), b.opt_date(r.decided_on)];
                    b.push(&v);
                }
            }
        },
    },
    RelationDef {
        name: "objection_reply",
        columns: &[("Objection", Id), ("RepliedOn", Date), ("Outcome", code(CodeKind::Outcome))],
        about: "written replies as recorded; Outcome is empty when not recorded",
        derived: false,
        file: "objections",
        build: |b| {
            for (o, r) in b.facts.objections.iter().enumerate() {
                if let Some(d) = r.replied_on {
                    let id = b.facts.objection_id(o);
                    let outcome = r.outcome.map_or("", |o| o.code());
                    let v = [b.s(id), Value::date(d), b.s(outcome)];
                    b.push(&v);
                }
            }
        },
    },
    RelationDef {
        name: "objection_staff",
        columns: &[("Objection", Id), ("Collector", Text), ("Investigator", Text)],
        about: "信息采集人员 and 调查核实人员 of each objection",
        derived: false,
        file: "objections",
        build: |b| {
            for (o, r) in b.facts.objections.iter().enumerate() {
                let id = b.facts.objection_id(o);
                let v = [b.s(id), b.fact_text(r.collector), b.fact_text(r.investigator)];
                b.push(&v);
            }
        },
    },
    RelationDef {
        name: "calendar_override",
        columns: &[("Date", Date), ("Kind", code(CodeKind::DayKind)), ("Name", Text)],
        about: "entries of calendar.csv that override the official holiday schedule",
        derived: false,
        file: "calendar",
        build: |b| {
            for e in &b.facts.calendar {
                let v = [Value::date(e.date), b.s(e.kind.code()), b.fact_text(e.name)];
                b.push(&v);
            }
        },
    },
    RelationDef {
        name: "clause",
        columns: &[("Id", code(CodeKind::Clause)), ("Group", Text), ("Article", Text), ("Text", Text)],
        about: "条款: every clause id, its grade definition (A, B, C, D or other), article and Chinese text",
        derived: false,
        file: "",
        build: |b| {
            for c in Clause::ALL {
                let group = match c.group() {
                    crate::rules::Group::A => "A",
                    crate::rules::Group::B => "B",
                    crate::rules::Group::C => "C",
                    crate::rules::Group::D => "D",
                    crate::rules::Group::Other => "other",
                };
                let v = [b.s(c.id()), b.s(group), b.s(c.article()), b.s(c.text())];
                b.push(&v);
            }
        },
    },
    // ── Derived by the rules, for the as-of date ──
    RelationDef {
        name: "as_of",
        columns: &[("Date", Date)],
        about: "the as-of date the derived relations are evaluated for",
        derived: true,
        file: "",
        build: |b| b.push(&[Value::date(b.model.as_of)]),
    },
    RelationDef {
        name: "grade",
        columns: &[("Subject", Id), ("Grade", code(CodeKind::Grade))],
        about: "信用等级 (Art. 13): A, B, C, D or unrated",
        derived: true,
        file: "",
        build: |b| {
            for s in b.subjects() {
                let grade = b.model.subject(s).grade.code();
                let v = [b.subject(s), b.s(grade)];
                b.push(&v);
            }
        },
    },
    RelationDef {
        name: "meets",
        columns: &[("Subject", Id), ("Grade", code(CodeKind::Grade))],
        about: "the grade definitions a subject meets on their own, before precedence",
        derived: true,
        file: "",
        build: |b| {
            for s in b.subjects() {
                for g in [Grade::A, Grade::B, Grade::C, Grade::D] {
                    if b.model.subject(s).meets(g) {
                        let v = [b.subject(s), b.s(g.code())];
                        b.push(&v);
                    }
                }
            }
        },
    },
    RelationDef {
        name: "tier",
        columns: &[("Subject", Id), ("Tier", code(CodeKind::Tier))],
        about: "监管层级 (Art. 14): county, city, region or none",
        derived: true,
        file: "",
        build: |b| {
            for s in b.subjects() {
                let tier = b.model.subject(s).tier.code();
                let v = [b.subject(s), b.s(tier)];
                b.push(&v);
            }
        },
    },
    RelationDef {
        name: "measures",
        columns: &[("Subject", Id), ("Measures", code(CodeKind::Measures))],
        about: "差别化监管措施 (Art. 15(1)–(4)) of graded subjects",
        derived: true,
        file: "",
        build: |b| {
            for s in b.subjects() {
                if let Some(m) = b.model.subject(s).measures {
                    let v = [b.subject(s), b.s(m.code())];
                    b.push(&v);
                }
            }
        },
    },
    RelationDef {
        name: "high_risk",
        columns: &[("Subject", Id)],
        about: "高危行业领域 (Art. 15): coal and non-coal mines, hazardous chemicals, fireworks",
        derived: true,
        file: "",
        build: |b| {
            for s in b.subjects() {
                if b.model.subject(s).high_risk {
                    let v = [b.subject(s)];
                    b.push(&v);
                }
            }
        },
    },
    RelationDef {
        name: "joint_target",
        columns: &[("Subject", Id)],
        about: "联合惩戒对象: D-grade joint-punishment targets (the last sentence of Art. 13 D(10))",
        derived: true,
        file: "",
        build: |b| {
            for s in b.subjects() {
                if b.model.subject(s).joint_target() {
                    let v = [b.subject(s)];
                    b.push(&v);
                }
            }
        },
    },
    RelationDef {
        name: "reason",
        columns: &[("Subject", Id), ("Clause", code(CodeKind::Clause)), ("Holds", code(CodeKind::YesNo))],
        about: "every Art. 13 clause for every subject, holding (yes) or not (no)",
        derived: true,
        file: "",
        build: |b| {
            for s in b.subjects() {
                for c in Clause::ART13 {
                    let holds = crate::facts::cell::yes_no(b.model.subject(s).holds(*c));
                    let v = [b.subject(s), b.s(c.id()), b.s(holds)];
                    b.push(&v);
                }
            }
        },
    },
    RelationDef {
        name: "evidence",
        columns: &[("Subject", Id), ("Clause", code(CodeKind::Clause)), ("Event", Id)],
        about: "the events that make a clause hold (C, D) or fail (A, B)",
        derived: true,
        file: "",
        build: |b| {
            for &(s, c, r) in &b.model.witnesses {
                if let Record::Event(e) = r {
                    let v = [b.subject(s), b.s(c.id()), b.event(e)];
                    b.push(&v);
                }
            }
        },
    },
    RelationDef {
        name: "counting",
        columns: &[("Event", Id), ("Subject", Id), ("Date", Date), ("Kind", code(CodeKind::Kind))],
        about: "every record that counts against a subject on the as-of date, of any age: dated by then, not repaired, not voided by an upheld objection; dishonesty also at the subjects where its person is principal or safety lead (for windows of one's own)",
        derived: true,
        file: "",
        build: |b| {
            for (e, s, d, k) in crate::rules::counting(b.facts, b.index, b.model.as_of) {
                let v = [b.event(e), b.subject(s), Value::date(d), b.s(k.code())];
                b.push(&v);
            }
        },
    },
    RelationDef {
        name: "evidence_record",
        columns: &[("Subject", Id), ("Clause", code(CodeKind::Clause)), ("File", Text), ("Line", Int)],
        about: "every record behind a clause (events, commitments, standardization, listings), by file and line",
        derived: true,
        file: "",
        build: |b| {
            // The file as the user keeps it: `events.csv`, or a worksheet; a few
            // files for millions of witnesses, so each is named once.
            let mut places: Vec<(&'static str, String)> = Vec::new();
            for &(s, c, r) in &b.model.witnesses {
                let (file, line) = r.row(b.facts);
                let at = match places.iter().position(|(name, _)| *name == file) {
                    Some(at) => at,
                    None => {
                        places.push((file, b.facts.place(file).file));
                        places.len() - 1
                    }
                };
                let v = [b.subject(s), b.s(c.id()), b.s(&places[at].1), Value::int(line.into())];
                b.push(&v);
            }
        },
    },
    RelationDef {
        name: "interval",
        columns: &[("Subject", Id), ("Months", Int)],
        about: "执法检查频次 (Art. 15): at least one inspection every N months",
        derived: true,
        file: "",
        build: |b| {
            for s in b.subjects() {
                if let Some(m) = b.model.subject(s).interval {
                    let v = [b.subject(s), Value::int(m.into())];
                    b.push(&v);
                }
            }
        },
    },
    RelationDef {
        name: "last_inspection",
        columns: &[("Subject", Id), ("Date", Date)],
        about: "the latest inspection on or before the as-of date",
        derived: true,
        file: "",
        build: |b| {
            for s in b.subjects() {
                if let Some(d) = b.model.subject(s).last_inspection {
                    let v = [b.subject(s), Value::date(d)];
                    b.push(&v);
                }
            }
        },
    },
    RelationDef {
        name: "next_due",
        columns: &[("Subject", Id), ("Date", Date)],
        about: "last inspection + interval: when the next inspection is due",
        derived: true,
        file: "",
        build: |b| {
            for s in b.subjects() {
                if let Some(d) = b.model.subject(s).next_due {
                    let v = [b.subject(s), Value::date(d)];
                    b.push(&v);
                }
            }
        },
    },
    RelationDef {
        name: "overdue",
        columns: &[("Subject", Id), ("Days", Int)],
        about: "subjects with a last inspection whose due date has passed, by days",
        derived: true,
        file: "",
        build: |b| {
            for s in b.subjects() {
                if let Some(days) = b.model.subject(s).overdue_days {
                    let v = [b.subject(s), Value::int(days.into())];
                    b.push(&v);
                }
            }
        },
    },
    RelationDef {
        name: "never_inspected",
        columns: &[("Subject", Id)],
        about: "graded subjects with no inspection on record by the as-of date",
        derived: true,
        file: "",
        build: |b| {
            for s in b.subjects() {
                if b.model.subject(s).never_inspected {
                    let v = [b.subject(s)];
                    b.push(&v);
                }
            }
        },
    },
    RelationDef {
        name: "awaiting_grade",
        columns: &[("Subject", Id)],
        about: "unrated subjects: no inspection interval applies; listed for a grading decision",
        derived: true,
        file: "",
        build: |b| {
            for s in b.subjects() {
                if b.model.subject(s).grade == Grade::Unrated {
                    let v = [b.subject(s)];
                    b.push(&v);
                }
            }
        },
    },
    RelationDef {
        name: "objection_status",
        columns: &[("Objection", Id), ("Status", code(CodeKind::Status))],
        about: "异议办理状态 (Art. 11–12) of objections filed by the as-of date",
        derived: true,
        file: "",
        build: |b| {
            for (o, r) in b.model.objections.iter().enumerate() {
                if let Some(status) = r.status {
                    let id = b.facts.objection_id(o);
                    let v = [b.s(id), b.s(status.code())];
                    b.push(&v);
                }
            }
        },
    },
    RelationDef {
        name: "objection_deadline",
        columns: &[("Objection", Id), ("Date", Date)],
        about: "答复期限 (Art. 12): the 20th working day after acceptance",
        derived: true,
        file: "",
        build: |b| {
            for (o, r) in b.model.objections.iter().enumerate() {
                if let Some(d) = r.deadline {
                    let id = b.facts.objection_id(o);
                    let v = [b.s(id), Value::date(d)];
                    b.push(&v);
                }
            }
        },
    },
    RelationDef {
        name: "investigator_conflict",
        columns: &[("Objection", Id)],
        about: "Art. 12: the investigator is the collector (调查核实人员不能为信息采集人员)",
        derived: true,
        file: "",
        build: |b| {
            for (o, r) in b.model.objections.iter().enumerate() {
                if r.conflict {
                    let id = b.facts.objection_id(o);
                    let v = [b.s(id)];
                    b.push(&v);
                }
            }
        },
    },
    RelationDef {
        name: "procedure",
        columns: &[("Article", Int), ("Finding", Text), ("Subject", Id), ("Record", Text), ("Detail", Text)],
        about: "程序性义务: a finding of the bureau's own duties (Art. 7, 8, 9, 11, 12), as `safecredit procedure` lists it; Record is the event or objection id or \"\", Detail the missing item or \"\"",
        derived: true,
        file: "",
        build: |b| {
            for f in b.procedure().iter() {
                let v = [
                    Value::int(i64::from(f.clause.article_number())),
                    b.s(f.finding.code()),
                    b.subject(f.subject),
                    b.s(f.record(b.facts)),
                    b.s(f.detail()),
                ];
                b.push(&v);
            }
        },
    },
    RelationDef {
        name: "missing_info",
        columns: &[("Subject", Id), ("Item", Text)],
        about: "Art. 7 (一): an item of the basic information missing from a subject's credit file (e.g. principal_phone, safety_permit)",
        derived: true,
        file: "",
        build: |b| {
            for f in b.procedure().iter() {
                if let Some(item) = f.item {
                    let v = [b.subject(f.subject), b.s(item.code())];
                    b.push(&v);
                }
            }
        },
    },
    RelationDef {
        name: "next_change",
        columns: &[("Subject", Id), ("Date", Date), ("NewGrade", code(CodeKind::Grade))],
        about: "the first date after the as-of date on which the grade changes if nothing new happens (within 3 years)",
        derived: true,
        file: "",
        build: |b| {
            let horizon = crate::rules::horizon(b.model.as_of);
            let threads = crate::rules::EvalOptions::default().threads;
            for (s, date, grade) in crate::analysis::timeline::next_changes(b.facts, b.index, b.model, horizon, threads)
            {
                let v = [b.subject(s), Value::date(date), b.s(grade.code())];
                b.push(&v);
            }
        },
    },
    RelationDef {
        name: "would_be",
        columns: &[("Subject", Id), ("Grade", code(CodeKind::Grade)), ("Change", Text)],
        about: "the grade a subject would have after one action (repair:E…, commit, standardize, lift:…)",
        derived: true,
        file: "",
        build: |b| {
            use crate::analysis::variant::ChangeText;
            let threads = crate::rules::EvalOptions::default().threads;
            for (s, change, grade) in crate::analysis::whynot::would_be(b.facts, b.index, b.model, threads) {
                let code = change.code(b.facts);
                let v = [b.subject(s), b.s(grade.code()), b.s(&code)];
                b.push(&v);
            }
        },
    },
];
