//! Progress on stderr for long loads and evaluations (indicatif): shown only
//! on a terminal, only once the work has taken a second, never with --quiet.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

pub struct Progress {
    bar: ProgressBar,
    started: Instant,
    enabled: bool,
    shown: bool,
    /// When the file being loaded began (the previous one was done), for its rows per second.
    file_started: Instant,
}

impl Progress {
    pub fn new(quiet: bool) -> Progress {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(ProgressStyle::with_template("{spinner} {msg} [{elapsed}]").expect("a valid template"));
        let (enabled, now) = (!quiet && std::io::stderr().is_terminal(), Instant::now());
        Progress { bar, started: now, enabled, shown: false, file_started: now }
    }

    /// Updates the message; the bar appears once a second has passed.
    pub fn set(&mut self, message: String) {
        if self.enabled && !self.shown && self.started.elapsed() > Duration::from_secs(1) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.bar.enable_steady_tick(Duration::from_millis(120));
            self.shown = true;
        }
        self.bar.set_message(message);
    }

    /// A loader callback: file, rows so far in it (0 when it is done), files done;
    /// shows the file's rows per second.
    pub fn loading(&mut self, file: &str, rows: usize, files_done: usize) {
        let rate = rows as f64 / self.file_started.elapsed().as_secs_f64().max(1e-3);
        if rows == 0 {
            self.file_started = Instant::now();
        }
        let what = if rows > 0 { format!("{file}: {rows} rows ({rate:.0}/s)") } else { format!("{file} done") };
        self.set(format!("loading facts ({files_done}/8 files) · {what}"));
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
