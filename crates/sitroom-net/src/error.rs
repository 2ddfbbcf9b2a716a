use std::fmt;

/// Why a server or client stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NetError {
    /// The address could not be bound or reached.
    Io(String),
    /// The server refused this client (unknown token, another protocol, …):
    /// trying again would not help.
    Refused(String),
    /// The other end broke the protocol.
    Protocol(String),
    /// The server lost its connection and could not get it back.
    Lost(String),
    /// Writing the journal failed: the session stopped being trustworthy.
    Sink(String),
}

impl fmt::Display for NetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NetError::Io(e) => write!(f, "network: {e}"),
            NetError::Refused(e) => write!(f, "the server refused: {e}"),
            NetError::Protocol(e) => write!(f, "protocol: {e}"),
            NetError::Lost(e) => write!(f, "connection lost: {e}"),
            NetError::Sink(e) => write!(f, "journal: {e}"),
        }
    }
}

impl std::error::Error for NetError {}
