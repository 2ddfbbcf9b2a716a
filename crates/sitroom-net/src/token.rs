//! Seat tokens: 128 random bits each, given out once as text; the server
//! keeps only their SHA-256 and compares in constant time, so neither a
//! log nor a timing tells anyone a token.

use std::fmt;

use sha2::{Digest, Sha256};
use sitroom_engine::Seat;
use subtle::ConstantTimeEq;

/// The text every token starts with (so one is recognisable in a chat).
const PREFIX: &str = "sr1-";
/// Random bytes per token: 128 bits.
const BYTES: usize = 16;

/// A token as given to a seat. Its `Debug` hides the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(…)")
    }
}

impl Token {
    /// A fresh token from the operating system's randomness.
    pub fn generate() -> Result<Token, getrandom::Error> {
        let mut bytes = [0u8; BYTES];
        getrandom::fill(&mut bytes)?;
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok(Token(format!("{PREFIX}{hex}")))
    }

    /// A token read back (from the tokens file at `--resume`); `None`
    /// unless it has the shape [`Token::generate`] gives.
    pub fn parse(text: &str) -> Option<Token> {
        let hex = text.strip_prefix(PREFIX)?;
        (hex.len() == BYTES * 2 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
            .then(|| Token(text.to_string()))
    }

    /// The secret, for the join line and the tokens file only.
    pub fn secret(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> TokenHash {
        TokenHash::of(&self.0)
    }
}

/// What the server keeps of a token.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenHash([u8; 32]);

impl fmt::Debug for TokenHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("TokenHash(…)")
    }
}

impl TokenHash {
    pub fn of(presented: &str) -> TokenHash {
        TokenHash(Sha256::digest(presented.as_bytes()).into())
    }
}

/// How a seat is named in the tokens file and the journal's rosters:
/// `team:ID`, `facilitator`, `room`, `observer`.
pub fn seat_key(seat: &Seat) -> String {
    match seat {
        Seat::Team(t) => format!("team:{t}"),
        Seat::Facilitator => "facilitator".into(),
        Seat::Room => "room".into(),
        Seat::Reviewer => "observer".into(),
    }
}

/// The seat a key names (the inverse of [`seat_key`]).
pub fn seat_of_key(key: &str) -> Option<Seat> {
    match key {
        "facilitator" => Some(Seat::Facilitator),
        "room" => Some(Seat::Room),
        "observer" => Some(Seat::Reviewer),
        k => k
            .strip_prefix("team:")
            .filter(|t| !t.is_empty())
            .map(|t| Seat::Team(t.to_string())),
    }
}

/// The seats of a session and their tokens' hashes.
#[derive(Debug, Clone)]
pub struct SeatTable {
    seats: Vec<(Seat, TokenHash)>,
}

impl SeatTable {
    pub fn new(seats: impl IntoIterator<Item = (Seat, TokenHash)>) -> SeatTable {
        SeatTable {
            seats: seats.into_iter().collect(),
        }
    }

    /// The seat a presented token grants, comparing against every seat's
    /// hash in constant time (the time says nothing of which, or how close).
    pub fn seat_of(&self, presented: &str) -> Option<Seat> {
        let hash = TokenHash::of(presented);
        let mut found = None;
        for (seat, known) in &self.seats {
            if bool::from(known.0.ct_eq(&hash.0)) {
                found = Some(seat.clone());
            }
        }
        found
    }

    pub fn seats(&self) -> impl Iterator<Item = &Seat> {
        self.seats.iter().map(|(s, _)| s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_grants_its_seat_and_nothing_else() {
        let a = Token::generate().unwrap();
        let b = Token::generate().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.secret().len(), PREFIX.len() + 32);
        let table = SeatTable::new([
            (Seat::Team("a".into()), a.hash()),
            (Seat::Facilitator, b.hash()),
        ]);
        assert_eq!(table.seat_of(a.secret()), Some(Seat::Team("a".into())));
        assert_eq!(table.seat_of(b.secret()), Some(Seat::Facilitator));
        assert_eq!(table.seat_of("sr1-00000000000000000000000000000000"), None);
        assert_eq!(table.seat_of(""), None);
        assert!(!format!("{a:?}").contains(&a.secret()[4..]));
    }

    #[test]
    fn only_well_formed_tokens_parse() {
        let a = Token::generate().unwrap();
        assert_eq!(Token::parse(a.secret()), Some(a));
        assert_eq!(Token::parse("sr1-xyz"), None);
        assert_eq!(Token::parse("sr1-0000000000000000000000000000000g"), None);
    }
}
