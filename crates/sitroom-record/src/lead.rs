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
    let probs: Vec<f64> = case.suspects.iter().map(|s| s.probability).collect();
    match lead_index(&probs) {
        Leader::Suspect(a) => Lead::Suspect(&case.suspects[a]),
        Leader::Tied(a, b) => Lead::Tied(&case.suspects[a], &case.suspects[b]),
        Leader::Nobody => Lead::Nobody,
    }
}

/// [`Lead`] by position among the suspects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leader {
    Suspect(usize),
    Tied(usize, usize),
    Nobody,
}

/// Who leads among suspects with these probabilities (by position): the
/// rule of [`lead`], for callers holding bare estimates (the batch runner).
/// The most likely first; on equal probabilities, the first declared.
pub fn lead_index(probs: &[f64]) -> Leader {
    let mut ranked: Vec<usize> = (0..probs.len()).collect();
    ranked.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]));
    match ranked.as_slice() {
        [first, second, ..] if (probs[*first] - probs[*second]).abs() < 0.005 => {
            Leader::Tied(*first, *second)
        }
        [first, ..] => Leader::Suspect(*first),
        [] => Leader::Nobody,
    }
}
