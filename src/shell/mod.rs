//! The query shell's core (交互查询): takes one complete input (a query or a
//! `:command`) and returns the text to show. It never panics or exits on a
//! bad line. `repl.rs` is the thin rustyline adapter around it; tests drive
//! this core with lines, without a terminal.

pub mod repl;

use crate::facts::Day;
use crate::query::{self, Answer, Database, RELATIONS};
use crate::report;
use crate::session::{CmdError, FactsArgs, Session, TableFormat};
use std::fmt::Write;
use std::path::Path;
use std::time::Instant;

/// The `:commands`, with their one-line help. Completion and `:help` read this list.
pub const COMMANDS: &[(&str, &str, &str)] = &[
    (":help", "[topic]", "this help; `:help queries`, `:help RELATION` or `:help :command` for more"),
    (":relations", "", "every relation with its columns and what it holds"),
    (":explain", "SUBJECT", "why a subject has its grade, clause by clause (as `safecredit explain`)"),
    (":whynot", "SUBJECT GRADE", "the smallest actions that would give the subject GRADE on the same date"),
    (":timeline", "SUBJECT", "the subject's grade over time and its next change"),
    (":as-of", "DATE", "evaluate the rules for another as-of date"),
    (":rules", "", "the rules you have given, by relation"),
    (":drop", "NAME", "drop the rules that define NAME"),
    (":load", "FILE", "add the rules of FILE (a `.dl` file) and answer its queries"),
    (":interpret", "FILE", "regrade with FILE's `interpret(Clause, Subject)` reading of clauses: whose grade changes"),
    (":reload", "", "re-read the fact files and forget the rules (on errors the old facts are kept)"),
    (":format", "table|csv|json", "how results are shown"),
    (":save", "FILE", "write the last result to FILE in the current format (`:save!` overwrites)"),
    (":time", "", "show how long each query takes (toggle)"),
    (":quit", "", "leave (Ctrl-D does too)"),
];

pub struct Shell {
    facts_args: FactsArgs,
    session: Session,
    db: Database,
    format: TableFormat,
    timing: bool,
    last: Option<Answer>,
}

/// What one input produced.
pub struct Reply {
    pub text: String,
    pub quit: bool,
}

impl Reply {
    fn text(text: impl Into<String>) -> Reply {
        Reply { text: text.into(), quit: false }
    }
}

impl Shell {
    /// `as_of`: `--as-of`, if given (else as the session resolves it).
    pub fn open(facts_args: FactsArgs, as_of: Option<Day>) -> Result<Shell, CmdError> {
        let session = Session::open(&facts_args, as_of, 2)?;
        let model = session.evaluate();
        let db =
            Database::new(session.engine.facts.clone(), session.engine.index.clone(), model, facts_args.show_personal);
        Ok(Shell { facts_args, session, db, format: TableFormat::Table, timing: false, last: None })
    }

    pub fn as_of(&self) -> Day {
        self.db.model.as_of
    }

    pub fn banner(&self) -> String {
        let f = &self.session.engine.facts;
        format!(
            "safecredit {} — 安全生产信用分类分级查询 · {}\nfacts folder {}: {} subjects, {} people, {} events, {} inspections, {} objections\nas of {} · type a query ending in `.`, e.g. grade(S, \"D\"). · :help · Ctrl-D to quit\n",
            env!("CARGO_PKG_VERSION"),
            report::INTERNAL_NOTICE,
            self.session.dir.display(),
            f.subjects.len(),
            f.persons.len(),
            f.events.len(),
            f.inspections.len(),
            f.objections.len(),
            self.as_of()
        )
    }

    pub fn prompt(&self) -> String {
        format!("{} ?- ", self.as_of())
    }

    /// Handles one complete input: a query or a `:command`. A bug that panics
    /// is reported and the shell goes on: it never exits on a bad line.
    pub fn handle(&mut self, input: &str) -> Reply {
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.handle_line(input))) {
            Ok(reply) => reply,
            Err(_) => Reply::text(
                "error: internal error while answering this line (a bug: please report it with the line); the shell goes on\n",
            ),
        }
    }

    fn handle_line(&mut self, input: &str) -> Reply {
        let input = input.trim();
        if input.is_empty() {
            return Reply::text("");
        }
        if let Some(command) = input.strip_prefix(':') {
            return self.command(command);
        }
        Reply::text(self.statements(input))
    }

    /// Queries and rules, in order: what to show, up to the first error.
    fn statements(&mut self, input: &str) -> String {
        let started = Instant::now();
        let (outcomes, error) = match query::statements(&self.db, input) {
            Ok(outcomes) => (outcomes, None),
            Err(e) => (Vec::new(), Some(e)),
        };
        let mut text = String::new();
        for outcome in outcomes {
            match outcome {
                query::Outcome::Answer(answer) => {
                    text.push_str(&self.render(&answer));
                    self.last = Some(answer);
                }
                query::Outcome::Defined(relations) => {
                    for (name, columns, rows) in relations {
                        let _ = writeln!(
                            text,
                            "{name}({}): {rows} row{}",
                            columns.join(", "),
                            if rows == 1 { "" } else { "s" }
                        );
                    }
                }
            }
        }
        if let Some((statement, e)) = error {
            let shown = if statement.is_empty() { input } else { &statement };
            text.push_str(&report::answer::error(shown, &e));
        }
        if self.timing {
            let _ = writeln!(text, "({:.1} ms)", started.elapsed().as_secs_f64() * 1000.0);
        }
        text
    }

    fn render(&self, answer: &Answer) -> String {
        match self.format {
            TableFormat::Table => report::answer::table(answer),
            TableFormat::Csv => report::answer::csv(answer),
            TableFormat::Json => report::answer::json(answer),
        }
    }

    fn command(&mut self, command: &str) -> Reply {
        let (name, arg) = command.split_once(char::is_whitespace).map_or((command, ""), |(n, a)| (n, a.trim()));
        match name {
            "help" | "h" | "?" => Reply::text(self.help(arg)),
            "relations" => Reply::text(relations() + &user_relations(&self.db)),
            "explain" => self.explain(arg),
            "whynot" | "why-not" => self.why_not(arg),
            "timeline" => self.timeline(arg),
            "as-of" | "asof" => match crate::session::parse_day(arg) {
                Ok(day) => {
                    let started = Instant::now();
                    self.db.set_model(self.session.evaluate_at(day));
                    Reply::text(format!(
                        "as of {day}: rules evaluated in {:.0} ms\n",
                        started.elapsed().as_secs_f64() * 1000.0
                    ))
                }
                Err(e) => Reply::text(format!("error: {e}\n")),
            },
            "reload" => match Session::open(&self.facts_args, Some(self.as_of()), 2) {
                Ok(session) => {
                    let model = session.evaluate();
                    self.db = Database::new(
                        session.engine.facts.clone(),
                        session.engine.index.clone(),
                        model,
                        self.facts_args.show_personal,
                    );
                    self.session = session;
                    Reply::text(format!("reloaded {}\n", self.session.dir.display()))
                }
                Err(e) => Reply::text(format!("error: {}\nthe facts loaded before are kept\n", e.message)),
            },
            "rules" => Reply::text(rules_listing(&self.db)),
            "drop" => match self.db.drop_relation(arg.trim()) {
                Ok(n) => Reply::text(format!("dropped {n} rule(s) for `{}`\n", arg.trim())),
                Err(e) => Reply::text(format!("error: {e}\n")),
            },
            "load" => self.load(arg),
            "interpret" => self.interpret(arg),
            "format" => match arg {
                "table" => self.set_format(TableFormat::Table),
                "csv" => self.set_format(TableFormat::Csv),
                "json" => self.set_format(TableFormat::Json),
                _ => Reply::text(format!("error: unknown format \"{arg}\"; expected table, csv or json\n")),
            },
            "save" | "save!" => self.save(arg, name == "save!"),
            "time" => {
                self.timing = !self.timing;
                Reply::text(format!("timing {}\n", if self.timing { "on" } else { "off" }))
            }
            "quit" | "q" | "exit" => Reply { text: String::new(), quit: true },
            _ => {
                let names: Vec<&str> = COMMANDS.iter().map(|c| &c.0[1..]).collect();
                let hint = match crate::facts::load::closest(name, &names) {
                    Some(close) => format!(" Did you mean :{close}?"),
                    None => String::new(),
                };
                Reply::text(format!("error: unknown command :{name}.{hint} (:help lists them)\n"))
            }
        }
    }

    /// `:load FILE`: its rules first, then its queries in order.
    fn load(&mut self, file: &str) -> Reply {
        let text = match read_file(file, ":load queries/linked.dl") {
            Ok(text) => text,
            Err(reply) => return reply,
        };
        match crate::query::program::load(&self.db, &text) {
            Err(e) => Reply::text(format!("{file}: {}", report::answer::error(&e.text, &e.error))),
            Ok((names, queries)) => {
                let mut out = format!("{file}: {} relation(s) defined: {}\n", names.len(), names.join(", "));
                for (title, query) in queries {
                    for line in title.lines() {
                        let _ = writeln!(out, "% {line}");
                    }
                    out.push_str(&self.statements(&query));
                }
                Reply::text(out)
            }
        }
    }

    /// `:interpret FILE`: whose grade, tier or joint-target status another reading changes.
    fn interpret(&mut self, file: &str) -> Reply {
        let text = match read_file(file, ":interpret queries/readings/d2-three-years.dl") {
            Ok(text) => text,
            Err(reply) => return reply,
        };
        match self.session.interpret(&self.db, &text, file) {
            Ok(diff) => Reply::text(crate::report::diff::text(&diff)),
            Err(e) => Reply::text(format!("{file}: {}", report::answer::error(&e.text, &e.error))),
        }
    }

    fn set_format(&mut self, format: TableFormat) -> Reply {
        self.format = format;
        Reply::text(format!("format {}\n", format!("{format:?}").to_lowercase()))
    }

    fn explain(&self, arg: &str) -> Reply {
        let subject = arg.trim().trim_matches('"');
        if subject.is_empty() {
            return Reply::text("error: :explain needs a subject id, e.g. :explain S022\n");
        }
        match self.session.find_subject(subject) {
            Ok(s) => Reply::text(report::explain::text(&report::explain::explain(
                &self.session.engine.facts,
                &self.session.engine.index,
                &self.db.model,
                s,
            ))),
            Err(e) => Reply::text(format!("error: {}\n", e.message)),
        }
    }

    fn why_not(&self, arg: &str) -> Reply {
        let mut words = arg.split_whitespace();
        let (Some(subject), Some(grade)) = (words.next(), words.next()) else {
            return Reply::text("error: :whynot needs a subject and a grade, e.g. :whynot S022 B\n");
        };
        let Some(grade) = crate::rules::Grade::parse(grade) else {
            return Reply::text(format!("error: \"{grade}\" is not a grade; expected A, B, C, D or unrated\n"));
        };
        match self.session.find_subject(subject.trim_matches('"')) {
            Ok(s) => {
                let answer = crate::analysis::whynot::why_not(
                    &self.session.engine.facts,
                    &self.session.engine.index,
                    &self.db.model,
                    s,
                    grade,
                );
                Reply::text(crate::report::whynot::text(&self.session.engine.facts, &answer))
            }
            Err(e) => Reply::text(format!("error: {}\n", e.message)),
        }
    }

    fn timeline(&self, arg: &str) -> Reply {
        let subject = arg.trim().trim_matches('"');
        if subject.is_empty() {
            return Reply::text("error: :timeline needs a subject id, e.g. :timeline S025\n");
        }
        match self.session.find_subject(subject) {
            Ok(s) => {
                let as_of = self.as_of();
                let t = crate::analysis::timeline::timeline(
                    &self.session.engine.facts,
                    &self.session.engine.index,
                    &self.session.engine.calendar,
                    s,
                    as_of,
                    as_of.minus_years(3),
                    crate::rules::horizon(as_of),
                );
                Reply::text(crate::report::timeline::text(&self.session.engine.facts, &t))
            }
            Err(e) => Reply::text(format!("error: {}\n", e.message)),
        }
    }

    fn save(&self, file: &str, overwrite: bool) -> Reply {
        let Some(answer) = &self.last else {
            return Reply::text("error: nothing to save yet: run a query first\n");
        };
        if file.is_empty() {
            return Reply::text("error: :save needs a file name, e.g. :save d-grade.csv\n");
        }
        let path = Path::new(file);
        if path.exists() && !overwrite {
            return Reply::text(format!("error: {file} exists; use :save! {file} to overwrite it\n"));
        }
        match std::fs::write(path, self.render(answer)) {
            Ok(()) => Reply::text(format!("saved {} row(s) to {file}\n", answer.rows.len())),
            Err(e) => Reply::text(format!("error: cannot write {file}: {e}\n")),
        }
    }

    /// Completion candidates for the word ending at `pos`: relation names,
    /// `:commands`, subject ids and quoted subject names.
    pub fn complete(&self, line: &str, pos: usize) -> (usize, Vec<String>) {
        let mut pos = pos.min(line.len());
        while !line.is_char_boundary(pos) {
            pos -= 1;
        }
        let before = &line[..pos];
        let start = before
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':' || c == '"' || c == '-' || c == '!'))
            .map_or(0, |i| i + 1);
        let word = &before[start..];
        let mut out: Vec<String> = Vec::new();
        if word.starts_with(':') {
            out.extend(COMMANDS.iter().map(|c| c.0.to_string()).filter(|c| c.starts_with(word)));
        } else if let Some(prefix) = word.strip_prefix('"') {
            let facts = &self.session.engine.facts;
            for s in 0..facts.subjects.len() as u32 {
                let s = crate::facts::SubjectIx(s);
                for text in [facts.subject_id(s), facts.str(facts.subject(s).name)] {
                    if text.starts_with(prefix) {
                        out.push(format!("\"{text}\""));
                    }
                }
            }
        } else if [":explain", ":whynot", ":timeline"].iter().any(|c| line.trim_start().starts_with(c)) {
            let facts = &self.session.engine.facts;
            out.extend(
                (0..facts.subjects.len() as u32)
                    .map(|s| facts.subject_id(crate::facts::SubjectIx(s)).to_string())
                    .filter(|id| id.starts_with(word)),
            );
        } else if word.starts_with(|c: char| c.is_lowercase()) {
            out.extend(RELATIONS.iter().map(|r| format!("{}(", r.name)).filter(|r| r.starts_with(word)));
            out.extend(query::eval::FUNCS.iter().map(|f| format!("{}(", f.0)).filter(|r| r.starts_with(word)));
            if let Ok(user) = self.db.user_relations() {
                out.extend(user.keys().map(|name| format!("{name}(")).filter(|r| r.starts_with(word)));
            }
            if "not".starts_with(word) {
                out.push("not ".to_string());
            }
        }
        out.sort();
        out.dedup();
        out.truncate(200);
        (start, out)
    }
}

/// The text of a command's file argument, or the error to show (`example`: how to call it).
fn read_file(file: &str, example: &str) -> Result<String, Reply> {
    if file.is_empty() {
        let command = example.split_whitespace().next().unwrap_or_default();
        return Err(Reply::text(format!("error: {command} needs a file, e.g. {example}\n")));
    }
    std::fs::read_to_string(file).map_err(|e| Reply::text(format!("error: cannot read {file}: {e}\n")))
}

/// The rules given so far, grouped by the relation they define.
pub fn rules_listing(db: &Database) -> String {
    let rules = db.rules();
    if rules.is_empty() {
        return "no rules yet: type one, e.g. risky(S) :- grade(S, \"D\"), high_risk(S).\n".to_string();
    }
    let mut out = String::new();
    for source in rules {
        let _ = writeln!(out, "{}", source.text.trim());
    }
    out
}

/// The relations defined by rules, as `:relations` lists them.
fn user_relations(db: &Database) -> String {
    let mut out = String::new();
    if let Ok(user) = db.user_relations() {
        if !user.is_empty() {
            let _ = writeln!(out, "Your relations (defined by rules; `:rules` lists them):");
            let mut names: Vec<&String> = user.keys().collect();
            names.sort();
            for name in names {
                let u = &user[name];
                let columns: Vec<&str> = u.columns.iter().map(|c| c.0.as_str()).collect();
                let _ =
                    writeln!(out, "  {name}/{} {name}({}): {} rows", columns.len(), columns.join(", "), u.table.len());
            }
        }
    }
    out.push_str("Built-in functions (their first two arguments must be bound):\n");
    for (name, _, columns, about) in query::eval::FUNCS {
        let names: Vec<&str> = columns.iter().map(|c| c.0).collect();
        let _ = writeln!(out, "  {:<50} {about}", format!("{name}/3 {name}({})", names.join(", ")));
    }
    out
}

pub fn relations() -> String {
    let mut out = String::new();
    for (heading, derived) in [
        ("Input relations (the fact files, as recorded)", false),
        ("Derived relations (the rules, for the as-of date)", true),
    ] {
        let _ = writeln!(out, "{heading}:");
        for r in RELATIONS.iter().filter(|r| r.derived == derived) {
            let columns: Vec<&str> = r.columns.iter().map(|c| c.0).collect();
            let _ = writeln!(
                out,
                "  {:<50} {}",
                format!("{}/{} {}({})", r.name, r.columns.len(), r.name, columns.join(", ")),
                r.about
            );
        }
        out.push('\n');
    }
    out
}

pub const QUERY_HELP: &str = "\
A query is a conjunction, like the body of a Datalog rule, ending in `.`:

  ?- grade(S, \"D\"), subject(S, Name, \"coal_mine\"), never_inspected(S).

  Variables   start with an uppercase letter: S, Name. `_` matches anything.
  Constants   \"quoted text\" (Chinese too), 42, dates 2025-06-30. Codes may be given
              by their Chinese label: \"煤矿\" is \"coal_mine\", \"D级（差）\" is \"D\".
  Compare     = != < <= > >= on numbers, dates and text:  overdue(S, D), D > 90.
  Negation    not atom(…) (or !atom(…)); its variables must appear in a positive atom.
  Aggregates  after the dot: count, sum V, min V, max V or avg V, each with an
              optional `by X, Y`; then `sort by V [desc], …`; then `limit N`:
                grade(S, G), subject(S, _, C). count by C, G
                overdue(S, D), subject(S, _, C). max D by C
                counting(E, S, _, \"penalty\"). count by S. sort by count desc limit 10
  Rules       head(X, …) :- body.  names a relation of your own; several rules with
              one head are alternatives; rules may be recursive and may negate
              relations that do not depend on them:
                linked(S, T) :- person_role(S, P, _), person_role(T, P, _), S != T.
                exposed(S) :- linked(S, T), grade(T, \"D\").
                exposed(S) :- linked(S, T), exposed(T).
              `:rules` lists them, `:drop NAME` drops them, `:load FILE` loads a file.
  Dates       years_before(D, N, Start), months_after(D, N, End), days_between(D1, D2, N).
  Results     one column per variable in order of first appearance (variables starting
              with `_` are hidden), sorted, without duplicates, with a row count.
  Comments    `%` or `//` to the end of the line.

`:relations` lists what can be queried; docs/queries.md has more examples.
";

impl Shell {
    /// `:help`, and `:help NAME` for a relation defined by rules.
    fn help(&self, topic: &str) -> String {
        let topic = topic.trim();
        if let Ok(user) = self.db.user_relations() {
            if let Some(u) = user.get(topic) {
                let mut out = format!("{}: defined by your rules ({} rows now)\n", u.name, u.table.len());
                for (name, ty) in &u.columns {
                    let _ = writeln!(out, "  {name:<14} {}", ty.describe());
                }
                for source in self.db.rules().iter().filter(|r| r.rule.head.relation == topic) {
                    let _ = writeln!(out, "  {}", source.text.trim());
                }
                return out;
            }
        }
        if let Some((name, _, columns, about)) = query::eval::FUNCS.iter().find(|f| f.0 == topic) {
            let names: Vec<&str> = columns.iter().map(|c| c.0).collect();
            return format!("{name}({}): a built-in function\n  {about}\n", names.join(", "));
        }
        help(topic)
    }
}

pub fn help(topic: &str) -> String {
    let topic = topic.trim();
    if topic.is_empty() {
        let mut out =
            String::from("Type a query ending in `.` (multi-line input continues until the `.`), or a command:\n\n");
        for (name, arg, about) in COMMANDS {
            let _ = writeln!(out, "  {:<24} {about}", format!("{name} {arg}"));
        }
        out.push_str("\nTopics: `:help queries` (the language), `:help RELATION` (e.g. `:help reason`).\n");
        out.push_str("Tab completes relation names, commands, subject ids and quoted subject names.\n");
        return out;
    }
    if topic == "queries" || topic == "query" {
        return QUERY_HELP.to_string();
    }
    if let Some((_, r)) = query::db::relation(topic) {
        let mut out = format!(
            "{}: {}\n{}\n",
            r.name,
            r.about,
            if r.derived { "derived by the rules for the as-of date" } else { "read from the fact files" }
        );
        for (name, ty) in r.columns {
            // An input relation's columns are described by the data contract.
            match crate::facts::schema::column_for(r.file, name) {
                Some(c) => {
                    let _ = writeln!(
                        out,
                        "  {name:<14} {:<10} {} ({}.{}): {}",
                        ty.describe(),
                        c.label,
                        r.file,
                        c.name,
                        c.about
                    );
                }
                None => {
                    let _ = writeln!(out, "  {name:<14} {}", ty.describe());
                }
            }
        }
        return out;
    }
    let command = if topic.starts_with(':') { topic.to_string() } else { format!(":{topic}") };
    if let Some((name, arg, about)) = COMMANDS.iter().find(|c| c.0 == command) {
        return format!("{name} {arg}\n  {about}\n");
    }
    let mut names: Vec<&str> = RELATIONS.iter().map(|r| r.name).collect();
    names.extend(COMMANDS.iter().map(|c| c.0));
    names.push("queries");
    match crate::facts::load::closest(topic, &names) {
        Some(close) => format!("no help on \"{topic}\"; did you mean `:help {close}`?\n"),
        None => format!("no help on \"{topic}\"; try :help, :help queries or :help grade\n"),
    }
}
