//! Fuzz target: the query parser (and the completeness check the REPL's
//! validator uses) must never panic, whatever bytes are typed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = safecredit::query::parse::parse(text);
        let _ = safecredit::query::parse::is_complete(text);
        let _ = safecredit::query::parse::split_queries(text);
    }
});
