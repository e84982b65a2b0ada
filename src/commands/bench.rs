//! `safecredit bench`: time the phases of a whole run on a facts folder, the
//! parse-only floor and the baselines, and check that they agree.

use super::{AsOfArgs, CmdError};
use crate::bench::{self, handwritten, timed};
use crate::facts::calendar::Calendar;
use crate::facts::{self, Day, LoadOptions};
use crate::report::ledger;
use crate::rules::{EvalOptions, FactIndex};
use std::path::PathBuf;

/// Benchmark a facts folder: wall time of each phase (read+parse+intern, index,
/// rules, ledger output), peak RSS, events per second; the parse-only floor; a
/// hand-written single pass and (built with `--features sqlite`) SQLite, both
/// checked row for row against the rules. benches/scale.sh runs it at 10k, 100k, 1M.
#[derive(clap::Args, Debug)]
#[command(after_help = "Example:\n  safecredit gen --subjects 1000000 /tmp/p1m && safecredit bench --facts /tmp/p1m")]
pub struct Args {
    #[arg(long, value_name = "DIR")]
    pub facts: PathBuf,
    #[command(flatten)]
    pub as_of: AsOfArgs,
    /// Also run the SQLite baseline (needs a build with --features sqlite).
    #[arg(long)]
    pub sql: bool,
    #[arg(long)]
    pub json: bool,
}

/// The linked-companies program of issue 18: its rules are timed, its saved
/// queries are not (the benchmark asks one count).
const LINKED: &str = include_str!("../../queries/linked.dl");

pub fn run(args: Args) -> Result<u8, CmdError> {
    let as_of = crate::session::resolve_as_of(&args.facts, args.as_of.as_of);
    let mib = |b: Option<u64>| b.map_or(f64::NAN, |b| b as f64 / (1 << 20) as f64);
    let ((), parse_only) = timed(|| {
        bench::parse_only(&args.facts).map(|_| ()).unwrap_or(());
    });
    bench::reset_peak_rss();
    let options = LoadOptions { today: Day::today().max(as_of), show_personal: false };
    let (loaded, load) = timed(|| facts::load_dir(&args.facts, &options));
    let loaded = loaded.map_err(|e| CmdError::usage(e.0))?;
    if loaded.errors() > 0 {
        return Err(CmdError {
            code: 1,
            message: format!("the facts have {} error(s); run `safecredit check`", loaded.errors()),
        });
    }
    let facts = loaded.facts;
    let (index, index_time) = timed(|| FactIndex::build(&facts));
    let calendar = Calendar::of(&facts);
    let eval = EvalOptions::default();
    let (model, rules_time) = timed(|| crate::rules::evaluate(&facts, &index, &calendar, as_of, &eval));
    let (csv, output_time) = timed(|| {
        let mut out = Vec::new();
        ledger::write_csv(&mut out, &facts, &model).expect("writing to memory");
        out
    });
    let peak = bench::peak_rss();
    let end_to_end = load + index_time + rules_time + output_time;
    // The query shell on the same data: a selective query (first run builds its
    // indexes; the second is what an analyst waits for afterwards), and `:as-of`.
    let facts = std::sync::Arc::new(facts);
    let index = std::sync::Arc::new(index);
    let selective = "grade(S, \"D\"), subject(S, _, \"coal_mine\"), never_inspected(S).";
    // The first run includes opening the database, as a shell or `query` does once.
    let shell_model = model.clone();
    let ((mut db, first), query_first) = timed(|| {
        let db = crate::query::Database::new(facts.clone(), index.clone(), shell_model, false);
        let first = crate::query::run(&db, selective).map(|a| a.rows.len());
        (db, first)
    });
    let (_, query_again) = timed(|| crate::query::run(&db, selective).map(|a| a.rows.len()));
    let rows_found = first.map_err(|e| CmdError::usage(e.message))?;
    let ((), as_of_time) =
        timed(|| db.set_model(crate::rules::evaluate(&facts, &index, &calendar, as_of.minus_years(1), &eval)));
    // A rules program (issue 18): the linked-companies question of queries/linked.dl,
    // on a fresh database as `safecredit query` opens one.
    let linked_model = model.clone();
    let (linked, linked_time) = timed(|| {
        let db = crate::query::Database::new(facts.clone(), index.clone(), linked_model, false);
        let (rules, _) = crate::query::program::split(LINKED).map_err(|e| e.error.message)?;
        db.add_rules(rules).map_err(|e| e.error.message)?;
        crate::query::run(&db, "exposed(S), grade(S, \"A\"). count")
            .map(|a| a.rows[0][0].to_string())
            .map_err(|e| e.message)
    });
    let linked = linked.map_err(CmdError::usage)?;
    // What-if questions over every subject (issue 14), batched through the same programs.
    let (next, next_change_time) = timed(|| {
        crate::analysis::timeline::next_changes(&facts, &index, &model, crate::rules::horizon(as_of), eval.threads)
            .len()
    });
    let (would, would_be_time) =
        timed(|| crate::analysis::whynot::would_be(&facts, &index, &model, eval.threads).len());
    let linked_cli = load + index_time + rules_time + linked_time;
    let (hand, hand_time) = timed(|| handwritten::ledger(&facts, &index, as_of, eval.threads));
    let agree = hand == handwritten::from_model(&model);
    let events = facts.events.len();
    #[allow(unused_mut)]
    let mut sql: Option<(f64, bool)> = None;
    if args.sql {
        #[cfg(feature = "sqlite")]
        {
            let (rows, t) = timed(|| crate::bench::sql::ledger(&args.facts, as_of));
            let rows = rows.map_err(|e| CmdError::usage(format!("sqlite baseline: {e}")))?;
            sql = Some((t, rows == handwritten::from_model(&model)));
        }
        #[cfg(not(feature = "sqlite"))]
        return Err(CmdError::usage(
            "this build has no SQLite baseline: build with `cargo build --release --features sqlite`",
        ));
    }
    let report = serde_json::json!({
        "facts": args.facts.display().to_string(),
        "as_of": as_of.to_string(),
        "subjects": facts.subjects.len(),
        "events": events,
        "threads": eval.threads,
        "seconds": {
            "parse_only_floor": parse_only,
            "load": load,
            "index": index_time,
            "rules": rules_time,
            "ledger_output": output_time,
            "end_to_end": end_to_end,
            "handwritten_rules": hand_time,
            "sqlite_end_to_end": sql.map(|s| s.0),
        },
        "shell": { "selective_query_first": query_first, "selective_query": query_again, "selective_rows": rows_found, "as_of_reevaluation": as_of_time },
        "what_if": { "next_change": next_change_time, "next_change_rows": next, "would_be": would_be_time, "would_be_rows": would,
                     "next_change_cli_over_end_to_end": (load + index_time + rules_time + next_change_time) / end_to_end,
                     "would_be_cli_over_end_to_end": (load + index_time + rules_time + would_be_time) / end_to_end },
        "rules_program": { "linked_exposed_a": linked, "program_and_query": linked_time, "cli_estimate": linked_cli, "cli_over_end_to_end": linked_cli / end_to_end },
        "peak_rss_mib": mib(peak),
        "events_per_second": events as f64 / end_to_end,
        "ratios": {
            "end_to_end_over_parse_only": end_to_end / parse_only,
            "rules_over_handwritten": rules_time / hand_time,
            "sqlite_over_end_to_end": sql.map(|s| s.0 / end_to_end),
        },
        "agree": { "handwritten": agree, "sqlite": sql.map(|s| s.1) },
        "ledger_bytes": csv.len(),
    });
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report).expect("serializable"));
    } else {
        println!("{} subjects, {} events, as of {as_of}, {} thread(s)", facts.subjects.len(), events, eval.threads);
        println!("  parse-only floor      {parse_only:>8.3} s");
        println!("  load (read+parse+intern) {load:>5.3} s");
        println!("  index                 {index_time:>8.3} s");
        println!("  rules                 {rules_time:>8.3} s");
        println!("  ledger output         {output_time:>8.3} s");
        println!(
            "  end to end            {end_to_end:>8.3} s  ({:.1}× the parse-only floor, {:.0} events/s)",
            end_to_end / parse_only,
            events as f64 / end_to_end
        );
        println!("  peak RSS              {:>8.0} MiB", mib(peak));
        println!(
            "  shell: selective query {:.1} ms ({:.1} ms the first time, opening the database and building tables; {rows_found} rows); :as-of {as_of_time:.2} s",
            query_again * 1000.0,
            query_first * 1000.0
        );
        println!(
            "  what-if: next_change {next_change_time:.3} s ({next} rows), would_be {would_be_time:.3} s ({would} rows); with load and rules {:.2}× and {:.2}× end to end",
            (load + index_time + rules_time + next_change_time) / end_to_end,
            (load + index_time + rules_time + would_be_time) / end_to_end
        );
        println!(
            "  rules program (queries/linked.dl) {linked_time:.3} s: {linked} exposed A subjects; with load and rules {linked_cli:.3} s = {:.2}× end to end",
            linked_cli / end_to_end
        );
        println!(
            "  hand-written pass     {hand_time:>8.3} s  (rules are {:.2}× it; agree row for row: {agree})",
            rules_time / hand_time
        );
        if let Some((t, same)) = sql {
            println!(
                "  SQLite from CSV       {t:>8.3} s  ({:.1}× our end to end; agree row for row: {same})",
                t / end_to_end
            );
        }
    }
    let all_agree = agree && sql.is_none_or(|s| s.1);
    Ok(if all_agree { 0 } else { 1 })
}
