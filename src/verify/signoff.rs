//! Sign-off of clauses (法务审核签字): a reviewer's approval of one clause,
//! recorded with a hash over the clause text, its rule source and its
//! interpretation note, so that a later change to any of them shows.

use crate::facts::Day;
use crate::rules::Clause;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct SignOff {
    pub clause: String,
    pub by: String,
    pub date: String,
    pub hash: String,
}

#[derive(Deserialize, Serialize, Default)]
struct SignOffFile {
    #[serde(default)]
    signoff: Vec<SignOff>,
}

/// What the sign-offs say about the current encoding.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Status {
    pub signed: Vec<String>,
    pub unsigned: Vec<String>,
    /// Signed, but the clause text, rule source or note changed since.
    pub changed: Vec<String>,
}

/// `sha256:` over the clause id, its Chinese text, its rule source blocks and its note.
pub fn hash(clause: Clause) -> String {
    let mut h = Sha256::new();
    h.update(clause.id().as_bytes());
    h.update(b"\0");
    h.update(clause.text().as_bytes());
    h.update(b"\0");
    for block in clause.rule_source() {
        h.update(block.source.as_bytes());
        h.update(b"\0");
    }
    h.update(clause.note().as_bytes());
    let digest = h.finalize();
    format!("sha256:{}", digest.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

pub fn parse(text: &str) -> Result<Vec<SignOff>, String> {
    toml::from_str::<SignOffFile>(text).map(|f| f.signoff).map_err(|e| e.to_string())
}

pub fn render(signoffs: &[SignOff]) -> String {
    let header = "# Sign-offs of clauses by legal reviewers: `safecredit signoff CLAUSE --by NAME`.\n# The hash covers the clause text, its rule source and its interpretation note;\n# `safecredit verify` fails when a signed clause has changed since.\n\n";
    format!("{header}{}", toml::to_string(&SignOffFile { signoff: signoffs.to_vec() }).expect("serializable"))
}

/// Records `by`'s approval of `clause` today, replacing an earlier one.
pub fn sign(mut signoffs: Vec<SignOff>, clause: Clause, by: &str, today: Day) -> Vec<SignOff> {
    signoffs.retain(|s| s.clause != clause.id());
    signoffs.push(SignOff {
        clause: clause.id().to_string(),
        by: by.to_string(),
        date: today.to_string(),
        hash: hash(clause),
    });
    signoffs.sort_by_key(|s| {
        Clause::parse(&s.clause).map_or(usize::MAX, |c| Clause::ALL.iter().position(|x| *x == c).unwrap_or(usize::MAX))
    });
    signoffs
}

pub fn status(signoffs: &[SignOff]) -> Status {
    let mut status = Status::default();
    for clause in Clause::ALL {
        match signoffs.iter().find(|s| s.clause == clause.id()) {
            None => status.unsigned.push(clause.id().to_string()),
            Some(s) if s.hash != hash(*clause) => status.changed.push(clause.id().to_string()),
            Some(_) => status.signed.push(clause.id().to_string()),
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_hash_is_reported() {
        let today = Day::from_ymd(2026, 11, 26).unwrap();
        let signed = sign(Vec::new(), Clause::C2, "王律师", today);
        let s = status(&signed);
        assert_eq!(s.signed, ["13.C.2"]);
        assert!(s.changed.is_empty());
        let mut tampered = signed.clone();
        tampered[0].hash = "sha256:0000".into();
        assert_eq!(status(&tampered).changed, ["13.C.2"]);
        let round = parse(&render(&signed)).unwrap();
        assert_eq!(round, signed);
        assert_ne!(hash(Clause::C2), hash(Clause::C3));
    }
}
