//! A team's own judgement on an attribution case, drawn over its screen:
//! the case, the suspect, an ICD 203 term and a confidence level — stated
//! apart, as analysts write them. Nothing here comes from the engine's
//! estimate: the team judges.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use sitroom_engine::TeamView;

use crate::desk::{CONFIDENCES, Judging, Likelihood};
use crate::text::{fit, tick};
use crate::theme::Theme;
use crate::widgets::{centered, pane_in};

pub fn draw(frame: &mut Frame, area: Rect, tv: &TeamView, j: &Judging, theme: &Theme) {
    let Some(case) = tv.cases.get(j.case) else {
        return;
    };
    let rect = centered(area, 70.min(area.width), 16.min(area.height));
    frame.render_widget(Clear, rect);
    let block = pane_in("Your judgement", true, rect, theme);
    let inner = block.inner(rect);
    frame.render_widget(block, rect);
    let cols = inner.width as usize;
    let suspect = case
        .suspects
        .get(j.suspect)
        .map_or("", |(_, name)| name.as_str());
    let likelihood = Likelihood::ALL[j.likelihood.min(Likelihood::ALL.len() - 1)];
    let confidence = CONFIDENCES[j.confidence.min(CONFIDENCES.len() - 1)];
    let field = |row: usize, label: &str, value: String| {
        let style = if row == j.row {
            theme.selected
        } else {
            theme.text
        };
        Line::from(vec![
            Span::styled(format!("{label:<12}"), theme.dim),
            Span::styled(fit(&format!("‹ {value} ›"), cols.saturating_sub(12)), style),
        ])
    };
    let mut lines = Vec::new();
    if j.asked {
        lines.push(Line::styled(
            "The option you chose accuses a state or acts against one: say first what your team judges.",
            theme.warn,
        ));
        lines.push(Line::raw(""));
    }
    lines.push(field(0, "Case", case.incident.clone()));
    lines.push(field(1, "Responsible", suspect.to_string()));
    lines.push(field(2, "Likelihood", likelihood.words().to_string()));
    lines.push(field(3, "Confidence", confidence.to_string()));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            "{} that {suspect} was behind {}. Your team holds this with {confidence} confidence.",
            sitroom_record::words::capitalised(likelihood.it_is()),
            case.incident
        ),
        theme.title,
    ));
    lines.push(Line::styled(
        format!(
            "{} item(s) of evidence seen on this case. Likelihood is how probable; confidence is how good your sources are.",
            case.evidence
        ),
        theme.dim,
    ));
    if let Some(a) = tv.assessments.iter().find(|a| a.case == case.case) {
        lines.push(Line::styled(
            format!(
                "Standing since {}: {} ({}). {} confidence.",
                tick(a.at),
                a.name,
                a.likelihood,
                a.confidence
            ),
            theme.dim,
        ));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}
