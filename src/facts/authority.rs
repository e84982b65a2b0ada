//! 应急管理部门: which departments' penalties count under Art. 13 A(3), B(3)
//! and C(2) (“应急管理部门作出的行政处罚”). Staff write the department's name
//! (包头市应急管理局, 内蒙古自治区应急管理厅, 昆区应急局), so the name decides,
//! with `authorities.csv` to settle particular names. `check` lists every name
//! with its classification for staff to review once. Depends on `diag`.

use super::diag::{Diagnostic, Severity};
use super::{FactSet, Kind};
use rustc_hash::FxHashMap;

/// Why a penalty's authority is, or is not, emergency management.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// No authority written: the bureau's own penalty.
    Empty,
    /// `emergency`, in any case.
    Code,
    /// The name contains 应急管理 (any level: 部, 厅, 局).
    Named,
    /// The name ends in 应急局 or 应急厅, the short forms Art. 14 uses.
    ShortForm,
    /// `authorities.csv` says so, on this line.
    Listed(u32),
    /// None of the above: another department, whose penalties do not count.
    Other,
}

impl Why {
    pub fn describe(self) -> String {
        match self {
            Why::Empty => "no authority written".into(),
            Why::Code => "the code `emergency`".into(),
            Why::Named => "the name contains 应急管理".into(),
            Why::ShortForm => "the name ends in 应急局 or 应急厅".into(),
            Why::Listed(line) => format!("authorities.csv line {line}"),
            Why::Other => "the name neither contains 应急管理 nor ends in 应急局 or 应急厅".into(),
        }
    }
}

/// Names settled by `authorities.csv`: name → (emergency management?, line).
pub type Listed = FxHashMap<Box<str>, (bool, u32)>;

/// Is a penalty by `authority` (trimmed) one by emergency management, and why.
pub fn classify(authority: &str, listed: &Listed) -> (bool, Why) {
    if let Some(&(emergency, line)) = listed.get(authority) {
        return (emergency, Why::Listed(line));
    }
    if authority.is_empty() {
        (true, Why::Empty)
    } else if authority.eq_ignore_ascii_case("emergency") {
        (true, Why::Code)
    } else if authority.contains("应急管理") {
        (true, Why::Named)
    } else if authority.ends_with("应急局") || authority.ends_with("应急厅") {
        (true, Why::ShortForm)
    } else {
        (false, Why::Other)
    }
}

/// One note per distinct authority named on a penalty, in order of first
/// appearance: its classification, why, where it first appears and how often.
/// They are placed in the events file as loaded (`facts/events.csv`, or a worksheet).
pub fn review(facts: &FactSet) -> Vec<Diagnostic> {
    let (file, sheet) = match facts.files.iter().find(|f| f.name == "events.csv") {
        Some(f) => (f.file.as_str(), f.sheet),
        None => ("events.csv", false),
    };
    let listed: Listed = facts.authorities.iter().map(|a| (facts.str(a.name).into(), (a.emergency, a.line))).collect();
    let mut seen: FxHashMap<&str, usize> = FxHashMap::default();
    let mut names: Vec<(&str, u32, usize)> = Vec::new();
    for event in facts.events.iter().filter(|e| e.kind == Kind::Penalty) {
        let name = facts.str(event.authority());
        if name.is_empty() {
            continue;
        }
        match seen.get(name) {
            Some(&at) => names[at].2 += 1,
            None => {
                seen.insert(name, names.len());
                names.push((name, event.line, 1));
            }
        }
    }
    names.sort_by_key(|&(_, line, _)| line);
    names
        .into_iter()
        .map(|(name, line, count)| {
            let (emergency, why) = classify(name, &listed);
            let verdict = if emergency { "emergency management (应急管理部门)" } else { "another department" };
            let message = format!(
                "authority \"{name}\" is {verdict}: {}; {count} penalt{} (Art. 13 A(3), B(3), C(2)); to decide otherwise, list it in authorities.csv",
                why.describe(),
                if count == 1 { "y" } else { "ies" }
            );
            let mut d = Diagnostic::new(Severity::Note, "authority", file, line, message);
            d.sheet = sheet;
            d
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn departments_at_every_level_and_lookalikes() {
        let none = Listed::default();
        for (name, emergency, why) in [
            ("", true, Why::Empty),
            ("emergency", true, Why::Code),
            ("EMERGENCY", true, Why::Code),
            ("应急管理部门", true, Why::Named),
            ("中华人民共和国应急管理部", true, Why::Named),
            ("内蒙古自治区应急管理厅", true, Why::Named),
            ("包头市应急管理局", true, Why::Named),
            ("昆都仑区应急管理局", true, Why::Named),
            ("昆区应急局", true, Why::ShortForm),
            ("自治区应急厅", true, Why::ShortForm),
            ("应急物资储备公司", false, Why::Other),
            ("市场监督管理局", false, Why::Other),
            ("应急局物资处", false, Why::Other),
        ] {
            assert_eq!(classify(name, &none), (emergency, why), "{name}");
        }
        let listed: Listed =
            [("包头市应急管理局".into(), (false, 2)), ("矿山安全监察局".into(), (true, 3))].into_iter().collect();
        assert_eq!(classify("包头市应急管理局", &listed), (false, Why::Listed(2)));
        assert_eq!(classify("矿山安全监察局", &listed), (true, Why::Listed(3)));
        assert_eq!(classify("昆区应急局", &listed), (true, Why::ShortForm));
    }
}
