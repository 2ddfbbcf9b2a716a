//! `sitroom key` makes the facilitator's signing key pair; `sitroom seal`
//! signs a journal as it stands. The key files are one line of text each;
//! the secret one is written readable by its owner only (on Unix).

use std::io::Write;
use std::path::{Path, PathBuf};

use sitroom_journal::{PublicKey, SecretKey};

use crate::outcome::{self, Failure};
use crate::text;

/// The largest key file read (a key is one short line).
const KEY_FILE_LIMIT: u64 = 4096;

/// `OUT.pub` next to `OUT`.
fn public_path(out: &Path) -> PathBuf {
    let mut name = out.as_os_str().to_os_string();
    name.push(".pub");
    PathBuf::from(name)
}

/// Writes `text` to a new file (never overwriting), owner-only when `secret`.
fn create(path: &Path, text: &str, secret: bool) -> Result<(), Failure> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    if secret {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let _ = secret;
    let name = text::path(path);
    let mut file = options.open(path).map_err(|e| Failure::io(&name, e))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| Failure::io(&name, e))
}

/// `sitroom key OUT`.
pub fn make(out: &Path) -> Result<(), Failure> {
    let public_out = public_path(out);
    if public_out.exists() {
        return Err(Failure::Usage(format!(
            "{} already exists; a key is never overwritten",
            text::path(&public_out)
        )));
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)
        .map_err(|e| Failure::Io(format!("the system gave no random bytes: {e}")))?;
    let key = SecretKey::from_seed(seed);
    create(out, &key.to_text(), true)?;
    create(&public_out, &key.public().to_text(), false)?;
    outcome::print(&format!(
        "secret key: {} (keep it to yourself; it signs journals)\npublic key: {} ({})\n",
        text::path(out),
        text::path(&public_out),
        key.public()
    ))
}

/// Reads a key file, small and UTF-8.
fn read_key(path: &Path) -> Result<String, Failure> {
    let name = text::path(path);
    let bytes = crate::author::read_limited(path, KEY_FILE_LIMIT)?;
    String::from_utf8(bytes).map_err(|_| Failure::Usage(format!("{name}: not a key file")))
}

pub fn secret(path: &Path) -> Result<SecretKey, Failure> {
    SecretKey::from_text(&read_key(path)?)
        .map_err(|e| Failure::Usage(format!("{}: {e}", text::path(path))))
}

pub fn public(path: &Path) -> Result<PublicKey, Failure> {
    PublicKey::from_text(&read_key(path)?)
        .map_err(|e| Failure::Usage(format!("{}: {e}", text::path(path))))
}

/// `sitroom seal JOURNAL --sign KEY`: verifies the journal (it must be
/// intact and replay), then appends a seal.
pub fn seal(journal: &Path, key: &Path) -> Result<(), Failure> {
    let key = secret(key)?;
    let (_, scenario) = crate::journal::open_journal(journal)?;
    let mut recorder = sitroom_journal::resume(journal, scenario)
        .map_err(|e| crate::journal::journal_failure(journal, e))?;
    recorder
        .seal(&key)
        .map_err(|e| crate::journal::journal_failure(journal, e))?;
    outcome::print(&format!(
        "{}: sealed by key {}\n",
        text::path(journal),
        key.public()
    ))
}
