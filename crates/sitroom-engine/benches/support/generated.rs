//! A generated scenario of any size, for the growth benchmarks: `n` injects
//! over `2n` minutes for three teams — timed releases, releases after
//! another inject and on conditions, a decision every fourth inject (with
//! a default, so that a playthrough without inputs still scores), a
//! reaction every 50 injects and an ending at the end of the duration.
//! It passes `check`.

/// The RON text of the generated scenario with `n` injects.
pub fn scenario(n: usize) -> String {
    let mut injects = String::with_capacity(n * 200);
    let channels = ["Briefing", "TechnicalAlert", "DiplomaticCable", "News"];
    for i in 0..n {
        let channel = channels[i % channels.len()];
        let release = match i % 4 {
            _ if i == 0 => "At(0)".to_string(),
            1 => format!("After(\"i{}\", 1)", i - 1),
            2 => format!("When(Released(\"i{}\"))", i - 1),
            _ => format!("At({})", 2 * i),
        };
        let decision = if i % 4 == 3 {
            let team = ["t1", "t2", "t3"][i / 4 % 3];
            format!(
                ", audience: [\"{team}\"], decision: (prompt: \"Which?\", deadline: 5, default: \"a\", options: [\
                 (id: \"a\", label: \"Watch\", response: Monitor, effects: [Add(\"load\", 1)]), \
                 (id: \"b\", label: \"Remediate\", response: Remediate, effects: [Add(\"load\", -1)])])"
            )
        } else {
            ", audience: []".to_string()
        };
        injects.push_str(&format!(
            "(id: \"i{i}\", title: \"Inject {i}\", channel: {channel}, release: {release}, text: \"Something happens.\"{decision}),\n"
        ));
    }
    let mut reactions = String::new();
    for i in (0..n).step_by(50) {
        reactions.push_str(&format!(
            "(id: \"r{i}\", actor: \"home\", when: Released(\"i{i}\"), effects: [Add(\"load\", 1)]),\n"
        ));
    }
    let duration = 2 * n + 10;
    let all = "channels: [Briefing, TechnicalAlert, DiplomaticCable, News]";
    format!(
        "(meta: (id: \"generated\", title: \"Generated\", summary: \"Generated.\", briefing: \"{n} injects.\", duration: {duration}),\n\
         actors: [(id: \"home\", name: \"Homeland\", kind: State)],\n\
         teams: [\n\
           (id: \"t1\", name: \"Team 1\", actor: \"home\", role: NationalCert, sees: ({all})),\n\
           (id: \"t2\", name: \"Team 2\", actor: \"home\", role: ForeignMinistry, sees: ({all})),\n\
           (id: \"t3\", name: \"Team 3\", actor: \"home\", role: Leadership, sees: ({all})),\n\
         ],\n\
         variables: [(id: \"load\", name: \"Load\", min: -1000000, max: 1000000, initial: 0)],\n\
         escalation: (initial: 0, rungs: [(level: 0, name: \"Routine\"), (level: 1, name: \"Tension\")]),\n\
         injects: [{injects}],\n\
         reactions: [{reactions}],\n\
         endings: [(id: \"done\", title: \"Done\", description: \"The end.\", when: Elapsed({}))])",
        duration - 1
    )
}
