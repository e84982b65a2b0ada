//! The enumerations of the data contract (代码表): each value has an English
//! code, a Chinese label and, for some, extra accepted spellings. Fact files
//! and queries accept any of them; outputs use the code (machine) or the
//! label (human tables). Depends on nothing.

/// Declares a `Copy` enum with `code()`, `label()`, `parse()` and `ALL`.
macro_rules! codes {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal / $label:literal $(| $alias:literal)* , )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Copy, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
        pub enum $name { $( $(#[$vmeta])* $variant, )+ }

        impl $name {
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];

            /// The English code written in CSV and JSON outputs.
            pub fn code(self) -> &'static str {
                match self { $( $name::$variant => $code, )+ }
            }

            /// The Chinese label shown in human-facing tables.
            pub fn label(self) -> &'static str {
                match self { $( $name::$variant => $label, )+ }
            }

            /// Accepts the code (any case), the label or an alias.
            pub fn parse(text: &str) -> Option<$name> {
                $(
                    if text.eq_ignore_ascii_case($code) || text == $label $(|| text == $alias)* {
                        return Some($name::$variant);
                    }
                )+
                None
            }

            /// The values for the data contract's docs: `` `code` 标签 · … `` with aliases.
            pub fn doc() -> String {
                let all: &[String] = &[ $( {
                    let aliases: &[&str] = &[ $($alias),* ];
                    if aliases.is_empty() {
                        format!("`{}` {}", $code, $label)
                    } else {
                        format!("`{}` {} (also {})", $code, $label, aliases.join(", "))
                    }
                }, )+ ];
                all.join(" · ")
            }

            /// Every accepted spelling, for "expected …" messages.
            pub fn expected() -> String {
                let all: &[&str] = &[ $( concat!($code, " (", $label, ")"), )+ ];
                all.join(", ")
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        /// The code, as outputs write it.
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use codes;

codes! {
    /// 行业类别: the six categories of credit subject (Art. 2, Art. 13(1)).
    pub enum Category {
        CoalMine = "coal_mine" / "煤矿",
        NonCoalMine = "non_coal_mine" / "非煤矿山",
        HazardousChemicals = "hazardous_chemicals" / "危险化学品",
        Fireworks = "fireworks" / "烟花爆竹",
        MetallurgyTrade = "metallurgy_trade" / "冶金工贸",
        SafetyService = "safety_service" / "安全生产中介服务机构" | "中介服务机构",
    }
}

impl Category {
    /// 矿山: the categories D(8) (超层越界开采) speaks of.
    pub fn is_mine(self) -> bool {
        matches!(self, Category::CoalMine | Category::NonCoalMine)
    }
}

codes! {
    /// 人员角色: a person's role at a credit subject (Art. 7(1)2, Art. 13 A(2)).
    pub enum Role {
        LegalRep = "legal_rep" / "法定代表人",
        Principal = "principal" / "主要负责人",
        SafetyLead = "safety_lead" / "分管安全负责人",
        Partner = "partner" / "合伙人",
    }
}

codes! {
    /// 记录类型: the kind of a record in events.csv.
    pub enum Kind {
        Dishonesty = "dishonesty" / "失信行为",
        Penalty = "penalty" / "行政处罚",
        Accident = "accident" / "生产安全事故",
        UnlicensedOperation = "unlicensed_operation" / "未取得安全生产许可擅自生产经营",
        UnrectifiedMajorHazard = "unrectified_major_hazard" / "重大隐患不整改冒险作业",
        EvadingSupervision = "evading_supervision" / "逃避对抗监管",
        OperatingWhileSuspended = "operating_while_suspended" / "停产整顿期间生产经营",
        AccidentCoverUp = "accident_cover_up" / "瞒报谎报迟报事故",
        UnacceptedSafetyFacilities = "unaccepted_safety_facilities" / "安全设施未验收即投用",
        IllegalMining = "illegal_mining" / "超层越界开采或以探代采",
        ObstructingInvestigation = "obstructing_investigation" / "破坏事故现场或妨碍调查",
        FalseReport = "false_report" / "出具虚假报告或出借资质",
    }
}

codes! {
    /// 事故等级 (生产安全事故报告和调查处理条例 第三条).
    pub enum AccidentLevel {
        General = "general" / "一般",
        Larger = "larger" / "较大",
        Major = "major" / "重大",
        EspeciallyMajor = "especially_major" / "特别重大",
    }
}

codes! {
    /// 标准化等级: safety standardization level.
    pub enum Level {
        One = "1" / "一级",
        Two = "2" / "二级",
        Three = "3" / "三级",
    }
}

codes! {
    /// 受理决定: the recording department's decision on an objection (Art. 11).
    pub enum Decision {
        Accepted = "accepted" / "受理",
        Rejected = "rejected" / "不予受理",
    }
}

codes! {
    /// 异议结果: the outcome of the investigation (Art. 12).
    pub enum Outcome {
        Upheld = "upheld" / "异议成立",
        Dismissed = "dismissed" / "异议不成立",
    }
}

codes! {
    /// 证照类型: the kind of a licence (Art. 7(1)3).
    pub enum LicenceKind {
        SafetyPermit = "safety_permit" / "安全生产许可证",
        Qualification = "qualification" / "资质证书",
        Other = "other" / "其他",
    }
}

codes! {
    /// 日历类型: an entry of the working-day calendar.
    pub enum DayKind {
        Holiday = "holiday" / "休息日" | "节假日" | "放假",
        Workday = "workday" / "工作日" | "调休上班" | "补班",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_accepts_code_label_and_alias() {
        assert_eq!(Category::parse("coal_mine"), Some(Category::CoalMine));
        assert_eq!(Category::parse("COAL_MINE"), Some(Category::CoalMine));
        assert_eq!(Category::parse("煤矿"), Some(Category::CoalMine));
        assert_eq!(Category::parse("中介服务机构"), Some(Category::SafetyService));
        assert_eq!(Category::parse("安全生产中介服务机构"), Some(Category::SafetyService));
        assert_eq!(Category::parse("coal"), None);
        assert_eq!(Level::parse("三级"), Some(Level::Three));
        assert_eq!(Level::parse("4"), None);
        assert_eq!(Kind::parse("瞒报谎报迟报事故"), Some(Kind::AccidentCoverUp));
        assert_eq!(Decision::parse("不予受理"), Some(Decision::Rejected));
        assert_eq!(Outcome::parse("异议成立"), Some(Outcome::Upheld));
    }

    #[test]
    fn every_code_round_trips() {
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.code()), Some(*k));
            assert_eq!(Kind::parse(k.label()), Some(*k));
        }
        for c in Category::ALL {
            assert_eq!(Category::parse(c.label()), Some(*c));
        }
    }
}
