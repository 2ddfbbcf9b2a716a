//! From MSEL rows to a linear scenario: one inject per event released at
//! its time, teams from the recipients, channels from the delivery methods,
//! actors from the senders, a default escalation ladder and a "time expired"
//! ending.

use std::collections::BTreeMap;

use sitroom_scenario::{
    Actor, ActorKind, Channel, Condition, Ending, Inject, Ladder, Meta, Objective, Posture, Rung,
    Scenario, Team, Trigger, Visibility,
};

use crate::columns::{self, Columns, Field};
use crate::error::{ImportError, RowProblem};
use crate::guess::{self, Ids};
use crate::sheet::{Grid, Row};
use crate::time::{self, Stamp};

/// An exercise runs on this long after its last event, so that the last
/// inject can be discussed before "time expired".
pub const TAIL_MINUTES: u32 = 30;
/// Events further than this from the median time are typos (a wrong year in
/// a date-time group), not a year-long exercise.
const MAX_SPREAD_MINUTES: i64 = 366 * 1440;
/// The title of an inject made from its message is cut to this many
/// characters.
const TITLE_CHARS: usize = 60;

/// Everything the builder needs besides the sheet.
pub struct Settings<'a> {
    pub map: &'a columns::ColumnMap,
    pub title: Option<&'a str>,
    pub id: Option<&'a str>,
    pub source: Option<&'a str>,
}

pub struct Built {
    pub scenario: Scenario,
    pub problems: Vec<RowProblem>,
    pub warnings: Vec<RowProblem>,
    pub rows: usize,
}

/// One row that can be imported.
struct Event {
    row: usize,
    number: String,
    stamp: Stamp,
    from: String,
    /// Recipient names; empty when the sheet has no recipient column.
    to: Vec<String>,
    method: String,
    subject: String,
    message: String,
    action: String,
    objective: String,
    notes: String,
}

pub fn build(grid: &Grid, settings: &Settings) -> Result<Built, ImportError> {
    let mut warnings: Vec<RowProblem> = grid
        .notes
        .iter()
        .map(|n| RowProblem::new(0, n.clone()))
        .collect();
    let mut problems = Vec::new();
    let cols = columns::find(grid, settings.map, &mut warnings)?;
    if cols.get(Field::To).is_none() {
        warnings.push(RowProblem::new(
            cols.header_row,
            "no recipient (to) column: every inject goes to one team, `Players`",
        ));
    }
    let has_method = cols.get(Field::Method).is_some();
    if !has_method {
        warnings.push(RowProblem::new(
            cols.header_row,
            "no delivery method column: every inject is a briefing",
        ));
    }

    // Slashed dates (3/14/2026) are read in the order the sheet's own
    // dates reveal.
    let time_columns: Vec<usize> = [cols.get(Field::Time), cols.get(Field::Date)]
        .into_iter()
        .flatten()
        .chain(cols.time_fallbacks.iter().copied())
        .collect();
    let time_texts: Vec<String> = grid.rows[cols.header + 1..]
        .iter()
        .flat_map(|r| time_columns.iter().map(|&c| r.cell(c).text()))
        .collect();
    let (order, note) = time::slash_order(time_texts.iter().map(String::as_str));
    if let Some(note) = note {
        warnings.push(RowProblem::new(0, note));
    }

    let header_texts: Vec<String> = grid.rows[cols.header]
        .cells
        .iter()
        .map(|c| c.text())
        .collect();
    let mut events = Vec::new();
    for row in &grid.rows[cols.header + 1..] {
        if row.is_blank() {
            continue;
        }
        let texts: Vec<String> = row.cells.iter().map(|c| c.text()).collect();
        if texts == header_texts {
            warnings.push(RowProblem::new(row.number, "repeated header row skipped"));
            continue;
        }
        match event(row, &cols, order) {
            Ok(e) => events.push(e),
            Err(reasons) => problems.push(RowProblem::new(row.number, reasons.join("; "))),
        }
    }

    // Place every event on one time line, setting aside wild outliers.
    let first = time::normalise(&events.iter().map(|e| e.stamp).collect::<Vec<_>>());
    if let Some(median) = median(&first.minutes) {
        let mut kept = Vec::with_capacity(events.len());
        for (e, m) in events.into_iter().zip(&first.minutes) {
            if (m - median).abs() > MAX_SPREAD_MINUTES {
                problems.push(RowProblem::new(
                    e.row,
                    format!(
                        "the time is {} days away from the other events; check the date",
                        (m - median).abs() / 1440
                    ),
                ));
            } else {
                kept.push(e);
            }
        }
        events = kept;
    }
    problems.sort();
    if events.is_empty() {
        return Err(ImportError::NoEvents { problems });
    }
    let timeline = time::normalise(&events.iter().map(|e| e.stamp).collect::<Vec<_>>());
    let mut timed: Vec<(u32, Event)> = timeline
        .minutes
        .iter()
        // ok: every minute is within MAX_SPREAD_MINUTES * 2 of 0, far below u32::MAX.
        .map(|&m| u32::try_from(m).unwrap_or(u32::MAX))
        .zip(events)
        .collect();
    // Stable: events at the same minute keep the sheet's order.
    timed.sort_by_key(|(m, e)| (*m, e.row));

    let mut ids = Ids::default();
    let teams = teams(&timed, &mut ids);
    let home = ids.claim("home-state", "home-state");

    let mut injects = Vec::new();
    let mut seen: BTreeMap<String, Vec<Channel>> = BTreeMap::new();
    let mut objectives: Vec<Objective> = Vec::new();
    let mut senders: Vec<(String, usize)> = Vec::new();
    for (minute, e) in &timed {
        let channel = match guess::channel(&e.method) {
            Some(c) => c,
            None if !has_method => Channel::Briefing,
            None => {
                warnings.push(RowProblem::new(
                    e.row,
                    if e.method.is_empty() {
                        "no delivery method; imported as a briefing".to_string()
                    } else {
                        format!(
                            "unknown delivery method `{}`; imported as a briefing",
                            e.method
                        )
                    },
                ));
                Channel::Briefing
            }
        };
        let audience = teams.audience(e);
        for team in &audience {
            let list = seen.entry(team.clone()).or_default();
            if !list.contains(&channel) {
                list.push(channel);
            }
        }
        let base = guess::slug(&e.number);
        let base = match base.chars().next() {
            None => format!("row-{}", e.row),
            Some(c) if c.is_ascii_digit() => format!("inj-{base}"),
            Some(_) => base,
        };
        let id = ids.claim(&base, "inject");
        if id != base {
            warnings.push(RowProblem::new(
                e.row,
                format!("the id `{base}` is already taken; this inject is `{id}`"),
            ));
        }
        if !e.objective.is_empty() && !objectives.iter().any(|o| o.text == e.objective) {
            objectives.push(Objective {
                id: ids.claim(&format!("obj-{}", objectives.len() + 1), "obj"),
                text: e.objective.clone(),
                norms: Vec::new(),
            });
        }
        if !e.from.is_empty() && !guess::is_control(&e.from) && !teams.is_team(&e.from) {
            match senders.iter_mut().find(|(n, _)| same(n, &e.from)) {
                Some((_, count)) => *count += 1,
                None => senders.push((e.from.clone(), 1)),
            }
        }
        injects.push(Inject {
            id,
            title: title(e),
            channel,
            from: e.from.clone(),
            audience,
            release: Trigger::At(*minute),
            text: text(e),
            effects: Vec::new(),
            evidence: Vec::new(),
            decision: None,
            facilitator_note: String::new(),
        });
    }

    let mut actors = vec![Actor {
        id: home.clone(),
        name: "Home state".into(),
        kind: ActorKind::State,
        posture: Posture::Cooperative,
        description: "The state the player teams serve; rename it after the exercise's country."
            .into(),
    }];
    for (name, count) in &senders {
        actors.push(Actor {
            id: ids.claim(&guess::slug(name), "actor"),
            name: name.clone(),
            kind: guess::actor_kind(name),
            posture: Posture::Neutral,
            description: format!(
                "Sender of {count} inject(s) in the MSEL; its kind was guessed from the name."
            ),
        });
    }

    let team_list: Vec<Team> = teams
        .list
        .iter()
        .map(|t| {
            let mut channels = seen.get(&t.id).cloned().unwrap_or_default();
            channels.sort();
            if channels.is_empty() {
                // A team addressed only by rows that were not imported.
                channels.push(Channel::Briefing);
            }
            Team {
                id: t.id.clone(),
                name: t.name.clone(),
                actor: home.clone(),
                role: guess::role(&t.name),
                sees: Visibility {
                    channels,
                    variables: Vec::new(),
                    cases: Vec::new(),
                },
                player: t.player,
            }
        })
        .collect();

    let last = timed.last().map_or(0, |(m, _)| *m);
    let duration = last.saturating_add(TAIL_MINUTES);
    let title = settings
        .title
        .map(str::to_string)
        .or_else(|| cols.title_rows.first().map(|t| cut(t, 100)))
        .or_else(|| settings.source.map(stem))
        .unwrap_or_else(|| "Imported MSEL".to_string());
    let id = settings
        .id
        .map(guess::slug)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| {
            let s = short_slug(&title);
            if s.is_empty() {
                "imported-msel".into()
            } else {
                s
            }
        });
    let summary = format!(
        "A linear exercise imported from {}: {} inject(s) to {} team(s) over {} minutes.",
        settings.source.unwrap_or("a Master Scenario Events List"),
        injects.len(),
        team_list.len(),
        duration
    );
    // Title rows below the first are often controller-only remarks
    // ("draft, not for players"), so the briefing does not quote them.
    let briefing = format!(
        "{title}. The exercise follows its Master Scenario Events List: injects arrive at \
         their scheduled times over {} hour(s).",
        duration.div_ceil(60)
    );

    let rows = injects.len();
    let scenario = Scenario {
        meta: Meta {
            id,
            title,
            summary,
            briefing,
            objectives,
            duration,
            time_step: 15,
            start: timeline.start,
            facilitator_note: String::new(),
        },
        actors,
        relations: Vec::new(),
        teams: team_list,
        variables: Vec::new(),
        escalation: default_ladder(),
        cases: Vec::new(),
        injects,
        reactions: Vec::new(),
        endings: vec![Ending {
            id: ids.claim("time-expired", "time-expired"),
            title: "Time expired".into(),
            description: format!(
                "The exercise ran its scheduled course: {TAIL_MINUTES} minutes after the last \
                 event of the MSEL."
            ),
            when: Condition::Elapsed(duration),
        }],
        norms: BTreeMap::new(),
        hide_scores: false,
    };
    warnings.sort();
    Ok(Built {
        scenario,
        problems,
        warnings,
        rows,
    })
}

/// Reads one data row, or says every reason it cannot be imported.
fn event(row: &Row, cols: &Columns, order: time::SlashOrder) -> Result<Event, Vec<String>> {
    let text = |field: Field| {
        cols.get(field)
            .map_or(String::new(), |c| row.cell(c).text())
    };
    let mut reasons = Vec::new();

    let time_cell = cols
        .get(Field::Time)
        .into_iter()
        .chain(cols.time_fallbacks.iter().copied())
        .map(|c| row.cell(c))
        .find(|cell| !cell.is_blank());
    let stamp = match time_cell.map(|c| time::parse_cell(c, order)).transpose() {
        Err(why) => {
            reasons.push(why);
            None
        }
        Ok(None) | Ok(Some(None)) => {
            reasons.push("no time".to_string());
            None
        }
        Ok(Some(Some(stamp))) => {
            match cols
                .get(Field::Date)
                .map(|c| time::parse_day(row.cell(c), order))
            {
                None | Some(Ok(None)) => Some(stamp),
                Some(Ok(Some(day))) => match time::on_day(day, stamp) {
                    Ok(s) => Some(s),
                    Err(why) => {
                        reasons.push(why);
                        None
                    }
                },
                Some(Err(why)) => {
                    reasons.push(why);
                    None
                }
            }
        }
    };
    let subject = text(Field::Subject);
    let message = text(Field::Message);
    if subject.is_empty() && message.is_empty() {
        reasons.push("no message and no subject".into());
    }
    let to = match cols.get(Field::To) {
        Some(c) => {
            let names = guess::recipients(&row.cell(c).text());
            if names.is_empty() {
                reasons.push("no recipient".into());
            }
            names
        }
        None => Vec::new(),
    };
    match stamp {
        Some(stamp) if reasons.is_empty() => Ok(Event {
            row: row.number,
            number: text(Field::Number),
            stamp,
            from: text(Field::From),
            to,
            method: text(Field::Method),
            subject,
            message,
            action: text(Field::Action),
            objective: text(Field::Objective),
            notes: text(Field::Notes),
        }),
        _ => Err(reasons),
    }
}

fn median(values: &[i64]) -> Option<i64> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    sorted.get(sorted.len() / 2).copied()
}

/// Names compared as a facilitator would: case and accents aside.
fn same(a: &str, b: &str) -> bool {
    let (sa, sb) = (guess::slug(a), guess::slug(b));
    if sa.is_empty() || sb.is_empty() {
        a.trim().to_lowercase() == b.trim().to_lowercase()
    } else {
        sa == sb
    }
}

struct TeamEntry {
    id: String,
    name: String,
    player: bool,
}

struct Teams {
    list: Vec<TeamEntry>,
}

impl Teams {
    fn find(&self, name: &str) -> Option<&TeamEntry> {
        self.list.iter().find(|t| same(&t.name, name))
    }

    fn is_team(&self, name: &str) -> bool {
        self.find(name).is_some()
    }

    /// Team ids of an event's recipients, in team order; "All" means every
    /// player team, and no recipient column means the single team.
    fn audience(&self, e: &Event) -> Vec<String> {
        let everyone = e.to.is_empty() || e.to.iter().any(|n| guess::is_everyone(n));
        self.list
            .iter()
            .filter(|t| {
                (everyone && (t.player || self.list.len() == 1))
                    || e.to.iter().any(|n| same(n, &t.name))
            })
            .map(|t| t.id.clone())
            .collect()
    }
}

/// One team per distinct recipient, in order of first appearance in the
/// sheet; control cells (SimCell, controllers) are non-player teams.
fn teams(timed: &[(u32, Event)], ids: &mut Ids) -> Teams {
    let mut by_row: Vec<&Event> = timed.iter().map(|(_, e)| e).collect();
    by_row.sort_by_key(|e| e.row);
    let mut list: Vec<TeamEntry> = Vec::new();
    for e in by_row {
        for name in &e.to {
            if guess::is_everyone(name) || list.iter().any(|t| same(&t.name, name)) {
                continue;
            }
            list.push(TeamEntry {
                id: ids.claim(&guess::slug(name), "team"),
                name: name.clone(),
                player: !guess::is_control(name),
            });
        }
    }
    if !list.iter().any(|t| t.player) {
        // Only "All" (or no recipient column at all): one team of players.
        list.push(TeamEntry {
            id: ids.claim("players", "players"),
            name: "Players".into(),
            player: true,
        });
    }
    Teams { list }
}

fn title(e: &Event) -> String {
    if !e.subject.is_empty() {
        return single_line(&e.subject);
    }
    cut(&single_line(&e.message), TITLE_CHARS)
}

fn single_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `max` characters, cut at a word boundary with an ellipsis.
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for word in s.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > max.saturating_sub(1) {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    if out.is_empty() {
        out = s.chars().take(max.saturating_sub(1)).collect();
    }
    out.push('…');
    out
}

/// The message, then what the MSEL tells controllers: the model has no
/// notes field, so expected actions, objectives and notes follow the text.
fn text(e: &Event) -> String {
    let mut out = if e.message.is_empty() {
        e.subject.clone()
    } else {
        e.message.clone()
    };
    let extra: Vec<String> = [
        ("Expected action", &e.action),
        ("Objective", &e.objective),
        ("Controller notes", &e.notes),
    ]
    .into_iter()
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| format!("{k}: {v}"))
    .collect();
    if !extra.is_empty() {
        out.push_str("\n\n");
        out.push_str(&extra.join("\n"));
    }
    out
}

/// A slug of at most four words, for the scenario id.
fn short_slug(title: &str) -> String {
    guess::slug(title)
        .split('-')
        .take(4)
        .collect::<Vec<_>>()
        .join("-")
}

fn stem(source: &str) -> String {
    let name = source.rsplit(['/', '\\']).next().unwrap_or(source);
    name.rsplit_once('.').map_or(name, |(s, _)| s).to_string()
}

/// A cyber-crisis ladder after domain.md §4: Kahn's lower rungs (gestures,
/// declarations, retorsion, breaking relations) ordered by the severity of
/// the response, as in the cyber-specific ladders.
pub fn default_ladder() -> Ladder {
    let rungs = [
        (
            "Routine",
            "Normal relations; incidents handled technically, below the political threshold.",
        ),
        (
            "Diplomatic signalling",
            "Private démarches and unfriendly but lawful gestures (retorsion).",
        ),
        (
            "Public attribution",
            "Formal, public declarations naming the responsible state or group.",
        ),
        (
            "Sanctions and expulsions",
            "Targeted sanctions, expulsions of diplomats, law-enforcement action.",
        ),
        (
            "Countermeasures",
            "Non-forcible countermeasures, including cyber operations against the responsible state.",
        ),
        (
            "Breaking relations",
            "Severing diplomatic relations (Kahn's rung 10): the edge of an intense crisis.",
        ),
    ];
    Ladder {
        initial: 0,
        rungs: rungs
            .iter()
            .enumerate()
            .map(|(i, (name, description))| Rung {
                // ok: six rungs.
                level: i as i32,
                name: (*name).to_string(),
                description: (*description).to_string(),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_titles_at_words() {
        assert_eq!(cut("short", 10), "short");
        assert_eq!(cut("a fairly long sentence here", 12), "a fairly…");
        assert_eq!(cut("unbreakablewordthatislong", 6), "unbre…");
        assert_eq!(stem("dir/My MSEL.v2.csv"), "My MSEL.v2");
    }
}
