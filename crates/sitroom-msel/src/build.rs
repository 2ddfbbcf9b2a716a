//! From MSEL rows to a linear scenario: one inject per event released at
//! its time, teams from the recipients, channels from the delivery methods,
//! actors from the senders and a default escalation ladder; no endings (the
//! session ends with the engine's automatic *Time expired*).

use std::collections::BTreeMap;

use sitroom_scenario::{
    Actor, ActorKind, Channel, Inject, Ladder, Meta, Objective, Posture, Rung, Scenario, Team,
    Trigger, Visibility,
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
    /// The time cell as the sheet shows it, for the report.
    time_text: String,
    from: String,
    /// Recipient names; empty when the sheet has no recipient column.
    to: Vec<String>,
    /// The recipient cell as written, for the report.
    to_cell: String,
    method: String,
    subject: String,
    message: String,
    action: String,
    objective: String,
    notes: String,
    /// The status columns' texts (a status that cancels the row never gets
    /// here).
    status: String,
    /// Further controller-only columns: header and text.
    extra: Vec<(String, String)>,
}

/// A row marked STARTEX in one of its cells.
struct Marker {
    row: usize,
    /// The marking cell's column and text.
    col: usize,
    text: String,
    /// The row's time, if it has one that can be read.
    stamp: Option<(Stamp, String)>,
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
    let mut controller_cols: Vec<usize> = Field::ALL
        .into_iter()
        .filter(|f| f.is_controller_only() && *f != Field::Status)
        .filter_map(|f| cols.get(f))
        .chain(cols.statuses.iter().copied())
        .chain(cols.controller_extra.iter().copied())
        .collect();
    controller_cols.sort_unstable();
    controller_cols.dedup();
    if !controller_cols.is_empty() {
        let names: Vec<String> = controller_cols.iter().map(|&c| cols.describe(c)).collect();
        let objectives = cols.get(Field::Objective).is_some();
        warnings.push(RowProblem::new(
            cols.header_row,
            format!(
                "{} for controllers only: imported into each inject's facilitator_note, \
                 never into the text players read{}",
                match names.as_slice() {
                    [one] => format!("column {one} is"),
                    _ => format!("columns {} are", names.join(", ")),
                },
                // The list of objectives is the exercise's, shown at the
                // start; which inject tests which stays with the controllers.
                if objectives {
                    "; the distinct objectives also become the scenario's learning objectives, \
                     which the start screen lists"
                } else {
                    ""
                },
            ),
        ));
    }

    // Slashed dates (3/14/2026) are read in the order the sheet's own
    // dates reveal.
    let time_columns: Vec<usize> = [cols.get(Field::Time), cols.get(Field::Date)]
        .into_iter()
        .flatten()
        .chain(cols.time_fallbacks.iter().copied())
        .collect();
    let data_rows = grid.rows.get(cols.header + 1..).unwrap_or_default();
    let time_texts: Vec<String> = data_rows
        .iter()
        .flat_map(|r| time_columns.iter().map(|&c| r.cell(c).text()))
        .collect();
    let (order, note) = time::slash_order(time_texts.iter().map(String::as_str));
    if let Some(note) = note {
        warnings.push(RowProblem::new(0, note));
    }

    let from_col = cols.get(Field::From);
    let mut events = Vec::new();
    let mut markers: Vec<Marker> = Vec::new();
    // The last sender a facilitator sees above the current row: MSELs
    // leave a repeated sender blank.
    let mut from_above: Option<(usize, String)> = None;
    for row in data_rows {
        if row.is_blank() {
            continue;
        }
        let texts: Vec<String> = row.cells.iter().map(|c| c.text()).collect();
        if texts == cols.names {
            warnings.push(RowProblem::new(row.number, "repeated header row skipped"));
            continue;
        }
        let mut skipped = Vec::new();
        if row.hidden {
            skipped.push("the row is hidden in the workbook (unhide it to import it)".to_string());
        }
        for &c in &cols.statuses {
            let status = row.cell(c).text();
            if guess::is_cancelled(&status) {
                skipped.push(format!(
                    "its status is '{}' (column {})",
                    single_line(&status),
                    cols.describe(c)
                ));
            }
        }
        let above = from_above.clone();
        let from_here = from_col.map_or(String::new(), |c| row.cell(c).text());
        if !row.hidden && !from_here.is_empty() {
            from_above = Some((row.number, from_here));
        }
        if !skipped.is_empty() {
            problems.push(RowProblem::new(
                row.number,
                format!("skipped: {}", skipped.join("; ")),
            ));
            continue;
        }
        let marker = texts
            .iter()
            .enumerate()
            .find(|(_, t)| guess::marks_startex(t))
            .map(|(col, t)| Marker {
                row: row.number,
                col,
                text: single_line(t),
                stamp: stamp(row, &cols, order).ok(),
            });
        markers.extend(marker);
        match event(row, &cols, order) {
            Ok(mut e) => {
                if e.from.is_empty()
                    && let Some((from_row, name)) = above
                {
                    warnings.push(RowProblem::new(
                        e.row,
                        format!(
                            "From was blank; took '{}' from row {from_row}",
                            single_line(&name)
                        ),
                    ));
                    e.from = name;
                }
                events.push(e);
            }
            Err(reasons) => problems.push(RowProblem::new(row.number, reasons.join("; "))),
        }
    }
    split_slashed_recipients(&mut events, &mut warnings);

    // STARTEX: the first marked row whose time can be read.
    let startex = markers.iter().find(|m| m.stamp.is_some());
    for m in &markers {
        let what = format!("column {}: '{}'", cols.describe(m.col), m.text);
        match (startex, &m.stamp) {
            (_, None) => warnings.push(RowProblem::new(
                m.row,
                format!("marked STARTEX ({what}) but its time cannot be read; not used as STARTEX"),
            )),
            (Some(first), Some(_)) if first.row != m.row => warnings.push(RowProblem::new(
                m.row,
                format!(
                    "also marked STARTEX ({what}); the first, row {}, is minute 0",
                    first.row
                ),
            )),
            _ => {}
        }
    }
    let place = |events: &[Event]| {
        let mut stamps: Vec<Stamp> = events.iter().map(|e| e.stamp).collect();
        let marked = startex.and_then(|m| m.stamp.as_ref()).map(|(s, _)| {
            stamps.push(*s);
            stamps.len() - 1
        });
        let mut line = time::normalise(&stamps, marked);
        line.minutes.truncate(events.len());
        line
    };

    // Place every event on one time line, setting aside wild outliers.
    let first = place(&events);
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
    let timeline = place(&events);
    let zero = match timeline.anchor {
        time::Anchor::Marked(_) => startex.map(|m| {
            let time = m.stamp.as_ref().map_or("", |(_, t)| t.as_str());
            warnings.push(RowProblem::new(
                m.row,
                format!(
                    "STARTEX (column {}: '{}'): minute 0 is this row's time `{time}`; \
                     T+ times count from it",
                    cols.describe(m.col),
                    m.text
                ),
            ));
            format!("STARTEX (row {})", m.row)
        }),
        time::Anchor::TZero(i) => events
            .get(i)
            .map(|e| format!("STARTEX (row {}, T+0)", e.row)),
        time::Anchor::Implicit => Some("STARTEX (T+0)".to_string()),
        time::Anchor::Earliest => None,
    }
    .unwrap_or_else(|| "STARTEX".to_string());
    // Rows before STARTEX (pre-exercise T- rows, clock times before the
    // marked row) are released at STARTEX: nothing a controller wrote is
    // lost, and the report says where each went.
    let mut timed: Vec<(u32, i64, Event)> = Vec::with_capacity(events.len());
    for (&m, e) in timeline.minutes.iter().zip(events) {
        if m < 0 {
            warnings.push(RowProblem::new(
                e.row,
                format!(
                    "`{}` is {} minute(s) before {zero}: imported at minute 0, released \
                     with STARTEX (delete the inject if it is pre-exercise logistics)",
                    e.time_text, -m
                ),
            ));
        }
        // ok: every minute is within MAX_SPREAD_MINUTES * 2 of 0, far below u32::MAX.
        let minute = u32::try_from(m.max(0)).unwrap_or(u32::MAX);
        timed.push((minute, m, e));
    }
    // Stable: events at the same minute keep their own order, then the
    // sheet's (pre-exercise rows released together stay in time order).
    timed.sort_by_key(|(minute, m, e)| (*minute, *m, e.row));
    let timed: Vec<(u32, Event)> = timed
        .into_iter()
        .map(|(minute, _, e)| (minute, e))
        .collect();

    let mut ids = Ids::default();
    let teams = teams(
        &timed,
        &mut ids,
        &mut warnings,
        cols.get(Field::To).map(|_| cols.header_row),
    );
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
            facilitator_note: facilitator_note(e),
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
                    board: true,
                },
                player: t.player,
            }
        })
        .collect();

    let last = timed.last().map_or(0, |(m, _)| *m);
    let duration = last.saturating_add(TAIL_MINUTES);
    let sheet_title = cols.title_rows.first().map(|(_, t)| cut(t, 100));
    let title = settings
        .title
        .map(str::to_string)
        .or_else(|| sheet_title.clone())
        .or_else(|| settings.source.map(stem))
        .unwrap_or_else(|| "Imported MSEL".to_string());
    // Title rows other than the one that names the scenario are often
    // controller-only remarks ("draft, not for players"): they go to the
    // facilitator note, not the briefing.
    let mut kept_rows = Vec::new();
    for (i, (row, text)) in cols.title_rows.iter().enumerate() {
        let names_the_scenario = i == 0 && settings.title.is_none() && cut(text, 100) == *text;
        if !names_the_scenario {
            warnings.push(RowProblem::new(
                *row,
                "title row kept in the scenario's facilitator_note (not in the briefing)",
            ));
            kept_rows.push(text.as_str());
        }
    }
    let meta_note = if kept_rows.is_empty() {
        String::new()
    } else {
        format!("The MSEL's title rows:\n{}", kept_rows.join("\n"))
    };
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
    let length = match (duration / 60, duration % 60) {
        (0, m) => format!("{m} minutes"),
        (1, 0) => "1 hour".to_string(),
        (h, 0) => format!("{h} hours"),
        (h, m) => format!("{h} h {m:02} min"),
    };
    let briefing = format!(
        "{title}. The exercise follows its Master Scenario Events List: injects arrive at \
         their scheduled times over {length}."
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
            facilitator_note: meta_note,
        },
        actors,
        relations: Vec::new(),
        teams: team_list,
        variables: Vec::new(),
        escalation: default_ladder(),
        cases: Vec::new(),
        injects,
        reactions: Vec::new(),
        // Reaching the duration ends the session with the engine's automatic
        // outcome, *Time expired*: a linear MSEL has no other outcome, and no
        // time-out ending is declared (scenario format §14; `check` warns,
        // SR0404, until the author adds the outcomes of play).
        endings: Vec::new(),
        norms: BTreeMap::new(),
        hide_scores: false,
    };
    // By row; within a row, in the order the import met them.
    warnings.sort_by_key(|w| w.row);
    Ok(Built {
        scenario,
        problems,
        warnings,
        rows,
    })
}

/// A row's time (and the time cell's text), combined with the date
/// column when there is one.
fn stamp(row: &Row, cols: &Columns, order: time::SlashOrder) -> Result<(Stamp, String), String> {
    let time_cell = cols
        .get(Field::Time)
        .into_iter()
        .chain(cols.time_fallbacks.iter().copied())
        .map(|c| row.cell(c))
        .find(|cell| !cell.is_blank());
    let Some(cell) = time_cell else {
        return Err("no time".to_string());
    };
    let stamp = time::parse_cell(cell, order)?.ok_or_else(|| "no time".to_string())?;
    let stamp = match cols
        .get(Field::Date)
        .map(|c| time::parse_day(row.cell(c), order))
    {
        None | Some(Ok(None)) => stamp,
        Some(Ok(Some(day))) => time::on_day(day, stamp)?,
        Some(Err(why)) => return Err(why),
    };
    Ok((stamp, cell.text()))
}

/// Reads one data row, or says every reason it cannot be imported.
fn event(row: &Row, cols: &Columns, order: time::SlashOrder) -> Result<Event, Vec<String>> {
    let text = |field: Field| {
        cols.get(field)
            .map_or(String::new(), |c| row.cell(c).text())
    };
    let mut reasons = Vec::new();
    let stamp = stamp(row, cols, order)
        .map_err(|why| reasons.push(why))
        .ok();
    let subject = text(Field::Subject);
    let message = text(Field::Message);
    if subject.is_empty() && message.is_empty() {
        reasons.push("no message and no subject".into());
    }
    let to_cell = text(Field::To);
    let to = match cols.get(Field::To) {
        Some(_) => {
            let names = guess::recipients(&to_cell);
            if names.is_empty() {
                reasons.push("no recipient".into());
            }
            names
        }
        None => Vec::new(),
    };
    let status = cols
        .statuses
        .iter()
        .map(|&c| row.cell(c).text())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    match stamp {
        Some((stamp, time_text)) if reasons.is_empty() => Ok(Event {
            row: row.number,
            number: text(Field::Number),
            stamp,
            time_text,
            from: text(Field::From),
            to,
            to_cell,
            method: text(Field::Method),
            subject,
            message,
            action: text(Field::Action),
            objective: text(Field::Objective),
            notes: text(Field::Notes),
            status,
            extra: cols
                .controller_extra
                .iter()
                .map(|&c| {
                    let name = cols.names.get(c).cloned().unwrap_or_default();
                    (name, row.cell(c).text())
                })
                .filter(|(_, v)| !v.is_empty())
                .collect(),
        }),
        _ => Err(reasons),
    }
}

/// "MFA/CERT" is two recipients when MFA and CERT each receive injects on
/// their own elsewhere in the sheet; otherwise the unspaced slash is part
/// of one name ("CERT/CSIRT", "24/7 desk"), which the team's report line
/// says.
fn split_slashed_recipients(events: &mut [Event], warnings: &mut Vec<RowProblem>) {
    let alone: Vec<String> = events
        .iter()
        .flat_map(|e| e.to.iter())
        .filter(|n| guess::slash_parts(n).is_none())
        .cloned()
        .collect();
    let mut reported: Vec<String> = Vec::new();
    for e in events.iter_mut() {
        let mut names = Vec::with_capacity(e.to.len());
        for name in std::mem::take(&mut e.to) {
            match guess::slash_parts(&name) {
                Some(parts) if parts.iter().all(|p| alone.iter().any(|a| same(a, p))) => {
                    if !reported.iter().any(|r| same(r, &name)) {
                        warnings.push(RowProblem::new(
                            e.row,
                            format!(
                                "'{name}' is read as {} recipients, {}: each receives injects \
                                 on its own elsewhere in the sheet",
                                parts.len(),
                                parts
                                    .iter()
                                    .map(|p| format!("'{p}'"))
                                    .collect::<Vec<_>>()
                                    .join(" and ")
                            ),
                        ));
                        reported.push(name.clone());
                    }
                    names.extend(parts);
                }
                _ => names.push(name),
            }
        }
        e.to = names;
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
    /// The first row that names it.
    row: usize,
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
/// sheet; control cells (SimCell, controllers) are non-player teams. Each
/// team created, each other spelling folded into one, and each name that
/// looks like another team's is reported. `header_row` is the header's
/// row when the sheet has a recipient column.
fn teams(
    timed: &[(u32, Event)],
    ids: &mut Ids,
    warnings: &mut Vec<RowProblem>,
    header_row: Option<usize>,
) -> Teams {
    let mut by_row: Vec<&Event> = timed.iter().map(|(_, e)| e).collect();
    by_row.sort_by_key(|e| e.row);
    let mut list: Vec<TeamEntry> = Vec::new();
    let mut spellings: Vec<String> = Vec::new();
    for e in by_row {
        let cell = single_line(&e.to_cell);
        for name in &e.to {
            if guess::is_everyone(name) {
                continue;
            }
            if let Some(t) = list.iter().find(|t| same(&t.name, name)) {
                if t.name.trim() != name.trim() && !spellings.iter().any(|s| s == name.trim()) {
                    spellings.push(name.trim().to_string());
                    warnings.push(RowProblem::new(
                        e.row,
                        format!(
                            "'{}' is team `{}` ('{}', row {}): the same name but for case, \
                             accents or punctuation",
                            single_line(name),
                            t.id,
                            single_line(&t.name),
                            t.row
                        ),
                    ));
                }
                continue;
            }
            let id = ids.claim(&guess::slug(name), "team");
            let player = !guess::is_control(name);
            let kind = if player { "" } else { "non-player " };
            let mut line = if single_line(name) == cell {
                format!("new {kind}team `{id}` from '{cell}'")
            } else {
                format!(
                    "new {kind}team `{id}` ('{}') from '{cell}'",
                    single_line(name)
                )
            };
            if !player {
                line.push_str(" (a control cell: it receives injects but does not play)");
            }
            if let Some(parts) = guess::slash_parts(name) {
                line.push_str(&format!(
                    "; the slash in '{}' has no spaces, so it is part of the name \
                     (write '{}' for {} teams)",
                    single_line(name),
                    parts.join(" / "),
                    parts.len()
                ));
            }
            if let Some(other) = list.iter().find(|t| guess::looks_alike(&t.name, name)) {
                line.push_str(&format!(
                    "; did you mean `{}` ('{}', row {})? Spell both the same way to make \
                     them one team",
                    other.id,
                    single_line(&other.name),
                    other.row
                ));
            }
            warnings.push(RowProblem::new(e.row, line));
            list.push(TeamEntry {
                id,
                name: name.clone(),
                player,
                row: e.row,
            });
        }
    }
    if !list.iter().any(|t| t.player) {
        // Only "All" (or no recipient column at all): one team of players.
        let id = ids.claim("players", "players");
        if let Some(row) = header_row {
            warnings.push(RowProblem::new(
                row,
                format!(
                    "no recipient names a player team (only 'All' or control cells): \
                     one team `{id}` receives every inject sent to all"
                ),
            ));
        }
        list.push(TeamEntry {
            id,
            name: "Players".into(),
            player: true,
            row: 0,
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

/// What players read: the message, else the subject. Nothing for
/// controllers only: that is the facilitator note.
fn text(e: &Event) -> String {
    if e.message.is_empty() {
        e.subject.clone()
    } else {
        e.message.clone()
    }
}

/// What the MSEL tells controllers about the inject, each part labelled:
/// expected player action, objective, notes, status, then any further
/// controller column under its own header.
fn facilitator_note(e: &Event) -> String {
    [
        ("Expected player action", &e.action),
        ("Objective", &e.objective),
        ("Notes", &e.notes),
        ("Status", &e.status),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.as_str()))
    .chain(e.extra.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    .filter(|(_, v)| !v.is_empty())
    .map(|(k, v)| format!("{k}: {v}"))
    .collect::<Vec<_>>()
    .join("\n")
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

/// A cyber-crisis ladder after Herman Kahn, On Escalation (1965): the lower rungs (gestures,
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
        dyads: Vec::new(),
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
