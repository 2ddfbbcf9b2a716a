//! Seats joined over the network: a real server on loopback (a bare
//! session, turn-based), real links, and the joined seat's model driven by
//! keys as the terminal loop drives it.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sitroom_engine::{Seat, Session};
use sitroom_host::Host;
use sitroom_net::{Link, PaceState, Retry, SeatTable, ServerConfig, Token};
use sitroom_tui::app::FacPane;
use sitroom_tui::seat::{Remote, SeatApp, carry_out, draw_seat, on_event, tell_form, update_seat};
use sitroom_tui::{Action, Theme, key_to_action};

use crate::common::{FIXTURE, SEED, scenario};

/// A server on loopback with one token per seat; stopped when dropped.
pub struct Served {
    pub addr: String,
    pub tokens: BTreeMap<Seat, Token>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Served {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

pub fn serve() -> Served {
    serve_with(PaceState {
        realtime: false,
        paused: true,
        speed: 1,
        auto_pause: false,
        held: false,
    })
}

pub fn serve_with(pace: PaceState) -> Served {
    let sc = scenario();
    let mut seats: Vec<Seat> = sc
        .teams
        .iter()
        .filter(|t| t.player)
        .map(|t| Seat::Team(t.id.clone()))
        .collect();
    seats.extend([Seat::Facilitator, Seat::Room]);
    let tokens: BTreeMap<Seat, Token> = seats
        .into_iter()
        .map(|s| (s, Token::generate().unwrap()))
        .collect();
    let table = SeatTable::new(tokens.iter().map(|(s, t)| (s.clone(), t.hash())));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    let thread = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            addr_tx
                .send(listener.local_addr().unwrap().to_string())
                .unwrap();
            let config = ServerConfig::new(table, FIXTURE.to_string(), pace, Arc::new(|_| {}));
            let host = Host::new(Session::new(scenario(), SEED));
            let _ = sitroom_net::serve(listener, host, config, async {
                let _ = stopped.await;
            })
            .await;
        });
    });
    Served {
        addr: addr_rx.recv_timeout(Duration::from_secs(10)).unwrap(),
        tokens,
        stop: Some(stop),
        thread: Some(thread),
    }
}

pub fn link(served: &Served, seat: &Seat) -> Link {
    let retry = Retry {
        attempts: 20,
        wait: Duration::from_millis(100),
        connect_timeout: Duration::from_secs(2),
    };
    Link::connect(
        &served.addr,
        served.tokens[seat].secret(),
        Vec::new(),
        retry,
    )
    .unwrap()
}

/// Takes the link's events until `done` holds (at most 10 s).
pub fn pump(app: &mut SeatApp, link: &mut Link, done: impl Fn(&SeatApp) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done(app) {
        assert!(
            Instant::now() < deadline,
            "timed out; seat: {:?}",
            app.status
        );
        if let Some(e) = link.poll(Duration::from_millis(50)) {
            on_event(app, e);
        }
    }
}

/// Presses keys as the terminal loop does: key table, update, send.
pub fn press(app: &mut SeatApp, link: &mut Link, keys: &str) {
    for c in keys.chars() {
        let key = sitroom_tui::term::press(c);
        let Some(action) = key_to_action(app.mode(), key) else {
            continue;
        };
        act(app, link, action);
    }
}

pub fn act(app: &mut SeatApp, link: &mut Link, action: Action) {
    let effect = update_seat(app, action);
    carry_out(app, link, effect);
}

fn screen(app: &SeatApp, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    terminal
        .draw(|f| draw_seat(f, app, &Theme::plain()))
        .unwrap();
    let buf = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        for x in 0..w {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

#[test]
fn the_console_over_the_network_moves_its_panes_and_the_servers_clock() {
    let served = serve();
    let mut link = link(&served, &Seat::Facilitator);
    let mut app = SeatApp::new();
    pump(&mut app, &mut link, |a| a.console.is_some());
    act(&mut app, &mut link, Action::NextPane);
    assert_eq!(app.console.as_ref().unwrap().fac.pane, FacPane::Decisions);
    // Still there after the server's next frames.
    act(&mut app, &mut link, Action::AdvanceNext);
    pump(&mut app, &mut link, |a| {
        a.console.as_ref().unwrap().view.now > 0
    });
    assert_eq!(app.console.as_ref().unwrap().fac.pane, FacPane::Decisions);
    assert!(screen(&app, 100, 30).contains("FACILITATOR"));
}

/// The facilitator (a second link) advances until `team` has a decision open.
fn open_a_decision(served: &Served, app: &mut SeatApp, link: &mut Link, team: &str) {
    let mut fac = self::link(served, &Seat::Facilitator);
    let mut console = SeatApp::new();
    pump(&mut console, &mut fac, |a| a.console.is_some());
    for _ in 0..40 {
        pump(app, link, |a| a.team.is_some());
        if !app.team.as_ref().unwrap().view.decisions.is_empty() {
            return;
        }
        let before = console.console.as_ref().unwrap().view.now;
        act(&mut console, &mut fac, Action::AdvanceNext);
        pump(&mut console, &mut fac, |a| {
            a.console.as_ref().unwrap().view.now > before
                || a.console.as_ref().unwrap().overlay.is_some()
        });
        if console.console.as_ref().unwrap().overlay.is_some() {
            act(&mut console, &mut fac, Action::Yes);
        }
        let now = console.console.as_ref().unwrap().view.now;
        pump(app, link, |a| {
            a.team.as_ref().is_some_and(|m| m.view.now >= now)
        });
    }
    panic!("{team} never had a decision open");
}

#[test]
fn a_team_decides_at_its_own_terminal_and_the_server_records_it() {
    let served = serve();
    let seat = Seat::Team("cert".into());
    let mut link = link(&served, &seat);
    let mut app = SeatApp::new();
    open_a_decision(&served, &mut app, &mut link, "cert");
    let shown = screen(&app, 100, 30);
    assert!(shown.contains("NATIONAL CERT"), "{shown}");
    // d opens the form; letters go into the rationale; Enter reviews; y sends.
    press(&mut app, &mut link, "d");
    assert!(app.form.is_some());
    press(&mut app, &mut link, "Contain first");
    act(&mut app, &mut link, Action::EditText);
    act(&mut app, &mut link, Action::Submit);
    assert!(app.overlay.is_some(), "Enter asks before anything is sent");
    act(&mut app, &mut link, Action::Yes);
    pump(&mut app, &mut link, |a| {
        a.status
            .as_deref()
            .is_some_and(|s| s.starts_with("Recorded"))
    });
    pump(&mut app, &mut link, |a| {
        !a.team.as_ref().unwrap().view.made.is_empty()
    });
    let made = &app.team.as_ref().unwrap().view.made;
    assert_eq!(made[0].rationale.as_deref(), Some("Contain first"));
}

#[test]
fn a_refused_decision_gives_its_rationale_back() {
    let served = serve();
    let seat = Seat::Team("cert".into());
    let mut first = link(&served, &seat);
    let mut app = SeatApp::new();
    open_a_decision(&served, &mut app, &mut first, "cert");
    // This terminal has the choice on its confirmation…
    press(&mut app, &mut first, "d");
    press(&mut app, &mut first, "My reasons");
    act(&mut app, &mut first, Action::EditText);
    act(&mut app, &mut first, Action::Submit);
    assert!(app.overlay.is_some());
    // …when the same team's second terminal decides first.
    let mut second = link(&served, &seat);
    let mut other = SeatApp::new();
    pump(&mut other, &mut second, |a| {
        a.team
            .as_ref()
            .is_some_and(|m| !m.view.decisions.is_empty())
    });
    press(&mut other, &mut second, "d");
    act(&mut other, &mut second, Action::Submit);
    act(&mut other, &mut second, Action::Yes);
    pump(&mut other, &mut second, |a| {
        a.status
            .as_deref()
            .is_some_and(|s| s.starts_with("Recorded"))
    });
    // y here sends a choice the server can no longer take: refused, and the
    // rationale is back for the form.
    act(&mut app, &mut first, Action::Yes);
    pump(&mut app, &mut first, |a| {
        a.status
            .as_deref()
            .is_some_and(|s| s.starts_with("Not recorded"))
    });
    assert!(
        app.drafts.values().any(|d| d == "My reasons"),
        "the rationale is kept: {:?}",
        app.drafts
    );
}

#[test]
fn the_room_screen_shows_the_clock_and_countdowns_and_no_team_traffic() {
    let served = serve();
    let mut room_link = link(&served, &Seat::Room);
    let mut room = SeatApp::new();
    let mut cert_link = link(&served, &Seat::Team("cert".into()));
    let mut cert = SeatApp::new();
    open_a_decision(&served, &mut cert, &mut cert_link, "cert");
    let now = cert.team.as_ref().unwrap().view.now;
    pump(&mut room, &mut room_link, |a| {
        a.room.as_ref().is_some_and(|r| r.now >= now)
    });
    let shown = screen(&room, 100, 30);
    assert!(shown.contains("National CERT — 1 open decision"), "{shown}");
    let decision = &cert.team.as_ref().unwrap().view.decisions[0];
    assert!(
        !shown.contains(&decision.title),
        "the room shows no decision titles:\n{shown}"
    );
    for o in &decision.options {
        assert!(
            !shown.contains(&o.label),
            "the room shows no options:\n{shown}"
        );
    }
    assert!(room.team.is_none() && room.console.is_none());
    let _ = FIXTURE;
}

#[test]
fn the_console_shows_who_is_connected_and_a_refused_link_ends_once() {
    let served = serve();
    let mut fac = link(&served, &Seat::Facilitator);
    let mut console = SeatApp::new();
    let mut cert_link = link(&served, &Seat::Team("cert".into()));
    let mut cert = SeatApp::new();
    pump(&mut cert, &mut cert_link, |a| a.team.is_some());
    pump(&mut console, &mut fac, |a| {
        a.console
            .as_ref()
            .and_then(|c| c.seats.as_ref())
            .is_some_and(|s| {
                s.iter()
                    .any(|x| x.seat == Seat::Team("cert".into()) && x.connected == 1)
            })
    });
    let seats = console.console.as_ref().unwrap().seats.clone().unwrap();
    let mfa = seats
        .iter()
        .find(|x| x.seat == Seat::Team("mfa".into()))
        .unwrap();
    assert_eq!(mfa.connected, 0, "an empty seat shows as empty");
    // A wrong token: the link ends, says so once, and then stays quiet.
    let retry = Retry {
        attempts: 3,
        wait: Duration::from_millis(50),
        connect_timeout: Duration::from_secs(2),
    };
    let mut wrong = Link::connect(
        &served.addr,
        "sr1-00000000000000000000000000000000",
        Vec::new(),
        retry,
    )
    .unwrap();
    let mut app = SeatApp::new();
    pump(&mut app, &mut wrong, |a| {
        matches!(a.connection, sitroom_tui::seat::Connection::Closed(_))
    });
    assert!(
        matches!(&app.connection, sitroom_tui::seat::Connection::Closed(r) if r.contains("unknown token")),
        "{:?}",
        app.connection
    );
    assert!(wrong.poll(Duration::ZERO).is_none());
    assert!(wrong.poll(Duration::from_millis(10)).is_none());
}

#[test]
fn a_team_asks_for_a_pause_and_the_console_is_told() {
    let served = serve();
    let mut fac = link(&served, &Seat::Facilitator);
    let mut console = SeatApp::new();
    pump(&mut console, &mut fac, |a| a.console.is_some());
    let mut cert_link = link(&served, &Seat::Team("cert".into()));
    let mut cert = SeatApp::new();
    pump(&mut cert, &mut cert_link, |a| a.team.is_some());
    press(&mut cert, &mut cert_link, "p");
    pump(&mut console, &mut fac, |a| {
        a.console
            .as_ref()
            .and_then(|c| c.status_text())
            .is_some_and(|s| s.contains("National CERT asks for a pause"))
    });
}

#[test]
fn a_team_form_open_at_its_terminal_holds_the_served_clock() {
    let served = serve_with(PaceState {
        realtime: true,
        paused: true,
        speed: 1,
        auto_pause: true,
        held: false,
    });
    let seat = Seat::Team("cert".into());
    let mut link = link(&served, &seat);
    let mut app = SeatApp::new();
    open_a_decision(&served, &mut app, &mut link, "cert");
    let mut fac = self::link(&served, &Seat::Facilitator);
    let mut console = SeatApp::new();
    pump(&mut console, &mut fac, |a| a.console.is_some());
    // The clock runs (at ×1 it hardly moves in this test).
    press(&mut console, &mut fac, " ");
    pump(&mut console, &mut fac, |a| {
        a.pace.is_some_and(|p| !p.paused)
    });
    // The form opens: the terminal tells the server, which holds the clock.
    press(&mut app, &mut link, "d");
    tell_form(&mut app, &mut link);
    pump(&mut console, &mut fac, |a| {
        a.console.as_ref().is_some_and(|c| c.served_held)
    });
    let shown = screen(&console, 120, 30);
    assert!(shown.contains("auto-paused"), "{shown}");
    // Esc closes it: the clock is let go.
    press(&mut app, &mut link, "\x1b");
    tell_form(&mut app, &mut link);
    pump(&mut console, &mut fac, |a| {
        a.console.as_ref().is_some_and(|c| !c.served_held)
    });
    // The console's P turns the server's auto-pause off.
    press(&mut console, &mut fac, "P");
    pump(&mut console, &mut fac, |a| {
        a.console.as_ref().is_some_and(|c| !c.auto_pause) && a.pace.is_some_and(|p| !p.auto_pause)
    });
}
