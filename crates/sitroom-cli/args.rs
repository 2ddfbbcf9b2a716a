//! The command line, as clap derive types. Parsing only: `main.rs` dispatches.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Sitroom: tabletop exercises and crisis simulation for cyber crises.
///
/// With no subcommand, plays the built-in demo scenario in the terminal UI.
#[derive(Debug, Parser)]
#[command(name = "sitroom", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Play a scenario in the terminal UI (facilitator console, team views, hot-seat).
    Play {
        /// Scenario file (RON).
        scenario: PathBuf,
        /// Seed of the session's random generator.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Turn mode (the facilitator advances time) or real time (one simulated minute per tick).
        #[arg(long, value_enum, default_value_t = Mode::Turns)]
        mode: Mode,
        /// Where to write the journal (default: journals/<scenario>-<seed>-<n>.jsonl).
        #[arg(long)]
        journal: Option<PathBuf>,
    },
    /// Host a session for seats at their own terminals; prints a join line per seat.
    ///
    /// The server owns the session and its journal; each team, the facilitator, the
    /// room screen and an observer join with `sitroom join` and their token. The join
    /// lines are also written to a file only you can read. It listens on loopback
    /// unless --bind says otherwise (see docs/networked-play.md for SSH forwarding).
    Serve {
        /// Scenario file (RON); not with --resume.
        #[arg(required_unless_present = "resume")]
        scenario: Option<PathBuf>,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:7600")]
        bind: String,
        /// Seed of the session's random generator.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Turn mode (the facilitator advances time) or real time (the server's clock runs).
        #[arg(long, value_enum, default_value_t = Mode::Turns)]
        mode: Mode,
        /// Real time: scenario minutes per wall-clock minute.
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=60_000))]
        speed: u32,
        /// Real time: start the clock at once (otherwise it waits for the facilitator).
        #[arg(long, conflicts_with = "start_when_seated")]
        running: bool,
        /// Real time: start the clock once every team seat has joined.
        #[arg(long)]
        start_when_seated: bool,
        /// Real time: the clock stands still while a team's decision form is
        /// open (the console's P turns it on and off).
        #[arg(long)]
        auto_pause: bool,
        /// Where to write the journal (default: journals/<scenario>-<seed>-<n>.jsonl).
        #[arg(long)]
        journal: Option<PathBuf>,
        /// Restart a stopped or crashed server from its journal, with the same tokens.
        #[arg(long, value_name = "JOURNAL", conflicts_with_all = ["scenario", "journal"])]
        resume: Option<PathBuf>,
        /// Where the join lines go (default: beside the journal, ending .tokens).
        #[arg(long)]
        tokens: Option<PathBuf>,
    },
    /// Join a served session at the seat a token grants: a team, the facilitator, the room screen.
    ///
    /// With --decisions, plays the seat headlessly from a decisions script (each input
    /// of the seat sent when the server's clock reaches its minute) and exits when the
    /// session ends.
    Join {
        /// The server's address, as `sitroom serve` printed it.
        addr: String,
        /// The seat's token (visible to other users of this machine in the process list;
        /// prefer --token-file on a shared machine).
        #[arg(
            long,
            required_unless_present = "token_file",
            conflicts_with = "token_file"
        )]
        token: Option<String>,
        /// A file holding the seat's token (its join line will do).
        #[arg(long, value_name = "FILE")]
        token_file: Option<PathBuf>,
        /// Someone at this seat, as "Name" or "Name (role)"; repeat for each.
        #[arg(long = "member", value_name = "NAME")]
        members: Vec<String>,
        /// Play the seat headlessly from this decisions script.
        #[arg(long)]
        decisions: Option<PathBuf>,
        /// With --decisions: print every frame received, one JSON line each.
        #[arg(long, requires = "decisions")]
        print_feed: bool,
        /// With --decisions: give up after this many seconds.
        #[arg(long, value_name = "SECONDS", requires = "decisions")]
        timeout: Option<u64>,
    },
    /// Validate scenarios; prints compiler-style diagnostics, exits 1 on errors.
    Check {
        /// Scenario files (RON).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Colour the diagnostics (default: when stderr is a terminal and NO_COLOR is unset).
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
    },
    /// Print the inject graph of a scenario for Graphviz or Markdown.
    Graph {
        /// Scenario file (RON).
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
        format: GraphFormat,
    },
    /// Play a scenario headlessly from a decisions script, journaling the session.
    Run(RunArgs),
    /// Re-simulate a journal; with --verify, check that the record is intact and replays.
    Replay {
        /// Journal written by `run`, `play` or `resume`.
        journal: PathBuf,
        /// Verify headlessly instead of opening the replay viewer: the chain of lines (and
        /// signature), then every state hash and score by re-simulation.
        #[arg(long)]
        verify: bool,
        /// Public key file (made by `sitroom key`): the journal must end with a seal by it.
        #[arg(long, value_name = "PUBLIC_KEY", requires = "verify")]
        key: Option<PathBuf>,
    },
    /// Re-score a past session under today's norms (or an edited scenario), decision by decision.
    Rescore {
        /// Journal of the session.
        journal: PathBuf,
        /// Replay the inputs against this scenario instead of the one recorded in the journal.
        #[arg(long)]
        scenario: Option<PathBuf>,
    },
    /// Make a signing key pair for sealing journals: OUT (secret) and OUT.pub (for reviewers).
    Key {
        /// Where to write the secret key; the public key goes to OUT.pub. Never overwrites.
        out: PathBuf,
    },
    /// Sign a journal as it stands (after verifying it): append a seal line.
    Seal {
        /// Journal (format 3) to seal.
        journal: PathBuf,
        /// Secret key file made by `sitroom key`.
        #[arg(long, value_name = "SECRET_KEY")]
        sign: PathBuf,
    },
    /// Write a small, commented scenario skeleton to start from.
    New {
        /// The exercise's name; the file and the id are its slug.
        name: String,
        /// Where to write it (default: ./<slug>.ron); never overwrites.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Import a Master Scenario Events List (CSV or XLSX) as a linear scenario.
    ImportMsel {
        /// The spreadsheet (.csv, .tsv, .xlsx).
        file: PathBuf,
        /// Where to write the scenario (RON); never overwrites. Default: stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The workbook sheet to read (default: the first).
        #[arg(long)]
        sheet: Option<String>,
        /// Column names for fields, e.g. "time=Scenario Time,to=Player" or letters "time=B".
        #[arg(long)]
        map: Option<String>,
        /// The scenario's title (default: the sheet's title row or the file name).
        #[arg(long)]
        title: Option<String>,
        /// The scenario's id (default: from the title).
        #[arg(long)]
        id: Option<String>,
    },
    /// Write the after-action report of a session (several journals of one scenario: the comparison report).
    Report {
        /// Journals written by `run`, `play` or `resume`.
        #[arg(required = true)]
        journals: Vec<PathBuf>,
        /// Report format: one self-contained HTML file, Markdown with SVG charts beside it, or JSON.
        #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
        format: ReportFormat,
        /// Who it is for: `facilitator` (everything), `participant` (no facilitator notes),
        /// `participant-no-truth` (nor the ground truth), or `team:ID` (what that team saw and did).
        #[arg(long, default_value = "facilitator")]
        edition: String,
        /// Where to write it (default: stdout; Markdown needs a file, its charts go beside it).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Compare cohorts that played one scenario: where their paths diverged, and how they did.
    Compare {
        /// Two or more journals of the same scenario.
        #[arg(required = true, num_args = 2..)]
        journals: Vec<PathBuf>,
    },
    /// Play a scenario many times under a policy and summarise what it can do.
    Batch(BatchArgs),
    /// Continue a session that was cut off, from its journal.
    Resume {
        /// Journal of the cut-off session; new inputs are appended to it.
        journal: PathBuf,
        /// Decisions script to continue with headlessly; the inputs already in the
        /// journal must be its first inputs. Without it, the session reopens in the UI.
        #[arg(long)]
        decisions: Option<PathBuf>,
        /// Summary format.
        #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
        format: OutputFormat,
        /// Seal the journal with this secret key when the script is done (needs --decisions).
        #[arg(long, value_name = "SECRET_KEY", requires = "decisions")]
        sign: Option<PathBuf>,
    },
}

/// `sitroom batch`: many seeded playthroughs (or `batch merge` of shard outputs).
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct BatchArgs {
    #[command(subcommand)]
    pub merge: Option<BatchCommand>,
    /// Scenario file (RON).
    #[arg(required = true)]
    pub scenario: Option<PathBuf>,
    /// Runs in the whole batch (a shard plays its slice of them).
    #[arg(long, default_value_t = 1000)]
    pub runs: u64,
    /// random, explore (every option of every decision across runs), cautious, hawkish, or script:FILE.
    #[arg(long, default_value = "random")]
    pub policy: String,
    /// Batch seed: run i is seeded from it and i, the same on every machine.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Threads (default: every core); the output does not depend on it.
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Play the k-th of K slices of the runs, "k/K" from 0; "env" takes k from SLURM_ARRAY_TASK_ID
    /// or JOB_COMPLETION_INDEX and K from SLURM_ARRAY_TASK_COUNT or SITROOM_SHARDS.
    #[arg(long)]
    pub shard: Option<String>,
    /// Output format (shards for `batch merge` need json).
    #[arg(long, value_enum, default_value_t = BatchFormat::Text)]
    pub format: BatchFormat,
    /// Where to write the output (default: stdout).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Replay this one run alone (with --journal, journal it).
    #[arg(long)]
    pub run: Option<u64>,
    /// With --run: the journal to write for it.
    #[arg(long, requires = "run")]
    pub journal: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum BatchCommand {
    /// Join shard outputs (--format json) into the output of the whole batch.
    Merge {
        /// Shard outputs, in any order.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = BatchFormat::Json)]
        format: BatchFormat,
        /// Where to write the output (default: stdout).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BatchFormat {
    Text,
    Json,
    Csv,
}

/// `sitroom run`: its own struct so that `session::run` takes it whole.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario file (RON).
    pub scenario: PathBuf,
    /// Seed of the session's random generator.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Decisions script (RON list of stamped inputs, see docs/decisions-format.md).
    #[arg(long)]
    pub decisions: Option<PathBuf>,
    /// Where to write the journal (JSON Lines). Refuses to overwrite an existing file.
    #[arg(long)]
    pub journal: Option<PathBuf>,
    /// Summary format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Wall-clock milliseconds to wait per simulated minute (0 = as fast as possible).
    #[arg(long, default_value_t = 0)]
    pub pace_ms: u64,
    /// Seal the journal with this secret key (made by `sitroom key`) when the session ends.
    #[arg(long, value_name = "SECRET_KEY", requires = "journal")]
    pub sign: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Mode {
    Turns,
    Realtime,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Dot,
    Mermaid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Html,
    Md,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
