//! `safecredit verify`: gaps and overlaps of the grade definitions, clause
//! coverage, and the state of the legal sign-offs.

use super::CmdError;
use super::TextFormat;
use crate::verify::{self, signoff};
use std::path::{Path, PathBuf};

/// Analyse the Art. 13 grade definitions: every combination of the facts they
/// look at is run through the compiled rules; cases where no definition holds
/// (gaps) or several do (overlaps) are reported with readable conditions and a
/// runnable witness. Exit 0 when the findings equal rules/acknowledged.toml and
/// no signed-off clause has changed; 1 otherwise.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Example:\n  safecredit verify\n  safecredit verify --witness-dir witnesses/ && safecredit grade --facts witnesses/A-and-D"
)]
pub struct Args {
    /// The folder of acknowledged.toml and signoffs.toml.
    #[arg(long, value_name = "DIR", default_value = "rules")]
    pub rules: PathBuf,
    /// Write each finding's smallest case as a fact folder under DIR.
    #[arg(long, value_name = "DIR")]
    pub witness_dir: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = TextFormat::Text)]
    pub format: TextFormat,
}

pub fn read_optional(path: &Path) -> Result<String, CmdError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(CmdError::usage(format!("cannot read {}: {e}", path.display()))),
    }
}

pub fn run(args: Args) -> Result<u8, CmdError> {
    let ack_path = args.rules.join("acknowledged.toml");
    let acknowledged = verify::parse_acknowledged(&read_optional(&ack_path)?)
        .map_err(|e| CmdError::usage(format!("{}: {e}", ack_path.display())))?;
    let sign_path = args.rules.join("signoffs.toml");
    let signoffs = signoff::parse(&read_optional(&sign_path)?)
        .map_err(|e| CmdError::usage(format!("{}: {e}", sign_path.display())))?;
    let report = verify::verify(&acknowledged, signoff::status(&signoffs));
    if let Some(dir) = &args.witness_dir {
        for finding in &report.findings {
            let folder = dir.join(verify::slug(&finding.id));
            std::fs::create_dir_all(&folder)
                .map_err(|e| CmdError::usage(format!("cannot create {}: {e}", folder.display())))?;
            for (name, text) in verify::witness_files(finding) {
                let path = folder.join(name);
                std::fs::write(&path, text)
                    .map_err(|e| CmdError::usage(format!("cannot write {}: {e}", path.display())))?;
            }
        }
        eprintln!("wrote {} witness folder(s) under {}", report.findings.len(), dir.display());
    }
    match args.format {
        TextFormat::Text => print!("{}", crate::report::verify::text(&report)),
        TextFormat::Json => println!("{}", verify::json(&report)),
    }
    Ok(if report.ok() { 0 } else { 1 })
}
