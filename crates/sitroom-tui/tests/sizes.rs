//! Every screen and overlay renders at every terminal size from 1×1 to
//! 300×100 without a panic (a grid of widths × heights, small sizes dense).

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

use std::panic::{AssertUnwindSafe, catch_unwind};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sitroom_tui::Theme;

use crate::common::Harness;

pub const WIDTHS: [u16; 11] = [1, 2, 5, 10, 20, 40, 60, 80, 120, 200, 300];
pub const HEIGHTS: [u16; 11] = [1, 2, 3, 5, 8, 9, 10, 12, 24, 40, 100];

/// Each screen or overlay of the play UI, as the keys that reach it from
/// the start screen (the same routes as the snapshots).
pub const STATES: [(&str, &str); 24] = [
    ("start", ""),
    ("facilitator", "\nnnn"),
    ("facilitator decisions", "\nnnn\t"),
    ("facilitator board", "\nnnn\t\t\t"),
    ("confirm show private", "\nnnn\t\t\tT"),
    ("board private", "\nnnn\t\t\tTy"),
    ("choose code", "\nnnntj\n"),
    ("hand-over", "\nnnntj\n1234\n1234\n"),
    ("team inbox", "\nnnntj\n1234\n1234\n\n"),
    ("team decisions", "\nnnntj\n1234\n1234\n\n\t\t"),
    ("decision form", "\nnnntj\n1234\n1234\n\nd↓\tContain first."),
    (
        "confirm decision",
        "\nnnntj\n1234\n1234\n\nd↓\tContain first.\t\n",
    ),
    ("form help", "\nnnntj\n1234\n1234\n\nd?"),
    ("scores", "\nnnntj\n1234\n1234\n\nd↓\ny\x1b\n1234\n\t\t"),
    (
        "void choice",
        "\nnnntj\n1234\n1234\n\nd↓\ny\x1b\n1234\n\t\tv",
    ),
    ("help", "\nnnn?"),
    ("inject preview", "\nnnnjjj\n"),
    ("deadline prompt", "\nnnn\tx"),
    ("room screen", "\nnnnR"),
    ("confirm quit", "\nnnnq"),
    (
        "write an inject",
        "\nnnnWRoadblock↓↓↓ ↓↓Police report a roadblock at the border crossing.↓ ↓↓↓Clear it↓↓→",
    ),
    (
        "confirm an inject",
        "\nnnnWRoadblock↓↓↓ ↓↓Police report a roadblock.↓ ↓↓↓Clear it↓↓→\n",
    ),
    ("confirm advance", "\nnnnA300\n"),
    ("reveal", "\nnnntj\n1234\n1234\n\nd↓\ny\x1b\n1234\nA300\ny"),
];

fn sweep(name: &str, draw: &dyn Fn(&mut Terminal<TestBackend>), failures: &mut Vec<String>) {
    for w in WIDTHS {
        for h in HEIGHTS {
            let result = catch_unwind(AssertUnwindSafe(|| {
                let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("backend");
                draw(&mut terminal);
            }));
            if result.is_err() {
                failures.push(format!("{name} at {w}×{h}"));
            }
        }
    }
}

#[test]
fn every_screen_renders_at_every_size() {
    let mut failures = Vec::new();
    let mut drawn = 0;
    for (name, keys) in STATES {
        let mut h = Harness::new();
        h.keys(keys);
        sweep(
            name,
            &|t| {
                t.draw(|f| sitroom_tui::ui::draw(f, &h.app, &Theme::plain()))
                    .expect("draw");
            },
            &mut failures,
        );
        drawn += 1;
    }
    let (mut r, mut s, _dir) = crate::replay::viewer();
    for (name, keys) in [
        ("replay end", ""),
        ("replay decision", "[\t"),
        ("replay help", "?"),
        ("replay go to", "?g3"),
    ] {
        crate::replay::keys(&mut r, &mut s, keys);
        sweep(
            name,
            &|t| {
                t.draw(|f| sitroom_tui::screens::replay::draw(f, &r, &Theme::plain()))
                    .expect("draw");
            },
            &mut failures,
        );
        drawn += 1;
    }
    sweep(
        "replay opening",
        &|t| {
            t.draw(|f| {
                sitroom_tui::screens::replay::draw_opening(f, "NotPetya", 378_000, &Theme::plain())
            })
            .expect("draw");
        },
        &mut failures,
    );
    assert_eq!(drawn, STATES.len() + 4);
    assert!(failures.is_empty(), "panicked: {}", failures.join(", "));
}
