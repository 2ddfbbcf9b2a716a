//! Seeking in long journals: the checkpoints give exactly the states of
//! `session_at`, in any order of seeks.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests and benches may panic

use std::collections::BTreeMap;
use std::sync::Arc;

use sitroom_engine::{Session, Stamped, StateHash};
use sitroom_journal::{Entry, FORMAT, HashLine, Header, Journal, VERSION, session_at};
use sitroom_scenario::{Minutes, Scenario};
use sitroom_tui::Seeker;

const NOTPETYA: &str = include_str!("../../../scenarios/notpetya-2017.ron");
const HISTORICAL: &str = include_str!("../../../scenarios/notpetya-2017/historical.ron");
const SEED: u64 = 3;
/// The historical path reaches its ending (`e-historical`) here, before the
/// scenario's duration (378,720): the journal's last hash line.
const ENDS_AT: Minutes = 378_000;

fn reach(s: &mut Session, at: Minutes) {
    if at > s.now() {
        s.advance(at - s.now());
    }
}

/// The historical NotPetya path as a journal, built in memory (a recorded
/// one has a hash line per minute: 378,720 of them). Its last line is the
/// hash at the scenario's end.
fn journal(inputs: &[Stamped], end: Minutes, hash: StateHash) -> Journal {
    let mut entries: Vec<Entry> = inputs.iter().cloned().map(Entry::Input).collect();
    entries.push(Entry::Hash(HashLine { at: end, hash }));
    Journal {
        header: Header {
            format: FORMAT.to_string(),
            version: VERSION,
            engine: sitroom_engine::VERSION.to_string(),
            scenario_id: "notpetya-2017".into(),
            scenario_name: "notpetya-2017.ron".into(),
            scenario_hash: String::new(),
            scenario_source: NOTPETYA.into(),
            seed: SEED,
            started: None,
        },
        inputs: inputs.to_vec(),
        hashes: vec![(end, hash)],
        scores: Vec::new(),
        paces: Vec::new(),
        rosters: Vec::new(),
        entries,
        truncated_tail: false,
        valid_len: 0,
    }
}

/// One forward pass over the inputs, as `session_at` does, taking the hash
/// and the ladder position at each target minute (ascending).
fn reference(
    sc: &Arc<Scenario>,
    inputs: &[Stamped],
    targets: &[Minutes],
) -> BTreeMap<Minutes, (StateHash, usize, Minutes)> {
    let mut s = Session::new(sc.clone(), SEED);
    let mut applied = 0;
    let mut out = BTreeMap::new();
    for &t in targets {
        while let Some(i) = inputs.get(applied)
            && i.at <= t
        {
            reach(&mut s, i.at);
            let _ = s.submit(i.input.clone());
            applied += 1;
        }
        reach(&mut s, t);
        out.insert(t, (s.state_hash(), s.escalation().index, s.now()));
    }
    out
}

#[test]
fn notpetya_seeks_equal_session_at_anywhere() {
    let sc = Arc::new(sitroom_scenario::load(NOTPETYA).expect("NotPetya parses"));
    let opts =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let inputs: Vec<Stamped> = opts.from_str(HISTORICAL).expect("the script parses");
    let end = ENDS_AT;
    let interval = end.div_ceil(64); // 5,907
    // Inputs, checkpoint boundaries on both sides, the end and past it.
    let mut targets: Vec<Minutes> = vec![
        0,
        779,
        780,
        781,
        1560,
        interval - 1,
        interval,
        interval + 1,
        6360,
        9100,
        100_000,
        336_000,
        336_060,
        63 * interval - 1,
        63 * interval,
        376_440,
        376_441,
        end - 1,
        end,
        end + 500,
        sc.meta.duration,
    ];
    targets.sort_unstable();
    let expected = reference(&sc, &inputs, &targets);
    let (final_hash, _, now) = expected[&sc.meta.duration];
    assert_eq!(now, ENDS_AT, "where the historical path ends");
    let journal = journal(&inputs, end, final_hash);
    let mut seeker = Seeker::new(journal.clone(), sc.clone());
    assert_eq!((seeker.end(), seeker.interval()), (end, interval));
    assert_eq!(seeker.checkpoints(), 64, "minutes 0 to 63 × {interval}");
    // Forward, backward across checkpoints, within one interval, repeated,
    // out of range.
    let order = [
        end,
        0,
        780,
        779,
        781,
        376_441,
        100_000,
        6360,
        9100,
        1560,
        end - 1,
        interval,
        interval - 1,
        interval + 1,
        end + 500,
        336_060,
        336_000,
        63 * interval,
        63 * interval - 1,
        376_440,
        376_440,
        0,
        end,
        sc.meta.duration,
    ];
    for minute in order {
        let (hash, _, _) = expected[&minute];
        assert_eq!(seeker.at(minute).state_hash(), hash, "minute {minute}");
    }
    // The reference pass is `session_at`'s loop; anchor it on `session_at` itself.
    for minute in [9100, 376_441] {
        let direct = session_at(&journal, sc.clone(), minute).state_hash();
        assert_eq!(direct, expected[&minute].0, "session_at at {minute}");
    }
    // The timeline's escalation (recorded by the opening pass) agrees.
    let timeline = seeker.timeline();
    assert_eq!(timeline.end, end);
    for (&minute, &(_, index, _)) in expected.range(..=end) {
        assert_eq!(
            timeline.escalation[minute as usize],
            index as u64 + 1,
            "rung at {minute}"
        );
    }
    assert!(
        timeline.escalation.iter().any(|&l| l > 1),
        "the ladder moved"
    );
}
