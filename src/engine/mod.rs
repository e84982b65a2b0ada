//! The engine (求值引擎): one loaded facts folder and everything an answer is
//! computed with, resolved once — the facts and their index, the working-day
//! calendar with the folder's `calendar.csv` overrides, and the as-of date. The commands and the shell ask it. Depends on
//! `facts` and `rules`.

use crate::facts::calendar::Calendar;
use crate::facts::{Day, FactSet};
use crate::rules::{self, EvalOptions, FactIndex, Model};
use std::sync::Arc;

pub struct Engine {
    pub facts: Arc<FactSet>,
    pub index: Arc<FactIndex>,
    /// The official schedule with the folder's overrides: every working-day count uses it.
    pub calendar: Calendar,
    /// The day the rules are evaluated for, unless a question names another.
    pub as_of: Day,
}

impl Engine {
    /// The engine of loaded facts: builds their index and the calendar.
    pub fn new(facts: FactSet, as_of: Day) -> Engine {
        let index = FactIndex::build(&facts);
        let calendar = Calendar::of(&facts);
        Engine { facts: Arc::new(facts), index: Arc::new(index), calendar, as_of }
    }

    /// Every rule, for `as_of`.
    pub fn evaluate(&self, as_of: Day) -> Model {
        self.evaluate_with(as_of, &EvalOptions::default())
    }

    pub fn evaluate_with(&self, as_of: Day, options: &EvalOptions) -> Model {
        rules::evaluate(&self.facts, &self.index, &self.calendar, as_of, options)
    }
}
