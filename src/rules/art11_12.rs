//! Articles 11 and 12 (异议处理) as a crepe program: the 20-working-day reply
//! deadline of an accepted objection, its status on the as-of date, and the
//! rule that the investigator may not be the collector. Tagged
//! `// [clause id]` like `art13.rs`. No input or output.

use super::CalendarRef;
use super::clause::ObjectionStatus;
use crate::facts::Day;
use crate::facts::codes::Decision;
use crepe::crepe;

crepe! {
    @input
    pub struct AsOf(pub Day);
    @input
    /// The working-day calendar (official schedule with overrides).
    pub struct WorkingDays<'a>(pub CalendarRef<'a>);
    @input
    /// 异议申请 N, filed on day D.
    pub struct Filed(pub u32, pub Day);
    @input
    /// The decision on objection N (受理 / 不予受理) and its date, if recorded.
    pub struct Decided(pub u32, pub Decision, pub Option<Day>);
    @input
    /// The written reply to objection N (书面意见答复).
    pub struct Replied(pub u32, pub Day);
    @input
    /// A collector (信息采集人员) of objection N, one name of its list.
    pub struct Collector<'a>(pub u32, pub &'a str);
    @input
    /// An investigator (调查核实人员) of objection N, one name of its list.
    pub struct Investigator<'a>(pub u32, pub &'a str);

    @output
    pub struct Deadline(pub u32, pub Day);
    @output
    /// Years the deadline count passed through without an official schedule.
    pub struct UnscheduledYear(pub u32, pub i32);
    @output
    pub struct Status(pub u32, pub ObjectionStatus);
    @output
    /// Objection N is investigated by a person who also collected the record.
    pub struct Conflict<'a>(pub u32, pub &'a str);

    struct Exists(u32);
    struct DecidedBy(u32, Decision);
    struct AcceptedOn(u32, Day);
    struct RepliedBy(u32, Day);
    struct HasDecision(u32);
    struct HasReply(u32);

    // [objection-dates] A record dated after the as-of date does not exist yet: an objection filed later,
    // a decision or reply dated later has not happened on the as-of date.
    Exists(o) <- Filed(o, f), AsOf(t), (f <= t);
    DecidedBy(o, decision) <- Exists(o), Decided(o, decision, on), AsOf(t), (on.is_none_or(|d| d <= t));
    AcceptedOn(o, d) <- DecidedBy(o, Decision::Accepted), Decided(o, Decision::Accepted, on), let Some(d) = on;
    HasDecision(o) <- DecidedBy(o, _);
    RepliedBy(o, r) <- AcceptedOn(o, _), Replied(o, r), AsOf(t), (r <= t);
    HasReply(o) <- RepliedBy(o, _);

    // [11.review] 安全生产信用信息记录部门对异议申请应当初步审查，符合法律法规相关规定要求的应予受理: an
    // objection with no decision by the as-of date is pending review; one not accepted is rejected.
    Status(o, ObjectionStatus::PendingReview) <- Exists(o), !HasDecision(o);
    Status(o, ObjectionStatus::Rejected) <- DecidedBy(o, Decision::Rejected);

    // [12.deadline] 应当在受理异议申请之日起20个工作日内……出具书面意见，答复申请人:
    // the 20th working day after decided_on; the day of acceptance is not counted.
    Deadline(o, counted.day) <- AcceptedOn(o, d), WorkingDays(calendar), let counted = calendar.0.add_working_days(d, 20);
    UnscheduledYear(o, year) <- AcceptedOn(o, d), WorkingDays(calendar),
        for year in calendar.0.add_working_days(d, 20).uncovered_years;
    // Status of an accepted objection on the as-of date.
    Status(o, ObjectionStatus::Open) <- Deadline(o, deadline), !HasReply(o), AsOf(t), (t <= deadline);
    Status(o, ObjectionStatus::Overdue) <- Deadline(o, deadline), !HasReply(o), AsOf(t), (t > deadline);
    Status(o, ObjectionStatus::Replied) <- Deadline(o, deadline), RepliedBy(o, r), (r <= deadline);
    Status(o, ObjectionStatus::Late) <- Deadline(o, deadline), RepliedBy(o, r), (r > deadline);

    // [12.investigator] 调查核实人员不能为信息采集人员: the staff cells are lists of names; some
    // investigator is also a collector.
    Conflict(o, name) <- Exists(o), Investigator(o, name), Collector(o, name);
}
