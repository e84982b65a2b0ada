//! Benchmark support (性能基准): the phases of a whole run timed one by one,
//! the parse-only floor, and baselines that compute the same ledger another
//! way — a hand-written single pass and, with the `sqlite` feature, SQL in
//! an embedded engine — each cross-checked row for row against the rules.
//! Nothing here is used to answer a question; it exists to measure.

pub mod handwritten;
#[cfg(feature = "sqlite")]
pub mod sql;

use crate::facts::cell::parse_date;
use crate::facts::load::FILES;
use std::path::Path;
use std::time::Instant;

/// Peak resident set size of this process so far, in bytes (Linux: VmHWM).
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Resets the peak RSS counter (Linux), so that each measured run starts fresh.
pub fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The I/O floor: read every file, split it into records and fields, parse
/// every date cell, and build nothing. Returns the number of records.
pub fn parse_only(dir: &Path) -> std::io::Result<usize> {
    let mut records = 0;
    for name in FILES {
        let path = dir.join(name);
        let Ok(bytes) = std::fs::read(&path) else { continue };
        let mut reader = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(&bytes[..]);
        let header = reader.byte_headers()?.clone();
        let date_columns: Vec<usize> = header
            .iter()
            .enumerate()
            .filter(|(_, h)| {
                let h = std::str::from_utf8(h).unwrap_or("");
                h == "date" || h.ends_with("_on")
            })
            .map(|(i, _)| i)
            .collect();
        let mut record = csv::ByteRecord::new();
        let mut checksum = 0i64;
        while reader.read_byte_record(&mut record)? {
            records += 1;
            for &c in &date_columns {
                if let Some(day) = record.get(c).and_then(|b| std::str::from_utf8(b).ok()).and_then(parse_date) {
                    checksum += i64::from(day.0);
                }
            }
        }
        std::hint::black_box(checksum);
    }
    Ok(records)
}

/// Times a closure.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, f64) {
    let started = Instant::now();
    let value = f();
    (value, started.elapsed().as_secs_f64())
}
