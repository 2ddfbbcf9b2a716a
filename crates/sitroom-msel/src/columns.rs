//! Which column holds what: the MSEL fields, the names spreadsheets give
//! them, finding the header row below any title rows, and `--map`.

use std::collections::BTreeMap;
use std::fmt;

use crate::error::{ImportError, RowProblem};
use crate::sheet::{Grid, Row};

/// A column the import understands (HSEEP MSEL columns, plus a separate date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Number,
    /// A separate date or exercise-day column, combined with the time.
    Date,
    Time,
    From,
    To,
    Method,
    Subject,
    Message,
    Action,
    Objective,
    Notes,
    /// The row's status in the MSEL's life ("Ready", "Cancelled"): a
    /// cancelled, deleted, void or withdrawn row is not imported.
    Status,
}

impl Field {
    pub const ALL: [Field; 12] = [
        Field::Number,
        Field::Date,
        Field::Time,
        Field::From,
        Field::To,
        Field::Method,
        Field::Subject,
        Field::Message,
        Field::Action,
        Field::Objective,
        Field::Notes,
        Field::Status,
    ];

    /// Columns for controllers only: they go into an inject's
    /// `facilitator_note`, never into what players read.
    pub fn is_controller_only(self) -> bool {
        matches!(
            self,
            Field::Action | Field::Objective | Field::Notes | Field::Status
        )
    }

    /// The name used in `--map` and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Field::Number => "number",
            Field::Date => "date",
            Field::Time => "time",
            Field::From => "from",
            Field::To => "to",
            Field::Method => "method",
            Field::Subject => "subject",
            Field::Message => "message",
            Field::Action => "action",
            Field::Objective => "objective",
            Field::Notes => "notes",
            Field::Status => "status",
        }
    }

    /// `--map` keys, the canonical name first.
    fn keys(self) -> &'static [&'static str] {
        match self {
            Field::Number => &["number", "event", "no", "id", "serial"],
            Field::Date => &["date", "day"],
            Field::Time => &["time", "when"],
            Field::From => &["from", "sender", "originator"],
            Field::To => &["to", "recipient", "player", "audience"],
            Field::Method => &["method", "channel", "delivery", "mode"],
            Field::Subject => &["subject", "title", "inject"],
            Field::Message => &["message", "text", "description", "details"],
            Field::Action => &["action", "expected", "response"],
            Field::Objective => &["objective", "capability"],
            Field::Notes => &["notes", "remarks"],
            Field::Status => &["status", "state"],
        }
    }

    /// Header names, normalised (see [`normalise`]), that mean this field.
    fn variants(self) -> &'static [&'static str] {
        match self {
            Field::Number => &[
                "number",
                "no",
                "nr",
                "event",
                "event number",
                "event no",
                "event id",
                "event ref",
                "inject number",
                "inject no",
                "inject id",
                "inject ref",
                "msel number",
                "msel no",
                "msel id",
                "serial",
                "serial no",
                "serial number",
                "id",
                "ref",
                "reference",
                "seq",
                "sequence",
            ],
            Field::Date => &["date", "day", "exercise day", "scenario date", "event date"],
            Field::Time => &[
                "time",
                "scenario time",
                "designated scenario time",
                "inject time",
                "event time",
                "exercise time",
                "delivery time",
                "release time",
                "game time",
                "planned time",
                "start time",
                "time of inject",
                "t plus",
                "t",
                "date time",
                "datetime",
                "date time group",
                "dtg",
                "when",
                "clock",
                "timing",
            ],
            Field::From => &[
                "from",
                "sender",
                "originator",
                "source",
                "sent by",
                "origin",
                "inject from",
                "simulated sender",
                "from whom",
            ],
            Field::To => &[
                "to",
                "recipient",
                "recipients",
                "recipient player",
                "player",
                "players",
                "audience",
                "addressee",
                "addressees",
                "target audience",
                "receiving player",
                "player team",
                "team",
                "teams",
                "inject to",
                "to whom",
            ],
            Field::Method => &[
                "delivery method",
                "method",
                "mode",
                "channel",
                "delivery",
                "delivery mode",
                "delivery channel",
                "medium",
                "means",
                "inject method",
                "inject mode",
                "mechanism",
                "how",
            ],
            Field::Subject => &[
                "subject",
                "title",
                "inject",
                "inject title",
                "event title",
                "inject name",
                "event name",
                "headline",
                "topic",
                "short description",
            ],
            Field::Message => &[
                "message",
                "description",
                "details",
                "text",
                "inject text",
                "message text",
                "inject description",
                "event description",
                "event synopsis",
                "synopsis",
                "body",
                "content",
                "narrative",
                "inject details",
                "inject message",
                "situation",
            ],
            Field::Action => &[
                "expected action",
                "expected actions",
                "expected player action",
                "expected player actions",
                "expected player response",
                "expected response",
                "expected outcome",
                "desired response",
                "anticipated response",
                "anticipated action",
                "player action",
                "response",
            ],
            Field::Objective => &[
                "objective",
                "objectives",
                "core capability",
                "core capabilities",
                "capability",
                "capabilities",
                "objective core capability",
                "exercise objective",
                "exercise objectives",
                "learning objective",
            ],
            Field::Notes => &[
                "notes",
                "note",
                "remarks",
                "remark",
                "controller notes",
                "controller note",
                "facilitator notes",
                "facilitator note",
                "evaluator notes",
                "evaluator note",
                "controller remarks",
                "controller comments",
                "control notes",
                "internal notes",
                "comments",
                "comment",
            ],
            Field::Status => &[
                "status",
                "inject status",
                "event status",
                "msel status",
                "row status",
                "delivery status",
                "current status",
            ],
        }
    }

    /// A word that, inside a short header, points at this field when no
    /// variant matched exactly ("Scenario Time hh mm" → time).
    fn hint(self) -> &'static [&'static str] {
        match self {
            Field::Number => &["number", "serial"],
            Field::Date => &["date", "day"],
            Field::Time => &["time", "dtg"],
            Field::From => &["sender", "originator", "from"],
            Field::To => &[
                "recipient",
                "recipients",
                "audience",
                "player",
                "players",
                "to",
            ],
            Field::Method => &["method", "channel", "delivery", "medium"],
            Field::Subject => &["subject", "title", "headline"],
            Field::Message => &["message", "description", "details", "text", "synopsis"],
            Field::Action => &["action", "actions", "response"],
            Field::Objective => &["objective", "objectives", "capability", "capabilities"],
            Field::Notes => &["notes", "remarks", "comments"],
            Field::Status => &["status"],
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A header cell reduced to lower-case words: bracketed parts dropped,
/// `#` read as "number" and `+` as "plus".
pub fn normalise(header: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in header.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            '#' => out.push_str(" number "),
            '+' => out.push_str(" plus "),
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => out.push(' '),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Strength {
    Hint = 1,
    Exact = 2,
}

fn classify(cell: &str) -> Option<(Field, Strength)> {
    let norm = normalise(cell);
    if norm.is_empty() {
        return None;
    }
    for field in Field::ALL {
        if field.variants().contains(&norm.as_str()) {
            return Some((field, Strength::Exact));
        }
    }
    // Hints only for short cells: a data row's sentence mentioning "time"
    // must not look like a header.
    let words: Vec<&str> = norm.split(' ').collect();
    if words.len() > 5 || cell.chars().count() > 40 {
        return None;
    }
    // The last word usually carries the meaning ("Inject Delivery Method").
    for word in words.iter().rev() {
        for field in Field::ALL {
            if field.hint().contains(word) {
                return Some((field, Strength::Hint));
            }
        }
    }
    None
}

/// Column overrides from `--map "time=Scenario Time,to=Player"`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnMap {
    entries: Vec<(Field, String)>,
}

impl ColumnMap {
    pub fn parse(spec: &str) -> Result<ColumnMap, ImportError> {
        let mut entries: Vec<(Field, String)> = Vec::new();
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let Some((key, column)) = part.split_once('=') else {
                return Err(ImportError::BadMap(format!(
                    "`{part}` is not FIELD=COLUMN (e.g. time=Scenario Time)"
                )));
            };
            let key = key.trim().to_lowercase();
            let column = column.trim();
            let field = Field::ALL
                .into_iter()
                .find(|f| f.keys().contains(&key.as_str()))
                .ok_or_else(|| {
                    ImportError::BadMap(format!(
                        "unknown field `{key}`; the fields are {}",
                        Field::ALL.map(Field::name).join(", ")
                    ))
                })?;
            if column.is_empty() {
                return Err(ImportError::BadMap(format!("`{part}` names no column")));
            }
            if entries.iter().any(|(f, _)| *f == field) {
                return Err(ImportError::BadMap(format!(
                    "the field `{field}` is mapped twice"
                )));
            }
            entries.push((field, column.to_string()));
        }
        Ok(ColumnMap { entries })
    }

    fn by_name(&self, cell: &str) -> Option<Field> {
        let norm = normalise(cell);
        self.entries
            .iter()
            .find(|(_, col)| !norm.is_empty() && normalise(col) == norm)
            .map(|(f, _)| *f)
    }
}

/// A column letter (`A`, `AB`) as a 0-based index.
fn letter_index(name: &str) -> Option<usize> {
    if name.is_empty() || name.len() > 3 || !name.chars().all(|c| c.is_ascii_uppercase()) {
        return None;
    }
    Some(
        name.bytes()
            .fold(0usize, |acc, b| acc * 26 + usize::from(b - b'A') + 1)
            - 1,
    )
}

/// The spreadsheet letter of a 0-based column index.
pub fn column_letter(mut index: usize) -> String {
    let mut letters = Vec::new();
    loop {
        // ok: `index % 26` is below 26, so the sum is an ASCII capital.
        letters.push(char::from(b'A' + (index % 26) as u8));
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    letters.iter().rev().collect()
}

/// The header row and where each field is.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    /// Index of the header in `Grid::rows`.
    pub header: usize,
    /// Its row number in the spreadsheet.
    pub header_row: usize,
    pub fields: BTreeMap<Field, usize>,
    /// Further time columns, read when the time column is empty.
    pub time_fallbacks: Vec<usize>,
    /// Every status-like column ("Status", "Inject status"), the status
    /// field's first: a row any of them calls cancelled is not imported.
    pub statuses: Vec<usize>,
    /// Further controller-only columns (a second notes column such as
    /// "Evaluator Notes" beside "Controller Notes", "Expected Outcome"
    /// beside "Expected Player Action"): their text joins the facilitator
    /// note under the column's own name.
    pub controller_extra: Vec<usize>,
    /// The rows above the header (title rows): row number and the text of
    /// their non-empty cells.
    pub title_rows: Vec<(usize, String)>,
    /// The header's cell texts.
    pub names: Vec<String>,
}

impl Columns {
    pub fn get(&self, field: Field) -> Option<usize> {
        self.fields.get(&field).copied()
    }

    /// "H `Expected Action`": a column as a report names it.
    pub fn describe(&self, col: usize) -> String {
        match self.names.get(col).filter(|n| !n.is_empty()) {
            Some(name) => format!("{} `{name}`", column_letter(col)),
            None => column_letter(col),
        }
    }
}

/// How many rows from the top are searched for the header.
const HEADER_SEARCH: usize = 50;
/// Two exact column names, or an exact one and two close ones.
const HEADER_MIN_SCORE: u32 = 4;

pub fn find(
    grid: &Grid,
    map: &ColumnMap,
    warnings: &mut Vec<RowProblem>,
) -> Result<Columns, ImportError> {
    let mut best: Option<(u32, usize)> = None;
    for (i, row) in grid.rows.iter().enumerate().take(HEADER_SEARCH) {
        let score = score(row, map);
        if score > best.map_or(0, |b| b.0) {
            best = Some((score, i));
        }
    }
    let Some((_, header)) = best.filter(|b| b.0 >= HEADER_MIN_SCORE) else {
        return Err(ImportError::NoHeader {
            best: best.map(|(_, i)| {
                let row = &grid.rows[i];
                (row.number, recognised(row, map).into_keys().collect())
            }),
        });
    };
    let row = &grid.rows[header];
    let texts: Vec<String> = row.cells.iter().map(|c| c.text()).collect();

    let mut fields: BTreeMap<Field, usize> = BTreeMap::new();
    // Overrides first: by header name, else by column letter.
    for (field, column) in &map.entries {
        let by_name = texts
            .iter()
            .position(|t| !t.is_empty() && normalise(t) == normalise(column));
        let index = by_name.or_else(|| letter_index(column)).ok_or_else(|| {
            ImportError::BadMap(format!(
                "`{field}={column}`: the header (row {}) has no column `{column}`; its columns are: {}",
                row.number,
                listing(&texts)
            ))
        })?;
        if let Some((other, _)) = fields.iter().find(|(_, c)| **c == index) {
            return Err(ImportError::BadMap(format!(
                "`{field}` and `{other}` both name column {}",
                column_letter(index)
            )));
        }
        fields.insert(*field, index);
    }
    let taken = |fields: &BTreeMap<Field, usize>, i: usize| fields.values().any(|&c| c == i);
    for strength in [Strength::Exact, Strength::Hint] {
        for (i, text) in texts.iter().enumerate() {
            if taken(&fields, i) {
                continue;
            }
            if let Some((field, s)) = classify(text)
                && s == strength
                && !fields.contains_key(&field)
            {
                fields.insert(field, i);
            }
        }
    }
    // A second time column (a DTG beside a scenario time) fills in where
    // the first is empty.
    let mut time_fallbacks = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        if !taken(&fields, i) && matches!(classify(text), Some((Field::Time, _))) {
            time_fallbacks.push(i);
        }
    }
    // Every status column counts: a row cancelled in any of them is out.
    let mut statuses: Vec<usize> = fields.get(&Field::Status).copied().into_iter().collect();
    for (i, text) in texts.iter().enumerate() {
        if !taken(&fields, i) && matches!(classify(text), Some((Field::Status, _))) {
            statuses.push(i);
        }
    }
    let mut controller_extra = Vec::new();
    for (i, text) in texts.iter().enumerate() {
        if !taken(&fields, i)
            && !statuses.contains(&i)
            && classify(text).is_some_and(|(f, _)| f.is_controller_only())
        {
            controller_extra.push(i);
        }
    }
    for (i, text) in texts.iter().enumerate() {
        if !text.is_empty()
            && !taken(&fields, i)
            && !time_fallbacks.contains(&i)
            && !statuses.contains(&i)
            && !controller_extra.contains(&i)
        {
            warnings.push(RowProblem::new(
                row.number,
                format!(
                    "column {} `{text}` is not an MSEL field and is not imported \
                     (name it with --map to use it)",
                    column_letter(i)
                ),
            ));
        }
    }
    let missing: Vec<&'static str> = if !fields.contains_key(&Field::Time) {
        vec!["time"]
    } else if !fields.contains_key(&Field::Message) && !fields.contains_key(&Field::Subject) {
        vec!["message", "subject"]
    } else {
        vec![]
    };
    if !missing.is_empty() {
        return Err(ImportError::MissingColumns {
            header_row: row.number,
            missing,
            found: texts.into_iter().filter(|t| !t.is_empty()).collect(),
        });
    }
    let title_rows = grid
        .rows
        .iter()
        .take(header)
        .map(|r| {
            let text = r
                .cells
                .iter()
                .map(|c| c.text())
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            (r.number, text)
        })
        .filter(|(_, t)| !t.is_empty())
        .collect();
    Ok(Columns {
        header,
        header_row: row.number,
        fields,
        time_fallbacks,
        statuses,
        controller_extra,
        title_rows,
        names: texts,
    })
}

fn listing(texts: &[String]) -> String {
    texts
        .iter()
        .enumerate()
        .filter(|(_, t)| !t.is_empty())
        .map(|(i, t)| format!("{} `{t}`", column_letter(i)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn recognised(row: &Row, map: &ColumnMap) -> BTreeMap<Field, Strength> {
    let mut found: BTreeMap<Field, Strength> = BTreeMap::new();
    for cell in &row.cells {
        let text = cell.text();
        let hit = map
            .by_name(&text)
            .map(|f| (f, Strength::Exact))
            .or_else(|| classify(&text));
        if let Some((field, strength)) = hit {
            let e = found.entry(field).or_insert(strength);
            *e = (*e).max(strength);
        }
    }
    found
}

fn score(row: &Row, map: &ColumnMap) -> u32 {
    recognised(row, map).values().map(|&s| s as u32).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/authoring.md lists every `--map` field with its other keys,
    /// exactly as `ColumnMap::parse` takes them.
    #[test]
    fn the_map_fields_are_documented_as_parsed() {
        let docs = include_str!("../../../docs/authoring.md");
        let table = docs
            .split("**Naming columns: `--map`.**")
            .nth(1)
            .expect("the --map section of docs/authoring.md");
        let rows: Vec<String> = table
            .lines()
            .skip_while(|l| !l.starts_with("| `"))
            .take_while(|l| l.starts_with('|'))
            .map(|l| {
                let cells: Vec<&str> = l.split('|').map(str::trim).collect();
                format!("{} {}", cells[1], cells[2])
            })
            .collect();
        let expected: Vec<String> = Field::ALL
            .iter()
            .map(|f| {
                let keys = f.keys();
                let others: Vec<String> = keys[1..].iter().map(|k| format!("`{k}`")).collect();
                format!("`{}` {}", keys[0], others.join(", "))
            })
            .collect();
        assert_eq!(rows, expected);
        for f in Field::ALL {
            assert_eq!(f.keys()[0], f.name(), "the canonical key is the name");
            let spec = format!("{}=A", f.keys()[f.keys().len() - 1]);
            assert!(ColumnMap::parse(&spec).is_ok(), "{spec}");
        }
    }

    #[test]
    fn normalises_common_header_spellings() {
        assert_eq!(normalise("Event #"), "event number");
        assert_eq!(normalise("Scenario Time (T+)"), "scenario time");
        assert_eq!(normalise("T+"), "t plus");
        assert_eq!(
            normalise("Objective/Core Capability"),
            "objective core capability"
        );
        assert_eq!(
            normalise("Expected Player Action(s)"),
            "expected player action"
        );
    }

    #[test]
    fn classifies_exact_names_and_hints() {
        assert_eq!(classify("No."), Some((Field::Number, Strength::Exact)));
        assert_eq!(
            classify("Delivery Method"),
            Some((Field::Method, Strength::Exact))
        );
        assert_eq!(
            classify("Inject Delivery Channel"),
            Some((Field::Method, Strength::Hint))
        );
        assert_eq!(classify("Responsible Controller"), None);
        assert_eq!(
            classify("The exercise starts at this time with a long sentence"),
            None
        );
    }

    #[test]
    fn map_parses_and_rejects() {
        let m = ColumnMap::parse("time=Quand, to = Destinataire").unwrap();
        assert_eq!(m.entries.len(), 2);
        assert!(matches!(
            ColumnMap::parse("when"),
            Err(ImportError::BadMap(_))
        ));
        assert!(matches!(
            ColumnMap::parse("colour=C"),
            Err(ImportError::BadMap(_))
        ));
        assert!(matches!(
            ColumnMap::parse("time=A,time=B"),
            Err(ImportError::BadMap(_))
        ));
        assert!(matches!(
            ColumnMap::parse("time="),
            Err(ImportError::BadMap(_))
        ));
    }

    #[test]
    fn column_letters_round_trip() {
        for i in [0, 1, 25, 26, 27, 51, 52, 701, 702] {
            assert_eq!(letter_index(&column_letter(i)), Some(i), "{i}");
        }
        assert_eq!(column_letter(27), "AB");
    }
}
