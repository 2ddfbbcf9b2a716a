//! Who leads a team's belief on a case: the one rule the reveal and the
//! batch runner share (two suspects within half a percent of each other
//! make no leader).

use sitroom_engine::{CaseView, SuspectView};

/// The state of a team's belief on a case.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Lead<'a> {
    /// One suspect leads.
    Suspect(&'a SuspectView),
    /// The two most likely suspects are level.
    Tied(&'a SuspectView, &'a SuspectView),
    /// The case has no suspect.
    Nobody,
}

pub fn lead(case: &CaseView) -> Lead<'_> {
    let mut ranked: Vec<&SuspectView> = case.suspects.iter().collect();
    ranked.sort_by(|a, b| b.probability.total_cmp(&a.probability));
    match ranked.as_slice() {
        [first, second, ..] if (first.probability - second.probability).abs() < 0.005 => {
            Lead::Tied(first, second)
        }
        [first, ..] => Lead::Suspect(first),
        [] => Lead::Nobody,
    }
}
