//! A synthetic district or province (合成数据) in the data contract, for
//! benchmarks and demos: deterministic for a seed, with a category mix like
//! a real register, about 2 people, 10 events, 2 inspections per subject,
//! valid USCC and ID check characters. Not tidier than a real register: people
//! hold roles at random other subjects, events and inspections come in random
//! order, and notes and some names need quoting. Writes through the given writers.

use crate::facts::Day;
use crate::facts::checksum::{id_check_char, uscc_check_char};
use std::io::{self, Write};

/// A small, fast, deterministic generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        ((self.next_u64() >> 32) * n) >> 32
    }
    /// True with probability `per_mille` / 1000.
    pub fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
}

pub struct Options {
    pub subjects: usize,
    pub seed: u64,
    pub as_of: Day,
}

/// The writers of one facts folder.
pub struct Files<W: Write> {
    pub subjects: W,
    pub people: W,
    pub standardization: W,
    pub licences: W,
    pub events: W,
    pub joint_punishments: W,
    pub inspections: W,
    pub objections: W,
}

/// Row counts written, per file.
#[derive(Debug, Default, Clone)]
pub struct Counts {
    pub subjects: usize,
    pub people: usize,
    pub standardization: usize,
    pub events: usize,
    pub listings: usize,
    pub inspections: usize,
    pub objections: usize,
}

const CATEGORIES: &[(&str, u64, &str)] = &[
    ("metallurgy_trade", 350, "冶金工贸"),
    ("hazardous_chemicals", 250, "化工"),
    ("non_coal_mine", 150, "矿业"),
    ("fireworks", 100, "烟花爆竹"),
    ("safety_service", 100, "安全技术服务"),
    ("coal_mine", 50, "煤业"),
];
const ROOTS: &[&str] = &[
    "宏达", "金岭", "昆仑", "鑫源", "华泰", "瑞丰", "恒通", "北方", "兴隆", "德盛", "远航", "正元", "天成", "安泰",
    "永昌", "广源",
];
const CITIES: &[(&str, &str)] = &[
    ("150203", "包头市昆都仑区"),
    ("150202", "包头市东河区"),
    ("150204", "包头市青山区"),
    ("150105", "呼和浩特市赛罕区"),
    ("150602", "鄂尔多斯市东胜区"),
];
const SURNAMES: &[&str] =
    &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭"];
const GIVEN: &[&str] =
    &["建国", "志强", "海燕", "秀英", "文博", "春燕", "国华", "丽娜", "振宇", "晓东", "红梅", "立新"];
const USCC_CHARS: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

fn pick<'a, T>(rng: &mut Rng, items: &'a [T]) -> &'a T {
    &items[rng.below(items.len() as u64) as usize]
}

fn uscc(rng: &mut Rng, region: &str) -> String {
    let mut code = format!("91{region}");
    for _ in 0..9 {
        code.push(USCC_CHARS[rng.below(USCC_CHARS.len() as u64) as usize] as char);
    }
    let check = uscc_check_char(code.as_bytes()).expect("generated from the charset");
    code.push(check);
    code
}

fn id_number(rng: &mut Rng, region: &str) -> String {
    let birth = Day::from_ymd(1955, 1, 1).expect("a date").plus_days(rng.below(365 * 45) as i32);
    let mut id = format!("{region}{}", birth.to_string().replace('-', ""));
    id.push_str(&format!("{:03}", rng.below(1000)));
    let check = id_check_char(id.as_bytes()).expect("digits");
    id.push(check);
    id
}

/// Writes the district. Rates are chosen so that most subjects grade A, B or
/// C and a few percent D, as in a real register.
pub fn generate<W: Write>(options: &Options, files: &mut Files<W>) -> io::Result<Counts> {
    let mut rng = Rng::new(options.seed);
    let mut counts = Counts::default();
    let as_of = options.as_of;
    let ten_years = 3653;
    writeln!(files.subjects, "id,name,category,uscc,address,committed_on")?;
    writeln!(files.people, "subject,person,name,role,id_number,phone")?;
    writeln!(files.standardization, "subject,level,awarded_on,expires_on")?;
    writeln!(files.licences, "subject,kind,number,valid_from,valid_to")?;
    writeln!(
        files.events,
        "id,subject,person,date,kind,accident_level,deaths,liable,typical,authority,repaired_on,note,recorded_by,recorder,statement_heard_on"
    )?;
    writeln!(files.joint_punishments, "subject,sector,listed_on,lifted_on")?;
    writeln!(files.inspections, "id,subject,date,inspector")?;
    writeln!(
        files.objections,
        "id,subject,event,filed_on,decision,decided_on,collector,investigator,replied_on,outcome,filed_with"
    )?;
    let total_weight: u64 = CATEGORIES.iter().map(|c| c.1).sum();
    let (mut person_no, mut event_no, mut inspection_no, mut objection_no) = (0usize, 0usize, 0usize, 0usize);
    // Every person so far (name, ID number): about 6% of roles go to one of them, at random.
    let mut persons: Vec<(String, String)> = Vec::new();
    // Events and inspections are written at the end, in random order.
    let (mut events, mut inspections) = (Lines::default(), Lines::default());
    for n in 0..options.subjects {
        let sid = format!("S{n:07}");
        let mut w = rng.below(total_weight);
        let (category, _, trade) = *CATEGORIES
            .iter()
            .find(|c| {
                if w < c.1 {
                    true
                } else {
                    w -= c.1;
                    false
                }
            })
            .expect("weights sum");
        let (region, city) = *pick(&mut rng, CITIES);
        let root = *pick(&mut rng, ROOTS);
        let committed =
            if rng.chance(920) { as_of.plus_days(-(rng.below(ten_years) as i32)).to_string() } else { String::new() };
        // A branch's name has a comma, so it is quoted.
        let name = match rng.chance(20) {
            true => format!("\"{city}{root}{trade}有限公司{n},{}分公司\"", pick(&mut rng, ROOTS)),
            false => format!("{city}{root}{trade}有限公司{n}"),
        };
        writeln!(
            files.subjects,
            "{sid},{name},{category},{},{city}工业园区{}号,{committed}",
            uscc(&mut rng, region),
            1 + rng.below(999)
        )?;
        counts.subjects += 1;
        // People: a legal representative who is often also the principal, and a safety lead.
        let mut principal = String::new();
        for role in ["legal_rep", "principal", "safety_lead"] {
            if role == "principal" && rng.chance(400) {
                continue;
            }
            let (pid, name, id) = if !persons.is_empty() && rng.chance(60) {
                let k = rng.below(persons.len() as u64) as usize;
                let (name, id) = persons[k].clone();
                (format!("P{:07}", k + 1), name, id)
            } else {
                person_no += 1;
                let name = format!("{}{}", pick(&mut rng, SURNAMES), pick(&mut rng, GIVEN));
                let id = id_number(&mut rng, region);
                persons.push((name.clone(), id.clone()));
                (format!("P{person_no:07}"), name, id)
            };
            if role == "principal" {
                principal = pid.clone();
            }
            writeln!(
                files.people,
                "{sid},{pid},{name},{role},{id},1{}{:08}",
                pick(&mut rng, &["38", "39", "50", "51", "86", "88"]),
                rng.below(100_000_000)
            )?;
            counts.people += 1;
        }
        if rng.chance(850) {
            let awarded = as_of.plus_days(-(rng.below(365 * 4) as i32));
            let expires = if rng.chance(800) { awarded.plus_months(36).to_string() } else { String::new() };
            writeln!(files.standardization, "{sid},{},{awarded},{expires}", 1 + rng.below(3))?;
            counts.standardization += 1;
        }
        // Licences (Art. 7): mines hold a safety permit and safety services a qualification, most of
        // them valid; some lapsed, some never filed.
        let licence = match category {
            "coal_mine" | "non_coal_mine" => Some("safety_permit"),
            "safety_service" => Some("qualification"),
            _ => None,
        };
        if let Some(kind) = licence.filter(|_| rng.chance(950)) {
            let from = as_of.plus_days(-(rng.below(365 * 4) as i32));
            let to = from.plus_months(36 + rng.below(12) as u32);
            writeln!(files.licences, "{sid},{kind},{kind}-{n:07},{from},{to}")?;
        }
        if rng.chance(15) {
            let listed = as_of.plus_days(-(rng.below(365 * 3) as i32));
            let lifted =
                if rng.chance(500) { listed.plus_days(180 + rng.below(365) as i32).to_string() } else { String::new() };
            writeln!(files.joint_punishments, "{sid},税务,{listed},{lifted}")?;
            counts.listings += 1;
        }
        let count = 5 + rng.below(11); // 5..=15, about 10
        for _ in 0..count {
            event_no += 1;
            let eid = format!("E{event_no:08}");
            let date = as_of.plus_days(-(rng.below(ten_years) as i32));
            let r = rng.below(1000);
            let mine = category == "coal_mine" || category == "non_coal_mine";
            let (kind, accident, authority, person) = match r {
                0..=249 => {
                    // Departments as staff write them: most penalties are emergency management's.
                    let authority = *pick(
                        &mut rng,
                        &[
                            "",
                            "emergency",
                            "emergency",
                            "包头市应急管理局",
                            "包头市应急管理局",
                            "昆都仑区应急管理局",
                            "内蒙古自治区应急管理厅",
                            "昆区应急局",
                            "市场监督管理局",
                            "住房和城乡建设局",
                        ],
                    );
                    ("penalty", ",,,".to_string(), authority, "")
                }
                250..=349 => {
                    ("dishonesty", ",,,".to_string(), "", if rng.chance(300) { principal.as_str() } else { "" })
                }
                350..=979 => {
                    let level = match rng.below(1000) {
                        0..=979 => "general",
                        980..=996 => "larger",
                        997..=998 => "major",
                        _ => "especially_major",
                    };
                    let fatal = rng.chance(if level == "general" { 40 } else { 600 });
                    let deaths = if fatal { 1 + rng.below(3) } else { 0 };
                    let liable = if rng.chance(500) { "yes" } else { "no" };
                    (
                        "accident",
                        format!(
                            "{level},{deaths},{liable},{}",
                            if level == "larger" && rng.chance(100) { "yes" } else { "no" }
                        ),
                        "",
                        "",
                    )
                }
                _ => {
                    let kinds: &[&str] = if category == "safety_service" {
                        &["false_report", "evading_supervision", "accident_cover_up"]
                    } else if mine {
                        &[
                            "illegal_mining",
                            "unlicensed_operation",
                            "unrectified_major_hazard",
                            "operating_while_suspended",
                            "unaccepted_safety_facilities",
                            "obstructing_investigation",
                        ]
                    } else {
                        &[
                            "unlicensed_operation",
                            "unrectified_major_hazard",
                            "evading_supervision",
                            "operating_while_suspended",
                            "accident_cover_up",
                            "unaccepted_safety_facilities",
                            "obstructing_investigation",
                        ]
                    };
                    (*pick(&mut rng, kinds), ",,,".to_string(), "", "")
                }
            };
            let repaired = match date.plus_days(30 + rng.below(400) as i32) {
                d if kind != "accident" && rng.chance(100) && d <= as_of => d.to_string(),
                _ => String::new(),
            };
            let note = note(&mut rng, kind);
            // Who recorded it (Art. 8) and when the subject was heard (Art. 9), with some gaps.
            let recorded_by = if rng.chance(970) { "昆都仑区应急管理局" } else { "" };
            let recorder = match rng.chance(960) {
                true => format!("{}{}", pick(&mut rng, SURNAMES), pick(&mut rng, GIVEN)),
                false => String::new(),
            };
            let heard = match date.plus_days(3 + rng.below(28) as i32) {
                d if d <= as_of && rng.chance(930) => d.to_string(),
                _ => String::new(),
            };
            events.line(format_args!(
                "{eid},{sid},{person},{date},{kind},{accident},{authority},{repaired},{note},{recorded_by},{recorder},{heard}\n"
            ));
            counts.events += 1;
            if rng.chance(30) && date.plus_days(90) <= as_of {
                objection_no += 1;
                let filed = date.plus_days(5 + rng.below(30) as i32);
                let decided = filed.plus_days(1 + rng.below(10) as i32);
                let (decision, decided, replied, outcome) = match rng.below(10) {
                    0 => ("", String::new(), String::new(), ""),
                    1 => ("rejected", decided.to_string(), String::new(), ""),
                    _ => {
                        let replied = decided.plus_days(10 + rng.below(30) as i32);
                        (
                            "accepted",
                            decided.to_string(),
                            replied.to_string(),
                            if rng.chance(300) { "upheld" } else { "dismissed" },
                        )
                    }
                };
                let collector = format!("{}{}", pick(&mut rng, SURNAMES), pick(&mut rng, GIVEN));
                let investigator = if rng.chance(20) {
                    collector.clone()
                } else {
                    format!("{}{}", pick(&mut rng, SURNAMES), pick(&mut rng, GIVEN))
                };
                let filed_with =
                    if rng.chance(970) { "昆都仑区应急管理局" } else { "包头市应急管理局" };
                writeln!(
                    files.objections,
                    "O{objection_no:07},{sid},{eid},{filed},{decision},{decided},{collector},{investigator},{replied},{outcome},{filed_with}"
                )?;
                counts.objections += 1;
            }
        }
        for _ in 0..(1 + rng.below(3)) {
            inspection_no += 1;
            let date = as_of.plus_days(-(rng.below(365 * 3) as i32));
            inspections.line(format_args!(
                "I{inspection_no:08},{sid},{date},{}{}\n",
                pick(&mut rng, SURNAMES),
                pick(&mut rng, GIVEN)
            ));
            counts.inspections += 1;
        }
    }
    events.write_shuffled(&mut rng, &mut files.events)?;
    inspections.write_shuffled(&mut rng, &mut files.inspections)?;
    Ok(counts)
}

/// Lines held until they are written in random order.
#[derive(Default)]
struct Lines {
    bytes: Vec<u8>,
    /// Where each line ends in `bytes`.
    ends: Vec<u64>,
}

impl Lines {
    fn line(&mut self, line: std::fmt::Arguments) {
        self.bytes.write_fmt(line).expect("writing to memory");
        self.ends.push(self.bytes.len() as u64);
    }

    fn write_shuffled<W: Write>(self, rng: &mut Rng, out: &mut W) -> io::Result<()> {
        let mut order: Vec<u32> = (0..self.ends.len() as u32).collect();
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i as u64 + 1) as usize);
        }
        for i in order {
            let start = if i == 0 { 0 } else { self.ends[i as usize - 1] };
            out.write_all(&self.bytes[start as usize..self.ends[i as usize] as usize])?;
        }
        Ok(())
    }
}

/// An inspector's note on a record: often none, mostly distinct, some quoted
/// because they hold a comma or a quotation mark.
fn note(rng: &mut Rng, kind: &str) -> String {
    let n = 1 + rng.below(20);
    match rng.below(10) {
        0..=4 => String::new(),
        5 | 6 => format!("现场检查发现隐患{n}项（{kind}）"),
        7 => format!("\"责令限期整改,复查{n}次后完成\""),
        8 => format!("\"依据《安全生产法》第{}条,罚款{}万元\"", 90 + n, n),
        _ => format!("\"当事人称\"\"已整改\"\",待复核{n}\""),
    }
}
