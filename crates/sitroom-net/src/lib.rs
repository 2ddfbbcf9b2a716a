//! The exercise room over the network. `sitroom serve` runs a [`serve`]r
//! that owns the session through the host; each seat joins with its token
//! through a [`Link`] — the terminal UI, or [`headless`] from a decisions
//! script. The server is authoritative: clients send intents, it
//! authorizes each against the seat, journals, acknowledges, broadcasts.
//! Every client receives only its seat's view.

/// The client side: connect, say hello, keep unacknowledged intents across
/// reconnections; a blocking handle for front ends.
pub mod client;
mod error;
/// A seat played from a decisions script, printing what it receives.
pub mod headless;
/// The frames and their limits.
pub mod protocol;
/// The session server.
pub mod server;
/// Seat tokens: generated, hashed, compared in constant time.
pub mod token;

pub use client::{Link, LinkEvent, Retry};
pub use error::NetError;
pub use protocol::{ClientFrame, Command, Member, PROTOCOL, PaceState, ServerFrame};
pub use server::{Log, ServeEnd, ServerConfig, serve};
pub use token::{SeatTable, Token, TokenHash, seat_key, seat_of_key};
