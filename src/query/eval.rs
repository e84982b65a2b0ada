//! (query, database) → answer. Checks a body against the relations (names,
//! arities, types, safe negation), orders the atoms so that each binds as
//! many arguments as possible, and joins through the tables' sorted indexes
//! (`compile`, `Plan::run`). A query then aggregates, sorts and limits the
//! rows (`answer`); a rule (`program`) projects them onto its head.

pub use super::answer::{Answer, Cell};
use super::db::{ColType, Database, RELATIONS, Table, UserRel, Value, ValueKind, relation};
pub use super::func::{FUNCS, Func, FuncDef};
use super::parse::{Atom, CmpOp, Literal, Query, Span, Term};
use crate::facts::Day;
use crate::facts::load::closest;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// A query error, pointing at the part of the query it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueryError {
    pub message: String,
    pub span: Span,
    pub hint: Option<String>,
}

impl From<super::parse::ParseError> for QueryError {
    fn from(e: super::parse::ParseError) -> Self {
        QueryError { message: e.message, span: e.span, hint: e.hint }
    }
}

fn error(message: impl Into<String>, span: Span) -> QueryError {
    QueryError { message: message.into(), span, hint: None }
}

/// What an atom's relation is: built in, defined by rules, or a function.
#[derive(Clone)]
pub enum Rel {
    Builtin(usize),
    User(Rc<UserRel>),
    Func(Func),
}

impl Rel {
    pub fn name(&self) -> &str {
        match self {
            Rel::Builtin(r) => RELATIONS[*r].name,
            Rel::User(u) => &u.name,
            Rel::Func(f) => FUNCS.iter().find(|x| x.1 == *f).map_or("", |x| x.0),
        }
    }

    pub fn columns(&self) -> Vec<(&str, ColType)> {
        match self {
            Rel::Builtin(r) => RELATIONS[*r].columns.to_vec(),
            Rel::User(u) => u.columns.iter().map(|(n, t)| (n.as_str(), *t)).collect(),
            Rel::Func(f) => FUNCS.iter().find(|x| x.1 == *f).map_or(Vec::new(), |x| x.2.to_vec()),
        }
    }
}

/// The relations defined by rules that a body may name, and (for semi-naive
/// evaluation) the one body literal that reads a relation's new rows only.
pub struct Scope<'s> {
    pub user: &'s HashMap<String, Rc<UserRel>>,
    pub delta: Option<(usize, Rc<Table>)>,
}

/// A compiled argument: a constant, a variable slot, or nothing to check.
#[derive(Copy, Clone, Debug)]
enum Arg {
    Const(Value),
    Var(usize),
    Any,
}

struct CompiledAtom {
    table: Rc<Table>,
    args: Vec<Arg>,
}

enum Check {
    Not(CompiledAtom),
    Compare(Arg, CmpOp, Arg),
    Func(Func, [Arg; 3]),
}

/// Variable facts gathered while compiling.
pub(super) struct VarInfo {
    pub(super) name: String,
    pub(super) kind: Option<(ValueKind, ColType, String)>,
}

pub fn run(db: &Database, text: &str) -> Result<Answer, QueryError> {
    let query = super::parse::parse(text)?;
    execute(db, &query)
}

/// What one statement did: a query's answer, or the relations a rule defines.
pub enum Outcome {
    Answer(Answer),
    /// (relation, its columns, its rows now) for the rule's head.
    Defined(Vec<(String, Vec<String>, usize)>),
}

/// Answers the statements of `text` in order, stopping at the first error
/// (with the statement it is in). Consecutive rules are added together, so
/// that they may refer to each other in any order.
pub fn statements(db: &Database, text: &str) -> Result<Vec<Outcome>, (String, QueryError)> {
    use super::parse::{Statement, parse_statement, split_statements};
    use super::program::Source;
    let mut out = Vec::new();
    let mut pending: Vec<Source> = Vec::new();
    let flush = |pending: &mut Vec<Source>, out: &mut Vec<Outcome>| -> Result<(), (String, QueryError)> {
        if pending.is_empty() {
            return Ok(());
        }
        let names = db.add_rules(std::mem::take(pending)).map_err(|mut e| {
            if e.error.message.starts_with("unknown relation") {
                e.error.hint = Some(format!(
                    "{}; rules that use each other are given together, in one input or file",
                    e.error.hint.unwrap_or_default()
                ));
            }
            (e.text, e.error)
        })?;
        let user = db.user_relations().map_err(|e| (String::new(), e))?;
        out.push(Outcome::Defined(
            names
                .iter()
                .filter_map(|n| user.get(n))
                .map(|u| (u.name.clone(), u.columns.iter().map(|c| c.0.clone()).collect(), u.table.len()))
                .collect(),
        ));
        Ok(())
    };
    for piece in split_statements(text) {
        match parse_statement(&piece).map_err(|e| (piece.clone(), e.into()))? {
            Statement::Rule(rule) => pending.push(Source { rule, text: piece }),
            Statement::Query(query) => {
                flush(&mut pending, &mut out)?;
                out.push(Outcome::Answer(execute(db, &query).map_err(|e| (piece, e))?));
            }
        }
    }
    flush(&mut pending, &mut out)?;
    Ok(out)
}

pub fn execute(db: &Database, query: &Query) -> Result<Answer, QueryError> {
    let user = db.user_relations()?;
    let scope = Scope { user: &user, delta: None };
    let plan = compile(db, &scope, &query.body)?;
    let found = plan.run(db);
    super::answer::finish(db, query, &plan, found)
}

/// A compiled body: its variables, atoms in join order and checks placed at
/// the first step where their variables are known.
pub struct Plan {
    pub(super) vars: Vec<VarInfo>,
    positives: Vec<CompiledAtom>,
    checks: Vec<(Check, Vec<usize>)>,
    order: Vec<usize>,
    at_step: Vec<Vec<usize>>,
    /// The variables a result row holds: every named one (not starting with `_`).
    pub(super) keys: Vec<usize>,
}

impl Plan {
    /// The slot of a variable of the body.
    pub fn var(&self, name: &str) -> Option<usize> {
        self.vars.iter().position(|v| v.name == name)
    }

    /// The column type a variable takes from the body.
    pub fn var_type(&self, name: &str) -> Option<ColType> {
        self.vars.iter().find(|v| v.name == name).and_then(|v| v.kind.as_ref().map(|k| k.1))
    }

    /// Result rows hold these variables, in this order (instead of every named one).
    pub fn set_keys(&mut self, keys: Vec<usize>) {
        self.keys = keys;
    }

    /// Every distinct binding of the keys.
    pub fn run(&self, db: &Database) -> HashSet<Vec<Value>> {
        let pool = db.pool();
        let mut state = Exec {
            positives: &self.positives,
            order: &self.order,
            checks: &self.checks,
            at_step: &self.at_step,
            pool: &pool,
            bindings: vec![None; self.vars.len()],
            found: HashSet::new(),
            keys: &self.keys,
        };
        state.step(0);
        state.found
    }
}

/// Resolves, types and orders a body.
pub fn compile(db: &Database, scope: &Scope, body: &[Literal]) -> Result<Plan, QueryError> {
    let mut vars: Vec<VarInfo> = Vec::new();
    let slot = |name: &str, _span: Span, vars: &mut Vec<VarInfo>| -> usize {
        match vars.iter().position(|v| v.name == name) {
            Some(i) => i,
            None => {
                vars.push(VarInfo { name: name.to_string(), kind: None });
                vars.len() - 1
            }
        }
    };
    // Resolve relations and learn variable types from positive atoms first.
    let mut resolved: Vec<(usize, Rel, &Literal)> = Vec::new();
    for (i, literal) in body.iter().enumerate() {
        if let Literal::Atom(atom) | Literal::Not(atom) = literal {
            let r = resolve(scope, atom)?;
            if matches!(r, Rel::Func(_)) && matches!(literal, Literal::Not(_)) {
                return Err(QueryError {
                    message: format!("`{}` is a built-in function and cannot be negated", atom.relation),
                    span: atom.span,
                    hint: Some("compare its result instead: days_between(A, B, N), N != 0".into()),
                });
            }
            resolved.push((i, r, literal));
        }
    }
    for (_, r, literal) in &resolved {
        if let Literal::Atom(atom) = literal {
            let columns = r.columns();
            for (i, term) in atom.args.iter().enumerate() {
                if let Term::Var(name, span) = term {
                    let s = slot(name, *span, &mut vars);
                    let (col, ty) = columns[i];
                    let here = (ty.value_kind(), ty, format!("{}/{} column {col}", r.name(), columns.len()));
                    match &vars[s].kind {
                        None => vars[s].kind = Some(here),
                        Some((kind, _, first)) if *kind != here.0 => {
                            return Err(QueryError {
                                message: format!(
                                    "variable {name} is {} in {first} but {} in {}",
                                    kind_name(*kind),
                                    kind_name(here.0),
                                    here.2
                                ),
                                span: *span,
                                hint: Some("a variable must hold the same kind of value everywhere it appears".into()),
                            });
                        }
                        Some(_) => {}
                    }
                }
            }
        }
    }
    // Variables of positive atoms are bound; a function's result is bound once its inputs are.
    let is_func = |r: &Rel| matches!(r, Rel::Func(_));
    let mut bound: HashSet<usize> = HashSet::new();
    for (_, r, literal) in &resolved {
        if let (Literal::Atom(atom), false) = (literal, is_func(r)) {
            for term in &atom.args {
                if let Term::Var(name, _) = term {
                    bound.extend(vars.iter().position(|v| &v.name == name));
                }
            }
        }
    }
    let mut comparisons: Vec<(&Term, CmpOp, &Term)> = Vec::new();
    for literal in body {
        if let Literal::Compare(l, op, r) = literal {
            comparisons.push((l, *op, r));
        }
    }
    loop {
        let mut changed = false;
        for (l, op, r) in &comparisons {
            if *op != CmpOp::Eq {
                continue;
            }
            for (a, b) in [(l, r), (r, l)] {
                if let Term::Var(name, span) = a {
                    let known_b = match b {
                        Term::Var(n, _) => vars.iter().position(|v| &v.name == n).is_some_and(|i| bound.contains(&i)),
                        Term::Wildcard(_) => false,
                        _ => true,
                    };
                    let s = slot(name, *span, &mut vars);
                    if known_b && !bound.contains(&s) {
                        bound.insert(s);
                        changed = true;
                    }
                }
            }
        }
        for (_, r, literal) in &resolved {
            if let (Literal::Atom(atom), true) = (literal, is_func(r)) {
                let known = |t: &Term| match t {
                    Term::Var(n, _) => vars.iter().position(|v| &v.name == n).is_some_and(|i| bound.contains(&i)),
                    Term::Wildcard(_) => false,
                    _ => true,
                };
                if known(&atom.args[0]) && known(&atom.args[1]) {
                    if let Term::Var(name, _) = &atom.args[2] {
                        let s = vars.iter().position(|v| &v.name == name).expect("typed above");
                        changed |= bound.insert(s);
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    for (_, r, literal) in &resolved {
        if let (Literal::Atom(atom), true) = (literal, is_func(r)) {
            for term in &atom.args[..2] {
                match term {
                    Term::Var(name, span)
                        if !vars.iter().position(|v| &v.name == name).is_some_and(|i| bound.contains(&i)) =>
                    {
                        return Err(QueryError {
                            message: format!(
                                "`{}` needs {name} bound, but nothing else gives it a value",
                                atom.relation
                            ),
                            span: *span,
                            hint: Some(format!("bind {name} in another atom, e.g. inspection(_, S, {name})")),
                        });
                    }
                    Term::Wildcard(span) => {
                        return Err(error(
                            format!("`{}` needs its first two arguments, not `_`", atom.relation),
                            *span,
                        ));
                    }
                    _ => {}
                }
            }
        }
    }
    // Safety: every variable must be bound by a positive atom or an equality.
    let check_safe = |term: &Term, vars: &Vec<VarInfo>, context: &str| -> Result<(), QueryError> {
        if let Term::Var(name, span) = term {
            let i = vars.iter().position(|v| &v.name == name);
            if !i.is_some_and(|i| bound.contains(&i)) {
                return Err(QueryError {
                    message: format!("unsafe query: variable {name} appears only in {context}"),
                    span: *span,
                    hint: Some(format!(
                        "every variable must also appear in a positive atom, e.g. subject({name}, _, _), so that its values are known"
                    )),
                });
            }
        }
        Ok(())
    };
    for literal in body {
        match literal {
            Literal::Not(atom) => {
                for t in &atom.args {
                    check_safe(t, &vars, &format!("`not {}(…)`", atom.relation))?;
                }
            }
            Literal::Compare(l, _, r) => {
                check_safe(l, &vars, "a comparison")?;
                check_safe(r, &vars, "a comparison")?;
            }
            Literal::Atom(_) => {}
        }
    }
    // Equalities that bind give their variable the other side's type.
    for (l, op, r) in &comparisons {
        if *op == CmpOp::Eq {
            for (a, b) in [(l, r), (r, l)] {
                if let (Term::Var(na, _), Term::Var(nb, _)) = (a, b) {
                    let ia = vars.iter().position(|v| &v.name == na).expect("slot");
                    let ib = vars.iter().position(|v| &v.name == nb).expect("slot");
                    if vars[ia].kind.is_none() {
                        vars[ia].kind = vars[ib].kind.clone();
                    }
                } else if let Term::Var(na, _) = a {
                    let ia = vars.iter().position(|v| &v.name == na).expect("slot");
                    if vars[ia].kind.is_none() {
                        vars[ia].kind = match b {
                            Term::Int(..) => Some((ValueKind::Int, ColType::Int, "a number".into())),
                            Term::Date(..) => Some((ValueKind::Date, ColType::Date, "a date".into())),
                            _ => Some((ValueKind::Text, ColType::Text, "text".into())),
                        };
                    }
                }
            }
        }
    }

    // Compile atoms (building their tables), negations and comparisons.
    let mut positives: Vec<CompiledAtom> = Vec::new();
    let mut checks: Vec<(Check, Vec<usize>)> = Vec::new();
    for (i, r, literal) in &resolved {
        let atom = match literal {
            Literal::Atom(a) | Literal::Not(a) => a,
            Literal::Compare(..) => unreachable!("only atoms are resolved"),
        };
        if let Rel::Func(f) = r {
            let args = compile_args(db, r, atom, &vars)?;
            let needs = args[..2].iter().filter_map(|a| if let Arg::Var(v) = a { Some(*v) } else { None }).collect();
            checks.push((Check::Func(*f, [args[0], args[1], args[2]]), needs));
            continue;
        }
        let table = match (&scope.delta, r) {
            (Some((at, delta)), _) if at == i => delta.clone(),
            (_, Rel::Builtin(b)) => db.table(*b),
            (_, Rel::User(u)) => u.table.clone(),
            (_, Rel::Func(_)) => unreachable!("functions are checks"),
        };
        let compiled = CompiledAtom { table, args: compile_args(db, r, atom, &vars)? };
        match literal {
            Literal::Atom(_) => positives.push(compiled),
            _ => {
                let needs =
                    compiled.args.iter().filter_map(|a| if let Arg::Var(v) = a { Some(*v) } else { None }).collect();
                checks.push((Check::Not(compiled), needs));
            }
        }
    }
    for (l, op, r) in &comparisons {
        let left = compile_side(db, l, r, &vars)?;
        let right = compile_side(db, r, l, &vars)?;
        let kinds = (side_kind(l, &vars), side_kind(r, &vars));
        if let (Some(a), Some(b)) = kinds {
            if a != b {
                return Err(QueryError {
                    message: format!("cannot compare {} with {}", kind_name(a), kind_name(b)),
                    span: Span { start: l.span().start, end: r.span().end },
                    hint: Some("dates are written 2025-06-30 (no quotes); numbers without quotes".into()),
                });
            }
        }
        let needs = [left, right].iter().filter_map(|a| if let Arg::Var(v) = a { Some(*v) } else { None }).collect();
        checks.push((Check::Compare(left, *op, right), needs));
    }

    let named: Vec<usize> = (0..vars.len()).filter(|&i| !vars[i].name.starts_with('_')).collect();

    // Order the positive atoms: most bound arguments first, then the smaller table.
    let mut order: Vec<usize> = Vec::new();
    let mut known: HashSet<usize> = HashSet::new();
    let mut left: Vec<usize> = (0..positives.len()).collect();
    while !left.is_empty() {
        let score = |i: &usize| {
            let a = &positives[*i];
            let bound_args = a
                .args
                .iter()
                .filter(|x| matches!(x, Arg::Const(_)) || matches!(x, Arg::Var(v) if known.contains(v)))
                .count();
            (std::cmp::Reverse(bound_args), a.table.len())
        };
        let best = *left.iter().min_by_key(|i| score(i)).expect("non-empty");
        left.retain(|&i| i != best);
        for a in &positives[best].args {
            if let Arg::Var(v) = a {
                known.insert(*v);
            }
        }
        order.push(best);
    }
    // Attach each check to the first step after which all its variables are known.
    let mut at_step: Vec<Vec<usize>> = vec![Vec::new(); order.len() + 1];
    {
        let mut known: HashSet<usize> = HashSet::new();
        let mut placed = vec![false; checks.len()];
        // Before any atom: checks on constants only, and functions of constants.
        loop {
            let mut progress = false;
            for (c, (check, needs)) in checks.iter().enumerate() {
                if placed[c] || !needs.iter().all(|v| known.contains(v)) || has_binding_eq(check, &known) {
                    continue;
                }
                if let Check::Func(_, [_, _, Arg::Var(out)]) = check {
                    progress |= known.insert(*out);
                }
                at_step[0].push(c);
                placed[c] = true;
            }
            if !progress {
                break;
            }
        }
        for (step, &a) in order.iter().enumerate() {
            for arg in &positives[a].args {
                if let Arg::Var(v) = arg {
                    known.insert(*v);
                }
            }
            // Binding equalities may make more variables known; repeat until stable.
            loop {
                let mut progress = false;
                for (c, (check, needs)) in checks.iter().enumerate() {
                    if placed[c] {
                        continue;
                    }
                    if needs.iter().all(|v| known.contains(v)) {
                        if let Check::Func(_, [_, _, Arg::Var(out)]) = check {
                            known.insert(*out);
                        }
                        at_step[step + 1].push(c);
                        placed[c] = true;
                        progress = true;
                    } else if let Check::Compare(l, CmpOp::Eq, r) = check {
                        let one_unknown = match (l, r) {
                            (Arg::Var(a), Arg::Var(b)) => known.contains(a) != known.contains(b),
                            (Arg::Var(a), _) | (_, Arg::Var(a)) => !known.contains(a),
                            _ => false,
                        };
                        if one_unknown {
                            for a in [l, r] {
                                if let Arg::Var(v) = a {
                                    known.insert(*v);
                                }
                            }
                            at_step[step + 1].push(c);
                            placed[c] = true;
                            progress = true;
                        }
                    }
                }
                if !progress {
                    break;
                }
            }
        }
        // Checks that only involve equalities with constants (no positive atoms at all).
        for (c, done) in placed.iter().enumerate() {
            if !done {
                at_step[order.len()].push(c);
            }
        }
    }

    Ok(Plan { vars, positives, checks, order, at_step, keys: named })
}

fn has_binding_eq(check: &Check, known: &HashSet<usize>) -> bool {
    match check {
        Check::Compare(Arg::Var(a), CmpOp::Eq, _) if !known.contains(a) => true,
        Check::Compare(_, CmpOp::Eq, Arg::Var(b)) if !known.contains(b) => true,
        _ => false,
    }
}

pub(super) fn kind_name(kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::Text => "text",
        ValueKind::Int => "a number",
        ValueKind::Date => "a date",
    }
}

fn side_kind(term: &Term, vars: &[VarInfo]) -> Option<ValueKind> {
    match term {
        Term::Var(name, _) => vars.iter().find(|v| &v.name == name).and_then(|v| v.kind.as_ref().map(|k| k.0)),
        Term::Int(..) => Some(ValueKind::Int),
        Term::Date(..) => Some(ValueKind::Date),
        Term::Str(..) => None, // text, or a date/code spelled as text: converted against the other side
        Term::Wildcard(_) => None,
    }
}

/// The relation an atom names: built in, defined by rules (in `scope`) or a function.
pub fn resolve(scope: &Scope, atom: &Atom) -> Result<Rel, QueryError> {
    let rel = if let Some((r, _)) = relation(&atom.relation) {
        Rel::Builtin(r)
    } else if let Some(u) = scope.user.get(&atom.relation) {
        Rel::User(u.clone())
    } else if let Some(f) = FUNCS.iter().find(|f| f.0 == atom.relation) {
        Rel::Func(f.1)
    } else {
        let mut names: Vec<&str> = RELATIONS.iter().map(|r| r.name).collect();
        names.extend(scope.user.keys().map(String::as_str));
        names.extend(FUNCS.iter().map(|f| f.0));
        return Err(QueryError {
            message: format!("unknown relation `{}`", atom.relation),
            span: atom.relation_span,
            hint: Some(match closest(&atom.relation, &names) {
                Some(close) => format!("did you mean `{close}`? (`:relations` lists them all)"),
                None => "`:relations` lists every relation with its columns".into(),
            }),
        });
    };
    let columns = rel.columns();
    if atom.args.len() != columns.len() {
        let names: Vec<&str> = columns.iter().map(|c| c.0).collect();
        return Err(QueryError {
            message: format!("`{}` has {} column(s), not {}", rel.name(), columns.len(), atom.args.len()),
            span: atom.span,
            hint: Some(format!("{}({})", rel.name(), names.join(", "))),
        });
    }
    Ok(rel)
}

/// A constant for a column of type `ty`, or an error saying what fits.
pub fn constant(db: &Database, term: &Term, ty: ColType, column: &str) -> Result<Value, QueryError> {
    let span = term.span();
    match (term, ty) {
        (Term::Str(s, _), ColType::Code(kind)) => match kind.normalize(s) {
            Some(code) => Ok(db.text_value(code)),
            None => Err(QueryError {
                message: format!("\"{s}\" is not a value of {column}"),
                span,
                hint: Some(format!("one of: {}", kind.codes().join(", "))),
            }),
        },
        (Term::Str(s, _), ColType::Id | ColType::Text) => Ok(db.text_value(s)),
        (Term::Str(s, _), ColType::Date) => match Day::parse_iso(s) {
            Some(d) => Ok(Value::date(d)),
            None if s.is_empty() => Ok(Value::text(crate::facts::Sym::EMPTY)),
            None => Err(QueryError {
                message: format!("{column} holds dates, not \"{s}\""),
                span,
                hint: Some("write dates as 2025-06-30".into()),
            }),
        },
        (Term::Str(s, _), ColType::Int) => Err(QueryError {
            message: format!("{column} holds numbers, not \"{s}\""),
            span,
            hint: Some("write numbers without quotes".into()),
        }),
        (Term::Int(n, _), ColType::Int) => Ok(Value::int(*n)),
        (Term::Date(d, _), ColType::Date) => Ok(Value::date(*d)),
        (Term::Int(n, _), ColType::Code(kind)) if kind.normalize(&n.to_string()).is_some() => {
            Ok(db.text_value(kind.normalize(&n.to_string()).expect("checked")))
        }
        (Term::Int(n, _), ColType::Id | ColType::Text) => Ok(db.text_value(&n.to_string())),
        (Term::Date(d, _), _) => Err(QueryError {
            message: format!("{column} holds {}, not a date", ty.describe()),
            span,
            hint: Some(format!("to match text, quote it: \"{d}\"")),
        }),
        (Term::Int(n, _), _) => Err(QueryError {
            message: format!("{column} holds {}, not the number {n}", ty.describe()),
            span,
            hint: None,
        }),
        (Term::Var(..) | Term::Wildcard(_), _) => unreachable!("only constants"),
    }
}

fn compile_args(db: &Database, rel: &Rel, atom: &Atom, vars: &[VarInfo]) -> Result<Vec<Arg>, QueryError> {
    let columns = rel.columns();
    let mut args = Vec::new();
    for (i, term) in atom.args.iter().enumerate() {
        let (col, ty) = columns[i];
        args.push(match term {
            Term::Var(name, _) => {
                Arg::Var(vars.iter().position(|v| &v.name == name).expect("every variable has a slot"))
            }
            Term::Wildcard(_) => Arg::Any,
            _ => Arg::Const(constant(db, term, ty, &format!("{}.{col}", rel.name()))?),
        });
    }
    Ok(args)
}

/// One side of a comparison; a text constant takes the other side's type.
fn compile_side(db: &Database, term: &Term, other: &Term, vars: &[VarInfo]) -> Result<Arg, QueryError> {
    Ok(match term {
        Term::Var(name, _) => Arg::Var(vars.iter().position(|v| &v.name == name).expect("slot")),
        Term::Wildcard(span) => return Err(error("`_` cannot be compared", *span)),
        _ => {
            let ty = match other {
                Term::Var(name, _) => vars.iter().find(|v| &v.name == name).and_then(|v| v.kind.as_ref().map(|k| k.1)),
                _ => None,
            };
            match ty {
                Some(ty) => {
                    let Term::Var(name, _) = other else { unreachable!("ty comes from a variable") };
                    Arg::Const(constant(db, term, ty, name)?)
                }
                None => Arg::Const(match term {
                    Term::Int(n, _) => Value::int(*n),
                    Term::Date(d, _) => Value::date(*d),
                    Term::Str(s, _) => db.text_value(s),
                    _ => unreachable!("constants only"),
                }),
            }
        }
    })
}

struct Exec<'a> {
    positives: &'a [CompiledAtom],
    order: &'a [usize],
    checks: &'a [(Check, Vec<usize>)],
    at_step: &'a [Vec<usize>],
    pool: &'a crate::facts::Interner,
    bindings: Vec<Option<Value>>,
    found: HashSet<Vec<Value>>,
    keys: &'a [usize],
}

impl Exec<'_> {
    fn value(&self, arg: Arg) -> Option<Value> {
        match arg {
            Arg::Const(v) => Some(v),
            Arg::Var(i) => self.bindings[i],
            Arg::Any => None,
        }
    }

    fn compare(&self, a: Value, op: CmpOp, b: Value) -> bool {
        let ordering = match (a.kind(), b.kind()) {
            (ValueKind::Int, ValueKind::Int) => a.as_int().cmp(&b.as_int()),
            (ValueKind::Date, ValueKind::Date) => a.as_date().cmp(&b.as_date()),
            (ValueKind::Text, ValueKind::Text) => {
                if a == b {
                    Ordering::Equal
                } else {
                    self.pool.resolve(a.as_sym()).cmp(self.pool.resolve(b.as_sym()))
                }
            }
            // Different kinds (an empty date cell against a date): only `!=` holds.
            _ => return op == CmpOp::Ne,
        };
        match op {
            CmpOp::Eq => ordering == Ordering::Equal,
            CmpOp::Ne => ordering != Ordering::Equal,
            CmpOp::Lt => ordering == Ordering::Less,
            CmpOp::Le => ordering != Ordering::Greater,
            CmpOp::Gt => ordering == Ordering::Greater,
            CmpOp::Ge => ordering != Ordering::Less,
        }
    }

    fn matches(&self, atom: &CompiledAtom) -> bool {
        let bound: Vec<(usize, Value)> =
            atom.args.iter().enumerate().filter_map(|(c, a)| self.value(*a).map(|v| (c, v))).collect();
        match bound.first() {
            None => !atom.table.is_empty(),
            Some(&(col, value)) => {
                atom.table.lookup(col, value).into_iter().any(|r| bound.iter().all(|&(c, v)| atom.table.row(r)[c] == v))
            }
        }
    }

    /// Runs the checks attached to `step`; binding equalities record the
    /// variables they bind in `bound_here`, for the caller to unbind.
    fn checks_pass(&mut self, step: usize, bound_here: &mut Vec<usize>) -> bool {
        for &c in &self.at_step[step] {
            let ok = match &self.checks[c].0 {
                Check::Not(atom) => !self.matches(atom),
                Check::Func(f, [a, b, out]) => {
                    let computed = match (self.value(*a), self.value(*b)) {
                        (Some(a), Some(b)) => f.apply(a, b),
                        _ => None,
                    };
                    match (computed, self.value(*out), out) {
                        (None, _, _) => false,
                        (Some(v), Some(known), _) => v == known,
                        (Some(v), None, Arg::Var(i)) => {
                            self.bindings[*i] = Some(v);
                            bound_here.push(*i);
                            true
                        }
                        (Some(_), None, _) => true,
                    }
                }
                Check::Compare(l, op, r) => match (self.value(*l), self.value(*r)) {
                    (Some(a), Some(b)) => self.compare(a, *op, b),
                    (None, Some(v)) | (Some(v), None) if *op == CmpOp::Eq => {
                        let var = [l, r].into_iter().find_map(|a| match a {
                            Arg::Var(i) if self.bindings[*i].is_none() => Some(*i),
                            _ => None,
                        });
                        match var {
                            Some(i) => {
                                self.bindings[i] = Some(v);
                                bound_here.push(i);
                                true
                            }
                            None => false,
                        }
                    }
                    _ => false,
                },
            };
            if !ok {
                return false;
            }
        }
        true
    }

    fn step(&mut self, depth: usize) {
        let mut bound_here = Vec::new();
        if self.checks_pass(depth, &mut bound_here) {
            self.descend(depth);
        }
        for i in bound_here {
            self.bindings[i] = None;
        }
    }

    fn descend(&mut self, depth: usize) {
        if depth == self.order.len() {
            let row: Vec<Value> =
                self.keys.iter().map(|&i| self.bindings[i].expect("safe queries bind every variable")).collect();
            self.found.insert(row);
            return;
        }
        let atom = &self.positives[self.order[depth]];
        let bound: Vec<(usize, Value)> =
            atom.args.iter().enumerate().filter_map(|(c, a)| self.value(*a).map(|v| (c, v))).collect();
        // Variables this atom binds (a variable repeated in the atom binds once, then must agree).
        let free: Vec<(usize, usize)> = atom
            .args
            .iter()
            .enumerate()
            .filter_map(|(c, a)| match a {
                Arg::Var(i) if self.bindings[*i].is_none() => Some((c, *i)),
                _ => None,
            })
            .collect();
        let table = atom.table.clone();
        // Look up by a column bound to a variable (a join key, usually an id) if
        // there is one, else by the rarest constant.
        let by_variable = atom.args.iter().enumerate().find_map(|(c, a)| match a {
            Arg::Var(i) if !free.iter().any(|&(_, f)| f == *i) => self.bindings[*i].map(|v| (c, v)),
            _ => None,
        });
        let candidates: Vec<usize> =
            match by_variable.or_else(|| bound.iter().copied().min_by_key(|(c, v)| table.count(*c, *v))) {
                Some((col, value)) => table.lookup(col, value),
                None => (0..table.len()).collect(),
            };
        for r in candidates {
            let row = table.row(r);
            if !bound.iter().all(|&(c, v)| row[c] == v) {
                continue;
            }
            let mut consistent = true;
            for &(c, i) in &free {
                match self.bindings[i] {
                    None => self.bindings[i] = Some(row[c]),
                    Some(v) if v != row[c] => {
                        consistent = false;
                        break;
                    }
                    Some(_) => {}
                }
            }
            if consistent {
                self.step(depth + 1);
            }
            for &(_, i) in &free {
                self.bindings[i] = None;
            }
        }
    }
}
