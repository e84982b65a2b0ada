//! Article 13 (分类分级方法) as two chained crepe programs. `conditions`:
//! which records count on the as-of date and which clause of A/B/C/D holds
//! for each subject, with the records that witness it. `precedence`: the
//! four definitions on their own, the grade, 13.D.joint and `reason`; it
//! takes `Holds` as input, so "what if this clause held" can be asked of the
//! real rules.
//! Every rule is tagged `// [clause id]` with the text it encodes; the
//! `rules` catalogue extracts the rules by these tags. No input or output.
//!
//! Inputs hold one batch of subjects; every head is guarded by a relation of
//! the batch (`Subject`, `HoldsRole`) so results never leak to subjects
//! outside it.

use super::clause::Clause;
use super::{EVENT_CLAUSES, Exclusion, Record};
use crate::facts::codes::{AccidentLevel, Kind, Role};
use crate::facts::{Day, EventIx, PersonIx, SubjectIx};
use crepe::crepe;

pub mod conditions {
    use super::*;

    crepe! {
        @input
        /// The as-of date (评价基准日): one row.
        pub struct AsOf(pub Day);
        @input
        /// 信用主体 of this batch.
        pub struct Subject(pub SubjectIx);
        @input
        /// 公开承诺: the subject's commitment date.
        pub struct Commitment(pub SubjectIx, pub Day);
        @input
        /// 任职: person P holds role R at subject S.
        pub struct HoldsRole(pub SubjectIx, pub PersonIx, pub Role);
        @input
        /// 信用记录: event E of subject S on day D, of kind K.
        pub struct Event(pub EventIx, pub SubjectIx, pub Day, pub Kind);
        @input
        /// The person involved in event E.
        pub struct EventPerson(pub EventIx, pub PersonIx);
        @input
        /// 事故: accident E with its level, deaths, liable (责任事故) and typical flags.
        pub struct Accident(pub EventIx, pub AccidentLevel, pub u32, pub bool, pub bool);
        @input
        /// 应急管理部门作出的行政处罚: penalty E was imposed by emergency management
        /// (`facts::authority::classify`: by the department's name).
        pub struct EmergencyPenalty(pub EventIx);
        @input
        /// 信用修复: event E is repaired on day D.
        pub struct Repair(pub EventIx, pub Day);
        @input
        /// An upheld objection N (异议成立: accepted and upheld) against event E, replied on day D.
        pub struct Upheld(pub EventIx, pub u32, pub Day);
        @input
        /// Subject S is being explained: derive what did not count for it, and why.
        pub struct Explain(pub SubjectIx);
        @input
        /// Subject S's records that count, of any age, are wanted (the query shell's `counting`).
        pub struct ListCounting(pub SubjectIx);
        @input
        /// 安全生产标准化 record N of subject S: level, awarded_on, expires_on.
        pub struct Standardization(pub u32, pub SubjectIx, pub crate::facts::Level, pub Day, pub Option<Day>);
        @input
        /// 联合惩戒 listing N of subject S by another sector: listed_on, lifted_on.
        pub struct Listing(pub u32, pub SubjectIx, pub Day, pub Option<Day>);

        // ── Derived: records as they stand on the as-of date ──
        struct Window(u32, Day);
        struct Stopped(EventIx);
        struct Live(EventIx, SubjectIx, Day, Kind);
        struct Within(EventIx, u32);
        struct Counting(EventIx, SubjectIx, Kind);
        struct Dishonesty(SubjectIx, EventIx);
        // Person P's dishonesty counts against subject S (its principal or safety lead).
        struct DishonestyRole(SubjectIx, PersonIx);
        struct Penalty(SubjectIx, EventIx);
        struct LiableAccident(SubjectIx, EventIx, AccidentLevel, bool);
        struct FatalAccident(SubjectIx, EventIx, AccidentLevel);
        struct StandardizationMet(SubjectIx, u32);
        struct ActiveListing(SubjectIx, u32);

        // ── Derived: clauses and grade ──
        @output
        /// The records that make clause C true of subject S (holds for a positive
        /// clause, fails for a "no such record" clause): the evidence.
        pub struct Witness(pub SubjectIx, pub Clause, pub Record);
        struct HasWitness(SubjectIx, Clause);
        @output
        /// Clause C holds for subject S.
        pub struct Holds(pub SubjectIx, pub Clause);
        @output
        /// Record R, of the kind clause C looks at, does not count for C at subject S, because of X.
        pub struct Excluded(pub SubjectIx, pub Clause, pub Record, pub Exclusion);
        @output
        /// Record E (dated D, of kind K) counts against subject S on the as-of date, whatever its age.
        pub struct Counts(pub EventIx, pub SubjectIx, pub Day, pub Kind);
        struct Looks(Clause, Kind, u32);
        struct Candidate(SubjectIx, Clause, EventIx);
        struct Gone(EventIx, Exclusion);
        // ── Time ──
        // [time] "N年内": as-of − N years ≤ d ≤ as-of, both ends inclusive; 29 February − 1 year = 28 February.
        Window(n, from) <- AsOf(t), for n in [1u32, 3u32], let from = t.minus_years(n);
        // A record stops counting from its repaired_on date (信用修复) …
        Stopped(e) <- Repair(e, r), AsOf(t), (r <= t);
        // … and from the reply date of an upheld objection against it (第十二条).
        Stopped(e) <- Upheld(e, _, r), AsOf(t), (r <= t);
        // A record dated after the as-of date does not exist yet; one older than the longest
        // window (3 years) no longer counts for any clause.
        Live(e, s, d, k) <- Event(e, s, d, k), AsOf(t), (d <= t), Window(3, from), (from <= d), !Stopped(e);
        Within(e, n) <- Live(e, _, d, _), Window(n, from), (from <= d);
        Counting(e, s, k) <- Live(e, s, _, k), Subject(s);
        // [counting] For rules of one's own (the query shell's `counting`): what counts against a
        // subject on the as-of date, of any age — dated by then and not stopped; dishonesty also
        // where its person is principal or safety lead, as below.
        Counts(e, s, d, k) <- ListCounting(s), Event(e, s, d, k), AsOf(t), (d <= t), !Stopped(e);
        Counts(e, s, d, Kind::Dishonesty) <- ListCounting(s), DishonestyRole(s, p), EventPerson(e, p),
            Event(e, _, d, Kind::Dishonesty), AsOf(t), (d <= t), !Stopped(e);

        // ── What counts against a subject ──
        // [dishonesty] 生产经营单位及其主要负责人、分管安全负责人……失信行为: the subject's own dishonesty …
        Dishonesty(s, e) <- Counting(e, s, Kind::Dishonesty);
        // … and that of a person who is its principal (主要负责人) or safety lead (分管安全负责人),
        // wherever it happened. A legal_rep or partner role does not count.
        DishonestyRole(s, p) <- HoldsRole(s, p, Role::Principal);
        DishonestyRole(s, p) <- HoldsRole(s, p, Role::SafetyLead);
        Dishonesty(s, e) <- Live(e, _, _, Kind::Dishonesty), EventPerson(e, p), DishonestyRole(s, p);

        // [penalty] 应急管理部门作出的行政处罚: only penalties by emergency management count.
        Penalty(s, e) <- Counting(e, s, Kind::Penalty), EmergencyPenalty(e);

        // [accident] 生产安全责任事故: liable accidents; a non-liable accident never counts.
        LiableAccident(s, e, level, typical) <- Counting(e, s, Kind::Accident), Accident(e, level, _, true, typical);
        // 造成人员死亡: deaths ≥ 1.
        FatalAccident(s, e, level) <- Counting(e, s, Kind::Accident), Accident(e, level, deaths, true, _), (deaths >= 1);

        // [standardization] 安全生产标准化三级以上: level ≤ 3 and awarded_on ≤ as-of ≤ expires_on (or no expiry).
        StandardizationMet(s, n) <- Standardization(n, s, _, awarded, expires), AsOf(t),
            (awarded <= t), (expires.is_none_or(|x| t <= x));

        // [listing] 被其他行业领域认定为失信联合惩戒对象: listed_on ≤ as-of and not lifted by then.
        ActiveListing(s, n) <- Listing(n, s, listed, lifted), AsOf(t), (listed <= t), (lifted.is_none_or(|x| x > t));

        HasWitness(s, c) <- Witness(s, c, _);

        // [13.A.1] 必须公开向社会承诺并严格遵守安全生产法律、法规、标准等有关规定，严格履行安全生产主体责任
        Witness(s, Clause::A1, Record::Commitment(s)) <- Commitment(s, d), Subject(s), AsOf(t), (d <= t);
        Holds(s, Clause::A1) <- HasWitness(s, Clause::A1);

        // [13.A.2] 生产经营单位及其主要负责人、分管安全负责人3年内无安全生产失信行为
        Witness(s, Clause::A2, Record::Event(e)) <- Dishonesty(s, e), Within(e, 3);
        Holds(s, Clause::A2) <- Subject(s), !HasWitness(s, Clause::A2);

        // [13.A.3] 3年内未受到应急管理部门作出的行政处罚
        Witness(s, Clause::A3, Record::Event(e)) <- Penalty(s, e), Within(e, 3);
        Holds(s, Clause::A3) <- Subject(s), !HasWitness(s, Clause::A3);

        // [13.A.4] 3年内未发生造成人员死亡生产安全责任事故
        Witness(s, Clause::A4, Record::Event(e)) <- FatalAccident(s, e, _), Within(e, 3);
        Holds(s, Clause::A4) <- Subject(s), !HasWitness(s, Clause::A4);

        // [13.A.5] 安全生产标准化建设达到三级以上水平
        Witness(s, Clause::A5, Record::Standardization(n)) <- StandardizationMet(s, n);
        Holds(s, Clause::A5) <- HasWitness(s, Clause::A5);

        // [13.A.6] 未被其他行业领域认定为失信联合惩戒对象
        Witness(s, Clause::A6, Record::Listing(n)) <- ActiveListing(s, n);
        Holds(s, Clause::A6) <- Subject(s), !HasWitness(s, Clause::A6);

        // [13.B.1] 必须公开向社会承诺并严格遵守安全生产法律、法规、标准等有关规定，严格履行安全生产主体责任
        Witness(s, Clause::B1, Record::Commitment(s)) <- Commitment(s, d), Subject(s), AsOf(t), (d <= t);
        Holds(s, Clause::B1) <- HasWitness(s, Clause::B1);

        // [13.B.2] 生产经营单位及其主要负责人、分管安全负责人1年内无安全生产失信行为
        Witness(s, Clause::B2, Record::Event(e)) <- Dishonesty(s, e), Within(e, 1);
        Holds(s, Clause::B2) <- Subject(s), !HasWitness(s, Clause::B2);

        // [13.B.3] 1年内未受到应急管理部门作出的行政处罚
        Witness(s, Clause::B3, Record::Event(e)) <- Penalty(s, e), Within(e, 1);
        Holds(s, Clause::B3) <- Subject(s), !HasWitness(s, Clause::B3);

        // [13.B.4] 1年内未发生造成人员死亡的生产安全责任事故
        Witness(s, Clause::B4, Record::Event(e)) <- FatalAccident(s, e, _), Within(e, 1);
        Holds(s, Clause::B4) <- Subject(s), !HasWitness(s, Clause::B4);

        // [13.B.5] 未被其他行业领域认定为失信联合惩戒对象
        Witness(s, Clause::B5, Record::Listing(n)) <- ActiveListing(s, n);
        Holds(s, Clause::B5) <- Subject(s), !HasWitness(s, Clause::B5);

        // [13.C.1] 生产经营单位及其主要负责人、分管安全负责人1年内有安全生产失信行为
        Witness(s, Clause::C1, Record::Event(e)) <- Dishonesty(s, e), Within(e, 1);
        Holds(s, Clause::C1) <- HasWitness(s, Clause::C1);

        // [13.C.2] 1年内受到应急管理部门作出的行政处罚
        Witness(s, Clause::C2, Record::Event(e)) <- Penalty(s, e), Within(e, 1);
        Holds(s, Clause::C2) <- HasWitness(s, Clause::C2);

        // [13.C.3] 1年内发生造成人员死亡一般生产安全责任事故
        Witness(s, Clause::C3, Record::Event(e)) <- FatalAccident(s, e, AccidentLevel::General), Within(e, 1);
        Holds(s, Clause::C3) <- HasWitness(s, Clause::C3);

        // [13.C.4] 三级安全生产标准化建设未达标
        Witness(s, Clause::C4, Record::Standardization(n)) <- StandardizationMet(s, n);
        Holds(s, Clause::C4) <- Subject(s), !HasWitness(s, Clause::C4);

        // [13.C.5] 被其他行业领域认定为失信联合惩威〔原文如此〕对象
        Witness(s, Clause::C5, Record::Listing(n)) <- ActiveListing(s, n);
        Holds(s, Clause::C5) <- HasWitness(s, Clause::C5);

        // [13.D.1] 发生较大及以上生产安全责任事故，或1年内累计发生2起及以上造成人员死亡的一般生产安全责任事故的
        // (no window is given for D; the 1-year period of D(1) is used for every D clause)
        Witness(s, Clause::D1, Record::Event(e)) <- LiableAccident(s, e, level, _), Within(e, 1),
            (level >= AccidentLevel::Larger);
        Witness(s, Clause::D1, Record::Event(e1)) <- FatalAccident(s, e1, AccidentLevel::General), Within(e1, 1),
            FatalAccident(s, e2, AccidentLevel::General), Within(e2, 1), (e1 != e2);
        Holds(s, Clause::D1) <- HasWitness(s, Clause::D1);

        // [13.D.2] 未按规定取得安全生产许可，擅自开展生产经营建设活动的
        Witness(s, Clause::D2, Record::Event(e)) <- Counting(e, s, Kind::UnlicensedOperation), Within(e, 1);
        Holds(s, Clause::D2) <- HasWitness(s, Clause::D2);

        // [13.D.3] 发现重大生产安全事故隐患不及时整改，仍组织从业人员冒险作业的
        Witness(s, Clause::D3, Record::Event(e)) <- Counting(e, s, Kind::UnrectifiedMajorHazard), Within(e, 1);
        Holds(s, Clause::D3) <- HasWitness(s, Clause::D3);

        // [13.D.4] 采取隐蔽、欺骗或阻碍等方式逃避、对抗安全监管监察的
        Witness(s, Clause::D4, Record::Event(e)) <- Counting(e, s, Kind::EvadingSupervision), Within(e, 1);
        Holds(s, Clause::D4) <- HasWitness(s, Clause::D4);

        // [13.D.5] 被责令停产停业整顿，仍然从事生产经营建设活动的
        Witness(s, Clause::D5, Record::Event(e)) <- Counting(e, s, Kind::OperatingWhileSuspended), Within(e, 1);
        Holds(s, Clause::D5) <- HasWitness(s, Clause::D5);

        // [13.D.6] 瞒报、谎报、迟报生产安全事故的
        Witness(s, Clause::D6, Record::Event(e)) <- Counting(e, s, Kind::AccidentCoverUp), Within(e, 1);
        Holds(s, Clause::D6) <- HasWitness(s, Clause::D6);

        // [13.D.7] 矿山、危险化学品、金属冶炼等高危行业建设项目安全设施未经验收合格即投入生产和使用的
        Witness(s, Clause::D7, Record::Event(e)) <- Counting(e, s, Kind::UnacceptedSafetyFacilities), Within(e, 1);
        Holds(s, Clause::D7) <- HasWitness(s, Clause::D7);

        // [13.D.8] 矿山生产经营单位存在超层越界开采、以探代采行为的
        Witness(s, Clause::D8, Record::Event(e)) <- Counting(e, s, Kind::IllegalMining), Within(e, 1);
        Holds(s, Clause::D8) <- HasWitness(s, Clause::D8);

        // [13.D.9] 发生事故后，故意破坏事故现场，伪造有关证据资料，妨码〔原文如此〕、对抗事故调查，或主要负责人逃逸的
        Witness(s, Clause::D9, Record::Event(e)) <- Counting(e, s, Kind::ObstructingInvestigation), Within(e, 1);
        Holds(s, Clause::D9) <- HasWitness(s, Clause::D9);

        // [13.D.10] 安全生产技术服务机构出具虚假报告或证明，违规转让或出借资质的
        Witness(s, Clause::D10, Record::Event(e)) <- Counting(e, s, Kind::FalseReport), Within(e, 1);
        Holds(s, Clause::D10) <- HasWitness(s, Clause::D10);

        // [exclusions] What did not count, and why: for every clause, each of the subject's records of
        // the kind the clause looks at that is not its evidence, with the reasons. Derived only for a
        // subject being explained (`Explain`), which is given all its records.
        Looks(c, k, n) <- Explain(_), for l in EVENT_CLAUSES.iter().copied(), let (c, k, n) = l;
        Candidate(s, c, e) <- Explain(s), Looks(c, k, _), Event(e, s, _, k);
        Candidate(s, c, e) <- Explain(s), Looks(c, Kind::Dishonesty, _), HoldsRole(s, p, _), EventPerson(e, p),
            Event(e, _, _, Kind::Dishonesty);
        Gone(e, Exclusion::AfterAsOf) <- Explain(_), Event(e, _, d, _), AsOf(t), (d > t);
        Gone(e, Exclusion::Voided(o, r)) <- Explain(_), Upheld(e, o, r), AsOf(t), (r <= t);
        Gone(e, Exclusion::Repaired(r)) <- Explain(_), Repair(e, r), AsOf(t), (r <= t);
        Excluded(s, c, Record::Event(e), why) <- Candidate(s, c, e), Gone(e, why), !Witness(s, c, Record::Event(e));
        Excluded(s, c, Record::Event(e), Exclusion::OutsideWindow(n)) <- Candidate(s, c, e), Looks(c, _, n),
            Event(e, _, d, _), Window(n, from), (d < from), !Witness(s, c, Record::Event(e));
        Excluded(s, c, Record::Event(e), Exclusion::OtherDepartment) <- Candidate(s, c, e), Looks(c, Kind::Penalty, _),
            !EmergencyPenalty(e), !Witness(s, c, Record::Event(e));
        Excluded(s, c, Record::Event(e), Exclusion::NotLiable) <- Candidate(s, c, e), Looks(c, Kind::Accident, _),
            Accident(e, _, _, false, _), !Witness(s, c, Record::Event(e));
        // D(1) counts a larger or worse liability accident without deaths; the other accident clauses need deaths.
        Excluded(s, c, Record::Event(e), Exclusion::NoDeaths) <- Candidate(s, c, e), Looks(c, Kind::Accident, _),
            Accident(e, level, 0, true, _), (c != Clause::D1 || level == AccidentLevel::General),
            !Witness(s, c, Record::Event(e));
        Excluded(s, Clause::C3, Record::Event(e), Exclusion::NotGeneral(level)) <- Candidate(s, Clause::C3, e),
            Accident(e, level, deaths, true, _), (deaths >= 1), (level != AccidentLevel::General),
            !Witness(s, Clause::C3, Record::Event(e));
        Excluded(s, Clause::D1, Record::Event(e), Exclusion::OnlyOneFatalGeneral) <- Candidate(s, Clause::D1, e),
            FatalAccident(s, e, AccidentLevel::General), Within(e, 1), !Witness(s, Clause::D1, Record::Event(e));
        Excluded(s, c, Record::Event(e), Exclusion::Role(role)) <- Candidate(s, c, e), Looks(c, Kind::Dishonesty, _),
            Event(e, at, _, _), (at != s), EventPerson(e, p), HoldsRole(s, p, role), !DishonestyRole(s, p),
            !Witness(s, c, Record::Event(e));
        Excluded(s, c, Record::Standardization(n), Exclusion::AfterAsOf) <- Explain(s),
            Standardization(n, s, _, awarded, _), AsOf(t), (awarded > t), for c in [Clause::A5, Clause::C4];
        Excluded(s, c, Record::Standardization(n), Exclusion::StandardizationExpired(x)) <- Explain(s),
            Standardization(n, s, _, _, expires), let Some(x) = expires, AsOf(t), (x < t), for c in [Clause::A5, Clause::C4];
        Excluded(s, c, Record::Listing(n), Exclusion::AfterAsOf) <- Explain(s), Listing(n, s, listed, _), AsOf(t),
            (listed > t), for c in [Clause::A6, Clause::B5, Clause::C5];
        Excluded(s, c, Record::Listing(n), Exclusion::ListingLifted(x)) <- Explain(s), Listing(n, s, _, lifted),
            let Some(x) = lifted, AsOf(t), (x <= t), for c in [Clause::A6, Clause::B5, Clause::C5];
        Excluded(s, c, Record::Commitment(s), Exclusion::AfterAsOf) <- Explain(s), Commitment(s, d), AsOf(t), (d > t),
            for c in [Clause::A1, Clause::B1];

        // [13.D.joint] 其中，存在严重违法违规行为，发生重特大生产安全责任事故，或1年内累计发生2起较大生产安全责任事故，
        // 或发生性质恶劣、危害性严重、社会影响大的典型较大生产安全责任事故的联合惩戒对象。
        Witness(s, Clause::DJoint, Record::Event(e)) <- LiableAccident(s, e, level, _), Within(e, 1),
            (level >= AccidentLevel::Major);
        Witness(s, Clause::DJoint, Record::Event(e1)) <- LiableAccident(s, e1, AccidentLevel::Larger, _), Within(e1, 1),
            LiableAccident(s, e2, AccidentLevel::Larger, _), Within(e2, 1), (e1 != e2);
        Witness(s, Clause::DJoint, Record::Event(e)) <- LiableAccident(s, e, AccidentLevel::Larger, true), Within(e, 1);
        Witness(s, Clause::DJoint, r) <- Witness(s, c, r), (c.is_serious_violation());
    }
}

pub mod precedence {
    use super::*;
    use crate::rules::clause::{Grade, Group};

    crepe! {
        @input
        pub struct Subject(pub SubjectIx);
        @input
        /// The clauses that hold, from `conditions` (or a what-if variation of them).
        pub struct Holds(pub SubjectIx, pub Clause);
        @input
        /// Subject S has a witness of 13.D.joint.
        pub struct JointWitness(pub SubjectIx);

        @output
        /// reason(S, C, holds): every Art. 13 clause, holding or not, per subject.
        pub struct Reason(pub SubjectIx, pub Clause, pub bool);
        @output
        /// 13.D.joint: a D-grade subject that is a joint-punishment target.
        pub struct JointTarget(pub SubjectIx);
        @output
        /// The grade definitions S meets on their own, before precedence.
        pub struct Meets(pub SubjectIx, pub Grade);
        @output
        /// The final grade, by precedence D > C > A > B > unrated.
        pub struct Graded(pub SubjectIx, pub Grade);
        struct FailsA(SubjectIx);
        struct FailsB(SubjectIx);

        // [joint-target] 13.D.joint applies to D-grade subjects only (其中……的联合惩戒对象).
        JointTarget(s) <- JointWitness(s), Graded(s, Grade::D);

        // ── reason(S, C, holds) for every Art. 13 clause ──
        // [reason] every clause of Art. 13 is reported for every subject, holding or not.
        Reason(s, c, true) <- Holds(s, c);
        Reason(s, c, false) <- Subject(s), for c in Clause::GRADE_CONDITIONS.iter().copied(), !Holds(s, c);
        Reason(s, Clause::DJoint, true) <- JointTarget(s);
        Reason(s, Clause::DJoint, false) <- Subject(s), !JointTarget(s);

        // ── The four definitions on their own, then precedence ──
        // [13.grade] A级 须具备以下条件 (all of A.1–A.6); B级 (all of B.1–B.5); C级 (any of C.1–C.5);
        // D级 (any of D.1–D.10). C is read as any one although the text introduces it with A's and B's
        // words (须具备以下条件): C's conditions are adverse findings, not qualifications, and the ladder
        // D > C > A > B grades a subject with one fresh penalty only if C catches it. Art. 13 lists D as
        // the worst: D if any D clause holds; else C if any C clause holds; else A if all A clauses hold;
        // else B if all B clauses hold; else unrated (未定级): the text grants no grade.
        FailsA(s) <- Subject(s), for c in Clause::A_CONDITIONS.iter().copied(), !Holds(s, c);
        Meets(s, Grade::A) <- Subject(s), !FailsA(s);
        FailsB(s) <- Subject(s), for c in Clause::B_CONDITIONS.iter().copied(), !Holds(s, c);
        Meets(s, Grade::B) <- Subject(s), !FailsB(s);
        Meets(s, Grade::C) <- Holds(s, c), (c.group() == Group::C);
        Meets(s, Grade::D) <- Holds(s, c), (c.group() == Group::D);
        Graded(s, Grade::D) <- Meets(s, Grade::D);
        Graded(s, Grade::C) <- Meets(s, Grade::C), !Meets(s, Grade::D);
        Graded(s, Grade::A) <- Meets(s, Grade::A), !Meets(s, Grade::C), !Meets(s, Grade::D);
        Graded(s, Grade::B) <- Meets(s, Grade::B), !Meets(s, Grade::A), !Meets(s, Grade::C), !Meets(s, Grade::D);
        Graded(s, Grade::Unrated) <- Subject(s),
            !Meets(s, Grade::A), !Meets(s, Grade::B), !Meets(s, Grade::C), !Meets(s, Grade::D);
    }
}
