//! The server against bad and unlucky clients, on loopback: garbage,
//! truncated and oversized frames, wrong tokens, a team token used for
//! another team or for facilitator commands, forged and out-of-order
//! frames, a client that stops reading, a decision sent again after a drop.
//! Each is refused or dropped alone; the session and the others go on.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use sitroom_engine::{Seat, Session};
use sitroom_host::Host;
use sitroom_net::protocol::{MAX_CLIENT_FRAME, codec};
use sitroom_net::{PROTOCOL, PaceState, SeatTable, ServerConfig, Token};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_util::codec::Framed;

const FLAGSHIP: &str = include_str!("../../../scenarios/mission-compromise.ron");
/// Every wait in these tests is bounded by this.
const LIMIT: Duration = Duration::from_secs(10);

struct Room {
    addr: String,
    tokens: BTreeMap<Seat, Token>,
    log: Arc<Mutex<Vec<String>>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    done: tokio::task::JoinHandle<Result<sitroom_net::ServeEnd, sitroom_net::NetError>>,
}

impl Room {
    async fn start(pace: PaceState, tune: impl FnOnce(&mut ServerConfig)) -> Room {
        let sc = Arc::new(sitroom_scenario::load(FLAGSHIP).unwrap());
        let seats = [
            Seat::Team("mfa".into()),
            Seat::Team("cert".into()),
            Seat::Facilitator,
            Seat::Room,
        ];
        let tokens: BTreeMap<Seat, Token> = seats
            .into_iter()
            .map(|s| (s, Token::generate().unwrap()))
            .collect();
        let table = SeatTable::new(tokens.iter().map(|(s, t)| (s.clone(), t.hash())));
        let log = Arc::new(Mutex::new(Vec::new()));
        let sink = log.clone();
        let mut config = ServerConfig::new(
            table,
            FLAGSHIP.to_string(),
            pace,
            Arc::new(move |l: &str| sink.lock().unwrap().push(l.to_string())),
        );
        tune(&mut config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap().to_string();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let host = Host::new(Session::new(sc, 0));
        let done = tokio::spawn(sitroom_net::serve(listener, host, config, async {
            let _ = stopped.await;
        }));
        Room {
            addr,
            tokens,
            log,
            stop: Some(stop),
            done,
        }
    }

    fn token(&self, seat: &Seat) -> &str {
        self.tokens[seat].secret()
    }

    fn logged(&self, part: &str) -> bool {
        self.log.lock().unwrap().iter().any(|l| l.contains(part))
    }

    async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        let _ = tokio::time::timeout(LIMIT, self.done).await;
    }
}

fn turns() -> PaceState {
    PaceState {
        realtime: false,
        paused: true,
        speed: 1,
        auto_pause: false,
        held: false,
    }
}

type Conn = Framed<TcpStream, tokio_util::codec::LengthDelimitedCodec>;

async fn raw(room: &Room) -> Conn {
    let stream = TcpStream::connect(&room.addr).await.unwrap();
    Framed::new(stream, codec(32 * 1024 * 1024))
}

async fn send(conn: &mut Conn, frame: Value) {
    conn.send(Bytes::from(serde_json::to_vec(&frame).unwrap()))
        .await
        .unwrap();
}

fn hello(token: &str, client: &str) -> Value {
    json!({"frame": "hello", "protocol": PROTOCOL, "token": token, "client": client})
}

/// Reads frames until one of `kind` (its JSON), or `None` at the end of the
/// connection; bounded by [`LIMIT`].
async fn until(conn: &mut Conn, kind: &str) -> Option<Value> {
    tokio::time::timeout(LIMIT, async {
        while let Some(Ok(bytes)) = conn.next().await {
            let v: Value = serde_json::from_slice(&bytes).unwrap();
            if v["frame"] == kind {
                return Some(v);
            }
        }
        None
    })
    .await
    .expect("bounded wait")
}

/// The reason the server gave for closing, and that it did close.
async fn closed_because(conn: &mut Conn) -> String {
    let closing = until(conn, "closing").await.expect("a closing frame");
    assert!(
        until(conn, "never").await.is_none(),
        "then the connection ends"
    );
    closing["reason"].as_str().unwrap().to_string()
}

fn decide(id: u64, against: u64, team: &str, decision: &str, option: &str) -> Value {
    json!({"frame": "intent", "id": id, "against": against,
           "command": {"input": {"Decide": {"team": team, "decision": decision, "option": option}}}})
}

fn advance(id: u64, minutes: u64) -> Value {
    json!({"frame": "intent", "id": id, "against": 0, "confirmed": true,
           "command": {"advance": {"By": minutes}}})
}

#[tokio::test]
async fn bad_frames_close_their_own_connection_and_the_session_goes_on() {
    let room = Room::start(turns(), |_| {}).await;
    // A good team client, connected all along.
    let mut good = raw(&room).await;
    send(
        &mut good,
        hello(room.token(&Seat::Team("cert".into())), "good"),
    )
    .await;
    assert!(until(&mut good, "welcome").await.is_some());

    // Garbage: not a length-delimited frame (the length reads as huge).
    let mut s = TcpStream::connect(&room.addr).await.unwrap();
    s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buf = Vec::new();
    let _ = tokio::time::timeout(LIMIT, s.read_to_end(&mut buf))
        .await
        .unwrap();
    assert!(
        String::from_utf8_lossy(&buf).contains("closing"),
        "told why: {buf:?}"
    );

    // Truncated: a length of 100 and 10 bytes, then the end.
    let mut s = TcpStream::connect(&room.addr).await.unwrap();
    s.write_all(&[0, 0, 0, 100]).await.unwrap();
    s.write_all(b"{\"frame\":").await.unwrap();
    s.shutdown().await.unwrap();
    let mut buf = Vec::new();
    let _ = tokio::time::timeout(LIMIT, s.read_to_end(&mut buf))
        .await
        .unwrap();

    // Oversized: a frame longer than a client may send.
    let mut c = raw(&room).await;
    let big = "x".repeat(MAX_CLIENT_FRAME + 1);
    c.send(Bytes::from(big)).await.unwrap();
    assert!(closed_because(&mut c).await.contains("frame"));

    // Malformed JSON in a well-formed frame.
    let mut c = raw(&room).await;
    c.send(Bytes::from_static(b"{not json")).await.unwrap();
    assert!(closed_because(&mut c).await.contains("malformed"));

    // Another protocol version.
    let mut c = raw(&room).await;
    send(
        &mut c,
        json!({"frame": "hello", "protocol": 99, "token": "x", "client": "c"}),
    )
    .await;
    assert!(closed_because(&mut c).await.contains("protocol"));

    // An intent before the hello.
    let mut c = raw(&room).await;
    send(&mut c, advance(1, 5)).await;
    assert!(closed_because(&mut c).await.contains("out of order"));

    // A wrong token: refused as unknown, which is not "not allowed".
    let mut c = raw(&room).await;
    send(&mut c, hello("sr1-00000000000000000000000000000000", "c")).await;
    let why = closed_because(&mut c).await;
    assert!(
        why.contains("unknown token") && !why.contains("not allowed"),
        "{why}"
    );

    // A team token deciding for another team (a forged team id).
    let mut c = raw(&room).await;
    send(
        &mut c,
        hello(room.token(&Seat::Team("mfa".into())), "forger"),
    )
    .await;
    until(&mut c, "welcome").await.unwrap();
    send(&mut c, decide(1, 0, "cert", "gateway-alert", "isolate")).await;
    let why = closed_because(&mut c).await;
    assert!(why.contains("not allowed") && why.contains("cert"), "{why}");

    // Facilitator commands from a team token: an input and the clock.
    for (i, frame) in [
        json!({"frame": "intent", "id": 1, "against": 0,
               "command": {"input": {"Release": {"inject": "gateway-alert"}}}}),
        advance(1, 30),
    ]
    .into_iter()
    .enumerate()
    {
        let mut c = raw(&room).await;
        send(
            &mut c,
            hello(room.token(&Seat::Team("mfa".into())), &format!("t{i}")),
        )
        .await;
        until(&mut c, "welcome").await.unwrap();
        send(&mut c, frame).await;
        let why = closed_because(&mut c).await;
        assert!(
            why.contains("not allowed") && why.contains("facilitator"),
            "{why}"
        );
    }

    // A second hello, and an intent made against a minute still to come.
    let mut c = raw(&room).await;
    send(&mut c, hello(room.token(&Seat::Room), "r")).await;
    until(&mut c, "welcome").await.unwrap();
    send(&mut c, hello(room.token(&Seat::Room), "r")).await;
    assert!(closed_because(&mut c).await.contains("out of order"));
    let mut c = raw(&room).await;
    send(
        &mut c,
        hello(room.token(&Seat::Team("cert".into())), "future"),
    )
    .await;
    until(&mut c, "welcome").await.unwrap();
    send(&mut c, decide(1, 500, "cert", "gateway-alert", "isolate")).await;
    assert!(closed_because(&mut c).await.contains("out of order"));

    // The room screen sends nothing: read-only, closed as not allowed.
    let mut c = raw(&room).await;
    send(&mut c, hello(room.token(&Seat::Room), "room")).await;
    until(&mut c, "welcome").await.unwrap();
    send(&mut c, advance(1, 5)).await;
    assert!(closed_because(&mut c).await.contains("not allowed"));

    // And the session carried on: the facilitator advances, the good team
    // client sees the decision and records it.
    let mut fac = raw(&room).await;
    send(&mut fac, hello(room.token(&Seat::Facilitator), "fac")).await;
    until(&mut fac, "welcome").await.unwrap();
    send(&mut fac, advance(1, 6)).await;
    assert_eq!(until(&mut fac, "ack").await.unwrap()["id"], 1);
    let view = loop {
        let v = until(&mut good, "team").await.unwrap();
        if v["now"].as_u64() == Some(6) {
            break v;
        }
    };
    assert_eq!(view["decisions"][0]["decision"], "gateway-alert");
    send(&mut good, decide(1, 6, "cert", "gateway-alert", "isolate")).await;
    let ack = until(&mut good, "ack").await.unwrap();
    assert_eq!(ack["duplicate"], false);
    assert!(room.logged("malformed") && room.logged("unknown token") && room.logged("not allowed"));
    room.stop().await;
}

#[tokio::test]
async fn a_decision_sent_again_after_a_drop_is_applied_once() {
    let room = Room::start(turns(), |_| {}).await;
    let mut fac = raw(&room).await;
    send(&mut fac, hello(room.token(&Seat::Facilitator), "fac")).await;
    until(&mut fac, "welcome").await.unwrap();
    send(&mut fac, advance(1, 6)).await;
    until(&mut fac, "ack").await.unwrap();
    let cert = room.token(&Seat::Team("cert".into())).to_string();
    // Sent, and the connection dropped before the answer was read.
    let mut c = raw(&room).await;
    send(&mut c, hello(&cert, "laptop-1")).await;
    until(&mut c, "welcome").await.unwrap();
    send(&mut c, decide(7, 6, "cert", "gateway-alert", "isolate")).await;
    drop(c);
    // The same client again, the same intent: acknowledged as a duplicate.
    let mut c = raw(&room).await;
    send(&mut c, hello(&cert, "laptop-1")).await;
    until(&mut c, "welcome").await.unwrap();
    send(&mut c, decide(7, 6, "cert", "gateway-alert", "isolate")).await;
    let ack = until(&mut c, "ack").await.unwrap();
    assert_eq!(ack["id"], 7);
    assert_eq!(ack["duplicate"], true);
    // A different choice on the closed decision is refused, not applied.
    send(&mut c, decide(8, 6, "cert", "gateway-alert", "monitor")).await;
    let refused = until(&mut c, "rejected").await.unwrap();
    assert_eq!(refused["id"], 8);
    // Exactly one choice recorded, as a fresh terminal of the team sees.
    let mut fresh = raw(&room).await;
    send(&mut fresh, hello(&cert, "laptop-2")).await;
    let view = until(&mut fresh, "team").await.unwrap();
    assert_eq!(view["made"].as_array().unwrap().len(), 1, "{view}");
    assert_eq!(view["made"][0]["option"], "isolate");
    room.stop().await;
}

#[tokio::test]
async fn a_client_that_stops_reading_is_dropped_and_the_clock_goes_on() {
    let pace = PaceState {
        realtime: true,
        paused: false,
        speed: 6000,
        auto_pause: false,
        held: false,
    };
    let room = Room::start(pace, |c| {
        c.queue = 4;
        c.send_timeout = Duration::from_millis(300);
    })
    .await;
    // The facilitator's console is the largest frame: a client that never
    // reads it fills its socket, then its queue.
    let mut stuck = raw(&room).await;
    send(&mut stuck, hello(room.token(&Seat::Facilitator), "stuck")).await;
    let mut watcher = raw(&room).await;
    send(&mut watcher, hello(room.token(&Seat::Room), "room")).await;
    let ended = until(&mut watcher, "ended").await;
    assert!(ended.is_some(), "the room saw the session to its end");
    assert!(
        room.logged("stopped reading"),
        "the reader that stopped was dropped: {:?}",
        room.log.lock().unwrap()
    );
    drop(stuck);
    room.stop().await;
}

/// Reads `conn` until a frame for which `stop` holds, returning it; `now`
/// follows the console's minute; bounded by [`LIMIT`].
async fn watch(conn: &mut Conn, now: &mut u64, stop: impl Fn(&Value) -> bool) -> Value {
    tokio::time::timeout(LIMIT, async {
        while let Some(Ok(bytes)) = conn.next().await {
            let v: Value = serde_json::from_slice(&bytes).unwrap();
            if v["frame"] == "console" {
                *now = v["view"]["now"].as_u64().unwrap_or(*now);
            }
            if stop(&v) {
                return v;
            }
        }
        panic!("the connection ended")
    })
    .await
    .expect("bounded wait")
}

fn form(id: u64, against: u64, decision: Option<&str>) -> Value {
    json!({"frame": "intent", "id": id, "against": against,
           "command": {"form": {"decision": decision}}})
}

#[tokio::test]
async fn an_open_team_form_holds_a_served_clock_and_a_team_that_leaves_lets_it_go() {
    let pace = PaceState {
        realtime: true,
        paused: true,
        speed: 600,
        auto_pause: true,
        held: false,
    };
    let room = Room::start(pace, |_| {}).await;
    let mut fac = raw(&room).await;
    send(&mut fac, hello(room.token(&Seat::Facilitator), "console")).await;
    assert!(until(&mut fac, "welcome").await.is_some());
    // To minute 5: VALCERT's gateway alert is open.
    send(&mut fac, advance(1, 5)).await;
    let mut now = 0;
    watch(&mut fac, &mut now, |v| v["frame"] == "ack" && v["id"] == 1).await;
    let mut cert = raw(&room).await;
    send(
        &mut cert,
        hello(room.token(&Seat::Team("cert".into())), "cert"),
    )
    .await;
    assert!(until(&mut cert, "welcome").await.is_some());
    // A decision not open for the team is refused, and holds nothing.
    send(&mut cert, form(1, 5, Some("host-query"))).await;
    let refused = until(&mut cert, "rejected").await.unwrap();
    assert!(
        refused["reason"].as_str().unwrap().contains("not open"),
        "{refused}"
    );
    send(&mut cert, form(2, 5, Some("gateway-alert"))).await;
    assert_eq!(until(&mut cert, "ack").await.unwrap()["id"], 2);
    let held = watch(&mut fac, &mut now, |v| v["frame"] == "pace").await;
    assert_eq!(held["held"], true, "{held}");
    // Running, but held: at ×600 the clock would pass minute 10 in this
    // wait; it stays at 5.
    send(
        &mut fac,
        json!({"frame": "intent", "id": 2, "against": 5, "command": {"clock": "resume"}}),
    )
    .await;
    let resumed = watch(&mut fac, &mut now, |v| v["frame"] == "pace").await;
    assert_eq!(
        (resumed["paused"].clone(), resumed["held"].clone()),
        (json!(false), json!(true))
    );
    tokio::time::sleep(Duration::from_millis(700)).await;
    // The team's terminal goes away with its form open: the form is closed.
    drop(cert);
    let let_go = watch(&mut fac, &mut now, |v| {
        v["frame"] == "pace" && v["held"] == false
    })
    .await;
    assert_eq!(let_go["paused"], false);
    assert_eq!(now, 5, "the clock stood still while the form was open");
    watch(&mut fac, &mut now, |v| {
        v["frame"] == "console" && v["view"]["now"].as_u64().is_some_and(|n| n > 5)
    })
    .await;
    assert!(room.logged("the clock stands still") && room.logged("the clock runs again"));
    // Only a team tells of its form.
    send(&mut fac, form(3, 5, None)).await;
    assert!(closed_because(&mut fac).await.contains("not allowed"));
    room.stop().await;
}
