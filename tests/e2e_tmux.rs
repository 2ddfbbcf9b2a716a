//! The real binary in a real terminal: tmux with a private socket and a
//! fixed size. Start `sitroom play` on the flagship scenario, take a
//! decision as a team (hot-seat), advance, quit with confirmation, then
//! verify the journal it wrote. Without tmux the test is skipped with a
//! note, except under CI (`CI=true`), where a missing tmux is a failure.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use crate::util::{root, run, tempdir};

struct Tmux {
    socket: String,
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux")
    }

    fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "e2e"];
        args.extend_from_slice(keys);
        let out = self.cmd(&args);
        assert!(
            out.status.success(),
            "send-keys {keys:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Types text literally (no key names).
    fn type_text(&self, text: &str) {
        let out = self.cmd(&["send-keys", "-t", "e2e", "-l", text]);
        assert!(out.status.success());
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-t", "e2e"]).stdout).into_owned()
    }

    /// Polls the screen until `text` shows (never a bare sleep).
    #[track_caller]
    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return;
            }
            if Instant::now() > deadline {
                panic!("`{text}` never appeared; the screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[track_caller]
fn wait_for_file(path: &Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(text) = std::fs::read_to_string(path)
            && text.ends_with('\n')
        {
            return text;
        }
        assert!(
            Instant::now() < deadline,
            "{} never appeared",
            path.display()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn shell_quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', r"'\''"))
}

/// `sitroom play` on the flagship in a fresh tmux session (the pane stays
/// a while after it exits, for a look at the terminal); `None` (with a
/// note) when tmux is missing outside CI.
fn start_play(dir: &Path) -> Option<(Tmux, PathBuf, PathBuf)> {
    if !tmux_available() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("tmux is required under CI (.ci/run installs it)");
        }
        eprintln!("note: tmux is not installed; skipping the terminal end-to-end test");
        return None;
    }
    let journal: PathBuf = dir.join("e2e.jsonl");
    let exit_file = dir.join("exit");
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_sitroom"));
    let command = format!(
        "cd {} && NO_COLOR=1 {} play scenarios/mission-compromise.ron --seed 3 --journal {}; echo \"exit:$?\" > {}; sleep 30",
        shell_quote(&root()),
        shell_quote(&bin),
        shell_quote(&journal),
        shell_quote(&exit_file),
    );
    let tmux = Tmux {
        socket: format!(
            "sitroom-e2e-{}-{}",
            std::process::id(),
            dir.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ),
    };
    let out = tmux.cmd(&[
        "-f",
        "/dev/null",
        "new-session",
        "-d",
        "-s",
        "e2e",
        "-x",
        "100",
        "-y",
        "30",
        &command,
    ]);
    assert!(
        out.status.success(),
        "tmux new-session: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some((tmux, journal, exit_file))
}

/// The sitroom process in the pane: the pane runs `sh -c "…; echo"`, and
/// sitroom is its one child.
fn sitroom_pid(tmux: &Tmux) -> String {
    let shell = String::from_utf8_lossy(
        &tmux
            .cmd(&["display", "-p", "-t", "e2e", "#{pane_pid}"])
            .stdout,
    )
    .trim()
    .to_string();
    let child = Command::new("pgrep")
        .args(["-P", &shell])
        .output()
        .expect("pgrep");
    let pid = String::from_utf8_lossy(&child.stdout).trim().to_string();
    assert!(
        !pid.is_empty() && !pid.contains('\n'),
        "one sitroom process under the shell: {pid:?}"
    );
    pid
}

#[test]
fn play_decide_advance_quit_then_verify_the_journal() {
    let dir = tempdir();
    let Some((tmux, journal, exit_file)) = start_play(dir.path()) else {
        return;
    };

    tmux.wait_for("START");
    tmux.send(&["Enter"]);
    tmux.wait_for("FACILITATOR");
    // VALCERT's first decision opens at T+5.
    tmux.send(&["A"]);
    tmux.wait_for("Advance by how long, or to when?");
    tmux.type_text("5");
    tmux.send(&["Enter"]);
    tmux.wait_for("T+005");
    // Hand the keyboard to VALCERT (second row of the Teams pane).
    tmux.send(&["t", "j", "Enter"]);
    tmux.wait_for("Choose a code");
    tmux.type_text("4821");
    tmux.send(&["Enter"]);
    tmux.wait_for("Type the code again");
    tmux.type_text("4821");
    tmux.send(&["Enter"]);
    tmux.wait_for("Pass the keyboard to VALCERT");
    tmux.send(&["Enter"]);
    tmux.wait_for("TEAM VALCERT");
    tmux.send(&["d"]);
    tmux.wait_for("Decide:");
    tmux.send(&["Tab"]);
    tmux.type_text("contain and keep the evidence");
    tmux.send(&["Tab", "Enter"]);
    tmux.wait_for("Record this decision?");
    tmux.send(&["y"]);
    tmux.wait_for("Recorded:");
    // Hand back, advance, quit with confirmation.
    tmux.send(&["Escape"]);
    tmux.wait_for("Pass the keyboard to the facilitator");
    tmux.send(&["Enter"]);
    tmux.wait_for("Type the facilitator's code");
    tmux.type_text("4821");
    tmux.send(&["Enter"]);
    tmux.wait_for("FACILITATOR");
    tmux.send(&["n"]);
    tmux.send(&["q"]);
    tmux.wait_for("Quit?");
    tmux.send(&["y"]);
    assert_eq!(wait_for_file(&exit_file).trim(), "exit:0");

    let text = std::fs::read_to_string(&journal).expect("the journal exists");
    assert!(
        text.contains("contain and keep the evidence"),
        "the decision is in the journal"
    );
    run(["replay".as_ref(), journal.as_os_str(), "--verify".as_ref()]).assert_code(0);
}

#[test]
fn sigterm_restores_the_terminal_and_keeps_the_journal() {
    let dir = tempdir();
    let Some((tmux, journal, exit_file)) = start_play(dir.path()) else {
        return;
    };
    tmux.wait_for("START");
    tmux.send(&["Enter"]);
    tmux.wait_for("FACILITATOR");
    tmux.send(&["a"]);
    tmux.wait_for("T+005");
    let alternate = |tmux: &Tmux| {
        String::from_utf8_lossy(
            &tmux
                .cmd(&["display", "-p", "-t", "e2e", "#{alternate_on}"])
                .stdout,
        )
        .trim()
        .to_string()
    };
    assert_eq!(alternate(&tmux), "1", "the UI runs on the alternate screen");
    let pid = sitroom_pid(&tmux);
    let killed = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(killed.success());
    let exit = wait_for_file(&exit_file);
    assert!(exit.starts_with("exit:"), "{exit}");
    assert_eq!(
        alternate(&tmux),
        "0",
        "the terminal left the alternate screen"
    );
    run(["replay".as_ref(), journal.as_os_str(), "--verify".as_ref()]).assert_code(0);
}

/// A terminal that goes away (the tmux server killed, an SSH session
/// dropped) ends the UI instead of leaving it spinning on end-of-file.
#[test]
fn a_terminal_that_goes_away_ends_the_ui() {
    let dir = tempdir();
    let Some((tmux, _journal, _exit_file)) = start_play(dir.path()) else {
        return;
    };
    tmux.wait_for("START");
    tmux.send(&["Enter"]);
    tmux.wait_for("FACILITATOR");
    let pid = sitroom_pid(&tmux);
    // The shell above it goes with the server; sitroom must notice.
    let _ = tmux.cmd(&["kill-server"]);
    let proc = std::path::PathBuf::from(format!("/proc/{pid}"));
    let start = std::time::Instant::now();
    while proc.exists() && start.elapsed() < std::time::Duration::from_secs(15) {
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(
        !proc.exists(),
        "sitroom {pid} still runs after its terminal went away"
    );
}
