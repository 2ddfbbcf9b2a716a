use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use sitroom_norms::Grade;

use crate::run::{RunResult, Verdict};

/// A norm's scores for a team across the runs that engaged it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NormSpread {
    pub team: String,
    pub norm: String,
    pub runs: u64,
    pub min: u8,
    pub max: u8,
    /// Mean of the runs' means, one decimal.
    pub mean: f64,
    /// Runs whose mean fell in each grade: P, S, M, U.
    pub grades: [u64; 4],
}

/// What of the scenario a summary counts against: its injects, options,
/// rungs and endings (kept in the output, so that shards merge without the
/// scenario file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Universe {
    pub title: String,
    /// Inject ids, in declaration order.
    pub injects: Vec<String>,
    /// `decision=option`, in declaration order.
    pub options: Vec<String>,
    /// Rung names, lowest first.
    pub rungs: Vec<String>,
    /// (ending id, title).
    pub endings: Vec<(String, String)>,
}

impl Universe {
    pub fn of(sc: &sitroom_scenario::Scenario) -> Universe {
        Universe {
            title: sc.meta.title.clone(),
            injects: sc.injects.iter().map(|i| i.id.clone()).collect(),
            options: sc
                .injects
                .iter()
                .filter_map(|i| i.decision.as_ref().map(|d| (i, d)))
                .flat_map(|(i, d)| d.options.iter().map(move |o| format!("{}={}", i.id, o.id)))
                .collect(),
            rungs: sc.escalation.rungs.iter().map(|r| r.name.clone()).collect(),
            endings: sc
                .endings
                .iter()
                .map(|e| (e.id.clone(), e.title.clone()))
                .collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub runs: u64,
    /// Ending → runs.
    pub endings: BTreeMap<String, u64>,
    /// Runs whose peak was each rung (index from 0).
    pub peak: Vec<u64>,
    /// (team, case) → runs right, wrong, undecided.
    pub attribution: Vec<(String, String, [u64; 3])>,
    pub norms: Vec<NormSpread>,
    /// Team → runs graded P, S, M, U, and not graded.
    pub grades: Vec<(String, [u64; 5])>,
    /// Inject → runs that released it, in declaration order.
    pub injects: Vec<(String, u64)>,
    /// `decision=option` → runs that chose it, in declaration order.
    pub options: Vec<(String, u64)>,
    /// Injects and options no run reached.
    pub unreached_injects: Vec<String>,
    pub unchosen_options: Vec<String>,
    /// Up to five runs that reached the highest peak, with their paths.
    pub highest: Vec<(u64, Vec<String>)>,
}

/// Runs, min, max, sum of means, and runs per grade (P, S, M, U).
type Tally = (u64, u8, u8, u64, [u64; 4]);

fn grade_index(g: Grade) -> usize {
    match g {
        Grade::P => 0,
        Grade::S => 1,
        Grade::M => 2,
        Grade::U => 3,
    }
}

impl Summary {
    pub fn of(u: &Universe, runs: &[RunResult]) -> Summary {
        let mut endings = BTreeMap::new();
        let mut peak = vec![0u64; u.rungs.len().max(1)];
        let mut attribution: BTreeMap<(String, String), [u64; 3]> = BTreeMap::new();
        let mut norms: BTreeMap<(String, String), Tally> = BTreeMap::new();
        let mut grades: BTreeMap<String, [u64; 5]> = BTreeMap::new();
        let mut released: BTreeMap<&str, u64> = BTreeMap::new();
        let mut chosen: BTreeMap<String, u64> = BTreeMap::new();
        for r in runs {
            *endings.entry(r.ending.clone()).or_default() += 1;
            if let Some(p) = peak.get_mut(r.peak) {
                *p += 1;
            }
            for a in &r.attribution {
                let e = attribution
                    .entry((a.team.clone(), a.case.clone()))
                    .or_default();
                e[match a.verdict {
                    Verdict::Right => 0,
                    Verdict::Wrong => 1,
                    Verdict::Undecided => 2,
                }] += 1;
            }
            for (team, norm, score) in &r.norms {
                let e =
                    norms
                        .entry((team.clone(), norm.clone()))
                        .or_insert((0, u8::MAX, 0, 0, [0; 4]));
                e.0 += 1;
                e.1 = e.1.min(*score);
                e.2 = e.2.max(*score);
                e.3 += u64::from(*score);
                e.4[grade_index(Grade::from_score(*score))] += 1;
            }
            for (team, g) in &r.grades {
                grades.entry(team.clone()).or_default()[g.map_or(4, grade_index)] += 1;
            }
            let mut seen = std::collections::BTreeSet::new();
            for i in &r.released {
                if seen.insert(i.as_str()) {
                    *released.entry(i.as_str()).or_default() += 1;
                }
            }
            let mut seen = std::collections::BTreeSet::new();
            for p in &r.path {
                if let Some((_, choice)) = p.split_once(':')
                    && seen.insert(choice)
                {
                    *chosen.entry(choice.to_string()).or_default() += 1;
                }
            }
        }
        let injects: Vec<(String, u64)> = u
            .injects
            .iter()
            .map(|i| (i.clone(), released.get(i.as_str()).copied().unwrap_or(0)))
            .collect();
        let options: Vec<(String, u64)> = u
            .options
            .iter()
            .map(|k| (k.clone(), chosen.get(k).copied().unwrap_or(0)))
            .collect();
        let top = runs.iter().map(|r| r.peak).max().unwrap_or(0);
        Summary {
            runs: runs.len() as u64,
            endings,
            peak,
            attribution: attribution
                .into_iter()
                .map(|((t, c), v)| (t, c, v))
                .collect(),
            norms: norms
                .into_iter()
                .map(|((team, norm), (n, min, max, sum, g))| NormSpread {
                    team,
                    norm,
                    runs: n,
                    min,
                    max,
                    mean: (sum as f64 / n.max(1) as f64 * 10.0).round() / 10.0,
                    grades: g,
                })
                .collect(),
            grades: grades.into_iter().collect(),
            unreached_injects: injects
                .iter()
                .filter(|(_, n)| *n == 0)
                .map(|(i, _)| i.clone())
                .collect(),
            unchosen_options: options
                .iter()
                .filter(|(_, n)| *n == 0)
                .map(|(o, _)| o.clone())
                .collect(),
            injects,
            options,
            highest: runs
                .iter()
                .filter(|r| r.peak == top)
                .take(5)
                .map(|r| (r.run, r.path.clone()))
                .collect(),
        }
    }

    /// For people, in a terminal.
    pub fn text(&self, u: &Universe, scenario: &str) -> String {
        let pct = |n: u64| {
            if self.runs == 0 {
                0.0
            } else {
                n as f64 * 100.0 / self.runs as f64
            }
        };
        let mut out = format!("{} ({scenario}): {} runs\n", u.title, self.runs);
        let _ = writeln!(out, "\nEndings:");
        let mut endings: Vec<_> = self.endings.iter().collect();
        endings.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (e, n) in endings {
            let by = |by| {
                sitroom_record::words::outcome_title(&sitroom_engine::Outcome {
                    by,
                    ending: None,
                    title: String::new(),
                    description: String::new(),
                    at: 0,
                })
            };
            let title = match e.as_str() {
                "time_expired" => by(sitroom_engine::EndedBy::TimeExpired),
                "facilitator" => by(sitroom_engine::EndedBy::Facilitator),
                "not_ended" => "Not ended (stopped before an ending)".to_string(),
                _ => e
                    .strip_prefix("ending:")
                    .and_then(|id| u.endings.iter().find(|(x, _)| x == id))
                    .map_or(e.clone(), |(_, t)| t.clone()),
            };
            let _ = writeln!(out, "  {:>6}  {:>5.1}%  {title}", n, pct(*n));
        }
        let _ = writeln!(out, "\nPeak escalation:");
        for (i, n) in self.peak.iter().enumerate().filter(|(_, n)| **n > 0) {
            let name = u.rungs.get(i).map_or("", String::as_str);
            let _ = writeln!(
                out,
                "  {:>6}  {:>5.1}%  rung {} of {}: {name}",
                n,
                pct(*n),
                i + 1,
                self.peak.len()
            );
        }
        if !self.attribution.is_empty() {
            let _ = writeln!(out, "\nAttribution at the end (right / wrong / undecided):");
            for (team, case, [r, w, u]) in &self.attribution {
                let _ = writeln!(out, "  {team:<14} {case:<28} {r:>6} / {w:>6} / {u:>6}");
            }
        }
        let _ = writeln!(out, "\nGrades at the time (P / S / M / U / none):");
        for (team, g) in &self.grades {
            let _ = writeln!(
                out,
                "  {team:<14} {:>6} / {:>6} / {:>6} / {:>6} / {:>6}",
                g[0], g[1], g[2], g[3], g[4]
            );
        }
        let _ = writeln!(
            out,
            "\nNorm scores per team (runs, min–max, mean; P/S/M/U):"
        );
        for n in &self.norms {
            let _ = writeln!(
                out,
                "  {:<14} {:<28} {:>6}  {:>3}–{:<3} {:>5.1}  {}/{}/{}/{}",
                n.team,
                n.norm,
                n.runs,
                n.min,
                n.max,
                n.mean,
                n.grades[0],
                n.grades[1],
                n.grades[2],
                n.grades[3]
            );
        }
        let reached = self.injects.len() - self.unreached_injects.len();
        let _ = writeln!(
            out,
            "\nCoverage: {reached} of {} injects released in some run",
            self.injects.len()
        );
        for i in &self.unreached_injects {
            let _ = writeln!(out, "  never released: {i}");
        }
        let tried = self.options.len() - self.unchosen_options.len();
        let _ = writeln!(
            out,
            "{tried} of {} options chosen in some run",
            self.options.len()
        );
        for o in &self.unchosen_options {
            let _ = writeln!(out, "  never chosen: {o}");
        }
        if let Some(top) = self.peak.iter().rposition(|n| *n > 0) {
            let _ = writeln!(
                out,
                "\nRuns that reached rung {} (replay one with --run N --journal FILE):",
                top + 1
            );
            for (run, path) in &self.highest {
                let _ = writeln!(out, "  run {run}: {}", path.join(" → "));
            }
        }
        out
    }
}
