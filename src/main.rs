//! The `safecredit` binary: parse the arguments, run the command, turn an
//! error into a message on stderr and an exit code.

use clap::Parser;
use safecredit::commands::{self, Cli};
use std::process::ExitCode;

// The rule programs allocate and free many small hash tables per batch; mimalloc does that well.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // Die quietly when the reader of our output goes away (`safecredit grade | head`).
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    match commands::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {}", e.message);
            ExitCode::from(e.code)
        }
    }
}
