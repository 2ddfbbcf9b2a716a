use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use sitroom_host::PlayError;
use sitroom_scenario::Scenario;

use crate::run::{PolicyKind, RunResult, play_in};
use crate::summary::{Summary, Universe};

/// What a batch is: the same spec gives the same output, byte for byte.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spec {
    pub scenario: String,
    /// The policy's name (`script:FILE` for a script).
    pub policy: String,
    pub seed: u64,
    /// Runs in the whole batch.
    pub runs: u64,
    /// `(k, K)`: this output holds the k-th of K slices (from 0); `None`
    /// for the whole batch.
    pub shard: Option<(u64, u64)>,
}

/// The run indices of shard `k` of `shards` in a batch of `runs`:
/// contiguous slices, their sizes differing by at most one.
pub fn shard_range(runs: u64, k: u64, shards: u64) -> std::ops::Range<u64> {
    let shards = shards.max(1);
    let at = |j: u64| (u128::from(runs) * u128::from(j) / u128::from(shards)) as u64;
    at(k.min(shards))..at((k + 1).min(shards))
}

/// The results of a batch (or a shard of one), in run order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Batch {
    pub spec: Spec,
    pub universe: Universe,
    pub runs: Vec<RunResult>,
}

/// Plays the spec's runs on `jobs` threads; `progress` is called with the
/// number of runs done (from any thread). The result is in run order
/// whatever `jobs` is.
pub fn run_batch(
    sc: &Arc<Scenario>,
    spec: &Spec,
    policy: &PolicyKind,
    jobs: usize,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<Batch, (u64, PlayError)> {
    let range = match spec.shard {
        Some((k, n)) => shard_range(spec.runs, k, n),
        None => 0..spec.runs,
    };
    let next = AtomicU64::new(range.start);
    let done = AtomicU64::new(0);
    let results: Mutex<Vec<Result<RunResult, (u64, PlayError)>>> = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            scope.spawn(|| {
                let mut mine = Vec::new();
                let mut session = None;
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= range.end {
                        break;
                    }
                    mine.push(play_in(&mut session, sc, policy, spec.seed, i).map_err(|e| (i, e)));
                    progress(done.fetch_add(1, Ordering::Relaxed) + 1);
                }
                // ok: a poisoned lock means another worker panicked; its
                // panic is re-raised by the scope anyway.
                if let Ok(mut all) = results.lock() {
                    all.extend(mine);
                }
            });
        }
    });
    let mut all = results.into_inner().unwrap_or_default();
    all.sort_by_key(|r| match r {
        Ok(r) => r.run,
        Err((i, _)) => *i,
    });
    let runs = all.into_iter().collect::<Result<Vec<_>, _>>()?;
    Ok(Batch {
        spec: spec.clone(),
        universe: Universe::of(sc),
        runs,
    })
}

/// Shard outputs that do not make one batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeError {
    Empty,
    /// The outputs are of different batches (scenario, policy, seed or size).
    Mismatch(String),
    /// A run is missing or appears twice.
    Runs(String),
}

impl std::fmt::Display for MergeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MergeError::Empty => write!(f, "nothing to merge"),
            MergeError::Mismatch(m) | MergeError::Runs(m) => write!(f, "{m}"),
        }
    }
}

impl std::error::Error for MergeError {}

impl Batch {
    /// Joins shard outputs (in any order) into the whole batch: the same
    /// value one run of the whole spec gives.
    pub fn merge(parts: Vec<Batch>) -> Result<Batch, MergeError> {
        let Some(first) = parts.first() else {
            return Err(MergeError::Empty);
        };
        let spec = Spec {
            shard: None,
            ..first.spec.clone()
        };
        let universe = first.universe.clone();
        let mut runs = Vec::new();
        for p in parts {
            let theirs = Spec {
                shard: None,
                ..p.spec.clone()
            };
            if theirs != spec || p.universe != universe {
                return Err(MergeError::Mismatch(format!(
                    "a shard of {} ({} runs, policy {}, seed {}) cannot join one of {} ({} runs, policy {}, seed {})",
                    theirs.scenario,
                    theirs.runs,
                    theirs.policy,
                    theirs.seed,
                    spec.scenario,
                    spec.runs,
                    spec.policy,
                    spec.seed
                )));
            }
            runs.extend(p.runs);
        }
        runs.sort_by_key(|r| r.run);
        for (i, r) in runs.iter().enumerate() {
            if r.run != i as u64 {
                let what = if r.run < i as u64 { "twice" } else { "missing" };
                let which = if r.run < i as u64 { r.run } else { i as u64 };
                return Err(MergeError::Runs(format!("run {which} is {what}")));
            }
        }
        if runs.len() as u64 != spec.runs {
            return Err(MergeError::Runs(format!(
                "{} of {} runs present: a shard is missing",
                runs.len(),
                spec.runs
            )));
        }
        Ok(Batch {
            spec,
            universe,
            runs,
        })
    }

    pub fn summary(&self) -> Summary {
        Summary::of(&self.universe, &self.runs)
    }

    /// The summary for people.
    pub fn text(&self) -> String {
        self.summary().text(&self.universe, &self.spec.scenario)
    }

    /// Everything, for machines and for `merge`: the spec, the summary and
    /// every run. No wall-clock figure, so the same spec gives the same bytes.
    pub fn json(&self) -> String {
        let value = serde_json::json!({
            "format": crate::FORMAT,
            "version": crate::VERSION,
            "spec": self.spec,
            "universe": self.universe,
            "summary": self.summary(),
            "runs": self.runs,
        });
        // ok: a serde_json::Value always serializes.
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads a batch output written by `json`.
    pub fn from_json(text: &str) -> Result<Batch, String> {
        #[derive(Deserialize)]
        struct File {
            format: String,
            version: u32,
            spec: Spec,
            universe: Universe,
            runs: Vec<RunResult>,
        }
        let f: File = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if f.format != crate::FORMAT || f.version != crate::VERSION {
            return Err(format!(
                "not a batch output of version {} (format `{}`, version {})",
                crate::VERSION,
                f.format,
                f.version
            ));
        }
        Ok(Batch {
            spec: f.spec,
            universe: f.universe,
            runs: f.runs,
        })
    }

    /// One row per run.
    pub fn csv(&self) -> String {
        let mut teams: Vec<&str> = Vec::new();
        for r in &self.runs {
            for (t, _) in &r.grades {
                if !teams.contains(&t.as_str()) {
                    teams.push(t);
                }
            }
        }
        let mut out = String::from("run,seed,ending,end_at,peak_rung");
        for t in &teams {
            out.push_str(&format!(",grade_{t}"));
        }
        out.push_str(",path\n");
        for r in &self.runs {
            out.push_str(&format!(
                "{},{},{},{},{}",
                r.run,
                r.seed,
                r.ending,
                r.end_at,
                r.peak + 1
            ));
            for t in &teams {
                let g = r
                    .grades
                    .iter()
                    .find(|(x, _)| x == t)
                    .and_then(|(_, g)| *g)
                    .map_or(String::new(), |g| g.to_string());
                out.push_str(&format!(",{g}"));
            }
            out.push_str(&format!(",\"{}\"\n", r.path.join(" ").replace('"', "\"\"")));
        }
        out
    }
}
