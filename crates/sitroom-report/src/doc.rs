//! The report's content, once, as a small document model that the HTML and
//! Markdown renderers turn into text: what a section says is decided here
//! only.

use sitroom_engine::Event;
use sitroom_record::{Fate, words};

use crate::text::minute_label;
use crate::{Edition, Report, svg};

/// A piece of a report.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading, level 1 to 3.
    Heading(u8, String),
    Para(String),
    /// A paragraph set apart and labelled (facilitator notes, observations).
    Aside {
        label: String,
        text: String,
    },
    List(Vec<String>),
    /// A table; `blank` rows are printed empty for people to fill in.
    Table {
        head: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// A chart: a file-name stem, its SVG and a caption.
    Chart {
        name: String,
        svg: String,
        caption: String,
    },
    /// Starts a new printed page when printed.
    PageBreak,
}

fn h(level: u8, s: impl Into<String>) -> Block {
    Block::Heading(level, s.into())
}

fn p(s: impl Into<String>) -> Block {
    Block::Para(s.into())
}

/// The whole report as blocks, in the order of an HSEEP after-action report.
pub fn document(r: &Report) -> Vec<Block> {
    let sc = r.scenario;
    let rec = &r.record;
    let end = rec.now;
    let mut out = vec![h(1, format!("After-action report: {}", sc.meta.title))];
    out.push(p(r.edition.label(sc)));

    // Overview.
    out.push(h(2, "Overview"));
    let mut facts = vec![
        format!("Scenario: {} ({})", sc.meta.title, sc.meta.id),
        format!("Seed: {}", rec.seed),
    ];
    if let Some(started) = &r.source.started {
        facts.push(format!("Played: {started}"));
    }
    if let Some(start) = &sc.meta.start {
        facts.push(format!("Scenario clock at the start: {start}"));
    }
    facts.push(match &rec.outcome {
        Some(o) => format!(
            "Outcome: {} at {} — {}",
            words::outcome_title(o),
            minute_label(o.at, end),
            words::outcome_text(sc, o)
        ),
        None => format!(
            "Outcome: stopped at {} before any ending",
            minute_label(rec.now, end)
        ),
    });
    if let Some(j) = &r.source.journal {
        facts.push(format!(
            "Journal: {j} (final state hash {})",
            rec.state_hash
        ));
    }
    out.push(Block::List(facts));
    if r.edition.shows_facilitator_notes() {
        if !sc.meta.summary.trim().is_empty() {
            out.push(Block::Aside {
                label: "Exercise summary (facilitator only)".into(),
                text: sc.meta.summary.clone(),
            });
        }
        if !sc.meta.facilitator_note.trim().is_empty() {
            out.push(Block::Aside {
                label: "Facilitator note".into(),
                text: sc.meta.facilitator_note.clone(),
            });
        }
    }
    out.push(h(3, "Teams"));
    let teams: Vec<&sitroom_scenario::Team> = match &r.edition {
        Edition::Team(t) => sc.teams.iter().filter(|x| x.id == *t).collect(),
        _ => sc.teams.iter().collect(),
    };
    out.push(Block::Table {
        head: vec![
            "Team".into(),
            "Represents".into(),
            "Role".into(),
            "Played by".into(),
        ],
        rows: teams
            .iter()
            .map(|t| {
                vec![
                    t.name.clone(),
                    words::actor(sc, &t.actor).to_string(),
                    spaced(&format!("{:?}", t.role)),
                    if t.player {
                        match r.record.roster_of(&t.id) {
                            [] => "participants".into(),
                            people => format!("participants: {}", people.join(", ")),
                        }
                    } else {
                        "the facilitator (white cell)".into()
                    },
                ]
            })
            .collect(),
    });
    out.push(h(3, "Objectives"));
    if sc.meta.objectives.is_empty() {
        out.push(p("The scenario states no objectives."));
    } else {
        out.push(Block::List(
            sc.meta
                .objectives
                .iter()
                .map(|o| format!("{}: {}", o.id, o.text))
                .collect(),
        ));
    }

    // Timeline.
    out.push(Block::PageBreak);
    out.push(h(2, "Timeline"));
    out.push(p(
        "Injects as they were released, and every decision with the team's rationale and the grade it earned at the time.",
    ));
    out.push(Block::Table {
        head: vec!["When".into(), "What".into(), "Detail".into()],
        rows: timeline_rows(r),
    });
    out.push(Block::Chart {
        name: "escalation".into(),
        svg: svg::escalation(sc, rec),
        caption: "Escalation over time; each dot is a decision, coloured by its grade at the time (grey: not scored).".into(),
    });

    // Analysis.
    out.push(Block::PageBreak);
    out.push(h(2, "Analysis"));
    if !r.analysis.objectives.is_empty() {
        out.push(h(3, "By objective"));
        for o in &r.analysis.objectives {
            out.push(p(format!("{}: {}", o.objective, o.text)));
            if o.norms.is_empty() {
                out.push(p(
                    "No norm is tied to this objective; see the observations below.",
                ));
            } else {
                let mut head = vec!["Norm".to_string()];
                head.extend(
                    rec.scorecards
                        .iter()
                        .map(|c| words::team(sc, &c.team).to_string()),
                );
                out.push(Block::Table {
                    head,
                    rows: o
                        .norms
                        .iter()
                        .map(|(norm, cells)| {
                            let mut row = vec![norm_title(norm)];
                            row.extend(cells.iter().map(|(_, c)| match c {
                                Some((g, m)) => format!("{g} ({m:.0})"),
                                None => "not engaged".into(),
                            }));
                            row
                        })
                        .collect(),
                });
            }
            for n in &o.observations {
                out.push(observation(r, n));
            }
        }
    }
    out.push(h(3, "By norm"));
    for n in &r.analysis.norms {
        if n.strengths.is_empty() && n.improvements.is_empty() {
            continue;
        }
        out.push(p(format!("{} — {}", n.title, n.source)));
        let finding = |f: &crate::Finding| {
            format!(
                "{} {}, {}: {} — {} {}: {}",
                minute_label(f.at, end),
                words::team(sc, &f.team),
                f.title,
                f.label,
                f.grade,
                f.score,
                f.reason
            )
        };
        if !n.strengths.is_empty() {
            out.push(p("Strengths (scored at the time):"));
            out.push(Block::List(n.strengths.iter().map(finding).collect()));
        }
        if !n.improvements.is_empty() {
            out.push(p("Areas for improvement (scored at the time):"));
            out.push(Block::List(n.improvements.iter().map(finding).collect()));
        }
    }
    out.push(h(3, "Observations by the facilitator and evaluators"));
    if rec.notes.is_empty() {
        out.push(p("No observation was recorded in this session."));
    } else {
        out.push(p(
            "The facilitator's judgement, kept apart from the automatic scores; a rating uses the HSEEP scale (P performed without challenges, S with some challenges, M with major challenges, U unable to be performed).",
        ));
        for n in &rec.notes {
            out.push(observation(r, n));
        }
    }

    // Not evaluated.
    out.push(h(2, "What was not evaluated"));
    out.push(Block::Table {
        head: vec!["What".into(), "Why".into()],
        rows: r
            .analysis
            .not_evaluated
            .iter()
            .map(|n| vec![n.what.clone(), n.why.clone()])
            .collect(),
    });

    // The reveal: the truth against each team's confidence over time.
    out.push(Block::PageBreak);
    let truth = !rec.truth.is_empty();
    out.push(h(2, if truth { "The reveal" } else { "Attribution" }));
    if !truth {
        out.push(p(
            "This edition leaves the ground truth out: each team's belief over time, as the team held it.",
        ));
    }
    let judged = sitroom_record::judgements(rec);
    for case in &sc.cases {
        let tracks: Vec<_> = rec.beliefs.iter().filter(|b| b.case == case.id).collect();
        let truth_of = rec
            .truth
            .iter()
            .find(|(c, _)| *c == case.id)
            .map(|(_, t)| t);
        if tracks.is_empty() && truth_of.is_none() && !judged.iter().any(|j| j.case == case.id) {
            continue;
        }
        out.push(h(3, words::case_name(sc, &case.id).to_string()));
        if let Some(t) = truth_of {
            let mut text = format!("Responsible: {}.", words::actor(sc, &t.culprit));
            if let Some(flag) = &t.false_flag {
                text.push_str(&format!(
                    " False flag: the evidence was planted to implicate {}.",
                    words::actor(sc, flag)
                ));
            }
            if !t.explanation.trim().is_empty() {
                text.push(' ');
                text.push_str(&t.explanation);
            }
            out.push(p(text));
        }
        for track in tracks {
            let lead = track
                .now
                .suspects
                .iter()
                .max_by(|a, b| a.probability.total_cmp(&b.probability));
            let caption = match lead {
                Some(s) => format!(
                    "{}: at the end, {} {:.0}% ({}), {} confidence, from {} evidence item(s){}.",
                    words::team(sc, &track.team),
                    s.name,
                    s.probability * 100.0,
                    s.term,
                    format!("{:?}", track.now.confidence).to_lowercase(),
                    track.now.evidence,
                    if track.culprit.is_empty() {
                        String::new()
                    } else if s.actor == track.culprit {
                        " — the right suspect".to_string()
                    } else {
                        " — not the culprit".to_string()
                    }
                ),
                None => words::team(sc, &track.team).to_string(),
            };
            out.push(Block::Chart {
                name: format!("belief-{}-{}", track.team, track.case),
                svg: svg::belief(sc, track, end),
                caption,
            });
        }
        // What each team itself judged, apart from the engine's estimate.
        for j in judged.iter().filter(|j| j.case == case.id) {
            let verdict = match truth_of {
                Some(t) if t.culprit == j.suspect => " — the right suspect",
                Some(_) => " — not the culprit",
                None => "",
            };
            out.push(p(format!(
                "{} stated its own judgement ({}): {} that {} was behind it. {} confidence{verdict}.",
                words::team(sc, &j.team),
                minute_label(j.at, end),
                j.likelihood.it_is(),
                words::actor(sc, &j.suspect),
                sitroom_record::words::capitalised(&j.confidence.to_string()),
            )));
        }
    }

    // Scorecards.
    out.push(Block::PageBreak);
    out.push(h(2, "Scorecards"));
    out.push(p(
        "Each decision is scored on what the team knew when it decided. Scores the truth would change are shown apart, in hindsight; the grade is the one earned at the time.",
    ));
    if !rec.scorecards.is_empty() {
        out.push(Block::Chart {
            name: "scorecard".into(),
            svg: svg::scorecard(sc, rec),
            caption: "Scorecard per norm and team, at the time (mean score 0–100 and HSEEP grade)."
                .into(),
        });
    }
    for c in &rec.scorecards {
        let a = &c.at_the_time;
        let mut text = format!(
            "{}: {} · {} decision(s), {} by default",
            words::team(sc, &c.team),
            match (a.grade, a.overall) {
                (Some(g), Some(o)) => format!("{g} ({o:.1}) at the time"),
                _ => "nothing scored".into(),
            },
            a.decisions,
            a.defaulted
        );
        if !c.lapsed.is_empty() || !c.voided.is_empty() {
            text.push_str(&format!(
                " · {} lapsed (scored as failures to act), {} voided (not scored)",
                c.lapsed.len(),
                c.voided.len()
            ));
        }
        if a.mean_grade != a.grade
            && let Some(m) = a.mean_grade
        {
            text.push_str(&format!(
                " · the weighted mean alone would be {m}: the grade is capped by an unlawful act or a failure to act"
            ));
        }
        if let Some(hs) = &c.in_hindsight
            && let (Some(g), Some(o)) = (hs.hindsight_grade, hs.hindsight_overall)
        {
            text.push_str(&format!(" · in hindsight, with the truth: {g} ({o:.1})"));
        }
        out.push(p(text));
        for f in &a.failures {
            out.push(Block::Aside {
                label: format!(
                    "Graded at most {} — {}, {}",
                    f.cap,
                    minute_label(f.at, end),
                    words::inject(sc, &f.decision)
                ),
                text: f.reason.clone(),
            });
        }
    }

    // Improvement plan.
    out.push(h(2, "Improvement plan"));
    let mut rows: Vec<Vec<String>> = r
        .analysis
        .norms
        .iter()
        .flat_map(|n| {
            n.improvements.iter().map(move |f| {
                vec![
                    format!("{}: {} — {}", n.title, f.title, f.label),
                    words::team(sc, &f.team).to_string(),
                    String::new(),
                    String::new(),
                    String::new(),
                ]
            })
        })
        .collect();
    // Room to add what the debrief finds.
    rows.extend((0..3).map(|_| vec![String::new(); 5]));
    out.push(Block::Table {
        head: vec![
            "Area for improvement".into(),
            "Team".into(),
            "Corrective action".into(),
            "Responsible".into(),
            "Due".into(),
        ],
        rows,
    });
    out
}

/// "ForeignMinistry" → "Foreign ministry", "NationalCert" → "National CERT".
fn spaced(role: &str) -> String {
    let mut out = String::new();
    for (i, c) in role.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push(' ');
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out.replace(" cert", " CERT")
}

fn norm_title(id: &str) -> String {
    sitroom_norms::catalogue()
        .norm(id)
        .map_or_else(|| id.to_string(), |n| n.title.clone())
}

fn observation(r: &Report, n: &sitroom_engine::NoteView) -> Block {
    let sc = r.scenario;
    Block::Aside {
        label: format!(
            "Observation{} — {}, {}",
            n.rating.map(|x| format!(" rated {x}")).unwrap_or_default(),
            minute_label(n.at, r.record.now),
            words::note_about(sc, n).replace(" — ", ", ")
        ),
        text: n.text.clone(),
    }
}

/// The timeline's rows: releases, decisions with their rationales and
/// grades, lapses, voids, facilitator actions, escalation and the end.
fn timeline_rows(r: &Report) -> Vec<Vec<String>> {
    let sc = r.scenario;
    let rec = &r.record;
    let end = rec.now;
    let mut rows = Vec::new();
    for e in &rec.timeline {
        let when = minute_label(e.at, end);
        let (what, detail) = match &e.event {
            Event::Released { inject } => {
                let reached = rec
                    .releases
                    .iter()
                    .find(|x| x.inject == *inject)
                    .map(|x| {
                        x.teams
                            .iter()
                            .map(|t| words::team(sc, t).to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default();
                let mut detail = if reached.is_empty() {
                    "reached no team".to_string()
                } else {
                    format!("to {reached}")
                };
                if r.edition.shows_facilitator_notes()
                    && let Some(note) = sc
                        .inject(inject)
                        .map(|i| i.facilitator_note.trim())
                        .filter(|n| !n.is_empty())
                {
                    detail.push_str(&format!(" · Facilitator note: {note}"));
                }
                let written = if rec.was_improvised(inject) {
                    " (written during the session)"
                } else {
                    ""
                };
                (
                    format!("Inject: {}{written}", words::inject(sc, inject)),
                    detail,
                )
            }
            Event::Decided { team, decision, .. } | Event::Defaulted { team, decision, .. } => {
                let d = rec
                    .decisions
                    .iter()
                    .find(|d| d.team == *team && d.decision == *decision && d.at == e.at);
                let mut detail = String::new();
                if let Some(d) = d {
                    if let Some((g, n)) = d.grade {
                        detail.push_str(&format!("grade at the time {g} ({n})"));
                    } else if matches!(d.fate, Fate::Voided { .. }) {
                        detail.push_str("later voided by the facilitator");
                    }
                    if let Some(rat) = d.rationale.as_deref().filter(|x| !x.trim().is_empty()) {
                        if !detail.is_empty() {
                            detail.push_str(" · ");
                        }
                        detail.push_str(&format!("Rationale: “{}”", rat.trim()));
                    }
                }
                (words::sentence(sc, &e.event), detail)
            }
            Event::Lapsed { .. }
            | Event::Voided { .. }
            | Event::Escalated { .. }
            | Event::DyadEscalated { .. }
            | Event::Ended { .. }
            | Event::Extended { .. }
            | Event::Shortened { .. }
            | Event::Held { .. }
            | Event::LetGo { .. }
            | Event::ForcedRelease { .. }
            | Event::Reaction { .. } => (words::sentence(sc, &e.event), String::new()),
            Event::Improvised { inject } => {
                let detail = sc
                    .inject(inject)
                    .map(|i| {
                        let mut d = format!("{}: “{}”", i.channel.label(), i.text.trim());
                        if let Some(dec) = &i.decision {
                            let options: Vec<&str> =
                                dec.options.iter().map(|o| o.label.as_str()).collect();
                            d.push_str(&format!(
                                " · Decision: {} ({}; {} min)",
                                dec.prompt,
                                options.join(", "),
                                dec.deadline
                            ));
                        }
                        d
                    })
                    .unwrap_or_default();
                (words::sentence(sc, &e.event), detail)
            }
            Event::Noted { team, decision, .. } => {
                let text = rec
                    .notes
                    .iter()
                    .find(|n| n.at == e.at && n.team == *team && n.decision == *decision)
                    .map(|n| n.text.clone())
                    .unwrap_or_default();
                (words::sentence(sc, &e.event), text)
            }
            // Charted, not listed: beliefs, evidence, variables, scores
            // (the decision rows carry the grade), postures.
            _ => continue,
        };
        rows.push(vec![when, what, detail]);
    }
    rows
}
