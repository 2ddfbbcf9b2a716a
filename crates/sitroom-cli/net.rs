//! `sitroom serve` and `sitroom join`: the session server with its tokens
//! file, and a seat joining it (the terminal UI, or headless from a
//! decisions script).

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use sitroom_engine::{Seat, Session};
use sitroom_host::{Driven, Host};
use sitroom_journal::{Pace, PaceMode, Recorder};
use sitroom_net::{
    Link, Member, PaceState, Retry, SeatTable, ServeEnd, ServerConfig, Token, seat_key, seat_of_key,
};
use sitroom_scenario::Scenario;

use crate::args::Mode;
use crate::outcome::Failure;
use crate::{author, journal, session, text, tui};

pub struct ServeArgs {
    pub scenario: Option<PathBuf>,
    pub bind: String,
    pub seed: u64,
    pub mode: Mode,
    pub speed: u32,
    pub running: bool,
    pub start_when_seated: bool,
    /// The clock stands still while a team's form is open.
    pub auto_pause: bool,
    pub journal: Option<PathBuf>,
    pub resume: Option<PathBuf>,
    pub tokens: Option<PathBuf>,
}

pub struct JoinArgs {
    pub addr: String,
    pub token: Option<String>,
    pub token_file: Option<PathBuf>,
    pub members: Vec<String>,
    pub decisions: Option<PathBuf>,
    pub print_feed: bool,
    pub timeout: Option<u64>,
}

/// The seats a session offers: every played team, the facilitator, the
/// room screen and an observer (white cells are the facilitator's).
fn seats(scenario: &Scenario) -> Vec<Seat> {
    let mut seats: Vec<Seat> = scenario
        .teams
        .iter()
        .filter(|t| t.player)
        .map(|t| Seat::Team(t.id.clone()))
        .collect();
    seats.extend([Seat::Facilitator, Seat::Room, Seat::Reviewer]);
    seats
}

fn default_tokens(journal: &Path) -> PathBuf {
    journal.with_extension("tokens")
}

/// Writes the join lines to a new file only the user can read.
fn write_tokens(path: &Path, lines: &str) -> Result<(), Failure> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(path)
        .map_err(|e| Failure::io(format!("creating the tokens file {}", text::path(path)), e))?;
    file.write_all(lines.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| Failure::io(format!("writing {}", text::path(path)), e))
}

/// The tokens of a tokens file, by seat.
fn read_tokens(path: &Path) -> Result<Vec<(Seat, Token)>, Failure> {
    let bytes = author::read_limited(path, 1024 * 1024)?;
    let content = String::from_utf8_lossy(&bytes);
    let mut found = Vec::new();
    for (n, line) in content.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = line.split_whitespace();
        let seat = words.next().and_then(seat_of_key);
        let token = words
            .skip_while(|w| *w != "--token")
            .nth(1)
            .and_then(Token::parse);
        match (seat, token) {
            (Some(seat), Some(token)) => found.push((seat, token)),
            _ => {
                return Err(Failure::Usage(format!(
                    "{}:{}: not a join line (`SEAT sitroom join ADDR --token TOKEN`)",
                    text::path(path),
                    n + 1
                )));
            }
        }
    }
    if found.is_empty() {
        return Err(Failure::Usage(format!(
            "{}: no join lines",
            text::path(path)
        )));
    }
    Ok(found)
}

fn join_lines(scenario: &Scenario, addr: &str, tokens: &[(Seat, Token)]) -> String {
    let mut out = String::new();
    for (seat, token) in tokens {
        let who = match seat {
            Seat::Team(t) => scenario
                .team(t)
                .map_or(t.as_str(), |t| t.name.as_str())
                .to_string(),
            other => other.to_string(),
        };
        out.push_str(&format!(
            "{:<16} sitroom join {addr} --token {}   # {}\n",
            seat_key(seat),
            token.secret(),
            text::escape(&who)
        ));
    }
    out
}

pub fn serve(args: ServeArgs) -> Result<(), Failure> {
    let bind: SocketAddr = args.bind.parse().map_err(|_| {
        Failure::Usage(format!(
            "--bind {}: not an address (for example 127.0.0.1:7600 or [::1]:7600)",
            text::escape(&args.bind)
        ))
    })?;
    let (recorder, journal_path, pace, source, resumed) = match &args.resume {
        Some(path) => {
            let (_, _, scenario) = journal::open_checked(path)?;
            let recorder = sitroom_journal::resume(path, Arc::clone(&scenario))
                .map_err(|e| journal::journal_failure(path, e))?;
            let source = recorder_source(path)?;
            let pace = match recorder.last_pace() {
                Some(p) => PaceState {
                    realtime: p.mode == PaceMode::Realtime,
                    paused: true,
                    speed: p.speed.max(1),
                    auto_pause: args.auto_pause,
                    held: false,
                },
                None => PaceState {
                    realtime: false,
                    paused: true,
                    speed: 1,
                    auto_pause: args.auto_pause,
                    held: false,
                },
            };
            let pace = PaceState {
                paused: !(pace.realtime && args.running),
                ..pace
            };
            (recorder, path.clone(), pace, source, true)
        }
        None => {
            let Some(file) = &args.scenario else {
                return Err(Failure::Usage("serve needs a scenario or --resume".into()));
            };
            let loaded = author::load(
                file,
                crate::outcome::use_color(crate::args::ColorChoice::Auto),
            )?;
            let path = match &args.journal {
                Some(p) => p.clone(),
                None => tui::default_journal(&loaded.scenario.meta.id, args.seed)?,
            };
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)
                    .map_err(|e| Failure::io(format!("creating {}", text::path(dir)), e))?;
            }
            let session = Session::new(Arc::clone(&loaded.scenario), args.seed);
            let mut recorder = Recorder::create(&path, &loaded.name, &loaded.source, session)
                .map_err(|e| {
                    Failure::Io(format!("creating the journal {}: {e}", text::path(&path)))
                })?;
            let realtime = args.mode == Mode::Realtime;
            let pace = PaceState {
                realtime,
                paused: !(realtime && args.running),
                speed: args.speed,
                auto_pause: args.auto_pause,
                held: false,
            };
            Driven::pace(
                &mut recorder,
                Pace {
                    at: 0,
                    mode: if realtime {
                        PaceMode::Realtime
                    } else {
                        PaceMode::Turns
                    },
                    speed: args.speed,
                },
            )
            .map_err(|e| Failure::Io(e.to_string()))?;
            (recorder, path, pace, loaded.source, false)
        }
    };
    let scenario = Arc::clone(recorder.session().scenario());
    let tokens_path = args
        .tokens
        .clone()
        .unwrap_or_else(|| default_tokens(&journal_path));
    let tokens: Vec<(Seat, Token)> = if resumed {
        read_tokens(&tokens_path)?
    } else {
        seats(&scenario)
            .into_iter()
            .map(|s| Token::generate().map(|t| (s, t)))
            .collect::<Result<_, _>>()
            .map_err(|e| Failure::Io(format!("the system's random generator: {e}")))?
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::io("starting the network runtime", e))?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(bind))
        .map_err(|e| Failure::io(format!("listening on {bind}"), e))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Failure::io("the listening address", e))?;
    let lines = join_lines(&scenario, &addr.to_string(), &tokens);
    if !resumed {
        write_tokens(&tokens_path, &lines)?;
    }
    let table = SeatTable::new(tokens.iter().map(|(s, t)| (s.clone(), t.hash())));
    println!(
        "Serving “{}” on {addr}; journal {}.",
        text::escape(&scenario.meta.title),
        text::path(&journal_path)
    );
    if !bind.ip().is_loopback() {
        println!(
            "Listening beyond this machine: anyone who can reach {addr} needs a token to join. \
             On a shared network prefer loopback and SSH port forwarding."
        );
    }
    println!(
        "Join lines (also in {}, readable only by you):",
        text::path(&tokens_path)
    );
    print!("{lines}");
    println!(
        "{}",
        match (pace.realtime, pace.paused) {
            (false, _) => "The clock is turn-based: the facilitator advances it.".to_string(),
            (true, true) if args.start_when_seated => format!(
                "Real time at ×{}: the clock starts when every team has joined.",
                pace.speed
            ),
            (true, true) => format!(
                "Real time at ×{}, paused until the facilitator resumes.",
                pace.speed
            ),
            (true, false) => format!("Real time at ×{}, running.", pace.speed),
        }
    );
    let again = format!(
        "sitroom serve --resume {} --bind {addr}{}",
        text::path(&journal_path),
        if args.tokens.is_some() {
            format!(" --tokens {}", text::path(&tokens_path))
        } else {
            String::new()
        }
    );
    println!("Ctrl-C stops the server; `{again}` continues with the same tokens.");
    let _ = std::io::stdout().flush();
    let log: sitroom_net::Log = Arc::new(|line: &str| eprintln!("serve: {}", text::escape(line)));
    let mut config = ServerConfig::new(table, source, pace, log);
    config.start_when_seated = args.start_when_seated;
    let host = Host::new(recorder);
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let end = runtime
        .block_on(sitroom_net::serve(listener, host, config, shutdown))
        .map_err(|e| Failure::Io(e.to_string()))?;
    match end {
        ServeEnd::Finished { at } => eprintln!(
            "session ended at T+{at:03}; journal: {}",
            text::path(&journal_path)
        ),
        ServeEnd::Stopped { at } => {
            eprintln!("server stopped at T+{at:03}; `{again}` continues")
        }
    }
    Ok(())
}

/// The scenario text stored in a journal's header.
fn recorder_source(path: &Path) -> Result<String, Failure> {
    let (journal, _) = journal::open_journal(path)?;
    Ok(journal.header.scenario_source)
}

/// The first token in a file (a bare token or a join line).
fn token_from_file(path: &Path) -> Result<String, Failure> {
    let bytes = author::read_limited(path, 64 * 1024)?;
    String::from_utf8_lossy(&bytes)
        .split_whitespace()
        .find_map(Token::parse)
        .map(|t| t.secret().to_string())
        .ok_or_else(|| {
            Failure::Usage(format!(
                "{}: no token in it (one starts with sr1-)",
                text::path(path)
            ))
        })
}

/// "Name" or "Name (role)".
fn member(text: &str) -> Member {
    let text = text.trim();
    match text.strip_suffix(')').and_then(|t| t.split_once(" (")) {
        Some((name, role)) => Member {
            name: name.trim().to_string(),
            role: role.trim().to_string(),
        },
        None => Member {
            name: text.to_string(),
            role: String::new(),
        },
    }
}

pub fn join(args: JoinArgs) -> Result<(), Failure> {
    let roster: Vec<Member> = args.members.iter().map(|m| member(m)).collect();
    let token = match (&args.token, &args.token_file) {
        (Some(t), _) => t.clone(),
        (None, Some(path)) => token_from_file(path)?,
        (None, None) => return Err(Failure::Usage("join needs --token or --token-file".into())),
    };
    let mut link = Link::connect(&args.addr, &token, roster, Retry::default())
        .map_err(|e| Failure::Io(e.to_string()))?;
    let Some(decisions) = &args.decisions else {
        return tui::join(link);
    };
    let script = session::read_script_entries(decisions)?;
    let limit = Duration::from_secs(args.timeout.unwrap_or(24 * 3600));
    let stdout = std::io::stdout();
    let mut failed_write = None;
    let mut print = |raw: &[u8]| {
        if !args.print_feed || failed_write.is_some() {
            return;
        }
        let mut out = stdout.lock();
        if let Err(e) = out.write_all(raw).and_then(|()| out.write_all(b"\n")) {
            failed_write = Some(e);
        }
    };
    let played = sitroom_net::headless::play(&mut link, &script, limit, &mut print);
    link.bye();
    if let Some(e) = failed_write {
        return Err(Failure::io("writing to stdout", e));
    }
    let played = played.map_err(|e| Failure::Io(e.to_string()))?;
    let seat = played
        .seat
        .as_ref()
        .map_or_else(|| "no seat".to_string(), ToString::to_string);
    eprintln!(
        "{seat}: {} input{} acknowledged, {} refused, {} skipped (when_open, not open), {} for other seats not sent{}",
        played.acknowledged,
        if played.acknowledged == 1 { "" } else { "s" },
        played.rejected.len(),
        played.not_open,
        played.skipped,
        match played.reconnections {
            0 => String::new(),
            n => format!(", {n} reconnection{}", if n == 1 { "" } else { "s" }),
        }
    );
    for (s, why) in &played.rejected {
        eprintln!("  refused at minute {}: {}", s.at, text::escape(why));
    }
    match &played.outcome {
        Some(o) => eprintln!(
            "session ended at T+{:03}: {}",
            o.at,
            text::escape(&sitroom_record::words::outcome_title(o))
        ),
        None => eprintln!("the server went away before the session ended"),
    }
    if played.rejected.is_empty() {
        Ok(())
    } else {
        Err(Failure::Check(format!(
            "{} input{} of the script {} refused",
            played.rejected.len(),
            if played.rejected.len() == 1 { "" } else { "s" },
            if played.rejected.len() == 1 {
                "was"
            } else {
                "were"
            }
        )))
    }
}
