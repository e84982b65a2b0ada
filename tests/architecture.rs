//! The layers use only what lies below them: nothing outside `src/commands/`
//! and `src/main.rs` imports `commands` (the shell shares `session` with it).

#[test]
fn only_main_and_the_commands_use_commands() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut offenders = Vec::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path != src.join("commands") {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") && path != src.join("main.rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                if text.contains("crate::commands") || text.contains("super::commands") {
                    offenders.push(path.strip_prefix(&src).unwrap().display().to_string());
                }
            }
        }
    }
    assert!(offenders.is_empty(), "these modules reach up into commands/: {offenders:?}");
}
