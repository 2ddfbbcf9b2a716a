//! Load: 50 headless team clients on loopback against `sitroom serve`.
//! Reports the decision round trip (intent sent → acknowledgement, which
//! includes the journal's fsync) at p50/p99, and the server's memory, each
//! against an anchor measured in the same run: a bare loopback TCP ping-pong
//! for the round trip, the idle server for the memory.
//!
//! `cargo bench --bench room` (builds the release binary it runs).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sitroom_engine::Input;
use sitroom_host::ScriptEntry;
use sitroom_net::{Link, Retry};

const TEAMS: usize = 50;
const ROUNDS: usize = 4;

/// A scenario with one played team per client, each with its own decision
/// every ten minutes.
fn scenario() -> String {
    let mut teams = String::new();
    let mut injects = String::new();
    for t in 1..=TEAMS {
        teams.push_str(&format!(
            "(id: \"t{t:02}\", name: \"Team {t:02}\", actor: \"home\", role: NationalCert, sees: (channels: [Briefing])),\n"
        ));
        for k in 0..ROUNDS {
            injects.push_str(&format!(
                "(id: \"d-t{t:02}-{k}\", title: \"Decision {k} of team {t:02}\", channel: Briefing, audience: [\"t{t:02}\"], \
                 release: At({}), text: \"Decide.\", decision: (prompt: \"Which?\", deadline: 8, options: [\
                 (id: \"a\", label: \"Watch\", response: Monitor, effects: [Add(\"load\", 1)]), (id: \"b\", label: \"Remediate\", response: Remediate, effects: [Add(\"load\", -1)])])),\n",
                2 + 10 * k
            ));
        }
    }
    format!(
        "(meta: (id: \"load\", title: \"Load\", summary: \"Load.\", briefing: \"Fifty teams.\", duration: {}),\n\
         actors: [(id: \"home\", name: \"Homeland\", kind: State)],\n\
         teams: [{teams}],\n\
         variables: [(id: \"load\", name: \"Load\", min: -100, max: 100, initial: 0)],\n\
         escalation: (initial: 0, rungs: [(level: 0, name: \"Routine\")]),\n\
         injects: [{injects}],\n         endings: [(id: \"done\", title: \"Done\", description: \"Every round played.\", when: Elapsed({}))])",
        10 * ROUNDS + 5,
        10 * ROUNDS + 2
    )
}

fn script(team: usize) -> Vec<ScriptEntry> {
    (0..ROUNDS)
        .map(|k| ScriptEntry {
            when_open: false,
            at: (3 + 10 * k) as u32,
            input: Input::Decide {
                team: format!("t{team:02}"),
                decision: format!("d-t{team:02}-{k}"),
                option: if k % 2 == 0 { "a" } else { "b" }.into(),
                rationale: Some("Load test.".into()),
            },
        })
        .collect()
}

fn rss_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// The anchor: round trips of 4-byte ping-pongs over a loopback socket.
fn loopback_ping_pong(n: usize) -> Vec<Duration> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let echo = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        s.set_nodelay(true).unwrap();
        let mut buf = [0u8; 4];
        for _ in 0..n {
            s.read_exact(&mut buf).unwrap();
            s.write_all(&buf).unwrap();
        }
    });
    let mut c = std::net::TcpStream::connect(addr).unwrap();
    c.set_nodelay(true).unwrap();
    let mut out = Vec::with_capacity(n);
    let mut buf = [0u8; 4];
    for _ in 0..n {
        let t = Instant::now();
        c.write_all(b"ping").unwrap();
        c.read_exact(&mut buf).unwrap();
        out.push(t.elapsed());
    }
    echo.join().unwrap();
    out
}

/// The second anchor: appending a journal-sized line and syncing it, as the
/// journal does before every acknowledgement.
fn append_and_sync(dir: &std::path::Path, n: usize) -> Vec<Duration> {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.join("anchor.jsonl"))
        .unwrap();
    let line = [b'x'; 200];
    (0..n)
        .map(|_| {
            let t = Instant::now();
            f.write_all(&line).unwrap();
            f.sync_data().unwrap();
            t.elapsed()
        })
        .collect()
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let scenario_path = dir.path().join("load.ron");
    std::fs::write(&scenario_path, scenario()).unwrap();
    let journal = dir.path().join("load.jsonl");
    if std::env::var_os("ROOM_SCENARIO").is_some() {
        println!("{}", scenario());
        return;
    }
    let status = Command::new("cargo")
        .args(["build", "--release", "--quiet", "--bin", "sitroom"])
        .status()
        .unwrap();
    assert!(status.success());
    let bin = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/sitroom");
    let mut server = Command::new(&bin)
        .arg("serve")
        .arg(&scenario_path)
        .args([
            "--bind",
            "127.0.0.1:0",
            "--mode",
            "realtime",
            "--speed",
            "300",
            "--start-when-seated",
        ])
        .arg("--journal")
        .arg(&journal)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = server.id();
    let mut tokens = std::collections::BTreeMap::new();
    let mut addr = String::new();
    for line in BufReader::new(server.stdout.take().unwrap()).lines() {
        let line = line.unwrap();
        let w: Vec<&str> = line.split_whitespace().collect();
        if let Some(i) = w.iter().position(|x| *x == "--token") {
            addr = w[i - 1].to_string();
            tokens.insert(w[0].to_string(), w[i + 1].to_string());
        }
        if line.starts_with("Ctrl-C stops") {
            break;
        }
    }
    std::thread::sleep(Duration::from_millis(300));
    let idle_kb = rss_kb(pid, "VmRSS:");
    let anchor = {
        let mut a = loopback_ping_pong(2000);
        a.sort();
        a
    };
    let sync = {
        let mut a = append_and_sync(dir.path(), 200);
        a.sort();
        a
    };
    let started = Instant::now();
    let clients: Vec<_> = (1..=TEAMS)
        .map(|t| {
            let token = tokens[&format!("team:t{t:02}")].clone();
            let addr = addr.clone();
            std::thread::spawn(move || {
                let mut link = Link::connect(&addr, &token, Vec::new(), Retry::default()).unwrap();
                let played = sitroom_net::headless::play(
                    &mut link,
                    &script(t),
                    Duration::from_secs(120),
                    &mut |_| {},
                )
                .unwrap();
                link.bye();
                played
            })
        })
        .collect();
    let mut peak_kb = 0;
    let mut trips = Vec::new();
    let mut refused = 0;
    for c in clients {
        while !c.is_finished() {
            peak_kb = peak_kb.max(rss_kb(pid, "VmRSS:"));
            std::thread::sleep(Duration::from_millis(20));
        }
        let played = c.join().unwrap();
        refused += played.rejected.len();
        trips.extend(played.round_trips);
    }
    peak_kb = peak_kb.max(rss_kb(pid, "VmHWM:"));
    let wall = started.elapsed();
    let _ = server.wait();
    trips.sort();
    let p50 = percentile(&trips, 0.50);
    let p99 = percentile(&trips, 0.99);
    let a50 = percentile(&anchor, 0.50);
    let a99 = percentile(&anchor, 0.99);
    println!(
        "room: {TEAMS} headless team clients, {} decisions acknowledged, {refused} refused, {:.1} s",
        trips.len(),
        wall.as_secs_f64()
    );
    println!(
        "decision round trip: p50 {:.2} ms, p99 {:.2} ms (loopback ping-pong anchor p50 {:.3} ms, p99 {:.3} ms; ratio p50 {:.0}×, p99 {:.0}×)",
        ms(p50),
        ms(p99),
        ms(a50),
        ms(a99),
        ms(p50) / ms(a50).max(1e-6),
        ms(p99) / ms(a99).max(1e-6)
    );
    println!(
        "journal append + fsync anchor: p50 {:.2} ms, p99 {:.2} ms (round trip p50 = {:.1} fsyncs; {TEAMS} teams decide in the same minute, each waits for those before it)",
        ms(percentile(&sync, 0.5)),
        ms(percentile(&sync, 0.99)),
        ms(p50) / ms(percentile(&sync, 0.5)).max(1e-6)
    );
    println!(
        "server memory: idle {:.1} MB, peak with {TEAMS} clients {:.1} MB ({:.2}× idle)",
        idle_kb as f64 / 1024.0,
        peak_kb as f64 / 1024.0,
        peak_kb as f64 / idle_kb.max(1) as f64
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
