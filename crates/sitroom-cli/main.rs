//! The `sitroom` binary: parses the command line and wires the crates
//! together. All I/O of the headless commands lives here.

/// mimalloc: a session allocates many small strings and vectors (events,
/// scores, views), and a batch plays thousands of sessions on every core;
/// glibc's allocator was a fifth of a batch's instructions.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// clap definitions of every subcommand.
mod args;
/// `sitroom check` and `sitroom graph`: scenario authoring commands.
mod author;
/// `sitroom batch` and `batch merge`: many seeded playthroughs.
mod batch;
/// Reading journals and the scenario stored in them.
mod journal;
/// `sitroom key` and `sitroom seal`: signing keys and sealed journals.
mod keys;
/// `sitroom import-msel` and `sitroom new`.
mod msel;
/// `sitroom serve` and `sitroom join`: the exercise room over the network.
mod net;
/// Exit codes and the error type every command returns.
mod outcome;
/// `sitroom report` and `compare`: after-action reports from journals.
mod report;
/// `sitroom rescore`: a past session under today's norms.
mod rescore;
/// `sitroom run`, `replay --verify` and `resume`: headless sessions.
mod session;
/// The end-of-session summary, as text or JSON.
mod summary;
/// Control characters of file text escaped for the terminal.
mod text;
/// `sitroom` (demo), `play`, `resume` and `replay` in the terminal UI.
mod tui;

use std::process::ExitCode;

use clap::Parser;

use crate::args::{Cli, Command};
use crate::outcome::Failure;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // clap prints help/version to stdout and errors to stderr.
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(outcome::USAGE)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.report(),
    }
}

fn dispatch(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        None => tui::play(None, 0, args::Mode::Turns, None),
        Some(Command::Check { files, color }) => author::check(&files, color),
        Some(Command::Graph { file, format }) => author::graph(&file, format),
        Some(Command::Run(args)) => session::run(args),
        Some(Command::Report {
            journals,
            format,
            edition,
            output,
        }) => report::report(&journals, format, &edition, output.as_deref()),
        Some(Command::Compare { journals }) => report::compare(&journals),
        Some(Command::Batch(args)) => batch::batch(args),
        Some(Command::Replay {
            journal,
            verify,
            key,
        }) => session::replay(&journal, verify, key.as_deref()),
        Some(Command::Key { out }) => keys::make(&out),
        Some(Command::Rescore { journal, scenario }) => {
            rescore::rescore(&journal, scenario.as_deref())
        }
        Some(Command::Seal { journal, sign }) => keys::seal(&journal, &sign),
        Some(Command::Resume {
            journal,
            decisions,
            format,
            sign,
        }) => session::resume(&journal, decisions.as_deref(), format, sign.as_deref()),
        Some(Command::ImportMsel {
            file,
            output,
            sheet,
            map,
            title,
            id,
        }) => msel::import_msel(msel::ImportArgs {
            file: &file,
            output: output.as_deref(),
            sheet,
            map,
            title,
            id,
        }),
        Some(Command::New { name, output }) => msel::new(&name, output.as_deref()),
        Some(Command::Serve {
            scenario,
            bind,
            seed,
            mode,
            speed,
            running,
            start_when_seated,
            auto_pause,
            journal,
            resume,
            tokens,
        }) => net::serve(net::ServeArgs {
            scenario,
            bind,
            seed,
            mode,
            speed,
            running,
            start_when_seated,
            auto_pause,
            journal,
            resume,
            tokens,
        }),
        Some(Command::Join {
            addr,
            token,
            token_file,
            members,
            decisions,
            print_feed,
            timeout,
        }) => net::join(net::JoinArgs {
            addr,
            token,
            token_file,
            members,
            decisions,
            print_feed,
            timeout,
        }),
        Some(Command::Play {
            scenario,
            seed,
            mode,
            journal,
        }) => tui::play(Some(&scenario), seed, mode, journal),
    }
}
