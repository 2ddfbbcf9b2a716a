//! A seat's connection to the server, kept alive across drops: a [`Link`]
//! runs its own thread with a small tokio runtime and talks to the front
//! end through channels, so the terminal UI's loop stays synchronous.
//!
//! Every intent stays with the link until the server answers it (`Ack` or
//! `Rejected`); after a reconnection the unanswered ones are sent again
//! with the same ids, and the server, which remembers its answers by
//! client and id, never applies one twice.

use std::collections::BTreeMap;
use std::sync::mpsc as std_mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use sitroom_scenario::Minutes;
use tokio::net::TcpStream;
use tokio::net::tcp::{OwnedReadHalf, OwnedWriteHalf};
use tokio::sync::mpsc;
use tokio_util::codec::{FramedRead, FramedWrite, LengthDelimitedCodec};

use crate::error::NetError;
use crate::protocol::{
    ClientFrame, Command, MAX_CLIENT_FRAME, MAX_SERVER_FRAME, Member, PROTOCOL, ServerFrame, codec,
    decode, encode,
};

/// How hard a link tries to (re)connect: `attempts` in a row, `wait` apart,
/// each given `connect_timeout`. Bounded, so a client never hangs forever.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    pub attempts: u32,
    pub wait: Duration,
    pub connect_timeout: Duration,
}

impl Default for Retry {
    /// About two minutes of trying: long enough for a server restarted
    /// from its journal.
    fn default() -> Retry {
        Retry {
            attempts: 240,
            wait: Duration::from_millis(500),
            connect_timeout: Duration::from_secs(3),
        }
    }
}

/// What the link tells its front end.
#[derive(Debug, Clone)]
pub enum LinkEvent {
    /// Connected, or connected again (`again`): the server's welcome.
    Welcome {
        frame: ServerFrame,
        raw: Bytes,
        again: bool,
    },
    /// A frame from the server, with the bytes it came in.
    Frame { frame: ServerFrame, raw: Bytes },
    /// The connection dropped; the link is trying again. Intents sent
    /// meanwhile wait.
    Lost { reason: String },
    /// The link is over: refused, gave up, or closed by `bye`.
    Closed(NetError),
}

enum Out {
    Intent(u64, ClientFrame),
    Bye,
}

/// A blocking handle on a seat's connection.
pub struct Link {
    events: std_mpsc::Receiver<LinkEvent>,
    /// The link told its front end it is over: it says nothing more.
    over: std::cell::Cell<bool>,
    out: mpsc::UnboundedSender<Out>,
    next_id: u64,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Link")
    }
}

impl Link {
    /// Starts connecting to `addr` with `token` (the token leaves this
    /// process only in the hello).
    pub fn connect(
        addr: &str,
        token: &str,
        roster: Vec<Member>,
        retry: Retry,
    ) -> Result<Link, NetError> {
        let mut id = [0u8; 16];
        getrandom::fill(&mut id).map_err(|e| NetError::Io(e.to_string()))?;
        let client: String = id.iter().map(|b| format!("{b:02x}")).collect();
        let (events_tx, events) = std_mpsc::channel();
        let (out, out_rx) = mpsc::unbounded_channel();
        let hello = ClientFrame::Hello {
            protocol: PROTOCOL,
            token: token.to_string(),
            client,
            roster,
        };
        let addr = addr.to_string();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| NetError::Io(e.to_string()))?;
        let thread = std::thread::Builder::new()
            .name("sitroom-link".into())
            .spawn(move || {
                let end = runtime.block_on(run(addr, hello, retry, out_rx, &events_tx));
                let _ = events_tx.send(LinkEvent::Closed(end));
            })
            .map_err(|e| NetError::Io(e.to_string()))?;
        Ok(Link {
            events,
            over: std::cell::Cell::new(false),
            out,
            next_id: 1,
            thread: Some(thread),
        })
    }

    /// Sends an intent made on the view of minute `against`; its id, by
    /// which the server's answer comes back.
    pub fn send(&mut self, against: Minutes, command: Command, confirmed: bool) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        let frame = ClientFrame::Intent {
            id,
            against,
            command,
            confirmed,
        };
        let _ = self.out.send(Out::Intent(id, frame));
        id
    }

    /// The next event, waiting at most `timeout`. After `Closed`, nothing
    /// more (`None` at once).
    pub fn recv_timeout(&self, timeout: Duration) -> Option<LinkEvent> {
        if self.over.get() {
            return None;
        }
        let event = match self.events.recv_timeout(timeout) {
            Ok(e) => e,
            Err(std_mpsc::RecvTimeoutError::Timeout) => return None,
            Err(std_mpsc::RecvTimeoutError::Disconnected) => {
                LinkEvent::Closed(NetError::Lost("the link's thread ended".into()))
            }
        };
        if matches!(event, LinkEvent::Closed(_)) {
            self.over.set(true);
        }
        Some(event)
    }

    /// The next event if one is waiting.
    pub fn try_recv(&self) -> Option<LinkEvent> {
        self.recv_timeout(Duration::ZERO)
    }

    /// Says goodbye and waits for the link's thread to end.
    pub fn bye(mut self) {
        let _ = self.out.send(Out::Bye);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

type Reader = FramedRead<OwnedReadHalf, LengthDelimitedCodec>;
type Writer = FramedWrite<OwnedWriteHalf, LengthDelimitedCodec>;

/// Connects and says hello; the welcome, or why not.
async fn open(
    addr: &str,
    hello: &Bytes,
    retry: Retry,
) -> Result<(Reader, Writer, ServerFrame, Bytes), NetError> {
    let stream = tokio::time::timeout(retry.connect_timeout, TcpStream::connect(addr))
        .await
        .map_err(|_| {
            NetError::Io(format!(
                "{addr}: no answer within {} s",
                retry.connect_timeout.as_secs()
            ))
        })?
        .map_err(|e| NetError::Io(format!("{addr}: {e}")))?;
    let _ = stream.set_nodelay(true);
    let (read, write) = stream.into_split();
    let mut reader = FramedRead::new(read, codec(MAX_SERVER_FRAME));
    let mut writer = FramedWrite::new(write, codec(MAX_CLIENT_FRAME));
    writer
        .send(hello.clone())
        .await
        .map_err(|e| NetError::Io(e.to_string()))?;
    let first = tokio::time::timeout(retry.connect_timeout, reader.next())
        .await
        .map_err(|_| NetError::Io("no welcome from the server".into()))?;
    let raw = match first {
        Some(Ok(b)) => b.freeze(),
        Some(Err(e)) => return Err(NetError::Protocol(e.to_string())),
        None => return Err(NetError::Io("the server closed the connection".into())),
    };
    let frame: ServerFrame = decode(&raw).map_err(|e| NetError::Protocol(e.to_string()))?;
    match frame {
        ServerFrame::Welcome { .. } => Ok((reader, writer, frame, raw)),
        ServerFrame::Closing {
            reason,
            retry: true,
        } => Err(NetError::Io(reason)),
        ServerFrame::Closing { reason, .. } => Err(NetError::Refused(reason)),
        other => Err(NetError::Protocol(format!(
            "expected a welcome, got {}",
            kind(&other)
        ))),
    }
}

fn kind(frame: &ServerFrame) -> &'static str {
    match frame {
        ServerFrame::Welcome { .. } => "welcome",
        ServerFrame::Team(_) => "team view",
        ServerFrame::Room(_) => "room view",
        ServerFrame::Console(_) => "console",
        ServerFrame::Presence { .. } => "presence",
        ServerFrame::Pace(_) => "pace",
        ServerFrame::Ack { .. } => "ack",
        ServerFrame::Rejected { .. } => "rejected",
        ServerFrame::Question { .. } => "question",
        ServerFrame::Asked { .. } => "asked",
        ServerFrame::Ended { .. } => "ended",
        ServerFrame::Closing { .. } => "closing",
    }
}

/// The link's life: connect, relay, reconnect; returns why it ended.
async fn run(
    addr: String,
    hello: ClientFrame,
    retry: Retry,
    mut out: mpsc::UnboundedReceiver<Out>,
    events: &std_mpsc::Sender<LinkEvent>,
) -> NetError {
    let hello = match encode(&hello) {
        Ok(b) => b,
        Err(e) => return NetError::Protocol(e.to_string()),
    };
    // Intents the server has not answered, by id, in the order sent.
    let mut pending: BTreeMap<u64, Bytes> = BTreeMap::new();
    let mut failures = 0u32;
    let mut again = false;
    loop {
        let (mut reader, mut writer, welcome, raw) = match open(&addr, &hello, retry).await {
            Ok(open) => open,
            Err(NetError::Refused(reason)) => return NetError::Refused(reason),
            Err(e) => {
                failures += 1;
                if failures >= retry.attempts.max(1) {
                    return NetError::Lost(format!("{e} (gave up after {failures} attempts)"));
                }
                let _ = events.send(LinkEvent::Lost {
                    reason: format!("{e}; trying again ({failures} of {})", retry.attempts),
                });
                if !wait(retry.wait, &mut out, &mut pending).await {
                    return NetError::Lost("closed".into());
                }
                continue;
            }
        };
        failures = 0;
        if events
            .send(LinkEvent::Welcome {
                frame: welcome,
                raw,
                again,
            })
            .is_err()
        {
            return NetError::Lost("the front end went away".into());
        }
        again = true;
        let mut lost: Option<String> = None;
        for bytes in pending.values() {
            if let Err(e) = writer.send(bytes.clone()).await {
                lost = Some(e.to_string());
                break;
            }
        }
        while lost.is_none() {
            tokio::select! {
                frame = reader.next() => match frame {
                    Some(Ok(raw)) => {
                        let raw = raw.freeze();
                        let frame: ServerFrame = match decode(&raw) {
                            Ok(f) => f,
                            Err(e) => return NetError::Protocol(format!("a frame from the server: {e}")),
                        };
                        match &frame {
                            ServerFrame::Ack { id, .. }
                            | ServerFrame::Rejected { id, .. }
                            | ServerFrame::Question { id, .. } => {
                                pending.remove(id);
                            }
                            ServerFrame::Closing { reason, retry } => {
                                if !*retry {
                                    let _ = events.send(LinkEvent::Frame { frame: frame.clone(), raw });
                                    return NetError::Refused(reason.clone());
                                }
                                lost = Some(reason.clone());
                                continue;
                            }
                            _ => {}
                        }
                        if events.send(LinkEvent::Frame { frame, raw }).is_err() {
                            return NetError::Lost("the front end went away".into());
                        }
                    }
                    Some(Err(e)) => lost = Some(e.to_string()),
                    None => lost = Some("the server closed the connection".into()),
                },
                cmd = out.recv() => match cmd {
                    Some(Out::Intent(id, frame)) => match encode(&frame) {
                        Ok(bytes) => {
                            pending.insert(id, bytes.clone());
                            if let Err(e) = writer.send(bytes).await {
                                lost = Some(e.to_string());
                            }
                        }
                        Err(e) => return NetError::Protocol(e.to_string()),
                    },
                    Some(Out::Bye) | None => {
                        if let Ok(bye) = encode(&ClientFrame::Bye) {
                            let _ = tokio::time::timeout(Duration::from_secs(1), writer.send(bye)).await;
                        }
                        return NetError::Lost("closed".into());
                    }
                },
            }
        }
        let reason = lost.unwrap_or_default();
        if events.send(LinkEvent::Lost { reason }).is_err() {
            return NetError::Lost("the front end went away".into());
        }
        if !wait(retry.wait, &mut out, &mut pending).await {
            return NetError::Lost("closed".into());
        }
    }
}

/// Waits before the next attempt, keeping intents sent meanwhile;
/// `false` if the front end said goodbye.
async fn wait(
    wait: Duration,
    out: &mut mpsc::UnboundedReceiver<Out>,
    pending: &mut BTreeMap<u64, Bytes>,
) -> bool {
    let sleep = tokio::time::sleep(wait);
    tokio::pin!(sleep);
    loop {
        tokio::select! {
            () = &mut sleep => return true,
            cmd = out.recv() => match cmd {
                Some(Out::Intent(id, frame)) => {
                    if let Ok(bytes) = encode(&frame) {
                        pending.insert(id, bytes);
                    }
                }
                Some(Out::Bye) | None => return false,
            },
        }
    }
}
