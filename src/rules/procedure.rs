//! The bureau's own duties under the measures (程序性义务) as a crepe program:
//! the basic information a credit file must hold (Art. 7), who records
//! (Art. 8), hearing the subject before adverse information is collected
//! (Art. 9), the department an objection is filed with (Art. 11), and the
//! Art. 12 checks of `art11_12`, as one list of findings. Findings never change
//! a grade. Tagged `// [clause id]` like `art13.rs`. No input or output.
//!
//! A finding needs the data it is about: Art. 8 and 9 findings are made only
//! when events.csv has their columns, the licence items of Art. 7 only when the
//! folder has licences.csv (the `*Given` inputs say so).

use super::clause::{Clause, ObjectionStatus};
use crate::facts::codes::{Category, LicenceKind, Role, codes};
use crate::facts::{Day, EventIx, PersonIx, SubjectIx};
use crepe::crepe;

codes! {
    /// 程序性发现: what a finding is.
    pub enum Finding {
        MissingInfo = "missing_info" / "基本信息缺失",
        NoRecorder = "no_recorder" / "未载明记录部门或记录人",
        StatementNotHeard = "statement_not_heard" / "未听取信用主体陈述",
        FiledWithOtherDepartment = "filed_with_other_department" / "异议未向记录部门提出",
        InvestigatorConflict = "investigator_conflict" / "调查核实人员为信息采集人员",
        ReplyOverdue = "reply_overdue" / "逾期未答复",
        ReplyLate = "reply_late" / "逾期答复",
    }
}

codes! {
    /// 基本信息项 (Art. 7(1)): an item a credit file must hold.
    pub enum Item {
        Name = "name" / "名称",
        Address = "address" / "地址",
        Uscc = "uscc" / "统一社会信用代码",
        LegalRep = "legal_rep" / "法定代表人或合伙人",
        Principal = "principal" / "主要负责人",
        LegalRepIdNumber = "legal_rep_id_number" / "法定代表人身份证号码",
        LegalRepPhone = "legal_rep_phone" / "法定代表人联系电话",
        PrincipalIdNumber = "principal_id_number" / "主要负责人身份证号码",
        PrincipalPhone = "principal_phone" / "主要负责人联系电话",
        SafetyPermit = "safety_permit" / "安全生产许可证",
        Qualification = "qualification" / "资质证书",
    }
}

/// The record a finding is about, if any.
#[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum About {
    Subject,
    Event(EventIx),
    /// An index of `FactSet::objections`.
    Objection(u32),
}

crepe! {
    @input
    pub struct AsOf(pub Day);
    @input
    /// 信用主体 S of category C.
    pub struct Subject(pub SubjectIx, pub Category);
    @input
    /// Subject S's name, address or USCC (the item) is empty.
    pub struct Blank(pub SubjectIx, pub Item);
    @input
    /// 任职: person P holds role R at subject S.
    pub struct HoldsRole(pub SubjectIx, pub PersonIx, pub Role);
    @input
    /// Person P's ID number is empty.
    pub struct NoIdNumber(pub PersonIx);
    @input
    /// Person P's phone number is empty.
    pub struct NoPhone(pub PersonIx);
    @input
    /// The folder has licences.csv.
    pub struct LicencesGiven(pub bool);
    @input
    /// 证照 of subject S: kind, valid_from, valid_to.
    pub struct Licence(pub SubjectIx, pub LicenceKind, pub Option<Day>, pub Option<Day>);
    @input
    /// events.csv has `recorded_by` and `recorder`.
    pub struct RecorderGiven(pub bool);
    @input
    /// events.csv has `statement_heard_on`.
    pub struct StatementGiven(pub bool);
    @input
    /// 信用记录 E of subject S, dated D.
    pub struct Event(pub EventIx, pub SubjectIx, pub Day);
    @input
    /// Event E names both its recording department and its recorder.
    pub struct Recorded(pub EventIx);
    @input
    /// The subject's statement on event E was heard on day D.
    pub struct Heard(pub EventIx, pub Day);
    @input
    /// Event E counts as evidence for some Art. 13 clause on the as-of date (`Witness`).
    pub struct Evidence(pub EventIx);
    @input
    /// 异议申请 N by subject S against event E, filed on day D.
    pub struct Objection(pub u32, pub SubjectIx, pub EventIx, pub Day);
    @input
    /// The department objection N was filed with.
    pub struct FiledWith<'a>(pub u32, pub &'a str);
    @input
    /// The department that recorded event E.
    pub struct RecordedBy<'a>(pub EventIx, pub &'a str);
    @input
    /// The Art. 11–12 program's status of objection N on the as-of date.
    pub struct Status(pub u32, pub ObjectionStatus);
    @input
    /// The Art. 11–12 program found objection N investigated by a collector.
    pub struct Conflict(pub u32);

    @output
    /// Under clause C, finding F about subject S and record R, with the missing item if any.
    pub struct Found(pub Clause, pub Finding, pub SubjectIx, pub About, pub Option<Item>);

    struct HasRep(SubjectIx);
    struct HasPrincipal(SubjectIx);
    struct ValidLicence(SubjectIx, LicenceKind);
    struct HeardBy(EventIx);

    // [7.basic] 基本信息……主要包括：1.信用主体的名称、地址；2.法定代表人、合伙人和主要负责人的姓名、
    // 身份证号码、联系电话等；3.……许可证……资质证书等相关证照和统一社会信用代码: one finding per subject
    // and missing item. A partner stands for the legal representative.
    Found(Clause::Basic, Finding::MissingInfo, s, About::Subject, Some(item)) <- Blank(s, item);
    HasRep(s) <- HoldsRole(s, _, Role::LegalRep);
    HasRep(s) <- HoldsRole(s, _, Role::Partner);
    HasPrincipal(s) <- HoldsRole(s, _, Role::Principal);
    Found(Clause::Basic, Finding::MissingInfo, s, About::Subject, Some(Item::LegalRep)) <- Subject(s, _), !HasRep(s);
    Found(Clause::Basic, Finding::MissingInfo, s, About::Subject, Some(Item::Principal)) <- Subject(s, _),
        !HasPrincipal(s);
    Found(Clause::Basic, Finding::MissingInfo, s, About::Subject, Some(Item::LegalRepIdNumber)) <-
        HoldsRole(s, p, role), (role == Role::LegalRep || role == Role::Partner), NoIdNumber(p);
    Found(Clause::Basic, Finding::MissingInfo, s, About::Subject, Some(Item::LegalRepPhone)) <-
        HoldsRole(s, p, role), (role == Role::LegalRep || role == Role::Partner), NoPhone(p);
    Found(Clause::Basic, Finding::MissingInfo, s, About::Subject, Some(Item::PrincipalIdNumber)) <-
        HoldsRole(s, p, Role::Principal), NoIdNumber(p);
    Found(Clause::Basic, Finding::MissingInfo, s, About::Subject, Some(Item::PrincipalPhone)) <-
        HoldsRole(s, p, Role::Principal), NoPhone(p);
    // A licence is valid on the as-of date from valid_from (if given) to valid_to (if given), both included.
    ValidLicence(s, k) <- Licence(s, k, from, to), AsOf(t), (from.is_none_or(|f| f <= t)), (to.is_none_or(|x| t <= x));
    Found(Clause::Basic, Finding::MissingInfo, s, About::Subject, Some(Item::SafetyPermit)) <- LicencesGiven(true),
        Subject(s, c), (c.is_mine()), !ValidLicence(s, LicenceKind::SafetyPermit);
    Found(Clause::Basic, Finding::MissingInfo, s, About::Subject, Some(Item::Qualification)) <- LicencesGiven(true),
        Subject(s, Category::SafetyService), !ValidLicence(s, LicenceKind::Qualification);

    // [8.recorder] ……由具体行政行为的实施部门按照“谁履职、谁记录、谁负责”的原则进行，并指定专人负责: every
    // record on or before the as-of date names its recording department and its recorder.
    Found(Clause::Recorder, Finding::NoRecorder, s, About::Event(e), None) <- RecorderGiven(true), Event(e, s, d),
        AsOf(t), (d <= t), !Recorded(e);

    // [9.statement] 对于不利于信用主体的信息采集，应听取信用主体陈述: every record that counts against a
    // subject was collected after hearing it; a hearing dated after the as-of date has not happened yet.
    HeardBy(e) <- Heard(e, d), AsOf(t), (d <= t);
    Found(Clause::Statement, Finding::StatementNotHeard, s, About::Event(e), None) <- StatementGiven(true),
        Evidence(e), Event(e, s, _), !HeardBy(e);

    // [11.filed_with] 可以向记录部门提出异议申请: an objection filed with another department than the one
    // that recorded the disputed event (both given).
    Found(Clause::FiledWith, Finding::FiledWithOtherDepartment, s, About::Objection(o), None) <-
        Objection(o, s, e, filed), AsOf(t), (filed <= t), FiledWith(o, with), RecordedBy(e, by), (with != by);

    // [12.findings] The Art. 12 results of `art11_12` as findings about the objecting subject: an
    // investigator who collected the record (12.investigator); a reply overdue on the as-of date, or
    // given late (12.deadline).
    Found(Clause::Investigator, Finding::InvestigatorConflict, s, About::Objection(o), None) <-
        Objection(o, s, _, _), Conflict(o);
    Found(Clause::Deadline, Finding::ReplyOverdue, s, About::Objection(o), None) <- Objection(o, s, _, _),
        Status(o, ObjectionStatus::Overdue);
    Found(Clause::Deadline, Finding::ReplyLate, s, About::Objection(o), None) <- Objection(o, s, _, _),
        Status(o, ObjectionStatus::Late);
}
