//! Query text → [`Statement`]: a query (a conjunction of atoms, comparisons
//! and negated atoms, like a Datalog rule body, optionally followed by an
//! aggregate, `sort by` and `limit`) or a rule (`head(X) :- body.`). Every
//! error carries the byte span it points at.

use std::fmt;

/// A byte range in the query text.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Term {
    Var(String, Span),
    /// `_`: matches anything, binds nothing.
    Wildcard(Span),
    Str(String, Span),
    Int(i64, Span),
    /// A date literal `2025-06-30`, as written.
    Date(crate::facts::Day, Span),
}

impl Term {
    pub fn span(&self) -> Span {
        match self {
            Term::Var(_, s) | Term::Wildcard(s) | Term::Str(_, s) | Term::Int(_, s) | Term::Date(_, s) => *s,
        }
    }
}

#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl fmt::Display for CmpOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CmpOp::Eq => "=",
            CmpOp::Ne => "!=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Atom {
    pub relation: String,
    pub relation_span: Span,
    pub args: Vec<Term>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Atom(Atom),
    Not(Atom),
    Compare(Term, CmpOp, Term),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Query {
    pub body: Vec<Literal>,
    /// `None`: list the rows. `Some`: one row per group with the aggregate.
    pub aggregate: Option<Aggregate>,
    /// `sort by X desc, Y`: the output columns to order by (descending when true).
    pub sort: Vec<(String, Span, bool)>,
    /// `limit N`: at most N rows (after sorting).
    pub limit: Option<(usize, Span)>,
}

/// What an aggregate computes over the rows of each group.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum AggOp {
    Count,
    Sum,
    Min,
    Max,
    Avg,
}

impl AggOp {
    pub fn name(self) -> &'static str {
        match self {
            AggOp::Count => "count",
            AggOp::Sum => "sum",
            AggOp::Min => "min",
            AggOp::Max => "max",
            AggOp::Avg => "avg",
        }
    }

    fn parse(word: &str) -> Option<AggOp> {
        [AggOp::Count, AggOp::Sum, AggOp::Min, AggOp::Max, AggOp::Avg].into_iter().find(|op| op.name() == word)
    }
}

/// `max D by C`: the operation, the variable it reads (none for `count`), the groups.
#[derive(Clone, Debug, PartialEq)]
pub struct Aggregate {
    pub op: AggOp,
    pub of: Option<(String, Span)>,
    pub by: Vec<(String, Span)>,
    pub span: Span,
}

/// A rule: the head holds for every way the body holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    pub head: Atom,
    pub body: Vec<Literal>,
    /// The whole rule, from the head to its `.`.
    pub span: Span,
}

/// One input: a query to answer or a rule to add.
#[derive(Clone, Debug, PartialEq)]
pub enum Statement {
    Query(Query),
    Rule(Rule),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub span: Span,
    pub hint: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Ident(String),
    Var(String),
    Wildcard,
    Str(String),
    Int(i64),
    Date(crate::facts::Day),
    LParen,
    RParen,
    Comma,
    Dot,
    Op(CmpOp),
    Bang,
    /// `:-` between a rule's head and body.
    Neck,
}

fn describe(tok: &Tok) -> String {
    match tok {
        Tok::Ident(s) => format!("`{s}`"),
        Tok::Var(s) => format!("variable `{s}`"),
        Tok::Wildcard => "`_`".into(),
        Tok::Str(s) => format!("\"{s}\""),
        Tok::Int(i) => i.to_string(),
        Tok::Date(d) => d.to_string(),
        Tok::LParen => "`(`".into(),
        Tok::RParen => "`)`".into(),
        Tok::Comma => "`,`".into(),
        Tok::Dot => "`.`".into(),
        Tok::Op(op) => format!("`{op}`"),
        Tok::Bang => "`!`".into(),
        Tok::Neck => "`:-`".into(),
    }
}

fn err(message: impl Into<String>, start: usize, end: usize) -> ParseError {
    ParseError { message: message.into(), span: Span { start, end }, hint: None }
}

/// Splits query text into tokens; `%` and `//` start a comment to the end of the line.
fn lex(text: &str) -> Result<Vec<(Tok, Span)>, ParseError> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = text[i..].chars().next().expect("i is a char boundary");
        let start = i;
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        if c == '%' || text[i..].starts_with("//") {
            i = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
            continue;
        }
        let single = match c {
            '(' => Some(Tok::LParen),
            ')' => Some(Tok::RParen),
            ',' => Some(Tok::Comma),
            '.' => Some(Tok::Dot),
            _ => None,
        };
        if let Some(tok) = single {
            i += 1;
            out.push((tok, Span { start, end: i }));
            continue;
        }
        if c == '"' {
            let mut value = String::new();
            i += 1;
            loop {
                let Some(ch) = text[i..].chars().next() else {
                    return Err(err("this string is never closed", start, bytes.len()));
                };
                i += ch.len_utf8();
                match ch {
                    '"' => break,
                    '\\' => {
                        let Some(escaped) = text[i..].chars().next() else {
                            return Err(err("this string is never closed", start, bytes.len()));
                        };
                        i += escaped.len_utf8();
                        value.push(escaped);
                    }
                    '\n' => return Err(err("a string may not span lines", start, i)),
                    other => value.push(other),
                }
            }
            out.push((Tok::Str(value), Span { start, end: i }));
            continue;
        }
        if "=!<>".contains(c) {
            let two = text.get(i..i + 2).unwrap_or("");
            let (tok, len) = match two {
                "!=" => (Tok::Op(CmpOp::Ne), 2),
                "<=" => (Tok::Op(CmpOp::Le), 2),
                ">=" => (Tok::Op(CmpOp::Ge), 2),
                "==" => (Tok::Op(CmpOp::Eq), 2),
                _ => match c {
                    '=' => (Tok::Op(CmpOp::Eq), 1),
                    '<' => (Tok::Op(CmpOp::Lt), 1),
                    '>' => (Tok::Op(CmpOp::Gt), 1),
                    _ => (Tok::Bang, 1),
                },
            };
            i += len;
            out.push((tok, Span { start, end: i }));
            continue;
        }
        if c == ':' && text[i..].starts_with(":-") {
            i += 2;
            out.push((Tok::Neck, Span { start, end: i }));
            continue;
        }
        if c == '?' && text[i..].starts_with("?-") {
            if !out.is_empty() {
                return Err(err("`?-` may only start a query", start, start + 2));
            }
            i += 2;
            continue;
        }
        if c.is_ascii_digit() || (c == '-' && text[i + 1..].starts_with(|d: char| d.is_ascii_digit())) {
            let mut j = i + 1;
            while j < bytes.len() && (bytes[j].is_ascii_digit() || bytes[j] == b'-') {
                j += 1;
            }
            let word = &text[i..j];
            if word.len() == 10 && word.as_bytes()[4] == b'-' && word.as_bytes()[7] == b'-' && c != '-' {
                let Some(day) = crate::facts::Day::parse_iso(word) else {
                    return Err(err(format!("{word} is not a date"), start, j));
                };
                out.push((Tok::Date(day), Span { start, end: j }));
            } else {
                let Ok(n) = word.parse::<i64>() else {
                    return Err(ParseError {
                        message: format!("`{word}` is neither a number nor a date"),
                        span: Span { start, end: j },
                        hint: Some("dates are written YYYY-MM-DD, e.g. 2025-06-30".into()),
                    });
                };
                out.push((Tok::Int(n), Span { start, end: j }));
            }
            i = j;
            continue;
        }
        if c.is_alphabetic() || c == '_' {
            let mut j = i;
            while let Some(ch) = text[j..].chars().next() {
                if ch.is_alphanumeric() || ch == '_' {
                    j += ch.len_utf8();
                } else {
                    break;
                }
            }
            let word = &text[i..j];
            let tok = if word == "_" {
                Tok::Wildcard
            } else if word.starts_with(|ch: char| ch.is_uppercase() || ch == '_') {
                Tok::Var(word.to_string())
            } else {
                Tok::Ident(word.to_string())
            };
            out.push((tok, Span { start, end: j }));
            i = j;
            continue;
        }
        return Err(ParseError {
            message: format!("unexpected character `{c}`"),
            span: Span { start, end: i + c.len_utf8() },
            hint: (c == '\'' || c == '“' || c == '”')
                .then(|| "strings are written in straight double quotes: \"煤矿\"".to_string()),
        });
    }
    Ok(out)
}

struct Parser {
    toks: Vec<(Tok, Span)>,
    pos: usize,
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }

    fn span(&self) -> Span {
        self.toks.get(self.pos).map_or(Span { start: self.end, end: self.end }, |(_, s)| *s)
    }

    fn bump(&mut self) -> Option<(Tok, Span)> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn unexpected(&self, wanted: &str) -> ParseError {
        let span = self.span();
        match self.peek() {
            Some(tok) => err(format!("expected {wanted}, found {}", describe(tok)), span.start, span.end),
            None => err(format!("expected {wanted}, but the query ends here"), span.start, span.end),
        }
    }

    fn term(&mut self) -> Result<Term, ParseError> {
        let span = self.span();
        let term = match self.peek() {
            Some(Tok::Var(v)) => Term::Var(v.clone(), span),
            Some(Tok::Wildcard) => Term::Wildcard(span),
            Some(Tok::Str(s)) => Term::Str(s.clone(), span),
            Some(Tok::Int(n)) => Term::Int(*n, span),
            Some(Tok::Date(d)) => Term::Date(*d, span),
            Some(Tok::Ident(word)) => {
                return Err(ParseError {
                    message: format!("`{word}` is neither a variable nor a value"),
                    span,
                    hint: Some(format!(
                        "variables start with an uppercase letter (`{}`); text values are quoted (\"{word}\")",
                        capitalize(word)
                    )),
                });
            }
            _ => return Err(self.unexpected("a variable, `_`, a quoted string, a number or a date")),
        };
        self.pos += 1;
        Ok(term)
    }

    fn atom(&mut self, name: String, name_span: Span) -> Result<Atom, ParseError> {
        if self.peek() != Some(&Tok::LParen) {
            return Err(self.unexpected(&format!("`(` after the relation name `{name}`")));
        }
        self.pos += 1;
        let mut args = Vec::new();
        if self.peek() == Some(&Tok::RParen) {
            return Err(self.unexpected("at least one argument"));
        }
        loop {
            args.push(self.term()?);
            match self.peek() {
                Some(Tok::Comma) => self.pos += 1,
                Some(Tok::RParen) => {
                    let end = self.span().end;
                    self.pos += 1;
                    return Ok(Atom {
                        relation: name,
                        relation_span: name_span,
                        args,
                        span: Span { start: name_span.start, end },
                    });
                }
                _ => return Err(self.unexpected("`,` or `)`")),
            }
        }
    }

    /// After `not` or `!`: the negated atom.
    fn negated(&mut self, keyword: &str) -> Result<Literal, ParseError> {
        self.pos += 1;
        let name_span = self.span();
        match self.bump() {
            Some((Tok::Ident(name), _)) => Ok(Literal::Not(self.atom(name, name_span)?)),
            _ => {
                self.pos -= 1;
                Err(self.unexpected(&format!("a relation after {keyword}")))
            }
        }
    }

    fn literal(&mut self) -> Result<Literal, ParseError> {
        let span = self.span();
        match self.peek().cloned() {
            Some(Tok::Ident(word)) if word == "not" => self.negated("`not`"),
            Some(Tok::Bang) => self.negated("`!`"),
            Some(Tok::Ident(name)) => {
                self.pos += 1;
                if self.peek() == Some(&Tok::LParen) {
                    return Ok(Literal::Atom(self.atom(name, span)?));
                }
                Err(ParseError {
                    message: format!("`{name}` needs arguments in parentheses"),
                    span,
                    hint: Some(format!("e.g. {name}(S, …); `:relations` lists every relation with its columns")),
                })
            }
            Some(_) => {
                let left = self.term()?;
                let op = match self.bump() {
                    Some((Tok::Op(op), _)) => op,
                    _ => {
                        self.pos -= 1;
                        return Err(self.unexpected("a comparison (=, !=, <, <=, >, >=)"));
                    }
                };
                let right = self.term()?;
                Ok(Literal::Compare(left, op, right))
            }
            None => Err(self.unexpected("a relation or a comparison")),
        }
    }

    fn word_is(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Tok::Ident(w)) if w == word)
    }

    fn variables(&mut self, what: &str) -> Result<Vec<(String, Span)>, ParseError> {
        let mut vars = Vec::new();
        loop {
            match self.bump() {
                Some((Tok::Var(v), span)) => vars.push((v, span)),
                _ => {
                    self.pos -= 1;
                    return Err(self.unexpected(what));
                }
            }
            if self.peek() == Some(&Tok::Comma) {
                self.pos += 1;
            } else {
                return Ok(vars);
            }
        }
    }

    /// After the body: `count|sum V|min V|max V|avg V [by X, …]`, then `sort by X [desc], …`,
    /// then `limit N`, each optional, each may end in `.`.
    fn tail(&mut self, query: &mut Query) -> Result<(), ParseError> {
        let skip_dot = |p: &mut Parser| {
            if p.peek() == Some(&Tok::Dot) {
                p.pos += 1;
            }
        };
        if let Some(Tok::Ident(word)) = self.peek().cloned() {
            if let Some(op) = AggOp::parse(&word) {
                let start = self.span().start;
                self.pos += 1;
                let of = match op {
                    AggOp::Count => None,
                    _ => match self.bump() {
                        Some((Tok::Var(v), span)) => Some((v, span)),
                        _ => {
                            self.pos -= 1;
                            return Err(self.unexpected(&format!("the variable to take the {word} of")));
                        }
                    },
                };
                let mut by = Vec::new();
                if self.word_is("by") {
                    self.pos += 1;
                    by = self.variables("a variable to group by")?;
                }
                let end = self.toks.get(self.pos.saturating_sub(1)).map_or(start, |(_, s)| s.end);
                query.aggregate = Some(Aggregate { op, of, by, span: Span { start, end } });
                skip_dot(self);
            }
        }
        if self.word_is("sort") {
            self.pos += 1;
            if !self.word_is("by") {
                return Err(self.unexpected("`by` after `sort`"));
            }
            self.pos += 1;
            loop {
                let (name, span) = match self.bump() {
                    Some((Tok::Var(v), span)) => (v, span),
                    // An aggregate's column: `sort by count desc`.
                    Some((Tok::Ident(w), span)) if AggOp::parse(&w).is_some() => (w, span),
                    _ => {
                        self.pos -= 1;
                        return Err(self.unexpected("a variable to sort by"));
                    }
                };
                let desc = match self.peek() {
                    Some(Tok::Ident(w)) if w == "desc" => {
                        self.pos += 1;
                        true
                    }
                    Some(Tok::Ident(w)) if w == "asc" => {
                        self.pos += 1;
                        false
                    }
                    _ => false,
                };
                query.sort.push((name, span, desc));
                if self.peek() == Some(&Tok::Comma) {
                    self.pos += 1;
                } else {
                    break;
                }
            }
            skip_dot(self);
        }
        if self.word_is("limit") {
            self.pos += 1;
            match self.bump() {
                Some((Tok::Int(n), span)) if n >= 0 => query.limit = Some((n as usize, span)),
                _ => {
                    self.pos -= 1;
                    return Err(self.unexpected("a number of rows after `limit`"));
                }
            }
            skip_dot(self);
        }
        Ok(())
    }

    fn body(&mut self, query: &mut Query) -> Result<(), ParseError> {
        loop {
            query.body.push(self.literal()?);
            match self.peek() {
                Some(Tok::Comma) => {
                    self.pos += 1;
                    if self.word_is("count") {
                        return self.tail(query);
                    }
                }
                Some(Tok::Dot) => {
                    self.pos += 1;
                    return self.tail(query);
                }
                Some(Tok::Ident(w)) if starts_tail(w) => {
                    return self.tail(query);
                }
                None => return Ok(()),
                Some(Tok::Neck) => {
                    return Err(ParseError {
                        hint: Some("a rule has one atom before `:-`, e.g. risky(S) :- grade(S, \"D\").".into()),
                        ..self.unexpected("`,` between literals or `.` at the end")
                    });
                }
                _ => return Err(self.unexpected("`,` between literals or `.` at the end")),
            }
        }
    }
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}

/// Parses one query. The final `.` is optional; an aggregate (`count`,
/// `max D by C`, …), `sort by` and `limit` may follow the body.
pub fn parse(text: &str) -> Result<Query, ParseError> {
    match parse_statement(text)? {
        Statement::Query(query) => Ok(query),
        Statement::Rule(rule) => Err(ParseError {
            message: "this is a rule, not a query".into(),
            span: rule.span,
            hint: Some("rules are added in the shell or with :load, or given in a -f FILE".into()),
        }),
    }
}

/// Parses one query or one rule (`head(X, …) :- body.`).
pub fn parse_statement(text: &str) -> Result<Statement, ParseError> {
    let toks = lex(text)?;
    let mut p = Parser { toks, pos: 0, end: text.len() };
    if p.peek().is_none() {
        return Err(p.unexpected("a query such as grade(S, \"D\")"));
    }
    // A rule: one atom, then `:-`.
    let start = p.span().start;
    let neck = p.toks.iter().position(|(t, _)| *t == Tok::Neck);
    let statement = if let Some(neck) = neck {
        let head = match p.literal()? {
            Literal::Atom(atom) if p.pos == neck => atom,
            _ => {
                let span = p.toks[neck].1;
                return Err(ParseError {
                    message: "a rule's head is one atom, e.g. risky(S)".into(),
                    span: Span { start, end: span.end },
                    hint: Some("write head(X, …) :- body.".into()),
                });
            }
        };
        p.pos += 1;
        let mut body = Query { body: Vec::new(), aggregate: None, sort: Vec::new(), limit: None };
        p.body(&mut body)?;
        if let Some(agg) = &body.aggregate {
            return Err(err("a rule's body cannot aggregate", agg.span.start, agg.span.end));
        }
        if let Some((name, span, _)) = body.sort.first() {
            return Err(err(format!("a rule's body cannot sort (by {name})"), span.start, span.end));
        }
        if let Some((_, span)) = body.limit {
            return Err(err("a rule's body cannot limit", span.start, span.end));
        }
        let end = p.toks.get(p.pos.saturating_sub(1)).map_or(text.len(), |(_, s)| s.end);
        Statement::Rule(Rule { head, body: body.body, span: Span { start, end } })
    } else {
        let mut query = Query { body: Vec::new(), aggregate: None, sort: Vec::new(), limit: None };
        p.body(&mut query)?;
        Statement::Query(query)
    };
    if p.peek().is_some() {
        return Err(p.unexpected("the end (one query or rule at a time; each ends at `.`)"));
    }
    Ok(statement)
}

/// Splits a text of several queries (a `.dl` file) into (comment, query text)
/// pairs. The comment is the block of `%`/`//` lines just before a query.
pub fn split_queries(text: &str) -> Vec<(String, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut comment: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        i += 1;
        if current.trim().is_empty() {
            if let Some(c) = trimmed.strip_prefix('%').or_else(|| trimmed.strip_prefix("//")) {
                comment.push(c.trim_start_matches('%').trim().to_string());
                continue;
            }
            if trimmed.is_empty() {
                continue;
            }
        }
        current.push_str(line);
        current.push('\n');
        if is_complete(&current) {
            // An aggregate, `sort by` or `limit` may follow on the next lines.
            while let Some(next) = lines[i..].iter().position(|l| !l.trim().is_empty()) {
                if !is_tail(lines[i + next]) {
                    break;
                }
                current.push_str(lines[i + next]);
                current.push('\n');
                i += next + 1;
            }
            push_statements(&mut out, &mut comment, &current);
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        push_statements(&mut out, &mut comment, &current);
    }
    out
}

/// Adds the statements of a chunk, the comment before it going with the first.
fn push_statements(out: &mut Vec<(String, String)>, comment: &mut Vec<String>, chunk: &str) {
    for (i, statement) in split_statements(chunk).into_iter().enumerate() {
        let title = if i == 0 { comment.join("\n") } else { String::new() };
        out.push((title, statement));
    }
    comment.clear();
}

/// Splits one chunk of text into its statements, each ending at a `.` that no
/// aggregate, `sort by` or `limit` follows. Text that does not lex is one piece
/// (parsing it reports the error).
pub fn split_statements(text: &str) -> Vec<String> {
    let Ok(toks) = lex(text) else { return vec![text.trim().to_string()] };
    let mut out = Vec::new();
    let mut start = 0;
    for (i, (tok, span)) in toks.iter().enumerate() {
        if *tok != Tok::Dot {
            continue;
        }
        if !tail_at(&toks, i + 1) {
            out.push(text[start..span.end].trim().to_string());
            start = span.end;
        }
    }
    let rest = text[start..].trim();
    // What is left after the last `.`: a statement without its dot, unless only comments.
    if lex(rest).is_ok_and(|t| !t.is_empty()) {
        out.push(rest.to_string());
    }
    out.retain(|s| !s.is_empty());
    out
}

/// Does `toks[i]` begin what may follow a query's `.`: an aggregate, `sort by`
/// or `limit`? Not a word followed by `(`, which begins an atom (a relation may
/// be named `count`).
fn tail_at(toks: &[(Tok, Span)], i: usize) -> bool {
    matches!(toks.get(i), Some((Tok::Ident(w), _)) if starts_tail(w))
        && !matches!(toks.get(i + 1), Some((Tok::LParen, _)))
}

/// Does this word begin what follows a query's `.`: an aggregate, `sort by` or `limit`?
fn starts_tail(word: &str) -> bool {
    AggOp::parse(word).is_some() || word == "sort" || word == "limit"
}

/// Does this line continue the query before it (an aggregate, `sort by`, `limit`)?
fn is_tail(line: &str) -> bool {
    lex(line).is_ok_and(|toks| tail_at(&toks, 0))
}

/// True when the text ends a query or rule: its last token is `.` (outside
/// strings and comments), or an aggregate, `sort by` or `limit` follows the `.`.
pub fn is_complete(text: &str) -> bool {
    match lex(text) {
        Ok(toks) => match toks.last() {
            Some((Tok::Dot, _)) => true,
            Some(_) => {
                // `… . count by X, Y` typed without a final dot.
                let dot = toks.iter().rposition(|(t, _)| *t == Tok::Dot);
                dot.is_some_and(|d| tail_at(&toks, d + 1))
            }
            None => false,
        },
        // An unclosed string wants more input; other errors are reported now.
        Err(e) => !e.message.contains("never closed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_issue_examples() {
        let q = parse("?- grade(S, \"D\"), subject(S, Name, \"coal_mine\"), never_inspected(S).").unwrap();
        assert_eq!(q.body.len(), 3);
        assert!(q.aggregate.is_none());
        let q = parse("?- grade(S, G), subject(S, _, C). count by C, G").unwrap();
        let by = q.aggregate.unwrap().by;
        assert_eq!(by.iter().map(|(v, _)| v.as_str()).collect::<Vec<_>>(), ["C", "G"]);
        let q = parse("grade(S, G), count.").unwrap();
        assert_eq!(q.aggregate.map(|a| (a.op, a.by)), Some((AggOp::Count, vec![])));
        let q = parse("overdue(S, D), D >= 30, not high_risk(S), next_due(S, X), X < 2026-01-01").unwrap();
        assert!(matches!(q.body[2], Literal::Not(_)));
        assert!(matches!(q.body[4], Literal::Compare(_, CmpOp::Lt, Term::Date(..))));
        let q = parse("subject(S, N, \"煤矿\"), !grade(S, \"A\") % a comment\n.").unwrap();
        assert!(
            matches!(&q.body[0], Literal::Atom(a) if a.args[2] == Term::Str("煤矿".into(), Span { start: 14, end: 22 }))
        );
    }

    #[test]
    fn aggregates_sort_and_limit_follow_the_body() {
        let q = parse("overdue(S, D), subject(S, _, C). max D by C").unwrap();
        let a = q.aggregate.unwrap();
        assert_eq!((a.op, a.of.unwrap().0.as_str(), a.by[0].0.as_str()), (AggOp::Max, "D", "C"));
        let q = parse("live_penalties(S, N). sort by N desc, S limit 10").unwrap();
        assert_eq!(q.sort.iter().map(|(v, _, d)| (v.as_str(), *d)).collect::<Vec<_>>(), [("N", true), ("S", false)]);
        assert_eq!(q.limit.map(|l| l.0), Some(10));
        let q = parse("grade(S, G). count by G. sort by count desc. limit 2.").unwrap();
        assert_eq!((q.aggregate.unwrap().op, q.sort[0].0.as_str(), q.limit.unwrap().0), (AggOp::Count, "count", 2));
        assert!(parse("grade(S, G). sum").unwrap_err().message.contains("the variable to take the sum of"));
        assert!(parse("grade(S, G). sort G").unwrap_err().message.contains("`by` after `sort`"));
        assert!(parse("grade(S, G). limit X").unwrap_err().message.contains("number of rows"));
        assert!(is_complete("grade(S, G). limit 3"));
        assert!(is_complete("grade(S, G). max D by C"));
    }

    #[test]
    fn rules_have_a_head_and_a_body() {
        let Statement::Rule(r) = parse_statement("risky(S) :- grade(S, \"D\"), high_risk(S).").unwrap() else {
            panic!("a rule")
        };
        assert_eq!((r.head.relation.as_str(), r.body.len(), r.span.start), ("risky", 2, 0));
        let Statement::Rule(r) =
            parse_statement("interpret(\"13.D.2\", S) :- counting(_, S, D, \"dishonesty\").").unwrap()
        else {
            panic!("a rule")
        };
        assert_eq!(r.head.args[0], Term::Str("13.D.2".into(), Span { start: 10, end: 18 }));
        assert!(matches!(parse_statement("grade(S, G)."), Ok(Statement::Query(_))));
        let e = parse_statement("a(S), b(S) :- grade(S, G).").unwrap_err();
        assert!(e.message.contains("one atom"), "{}", e.message);
        assert!(parse_statement("a(S) :- grade(S, G). count").unwrap_err().message.contains("cannot aggregate"));
        assert!(parse("a(S) :- grade(S, G).").unwrap_err().message.contains("a rule, not a query"));
        assert!(parse_statement("a(S) :- .").is_err());
        assert!(is_complete("a(S) :- grade(S, G)."));
        assert!(!is_complete("a(S) :- grade(S, G),"));
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = parse("grade(S, D").unwrap_err();
        assert_eq!((e.message.as_str(), e.span.start), ("expected `,` or `)`, but the query ends here", 10));
        let e = parse("grade(s, \"D\")").unwrap_err();
        assert_eq!(e.span, Span { start: 6, end: 7 });
        assert!(e.hint.unwrap().contains("`S`"));
        let e = parse("grade(S, 'D')").unwrap_err();
        assert!(e.hint.unwrap().contains("double quotes"));
        assert_eq!(parse("grade(S, \"D)").unwrap_err().message, "this string is never closed");
        assert_eq!(parse("grade").unwrap_err().message, "`grade` needs arguments in parentheses");
        assert_eq!(parse("grade(S, G) grade(S, G)").unwrap_err().span.start, 12);
        assert_eq!(parse("").unwrap_err().message, "expected a query such as grade(S, \"D\"), but the query ends here");
        assert!(parse("X < 2025-02-30").unwrap_err().message.contains("not a date"));
        assert!(parse("grade(S, G). count by").unwrap_err().message.contains("group by"));
        assert!(parse("grade()").unwrap_err().message.contains("at least one argument"));
        assert!(parse("S =").unwrap_err().message.contains("expected a variable"));
        assert!(parse("not 3").unwrap_err().message.contains("relation after `not`"));
    }

    #[test]
    fn completeness_for_multi_line_input() {
        assert!(!is_complete("grade(S, G),"));
        assert!(!is_complete("grade(S, \"D"));
        assert!(is_complete("grade(S, G)."));
        assert!(is_complete("grade(S, G). count by G"));
        // After the dot, `count(` begins an atom of a relation named `count`: a second
        // statement, not yet ended (split_statements draws the same line).
        assert!(!is_complete("count(S) :- grade(S, G). count(S)"));
        assert!(is_complete("grade(S, \"a.b\")."));
        assert!(!is_complete("grade(S, \"a.b\")"));
        assert!(!is_complete("grade(S, G) % ends with a dot."));
    }

    #[test]
    fn statements_split_at_dots_that_end_them() {
        let parts =
            split_statements("a(S) :- grade(S, \"D\"). a(S), b(S). count by S. sort by count desc limit 2. c(S).");
        assert_eq!(parts, ["a(S) :- grade(S, \"D\").", "a(S), b(S). count by S. sort by count desc limit 2.", "c(S)."]);
        assert_eq!(split_statements("count(S) :- grade(S, G). count(S)."), ["count(S) :- grade(S, G).", "count(S)."]);
        assert_eq!(split_statements("grade(S, G) % no dot"), ["grade(S, G) % no dot"]);
        assert_eq!(split_statements("grade(S, G). % trailing comment"), ["grade(S, G)."]);
    }

    #[test]
    fn splits_files_into_commented_queries() {
        let text = "% D-grade subjects\n% D级主体\ngrade(S, \"D\").\n\n% counts\ngrade(S, G),\n  subject(S, _, C).\ncount by G.\n";
        let parts = split_queries(text);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].0, "D-grade subjects\nD级主体");
        assert_eq!(parts[1].1, "grade(S, G),\n  subject(S, _, C).\ncount by G.");
        // A line that begins with an atom is a new statement, even when the relation's
        // name begins with (or is) an aggregate word.
        let rules = "grade(S, G).\nmax_fine(S) :-\n  grade(S, \"D\").\ncount(S) :- grade(S, \"C\").\n";
        let parts: Vec<String> = split_queries(rules).into_iter().map(|(_, s)| s).collect();
        assert_eq!(parts, ["grade(S, G).", "max_fine(S) :-\n  grade(S, \"D\").", "count(S) :- grade(S, \"C\")."]);
    }
}
