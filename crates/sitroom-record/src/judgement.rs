//! The teams' own stated judgements on attribution cases, as the record's
//! timeline holds them: the latest per team and case.

use sitroom_engine::{Confidence, Event, Likelihood};
use sitroom_scenario::Minutes;

use crate::Record;

/// A team's last stated judgement on a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Judged {
    pub team: String,
    pub case: String,
    pub suspect: String,
    pub likelihood: Likelihood,
    pub confidence: Confidence,
    pub at: Minutes,
}

/// Every team's latest judgement on every case it judged, in the order
/// the judgements were first made.
pub fn judgements(record: &Record) -> Vec<Judged> {
    let mut out: Vec<Judged> = Vec::new();
    for entry in &record.timeline {
        let Event::Assessed {
            team,
            case,
            suspect,
            likelihood,
            confidence,
        } = &entry.event
        else {
            continue;
        };
        let judged = Judged {
            team: team.clone(),
            case: case.clone(),
            suspect: suspect.clone(),
            likelihood: *likelihood,
            confidence: *confidence,
            at: entry.at,
        };
        match out.iter_mut().find(|j| j.team == *team && j.case == *case) {
            Some(j) => *j = judged,
            None => out.push(judged),
        }
    }
    out
}
