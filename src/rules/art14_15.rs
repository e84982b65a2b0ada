//! Articles 14 and 15 (分类分级实施, 分类分级监管措施) as a crepe program:
//! the supervising tier, the measures, the inspection interval, the last
//! inspection, the next due date and overdue days, and high-risk sectors.
//! Its `Graded` input is the output of the Art. 13 program. Tagged
//! `// [clause id]` like `art13.rs`. No input or output.

use super::clause::{Grade, Measures, Tier};
use crate::facts::codes::Category;
use crate::facts::{Day, SubjectIx};
use crepe::crepe;

crepe! {
    @input
    pub struct AsOf(pub Day);
    @input
    /// The grade derived by the Art. 13 program.
    pub struct Graded(pub SubjectIx, pub Grade);
    @input
    pub struct SubjectCategory(pub SubjectIx, pub Category);
    @input
    /// 执法检查: inspection N of subject S on day D.
    pub struct Inspection(pub u32, pub SubjectIx, pub Day);

    @output
    /// 监管层级 (Art. 14).
    pub struct Supervised(pub SubjectIx, pub Tier);
    @output
    /// 差别化监管措施 (Art. 15(1)–(4)).
    pub struct Measured(pub SubjectIx, pub Measures);
    @output
    /// 执法检查频次: at least one inspection every N months.
    pub struct Interval(pub SubjectIx, pub u32);
    @output
    /// 高危行业领域.
    pub struct HighRisk(pub SubjectIx);
    @output
    pub struct LastInspection(pub SubjectIx, pub Day);
    @output
    pub struct NextDue(pub SubjectIx, pub Day);
    @output
    /// Days past the due date.
    pub struct Overdue(pub SubjectIx, pub i32);
    @output
    /// A graded subject with no inspection on record on or before the as-of date.
    pub struct NeverInspected(pub SubjectIx);
    @output
    /// An unrated subject: no interval applies; listed for a grading decision.
    pub struct AwaitingGrade(pub SubjectIx);

    struct Inspected(SubjectIx, Day);
    struct HasInspection(SubjectIx);
    struct LaterInspection(SubjectIx, Day);

    // [14] A、B级信用主体由旗县级应急局监管，C级信用主体由市级应急局监管，D级信用主体由自治区级应急厅监管
    Supervised(s, Tier::County) <- Graded(s, Grade::A);
    Supervised(s, Tier::County) <- Graded(s, Grade::B);
    Supervised(s, Tier::City) <- Graded(s, Grade::C);
    Supervised(s, Tier::Region) <- Graded(s, Grade::D);
    Supervised(s, Tier::None) <- Graded(s, Grade::Unrated);

    // [15.A] 对A级信用主体，在政府采购、招标投标、资质认证、评先创优等方面给予优先考虑，减少检查频次，
    // 监管部门执法检查每两年不少于一次。
    Measured(s, Measures::Priority) <- Graded(s, Grade::A);
    Interval(s, 24) <- Graded(s, Grade::A);

    // [15.B] 对B级信用主体，在政府采购、招标投标、资质认证、评先创优等方面给予适当考虑，监管部门执法检查每年不少于一次。
    Measured(s, Measures::Consideration) <- Graded(s, Grade::B);
    Interval(s, 12) <- Graded(s, Grade::B);

    // [15.C] 对C级信用主体，监管部门执法检查每半年不少于一次。
    Measured(s, Measures::NoneStated) <- Graded(s, Grade::C);
    Interval(s, 6) <- Graded(s, Grade::C);

    // [15.D] 对D级信用主体，在政府采购、招标投标、评先创优等方面不予考虑，列入重点监管对象，实施重点监管，
    // 监管部门执法检查每季度不少于一次，随时追踪整改情况，直至整改达到要求。
    Measured(s, Measures::ExcludedKeySupervision) <- Graded(s, Grade::D);
    Interval(s, 3) <- Graded(s, Grade::D);

    // [15.high_risk] 对煤矿、危险化学品等高危行业领域监管要严于工贸、中介机构等非高危行业领域。
    HighRisk(s) <- SubjectCategory(s, Category::CoalMine);
    HighRisk(s) <- SubjectCategory(s, Category::NonCoalMine);
    HighRisk(s) <- SubjectCategory(s, Category::HazardousChemicals);
    HighRisk(s) <- SubjectCategory(s, Category::Fireworks);

    // [15.schedule] 执法检查每……不少于一次: the latest inspection on or before the as-of date,
    // plus the interval in months (clamped to the month's end) is the due date;
    // overdue iff as-of > due, by as-of − due days; none on record: `never`.
    Inspected(s, d) <- Inspection(_, s, d), AsOf(t), (d <= t);
    HasInspection(s) <- Inspected(s, _);
    LaterInspection(s, d) <- Inspected(s, d), Inspected(s, later), (later > d);
    LastInspection(s, d) <- Inspected(s, d), !LaterInspection(s, d);
    NextDue(s, due) <- LastInspection(s, d), Interval(s, months), let due = d.plus_months(months);
    Overdue(s, t.days_since(due)) <- NextDue(s, due), AsOf(t), (t > due);
    NeverInspected(s) <- Interval(s, _), !HasInspection(s);
    AwaitingGrade(s) <- Graded(s, Grade::Unrated);
}
