//! The clause catalogue (条款目录): every clause id of Art. 7–9 and 11–15 that the
//! rules implement, with the regulation's Chinese text, an English summary,
//! and the interpretation fixed by the issues. Outputs, `docs/rules.md`,
//! `explain` and the tests all name clauses by these ids. Depends on nothing.

use crate::facts::codes::codes;

/// Art. 13's precedence, worst first (D > C > A > B): each grade, its group of
/// conditions, and whether any one of them gives it (D, C) or all are needed
/// (A, B). The `precedence` crepe program decides; this is its order for
/// people (explanations), and a test checks the two agree.
pub const PRECEDENCE: &[(Grade, Group, bool)] =
    &[(Grade::D, Group::D, true), (Grade::C, Group::C, true), (Grade::A, Group::A, false), (Grade::B, Group::B, false)];

/// What kind of record an Art. 13 grade condition looks at: a tag that the
/// what-if questions and timelines use to say which clauses a change touches.
/// A test checks it against every record the rules cite.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum Looks {
    /// The public commitment (subjects.csv `committed_on`).
    Commitment,
    /// Safety standardization records.
    Standardization,
    /// Joint-punishment listings by other sectors.
    Listing,
    /// Credit records (events.csv).
    Events,
    /// Not a grade condition.
    Nothing,
}

/// Which of the four grade definitions of Art. 13(2) a clause belongs to.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Group {
    A,
    B,
    C,
    D,
    /// Art. 11–12, 14, 15 and the joint-punishment sentence: not a grade condition.
    Other,
}

macro_rules! clauses {
    ($( $variant:ident = $id:literal, $group:ident, $text:literal, $summary:literal, $note:literal; )+) => {
        /// A clause of the measures (条款), by the ids used in every output.
        #[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
        pub enum Clause { $( $variant, )+ }

        impl Clause {
            pub const ALL: &'static [Clause] = &[ $( Clause::$variant, )+ ];

            /// The stable id, e.g. `13.C.2`.
            pub fn id(self) -> &'static str {
                match self { $( Clause::$variant => $id, )+ }
            }

            /// The regulation's own words (条文).
            pub fn text(self) -> &'static str {
                match self { $( Clause::$variant => $text, )+ }
            }

            /// What the clause says, in English.
            pub fn summary(self) -> &'static str {
                match self { $( Clause::$variant => $summary, )+ }
            }

            /// How the rules read the clause where the text leaves room (解释说明).
            pub fn note(self) -> &'static str {
                match self { $( Clause::$variant => $note, )+ }
            }

            pub fn group(self) -> Group {
                match self { $( Clause::$variant => Group::$group, )+ }
            }
        }
    };
}

clauses! {
    A1 = "13.A.1", A,
        "（1）必须公开向社会承诺并严格遵守安全生产法律、法规、标准等有关规定，严格履行安全生产主体责任",
        "has made a public safety commitment",
        "Holds iff committed_on ≤ as-of. A commitment dated after the as-of date does not exist yet.";
    A2 = "13.A.2", A,
        "（2）生产经营单位及其主要负责人、分管安全负责人3年内无安全生产失信行为",
        "no dishonesty by the subject, its principal or its safety lead within 3 years",
        "A dishonesty event counts against S if its subject is S, or if its person holds role principal or safety_lead at S, wherever the event happened; legal_rep and partner do not count. \"3年内\": as-of − 3 years ≤ date ≤ as-of, calendar arithmetic (2024-02-29 − 1 year = 2023-02-28). A record stops counting from its repaired_on date, or from the replied_on date of an upheld objection against it (accepted, outcome upheld, replied on or before the as-of date).";
    A3 = "13.A.3", A,
        "（3）3年内未受到应急管理部门作出的行政处罚",
        "no penalty by emergency management within 3 years",
        "应急管理部门 is every emergency-management department, at any level, recognised by the name staff write in `authority`: a penalty counts when authority is empty, `emergency` (any case), a name containing 应急管理 (应急管理部, 内蒙古自治区应急管理厅, 包头市应急管理局, 昆都仑区应急管理局) or one ending in 应急局 or 应急厅 (the short forms of Art. 14). authorities.csv settles particular names either way. Any other name (市场监督管理局, 应急物资储备公司) is another department, whose penalties do not count. `check` lists every name with its classification; the evidence line names the department. Window and repair as in 13.A.2.";
    A4 = "13.A.4", A,
        "（4）3年内未发生造成人员死亡生产安全责任事故",
        "no fatal liability accident within 3 years",
        "A fatal liability accident is kind = accident, liable = yes, deaths ≥ 1, of any level. A non-liable accident never counts. Window and repair as in 13.A.2.";
    A5 = "13.A.5", A,
        "（5）安全生产标准化建设达到三级以上水平",
        "safety standardization at level 3 or better",
        "\"三级以上\" is met iff some record has level ≤ 3 and awarded_on ≤ as-of ≤ expires_on (or no expiry).";
    A6 = "13.A.6", A,
        "（6）未被其他行业领域认定为失信联合惩戒对象",
        "not listed as a joint-punishment target by another sector",
        "A listing is active iff listed_on ≤ as-of and (no lifted_on, or lifted_on > as-of).";
    B1 = "13.B.1", B,
        "（1）必须公开向社会承诺并严格遵守安全生产法律、法规、标准等有关规定，严格履行安全生产主体责任",
        "has made a public safety commitment",
        "As 13.A.1.";
    B2 = "13.B.2", B,
        "（2）生产经营单位及其主要负责人、分管安全负责人1年内无安全生产失信行为",
        "no dishonesty by the subject, its principal or its safety lead within 1 year",
        "As 13.A.2 with a 1-year window: as-of − 1 year ≤ date ≤ as-of.";
    B3 = "13.B.3", B,
        "（3）1年内未受到应急管理部门作出的行政处罚",
        "no penalty by emergency management within 1 year",
        "As 13.A.3 with a 1-year window; the same departments count (empty, `emergency`, a name containing 应急管理 or ending in 应急局 or 应急厅, or as authorities.csv says).";
    B4 = "13.B.4", B,
        "（4）1年内未发生造成人员死亡的生产安全责任事故",
        "no fatal liability accident within 1 year",
        "As 13.A.4 with a 1-year window.";
    B5 = "13.B.5", B,
        "（5）未被其他行业领域认定为失信联合惩戒对象",
        "not listed as a joint-punishment target by another sector",
        "As 13.A.6.";
    C1 = "13.C.1", C,
        "（1）生产经营单位及其主要负责人、分管安全负责人1年内有安全生产失信行为",
        "dishonesty by the subject, its principal or its safety lead within 1 year",
        "Counting dishonesty as in 13.A.2, within 1 year. Any one of C(1)–C(5) gives C (why: 13.grade).";
    C2 = "13.C.2", C,
        "（2）1年内受到应急管理部门作出的行政处罚",
        "a penalty by emergency management within 1 year",
        "As 13.A.3, within 1 year; the same departments count (empty, `emergency`, a name containing 应急管理 or ending in 应急局 or 应急厅, or as authorities.csv says).";
    C3 = "13.C.3", C,
        "（3）1年内发生造成人员死亡一般生产安全责任事故",
        "a fatal general liability accident within 1 year",
        "A fatal liability accident (13.A.4) of level general within 1 year. Two of them are 13.D.1.";
    C4 = "13.C.4", C,
        "（4）三级安全生产标准化建设未达标",
        "safety standardization not at level 3",
        "Holds iff the standardization of 13.A.5 is not met on the as-of date (none, not yet awarded, or expired).";
    C5 = "13.C.5", C,
        "（5）被其他行业领域认定为失信联合惩威〔原文如此〕对象",
        "listed as a joint-punishment target by another sector",
        "An active listing as in 13.A.6.";
    D1 = "13.D.1", D,
        "（1）发生较大及以上生产安全责任事故，或1年内累计发生2起及以上造成人员死亡的一般生产安全责任事故的",
        "a liable accident of level larger or above, or two or more fatal general liability accidents within 1 year",
        "The D conditions give no window; the 1-year evaluation period implied by D(1) is used for every D clause. A liable accident of level larger, major or especially_major within 1 year (deaths not required), or ≥ 2 fatal liable general accidents within 1 year.";
    D2 = "13.D.2", D,
        "（2）未按规定取得安全生产许可，擅自开展生产经营建设活动的",
        "operating without a safety production licence",
        "An event of kind unlicensed_operation within 1 year (window as in 13.D.1).";
    D3 = "13.D.3", D,
        "（3）发现重大生产安全事故隐患不及时整改，仍组织从业人员冒险作业的",
        "working on despite an unrectified major hazard",
        "An event of kind unrectified_major_hazard within 1 year.";
    D4 = "13.D.4", D,
        "（4）采取隐蔽、欺骗或阻碍等方式逃避、对抗安全监管监察的",
        "evading or resisting supervision",
        "An event of kind evading_supervision within 1 year.";
    D5 = "13.D.5", D,
        "（5）被责令停产停业整顿，仍然从事生产经营建设活动的",
        "operating while ordered to suspend",
        "An event of kind operating_while_suspended within 1 year.";
    D6 = "13.D.6", D,
        "（6）瞒报、谎报、迟报生产安全事故的",
        "concealing, falsifying or late-reporting an accident",
        "An event of kind accident_cover_up within 1 year.";
    D7 = "13.D.7", D,
        "（7）矿山、危险化学品、金属冶炼等高危行业建设项目安全设施未经验收合格即投入生产和使用的",
        "safety facilities used before acceptance",
        "An event of kind unaccepted_safety_facilities within 1 year.";
    D8 = "13.D.8", D,
        "（8）矿山生产经营单位存在超层越界开采、以探代采行为的",
        "mining beyond licensed bounds or mining under an exploration licence",
        "An event of kind illegal_mining within 1 year. Outside mines the loader warns, and the clause still holds.";
    D9 = "13.D.9", D,
        "（9）发生事故后，故意破坏事故现场，伪造有关证据资料，妨码〔原文如此〕、对抗事故调查，或主要负责人逃逸的",
        "obstructing an accident investigation",
        "An event of kind obstructing_investigation within 1 year.";
    D10 = "13.D.10", D,
        "（10）安全生产技术服务机构出具虚假报告或证明，违规转让或出借资质的",
        "a service agency issuing false reports or lending its qualification",
        "An event of kind false_report within 1 year. Outside safety_service the loader warns, and the clause still holds.";
    DJoint = "13.D.joint", Other,
        "其中，存在严重违法违规行为，发生重特大生产安全责任事故，或1年内累计发生2起较大生产安全责任事故，或发生性质恶劣、危害性严重、社会影响大的典型较大生产安全责任事故的联合惩戒对象。",
        "a D-grade subject that is a joint-punishment target (联合惩戒对象)",
        "A D-grade subject that, within 1 year, has a liable major or especially_major accident, ≥ 2 liable larger accidents, a liable larger accident marked typical, or any 13.D.2–13.D.10 event (the \"serious violations\").";
    Tier = "14", Other,
        "A、B级信用主体由旗县级应急局监管，C级信用主体由市级应急局监管，D级信用主体由自治区级应急厅监管，各级监管部门自行组织并建立台账，只作内部管理使用，不对外公布。",
        "the supervising tier by grade; grades are for internal use only",
        "A and B → county (旗县级应急局); C → city (市级应急局); D → region (自治区级应急厅); unrated → none. Every human-facing ledger is headed 内部管理使用，不对外公布.";
    InspectA = "15.A", Other,
        "（一）对A级信用主体，在政府采购、招标投标、资质认证、评先创优等方面给予优先考虑，减少检查频次，监管部门执法检查每两年不少于一次。",
        "grade A: priority in procurement, bidding, qualification and awards; inspected at least every 24 months",
        "Due date = last inspection on or before as-of + 24 months, clamped to the month's end. Overdue iff as-of > due; days overdue = as-of − due. No inspection on record: overdue, shown as `never`.";
    InspectB = "15.B", Other,
        "（二）对B级信用主体，在政府采购、招标投标、资质认证、评先创优等方面给予适当考虑，监管部门执法检查每年不少于一次。",
        "grade B: appropriate consideration; inspected at least every 12 months",
        "As 15.A with 12 months.";
    InspectC = "15.C", Other,
        "（三）对C级信用主体，监管部门执法检查每半年不少于一次。",
        "grade C: no measures stated; inspected at least every 6 months",
        "As 15.A with 6 months.";
    InspectD = "15.D", Other,
        "（四）对D级信用主体，在政府采购、招标投标、评先创优等方面不予考虑，列入重点监管对象，实施重点监管，监管部门执法检查每季度不少于一次，随时追踪整改情况，直至整改达到要求。",
        "grade D: excluded, key supervision; inspected at least every 3 months",
        "As 15.A with 3 months. Unrated subjects have no interval: they are listed for a grading decision instead.";
    HighRisk = "15.high_risk", Other,
        "对煤矿、危险化学品等高危行业领域监管要严于工贸、中介机构等非高危行业领域。",
        "high-risk sectors are supervised more strictly",
        "high_risk = yes for coal_mine, non_coal_mine, hazardous_chemicals and fireworks. The text gives no numbers, so it changes no interval: it is shown for the supervisor's judgement.";
    Deadline = "12.deadline", Other,
        "安全生产信用信息记录部门应当在受理异议申请之日起20个工作日内组织人员调查、核实……并出具书面意见，答复申请人。",
        "reply within 20 working days of accepting an objection",
        "Deadline = the 20th working day after decided_on; the day of acceptance is not counted. Working days are Monday–Friday less official holidays, plus official make-up days (调休), from the embedded 2023–2026 schedule overridden by facts/calendar.csv; counting into a year without a schedule is a warning. Status of an accepted objection (pending_review and rejected are 11.review's): open (no reply, as-of ≤ deadline), overdue (accepted, no reply, as-of > deadline), replied (on or before the deadline), late (after it). A decision or reply dated after the as-of date has not happened yet and is ignored: the objection is still pending review, or still open; an objection filed after the as-of date is left out of the list altogether.";
    Investigator = "12.investigator", Other,
        "（调查核实人员不能为信息采集人员）",
        "the investigator may not be the person who collected the information",
        "collector and investigator are lists of names, as the bureau writes them (郝文博、贾春燕): split at any of 、 ， , ； ; / and each name trimmed. conflict = yes iff some investigator is also a collector (names compared exactly); the report names that person.";
    Review = "11.review", Other,
        "安全生产信用信息记录部门对异议申请应当初步审查，符合法律法规相关规定要求的应予受理。",
        "the recording department reviews an objection and accepts it if it meets the requirements",
        "An objection filed by the as-of date with no decision dated on or before it is pending_review (待审查); one decided `rejected` (不予受理) is rejected. Only an accepted objection gets the 20-working-day deadline of 12.deadline, and only an accepted objection can be upheld and void a record (13.A.2).";
    Basic = "7.basic", Other,
        "（一）基本信息……主要包括：1.信用主体的名称、地址；2.法定代表人、合伙人和主要负责人的姓名、身份证号码、联系电话等；3.工商营业执照、许可证、组织机构代码证、资质证书等相关证照和统一社会信用代码",
        "a credit file holds the subject's basic information",
        "One finding `missing_info` per subject and missing item, on the as-of date: `name`, `address`, `uscc` when empty; `legal_rep` when there is no legal_rep and no partner row (a partner stands for the legal representative); `principal` when there is no principal row; `legal_rep_id_number`, `legal_rep_phone`, `principal_id_number`, `principal_phone` when such a person is there but the value is empty; `safety_permit` for a coal_mine or non_coal_mine without a safety_permit licence valid on the as-of date, and `qualification` for a safety_service without a valid qualification — these two only when the folder has licences.csv. A procedural finding: it never changes a grade.";
    Recorder = "8.recorder", Other,
        "安全生产信用信息的采集、报送、修复、系统录入、公示等，由具体行政行为的实施部门按照“谁履职、谁记录、谁负责”的原则进行，并指定专人负责。",
        "the acting department records the information, and a designated person does it",
        "One finding `no_recorder` per event dated on or before the as-of date with no `recorded_by` or no `recorder` — only when events.csv has both columns. A procedural finding: it never changes a grade.";
    Statement = "9.statement", Other,
        "对于不利于信用主体的信息采集，应听取信用主体陈述，充分保障信用主体的合法权益，对其合理诉求应予采纳。",
        "the subject's statement is heard before adverse information is collected",
        "One finding `statement_not_heard` per event that counts as evidence for any Art. 13 clause on the as-of date and has no `statement_heard_on`, or one after the as-of date (not yet heard then) — only when events.csv has the column. The finding is the event's own subject's. A procedural finding: it never changes a grade.";
    FiledWith = "11.filed_with", Other,
        "信用主体认为信用信息记录与事实不符的，可以向记录部门提出异议申请，并提供依据。",
        "an objection is filed with the recording department",
        "One finding `filed_with_other_department` per objection filed by the as-of date whose `filed_with` and the disputed event's `recorded_by` are both given and differ (compared exactly, after trimming). A procedural finding: it never changes a grade.";
}

impl Clause {
    /// The Art. 13 clauses that `reason` reports for every subject.
    pub const ART13: &'static [Clause] = &[
        Clause::A1,
        Clause::A2,
        Clause::A3,
        Clause::A4,
        Clause::A5,
        Clause::A6,
        Clause::B1,
        Clause::B2,
        Clause::B3,
        Clause::B4,
        Clause::B5,
        Clause::C1,
        Clause::C2,
        Clause::C3,
        Clause::C4,
        Clause::C5,
        Clause::D1,
        Clause::D2,
        Clause::D3,
        Clause::D4,
        Clause::D5,
        Clause::D6,
        Clause::D7,
        Clause::D8,
        Clause::D9,
        Clause::D10,
        Clause::DJoint,
    ];

    /// A.1–A.6, all of which an A subject meets.
    pub const A_CONDITIONS: &'static [Clause] =
        &[Clause::A1, Clause::A2, Clause::A3, Clause::A4, Clause::A5, Clause::A6];
    /// B.1–B.5, all of which a B subject meets.
    pub const B_CONDITIONS: &'static [Clause] = &[Clause::B1, Clause::B2, Clause::B3, Clause::B4, Clause::B5];

    /// The 26 grade conditions A.1–D.10: Art. 13 without 13.D.joint, which follows from them.
    pub const GRADE_CONDITIONS: &'static [Clause] = Clause::ART13.split_last().expect("ART13 ends in DJoint").1;

    /// The conditions of one grade definition, in order.
    pub fn of_group(group: Group) -> impl Iterator<Item = Clause> {
        Clause::GRADE_CONDITIONS.iter().copied().filter(move |c| c.group() == group)
    }

    /// `13.D.1–13.D.10`: the first and last condition of a group.
    pub fn span(group: Group) -> String {
        let all: Vec<Clause> = Clause::of_group(group).collect();
        match (all.first(), all.last()) {
            (Some(first), Some(last)) => format!("{}–{}", first.id(), last.id()),
            _ => String::new(),
        }
    }

    /// `13.A.1, 13.B.1`.
    pub fn list(clauses: &[Clause]) -> String {
        clauses.iter().map(|c| c.id()).collect::<Vec<_>>().join(", ")
    }

    /// What kind of record a grade condition looks at (its tag).
    pub fn looks_at(self) -> Looks {
        use Clause::*;
        match self {
            A1 | B1 => Looks::Commitment,
            A5 | C4 => Looks::Standardization,
            A6 | B5 | C5 => Looks::Listing,
            _ if Clause::GRADE_CONDITIONS.contains(&self) => Looks::Events,
            _ => Looks::Nothing,
        }
    }

    /// The Art. 13 grade conditions that look at `kind` of record.
    pub fn looking_at(kind: Looks) -> Vec<Clause> {
        Clause::GRADE_CONDITIONS.iter().copied().filter(|c| c.looks_at() == kind).collect()
    }

    pub fn parse(id: &str) -> Option<Clause> {
        Clause::ALL.iter().copied().find(|c| c.id() == id)
    }

    /// Position in [`Clause::ART13`], for the per-subject bit set.
    pub fn art13_bit(self) -> Option<u32> {
        Clause::ART13.iter().position(|&c| c == self).map(|i| i as u32)
    }

    /// D(2)–D(10): the "serious violations" of 13.D.joint.
    pub fn is_serious_violation(self) -> bool {
        matches!(
            self,
            Clause::D2
                | Clause::D3
                | Clause::D4
                | Clause::D5
                | Clause::D6
                | Clause::D7
                | Clause::D8
                | Clause::D9
                | Clause::D10
        )
    }

    /// The number of the article a clause belongs to (7, 8, 9, 11 … 15): the first
    /// part of its id.
    pub fn article_number(self) -> u8 {
        let number = self.id().split('.').next().and_then(|n| n.parse().ok());
        number.expect("every clause id begins with its article's number")
    }

    /// The article heading a clause belongs to, for explanations.
    pub fn article(self) -> &'static str {
        match self.group() {
            Group::A => "第十三条（二）1. A级（优）",
            Group::B => "第十三条（二）2. B级（良）",
            Group::C => "第十三条（二）3. C级（中）",
            Group::D => "第十三条（二）4. D级（差）",
            Group::Other => match self {
                Clause::DJoint => "第十三条（二）4.（10）",
                Clause::Tier => "第十四条",
                Clause::Deadline | Clause::Investigator => "第十二条",
                Clause::Basic => "第七条",
                Clause::Recorder => "第八条",
                Clause::Statement => "第九条",
                Clause::FiledWith | Clause::Review => "第十一条",
                _ => "第十五条",
            },
        }
    }
}

codes! {
    /// 信用等级: the grade of Art. 13(2), or none where no definition holds.
    pub enum Grade {
        A = "A" / "A级（优）",
        B = "B" / "B级（良）",
        C = "C" / "C级（中）",
        D = "D" / "D级（差）",
        Unrated = "unrated" / "未定级",
    }
}

impl Grade {
    /// Is this grade `target` or better? Grades are ordered A > B > C > D (Art. 13(2): 优, 良, 中,
    /// 差). Unrated is no grade: it is only as good as itself.
    pub fn at_least(self, target: Grade) -> bool {
        let rank = |g: Grade| match g {
            Grade::A => Some(4),
            Grade::B => Some(3),
            Grade::C => Some(2),
            Grade::D => Some(1),
            Grade::Unrated => None,
        };
        match (rank(self), rank(target)) {
            (Some(a), Some(b)) => a >= b,
            _ => self == target,
        }
    }
}

codes! {
    /// 监管层级 (Art. 14): who supervises a subject of each grade.
    pub enum Tier {
        County = "county" / "旗县级应急局",
        City = "city" / "市级应急局",
        Region = "region" / "自治区级应急厅",
        None = "none" / "无",
    }
}

codes! {
    /// 差别化监管措施 (Art. 15(1)–(4)).
    pub enum Measures {
        Priority = "priority" / "政府采购、招标投标、资质认证、评先创优优先考虑",
        Consideration = "consideration" / "政府采购、招标投标、资质认证、评先创优适当考虑",
        NoneStated = "none" / "无",
        ExcludedKeySupervision = "excluded_key_supervision" / "政府采购、招标投标、评先创优不予考虑；列入重点监管对象",
    }
}

codes! {
    /// 异议办理状态 (Art. 11–12).
    pub enum ObjectionStatus {
        PendingReview = "pending_review" / "待审查",
        Rejected = "rejected" / "不予受理",
        Open = "open" / "办理中",
        Overdue = "overdue" / "已逾期未答复",
        Replied = "replied" / "按期答复",
        Late = "late" / "逾期答复",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The article number (from the id) and the article heading of a clause are one article.
    #[test]
    fn a_clause_number_and_heading_name_one_article() {
        let words = [
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "第七条",
            "第八条",
            "第九条",
            "",
            "第十一条",
            "第十二条",
            "第十三条",
            "第十四条",
            "第十五条",
        ];
        for &c in Clause::ALL {
            let n = c.article_number() as usize;
            assert!(
                c.article().starts_with(words[n]) && !words[n].is_empty(),
                "{} is article {n}: {}",
                c.id(),
                c.article()
            );
        }
    }

    #[test]
    fn ids_are_unique_and_parse_back() {
        for c in Clause::ALL {
            assert_eq!(Clause::parse(c.id()), Some(*c));
            assert!(!c.text().is_empty() && !c.note().is_empty() && !c.summary().is_empty(), "{}", c.id());
        }
        assert_eq!(Clause::ART13.len(), 27);
        assert!(Clause::A_CONDITIONS.iter().all(|c| c.group() == Group::A) && Clause::A_CONDITIONS.len() == 6);
        assert!(Clause::B_CONDITIONS.iter().all(|c| c.group() == Group::B) && Clause::B_CONDITIONS.len() == 5);
        assert_eq!(Clause::ALL.len(), 27 + 1 + 4 + 1 + 2 + 1 + 4);
    }
}
