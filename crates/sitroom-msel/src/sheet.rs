//! Reading a spreadsheet into a grid of cells: CSV (delimiter and encoding
//! sniffed) or XLSX (through calamine). Each row keeps the row number a
//! facilitator sees in their spreadsheet program, so that problems can name it.

use std::collections::BTreeSet;
use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use quick_xml::events::Event;

use crate::error::ImportError;

/// One cell, with only the distinctions the import needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A plain number (an Excel serial date stored without a date format
    /// arrives here too).
    Number(f64),
    /// A cell Excel formats as a date and/or time.
    DateTime(ExcelStamp),
    /// A cell Excel formats as a duration (`[h]:mm`): minutes.
    Duration(f64),
}

/// A date-time cell from a workbook, already split into its parts (the 1900
/// and 1904 epochs are resolved by calamine).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExcelStamp {
    /// `None` for a time-only cell (serial below 1).
    pub date: Option<(i64, u32, u32)>,
    /// Minute of the day.
    pub minute: i64,
}

impl Cell {
    /// The cell as text, as a spreadsheet would display it roughly.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.trim().to_string(),
            Cell::Number(n) => {
                if n.fract() == 0.0 && n.abs() < 1e15 {
                    format!("{}", *n as i64)
                } else {
                    format!("{n}")
                }
            }
            Cell::DateTime(s) => {
                let time = format!("{:02}:{:02}", s.minute / 60, s.minute % 60);
                match s.date {
                    Some((y, m, d)) => format!("{y:04}-{m:02}-{d:02} {time}"),
                    None => time,
                }
            }
            Cell::Duration(m) => format!("{}:{:02}", (*m as i64) / 60, (*m as i64) % 60),
        }
    }

    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// A row of cells with its 1-based row number in the spreadsheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub number: usize,
    pub cells: Vec<Cell>,
    /// Hidden in the workbook (XLSX `<row hidden="1">`); a CSV has no
    /// hidden rows.
    pub hidden: bool,
}

impl Row {
    pub fn cell(&self, col: usize) -> &Cell {
        self.cells.get(col).unwrap_or(&Cell::Empty)
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_blank)
    }
}

/// A sheet read into memory, plus what was noticed on the way (encoding
/// fallbacks), reported as warnings on row 0 (the file as a whole).
#[derive(Debug, Default)]
pub struct Grid {
    pub rows: Vec<Row>,
    pub notes: Vec<String>,
}

/// The first sheet's name or the one asked for, then its cells.
pub fn read_xlsx(bytes: &[u8], sheet: Option<&str>) -> Result<Grid, ImportError> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| ImportError::Unreadable(format!("not a readable XLSX workbook: {e}")))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted)
            .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(wanted)))
            .cloned()
            .ok_or_else(|| ImportError::NoSuchSheet {
                wanted: wanted.to_string(),
                available: names.clone(),
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| ImportError::Unreadable("the workbook has no sheets".into()))?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| ImportError::Unreadable(format!("sheet `{name}`: {e}")))?;
    let Some((first_row, first_col)) = range.start() else {
        return Ok(Grid::default());
    };
    let mut grid = Grid::default();
    let hidden = match hidden_rows(bytes, &name) {
        Ok(hidden) => hidden,
        Err(why) => {
            grid.notes.push(format!(
                "cannot tell which rows of sheet `{name}` are hidden ({why}); \
                 hidden rows are imported like the others"
            ));
            BTreeSet::new()
        }
    };
    for (i, cells) in range.rows().enumerate() {
        // Pad on the left so that column indexes are the sheet's own (A = 0).
        let mut row: Vec<Cell> = vec![Cell::Empty; first_col as usize];
        row.extend(cells.iter().map(convert));
        let number = first_row as usize + i + 1;
        grid.rows.push(Row {
            number,
            cells: row,
            hidden: hidden.contains(&number),
        });
    }
    Ok(grid)
}

/// The numbers of the rows a worksheet hides (`<row r="7" hidden="1">`),
/// read from the workbook's XML: calamine 0.38 does not expose row
/// visibility. The sheet is found as Excel does: the package's
/// officeDocument relationship names the workbook, the workbook names the
/// sheet's relationship id, the workbook's relationships its part.
fn hidden_rows(bytes: &[u8], sheet: &str) -> Result<BTreeSet<usize>, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
    let workbook = part(&mut zip, "_rels/.rels")
        .ok()
        .and_then(|rels| {
            relationships(&rels)
                .into_iter()
                .find(|(_, kind, _)| kind.ends_with("/officeDocument"))
                .map(|(_, _, target)| resolve("", &target))
        })
        .unwrap_or_else(|| "xl/workbook.xml".to_string());
    let book = part(&mut zip, &workbook)?;
    let id = sheet_relationship(&book, sheet)
        .ok_or_else(|| format!("the workbook does not list the sheet `{sheet}`"))?;
    let (dir, file) = workbook.rsplit_once('/').unwrap_or(("", workbook.as_str()));
    let rels_path = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    let target = relationships(&part(&mut zip, &rels_path)?)
        .into_iter()
        .find(|(rid, _, _)| *rid == id)
        .map(|(_, _, target)| resolve(dir, &target))
        .ok_or_else(|| format!("no relationship `{id}` for the sheet `{sheet}`"))?;
    let xml = part(&mut zip, &target)?;
    let mut hidden = BTreeSet::new();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut last = 0usize;
    loop {
        match reader.read_event().map_err(|e| format!("{target}: {e}"))? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "row" => {
                let (mut number, mut is_hidden) = (None, false);
                for attr in e.attributes().with_checks(false).flatten() {
                    match attr.key.as_ref() {
                        "r" => number = attr.value.trim().parse::<usize>().ok(),
                        "hidden" => is_hidden = matches!(attr.value.trim(), "1" | "true"),
                        _ => {}
                    }
                }
                // A row without `r` follows the one before it.
                last = number.unwrap_or(last + 1);
                if is_hidden {
                    hidden.insert(last);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(hidden)
}

/// A part of the package as text.
fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, path: &str) -> Result<String, String> {
    let mut file = zip
        .by_name(path)
        .map_err(|e| format!("part `{path}`: {e}"))?;
    let mut text = String::new();
    file.read_to_string(&mut text)
        .map_err(|e| format!("part `{path}`: {e}"))?;
    Ok(text)
}

/// `(Id, Type, Target)` of every `<Relationship>` in a `.rels` part.
fn relationships(xml: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let (mut id, mut kind, mut target) = (String::new(), String::new(), String::new());
                for attr in e.attributes().with_checks(false).flatten() {
                    let value = attr_text(&attr);
                    match attr.key.as_ref() {
                        "Id" => id = value,
                        "Type" => kind = value,
                        "Target" => target = value,
                        _ => {}
                    }
                }
                out.push((id, kind, target));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The relationship id (`r:id`) of the sheet named `sheet` in workbook.xml.
fn sheet_relationship(xml: &str, sheet: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "sheet" => {
                let (mut name, mut id) = (String::new(), String::new());
                for attr in e.attributes().with_checks(false).flatten() {
                    let key = attr.key.as_ref();
                    if key == "name" {
                        name = attr_text(&attr);
                    } else if key.ends_with(":id") {
                        id = attr_text(&attr);
                    }
                }
                if name == sheet {
                    return Some(id);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    None
}

fn attr_text(attr: &quick_xml::events::attributes::Attribute) -> String {
    attr.normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .map_or_else(|_| attr.value.to_string(), |v| v.into_owned())
}

/// A relationship target relative to the folder of its source part (or
/// absolute, from the package root), with `..` resolved.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None if dir.is_empty() => target.to_string(),
        None => format!("{dir}/{target}"),
    };
    for p in joined.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

fn convert(data: &Data) -> Cell {
    match data {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) => Cell::Text(s.clone()),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::DateTime(dt) => {
            let value = dt.as_f64();
            if dt.is_duration() {
                return Cell::Duration((value * 1440.0).round());
            }
            if value < 1.0 {
                return Cell::DateTime(ExcelStamp {
                    date: None,
                    minute: (value * 1440.0).round() as i64,
                });
            }
            let (y, mo, d, h, mi, s, ms) = dt.to_ymd_hms_milli();
            // Round to the nearest minute: Excel stores 08:00 as 0.33333…
            let extra = u8::from(s >= 30 || (s == 29 && ms >= 500));
            Cell::DateTime(ExcelStamp {
                date: Some((i64::from(y), u32::from(mo), u32::from(d))),
                minute: i64::from(h) * 60 + i64::from(mi) + i64::from(extra),
            })
        }
    }
}

/// Reads CSV bytes: the encoding (UTF-8, UTF-8 with BOM, UTF-16 with BOM,
/// else Windows-1252 as Excel writes on Windows) and the delimiter (comma,
/// semicolon as in European locales, tab) are guessed.
pub fn read_csv(bytes: &[u8]) -> Result<Grid, ImportError> {
    let mut grid = Grid::default();
    let text = decode(bytes, &mut grid.notes)?;
    let delimiter = sniff_delimiter(&text);
    if delimiter != b',' {
        grid.notes.push(format!(
            "fields are separated by {}",
            match delimiter {
                b';' => "semicolons",
                _ => "tabs",
            }
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let raw = text.as_bytes();
    let mut record = csv::StringRecord::new();
    let mut row_number = 0usize;
    loop {
        let before = reader.position().byte() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                return Err(ImportError::Unreadable(format!(
                    "CSV error near line {}: {e}",
                    e.position().map_or(0, |p| p.line())
                )));
            }
        }
        // The csv reader skips empty lines before a record; a spreadsheet
        // shows them as empty rows, so count them to keep row numbers the
        // same as the user's.
        let skipped = blank_lines(raw, before);
        row_number += 1 + skipped;
        grid.rows.push(Row {
            number: row_number,
            hidden: false,
            cells: record
                .iter()
                .map(|f| {
                    if f.trim().is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(f.to_string())
                    }
                })
                .collect(),
        });
    }
    Ok(grid)
}

/// Line breaks between the end of one record (`from`) and the start of
/// the next: `\r\n`, `\r` and `\n` each count once, and the `\n` that
/// completes the previous record's `\r\n` not at all.
fn blank_lines(raw: &[u8], from: usize) -> usize {
    let mut i = from;
    if i > 0 && raw.get(i - 1) == Some(&b'\r') && raw.get(i) == Some(&b'\n') {
        i += 1;
    }
    let mut breaks = 0;
    while let Some(&b) = raw.get(i) {
        match b {
            b'\r' => {
                breaks += 1;
                i += 1;
                if raw.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\n' => {
                breaks += 1;
                i += 1;
            }
            _ => break,
        }
    }
    breaks
}

fn decode(bytes: &[u8], notes: &mut Vec<String>) -> Result<String, ImportError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec())
            .map_err(|e| ImportError::Unreadable(format!("invalid UTF-8 after the BOM: {e}")));
    }
    let utf16 = |rest: &[u8], le: bool| {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16(&units)
            .map_err(|e| ImportError::Unreadable(format!("invalid UTF-16 text: {e}")))
    };
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, true);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, false);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(_) => {
            notes.push(
                "the file is not UTF-8; read as Windows-1252 (Excel's \"CSV\" on Windows)".into(),
            );
            Ok(bytes.iter().map(|&b| windows_1252(b)).collect())
        }
    }
}

/// Windows-1252: Latin-1 except for 0x80–0x9F.
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// The candidate that splits the first lines most consistently: for each of
/// comma, semicolon and tab, count occurrences outside quotes per line; the
/// winner has the most lines agreeing on one non-zero count, then the most
/// separators. Ties go to the comma.
fn sniff_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(30)
        .collect();
    let mut best = (b',', 0usize, 0usize);
    for cand in [b',', b';', b'\t'] {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| count_outside_quotes(l, cand))
            .collect();
        let mut freq = std::collections::BTreeMap::<usize, usize>::new();
        for &c in counts.iter().filter(|&&c| c > 0) {
            *freq.entry(c).or_default() += 1;
        }
        let agree = freq.values().copied().max().unwrap_or(0);
        let total: usize = counts.iter().sum();
        if (agree, total) > (best.1, best.2) {
            best = (cand, agree, total);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, delim: u8) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for b in line.bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == delim && !quoted {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_semicolons_and_keeps_row_numbers_across_blank_lines() {
        let grid = read_csv(b"a;b;c\n\n\n1;\"x;y\";3\n").unwrap();
        assert_eq!(grid.rows.len(), 2);
        assert_eq!(grid.rows[1].number, 4);
        assert_eq!(grid.rows[1].cells[1], Cell::Text("x;y".into()));
    }

    #[test]
    fn crlf_and_lone_cr_line_ends_count_once() {
        let numbers = |bytes: &[u8]| -> Vec<usize> {
            read_csv(bytes)
                .unwrap()
                .rows
                .iter()
                .map(|r| r.number)
                .collect()
        };
        assert_eq!(numbers(b"a,b\r\n\r\nc,d\r\ne,f\r\n"), [1, 3, 4]);
        assert_eq!(numbers(b"a,b\r\rc,d\re,f"), [1, 3, 4]);
        assert_eq!(numbers(b"\n\na,b\n"), [3]);
    }

    #[test]
    fn multi_line_fields_count_as_one_row() {
        let grid = read_csv(b"a,b\n\"one\ntwo\",x\nlast,y\n").unwrap();
        assert_eq!(
            grid.rows.iter().map(|r| r.number).collect::<Vec<_>>(),
            [1, 2, 3]
        );
    }

    #[test]
    fn windows_1252_is_decoded() {
        let grid = read_csv(b"caf\xE9,\x80 5\n").unwrap();
        assert_eq!(grid.rows[0].cells[0], Cell::Text("café".into()));
        assert_eq!(grid.rows[0].cells[1], Cell::Text("€ 5".into()));
        assert_eq!(grid.notes.len(), 1);
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "é\tb\n".encode_utf16() {
            bytes.extend(u.to_le_bytes());
        }
        let grid = read_csv(&bytes).unwrap();
        assert_eq!(grid.rows[0].cells[0], Cell::Text("é".into()));
    }

    #[test]
    fn relationship_targets_resolve() {
        assert_eq!(
            resolve("xl", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl", "/xl/worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl/sub", "../worksheets/s.xml"),
            "xl/worksheets/s.xml"
        );
        assert_eq!(resolve("", "xl/workbook.xml"), "xl/workbook.xml");
    }

    #[test]
    fn garbage_is_not_a_workbook() {
        assert!(matches!(
            read_xlsx(b"not a zip", None),
            Err(ImportError::Unreadable(_))
        ));
    }
}
