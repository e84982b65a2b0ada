//! Rules of one's own (用户规则): `head(X, …) :- body.` Several rules with one
//! head are alternatives; rules may be recursive and may negate relations of
//! lower strata. Evaluation follows Soufflé and datafrog: the rules' relations
//! are split into strongly connected components, evaluated in dependency
//! order; a component that depends on itself is evaluated semi-naively (each
//! round joins only the rows the last round found against everything known)
//! until no new row appears. A body is answered by the query engine
//! (`eval::compile`), so rules and queries have one join implementation.

use super::db::{ColType, Database, Table, UserRel, Value, ValueKind};
use super::eval::{self, FUNCS, QueryError, Scope};
use super::parse::{Literal, Rule, Span, Term};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// A rule and the text it was written in (its spans point into it).
#[derive(Clone, Debug)]
pub struct Source {
    pub rule: Rule,
    pub text: String,
}

/// A problem with a rule: what, and the rule's text to point into.
#[derive(Debug)]
pub struct RuleError {
    pub text: String,
    pub error: QueryError,
}

fn fail<T>(source: &Source, message: impl Into<String>, span: Span, hint: Option<String>) -> Result<T, RuleError> {
    Err(RuleError { text: source.text.clone(), error: QueryError { message: message.into(), span, hint } })
}

/// Does `rule`'s body name `relation`?
pub fn uses(rule: &Rule, relation: &str) -> bool {
    rule.body.iter().any(|l| matches!(l, Literal::Atom(a) | Literal::Not(a) if a.relation == relation))
}

/// Every relation the rules define, with its rows at the database's as-of date.
pub fn evaluate(db: &Database, rules: &[Source]) -> Result<HashMap<String, Rc<UserRel>>, RuleError> {
    // The relations, in order of first definition, and their arities.
    let mut names: Vec<&str> = Vec::new();
    let mut arity: HashMap<&str, usize> = HashMap::new();
    for source in rules {
        let head = &source.rule.head;
        let name = head.relation.as_str();
        if super::db::relation(name).is_some() || FUNCS.iter().any(|f| f.0 == name) {
            return fail(
                source,
                format!("`{name}` is a built-in relation; a rule may not redefine it"),
                head.relation_span,
                Some(format!("name the new relation otherwise, e.g. my_{name}")),
            );
        }
        for term in &head.args {
            if let Term::Wildcard(span) = term {
                return fail(source, "`_` in a rule's head: every column of the head needs a value", *span, None);
            }
        }
        match arity.get(name) {
            Some(&n) if n != head.args.len() => {
                return fail(
                    source,
                    format!("`{name}` has {n} column(s) in an earlier rule but {} here", head.args.len()),
                    head.span,
                    None,
                );
            }
            Some(_) => {}
            None => {
                arity.insert(name, head.args.len());
                names.push(name);
            }
        }
    }
    let index: HashMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    // Which relations each relation's rules read, negated or not (the negated ones
    // are checked against the components below).
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); names.len()];
    for source in rules {
        let head = index[source.rule.head.relation.as_str()];
        for literal in &source.rule.body {
            if let Literal::Atom(a) | Literal::Not(a) = literal {
                if let Some(&dep) = index.get(a.relation.as_str()) {
                    edges[head].push(dep);
                }
            }
        }
    }
    let components = components(&edges);
    let mut component_of = vec![0; names.len()];
    for (c, members) in components.iter().enumerate() {
        for &m in members {
            component_of[m] = c;
        }
    }
    // Negation must not go round a cycle.
    for source in rules {
        let head = index[source.rule.head.relation.as_str()];
        for literal in &source.rule.body {
            if let Literal::Not(a) = literal {
                if let Some(&dep) = index.get(a.relation.as_str()) {
                    if component_of[dep] == component_of[head] {
                        let cycle: Vec<&str> = components[component_of[head]].iter().map(|&m| names[m]).collect();
                        return fail(
                            source,
                            format!(
                                "the rules are not stratified: `{}` depends on `not {}`, which depends on `{}` (the cycle: {})",
                                names[head],
                                a.relation,
                                names[head],
                                cycle.join(" → ")
                            ),
                            a.span,
                            Some("negation may only use a relation that does not depend on the rule's own head".into()),
                        );
                    }
                }
            }
        }
    }
    let mut done: HashMap<String, Rc<UserRel>> = HashMap::new();
    for members in &components {
        let inside: HashSet<&str> = members.iter().map(|&m| names[m]).collect();
        let of_component: Vec<&Source> =
            rules.iter().filter(|r| inside.contains(r.rule.head.relation.as_str())).collect();
        let columns = column_types(db, &done, &inside, &of_component)?;
        let rows = fixpoint(db, &done, &inside, &of_component, &columns)?;
        for (name, rows) in rows {
            let columns = columns[&name].clone();
            let mut rows: Vec<Vec<Value>> = rows.into_iter().collect();
            rows.sort_unstable();
            let table = Rc::new(Table::from_rows(columns.len(), rows));
            done.insert(name.clone(), Rc::new(UserRel { name, columns, table }));
        }
    }
    Ok(done)
}

/// The strongly connected components of the dependency graph, each after the
/// components it depends on (Tarjan's algorithm emits them in that order).
fn components(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    struct Tarjan<'e> {
        edges: &'e [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    impl Tarjan<'_> {
        fn visit(&mut self, v: usize) {
            self.index[v] = Some(self.next);
            self.low[v] = self.next;
            self.next += 1;
            self.stack.push(v);
            self.on_stack[v] = true;
            for &w in &self.edges[v] {
                match self.index[w] {
                    None => {
                        self.visit(w);
                        self.low[v] = self.low[v].min(self.low[w]);
                    }
                    Some(i) if self.on_stack[w] => self.low[v] = self.low[v].min(i),
                    Some(_) => {}
                }
            }
            if Some(self.low[v]) == self.index[v] {
                let mut component = Vec::new();
                while let Some(w) = self.stack.pop() {
                    self.on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                component.sort_unstable();
                self.out.push(component);
            }
        }
    }
    let n = edges.len();
    let mut t = Tarjan {
        edges,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if t.index[v].is_none() {
            t.visit(v);
        }
    }
    t.out
}

/// The columns of a component's relations: names from the first rule's head,
/// types from the bodies. A relation of the component is typed once a rule for
/// it reads only typed relations; the others wait for a later round.
fn column_types(
    db: &Database,
    done: &HashMap<String, Rc<UserRel>>,
    inside: &HashSet<&str>,
    rules: &[&Source],
) -> Result<HashMap<String, Vec<(String, ColType)>>, RuleError> {
    let mut typed: HashMap<String, Vec<(String, ColType)>> = HashMap::new();
    loop {
        let mut progress = false;
        for source in rules {
            let reads_untyped = source.rule.body.iter().any(|l| {
                matches!(l, Literal::Atom(a) | Literal::Not(a)
                    if inside.contains(a.relation.as_str()) && !typed.contains_key(&a.relation))
            });
            if reads_untyped {
                continue;
            }
            let scope_map = with_placeholders(done, &typed);
            let scope = Scope { user: &scope_map, delta: None };
            let plan = eval::compile(db, &scope, &source.rule.body)
                .map_err(|error| RuleError { text: source.text.clone(), error })?;
            let head = &source.rule.head;
            let mut columns = Vec::new();
            for (i, term) in head.args.iter().enumerate() {
                let ty = match term {
                    Term::Var(name, span) => match plan.var(name) {
                        Some(_) => plan.var_type(name).unwrap_or(ColType::Text),
                        None => {
                            return fail(
                                source,
                                format!("variable {name} of the head does not appear in the body"),
                                *span,
                                Some(format!(
                                    "every head variable must be bound by the body, e.g. subject({name}, _, _)"
                                )),
                            );
                        }
                    },
                    Term::Int(..) => ColType::Int,
                    Term::Date(..) => ColType::Date,
                    _ => ColType::Text,
                };
                let name = match term {
                    Term::Var(name, _) => name.clone(),
                    _ => format!("C{}", i + 1),
                };
                columns.push((name, ty));
            }
            match typed.get_mut(&head.relation) {
                None => {
                    typed.insert(head.relation.clone(), columns);
                    progress = true;
                }
                Some(known) => {
                    for (i, ((name, ty), (_, new_ty))) in known.iter_mut().zip(&columns).enumerate() {
                        if ty.value_kind() != new_ty.value_kind() {
                            return fail(
                                source,
                                format!(
                                    "column {} of `{}` holds {} in an earlier rule but {} here",
                                    i + 1,
                                    head.relation,
                                    kind_name(ty.value_kind()),
                                    kind_name(new_ty.value_kind())
                                ),
                                head.args[i].span(),
                                None,
                            );
                        }
                        // A name from a variable beats a placeholder for a constant.
                        if name.starts_with('C') && name[1..].parse::<usize>().is_ok() {
                            if let Term::Var(v, _) = &head.args[i] {
                                *name = v.clone();
                            }
                        }
                    }
                }
            }
        }
        if !progress {
            break;
        }
    }
    for source in rules {
        if !typed.contains_key(&source.rule.head.relation) {
            return fail(
                source,
                format!(
                    "cannot tell what the columns of `{}` hold: every rule for it reads it (or a relation that reads it) first",
                    source.rule.head.relation
                ),
                source.rule.head.span,
                Some("give it a rule whose body uses only other relations".into()),
            );
        }
    }
    Ok(typed)
}

fn kind_name(kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::Text => "text",
        ValueKind::Int => "numbers",
        ValueKind::Date => "dates",
    }
}

/// The relations done so far, plus empty ones with the columns found so far.
fn with_placeholders(
    done: &HashMap<String, Rc<UserRel>>,
    typed: &HashMap<String, Vec<(String, ColType)>>,
) -> HashMap<String, Rc<UserRel>> {
    let mut all = done.clone();
    for (name, columns) in typed {
        let table = Rc::new(Table::from_rows(columns.len(), Vec::new()));
        all.insert(name.clone(), Rc::new(UserRel { name: name.clone(), columns: columns.clone(), table }));
    }
    all
}

/// The rows of a component's relations: the rules that do not read the
/// component once, then the others semi-naively until nothing is new.
fn fixpoint(
    db: &Database,
    done: &HashMap<String, Rc<UserRel>>,
    inside: &HashSet<&str>,
    rules: &[&Source],
    columns: &HashMap<String, Vec<(String, ColType)>>,
) -> Result<HashMap<String, HashSet<Vec<Value>>>, RuleError> {
    let mut full: HashMap<String, HashSet<Vec<Value>>> =
        inside.iter().map(|n| (n.to_string(), HashSet::new())).collect();
    let reads_inside = |l: &Literal| matches!(l, Literal::Atom(a) if inside.contains(a.relation.as_str()));
    let (recursive, base): (Vec<&Source>, Vec<&Source>) =
        rules.iter().partition(|r| r.rule.body.iter().any(reads_inside));
    // The base rules read only relations done before (negation inside the
    // component is refused as unstratified).
    for source in &base {
        let rows = derive(db, &Scope { user: done, delta: None }, source, &columns[&source.rule.head.relation])?;
        full.get_mut(&source.rule.head.relation).expect("a relation of the component").extend(rows);
    }
    if recursive.is_empty() {
        return Ok(full);
    }
    let mut delta = full.clone();
    // The relations done and the component's as found so far; a relation's table
    // grows by each round's new rows, not built again from all of them.
    let mut scope_map = current(done, &full, columns);
    for round in 1.. {
        if round > MAX_ROUNDS {
            let source = recursive[0];
            let rows: usize = full.values().map(HashSet::len).sum();
            return fail(
                source,
                format!(
                    "the rules for `{}` still derive new rows after {MAX_ROUNDS} rounds ({rows} rows): a recursive rule that computes new values (a date function) may never end",
                    source.rule.head.relation
                ),
                source.rule.span,
                Some("bound the recursion, e.g. with a comparison against a fixed date".into()),
            );
        }
        let mut new: HashMap<String, HashSet<Vec<Value>>> =
            inside.iter().map(|n| (n.to_string(), HashSet::new())).collect();
        // Last round's new rows, a table each, shared by every rule and literal that reads them.
        let delta_tables: HashMap<&str, Rc<Table>> = delta
            .iter()
            .filter(|(_, rows)| !rows.is_empty())
            .map(|(name, rows)| (name.as_str(), Rc::new(Table::from_rows(columns[name].len(), rows.iter().cloned()))))
            .collect();
        for source in &recursive {
            let head = &source.rule.head.relation;
            for (at, literal) in source.rule.body.iter().enumerate() {
                let Literal::Atom(atom) = literal else { continue };
                let Some(table) = delta_tables.get(atom.relation.as_str()) else { continue };
                let scope = Scope { user: &scope_map, delta: Some((at, table.clone())) };
                for row in derive(db, &scope, source, &columns[head])? {
                    if !full[head].contains(&row) {
                        new.get_mut(head).expect("a relation of the component").insert(row);
                    }
                }
            }
        }
        if new.values().all(HashSet::is_empty) {
            return Ok(full);
        }
        for (name, rows) in &new {
            full.get_mut(name).expect("a relation of the component").extend(rows.iter().cloned());
            if !rows.is_empty() {
                let rel = scope_map.get_mut(name).and_then(Rc::get_mut).expect("no scope of the round is left");
                Rc::get_mut(&mut rel.table).expect("no scope of the round is left").extend(rows.iter().cloned());
            }
        }
        delta = new;
    }
    unreachable!("the loop returns")
}

/// Rounds of semi-naive evaluation before a component is given up: recursion
/// through the date functions can derive new values forever.
const MAX_ROUNDS: usize = 10_000;

/// The relations done, and the component's as found so far.
fn current(
    done: &HashMap<String, Rc<UserRel>>,
    full: &HashMap<String, HashSet<Vec<Value>>>,
    columns: &HashMap<String, Vec<(String, ColType)>>,
) -> HashMap<String, Rc<UserRel>> {
    let mut all = done.clone();
    for (name, rows) in full {
        let columns = columns[name].clone();
        let table = Rc::new(Table::from_rows(columns.len(), rows.iter().cloned()));
        all.insert(name.clone(), Rc::new(UserRel { name: name.clone(), columns, table }));
    }
    all
}

/// The head rows one rule gives in `scope`.
fn derive(
    db: &Database,
    scope: &Scope,
    source: &Source,
    columns: &[(String, ColType)],
) -> Result<Vec<Vec<Value>>, RuleError> {
    let error = |error| RuleError { text: source.text.clone(), error };
    let mut plan = eval::compile(db, scope, &source.rule.body).map_err(error)?;
    // Each head column: a slot of the result rows, or a constant.
    enum Out {
        Key(usize),
        Const(Value),
    }
    let mut keys: Vec<usize> = Vec::new();
    let mut template = Vec::new();
    for (i, term) in source.rule.head.args.iter().enumerate() {
        template.push(match term {
            Term::Var(name, span) => {
                let Some(slot) = plan.var(name) else {
                    return fail(
                        source,
                        format!("variable {name} of the head does not appear in the body"),
                        *span,
                        None,
                    );
                };
                let at = keys.iter().position(|&k| k == slot).unwrap_or_else(|| {
                    keys.push(slot);
                    keys.len() - 1
                });
                Out::Key(at)
            }
            _ => Out::Const(
                eval::constant(db, term, columns[i].1, &format!("{}.{}", source.rule.head.relation, columns[i].0))
                    .map_err(error)?,
            ),
        });
    }
    plan.set_keys(keys);
    let found = plan.run(db);
    Ok(found
        .into_iter()
        .map(|row| {
            template
                .iter()
                .map(|out| match out {
                    Out::Key(at) => row[*at],
                    Out::Const(v) => *v,
                })
                .collect()
        })
        .collect())
}

/// A query with the comment above it: (title, query text).
pub type Titled = (String, String);

/// Reads a program file (`.dl`): adds its rules to `db` and returns the
/// relations they define and the file's queries, with their comments, in order.
pub fn load(db: &Database, text: &str) -> Result<(Vec<String>, Vec<Titled>), RuleError> {
    let (rules, queries) = split(text)?;
    let names = if rules.is_empty() { Vec::new() } else { db.add_rules(rules)? };
    Ok((names, queries))
}

/// The rules and the queries of a program text.
pub fn split(text: &str) -> Result<(Vec<Source>, Vec<Titled>), RuleError> {
    let mut rules = Vec::new();
    let mut queries = Vec::new();
    for (title, statement) in super::parse::split_queries(text) {
        match super::parse::parse_statement(&statement) {
            Ok(super::parse::Statement::Rule(rule)) => rules.push(Source { rule, text: statement }),
            Ok(super::parse::Statement::Query(_)) => queries.push((title, statement)),
            Err(e) => return Err(RuleError { text: statement, error: e.into() }),
        }
    }
    Ok((rules, queries))
}

/// The relation a reading of clauses is written in: `interpret(Clause, Subject)`.
pub const INTERPRET: &str = "interpret";

/// Another reading of some Art. 13 grade conditions (the interpretation
/// sandbox): the rules of `text`, evaluated with the rules already in `db`
/// (which keeps none of them), must define `interpret(Clause, Subject)`; each
/// clause id in it then holds for exactly the subjects it lists.
pub fn reading(db: &Database, text: &str) -> Result<crate::rules::Reading, RuleError> {
    use crate::rules::Clause;
    let (new, _) = split(text)?;
    let whole = || RuleError {
        text: text.to_string(),
        error: QueryError {
            message: "no rule defines interpret(Clause, Subject)".into(),
            span: Span { start: 0, end: text.len().min(1) },
            hint: Some(format!(
                "e.g. interpret(\"{}\", S) :- counting(_, S, D, \"unlicensed_operation\"), as_of(T), years_before(T, 3, F), D >= F.",
                Clause::D2.id()
            )),
        },
    };
    let Some(first) = new.iter().find(|r| r.rule.head.relation == INTERPRET) else { return Err(whole()) };
    if first.rule.head.args.len() != 2 {
        return fail(first, "interpret has two columns: (Clause, Subject)", first.rule.head.span, None);
    }
    // A clause id written in a head is checked where it is written.
    let check = |id: &str| match Clause::parse(id) {
        Some(c) if Clause::GRADE_CONDITIONS.contains(&c) => Ok(c),
        Some(c) => Err(format!(
            "{} is not a grade condition of Art. 13: only {}–{} can be read otherwise ({} follows from them)",
            c.id(),
            Clause::A1.id(),
            Clause::D10.id(),
            Clause::DJoint.id()
        )),
        None => Err(format!("unknown clause id \"{id}\"")),
    };
    for source in new.iter().filter(|r| r.rule.head.relation == INTERPRET) {
        if let Term::Str(id, span) = &source.rule.head.args[0] {
            if let Err(message) = check(id) {
                return fail(source, message, *span, Some("`safecredit rules` lists the clause ids".into()));
            }
        }
    }
    let mut rules = db.rules();
    rules.extend(new.iter().cloned());
    let user = evaluate(db, &rules)?;
    let relation = &user[INTERPRET];
    let pool = db.pool();
    let mut clauses: Vec<(Clause, Vec<bool>)> = Vec::new();
    for r in 0..relation.table.len() {
        let row = relation.table.row(r);
        let [clause, subject] = [row[0], row[1]];
        let text_of = |v: Value| match v.kind() {
            ValueKind::Text => pool.resolve(v.as_sym()).to_string(),
            _ => String::new(),
        };
        let clause = match check(&text_of(clause)) {
            Ok(c) => c,
            Err(message) => return fail(first, message, first.rule.head.args[0].span(), None),
        };
        let Some(s) = db.facts.find_subject(&text_of(subject)) else {
            let message = format!("interpret names \"{}\", which is not a subject", text_of(subject));
            return fail(first, message, first.rule.head.args[1].span(), None);
        };
        let at = match clauses.iter().position(|(c, _)| *c == clause) {
            Some(at) => at,
            None => {
                clauses.push((clause, vec![false; db.facts.subjects.len()]));
                clauses.len() - 1
            }
        };
        clauses[at].1[s.0 as usize] = true;
    }
    // A clause named in a head holds for nobody when its rules derive nothing.
    for source in new.iter().filter(|r| r.rule.head.relation == INTERPRET) {
        if let Term::Str(id, _) = &source.rule.head.args[0] {
            let clause = check(id).expect("checked above");
            if !clauses.iter().any(|(c, _)| *c == clause) {
                clauses.push((clause, vec![false; db.facts.subjects.len()]));
            }
        }
    }
    clauses.sort_by_key(|(c, _)| *c);
    Ok(crate::rules::Reading { clauses })
}
