//! The report as Markdown, for people to adapt in their own tools; charts
//! are SVG files written beside it and linked by name.

use std::fmt::Write as _;

use crate::Report;
use crate::doc::{Block, document};
use crate::text::md;

pub fn report(r: &Report, stem: &str) -> (String, Vec<(String, String)>) {
    let mut out = String::new();
    let mut charts = Vec::new();
    for block in document(r) {
        match block {
            Block::Heading(level, text) => {
                let _ = writeln!(out, "{} {}\n", "#".repeat(usize::from(level)), md(&text));
            }
            Block::Para(text) => {
                let _ = writeln!(out, "{}\n", md(&text));
            }
            Block::Aside { label, text } => {
                let _ = writeln!(out, "> **{}**  \n> {}\n", md(&label), md(&text));
            }
            Block::List(items) => {
                for i in items {
                    let _ = writeln!(out, "- {}", md(&i));
                }
                out.push('\n');
            }
            Block::Table { head, rows } => {
                let cells = |row: &[String]| {
                    let inner: Vec<String> = row.iter().map(|c| md(c)).collect();
                    format!("| {} |", inner.join(" | "))
                };
                let _ = writeln!(out, "{}", cells(&head));
                let _ = writeln!(out, "|{}", " --- |".repeat(head.len()));
                for row in rows {
                    let _ = writeln!(out, "{}", cells(&row));
                }
                out.push('\n');
            }
            Block::Chart { name, svg, caption } => {
                let file = format!("{stem}-{}.svg", safe(&name));
                let _ = writeln!(out, "![{}]({file})\n\n*{}*\n", md(&caption), md(&caption));
                charts.push((file, svg));
            }
            Block::PageBreak => {}
        }
    }
    (out, charts)
}

/// A chart name as a file-name part: ids are letters, digits and dashes;
/// anything else becomes a dash, so no name can leave the report's folder.
fn safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}
