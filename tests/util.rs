//! One helper per boundary: running the `sitroom` binary and finding the
//! repository's files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (where `Cargo.toml` is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A path inside the repository.
pub fn repo(path: &str) -> PathBuf {
    root().join(path)
}

/// A `sitroom` command with no colour and a fixed working directory.
pub fn sitroom() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_sitroom"));
    cmd.env("NO_COLOR", "1").current_dir(root());
    cmd
}

/// The result of one run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Run {
        assert_eq!(
            self.code, code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// Runs `sitroom` with the arguments and captures everything.
pub fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let out: Output = sitroom().args(args).output().expect("spawn sitroom");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A fresh temporary directory removed when dropped.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("create a temporary directory")
}

#[allow(dead_code)]
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// What a forger without the signing key does after editing a format 3
/// journal's lines: recompute every `prev` so that the chain holds again.
pub fn rechain(lines: &mut [String]) {
    use sha2::Digest;
    for i in 1..lines.len() {
        let digest: [u8; 32] = sha2::Sha256::digest(lines[i - 1].as_bytes()).into();
        let prev: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        let line = &lines[i];
        let base = match line.rfind(",\"prev\":\"") {
            Some(cut) => &line[..cut],
            None => &line[..line.len() - 1],
        };
        lines[i] = format!("{base},\"prev\":\"{prev}\"}}");
    }
}
