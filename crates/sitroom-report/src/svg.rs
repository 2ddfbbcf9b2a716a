//! Charts as SVG, written by hand so that they are deterministic (fixed
//! precision, fixed order), self-contained (no font, script or image is
//! fetched; text uses the reader's own sans-serif) and print well.

use std::fmt::Write as _;

use sitroom_norms::Grade;
use sitroom_record::{BeliefTrack, Fate, Record, words};
use sitroom_scenario::{Minutes, Scenario};

use crate::text::{esc, minute_label};

const W: f64 = 720.0;
const LEFT: f64 = 170.0;
const RIGHT: f64 = 20.0;
const TOP: f64 = 24.0;
/// Suspect lines: distinct, colour-blind-safe (Okabe–Ito), then dashes.
const PALETTE: [&str; 7] = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000",
];

/// The colour of a grade, for cells and markers.
pub fn grade_colour(g: Grade) -> &'static str {
    match g {
        Grade::P => "#1a9850",
        Grade::S => "#91cf60",
        Grade::M => "#fdae61",
        Grade::U => "#d73027",
    }
}

fn x_of(m: Minutes, end: Minutes) -> f64 {
    let plot = W - LEFT - RIGHT;
    LEFT + plot * f64::from(m) / f64::from(end.max(1))
}

/// Five time ticks along the bottom of a plot of height `h`.
fn time_axis(out: &mut String, end: Minutes, bottom: f64) {
    let _ = write!(
        out,
        r##"<line x1="{LEFT:.1}" y1="{bottom:.1}" x2="{:.1}" y2="{bottom:.1}" stroke="#444" stroke-width="1"/>"##,
        W - RIGHT
    );
    for k in 0..=4u32 {
        let m = end / 4 * k + if k == 4 { end % 4 } else { 0 };
        let x = x_of(m, end);
        let _ = write!(
            out,
            r##"<line x1="{x:.1}" y1="{bottom:.1}" x2="{x:.1}" y2="{:.1}" stroke="#444"/><text x="{x:.1}" y="{:.1}" font-size="11" text-anchor="middle">{}</text>"##,
            bottom + 4.0,
            bottom + 16.0,
            esc(&minute_label(m, end))
        );
    }
}

fn open_svg(out: &mut String, h: f64, label: &str) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W:.0} {h:.0}" width="{W:.0}" height="{h:.0}" role="img" aria-label="{}" font-family="sans-serif">"#,
        esc(label)
    );
}

/// Escalation over time, a step line over the ladder's rungs, with every
/// decision marked at its minute (coloured by its grade at the time).
pub fn escalation(sc: &Scenario, record: &Record) -> String {
    let rungs = &sc.escalation.rungs;
    let n = rungs.len().max(1);
    let row = 22.0;
    let plot_h = row * n as f64;
    let bottom = TOP + plot_h;
    let h = bottom + 30.0;
    let end = record.now.max(1);
    let y_of = |rung: usize| bottom - row * (rung as f64 + 0.5);
    let mut out = String::new();
    open_svg(
        &mut out,
        h,
        "Escalation over time, with the decisions marked",
    );
    for (i, r) in rungs.iter().enumerate() {
        let y = y_of(i);
        let _ = write!(
            out,
            r##"<line x1="{LEFT:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end">{} {}</text>"##,
            W - RIGHT,
            LEFT - 6.0,
            y + 4.0,
            sitroom_record::words::rung_number(i),
            esc(&crate::text::clip(&r.name, 22))
        );
    }
    let mut d = String::new();
    let mut last: Option<(f64, f64)> = None;
    for p in &record.escalation {
        let (x, y) = (x_of(p.at, end), y_of(p.rung));
        match last {
            None => {
                let _ = write!(d, "M{x:.1},{y:.1}");
            }
            Some((_, ly)) => {
                let _ = write!(d, " L{x:.1},{ly:.1} L{x:.1},{y:.1}");
            }
        }
        last = Some((x, y));
    }
    if let Some((_, ly)) = last {
        let _ = write!(d, " L{:.1},{ly:.1}", x_of(end, end));
    }
    let _ = write!(
        out,
        r##"<path d="{d}" fill="none" stroke="#b2182b" stroke-width="2.5"/>"##
    );
    // Decisions: a marker on the rung standing at their minute.
    for dec in &record.decisions {
        if dec.fate == Fate::Lapsed {
            continue;
        }
        let rung = record
            .escalation
            .iter()
            .rev()
            .find(|p| p.at <= dec.at)
            .map_or(0, |p| p.rung);
        let colour = dec.grade.map_or("#777777", |(g, _)| grade_colour(g));
        let _ = write!(
            out,
            r##"<circle cx="{:.1}" cy="{:.1}" r="5" fill="{colour}" stroke="#222"><title>{} {}: {}</title></circle>"##,
            x_of(dec.at, end),
            y_of(rung),
            esc(&minute_label(dec.at, end)),
            esc(words::team(sc, &dec.team)),
            esc(dec.label.as_deref().unwrap_or_default())
        );
    }
    time_axis(&mut out, end, bottom);
    out.push_str("</svg>");
    out
}

/// A team's belief in each suspect of a case over time, the culprit's line
/// drawn thicker and named when the truth is in the record.
pub fn belief(sc: &Scenario, track: &BeliefTrack, end: Minutes) -> String {
    let plot_h = 160.0;
    let bottom = TOP + plot_h;
    let legend = 18.0 * track.suspects.len() as f64;
    let h = bottom + 30.0 + legend;
    let end = end.max(1);
    let y_of = |p: f64| bottom - plot_h * p.clamp(0.0, 1.0);
    let mut out = String::new();
    open_svg(
        &mut out,
        h,
        &format!(
            "{}'s belief on {} over time",
            words::team(sc, &track.team),
            words::case_name(sc, &track.case)
        ),
    );
    for pct in [0u32, 25, 50, 75, 100] {
        let y = y_of(f64::from(pct) / 100.0);
        let _ = write!(
            out,
            r##"<line x1="{LEFT:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#ddd"/><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end">{pct}%</text>"##,
            W - RIGHT,
            LEFT - 6.0,
            y + 4.0
        );
    }
    for (k, suspect) in track.suspects.iter().enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        let culprit = !track.culprit.is_empty() && *suspect == track.culprit;
        let mut d = String::new();
        let mut last_y = None;
        for p in &track.points {
            let Some(&prob) = p.probabilities.get(k) else {
                continue;
            };
            let (x, y) = (x_of(p.at, end), y_of(prob));
            match last_y {
                None => {
                    let _ = write!(d, "M{x:.1},{y:.1}");
                }
                Some(ly) => {
                    let _ = write!(d, " L{x:.1},{ly:.1} L{x:.1},{y:.1}");
                }
            }
            last_y = Some(y);
        }
        if let Some(ly) = last_y {
            let _ = write!(d, " L{:.1},{ly:.1}", x_of(end, end));
        }
        let dash = if k >= PALETTE.len() {
            r#" stroke-dasharray="6 3""#
        } else {
            ""
        };
        let _ = write!(
            out,
            r#"<path d="{d}" fill="none" stroke="{colour}" stroke-width="{}"{dash}/>"#,
            if culprit { 4 } else { 2 }
        );
        let ly = bottom + 34.0 + 18.0 * k as f64;
        let _ = write!(
            out,
            r#"<line x1="{LEFT:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{colour}" stroke-width="{}"/><text x="{:.1}" y="{:.1}" font-size="12">{}{}</text>"#,
            ly - 4.0,
            LEFT + 24.0,
            ly - 4.0,
            if culprit { 4 } else { 2 },
            LEFT + 30.0,
            ly,
            esc(words::actor(sc, suspect)),
            if culprit {
                " — responsible (the truth)"
            } else {
                ""
            }
        );
    }
    time_axis(&mut out, end, bottom);
    out.push_str("</svg>");
    out
}

/// The scorecard as a grid: one row per norm, one column per team, each
/// cell the team's mean on the norm at the time, coloured by its grade.
pub fn scorecard(sc: &Scenario, record: &Record) -> String {
    let teams: Vec<&sitroom_record::TeamCard> = record.scorecards.iter().collect();
    let mut norms: Vec<(String, String)> = Vec::new();
    for c in &teams {
        for line in &c.at_the_time.norms {
            if !norms.iter().any(|(id, _)| *id == line.norm) {
                norms.push((line.norm.clone(), line.title.clone()));
            }
        }
    }
    let col = ((W - LEFT - RIGHT) / teams.len().max(1) as f64).min(160.0);
    let row = 26.0;
    let h = TOP + 20.0 + row * (norms.len() as f64 + 1.0) + 10.0;
    let mut out = String::new();
    open_svg(&mut out, h, "Scorecard per norm and team, at the time");
    for (j, c) in teams.iter().enumerate() {
        let x = LEFT + col * j as f64 + col / 2.0;
        let _ = write!(
            out,
            r#"<text x="{x:.1}" y="{:.1}" font-size="12" text-anchor="middle" font-weight="bold">{}</text>"#,
            TOP + 10.0,
            esc(&crate::text::clip(words::team(sc, &c.team), 22))
        );
    }
    let mut rows: Vec<crate::NormRow> = norms
        .iter()
        .map(|(id, title)| {
            let cells = teams
                .iter()
                .map(|c| {
                    c.at_the_time
                        .norms
                        .iter()
                        .find(|l| l.norm == *id)
                        .map(|l| (l.grade, l.mean))
                })
                .collect();
            (title.clone(), cells)
        })
        .collect();
    rows.push((
        "Overall (weighted)".to_string(),
        teams
            .iter()
            .map(|c| c.at_the_time.grade.zip(c.at_the_time.overall))
            .collect(),
    ));
    for (i, (title, cells)) in rows.iter().enumerate() {
        let y = TOP + 20.0 + row * i as f64;
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end">{}</text>"#,
            LEFT - 6.0,
            y + row / 2.0 + 4.0,
            esc(&crate::text::clip(title, 28))
        );
        for (j, cell) in cells.iter().enumerate() {
            let x = LEFT + col * j as f64;
            let (fill, text) = match cell {
                Some((g, mean)) => (grade_colour(*g), format!("{g} {mean:.0}")),
                None => ("#f0f0f0", "—".to_string()),
            };
            let _ = write!(
                out,
                r##"<rect x="{:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="{fill}" stroke="#fff"/><text x="{:.1}" y="{:.1}" font-size="12" text-anchor="middle">{}</text>"##,
                x + 1.0,
                col - 2.0,
                row - 2.0,
                x + col / 2.0,
                y + row / 2.0 + 4.0,
                esc(&text)
            );
        }
    }
    out.push_str("</svg>");
    out
}
