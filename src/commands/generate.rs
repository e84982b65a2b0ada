//! `safecredit gen`: write a synthetic district or province of any size.

use super::{CmdError, parse_day};
use crate::facts::Day;
use crate::synth::{self, Files, Options};
use std::io::BufWriter;
use std::path::PathBuf;
use std::time::Instant;

/// Write a synthetic facts folder in the data contract: a register-like mix of
/// categories, about 2 people, 10 events and 2 inspections per subject, valid
/// USCC and ID check characters; deterministic for a seed. Prints the grade mix.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  safecredit gen --subjects 1000000 --seed 7 /tmp/province\n  safecredit grade --facts /tmp/province --format csv > /dev/null"
)]
pub struct Args {
    /// How many subjects.
    #[arg(long)]
    pub subjects: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The date the history ends (default today).
    #[arg(long, value_name = "DATE", value_parser = parse_day)]
    pub as_of: Option<Day>,
    /// Skip grading the result (the grade mix is then not printed).
    #[arg(long)]
    pub no_grade: bool,
    /// The folder to write (created if needed).
    pub dir: PathBuf,
}

pub fn run(args: Args) -> Result<u8, CmdError> {
    let as_of = args.as_of.unwrap_or_else(Day::today);
    std::fs::create_dir_all(&args.dir)
        .map_err(|e| CmdError::usage(format!("cannot create {}: {e}", args.dir.display())))?;
    let open = |name: &str| -> Result<BufWriter<std::fs::File>, CmdError> {
        let path = args.dir.join(name);
        std::fs::File::create(&path)
            .map(|f| BufWriter::with_capacity(1 << 20, f))
            .map_err(|e| CmdError::usage(format!("cannot write {}: {e}", path.display())))
    };
    let mut files = Files {
        subjects: open("subjects.csv")?,
        people: open("people.csv")?,
        standardization: open("standardization.csv")?,
        licences: open("licences.csv")?,
        events: open("events.csv")?,
        joint_punishments: open("joint_punishments.csv")?,
        inspections: open("inspections.csv")?,
        objections: open("objections.csv")?,
    };
    let started = Instant::now();
    let counts = synth::generate(&Options { subjects: args.subjects, seed: args.seed, as_of }, &mut files)
        .map_err(|e| CmdError::usage(format!("cannot write {}: {e}", args.dir.display())))?;
    for w in [
        files.subjects,
        files.people,
        files.standardization,
        files.licences,
        files.events,
        files.joint_punishments,
        files.inspections,
        files.objections,
    ] {
        w.into_inner().map_err(|e| CmdError::usage(format!("cannot write {}: {}", args.dir.display(), e.error())))?;
    }
    std::fs::write(args.dir.join("as_of.txt"), format!("{as_of}\n")).map_err(|e| CmdError::usage(e.to_string()))?;
    println!(
        "wrote {} in {:.1} s: {} subjects, {} people rows, {} standardization, {} events, {} listings, {} inspections, {} objections (as of {as_of}, seed {})",
        args.dir.display(),
        started.elapsed().as_secs_f64(),
        counts.subjects,
        counts.people,
        counts.standardization,
        counts.events,
        counts.listings,
        counts.inspections,
        counts.objections,
        args.seed
    );
    if !args.no_grade {
        let session = super::Session::open(
            &super::FactsArgs { facts: args.dir.clone(), lenient: false, show_personal: false, quiet: false },
            Some(as_of),
            1,
        )?;
        let model = session.evaluate();
        let mut mix = [0usize; 5];
        for r in &model.subjects {
            mix[crate::rules::Grade::ALL.iter().position(|g| *g == r.grade).expect("a grade")] += 1;
        }
        let total = model.subjects.len().max(1) as f64;
        let parts: Vec<String> = crate::rules::Grade::ALL
            .iter()
            .zip(mix)
            .map(|(g, n)| format!("{} {n} ({:.1}%)", g.code(), 100.0 * n as f64 / total))
            .collect();
        println!("grade mix as of {as_of}: {}", parts.join(", "));
    }
    Ok(0)
}
