//! Query text → [`Query`]: a conjunction of atoms, comparisons and negated
//! atoms, like a Datalog rule body, optionally followed by `count` or
//! `count by X, Y`. Every error carries the byte span it points at.

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
    /// `None`: list the rows. `Some(vars)`: count them, grouped by `vars` (empty = one total).
    pub count_by: Option<Vec<(String, Span)>>,
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

    fn count_clause(&mut self) -> Result<Vec<(String, Span)>, ParseError> {
        let mut vars = Vec::new();
        if matches!(self.peek(), Some(Tok::Ident(w)) if w == "by") {
            self.pos += 1;
            loop {
                match self.bump() {
                    Some((Tok::Var(v), span)) => vars.push((v, span)),
                    _ => {
                        self.pos -= 1;
                        return Err(self.unexpected("a variable to group by"));
                    }
                }
                if self.peek() == Some(&Tok::Comma) {
                    self.pos += 1;
                } else {
                    break;
                }
            }
        }
        if self.peek() == Some(&Tok::Dot) {
            self.pos += 1;
        }
        Ok(vars)
    }
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}

/// Parses one query. The final `.` is optional; `count` or `count by X, Y`
/// may follow the body, before or after its `.`.
pub fn parse(text: &str) -> Result<Query, ParseError> {
    let toks = lex(text)?;
    let mut p = Parser { toks, pos: 0, end: text.len() };
    if p.peek().is_none() {
        return Err(p.unexpected("a query such as grade(S, \"D\")"));
    }
    let mut body = Vec::new();
    let mut count_by = None;
    loop {
        body.push(p.literal()?);
        match p.peek() {
            Some(Tok::Comma) => {
                p.pos += 1;
                if matches!(p.peek(), Some(Tok::Ident(w)) if w == "count") {
                    p.pos += 1;
                    count_by = Some(p.count_clause()?);
                    break;
                }
            }
            Some(Tok::Dot) => {
                p.pos += 1;
                if matches!(p.peek(), Some(Tok::Ident(w)) if w == "count") {
                    p.pos += 1;
                    count_by = Some(p.count_clause()?);
                }
                break;
            }
            Some(Tok::Ident(w)) if w == "count" => {
                p.pos += 1;
                count_by = Some(p.count_clause()?);
                break;
            }
            None => break,
            _ => return Err(p.unexpected("`,` between literals or `.` at the end")),
        }
    }
    if p.peek().is_some() {
        return Err(p.unexpected("the end of the query (one query at a time; a query ends at `.`)"));
    }
    Ok(Query { body, count_by })
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
            // A `count` clause may follow on the next line.
            if let Some(next) = lines[i..].iter().position(|l| !l.trim().is_empty()) {
                if lines[i + next].trim_start().starts_with("count") {
                    current.push_str(lines[i + next]);
                    current.push('\n');
                    i += next + 1;
                }
            }
            out.push((comment.join("\n"), current.trim().to_string()));
            comment.clear();
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        out.push((comment.join("\n"), current.trim().to_string()));
    }
    out
}

/// True when the text ends a query: its last token is `.` (outside strings
/// and comments), or a `count` clause follows the `.`.
pub fn is_complete(text: &str) -> bool {
    match lex(text) {
        Ok(toks) => match toks.last() {
            Some((Tok::Dot, _)) => true,
            Some(_) => {
                // `… . count by X, Y` typed without a final dot.
                let dot = toks.iter().rposition(|(t, _)| *t == Tok::Dot);
                dot.is_some_and(|d| matches!(toks.get(d + 1), Some((Tok::Ident(w), _)) if w == "count"))
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
        assert!(q.count_by.is_none());
        let q = parse("?- grade(S, G), subject(S, _, C). count by C, G").unwrap();
        assert_eq!(q.count_by.unwrap().iter().map(|(v, _)| v.as_str()).collect::<Vec<_>>(), ["C", "G"]);
        let q = parse("grade(S, G), count.").unwrap();
        assert_eq!(q.count_by, Some(vec![]));
        let q = parse("overdue(S, D), D >= 30, not high_risk(S), next_due(S, X), X < 2026-01-01").unwrap();
        assert!(matches!(q.body[2], Literal::Not(_)));
        assert!(matches!(q.body[4], Literal::Compare(_, CmpOp::Lt, Term::Date(..))));
        let q = parse("subject(S, N, \"煤矿\"), !grade(S, \"A\") % a comment\n.").unwrap();
        assert!(
            matches!(&q.body[0], Literal::Atom(a) if a.args[2] == Term::Str("煤矿".into(), Span { start: 14, end: 22 }))
        );
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
        assert!(is_complete("grade(S, \"a.b\")."));
        assert!(!is_complete("grade(S, \"a.b\")"));
        assert!(!is_complete("grade(S, G) % ends with a dot."));
    }

    #[test]
    fn splits_files_into_commented_queries() {
        let text = "% D-grade subjects\n% D级主体\ngrade(S, \"D\").\n\n% counts\ngrade(S, G),\n  subject(S, _, C).\ncount by G.\n";
        let parts = split_queries(text);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].0, "D-grade subjects\nD级主体");
        assert_eq!(parts[1].1, "grade(S, G),\n  subject(S, _, C).\ncount by G.");
    }
}
