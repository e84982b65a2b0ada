//! (query, database) → answer. Checks the query against the relations
//! (names, arities, types, safe negation), orders the atoms so that each
//! binds as many arguments as possible, and joins through the tables'
//! sorted indexes.

use super::db::{ColType, Database, RELATIONS, Table, Value, ValueKind, relation};
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

/// One cell of an answer.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(untagged)]
pub enum Cell {
    Int(i64),
    Date(Day),
    Text(String),
}

impl std::fmt::Display for Cell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cell::Int(n) => write!(f, "{n}"),
            Cell::Date(d) => write!(f, "{d}"),
            Cell::Text(s) => f.write_str(s),
        }
    }
}

/// The rows of a query: one column per named variable (or the group
/// variables and `count`), sorted, without duplicates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
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
}

/// Variable facts gathered while compiling.
struct VarInfo {
    name: String,
    kind: Option<(ValueKind, ColType, String)>,
}

pub fn run(db: &Database, text: &str) -> Result<Answer, QueryError> {
    let query = super::parse::parse(text)?;
    execute(db, &query)
}

pub fn execute(db: &Database, query: &Query) -> Result<Answer, QueryError> {
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
    let mut resolved: Vec<(usize, &Literal)> = Vec::new();
    for literal in &query.body {
        if let Literal::Atom(atom) | Literal::Not(atom) = literal {
            let r = resolve(atom)?;
            resolved.push((r, literal));
        }
    }
    for (r, literal) in &resolved {
        if let Literal::Atom(atom) = literal {
            let def = &RELATIONS[*r];
            for (i, term) in atom.args.iter().enumerate() {
                if let Term::Var(name, span) = term {
                    let s = slot(name, *span, &mut vars);
                    let (col, ty) = def.columns[i];
                    let here = (ty.value_kind(), ty, format!("{}/{} column {col}", def.name, def.columns.len()));
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
    let positive_vars: HashSet<usize> = (0..vars.len()).collect();
    // Variables bound by `X = constant` or `X = Y` (Y bound) count as bound too.
    let mut bound: HashSet<usize> = positive_vars.clone();
    let mut comparisons: Vec<(&Term, CmpOp, &Term)> = Vec::new();
    for literal in &query.body {
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
        if !changed {
            break;
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
    for literal in &query.body {
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
    for (r, literal) in &resolved {
        let atom = match literal {
            Literal::Atom(a) | Literal::Not(a) => a,
            Literal::Compare(..) => unreachable!("only atoms are resolved"),
        };
        let compiled = compile_atom(db, *r, atom, &vars)?;
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

    let outputs: Vec<usize> = match &query.count_by {
        None => (0..vars.len()).filter(|&i| !vars[i].name.starts_with('_')).collect(),
        Some(group) => {
            let mut out = Vec::new();
            for (name, span) in group {
                match vars.iter().position(|v| &v.name == name) {
                    Some(i) => out.push(i),
                    None => {
                        let known: Vec<&str> = vars.iter().map(|v| v.name.as_str()).collect();
                        return Err(QueryError {
                            message: format!("`count by {name}`: {name} does not appear in the query"),
                            span: *span,
                            hint: closest(name, &known).map(|c| format!("did you mean {c}?")),
                        });
                    }
                }
            }
            out
        }
    };
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
        for (c, (_, needs)) in checks.iter().enumerate() {
            if needs.iter().all(|v| known.contains(v)) && !has_binding_eq(&checks[c].0, &known) {
                at_step[0].push(c);
                placed[c] = true;
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

    let pool = db.pool();
    let mut state = Exec {
        positives: &positives,
        order: &order,
        checks: &checks,
        at_step: &at_step,
        pool: &pool,
        bindings: vec![None; vars.len()],
        found: HashSet::new(),
        keys: &named,
    };
    state.step(0);
    let found = state.found;
    drop(pool);

    let to_cell = |v: Value| -> Cell {
        match v.kind() {
            ValueKind::Int => Cell::Int(v.as_int()),
            ValueKind::Date => Cell::Date(v.as_date()),
            ValueKind::Text => Cell::Text(db.pool().resolve(v.as_sym()).to_string()),
        }
    };
    let position = |var: usize| named.iter().position(|&n| n == var).expect("outputs are named");
    let (columns, rows) = match &query.count_by {
        None => {
            let columns = outputs.iter().map(|&i| vars[i].name.clone()).collect();
            let mut rows: Vec<Vec<Cell>> =
                found.into_iter().map(|row| row.into_iter().map(to_cell).collect()).collect();
            rows.sort();
            rows.dedup();
            (columns, rows)
        }
        Some(_) => {
            let mut groups: HashMap<Vec<Value>, usize> = HashMap::new();
            for row in &found {
                *groups.entry(outputs.iter().map(|&v| row[position(v)]).collect()).or_default() += 1;
            }
            if outputs.is_empty() && groups.is_empty() {
                groups.insert(Vec::new(), 0);
            }
            let mut columns: Vec<String> = outputs.iter().map(|&i| vars[i].name.clone()).collect();
            columns.push("count".to_string());
            let mut rows: Vec<Vec<Cell>> = groups
                .into_iter()
                .map(|(key, n)| key.into_iter().map(to_cell).chain([Cell::Int(n as i64)]).collect())
                .collect();
            rows.sort();
            (columns, rows)
        }
    };
    Ok(Answer { columns, rows })
}

fn has_binding_eq(check: &Check, known: &HashSet<usize>) -> bool {
    match check {
        Check::Compare(Arg::Var(a), CmpOp::Eq, _) if !known.contains(a) => true,
        Check::Compare(_, CmpOp::Eq, Arg::Var(b)) if !known.contains(b) => true,
        _ => false,
    }
}

fn kind_name(kind: ValueKind) -> &'static str {
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

fn resolve(atom: &Atom) -> Result<usize, QueryError> {
    let Some((r, def)) = relation(&atom.relation) else {
        let names: Vec<&str> = RELATIONS.iter().map(|r| r.name).collect();
        return Err(QueryError {
            message: format!("unknown relation `{}`", atom.relation),
            span: atom.relation_span,
            hint: Some(match closest(&atom.relation, &names) {
                Some(close) => format!("did you mean `{close}`? (`:relations` lists them all)"),
                None => "`:relations` lists every relation with its columns".into(),
            }),
        });
    };
    if atom.args.len() != def.columns.len() {
        let columns: Vec<&str> = def.columns.iter().map(|c| c.0).collect();
        return Err(QueryError {
            message: format!("`{}` has {} column(s), not {}", def.name, def.columns.len(), atom.args.len()),
            span: atom.span,
            hint: Some(format!("{}({})", def.name, columns.join(", "))),
        });
    }
    Ok(r)
}

/// A constant for a column of type `ty`, or an error saying what fits.
fn constant(db: &Database, term: &Term, ty: ColType, column: &str) -> Result<Value, QueryError> {
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

fn compile_atom(db: &Database, r: usize, atom: &Atom, vars: &[VarInfo]) -> Result<CompiledAtom, QueryError> {
    let def = &RELATIONS[r];
    let table = db.table(r);
    let mut args = Vec::new();
    for (i, term) in atom.args.iter().enumerate() {
        let (col, ty) = def.columns[i];
        args.push(match term {
            Term::Var(name, _) => {
                Arg::Var(vars.iter().position(|v| &v.name == name).expect("every variable has a slot"))
            }
            Term::Wildcard(_) => Arg::Any,
            _ => Arg::Const(constant(db, term, ty, &format!("{}.{col}", def.name))?),
        });
    }
    Ok(CompiledAtom { table, args })
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
