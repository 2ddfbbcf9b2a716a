//! A team's desk: what a team's keys do to its own screen, from its own
//! view only. The hot-seat `App` and a team joined over the network
//! (`seat`) both call these, so a team's screen behaves the same wherever
//! it sits.

use sitroom_engine::TeamView;
use sitroom_scenario::Channel;

use std::collections::BTreeSet;

use crate::action::Action;
use crate::field::Field;

/// A message a team must acknowledge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub team: String,
    pub title: String,
    pub text: String,
}

/// The panes of a team view, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TeamPane {
    Inbox,
    Message,
    Decisions,
    Board,
}

impl TeamPane {
    pub const ALL: [TeamPane; 4] = [
        TeamPane::Inbox,
        TeamPane::Message,
        TeamPane::Decisions,
        TeamPane::Board,
    ];

    pub fn title(self) -> &'static str {
        match self {
            TeamPane::Inbox => "Inbox",
            TeamPane::Message => "Message",
            TeamPane::Decisions => "Decisions",
            TeamPane::Board => "Attribution",
        }
    }
}

/// One team's view state; kept while other teams play.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamUi {
    pub team: String,
    pub pane: TeamPane,
    /// The inject shown in the reading pane.
    pub selected: Option<String>,
    /// Injects this team has had on its reading pane.
    pub read: BTreeSet<String>,
    pub scroll: u16,
    /// Selected row of the decisions pane.
    pub decision_row: usize,
    /// The inbox shows only this channel (`None`: every channel).
    pub channel: Option<Channel>,
    /// Voided choices the team has been told of.
    pub voids_seen: usize,
}

/// A team's inbox as listed: newest first, only the chosen channel.
pub fn inbox_items<'a>(tv: &'a TeamView, ui: &TeamUi) -> Vec<&'a sitroom_engine::FeedItem> {
    tv.feed
        .iter()
        .rev()
        .filter(|f| ui.channel.is_none_or(|c| f.channel == c))
        .collect()
}

impl TeamUi {
    pub fn new(team: &str) -> TeamUi {
        TeamUi {
            team: team.to_string(),
            pane: TeamPane::Inbox,
            selected: None,
            read: BTreeSet::new(),
            scroll: 0,
            decision_row: 0,
            channel: None,
            voids_seen: 0,
        }
    }
}

/// The decision form of one team for one decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub team: String,
    pub decision: String,
    pub option: usize,
    pub rationale: Field,
    pub editing: bool,
}

/// The forms open over a team's screen, as it is drawn.
#[derive(Debug, Clone, Copy, Default)]
pub struct Forms<'a> {
    pub form: Option<&'a Form>,
    pub judging: Option<&'a Judging>,
}

/// The longest rationale, note or prompt text accepted (characters).
pub const MAX_TEXT: usize = 500;

/// Moves a selection up or down a list of `len` rows, stopping at its ends.
pub fn move_row(row: &mut usize, len: usize, down: bool) {
    if down {
        if *row + 1 < len {
            *row += 1;
        }
    } else {
        *row = row.saturating_sub(1);
    }
}

/// What a key on a team's screen asks beyond moving its own selection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TeamStep {
    None,
    /// Open the decision form (`None`: no decision is open).
    OpenForm(Option<String>),
    /// Open the judgement form.
    Judge,
    /// Leave the team's screen (hand the keyboard back).
    Leave,
}

/// The inject selected in a team's inbox (defaults to the newest).
pub fn selected<'a>(tv: &'a TeamView, ui: &TeamUi) -> Option<&'a sitroom_engine::FeedItem> {
    let items = inbox_items(tv, ui);
    let newest = items.first().copied();
    match &ui.selected {
        Some(id) => items.into_iter().find(|f| &f.inject == id).or(newest),
        None => newest,
    }
}

/// Marks the inject on the team's reading pane as read.
pub fn mark_selected_read(tv: &TeamView, ui: &mut TeamUi) {
    if let Some(id) = selected(tv, ui).map(|f| f.inject.clone()) {
        ui.selected = Some(id.clone());
        ui.read.insert(id);
    }
}

/// A key on a team's screen (no form open); `limit` is the largest useful
/// scroll offset of the pane on screen.
pub fn team_keys(tv: &TeamView, ui: &mut TeamUi, limit: u16, action: Action) -> TeamStep {
    let inbox: Vec<String> = inbox_items(tv, ui)
        .iter()
        .map(|f| f.inject.clone())
        .collect();
    let selected_pos = selected(tv, ui)
        .and_then(|item| inbox.iter().position(|id| *id == item.inject))
        .unwrap_or(0);
    let open: Vec<String> = tv.decisions.iter().map(|d| d.decision.clone()).collect();
    let carried = selected(tv, ui).and_then(|f| f.decision.clone());
    let mut channels: Vec<Channel> = tv.feed.iter().map(|f| f.channel).collect();
    channels.sort();
    channels.dedup();
    match action {
        Action::NextPane | Action::PrevPane => {
            let i = TeamPane::ALL
                .iter()
                .position(|p| *p == ui.pane)
                .unwrap_or(0);
            let n = TeamPane::ALL.len();
            let next = if action == Action::NextPane {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            // ok: `next` is taken modulo ALL's length.
            ui.pane = TeamPane::ALL[next];
        }
        Action::Up | Action::Down => match ui.pane {
            TeamPane::Inbox => {
                let mut pos = selected_pos;
                move_row(&mut pos, inbox.len(), action == Action::Down);
                if let Some(id) = inbox.get(pos) {
                    ui.selected = Some(id.clone());
                    ui.read.insert(id.clone());
                    ui.scroll = 0;
                }
            }
            TeamPane::Message | TeamPane::Board => {
                ui.scroll = if action == Action::Down {
                    ui.scroll.saturating_add(1).min(limit)
                } else {
                    ui.scroll.saturating_sub(1)
                };
            }
            TeamPane::Decisions => {
                move_row(&mut ui.decision_row, open.len(), action == Action::Down)
            }
        },
        Action::PageUp => ui.scroll = ui.scroll.saturating_sub(10),
        Action::PageDown => ui.scroll = ui.scroll.saturating_add(10).min(limit),
        Action::Select => match ui.pane {
            TeamPane::Inbox => {
                ui.pane = TeamPane::Message;
                if let Some(id) = inbox.get(selected_pos) {
                    ui.read.insert(id.clone());
                }
            }
            TeamPane::Decisions => return TeamStep::OpenForm(open.get(ui.decision_row).cloned()),
            TeamPane::Board => return TeamStep::Judge,
            _ => {}
        },
        Action::Decide => {
            let pick = match (ui.pane, carried) {
                (TeamPane::Decisions, _) => open.get(ui.decision_row).cloned(),
                (_, Some(d)) if open.contains(&d) => Some(d),
                _ => open.first().cloned(),
            };
            return TeamStep::OpenForm(pick);
        }
        Action::Channel => {
            ui.channel = match ui.channel {
                None => channels.first().copied(),
                Some(c) => channels.iter().copied().find(|x| *x > c),
            };
            ui.selected = None;
            ui.scroll = 0;
            mark_selected_read(tv, ui);
        }
        Action::Assess => return TeamStep::Judge,
        Action::Back => return TeamStep::Leave,
        _ => {}
    }
    TeamStep::None
}

/// The form for `decision`, with the rationale to offer: a draft typed
/// into a form that closed, else the rationale of the team's own choice the
/// facilitator voided and reopened. `true` when a rationale was restored.
pub fn open_form(tv: &TeamView, decision: String, draft: Option<String>) -> (Form, bool) {
    let voided = tv
        .voided
        .iter()
        .rev()
        .find(|v| v.decision == decision && v.reopened)
        .and_then(|v| v.rationale.clone());
    let draft = draft.or(voided);
    let rationale = draft
        .as_deref()
        .map_or_else(|| Field::new(MAX_TEXT), |d| Field::with_text(MAX_TEXT, d));
    (
        Form {
            team: tv.team.clone(),
            decision,
            option: 0,
            rationale,
            editing: false,
        },
        draft.is_some(),
    )
}

/// A choice about to be recorded, as the team confirms it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub team: String,
    pub decision: String,
    pub option: String,
    pub label: String,
    pub rationale: String,
}

/// What a key in the decision form asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormStep {
    None,
    /// Close the form, keeping the rationale as a draft.
    Close,
    /// Ask the team to confirm what would be recorded.
    Confirm(Choice),
    /// Tell the team something (the text is full, no option).
    Say(&'static str),
    /// The option is aimed at a suspect and needs an attribution: the team
    /// states its own judgement on the case first.
    Judge(sitroom_engine::JudgeOn),
}

/// A key in the decision form.
pub fn form_keys(tv: &TeamView, form: &mut Form, action: Action) -> FormStep {
    let options: Vec<(String, String)> = tv
        .decisions
        .iter()
        .find(|d| d.decision == form.decision)
        .map(|d| {
            d.options
                .iter()
                .map(|o| (o.id.clone(), o.label.clone()))
                .collect()
        })
        .unwrap_or_default();
    if !form.editing && matches!(action, Action::Type(_)) {
        // A letter outside the text box goes into it: typing never selects
        // or submits an option.
        form.editing = true;
    }
    if form.editing {
        match action {
            Action::EditText => form.editing = false,
            other => {
                if let Err(full) = crate::field::edit(&mut form.rationale, other) {
                    return FormStep::Say(full);
                }
            }
        }
        return FormStep::None;
    }
    match action {
        Action::Up | Action::Down => {
            move_row(&mut form.option, options.len(), action == Action::Down)
        }
        Action::EditText => form.editing = true,
        Action::Back => return FormStep::Close,
        Action::Submit => {
            let Some((option, label)) = options.get(form.option).cloned() else {
                return FormStep::Say("This decision has no option to choose.");
            };
            let asked = tv
                .decisions
                .iter()
                .find(|d| d.decision == form.decision)
                .and_then(|d| d.options.get(form.option))
                .and_then(|o| judgement_missing(tv, o));
            if let Some(on) = asked {
                return FormStep::Judge(on.clone());
            }
            return FormStep::Confirm(Choice {
                team: form.team.clone(),
                decision: form.decision.clone(),
                option,
                label,
                rationale: form.rationale.text().to_string(),
            });
        }
        _ => {}
    }
    FormStep::None
}

/// What a team is told when its open form's decision closed: how it
/// closed, from its own view only.
pub fn closed_notice(tv: &TeamView, decision: &str, drafted: bool) -> Notice {
    let title = tv
        .feed
        .iter()
        .find(|f| f.inject == decision)
        .map_or(decision, |f| f.title.as_str());
    let how = if let Some(m) = tv.made.iter().find(|m| m.decision == decision) {
        Some(if m.defaulted {
            format!(
                "The deadline passed at {} and the default was recorded for your team: “{}”.",
                crate::text::tick(m.at),
                m.label
            )
        } else {
            format!("A choice was recorded for your team: “{}”.", m.label)
        })
    } else if let Some(l) = tv.lapsed.iter().find(|l| l.decision == decision) {
        Some(format!(
            "The deadline passed at {} with no decision from your team; it lapsed and nothing was recorded.",
            crate::text::tick(l.at)
        ))
    } else {
        tv.voided
            .iter()
            .rev()
            .find(|v| v.decision == decision && !v.reopened)
            .map(|_| "The facilitator closed it for your team.".to_string())
    };
    let mut text = how.unwrap_or_else(|| "It is no longer open for your team.".to_string());
    if drafted {
        text.push_str(" Your rationale is kept and offered again if the decision reopens.");
    }
    Notice {
        team: tv.team.clone(),
        title: format!("Your decision “{title}” closed"),
        text,
    }
}

/// The team's choices the facilitator voided since it was last told, as a
/// notice; marks them told.
pub fn void_notice(tv: &TeamView, ui: &mut TeamUi) -> Option<Notice> {
    let fresh = tv.voided.get(ui.voids_seen..).unwrap_or_default();
    let mut lines: Vec<String> = fresh
        .iter()
        .map(|v| {
            let then = if v.reopened {
                "it is open again for your team"
            } else {
                "it stays closed for your team"
            };
            let what = if v.defaulted {
                "The default recorded for your team"
            } else {
                "Your choice"
            };
            format!(
                "{what} “{}” on “{}” was voided by the facilitator at {}; {then}.",
                v.label,
                v.title,
                crate::text::tick(v.at)
            )
        })
        .collect();
    if fresh
        .iter()
        .any(|v| v.reopened && v.rationale.as_ref().is_some_and(|r| !r.is_empty()))
    {
        lines.push("Your rationale is offered again when you reopen the form.".to_string());
    }
    ui.voids_seen = tv.voided.len();
    (!lines.is_empty()).then(|| Notice {
        team: tv.team.clone(),
        title: "The facilitator voided a choice of yours".to_string(),
        text: lines.join("\n"),
    })
}

/// The input a confirmed decision records (an empty rationale is none).
pub fn decision_input(
    team: String,
    decision: String,
    option: String,
    rationale: &str,
) -> sitroom_engine::Input {
    let rationale = rationale.trim().to_string();
    sitroom_engine::Input::Decide {
        team,
        decision,
        option,
        rationale: (!rationale.is_empty()).then_some(rationale),
    }
}

/// A team stating its own judgement on a case: whom it holds responsible,
/// how likely (an ICD 203 term) and with what confidence. Indices into
/// the team's `cases`, the case's suspects, [`Likelihood::ALL`] and
/// [`CONFIDENCES`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judging {
    pub team: String,
    pub case: usize,
    pub suspect: usize,
    pub likelihood: usize,
    pub confidence: usize,
    /// The field the arrows change: case, suspect, likelihood, confidence.
    pub row: usize,
    /// The option the team chose asked for it: the decision form waits.
    pub asked: bool,
}

pub use sitroom_engine::Likelihood;

/// The confidence levels a team can state, lowest first.
pub const CONFIDENCES: [sitroom_engine::Confidence; 3] = [
    sitroom_engine::Confidence::Low,
    sitroom_engine::Confidence::Moderate,
    sitroom_engine::Confidence::High,
];

/// The rows of the judgement form.
pub const JUDGE_ROWS: usize = 4;

/// The judgement form, on the case `on` names (else the first the team
/// can judge), starting from the team's standing judgement on it — never
/// from the engine's estimate: the team judges. `None` when the team has
/// heard of no case.
pub fn open_judging(tv: &TeamView, on: Option<&sitroom_engine::JudgeOn>) -> Option<Judging> {
    let case = on
        .and_then(|o| tv.cases.iter().position(|c| c.case == o.case))
        .unwrap_or(0);
    let c = tv.cases.get(case)?;
    let standing = tv.assessments.iter().find(|a| a.case == c.case);
    let suspect = on
        .and_then(|o| c.suspects.iter().position(|(id, _)| *id == o.suspect))
        .or_else(|| standing.and_then(|a| c.suspects.iter().position(|(id, _)| *id == a.suspect)))
        .unwrap_or(0);
    let likelihood = standing.map_or(Likelihood::RoughlyEven, |a| a.likelihood);
    let confidence = standing.map_or(sitroom_engine::Confidence::Low, |a| a.confidence);
    Some(Judging {
        team: tv.team.clone(),
        case,
        suspect,
        likelihood: Likelihood::ALL
            .iter()
            .position(|l| *l == likelihood)
            .unwrap_or(3),
        confidence: CONFIDENCES
            .iter()
            .position(|x| *x == confidence)
            .unwrap_or(0),
        row: if on.is_some() { 2 } else { 0 },
        asked: on.is_some(),
    })
}

/// What a key in the judgement form asks.
#[derive(Debug, Clone, PartialEq)]
pub enum JudgeStep {
    None,
    Close,
    /// Record this judgement (an `Assess` input).
    Record(sitroom_engine::Input),
}

/// A key in the judgement form.
pub fn judge_keys(tv: &TeamView, j: &mut Judging, action: Action) -> JudgeStep {
    let Some(case) = tv.cases.get(j.case) else {
        return JudgeStep::Close;
    };
    let step = |value: &mut usize, len: usize, up: bool| {
        *value = if up {
            (*value + 1).min(len.saturating_sub(1))
        } else {
            value.saturating_sub(1)
        };
    };
    match action {
        Action::Up => j.row = j.row.saturating_sub(1),
        Action::Down => j.row = (j.row + 1).min(JUDGE_ROWS - 1),
        Action::CursorLeft | Action::CursorRight => {
            let up = action == Action::CursorRight;
            match j.row {
                0 => {
                    let before = j.case;
                    step(&mut j.case, tv.cases.len(), up);
                    if j.case != before {
                        j.suspect = 0;
                    }
                }
                1 => step(&mut j.suspect, case.suspects.len(), up),
                2 => step(&mut j.likelihood, Likelihood::ALL.len(), up),
                _ => step(&mut j.confidence, CONFIDENCES.len(), up),
            }
        }
        Action::Submit => {
            let Some((suspect, _)) = case.suspects.get(j.suspect) else {
                return JudgeStep::Close;
            };
            return JudgeStep::Record(sitroom_engine::Input::Assess {
                team: j.team.clone(),
                case: case.case.clone(),
                suspect: suspect.clone(),
                likelihood: Likelihood::ALL[j.likelihood.min(Likelihood::ALL.len() - 1)],
                confidence: CONFIDENCES[j.confidence.min(CONFIDENCES.len() - 1)],
            });
        }
        Action::Back => return JudgeStep::Close,
        _ => {}
    }
    JudgeStep::None
}

/// The judgement a chosen option still asks of the team: its case is one
/// the team has not judged yet.
pub fn judgement_missing<'a>(
    tv: &TeamView,
    option: &'a sitroom_engine::OptionView,
) -> Option<&'a sitroom_engine::JudgeOn> {
    let on = option.judge.as_ref()?;
    (!tv.assessments.iter().any(|a| a.case == on.case)).then_some(on)
}
