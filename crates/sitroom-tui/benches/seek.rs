//! The replay viewer's seek time on the flagship and on the two long
//! historical reconstructions, and what its checkpoints cost to build and
//! keep. A plain timing loop (criterion is heavy on small machines):
//!
//!     cargo bench -p sitroom-tui --bench seek
//!
//! Each journal is built in memory from the shipped script (a recorded one
//! has a hash line per minute: 378,000 for NotPetya), ending with the hash
//! line of the session's last minute, as `Recorder` writes it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

use std::sync::Arc;
use std::time::{Duration, Instant};

use sitroom_engine::{Session, Stamped, StateHash};
use sitroom_journal::{Entry, FORMAT, HashLine, Header, Journal, VERSION, session_at};
use sitroom_scenario::{Minutes, Scenario};
use sitroom_tui::Seeker;
use sitroom_tui::drive::views;

/// (label, scenario, script, seed). The flagship's `passive` script runs
/// the whole 240 minutes: its longest journal.
const CASES: [(&str, &str, &str, u64); 3] = [
    (
        "mission-compromise (flagship), passive",
        "mission-compromise.ron",
        "mission-compromise/passive.ron",
        1,
    ),
    (
        "albania-iran-2022, historical",
        "albania-iran-2022.ron",
        "albania-iran-2022/historical.ron",
        1,
    ),
    (
        "notpetya-2017, historical",
        "notpetya-2017.ron",
        "notpetya-2017/historical.ron",
        1,
    ),
];
/// Seeks to pseudo-random minutes, each from where the previous one left.
const RANDOM_SEEKS: usize = 300;

fn read(name: &str) -> String {
    let path = format!("{}/../../scenarios/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn reach(s: &mut Session, at: Minutes) {
    if at > s.now() {
        s.advance(at - s.now());
    }
}

/// The whole session of a script: the minute it ended (or its duration)
/// and the hash there.
fn run(sc: &Arc<Scenario>, inputs: &[Stamped], seed: u64) -> (Minutes, StateHash) {
    let mut s = Session::new(sc.clone(), seed);
    for i in inputs {
        reach(&mut s, i.at);
        let _ = s.submit(i.input.clone());
    }
    reach(&mut s, sc.meta.duration);
    (s.now(), s.state_hash())
}

/// The journal of a whole session: the script's inputs, then the hash line
/// of its last minute.
fn journal(
    sc: &Arc<Scenario>,
    source: &str,
    inputs: &[Stamped],
    seed: u64,
    (end, hash): (Minutes, StateHash),
) -> Journal {
    let mut entries: Vec<Entry> = inputs.iter().cloned().map(Entry::Input).collect();
    entries.push(Entry::Hash(HashLine { at: end, hash }));
    Journal {
        header: Header {
            format: FORMAT.to_string(),
            version: VERSION,
            engine: sitroom_engine::VERSION.to_string(),
            scenario_id: sc.meta.id.clone(),
            scenario_name: String::new(),
            scenario_hash: String::new(),
            scenario_source: source.to_string(),
            seed,
            started: None,
        },
        inputs: inputs.to_vec(),
        hashes: vec![(end, hash)],
        scores: Vec::new(),
        rosters: Vec::new(),
        paces: Vec::new(),
        entries,
        truncated_tail: false,
        valid_len: 0,
    }
}

/// Resident memory in bytes (Linux; 0 elsewhere).
fn rss() -> usize {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<usize>().ok())
        .map_or(0, |pages| pages * 4096)
}

/// Loads a case: the scenario, its source and the script's inputs.
fn load(case: usize) -> (Arc<Scenario>, String, Vec<Stamped>, u64) {
    let (_, file, script, seed) = CASES[case];
    let source = read(file);
    let sc = Arc::new(
        sitroom_scenario::load(&source).unwrap_or_else(|e| panic!("{file}: {}", e.message)),
    );
    let opts =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let inputs: Vec<Stamped> = opts
        .from_str(&read(script))
        .unwrap_or_else(|e| panic!("{script}: {e}"));
    (sc, source, inputs, seed)
}

/// In a child process (so that memory freed by other cases is not reused):
/// the resident memory a seeker adds, with the journal's end passed in.
fn memory_child(case: usize, end: Minutes) {
    let (sc, source, inputs, seed) = load(case);
    let journal = journal(&sc, &source, &inputs, seed, (end, StateHash([0; 32])));
    let before = rss();
    let seeker = Seeker::new(journal, sc);
    let kept = rss().saturating_sub(before);
    std::hint::black_box(&seeker);
    println!("{kept}");
}

/// Runs `memory_child` for a case; the bytes, or 0 if that fails.
fn memory(case: usize, end: Minutes) -> usize {
    let Ok(exe) = std::env::current_exe() else {
        return 0;
    };
    std::process::Command::new(exe)
        .args(["--memory", &case.to_string(), &end.to_string()])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok()?.trim().parse().ok())
        .unwrap_or(0)
}

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1e3)
}

/// One seek as the viewer does it: the session at the minute, then its views.
fn seek(seeker: &mut Seeker, minute: Minutes) -> Duration {
    let t = Instant::now();
    let s = seeker.at(minute);
    std::hint::black_box(views(s));
    t.elapsed()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, case, end] = args.as_slice()
        && flag == "--memory"
    {
        let (Ok(case), Ok(end)) = (case.parse(), end.parse()) else {
            panic!("usage: --memory CASE END");
        };
        memory_child(case, end);
        return;
    }
    println!(
        "| journal | minutes | checkpoints (interval) | open (pass + timeline) | memory kept (per checkpoint) | seek median | seek p99 | seek max | worst case | full re-simulation |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for (case, (label, ..)) in CASES.iter().enumerate() {
        let (sc, source, inputs, seed) = load(case);
        let last = run(&sc, &inputs, seed);
        let journal = journal(&sc, &source, &inputs, seed, last);
        let kept = memory(case, last.0);

        // Opening: the pass that keeps the checkpoints, and the timeline.
        let t = Instant::now();
        let mut seeker = Seeker::new(journal.clone(), sc.clone());
        let open_pass = t.elapsed();
        let timeline = seeker.timeline();
        let open = t.elapsed();
        let end = timeline.end;

        // Pseudo-random seeks over the whole journal, from wherever the last one left.
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut samples: Vec<Duration> = (0..RANDOM_SEEKS)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                seek(&mut seeker, (x % (u64::from(end) + 1)) as Minutes)
            })
            .collect();
        samples.sort();
        let median = samples[samples.len() / 2];
        let p99 = samples[samples.len() * 99 / 100];
        let max = samples[samples.len() - 1];

        // The worst case by construction: from the end back to the minute
        // before each next checkpoint (a fork plus a whole interval).
        let interval = seeker.interval();
        let mut worst = Duration::ZERO;
        for k in 0..seeker.checkpoints() as Minutes {
            let target = (k * interval + interval - 1).min(end);
            seeker.at(end);
            worst = worst.max(seek(&mut seeker, target));
        }

        let t = Instant::now();
        let s = session_at(&journal, sc.clone(), end);
        std::hint::black_box(views(&s));
        let full = t.elapsed();

        println!(
            "| {label} | {end} | {} ({interval}) | {} ({} + {}) | {} ({}) | {} | {} | {} | {} | {} |",
            seeker.checkpoints(),
            ms(open),
            ms(open_pass),
            ms(open - open_pass),
            mb(kept),
            mb(kept / (seeker.checkpoints() + 1)),
            ms(median),
            ms(p99),
            ms(max),
            ms(worst),
            ms(full),
        );
    }
}
