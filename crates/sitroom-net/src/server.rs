//! The session server. One task (the room) owns the session through the
//! host and is the only place anything changes: connections hand it what
//! clients send and take from it what to write. Every intent is authorized
//! against the seat, journaled (the host's driver fsyncs before returning),
//! acknowledged, then the changed views are broadcast — each client only
//! its seat's.
//!
//! Nothing a client does can slow the clock or the others: the room never
//! waits on a socket. It puts frames in each client's bounded queue without
//! blocking; a client whose queue is full is dropped, and a write that does
//! not finish in time closes that one connection.

use std::collections::BTreeMap;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use sitroom_engine::{
    Input, Refusal, Seat, Session, authorize, authorize_clock, authorize_request,
};
use sitroom_host::{Driven, Host, HostError, Pacer};
use sitroom_journal::{Pace, PaceMode};
use sitroom_record::Record;
use sitroom_scenario::Minutes;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, oneshot};
use tokio_util::codec::{FramedRead, FramedWrite};

use crate::error::NetError;
use crate::protocol::{
    ClientFrame, ClockCommand, Command, Console, MAX_CLIENT_FRAME, MAX_FORM_ID, MAX_ROSTER,
    MAX_ROSTER_TEXT, MAX_SERVER_FRAME, Member, PROTOCOL, PaceState, Question, SeatPresence,
    ServerFrame, codec, decode, encode,
};
use crate::token::SeatTable;

/// Where the server's log lines go (stderr in the binary). Tokens never
/// reach it.
pub type Log = Arc<dyn Fn(&str) + Send + Sync>;

/// How the server treats its clients.
#[derive(Clone)]
pub struct ServerConfig {
    pub seats: SeatTable,
    /// The scenario's RON text, for the facilitator's and reviewer's console.
    pub source: String,
    pub pace: PaceState,
    /// Frames waiting for one client before it is dropped as not reading.
    pub queue: usize,
    /// How long one write to a client may take.
    pub send_timeout: Duration,
    /// How long a new connection has to say hello.
    pub hello_timeout: Duration,
    /// The most clients connected at once.
    pub max_clients: usize,
    /// How often a real-time clock looks at the wall clock.
    pub tick: Duration,
    /// Real time: the paused clock starts by itself once every team seat
    /// has a client (a rehearsal, or a room that starts when all are in).
    pub start_when_seated: bool,
    pub log: Log,
}

impl ServerConfig {
    pub fn new(seats: SeatTable, source: String, pace: PaceState, log: Log) -> ServerConfig {
        ServerConfig {
            seats,
            source,
            pace,
            queue: 256,
            send_timeout: Duration::from_secs(5),
            hello_timeout: Duration::from_secs(5),
            max_clients: 256,
            tick: Duration::from_millis(20),
            start_when_seated: false,
            log,
        }
    }
}

/// How serving stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServeEnd {
    /// The session ended and every client has left.
    Finished { at: Minutes },
    /// Stopped from outside (Ctrl-C) before the end; `--resume` continues.
    Stopped { at: Minutes },
}

/// What connections tell the room.
enum Msg {
    Join {
        seat_token: String,
        client: String,
        roster: Vec<Member>,
        addr: SocketAddr,
        reply: oneshot::Sender<Result<Joined, String>>,
    },
    Frame {
        id: u64,
        frame: ClientFrame,
    },
    Gone {
        id: u64,
        reason: String,
    },
}

struct Joined {
    id: u64,
    out: mpsc::Receiver<Bytes>,
}

struct Client {
    seat: Seat,
    instance: String,
    addr: SocketAddr,
    tx: mpsc::Sender<Bytes>,
    /// The last view and presence sent, so that only changes go out.
    last_view: Option<Bytes>,
    last_presence: Option<Bytes>,
    ended: bool,
    /// A team client's open decision form (`Command::Form`).
    form: Option<String>,
}

/// What was answered to an intent, so that a client sending it again after
/// a reconnection hears the same and nothing is applied twice.
#[derive(Clone)]
enum Answer {
    Ack,
    Rejected(String),
}

struct Room<D> {
    host: Host<D>,
    config: ServerConfig,
    clients: BTreeMap<u64, Client>,
    next_id: u64,
    rosters: BTreeMap<Seat, Vec<Member>>,
    /// Per client instance: the answers given, by intent id.
    answered: BTreeMap<String, BTreeMap<u64, Answer>>,
    pace: PaceState,
    pacer: Pacer,
    last_tick: Instant,
    fatal: Option<String>,
    /// Something changed since the last broadcast. Views go out once per
    /// batch of messages, not once per message: fifty decisions landing in
    /// the same minute cost one round of views, not fifty.
    dirty: bool,
}

/// Serves the session on `listener` until it has ended and every client
/// has left, or `shutdown` resolves. The host's driver is the record: a
/// journal's `Recorder` makes every acknowledged intent durable first.
pub async fn serve<D: Driven + Send + 'static>(
    listener: TcpListener,
    host: Host<D>,
    config: ServerConfig,
    shutdown: impl Future<Output = ()>,
) -> Result<ServeEnd, NetError> {
    let (tx, mut rx) = mpsc::channel::<Msg>(1024);
    let accept_config = config.clone();
    let accept_tx = tx.clone();
    let acceptor = tokio::spawn(async move {
        loop {
            match listener.accept().await {
                Ok((stream, addr)) => {
                    let _ = stream.set_nodelay(true);
                    tokio::spawn(connection(
                        stream,
                        addr,
                        accept_tx.clone(),
                        accept_config.clone(),
                    ));
                }
                Err(e) => {
                    (accept_config.log)(&format!("accepting a connection failed: {e}"));
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            }
        }
    });
    drop(tx);
    let pace = config.pace;
    let mut room = Room {
        host,
        pacer: Pacer::new(pace.speed),
        pace,
        config,
        clients: BTreeMap::new(),
        next_id: 1,
        rosters: BTreeMap::new(),
        answered: BTreeMap::new(),
        last_tick: Instant::now(),
        fatal: None,
        dirty: false,
    };
    let mut ticker = tokio::time::interval(room.config.tick);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    tokio::pin!(shutdown);
    let end = loop {
        tokio::select! {
            () = &mut shutdown => break ServeEnd::Stopped { at: room.now() },
            msg = rx.recv() => match msg {
                Some(msg) => {
                    room.handle(msg);
                    // What else is already waiting is handled before the
                    // views go out (bounded, so the clock still ticks).
                    for _ in 0..256 {
                        match rx.try_recv() {
                            Ok(msg) => room.handle(msg),
                            Err(_) => break,
                        }
                    }
                }
                None => break ServeEnd::Stopped { at: room.now() },
            },
            _ = ticker.tick() => room.tick(),
        }
        if std::mem::take(&mut room.dirty) {
            room.broadcast();
        }
        if let Some(fatal) = room.fatal.take() {
            room.close_all(&format!("the server stopped: {fatal}"));
            acceptor.abort();
            return Err(NetError::Sink(fatal));
        }
        if room.host.session().is_over() && room.clients.is_empty() {
            break ServeEnd::Finished { at: room.now() };
        }
    };
    room.close_all("the server is shutting down");
    acceptor.abort();
    Ok(end)
}

impl<D: Driven> Room<D> {
    fn now(&self) -> Minutes {
        self.host.session().now()
    }

    fn log(&self, line: &str) {
        (self.config.log)(line);
    }

    fn handle(&mut self, msg: Msg) {
        match msg {
            Msg::Join {
                seat_token,
                client,
                roster,
                addr,
                reply,
            } => {
                let joined = self.join(&seat_token, client, roster, addr);
                let id = joined.as_ref().ok().map(|j| j.id);
                if reply.send(joined).is_err()
                    && let Some(id) = id
                {
                    self.clients.remove(&id);
                }
                self.dirty = true;
            }
            Msg::Frame { id, frame } => self.frame(id, frame),
            Msg::Gone { id, reason } => {
                if let Some(c) = self.clients.remove(&id) {
                    self.log(&format!(
                        "{} left ({}, client {id}): {reason}",
                        c.seat, c.addr
                    ));
                    self.dirty = true;
                }
                // A client gone with its form open has it closed.
                self.hold_check();
            }
        }
    }

    fn join(
        &mut self,
        token: &str,
        instance: String,
        roster: Vec<Member>,
        addr: SocketAddr,
    ) -> Result<Joined, String> {
        let Some(seat) = self.config.seats.seat_of(token) else {
            self.log(&format!("refused {addr}: unknown token"));
            return Err("unknown token: this token grants no seat in this session".into());
        };
        if self.clients.len() >= self.config.max_clients {
            return Err(format!(
                "the room is full ({} clients)",
                self.config.max_clients
            ));
        }
        if instance.is_empty() || instance.len() > 64 {
            return Err("the client id must be 1 to 64 characters".into());
        }
        if roster.len() > MAX_ROSTER
            || roster.iter().any(|m| {
                m.name.chars().count() > MAX_ROSTER_TEXT || m.role.chars().count() > MAX_ROSTER_TEXT
            })
        {
            return Err(format!(
                "a roster names at most {MAX_ROSTER} people, each name and role at most {MAX_ROSTER_TEXT} characters"
            ));
        }
        let id = self.next_id;
        self.next_id += 1;
        let (tx, out) = mpsc::channel(self.config.queue.max(4));
        let name = seat_name(self.host.session(), &seat);
        let welcome = ServerFrame::Welcome {
            protocol: PROTOCOL,
            seat: seat.clone(),
            name,
            title: self.host.session().scenario().meta.title.clone(),
            pace: self.pace,
            scenario: sees_everything(&seat).then(|| self.config.source.clone()),
            seed: sees_everything(&seat).then(|| self.host.session().seed()),
        };
        let bytes = encode(&welcome).map_err(|e| e.to_string())?;
        let _ = tx.try_send(bytes);
        let known = self.rosters.entry(seat.clone()).or_default();
        let fresh: Vec<Member> = roster.into_iter().filter(|m| !known.contains(m)).collect();
        if !fresh.is_empty() {
            known.extend(fresh.iter().cloned());
            // Kept in the journal for the after-action report.
            let line = sitroom_journal::Roster {
                at: self.host.session().now(),
                seat: crate::token::seat_key(&seat),
                members: fresh
                    .into_iter()
                    .map(|m| sitroom_journal::Member {
                        name: m.name,
                        role: m.role,
                    })
                    .collect(),
            };
            if let Err(e) = self.host.roster(line) {
                self.fatal = Some(e.to_string());
            }
        }
        self.log(&format!("{seat} joined from {addr} (client {id})"));
        let seated = seat.clone();
        self.clients.insert(
            id,
            Client {
                seat,
                instance,
                addr,
                tx,
                last_view: None,
                last_presence: None,
                form: None,
                ended: false,
            },
        );
        if matches!(seated, Seat::Team(_)) {
            self.start_if_seated();
        }
        Ok(Joined { id, out })
    }

    /// Closes one client's connection, telling it why and logging it.
    fn kick(&mut self, id: u64, reason: &str) {
        if let Some(c) = self.clients.remove(&id) {
            self.log(&format!(
                "closed {} ({}, client {id}): {reason}",
                c.seat, c.addr
            ));
            if let Ok(bytes) = encode(&ServerFrame::Closing {
                reason: reason.to_string(),
                retry: false,
            }) {
                let _ = c.tx.try_send(bytes);
            }
        }
        self.dirty = true;
        self.hold_check();
    }

    fn close_all(&mut self, reason: &str) {
        let ids: Vec<u64> = self.clients.keys().copied().collect();
        for id in ids {
            if let Some(c) = self.clients.remove(&id)
                && let Ok(bytes) = encode(&ServerFrame::Closing {
                    reason: reason.to_string(),
                    retry: true,
                })
            {
                let _ = c.tx.try_send(bytes);
            }
        }
    }

    fn send(&mut self, id: u64, frame: &ServerFrame) {
        let Ok(bytes) = encode(frame) else { return };
        self.send_bytes(id, bytes);
    }

    /// Queues a frame without waiting; a client whose queue is full has
    /// stopped reading and is dropped.
    fn send_bytes(&mut self, id: u64, bytes: Bytes) {
        let full = match self.clients.get(&id) {
            Some(c) => c.tx.try_send(bytes).is_err(),
            None => return,
        };
        if full && let Some(c) = self.clients.remove(&id) {
            self.log(&format!(
                "dropped {} ({}, client {id}): it stopped reading ({} frames waiting)",
                c.seat, c.addr, self.config.queue
            ));
        }
    }

    fn frame(&mut self, id: u64, frame: ClientFrame) {
        match frame {
            ClientFrame::Hello { .. } => self.kick(id, "out of order: a second hello"),
            ClientFrame::Bye => {
                if let Some(c) = self.clients.remove(&id) {
                    self.log(&format!("{} said goodbye (client {id})", c.seat));
                    self.dirty = true;
                }
                self.hold_check();
            }
            ClientFrame::Intent {
                id: intent,
                against,
                command,
                confirmed,
            } => self.intent(id, intent, against, command, confirmed),
        }
    }

    fn intent(
        &mut self,
        id: u64,
        intent: u64,
        against: Minutes,
        command: Command,
        confirmed: bool,
    ) {
        let Some(client) = self.clients.get(&id) else {
            return;
        };
        let seat = client.seat.clone();
        let instance = client.instance.clone();
        if let Some(answer) = self
            .answered
            .get(&instance)
            .and_then(|m| m.get(&intent))
            .cloned()
        {
            // Sent again after a reconnection: the same answer, nothing applied.
            let frame = match answer {
                Answer::Ack => ServerFrame::Ack {
                    id: intent,
                    duplicate: true,
                },
                Answer::Rejected(reason) => ServerFrame::Rejected { id: intent, reason },
            };
            self.send(id, &frame);
            return;
        }
        let now = self.now();
        if against > now {
            return self.kick(
                id,
                &format!("out of order: an intent made against minute {against}, but the clock is at {now}"),
            );
        }
        let answer = match command {
            Command::Input(input) => {
                if let Err(refusal) = authorize(self.host.session().scenario(), &seat, &input) {
                    return self.kick(id, &format!("not allowed: {refusal}"));
                }
                match self.input(id, intent, &seat, against, input, confirmed) {
                    Some(answer) => answer,
                    None => return,
                }
            }
            Command::Advance(advance) => {
                if let Err(refusal) = authorize_clock(&seat) {
                    return self.kick(id, &format!("not allowed: {refusal}"));
                }
                if !confirmed {
                    let preview = self.host.preview(advance);
                    if !preview.is_quiet() {
                        let question = Question::Advance { advance, preview };
                        self.send(
                            id,
                            &ServerFrame::Question {
                                id: intent,
                                question,
                            },
                        );
                        return;
                    }
                }
                match self.host.run(advance) {
                    Ok(()) => Answer::Ack,
                    Err(e) => {
                        self.fatal = Some(e.to_string());
                        return;
                    }
                }
            }
            Command::Clock(command) => {
                if let Err(refusal) = authorize_clock(&seat) {
                    return self.kick(id, &format!("not allowed: {refusal}"));
                }
                self.clock(command)
            }
            Command::AskPause => {
                if let Err(refusal) = authorize_request(&seat) {
                    return self.kick(id, &format!("not allowed: {refusal}"));
                }
                let name = seat_name(self.host.session(), &seat);
                self.log(&format!("{seat} asks for a pause"));
                if let Ok(bytes) = encode(&ServerFrame::Asked {
                    seat: seat.clone(),
                    name,
                }) {
                    let consoles: Vec<u64> = self
                        .clients
                        .iter()
                        .filter(|(_, c)| sees_everything(&c.seat))
                        .map(|(k, _)| *k)
                        .collect();
                    for c in consoles {
                        self.send_bytes(c, bytes.clone());
                    }
                }
                Answer::Ack
            }
            Command::Form { decision } => {
                if let Err(refusal) = authorize_request(&seat) {
                    return self.kick(id, &format!("not allowed: {refusal}"));
                }
                if decision.as_ref().is_some_and(|d| d.len() > MAX_FORM_ID) {
                    return self.kick(id, "a decision id longer than 256 bytes");
                }
                let open = match (&seat, &decision) {
                    (_, None) => true,
                    (Seat::Team(t), Some(d)) => self
                        .host
                        .session()
                        .open_decisions()
                        .iter()
                        .any(|o| &o.decision == d && o.teams.contains(t)),
                    _ => false,
                };
                if open {
                    if let Some(c) = self.clients.get_mut(&id) {
                        c.form = decision;
                    }
                    self.hold_check();
                    Answer::Ack
                } else {
                    Answer::Rejected(format!(
                        "decision `{}` is not open for your team",
                        decision.unwrap_or_default()
                    ))
                }
            }
        };
        self.answered
            .entry(instance)
            .or_default()
            .insert(intent, answer.clone());
        let frame = match answer {
            Answer::Ack => ServerFrame::Ack {
                id: intent,
                duplicate: false,
            },
            Answer::Rejected(reason) => ServerFrame::Rejected { id: intent, reason },
        };
        self.send(id, &frame);
        self.dirty = true;
    }

    /// An engine input from an authorized seat; `None` when a question was
    /// asked instead or the record failed.
    fn input(
        &mut self,
        id: u64,
        intent: u64,
        seat: &Seat,
        against: Minutes,
        input: Input,
        confirmed: bool,
    ) -> Option<Answer> {
        let session = self.host.session();
        if let Input::Decide {
            team,
            decision,
            option,
            rationale,
        } = &input
        {
            // The very same choice already recorded (sent again after the
            // server restarted from its journal, or from the team's second
            // terminal): acknowledged, not applied twice.
            let view = session.team_view(team);
            if let Some(tv) = &view
                && tv.made.iter().any(|m| {
                    &m.decision == decision
                        && &m.option == option
                        && &m.rationale == rationale
                        && !m.defaulted
                        && m.at >= against
                })
            {
                return Some(Answer::Ack);
            }
            if let Some(reason) = view.and_then(|tv| stale(&tv, decision, against)) {
                return Some(Answer::Rejected(reason));
            }
        }
        if let Input::Release { inject } = &input
            && !confirmed
            && let Some(outcome) = self.host.would_end(&input)
        {
            let question = Question::Release {
                inject: inject.clone(),
                outcome,
            };
            self.send(
                id,
                &ServerFrame::Question {
                    id: intent,
                    question,
                },
            );
            return None;
        }
        match self.host.submit(seat, input) {
            Ok(()) => Some(Answer::Ack),
            Err(HostError::Refused(Refusal::Input(e))) => Some(Answer::Rejected(e.to_string())),
            Err(HostError::Refused(r)) => Some(Answer::Rejected(r.to_string())),
            Err(HostError::Sink(e)) => {
                self.fatal = Some(e.to_string());
                None
            }
        }
    }

    fn clock(&mut self, command: ClockCommand) -> Answer {
        if !self.pace.realtime {
            return Answer::Rejected(
                "the clock is turn-based: it moves only when the facilitator advances".into(),
            );
        }
        match command {
            ClockCommand::Pause => self.pace.paused = true,
            ClockCommand::Resume => {
                self.pace.paused = false;
                self.pacer.reset();
                self.last_tick = Instant::now();
            }
            ClockCommand::Speed(speed) => {
                self.pace.speed = speed.max(1);
                self.pacer.set_speed(self.pace.speed);
            }
            ClockCommand::AutoPause(on) => {
                self.pace.auto_pause = on;
                self.log(if on {
                    "auto-pause on: the clock stands still while a team's form is open"
                } else {
                    "auto-pause off"
                });
                if self.hold_check() {
                    // hold_check has journaled and announced the pace.
                    return Answer::Ack;
                }
            }
        }
        self.pace_changed();
        Answer::Ack
    }

    /// Journals the pace and tells every client.
    fn pace_changed(&mut self) {
        let pace = Pace {
            at: self.now(),
            mode: PaceMode::Realtime,
            speed: self.pace.speed,
        };
        if let Err(e) = self.host.pace(pace) {
            self.fatal = Some(e.to_string());
        }
        let frame = ServerFrame::Pace(self.pace);
        if let Ok(bytes) = encode(&frame) {
            let ids: Vec<u64> = self.clients.keys().copied().collect();
            for id in ids {
                self.send_bytes(id, bytes.clone());
            }
        }
    }

    /// Whether the auto-pause should hold the clock: it is on, the clock
    /// runs in real time, and a team client has a form open on a decision
    /// still open for the team. Holds or lets go when that changed (a `Pace`
    /// frame to everyone, as a pause or a resume); `true` if it did.
    fn hold_check(&mut self) -> bool {
        let forms: Vec<(&str, &str)> = self
            .clients
            .values()
            .filter_map(|c| match (&c.seat, &c.form) {
                (Seat::Team(t), Some(d)) => Some((t.as_str(), d.as_str())),
                _ => None,
            })
            .collect();
        let held = self.pace.auto_pause
            && self.pace.realtime
            && !forms.is_empty()
            && !self.host.session().is_over()
            && {
                let open = self.host.session().open_decisions();
                forms.iter().any(|(t, d)| {
                    open.iter()
                        .any(|o| o.decision == *d && o.teams.iter().any(|x| x == t))
                })
            };
        if held == self.pace.held {
            return false;
        }
        self.pace.held = held;
        if held {
            self.log("a team's decision form is open: the clock stands still");
        } else {
            self.log("no team's form is open: the clock runs again");
            self.pacer.reset();
            self.last_tick = Instant::now();
        }
        self.pace_changed();
        true
    }

    /// Starts a paused real-time clock once every team seat has a client,
    /// if the server was asked to (once: a pause after that is the
    /// facilitator's).
    fn start_if_seated(&mut self) {
        if !self.config.start_when_seated || !self.pace.realtime || !self.pace.paused {
            return;
        }
        let all = self
            .config
            .seats
            .seats()
            .filter(|s| matches!(s, Seat::Team(_)))
            .all(|s| self.clients.values().any(|c| &c.seat == s));
        if all {
            self.config.start_when_seated = false;
            self.log("every team is seated: the clock starts");
            self.clock(ClockCommand::Resume);
        }
    }

    /// A real-time clock's minutes, from the wall time since the last tick.
    fn tick(&mut self) {
        let now = Instant::now();
        let ms = u64::try_from(now.duration_since(self.last_tick).as_millis()).unwrap_or(u64::MAX);
        self.last_tick = now;
        if self.pace.held {
            // A form on a decision that has closed since no longer holds it.
            self.hold_check();
        }
        if !self.pace.realtime
            || self.pace.paused
            || self.pace.held
            || self.host.session().is_over()
        {
            return;
        }
        let minutes = self.pacer.elapse(ms);
        if minutes == 0 {
            return;
        }
        if let Err(e) = self.host.advance(minutes) {
            self.fatal = Some(e.to_string());
            return;
        }
        self.dirty = true;
    }

    /// Sends every client its seat's view if it changed, the presence to
    /// the facilitator and reviewers, and the end to everyone once.
    fn broadcast(&mut self) {
        let mut views: BTreeMap<Seat, Option<Bytes>> = BTreeMap::new();
        let presence = encode(&ServerFrame::Presence {
            seats: self.presence(),
        })
        .ok();
        let mut ended: BTreeMap<Seat, Option<Bytes>> = BTreeMap::new();
        let over = self.host.session().is_over();
        let ids: Vec<u64> = self.clients.keys().copied().collect();
        for id in ids {
            let Some(c) = self.clients.get(&id) else {
                continue;
            };
            let seat = c.seat.clone();
            let view = views
                .entry(seat.clone())
                .or_insert_with(|| view_frame(self.host.session(), &seat))
                .clone();
            let mut out = Vec::new();
            if let Some(view) = view
                && c.last_view.as_ref() != Some(&view)
            {
                out.push(view.clone());
                if let Some(c) = self.clients.get_mut(&id) {
                    c.last_view = Some(view);
                }
            }
            if sees_everything(&seat)
                && let Some(p) = &presence
                && self.clients.get(&id).and_then(|c| c.last_presence.as_ref()) != Some(p)
            {
                out.push(p.clone());
                if let Some(c) = self.clients.get_mut(&id) {
                    c.last_presence = Some(p.clone());
                }
            }
            if over && self.clients.get(&id).is_some_and(|c| !c.ended) {
                let frame = ended
                    .entry(seat.clone())
                    .or_insert_with(|| ended_frame(self.host.session(), &seat, &self.config.source))
                    .clone();
                if let Some(frame) = frame {
                    out.push(frame);
                }
                if let Some(c) = self.clients.get_mut(&id) {
                    c.ended = true;
                }
            }
            for bytes in out {
                self.send_bytes(id, bytes);
            }
        }
    }

    fn presence(&self) -> Vec<SeatPresence> {
        let session = self.host.session();
        let open = session.open_decisions();
        self.config
            .seats
            .seats()
            .map(|seat| SeatPresence {
                seat: seat.clone(),
                name: seat_name(session, seat),
                connected: self.clients.values().filter(|c| &c.seat == seat).count(),
                roster: self.rosters.get(seat).cloned().unwrap_or_default(),
                waiting: match seat {
                    Seat::Team(t) => open
                        .iter()
                        .filter(|d| d.teams.contains(t))
                        .map(|d| d.title.clone())
                        .collect(),
                    _ => Vec::new(),
                },
            })
            .collect()
    }
}

/// Why a decision made against minute `against` may not be applied now
/// although the engine would take it: the decision was reopened since, so
/// the choice was made on an opening that has closed.
fn stale(tv: &sitroom_engine::TeamView, decision: &str, against: Minutes) -> Option<String> {
    let reopened = tv
        .voided
        .iter()
        .filter(|v| v.decision == decision && v.reopened && v.at > against)
        .map(|v| v.at)
        .max();
    let opened = tv
        .decisions
        .iter()
        .find(|d| d.decision == decision)
        .map(|d| d.opened_at)
        .filter(|&at| at > against);
    reopened.or(opened).map(|at| {
        format!(
            "decided on the view of minute {against}, but “{decision}” was opened again at minute {at}: look at it again and decide anew"
        )
    })
}

/// The facilitator and reviewers see everything (the console).
fn sees_everything(seat: &Seat) -> bool {
    matches!(seat, Seat::Facilitator | Seat::Reviewer)
}

fn seat_name(session: &Session, seat: &Seat) -> String {
    match seat {
        Seat::Team(t) => session
            .scenario()
            .team(t)
            .map_or_else(|| t.clone(), |t| t.name.clone()),
        Seat::Facilitator => "the facilitator".into(),
        Seat::Room => "the room screen".into(),
        Seat::Reviewer => "an observer".into(),
    }
}

/// A seat's view as a frame: built by the engine for that seat only.
fn view_frame(session: &Session, seat: &Seat) -> Option<Bytes> {
    let frame = match seat {
        Seat::Team(t) => ServerFrame::Team(Box::new(session.team_view(t)?)),
        Seat::Room => ServerFrame::Room(Box::new(session.room_view())),
        Seat::Facilitator | Seat::Reviewer => {
            let over = session.is_over();
            ServerFrame::Console(Box::new(Console {
                view: session.facilitator_view(),
                scores: if over {
                    session.revealed_scores()
                } else {
                    session.scores()
                },
                teams: session
                    .scenario()
                    .teams
                    .iter()
                    .filter_map(|t| session.team_view(&t.id))
                    .collect(),
                record: over.then(|| Box::new(Record::of(session))),
            }))
        }
    };
    encode(&frame).ok()
}

/// The end as a seat receives it: a team its own record, the room the
/// reveal with the scenario to read it, the console nothing more.
fn ended_frame(session: &Session, seat: &Seat, source: &str) -> Option<Bytes> {
    let outcome = session.outcome()?.clone();
    let (record, scenario) = match seat {
        Seat::Team(t) => (
            Some(Box::new(
                Record::of(session).for_team(session.scenario(), t),
            )),
            None,
        ),
        Seat::Room => (
            Some(Box::new(Record::of(session))),
            Some(source.to_string()),
        ),
        Seat::Facilitator | Seat::Reviewer => (None, None),
    };
    encode(&ServerFrame::Ended {
        outcome,
        record,
        scenario,
    })
    .ok()
}

/// Tells a client why it is refused, giving up after `limit`.
async fn refuse(writer: &mut Writer, limit: Duration, reason: String) {
    if let Ok(bytes) = encode(&ServerFrame::Closing {
        reason,
        retry: false,
    }) {
        let _ = tokio::time::timeout(limit, writer.send(bytes)).await;
    }
}

type Writer = FramedWrite<tokio::net::tcp::OwnedWriteHalf, tokio_util::codec::LengthDelimitedCodec>;

/// One client's connection: the hello, then frames in and out until either
/// side closes. Only this task touches the socket.
async fn connection(
    stream: TcpStream,
    addr: SocketAddr,
    room: mpsc::Sender<Msg>,
    config: ServerConfig,
) {
    let (read, write) = stream.into_split();
    let mut reader = FramedRead::new(read, codec(MAX_CLIENT_FRAME));
    let mut writer = FramedWrite::new(write, codec(MAX_SERVER_FRAME));
    let log = |line: String| (config.log)(&line);
    let hello = match tokio::time::timeout(config.hello_timeout, reader.next()).await {
        Ok(Some(Ok(bytes))) => {
            decode::<ClientFrame>(&bytes).map_err(|e| format!("malformed frame: {e}"))
        }
        Ok(Some(Err(e))) => Err(format!("bad frame: {e}")),
        Ok(None) => return,
        Err(_) => Err(format!(
            "no hello within {} s",
            config.hello_timeout.as_secs()
        )),
    };
    let (token, client, roster) = match hello {
        Ok(ClientFrame::Hello {
            protocol,
            token,
            client,
            roster,
        }) => {
            if protocol != PROTOCOL {
                log(format!("refused {addr}: protocol {protocol}"));
                refuse(&mut writer, config.send_timeout, format!(
                    "this server speaks protocol {PROTOCOL}, the client {protocol}: use the same version of sitroom on both ends"
                ))
                .await;
                return;
            }
            (token, client, roster)
        }
        Ok(_) => {
            log(format!(
                "refused {addr}: out of order: the first frame must be hello"
            ));
            refuse(
                &mut writer,
                config.send_timeout,
                "out of order: the first frame must be hello".into(),
            )
            .await;
            return;
        }
        Err(reason) => {
            log(format!("refused {addr}: {reason}"));
            refuse(&mut writer, config.send_timeout, reason).await;
            return;
        }
    };
    let (reply, answer) = oneshot::channel();
    if room
        .send(Msg::Join {
            seat_token: token,
            client,
            roster,
            addr,
            reply,
        })
        .await
        .is_err()
    {
        return;
    }
    let Joined { id, mut out } = match answer.await {
        Ok(Ok(joined)) => joined,
        Ok(Err(reason)) => {
            refuse(&mut writer, config.send_timeout, reason).await;
            return;
        }
        Err(_) => return,
    };
    loop {
        tokio::select! {
            frame = reader.next() => {
                let gone = match frame {
                    Some(Ok(bytes)) => match decode::<ClientFrame>(&bytes) {
                        Ok(frame) => {
                            if room.send(Msg::Frame { id, frame }).await.is_err() {
                                return;
                            }
                            continue;
                        }
                        Err(e) => format!("malformed frame: {e}"),
                    },
                    Some(Err(e)) => format!("bad frame: {e}"),
                    None => "disconnected".to_string(),
                };
                if gone != "disconnected"
                    && let Ok(bytes) = encode(&ServerFrame::Closing { reason: gone.clone(), retry: false })
                {
                    let _ = tokio::time::timeout(config.send_timeout, writer.send(bytes)).await;
                }
                let _ = room.send(Msg::Gone { id, reason: gone }).await;
                return;
            }
            bytes = out.recv() => match bytes {
                Some(bytes) => {
                    match tokio::time::timeout(config.send_timeout, writer.send(bytes)).await {
                        Ok(Ok(())) => {}
                        Ok(Err(e)) => {
                            let _ = room.send(Msg::Gone { id, reason: format!("write failed: {e}") }).await;
                            return;
                        }
                        Err(_) => {
                            let _ = room.send(Msg::Gone {
                                id,
                                reason: format!("it stopped reading (a write took over {} s)", config.send_timeout.as_secs()),
                            }).await;
                            return;
                        }
                    }
                }
                // The room dropped this client (it told it why first).
                None => {
                    let _ = SinkExt::<Bytes>::flush(&mut writer).await;
                    return;
                }
            },
        }
    }
}
