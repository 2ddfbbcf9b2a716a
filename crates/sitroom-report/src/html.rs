//! The report as one self-contained HTML file: inline CSS with a print
//! stylesheet (page breaks between parts, table rows never cut, headings
//! kept with what follows), inline SVG charts, no script, no external file.

use std::fmt::Write as _;

use crate::Report;
use crate::doc::{Block, document};
use crate::text::esc;

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; line-height: 1.45; }
h1 { font-size: 1.7rem; border-bottom: 3px solid #1b1b1b; padding-bottom: .3rem; }
h2 { font-size: 1.35rem; margin-top: 2rem; border-bottom: 1px solid #999; }
h3 { font-size: 1.1rem; margin-top: 1.4rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; font-size: .92rem; }
th, td { border: 1px solid #bbb; padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td:empty::after { content: "\00a0"; }
tr.blank td { height: 1.6rem; }
aside { border-left: 4px solid #8a6d3b; background: #fcf8e3; padding: .4rem .7rem; margin: .6rem 0; }
aside b { display: block; font-size: .85rem; color: #5c4a2a; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: .88rem; color: #444; }
.edition { font-weight: bold; color: #8a1c1c; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  .break { break-before: page; page-break-before: always; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  tr, figure, aside { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
"#;

pub fn report(r: &Report) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>After-action report: {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(&r.scenario.meta.title)
    );
    let mut first_para = true;
    for block in document(r) {
        match block {
            Block::Heading(level, text) => {
                let _ = writeln!(out, "<h{level}>{}</h{level}>", esc(&text));
            }
            Block::Para(text) => {
                // The first paragraph names the edition.
                let class = if std::mem::take(&mut first_para) {
                    " class=\"edition\""
                } else {
                    ""
                };
                let _ = writeln!(out, "<p{class}>{}</p>", esc(&text));
            }
            Block::Aside { label, text } => {
                let _ = writeln!(out, "<aside><b>{}</b>{}</aside>", esc(&label), esc(&text));
            }
            Block::List(items) => {
                out.push_str("<ul>\n");
                for i in items {
                    let _ = writeln!(out, "<li>{}</li>", esc(&i));
                }
                out.push_str("</ul>\n");
            }
            Block::Table { head, rows } => {
                out.push_str("<table>\n<thead><tr>");
                for h in &head {
                    let _ = write!(out, "<th>{}</th>", esc(h));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    let blank = row.iter().all(String::is_empty);
                    out.push_str(if blank {
                        "<tr class=\"blank\">"
                    } else {
                        "<tr>"
                    });
                    for cell in row {
                        let _ = write!(out, "<td>{}</td>", esc(&cell));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
            Block::Chart { name, svg, caption } => {
                let _ = writeln!(
                    out,
                    "<figure id=\"chart-{}\">{svg}<figcaption>{}</figcaption></figure>",
                    esc(&name),
                    esc(&caption)
                );
            }
            Block::PageBreak => out.push_str("<div class=\"break\"></div>\n"),
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}
