//! The relations a query can name (关系): every input relation of the fact
//! files and every relation the rules derive, each with named, documented
//! columns. Tables are built from the `FactSet` and `Model` on first use and
//! kept, with sorted indexes on the columns queries bind.

use super::eval::QueryError;
use super::parse::Span;
use super::program::{self, RuleError, Source};
use crate::facts::codes::{AccidentLevel, Category, DayKind, Decision, Kind, Level, LicenceKind, Outcome, Role};
use crate::facts::{Day, EventIx, FactSet, Interner, PersonIx, SubjectIx, Sym, privacy};
use crate::rules::{Clause, FactIndex, Grade, Measures, Model, ObjectionStatus, ProcedureFinding, Record, Tier};
use std::cell::{Ref, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

/// One cell: text (interned), a whole number or a date, packed in 8 bytes.
#[derive(Copy, Clone, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub struct Value(u64);

const TAG_SHIFT: u32 = 62;
const PAYLOAD: u64 = (1 << TAG_SHIFT) - 1;

#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum ValueKind {
    Text,
    Int,
    Date,
}

impl Value {
    pub fn text(sym: Sym) -> Value {
        Value(sym.0 as u64)
    }
    pub fn int(n: i64) -> Value {
        Value((1 << TAG_SHIFT) | (n as u64 & PAYLOAD))
    }
    pub fn date(d: Day) -> Value {
        Value((2 << TAG_SHIFT) | (d.0 as u32 as u64))
    }
    pub fn kind(self) -> ValueKind {
        match self.0 >> TAG_SHIFT {
            0 => ValueKind::Text,
            1 => ValueKind::Int,
            _ => ValueKind::Date,
        }
    }
    pub fn as_sym(self) -> Sym {
        Sym(self.0 as u32)
    }
    pub fn as_int(self) -> i64 {
        ((self.0 << 2) as i64) >> 2
    }
    pub fn as_date(self) -> Day {
        Day(self.0 as u32 as i32)
    }
}

/// What a column holds.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum ColType {
    /// An id: subject, person, event, inspection or objection.
    Id,
    Text,
    /// One of a fixed set of codes; constants may be given by code or Chinese label.
    Code(CodeKind),
    Int,
    /// A date; empty cells (no date) are the empty text.
    Date,
}

impl ColType {
    pub fn value_kind(self) -> ValueKind {
        match self {
            ColType::Int => ValueKind::Int,
            ColType::Date => ValueKind::Date,
            _ => ValueKind::Text,
        }
    }

    pub fn describe(self) -> String {
        match self {
            ColType::Id => "id".into(),
            ColType::Text => "text".into(),
            ColType::Code(k) => format!("code: {}", k.codes().join("|")),
            ColType::Int => "number".into(),
            ColType::Date => "date".into(),
        }
    }
}

/// The code sets a column can hold.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub enum CodeKind {
    Category,
    Role,
    Kind,
    AccidentLevel,
    Level,
    Decision,
    Outcome,
    DayKind,
    Grade,
    Tier,
    Measures,
    Status,
    Clause,
    YesNo,
    Licence,
}

macro_rules! code_sets {
    ($($kind:ident => $ty:ty),* $(,)?) => {
        impl CodeKind {
            /// The canonical code for `text` (a code or a Chinese label).
            pub fn normalize(self, text: &str) -> Option<&'static str> {
                match self {
                    $(CodeKind::$kind => <$ty>::parse(text).map(|v| v.code()),)*
                    CodeKind::Clause => Clause::parse(text).map(|c| c.id()),
                    CodeKind::YesNo => crate::facts::cell::parse_bool(text).map(crate::facts::cell::yes_no),
                }
            }

            pub fn codes(self) -> Vec<&'static str> {
                match self {
                    $(CodeKind::$kind => <$ty>::ALL.iter().map(|v| v.code()).collect(),)*
                    CodeKind::Clause => Clause::ALL.iter().map(|c| c.id()).collect(),
                    CodeKind::YesNo => vec!["yes", "no"],
                }
            }
        }
    };
}

code_sets! {
    Category => Category, Role => Role, Kind => Kind, AccidentLevel => AccidentLevel, Level => Level,
    Decision => Decision, Outcome => Outcome, DayKind => DayKind, Grade => Grade, Tier => Tier,
    Measures => Measures, Status => ObjectionStatus, Licence => LicenceKind,
}

/// A relation of the query language.
pub struct RelationDef {
    pub name: &'static str,
    pub columns: &'static [(&'static str, ColType)],
    pub about: &'static str,
    /// Derived by the rules (depends on the as-of date), or read from the facts.
    pub derived: bool,
    /// The fact file an input relation is read from (`schema::FILES`); "" if derived.
    pub file: &'static str,
    build: fn(&mut Builder),
}

/// A column's index: (value, row) pairs sorted by value.
type Index = Vec<(Value, u32)>;

/// A materialized relation: rows of `arity` values, back to back.
pub struct Table {
    pub arity: usize,
    pub rows: Vec<Value>,
    indexes: RefCell<HashMap<usize, Rc<Index>>>,
}

impl Table {
    pub fn len(&self) -> usize {
        self.rows.len() / self.arity
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn row(&self, i: usize) -> &[Value] {
        &self.rows[i * self.arity..(i + 1) * self.arity]
    }

    /// Row numbers whose column `col` equals `value`, through a sorted index
    /// built on first use.
    /// Row numbers whose column `col` equals `value`, through an index of
    /// (value, row) pairs sorted by value, built on first use.
    pub fn lookup(&self, col: usize, value: Value) -> Vec<usize> {
        let index = self.index(col);
        let start = index.partition_point(|&(v, _)| v < value);
        index[start..].iter().take_while(|(v, _)| *v == value).map(|&(_, r)| r as usize).collect()
    }

    /// How many rows have `value` in column `col`.
    pub fn count(&self, col: usize, value: Value) -> usize {
        let index = self.index(col);
        let start = index.partition_point(|&(v, _)| v < value);
        index[start..].partition_point(|&(v, _)| v == value)
    }

    fn index(&self, col: usize) -> Rc<Index> {
        if let Some(index) = self.indexes.borrow().get(&col) {
            return index.clone();
        }
        // The keys sit beside the row numbers, so a binary search reads one array.
        let mut pairs: Vec<(Value, u32)> =
            (0..self.len() as u32).map(|r| (self.rows[r as usize * self.arity + col], r)).collect();
        pairs.sort_unstable();
        let index = Rc::new(pairs);
        self.indexes.borrow_mut().insert(col, index.clone());
        index
    }
}

impl Table {
    /// Appends `rows`; the indexes are built again when next used.
    pub fn extend(&mut self, rows: impl IntoIterator<Item = Vec<Value>>) {
        for row in rows {
            self.rows.extend(row);
        }
        self.indexes.get_mut().clear();
    }

    /// A table of `arity` columns holding `rows`.
    pub fn from_rows(arity: usize, rows: impl IntoIterator<Item = Vec<Value>>) -> Table {
        let flat: Vec<Value> = rows.into_iter().flatten().collect();
        Table { arity: arity.max(1), rows: flat, indexes: RefCell::new(HashMap::new()) }
    }
}

/// A relation defined by rules (用户规则): its columns, taken from the rules'
/// heads and bodies, and its rows at the database's as-of date.
pub struct UserRel {
    pub name: String,
    pub columns: Vec<(String, ColType)>,
    pub table: Rc<Table>,
}

/// The relations the rules define, by name.
pub type UserRelations = HashMap<String, Rc<UserRel>>;

/// Builds one table: interns text into the database's pool.
pub struct Builder<'a> {
    pub facts: &'a FactSet,
    pub index: &'a FactIndex,
    pub model: &'a Model,
    pub show_personal: bool,
    pool: &'a mut Interner,
    subjects_first: bool,
    /// The `procedure` program's findings, shared by the tables built from them.
    procedure: &'a RefCell<Option<Rc<Vec<ProcedureFinding>>>>,
    rows: Vec<Value>,
}

impl Builder<'_> {
    fn s(&mut self, text: &str) -> Value {
        Value::text(self.pool.intern(text))
    }
    fn fact_text(&mut self, sym: Sym) -> Value {
        let text = self.facts.text.resolve(sym);
        Value::text(self.pool.intern(text))
    }
    fn subject(&mut self, s: SubjectIx) -> Value {
        if self.subjects_first {
            return Value::text(Sym(s.0 + 1));
        }
        let id = self.facts.subject_id(s);
        Value::text(self.pool.intern(id))
    }
    fn person(&mut self, p: PersonIx) -> Value {
        let id = self.facts.person_id(p);
        Value::text(self.pool.intern(id))
    }
    fn event(&mut self, e: EventIx) -> Value {
        let id = self.facts.event_id(e);
        Value::text(self.pool.intern(id))
    }
    fn opt_date(&mut self, d: Option<Day>) -> Value {
        d.map_or(Value::text(Sym::EMPTY), Value::date)
    }
    fn push(&mut self, row: &[Value]) {
        self.rows.extend_from_slice(row);
    }
    /// The procedural findings at the as-of date: the `procedure` program runs
    /// once for every table that reads them (`procedure`, `missing_info`).
    fn procedure(&self) -> Rc<Vec<ProcedureFinding>> {
        let run = || Rc::new(crate::rules::procedure(self.facts, self.model));
        self.procedure.borrow_mut().get_or_insert_with(run).clone()
    }
    fn subjects(&self) -> impl Iterator<Item = SubjectIx> + use<> {
        (0..self.facts.subjects.len() as u32).map(SubjectIx)
    }
}

mod relations;
pub use relations::RELATIONS;

pub fn relation(name: &str) -> Option<(usize, &'static RelationDef)> {
    RELATIONS.iter().enumerate().find(|(_, r)| r.name == name)
}

/// The facts and the model of one as-of date, with the tables built so far.
pub struct Database {
    pub facts: Arc<FactSet>,
    pub index: Arc<FactIndex>,
    pub model: Model,
    pub show_personal: bool,
    pool: RefCell<Interner>,
    /// The pool starts with every subject id, in order (see `Database::new`).
    subjects_first: bool,
    tables: RefCell<HashMap<usize, Rc<Table>>>,
    /// The procedural findings at the as-of date, once a table needed them.
    procedure: RefCell<Option<Rc<Vec<ProcedureFinding>>>>,
    /// The rules given so far, in order.
    rules: RefCell<Vec<Source>>,
    /// Their relations at the as-of date, evaluated on first use.
    user: RefCell<Option<Rc<UserRelations>>>,
}

impl Database {
    pub fn new(facts: Arc<FactSet>, index: Arc<FactIndex>, model: Model, show_personal: bool) -> Database {
        // Most tables hold subject ids: they go into the pool first, in subject order
        // and without a lookup each, so that a subject's value is its index plus one
        // (after ""). Room for their names and the person ids too spares the first
        // query at 1M subjects a dozen rehashes of the pool.
        let mut pool = Interner::default();
        pool.reserve(2 * facts.subjects.len() + facts.persons.len());
        for s in 0..facts.subjects.len() as u32 {
            pool.push_unindexed(facts.subject_id(SubjectIx(s)));
        }
        let subjects_first = pool.index_pushed().is_ok();
        if !subjects_first {
            // Subject ids are unique once loaded; this is only a safety net.
            pool.truncate(1);
        }
        Database {
            facts,
            index,
            model,
            show_personal,
            pool: RefCell::new(pool),
            subjects_first,
            tables: RefCell::new(HashMap::new()),
            procedure: RefCell::new(None),
            rules: RefCell::new(Vec::new()),
            user: RefCell::new(None),
        }
    }

    /// Replaces the model (a new as-of date); fact tables are kept.
    pub fn set_model(&mut self, model: Model) {
        self.model = model;
        self.tables.borrow_mut().retain(|&i, _| !RELATIONS[i].derived);
        self.procedure.replace(None);
        self.user.replace(None);
    }

    /// The relations the rules define, evaluated at the as-of date.
    pub fn user_relations(&self) -> Result<Rc<UserRelations>, QueryError> {
        if let Some(user) = self.user.borrow().as_ref() {
            return Ok(user.clone());
        }
        let rules = self.rules.borrow().clone();
        let user = Rc::new(program::evaluate(self, &rules).map_err(|e| QueryError {
            message: format!("the rules cannot be evaluated: {} (in `{}`)", e.error.message, e.text.trim()),
            span: Span::default(),
            hint: e.error.hint,
        })?);
        self.user.replace(Some(user.clone()));
        Ok(user)
    }

    /// Adds rules, if the program with them evaluates; returns the relations
    /// they define. On an error nothing is added.
    pub fn add_rules(&self, new: Vec<Source>) -> Result<Vec<String>, RuleError> {
        let mut rules = self.rules.borrow().clone();
        let mut defined: Vec<String> = Vec::new();
        for source in &new {
            if !defined.contains(&source.rule.head.relation) {
                defined.push(source.rule.head.relation.clone());
            }
        }
        rules.extend(new);
        let user = program::evaluate(self, &rules)?;
        self.rules.replace(rules);
        self.user.replace(Some(Rc::new(user)));
        Ok(defined)
    }

    /// Drops every rule for `name`; refused while other rules use it.
    pub fn drop_relation(&self, name: &str) -> Result<usize, String> {
        let rules = self.rules.borrow().clone();
        let users: Vec<String> = rules
            .iter()
            .filter(|r| r.rule.head.relation != name && program::uses(&r.rule, name))
            .map(|r| r.rule.head.relation.clone())
            .collect();
        if let Some(user) = users.first() {
            return Err(format!("`{user}` is defined with `{name}`: drop `{user}` first"));
        }
        let kept: Vec<Source> = rules.iter().filter(|r| r.rule.head.relation != name).cloned().collect();
        let dropped = rules.len() - kept.len();
        if dropped == 0 {
            return Err(format!("no rule defines `{name}` (`:rules` lists them)"));
        }
        self.rules.replace(kept);
        self.user.replace(None);
        Ok(dropped)
    }

    /// The rules given so far, in order.
    pub fn rules(&self) -> Vec<Source> {
        self.rules.borrow().clone()
    }

    pub fn clear_rules(&self) {
        self.rules.borrow_mut().clear();
        self.user.replace(None);
    }

    pub fn table(&self, relation: usize) -> Rc<Table> {
        if let Some(t) = self.tables.borrow().get(&relation) {
            return t.clone();
        }
        let def = &RELATIONS[relation];
        let mut pool = self.pool.borrow_mut();
        let mut builder = Builder {
            facts: &self.facts,
            index: &self.index,
            model: &self.model,
            show_personal: self.show_personal,
            pool: &mut pool,
            subjects_first: self.subjects_first,
            procedure: &self.procedure,
            rows: Vec::new(),
        };
        (def.build)(&mut builder);
        let table =
            Rc::new(Table { arity: def.columns.len(), rows: builder.rows, indexes: RefCell::new(HashMap::new()) });
        self.tables.borrow_mut().insert(relation, table.clone());
        table
    }

    pub fn pool(&self) -> Ref<'_, Interner> {
        self.pool.borrow()
    }

    /// The value of a text constant (interned, so that it can be compared).
    pub fn text_value(&self, text: &str) -> Value {
        Value::text(self.pool.borrow_mut().intern(text))
    }
}
