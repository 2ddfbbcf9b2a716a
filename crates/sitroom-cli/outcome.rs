//! How a command ends: ripgrep-style exit codes. 0 ok, 1 the check failed
//! (invalid scenario, diverging replay), 2 usage or I/O error. A closed
//! stdout (`sitroom graph x | head`) is not an error.

use std::io::{self, Write};
use std::process::ExitCode;

pub const CHECK_FAILED: u8 = 1;
pub const USAGE: u8 = 2;

#[derive(Debug)]
pub enum Failure {
    /// The thing checked is wrong; the message has been printed already
    /// when it is empty.
    Check(String),
    /// Bad arguments or input that could not be read or understood.
    Usage(String),
    /// The operating system refused.
    Io(String),
}

impl Failure {
    pub fn io(what: impl std::fmt::Display, err: io::Error) -> Failure {
        Failure::Io(format!("{what}: {err}"))
    }

    pub fn report(self) -> ExitCode {
        let (code, message) = match self {
            Failure::Check(m) => (CHECK_FAILED, m),
            Failure::Usage(m) | Failure::Io(m) => (USAGE, m),
        };
        if !message.is_empty() {
            let _ = writeln!(io::stderr(), "error: {}", crate::text::escape(&message));
        }
        ExitCode::from(code)
    }
}

/// Writes to stdout, treating a closed pipe as success. Control characters
/// (from scenario, script or journal text) are escaped.
pub fn print(text: &str) -> Result<(), Failure> {
    let text = crate::text::escape(text);
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(err) => Err(Failure::io("writing to stdout", err)),
    }
}

/// Whether to colour output on stderr: `--color`, then `NO_COLOR`, then
/// whether stderr is a terminal.
pub fn use_color(choice: crate::args::ColorChoice) -> bool {
    use std::io::IsTerminal;
    match choice {
        crate::args::ColorChoice::Always => true,
        crate::args::ColorChoice::Never => false,
        crate::args::ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stderr().is_terminal()
        }
    }
}
