//! The state hash: SHA-256 over a canonical encoding of the whole session
//! state. Every field is written in a fixed order with fixed-width
//! little-endian integers, length-prefixed strings and `f64::to_bits`, so
//! the hash is the same on every machine and never depends on hash-map order.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

/// A SHA-256 digest of the session state, shown and parsed as 64 hex digits.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StateHash(pub [u8; 32]);

impl fmt::Display for StateHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for StateHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "StateHash({self})")
    }
}

/// A string that is not 64 hexadecimal digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseHashError(pub String);

impl fmt::Display for ParseHashError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a state hash (64 hexadecimal digits)",
            self.0
        )
    }
}

impl std::error::Error for ParseHashError {}

impl FromStr for StateHash {
    type Err = ParseHashError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ParseHashError(s.chars().take(80).collect());
        let bytes = s.as_bytes();
        if bytes.len() != 64 {
            return Err(err());
        }
        let mut out = [0u8; 32];
        for (i, pair) in bytes.chunks_exact(2).enumerate() {
            let hi = hex(pair[0]).ok_or_else(err)?;
            let lo = hex(pair[1]).ok_or_else(err)?;
            out[i] = hi << 4 | lo;
        }
        Ok(StateHash(out))
    }
}

fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

impl Serialize for StateHash {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for StateHash {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Writes the canonical encoding straight into the hasher.
pub struct Encoder(Sha256);

impl Encoder {
    pub fn new() -> Encoder {
        let mut e = Encoder(Sha256::new());
        e.str("sitroom-state/1");
        e
    }

    pub fn u8(&mut self, v: u8) {
        self.0.update([v]);
    }

    pub fn bool(&mut self, v: bool) {
        self.u8(u8::from(v));
    }

    pub fn u32(&mut self, v: u32) {
        self.0.update(v.to_le_bytes());
    }

    pub fn i32(&mut self, v: i32) {
        self.0.update(v.to_le_bytes());
    }

    pub fn u64(&mut self, v: u64) {
        self.0.update(v.to_le_bytes());
    }

    pub fn u128(&mut self, v: u128) {
        self.0.update(v.to_le_bytes());
    }

    pub fn usize(&mut self, v: usize) {
        self.u64(v as u64);
    }

    pub fn f64(&mut self, v: f64) {
        self.u64(v.to_bits());
    }

    pub fn str(&mut self, s: &str) {
        self.usize(s.len());
        self.0.update(s.as_bytes());
    }

    pub fn opt_u32(&mut self, v: Option<u32>) {
        match v {
            None => self.u8(0),
            Some(v) => {
                self.u8(1);
                self.u32(v);
            }
        }
    }

    pub fn opt_str(&mut self, v: Option<&str>) {
        match v {
            None => self.u8(0),
            Some(v) => {
                self.u8(1);
                self.str(v);
            }
        }
    }

    pub fn finish(self) -> StateHash {
        StateHash(self.0.finalize().into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_parse_round_trip() {
        let mut e = Encoder::new();
        e.u32(7);
        let h = e.finish();
        let text = h.to_string();
        assert_eq!(text.len(), 64);
        assert_eq!(text.parse::<StateHash>(), Ok(h));
        assert_eq!(text.to_uppercase().parse::<StateHash>(), Ok(h));
        assert!("abc".parse::<StateHash>().is_err());
        assert!("g".repeat(64).parse::<StateHash>().is_err());
        let json = serde_json::to_string(&h).unwrap_or_default();
        assert_eq!(json, format!("\"{text}\""));
    }

    #[test]
    fn encoding_is_length_prefixed() {
        let hash = |parts: &[&str]| {
            let mut e = Encoder::new();
            parts.iter().for_each(|p| e.str(p));
            e.finish()
        };
        assert_ne!(hash(&["ab", "c"]), hash(&["a", "bc"]));
    }
}
