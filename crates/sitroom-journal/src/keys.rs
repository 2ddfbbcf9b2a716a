//! The facilitator's signing key and the reviewers' public key: ed25519
//! (`ed25519-dalek`), stored as one line of text each. The key is made
//! from 32 random bytes the caller supplies (the CLI asks the operating
//! system), so that this crate draws no randomness of its own.

use std::fmt;

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

use crate::format::{hex, unhex};

/// The first word of a secret key file.
const SECRET_TAG: &str = "sitroom-ed25519-secret";
/// The first word of a public key file.
const PUBLIC_TAG: &str = "sitroom-ed25519-public";
/// What a seal signs, before the head and the line count.
const SEAL_DOMAIN: &[u8] = b"sitroom-journal seal v3\n";

/// A key file or key text that is not what it should be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError(pub String);

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for KeyError {}

/// The facilitator's signing key. Never printed (`Debug` hides it).
pub struct SecretKey(SigningKey);

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretKey(public {})", self.public())
    }
}

impl SecretKey {
    /// The key of 32 secret random bytes.
    pub fn from_seed(seed: [u8; 32]) -> SecretKey {
        SecretKey(SigningKey::from_bytes(&seed))
    }

    /// Reads the text of a secret key file (`sitroom-ed25519-secret <64 hex>`).
    pub fn from_text(text: &str) -> Result<SecretKey, KeyError> {
        let bytes = tagged(text, SECRET_TAG)?;
        Ok(SecretKey::from_seed(bytes))
    }

    /// The text of a secret key file.
    pub fn to_text(&self) -> String {
        format!("{SECRET_TAG} {}\n", hex(&self.0.to_bytes()))
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// The ed25519 signature of `message`.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.0.sign(message).to_bytes()
    }
}

/// A public key, as given to reviewers.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({self})")
    }
}

/// The key as 64 hex digits.
impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&hex(self.0.as_bytes()))
    }
}

impl PublicKey {
    /// Reads a public key file's text (`sitroom-ed25519-public <64 hex>`) or
    /// the bare 64 hex digits.
    pub fn from_text(text: &str) -> Result<PublicKey, KeyError> {
        let bytes = match tagged(text, PUBLIC_TAG) {
            Ok(bytes) => bytes,
            Err(e) => unhex::<32>(text.trim()).ok_or(e)?,
        };
        PublicKey::from_bytes(&bytes)
    }

    pub(crate) fn from_bytes(bytes: &[u8; 32]) -> Result<PublicKey, KeyError> {
        VerifyingKey::from_bytes(bytes)
            .map(PublicKey)
            .map_err(|_| KeyError("not an ed25519 public key (not a curve point)".into()))
    }

    /// The text of a public key file.
    pub fn to_text(&self) -> String {
        format!("{PUBLIC_TAG} {self}\n")
    }

    /// Whether `signature` is this key's (strict ed25519) signature of `message`.
    pub(crate) fn verifies(&self, message: &[u8], signature: &[u8; 64]) -> bool {
        self.0
            .verify_strict(message, &Signature::from_bytes(signature))
            .is_ok()
    }
}

/// `TAG <64 hex>` (one line, surrounding blanks allowed) as 32 bytes.
fn tagged(text: &str, tag: &str) -> Result<[u8; 32], KeyError> {
    let mut words = text.split_whitespace();
    let (Some(first), Some(key), None) = (words.next(), words.next(), words.next()) else {
        return Err(KeyError(format!(
            "expected one line `{tag} <64 hex digits>`"
        )));
    };
    if first != tag {
        return Err(KeyError(format!(
            "not a {} (it starts with `{}`, expected `{tag}`)",
            if tag == SECRET_TAG {
                "secret key"
            } else {
                "public key"
            },
            first.escape_default()
        )));
    }
    unhex::<32>(key).ok_or_else(|| KeyError("the key is not 64 hex digits".into()))
}

/// What a seal signs: a domain tag, the hash of the last line covered and
/// the number of lines covered, so that a signature of one journal's head
/// cannot be moved to another line or another file format.
pub fn seal_message(head: &[u8; 32], lines: usize) -> Vec<u8> {
    let mut message = SEAL_DOMAIN.to_vec();
    message.extend_from_slice(head);
    message.extend_from_slice(&(lines as u64).to_be_bytes());
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_as_text_and_sign() {
        let key = SecretKey::from_seed([7; 32]);
        let again = SecretKey::from_text(&key.to_text()).unwrap();
        assert_eq!(again.public(), key.public());
        let public = PublicKey::from_text(&key.public().to_text()).unwrap();
        assert_eq!(PublicKey::from_text(&public.to_string()).unwrap(), public);
        let message = seal_message(&[1; 32], 9);
        let signature = key.sign(&message);
        assert!(public.verifies(&message, &signature));
        assert!(!public.verifies(&seal_message(&[1; 32], 8), &signature));
        let other = SecretKey::from_seed([8; 32]).public();
        assert!(!other.verifies(&message, &signature));
        assert!(!format!("{key:?}").contains(&hex(&[7; 32])));
    }

    #[test]
    fn bad_key_text_is_an_error() {
        let key = SecretKey::from_seed([7; 32]);
        assert!(PublicKey::from_text(&key.to_text()).is_err());
        assert!(SecretKey::from_text(&key.public().to_text()).is_err());
        assert!(SecretKey::from_text("sitroom-ed25519-secret 12").is_err());
        assert!(PublicKey::from_text("").is_err());
        assert!(SecretKey::from_text("sitroom-ed25519-secret \u{1b}[2J extra").is_err());
    }
}
