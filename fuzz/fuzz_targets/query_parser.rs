//! Fuzz target: the query and rule parser (and the statement splitter and
//! the completeness check the REPL's validator uses) must never panic,
//! whatever bytes are typed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = safecredit::query::parse::parse(text);
        let _ = safecredit::query::parse::is_complete(text);
        let _ = safecredit::query::parse::split_queries(text);
        let _ = safecredit::query::parse::parse_statement(text);
        let _ = safecredit::query::parse::split_statements(text);
    }
});
