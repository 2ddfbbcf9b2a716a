//! `sitroom serve` and `sitroom join` end to end, on loopback: a whole
//! session played by headless seats, what each seat received checked on
//! the bytes, and a server killed with SIGKILL and resumed.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::util::{repo, sitroom};

/// A server started by the binary; killed when dropped.
struct Served {
    child: Child,
    addr: String,
    tokens: BTreeMap<String, String>,
    journal: PathBuf,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    /// Starts `sitroom serve ARGS` and reads its join lines (bounded in time).
    fn start(dir: &Path, args: &[&str]) -> Served {
        let journal = dir.join("session.jsonl");
        let mut cmd = sitroom();
        cmd.arg("serve").args(args);
        if !args.contains(&"--resume") {
            cmd.arg("--journal").arg(&journal);
        }
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn sitroom serve");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut tokens = BTreeMap::new();
        let mut addr = String::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = rx
                .recv_timeout(left)
                .expect("serve printed its join lines in time");
            let words: Vec<&str> = line.split_whitespace().collect();
            if let Some(i) = words.iter().position(|w| *w == "--token") {
                addr = words[i - 1].to_string();
                tokens.insert(words[0].to_string(), words[i + 1].to_string());
            }
            if line.starts_with("Ctrl-C stops") {
                break;
            }
        }
        assert!(!tokens.is_empty(), "no join lines");
        Served {
            child,
            addr,
            tokens,
            journal,
        }
    }

    fn token(&self, seat: &str) -> &str {
        &self.tokens[seat]
    }

    /// `sitroom join --decisions SCRIPT --print-feed` as `seat`, running.
    fn join(&self, seat: &str, script: &Path) -> Child {
        sitroom()
            .args([
                "join",
                &self.addr,
                "--token",
                self.token(seat),
                "--print-feed",
            ])
            .arg("--decisions")
            .arg(script)
            .args(["--timeout", "120", "--member", "A. Student (legal adviser)"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn sitroom join")
    }

    /// `join` as `seat`, its pipes read from the start by a thread: an
    /// unread pipe would block the client.
    fn join_reading(&self, seat: &str, script: &Path) -> Reading {
        let child = self.join(seat, script);
        std::thread::spawn(move || finish(child))
    }

    /// Waits for the server to exit by itself (bounded).
    fn wait_exit(&mut self, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }
}

struct Joined {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

/// A joined client whose output a thread is reading.
type Reading = std::thread::JoinHandle<Joined>;

fn finish_all(clients: Vec<(&str, Reading)>) -> Vec<(&str, Joined)> {
    clients
        .into_iter()
        .map(|(s, t)| (s, t.join().unwrap()))
        .collect()
}

fn finish(child: Child) -> Joined {
    let out = child.wait_with_output().expect("join finished");
    Joined {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A text as it appears inside a JSON string.
fn json_text(s: &str) -> String {
    let quoted = serde_json::to_string(s).unwrap();
    quoted[1..quoted.len() - 1].to_string()
}

/// What a team must never receive on the wire: titles, texts, prompts,
/// options and ids of the injects that do not reach it, every facilitator
/// note, the scenario summary and the truth's explanations.
fn forbidden_for(sc: &sitroom_scenario::Scenario, team: &str) -> Vec<String> {
    let def = sc.team(team).expect("team");
    let reaches = |inj: &sitroom_scenario::Inject| {
        def.sees.channels.contains(&inj.channel)
            && (inj.audience.is_empty() || inj.audience.iter().any(|a| a == team))
    };
    let prefix = |s: &str| json_text(&s.chars().take(28).collect::<String>());
    let mut allowed = BTreeSet::new();
    let mut banned = BTreeSet::new();
    for inj in &sc.injects {
        let mut texts = vec![inj.title.clone(), inj.text.clone()];
        if let Some(d) = &inj.decision {
            texts.push(d.prompt.clone());
            for o in &d.options {
                texts.push(o.label.clone());
                texts.push(o.description.clone());
            }
        }
        let texts: Vec<String> = texts
            .iter()
            .filter(|t| t.len() > 6)
            .map(|t| prefix(t))
            .collect();
        if reaches(inj) {
            allowed.extend(texts);
        } else {
            banned.extend(texts);
            banned.insert(format!("\"{}\"", inj.id));
        }
        if inj.facilitator_note.len() > 6 {
            banned.insert(prefix(&inj.facilitator_note));
        }
        for o in inj.decision.iter().flat_map(|d| &d.options) {
            if o.facilitator_note.len() > 6 {
                banned.insert(prefix(&o.facilitator_note));
            }
        }
    }
    if sc.meta.facilitator_note.len() > 6 {
        banned.insert(prefix(&sc.meta.facilitator_note));
    }
    if !sc.meta.summary.is_empty() {
        banned.insert(prefix(&sc.meta.summary));
    }
    banned.difference(&allowed).cloned().collect()
}

fn scenario(path: &str) -> sitroom_scenario::Scenario {
    sitroom_scenario::load(&std::fs::read_to_string(repo(path)).unwrap()).unwrap()
}

fn frames(bytes: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line a JSON frame"))
        .collect()
}

#[test]
fn a_served_session_plays_to_the_end_and_each_seat_receives_only_its_view() {
    let dir = crate::util::tempdir();
    let mut served = Served::start(
        dir.path(),
        &[
            "scenarios/mission-compromise.ron",
            "--bind",
            "127.0.0.1:0",
            "--mode",
            "realtime",
            "--speed",
            "1200",
            "--start-when-seated",
        ],
    );
    let script = repo("scenarios/mission-compromise/restrained.ron");
    // The facilitator, the room and three team clients (VALCERT at two laptops).
    let clients = ["facilitator", "room", "team:mfa", "team:cert", "team:cert"]
        .into_iter()
        .map(|seat| (seat, served.join_reading(seat, &script)))
        .collect();
    let results = finish_all(clients);

    assert!(
        served.wait_exit(Duration::from_secs(30)),
        "the server exits once the session ended and everyone left"
    );

    let sc = scenario("scenarios/mission-compromise.ron");
    let mut decided = BTreeMap::new();
    let all: String = results
        .iter()
        .map(|(s, j)| format!("--- {s}\n{}", j.stderr))
        .collect();
    // On a running clock the last decision lands when the client sees
    // its minute, a minute or a few late on a busy machine, so the ending
    // comes at T+210 or a little after; every seat is told the same end.
    let ended_at = |stderr: &str| -> Option<u32> {
        let rest = stderr.split("session ended at T+").nth(1)?;
        let (minute, ending) = rest.split_once(": ")?;
        ending
            .starts_with("De-escalated settlement")
            .then(|| minute.parse().ok())?
    };
    let ends: BTreeSet<Option<u32>> = results.iter().map(|(_, j)| ended_at(&j.stderr)).collect();
    assert_eq!(ends.len(), 1, "every seat is told the same end: {all}");
    let end = ends.into_iter().next().unwrap();
    assert!(
        end.is_some_and(|m| (210..=240).contains(&m)),
        "settled at T+210 or soon after: {all}"
    );
    for (seat, joined) in &results {
        let frames = frames(&joined.stdout);
        assert_eq!(frames[0]["frame"], "welcome", "{seat}");
        assert!(
            frames.iter().any(|f| f["frame"] == "ended"),
            "{seat} was told of the end"
        );
        if let Some(team) = seat.strip_prefix("team:") {
            // Only its own view: team frames of its team, never a console,
            // another team's view, the scenario or the truth.
            for f in &frames {
                let kind = f["frame"].as_str().unwrap();
                assert!(
                    ["welcome", "team", "pace", "ack", "rejected", "ended"].contains(&kind),
                    "{seat} received a {kind} frame"
                );
                if kind == "team" {
                    assert_eq!(f["team"], team);
                }
            }
            let text = String::from_utf8_lossy(&joined.stdout);
            assert!(!text.contains("\"truth\":[["), "{seat} received the truth");
            assert!(
                text.match_indices("\"culprit\":\"")
                    .all(|(i, m)| text[i + m.len()..].starts_with('"')),
                "{seat} received a culprit"
            );
            let source = std::fs::read_to_string(repo("scenarios/mission-compromise.ron")).unwrap();
            let opening: String = source.chars().take(60).collect();
            assert!(
                !text.contains(&json_text(&opening)),
                "{seat} received the scenario"
            );
            let banned = forbidden_for(&sc, team);
            assert!(
                banned.len() > 10,
                "the check has teeth: {} strings",
                banned.len()
            );
            for b in &banned {
                assert!(!text.contains(b.as_str()), "{seat} received `{b}`");
            }
            let acks = frames.iter().filter(|f| f["frame"] == "ack").count();
            *decided.entry(team).or_insert(0) += acks;
        }
        if *seat == "room" {
            for f in &frames {
                let kind = f["frame"].as_str().unwrap();
                assert!(
                    ["welcome", "room", "pace", "ended"].contains(&kind),
                    "the room received a {kind} frame"
                );
            }
            let text = String::from_utf8_lossy(&joined.stdout);
            let before_end = text.split("\"frame\":\"ended\"").next().unwrap();
            assert!(
                !before_end.contains("\"options\""),
                "the room saw an option list"
            );
            assert!(
                !before_end.contains("\"truth\""),
                "the room saw the truth before the end"
            );
            assert!(
                text.contains("\"truth\":[["),
                "the room shows the reveal at the end"
            );
        }
        assert_eq!(joined.code, 0, "{seat}: {}", joined.stderr);
    }
    // Each decision acknowledged once per team: VALCERT's second laptop
    // had its copies refused as already decided, or acknowledged as the same.
    // (The MFA's six decisions and its one stated judgement.)
    assert!(decided["mfa"] >= 7 && decided["cert"] >= 5, "{decided:?}");
    // The rosters entered at join are in the journal, for the report.
    let report = crate::util::run([
        "report".as_ref(),
        served.journal.as_os_str(),
        "--format".as_ref(),
        "html".as_ref(),
    ]);
    report.assert_code(0);
    assert!(
        report
            .stdout
            .contains("participants: A. Student (legal adviser)"),
        "{}",
        report.stdout
    );
    let verify = crate::util::run([
        "replay".as_ref(),
        served.journal.as_os_str(),
        "--verify".as_ref(),
    ]);
    verify.assert_code(0);
    assert!(verify.stdout.contains("12 inputs"), "{}", verify.stdout);
}

/// A team's inputs in a journal, as (team, what): the decision for a
/// decision, `judged CASE` for a stated judgement.
fn decisions_in(journal: &Path) -> Vec<(String, String)> {
    std::fs::read_to_string(journal)
        .unwrap()
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            let input = v.get("input")?.get("input")?;
            if let Some(d) = input.get("Decide") {
                return Some((
                    d["team"].as_str()?.to_string(),
                    d["decision"].as_str()?.to_string(),
                ));
            }
            let a = input.get("Assess")?;
            Some((
                a["team"].as_str()?.to_string(),
                format!("judged {}", a["case"].as_str()?),
            ))
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn a_server_killed_mid_session_resumes_from_its_journal_and_its_clients_come_back() {
    let dir = crate::util::tempdir();
    let mut first = Served::start(
        dir.path(),
        &[
            "scenarios/mission-compromise.ron",
            "--bind",
            "127.0.0.1:0",
            "--mode",
            "realtime",
            "--speed",
            "600",
            "--start-when-seated",
        ],
    );
    let script = repo("scenarios/mission-compromise/restrained.ron");
    let clients: Vec<(&str, Reading)> = ["team:mfa", "team:cert"]
        .into_iter()
        .map(|seat| (seat, first.join_reading(seat, &script)))
        .collect();
    // Some decisions are in, most are still to come: SIGKILL (no goodbye).
    let deadline = Instant::now() + Duration::from_secs(60);
    while decisions_in(&first.journal).len() < 3 {
        assert!(Instant::now() < deadline, "decisions reached the journal");
        std::thread::sleep(Duration::from_millis(20));
    }
    let addr = first.addr.clone();
    let journal = first.journal.clone();
    first.child.kill().unwrap();
    first.child.wait().unwrap();
    let before = decisions_in(&journal);
    assert!(before.len() < 11, "killed mid-session: {before:?}");
    // Restarted from the journal on the same address with the same tokens.
    let mut second = Served::start(
        dir.path(),
        &[
            "--resume",
            journal.to_str().unwrap(),
            "--bind",
            &addr,
            "--running",
        ],
    );
    assert_eq!(second.tokens, first.tokens, "the same tokens");
    let results = finish_all(clients);
    assert!(second.wait_exit(Duration::from_secs(30)));
    for (seat, joined) in &results {
        assert!(
            joined.stderr.contains("reconnection"),
            "{seat} came back: {}",
            joined.stderr
        );
        assert!(
            joined.stderr.contains("session ended"),
            "{seat}: {}",
            joined.stderr
        );
    }
    // Every acknowledged decision is there, none twice.
    let after = decisions_in(&journal);
    let unique: BTreeSet<&(String, String)> = after.iter().collect();
    assert_eq!(unique.len(), after.len(), "no decision twice: {after:?}");
    for d in &before {
        assert!(after.contains(d), "{d:?} survived the kill");
    }
    for (seat, joined) in &results {
        let team = seat.strip_prefix("team:").unwrap();
        let acked = frames(&joined.stdout)
            .iter()
            .filter(|f| f["frame"] == "ack")
            .count();
        let journaled = after.iter().filter(|(t, _)| t == team).count();
        assert_eq!(
            acked, journaled,
            "{seat}: each acknowledgement is in the journal"
        );
    }
    crate::util::run(["replay".as_ref(), journal.as_os_str(), "--verify".as_ref()]).assert_code(0);
}
