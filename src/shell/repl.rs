//! The interactive loop: rustyline around [`Shell`]. Completion asks the
//! shell, the validator asks for more input until a query ends at `.`,
//! hints come from history. Ctrl-C clears the line, Ctrl-D leaves; a failure
//! to read or save history is reported, not fatal.

use super::Shell;
use crate::query::parse::is_complete;
use rustyline::completion::Completer;
use rustyline::highlight::Highlighter;
use rustyline::hint::{Hinter, HistoryHinter};
use rustyline::history::DefaultHistory;
use rustyline::validate::{ValidationContext, ValidationResult, Validator};
use rustyline::{CompletionType, Config, Context, Editor, error::ReadlineError};
use std::borrow::Cow;
use std::cell::RefCell;
use std::path::PathBuf;
use std::rc::Rc;

struct Helper {
    shell: Rc<RefCell<Shell>>,
    hinter: HistoryHinter,
    colour: bool,
}

impl Completer for Helper {
    type Candidate = String;
    fn complete(&self, line: &str, pos: usize, _: &Context<'_>) -> rustyline::Result<(usize, Vec<String>)> {
        Ok(self.shell.borrow().complete(line, pos))
    }
}

impl Hinter for Helper {
    type Hint = String;
    fn hint(&self, line: &str, pos: usize, ctx: &Context<'_>) -> Option<String> {
        self.hinter.hint(line, pos, ctx)
    }
}

impl Highlighter for Helper {
    fn highlight_hint<'h>(&self, hint: &'h str) -> Cow<'h, str> {
        if self.colour { Cow::Owned(format!("\x1b[2m{hint}\x1b[0m")) } else { Cow::Borrowed(hint) }
    }
}

impl Validator for Helper {
    fn validate(&self, ctx: &mut ValidationContext) -> rustyline::Result<ValidationResult> {
        let input = ctx.input().trim();
        if input.is_empty() || input.starts_with(':') || is_complete(input) {
            Ok(ValidationResult::Valid(None))
        } else {
            Ok(ValidationResult::Incomplete)
        }
    }
}

impl rustyline::Helper for Helper {}

/// Where history is kept: `SAFECREDIT_HISTORY`, else the user's data directory.
pub fn history_path() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("SAFECREDIT_HISTORY") {
        return Some(PathBuf::from(path));
    }
    dirs::data_dir().map(|d| d.join("safecredit").join("history.txt"))
}

pub fn run(shell: Shell) -> Result<(), String> {
    let colour = crate::session::use_colour();
    print!("{}", shell.banner());
    let shell = Rc::new(RefCell::new(shell));
    let config = Config::builder().completion_type(CompletionType::List).auto_add_history(true).build();
    let mut editor: Editor<Helper, DefaultHistory> = Editor::with_config(config).map_err(|e| e.to_string())?;
    editor.set_helper(Some(Helper { shell: shell.clone(), hinter: HistoryHinter::new(), colour }));
    let history = history_path();
    if let Some(path) = &history {
        // A missing history file is normal on first use.
        let _ = editor.load_history(path);
    }
    loop {
        let prompt = shell.borrow().prompt();
        match editor.readline(&prompt) {
            Ok(line) => {
                let reply = shell.borrow_mut().handle(&line);
                if reply.text.starts_with("error") && colour {
                    print!("\x1b[31merror\x1b[0m{}", &reply.text[5..]);
                } else {
                    print!("{}", reply.text);
                }
                if reply.quit {
                    break;
                }
            }
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(format!("cannot read input: {e}")),
        }
    }
    if let Some(path) = &history {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        if let Err(e) = editor.save_history(path) {
            eprintln!("warning: could not save history to {}: {e}", path.display());
        }
    }
    Ok(())
}
