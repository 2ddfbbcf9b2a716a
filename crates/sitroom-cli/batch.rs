//! `sitroom batch` and `sitroom batch merge`: the batch runner's command
//! line — the scenario and script read, the shard taken from the scheduler's
//! environment, a progress bar on a terminal, the output written, timings on
//! standard error only (outputs hold no wall-clock figure).

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use sitroom_batch::{Batch, PolicyKind, RunResult, Spec, run_batch, run_seed};
use sitroom_engine::Session;
use sitroom_host::Host;
use sitroom_journal::Recorder;

use crate::args::{BatchArgs, BatchCommand, BatchFormat, ColorChoice};
use crate::author;
use crate::outcome::{self, Failure};

pub fn batch(args: BatchArgs) -> Result<(), Failure> {
    if let Some(BatchCommand::Merge { files, format, out }) = args.merge {
        return merge(&files, format, out.as_deref());
    }
    let Some(path) = args.scenario.as_deref() else {
        return Err(Failure::Usage("give the scenario to play".into()));
    };
    let loaded = author::load(path, outcome::use_color(ColorChoice::Auto))?;
    let sc = Arc::clone(&loaded.scenario);
    let (policy, policy_name) = policy(&args.policy)?;
    if args.runs == 0 {
        return Err(Failure::Usage("--runs must be at least 1".into()));
    }
    let shard = match args.shard.as_deref() {
        None => None,
        Some(text) => Some(shard(text)?),
    };
    if let Some(run) = args.run {
        return one_run(
            &loaded,
            &policy,
            args.seed,
            run,
            args.journal.as_deref(),
            args.runs,
        );
    }
    let spec = Spec {
        scenario: sc.meta.id.clone(),
        policy: policy_name,
        seed: args.seed,
        runs: args.runs,
        shard,
    };
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let total = match shard {
        Some((k, n)) => sitroom_batch::shard_range(args.runs, k, n).count() as u64,
        None => args.runs,
    };
    let bar = (std::io::stderr().is_terminal() && std::env::var_os("CI").is_none())
        .then(|| indicatif::ProgressBar::new(total));
    let started = Instant::now();
    let result = run_batch(&sc, &spec, &policy, jobs, &|done| {
        if let Some(b) = &bar {
            b.set_position(done);
        }
    });
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let batch = result.map_err(|(run, e)| {
        Failure::Usage(format!(
            "run {run} (seed {}): {e}",
            run_seed(args.seed, run)
        ))
    })?;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "{} runs in {secs:.2} s: {:.0} runs/s on {jobs} thread(s)",
        batch.runs.len(),
        batch.runs.len() as f64 / secs.max(1e-9)
    );
    write(&batch, args.format, args.out.as_deref())
}

fn write(batch: &Batch, format: BatchFormat, out: Option<&Path>) -> Result<(), Failure> {
    let text = match format {
        BatchFormat::Text => batch.text(),
        BatchFormat::Json => batch.json(),
        BatchFormat::Csv => batch.csv(),
    };
    match out {
        Some(path) => std::fs::write(path, text).map_err(|e| Failure::io(path.display(), e)),
        None => outcome::print(&text),
    }
}

fn policy(text: &str) -> Result<(PolicyKind, String), Failure> {
    let kind = match text {
        "random" => PolicyKind::Random,
        "explore" => PolicyKind::Explore,
        "cautious" => PolicyKind::Cautious,
        "hawkish" => PolicyKind::Hawkish,
        t => match t.strip_prefix("script:") {
            Some(file) if !file.is_empty() => {
                PolicyKind::Script(crate::session::read_script_entries(Path::new(file))?)
            }
            _ => {
                return Err(Failure::Usage(format!(
                    "unknown policy `{t}`: use random, explore, cautious, hawkish or script:FILE"
                )));
            }
        },
    };
    Ok((kind, text.to_string()))
}

/// "k/K", or "env": the index a Slurm job array or a Kubernetes Indexed Job
/// sets, and the count from the array or `SITROOM_SHARDS`.
fn shard(text: &str) -> Result<(u64, u64), Failure> {
    let parse = |k: &str, n: &str, from: &str| -> Result<(u64, u64), Failure> {
        let bad = || Failure::Usage(format!("--shard {from}: expected k/K with 0 <= k < K"));
        let k: u64 = k.trim().parse().map_err(|_| bad())?;
        let n: u64 = n.trim().parse().map_err(|_| bad())?;
        if n == 0 || k >= n {
            return Err(bad());
        }
        Ok((k, n))
    };
    if text == "env" {
        let var = |names: &[&str]| names.iter().find_map(|n| std::env::var(n).ok());
        let k = var(&["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX"]).ok_or_else(|| {
            Failure::Usage(
                "--shard env: neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set".into(),
            )
        })?;
        let n = var(&["SLURM_ARRAY_TASK_COUNT", "SITROOM_SHARDS"]).ok_or_else(|| {
            Failure::Usage(
                "--shard env: set SLURM_ARRAY_TASK_COUNT or SITROOM_SHARDS to the number of shards"
                    .into(),
            )
        })?;
        return parse(&k, &n, &format!("env ({k}/{n})"));
    }
    match text.split_once('/') {
        Some((k, n)) => parse(k, n, text),
        None => parse(text, "", text),
    }
}

/// One run of the batch alone, journaled when asked, with its result.
fn one_run(
    loaded: &author::Loaded,
    policy: &PolicyKind,
    seed: u64,
    run: u64,
    journal: Option<&Path>,
    runs: u64,
) -> Result<(), Failure> {
    if run >= runs {
        return Err(Failure::Usage(format!(
            "--run {run}: the batch has runs 0 to {}",
            runs - 1
        )));
    }
    let session = Session::new(Arc::clone(&loaded.scenario), run_seed(seed, run));
    let mut p = sitroom_batch::policy_for(policy, seed, run);
    let result = match journal {
        Some(path) => {
            let recorder =
                Recorder::create(path, &loaded.name, &loaded.source, session).map_err(|e| {
                    Failure::Io(format!("creating the journal {}: {e}", path.display()))
                })?;
            let mut host = Host::new(recorder);
            host.play(p.as_mut())
                .map_err(|e| Failure::Usage(e.to_string()))?;
            RunResult::of(host.session(), run)
        }
        None => {
            let mut host = Host::new(session);
            host.play(p.as_mut())
                .map_err(|e| Failure::Usage(e.to_string()))?;
            RunResult::of(host.session(), run)
        }
    };
    // ok: a run result is plain data and always serializes.
    let mut text = serde_json::to_string_pretty(&result).unwrap_or_default();
    text.push('\n');
    outcome::print(&text)
}

fn merge(
    files: &[std::path::PathBuf],
    format: BatchFormat,
    out: Option<&Path>,
) -> Result<(), Failure> {
    let mut parts = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(f).map_err(|e| Failure::io(f.display(), e))?;
        parts.push(
            Batch::from_json(&text).map_err(|e| Failure::Usage(format!("{}: {e}", f.display())))?,
        );
    }
    let batch = Batch::merge(parts).map_err(|e| Failure::Usage(e.to_string()))?;
    write(&batch, format, out)
}
