//! Answers analysts need after "what grade?": why not another grade (the
//! smallest real changes), a timeline with the next change date, and the diff
//! between two dates or two fact snapshots. Every answer is computed by the
//! real rules on what-if copies or at chosen dates. No input or output.

pub mod diff;
pub mod timeline;
pub mod variant;
pub mod whynot;

use serde::Serialize;
use sha2::{Digest, Sha256};

/// What an archived answer was computed from (审计信息).
#[derive(Serialize, Debug, Clone)]
pub struct Audit {
    pub as_of: String,
    pub facts: String,
    /// sha256 over the fact files' names and bytes.
    pub facts_hash: String,
    pub tool_version: &'static str,
    /// sha256 over the rule programs' source and the clause catalogue.
    pub rules_hash: String,
}

fn hex(digest: &[u8]) -> String {
    format!("sha256:{}", digest.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// Hash of fact files given as (name, bytes), in name order.
pub fn facts_hash(files: &mut [(String, Vec<u8>)]) -> String {
    files.sort_by(|a, b| a.0.cmp(&b.0));
    let mut h = Sha256::new();
    for (name, bytes) in files.iter() {
        h.update(name.as_bytes());
        h.update([0]);
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    }
    hex(&h.finalize())
}

/// Hash of the rules as compiled into this binary.
pub fn rules_hash() -> String {
    let mut h = Sha256::new();
    for (file, source) in crate::rules::catalogue::SOURCES {
        h.update(file.as_bytes());
        h.update(source.as_bytes());
    }
    for c in crate::rules::Clause::ALL {
        h.update(c.id().as_bytes());
        h.update(c.text().as_bytes());
        h.update(c.note().as_bytes());
    }
    hex(&h.finalize())
}
