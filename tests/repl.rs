//! The query shell as an analyst meets it: transcripts of the shell core
//! driven with lines (no terminal), and one session of the real binary in a
//! pseudo-terminal, typing a query with tab completion.

mod common;
use common::*;
use safecredit::commands::FactsArgs;
use safecredit::shell::Shell;

fn demo(as_of: &str) -> Shell {
    let args = FactsArgs {
        facts: concat!(env!("CARGO_MANIFEST_DIR"), "/facts").into(),
        lenient: false,
        show_personal: false,
        quiet: false,
    };
    Shell::open(args, Some(day(as_of))).unwrap()
}

/// Feeds lines to the shell and records prompt, input and reply.
fn transcript(shell: &mut Shell, lines: &[&str]) -> String {
    let mut out = String::new();
    for line in lines {
        out.push_str(&format!("{}{line}\n", shell.prompt()));
        let reply = shell.handle(line);
        out.push_str(&reply.text);
        if reply.quit {
            out.push_str("[quit]\n");
            break;
        }
    }
    out
}

#[test]
fn an_analysts_session() {
    let mut shell = demo("2026-06-30");
    let banner = shell.banner().replace(concat!(env!("CARGO_MANIFEST_DIR"), "/"), "");
    let t = transcript(
        &mut shell,
        &[
            "grade(S, \"D\"), subject(S, Name, \"煤矿\"), never_inspected(S).",
            "grade(S, \"D\"), never_inspected(S).",
            "grade(S, G), subject(S, _, C). count by C, G",
            "overdue(S, Days), Days > 150.",
            "grad(S, G).",
            "grade(S, G), not joint_target(T).",
            ":format csv",
            "objection_status(O, \"overdue\").",
            ":format json",
            "investigator_conflict(O).",
            ":format table",
            ":as-of 2025-06-30",
            "grade(S, \"D\"). count",
            ":explian S001",
            ":format xml",
            ":help queries",
            ":help never_inspected",
            ":quit",
        ],
    );
    // Evaluation time varies; everything else is stable.
    let t = t
        .lines()
        .map(|l| if l.contains("rules evaluated in") { "as of 2025-06-30: rules evaluated in … ms" } else { l })
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!("repl-session", format!("{banner}{t}\n"));
}

#[test]
fn explain_in_the_shell_matches_the_command() {
    let mut shell = demo("2026-06-30");
    let in_shell = shell.handle(":explain S022").text;
    let out = common::output(&["explain", "S022", "--as-of", "2026-06-30"]);
    assert_eq!(in_shell, String::from_utf8(out.stdout).unwrap());
    assert!(shell.handle(":explain").text.starts_with("error: :explain needs a subject id"));
    assert!(shell.handle(":explain S999").text.contains("no subject"));
}

#[test]
fn save_never_overwrites_without_bang() {
    let dir = std::env::temp_dir().join(format!("safecredit-save-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("d.csv");
    let _ = std::fs::remove_file(&file);
    let mut shell = demo("2026-06-30");
    let f = file.to_str().unwrap();
    assert!(shell.handle(&format!(":save {f}")).text.contains("nothing to save"));
    shell.handle(":format csv");
    shell.handle("grade(S, \"D\"), never_inspected(S).");
    assert_eq!(shell.handle(&format!(":save {f}")).text, format!("saved 1 row(s) to {f}\n"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "S\nS054\n");
    assert!(shell.handle(&format!(":save {f}")).text.contains("use :save!"));
    shell.handle("grade(S, \"unrated\").");
    assert_eq!(shell.handle(&format!(":save! {f}")).text, format!("saved 2 row(s) to {f}\n"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "S\nS037\nS038\n");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn reload_keeps_the_old_state_on_errors_and_timing_toggles() {
    let dir = std::env::temp_dir().join(format!("safecredit-reload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("subjects.csv"), "id,name,category,committed_on\nS1,甲,coal_mine,2020-01-01\n").unwrap();
    let args = FactsArgs { facts: dir.clone(), lenient: false, show_personal: false, quiet: false };
    let mut shell = Shell::open(args, Some(day("2026-06-30"))).unwrap();
    assert!(shell.handle("subject(S, _, _). count").text.contains("    1"));
    std::fs::write(dir.join("subjects.csv"), "id,name,category\nS1,甲,coal_mine\nS2,乙,mine\n").unwrap();
    let reply = shell.handle(":reload").text;
    assert!(reply.contains("the facts loaded before are kept"), "{reply}");
    assert!(shell.handle("subject(S, _, _). count").text.contains("    1"));
    std::fs::write(dir.join("subjects.csv"), "id,name,category\nS1,甲,coal_mine\nS2,乙,fireworks\n").unwrap();
    assert!(shell.handle(":reload").text.starts_with("reloaded"));
    assert!(shell.handle("subject(S, _, _). count").text.contains("    2"));
    assert_eq!(shell.handle(":time").text, "timing on\n");
    assert!(shell.handle("subject(S, _, _).").text.ends_with(" ms)\n"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn completion_offers_relations_commands_and_subjects() {
    let shell = demo("2026-06-30");
    assert_eq!(shell.complete("never_i", 7), (0, vec!["never_inspected(".to_string()]));
    assert_eq!(shell.complete("grade(S, G), ov", 15), (13, vec!["overdue(".to_string()]));
    assert_eq!(shell.complete(":ex", 3).1, [":explain"]);
    assert_eq!(
        shell.complete(":explain S05", 12).1,
        ["S050", "S051", "S052", "S053", "S054", "S055", "S056", "S057", "S058", "S059"]
    );
    let typed = "subject(S, \"包头市昆区金岭";
    assert_eq!(shell.complete(typed, typed.len()).1, ["\"包头市昆区金岭沟煤业有限公司\""]);
}

/// The real binary in a pseudo-terminal: tab completion, a query, the answer.
#[cfg(unix)]
#[test]
fn real_terminal_session_with_tab_completion() {
    use expectrl::{Eof, Expect};
    use std::time::Duration;
    let history = std::env::temp_dir().join(format!("safecredit-history-{}", std::process::id()));
    let mut command = common::safecredit();
    command
        .args(["repl", "--facts", "facts", "--as-of", "2026-06-30"])
        .env("SAFECREDIT_HISTORY", &history)
        .env("TERM", "xterm");
    let mut session = expectrl::Session::spawn(command).expect("spawn in a pty");
    session.set_expect_timeout(Some(Duration::from_secs(20)));
    session.expect("2026-06-30 ?- ").unwrap();
    // Tab completes the unique relation name `never_inspected(`.
    session.send("never_insp\t").unwrap();
    session.expect("never_inspected(").unwrap();
    session.send("S), grade(S, G).\r").unwrap();
    session.expect("S054  D").unwrap();
    session.expect("(2 rows)").unwrap();
    session.send(":quit\r").unwrap();
    session.expect(Eof).unwrap();
    let saved = std::fs::read_to_string(&history).unwrap_or_default();
    let _ = std::fs::remove_file(&history);
    assert!(saved.contains("never_inspected(S), grade(S, G)."), "history is persisted: {saved}");
}
