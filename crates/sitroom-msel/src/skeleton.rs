//! The scenario `sitroom new NAME` writes: small, valid, and commented so
//! that it teaches the format while an author replaces its content.

use crate::guess::slug;

/// The skeleton, with `{{ID}}` and `{{TITLE}}` filled in.
const TEMPLATE: &str = r#"// {{TITLE}}: a Sitroom scenario skeleton written by `sitroom new`.
//
// Check it as you edit:   sitroom check {{ID}}.ron
// See its inject graph:   sitroom graph {{ID}}.ron --format mermaid
// Play it headlessly:     sitroom run {{ID}}.ron
//
// The format is RON: structs in ( ), lists in [ ], maps in { }, enum
// variants by name (`At(10)`), strings in double quotes, and // comments.
// Optional fields may be left out; an optional value is written bare
// (`default: "wait"`; `Some("wait")` is accepted too but never needed). Ids are your own short strings;
// everything refers to everything else by id.
(
    meta: (
        id: "{{ID}}",
        title: "{{TITLE}}",
        summary: "One paragraph for the facilitator: what happens and what is at stake.",
        // What the players read before minute 0.
        briefing: "You are the crisis cell of Ourland. A wiper has hit the ministry network and someone is already taking the credit.",
        // Learning objectives, each tied to norms of the catalogue (ids as in
        // assets/norms.ron: gge-13a ... gge-13k, attribution-standard, ...).
        objectives: [
            (id: "o1-attribution", text: "Keep public attribution in line with the evidence.", norms: ["attribution-standard"]),
            (id: "o2-cooperation", text: "Use CERT cooperation before escalating.", norms: ["gge-13a"]),
        ],
        duration: 120,   // minutes; the session ends when it is reached
        time_step: 15,   // the default step of "advance" in turn mode
        start: "2026-03-14 08:00", // what minute 0 is called in the story
    ),

    // Everyone in the story. kind: State, Proxy, CriminalGroup, Company or
    // InternationalOrganisation. posture (towards the players): Cooperative,
    // Neutral (the default), Guarded or Hostile; reactions and effects move it.
    actors: [
        (id: "ourland", name: "Republic of Ourland", kind: State, posture: Cooperative, description: "The players' state."),
        (id: "rivalia", name: "Federation of Rivalia", kind: State, posture: Guarded, description: "A rival state with a record of cyber operations."),
        (id: "crew", name: "Ashfall crew", kind: CriminalGroup, description: "A criminal crew that rents out its tools."),
    ],
    // Edges of the actor graph: Ally, Rival, Sponsor, TreatyPartner(Mlat | BudapestConvention | Alliance | EuropeanUnion).
    relations: [
        (from: "ourland", to: "rivalia", kind: Rival),
    ],

    // The tables of players. Each team plays an actor, has a role, and sees
    // only the channels (and variables, cases) listed: need-to-know.
    // Channels: IntelligenceReport, TechnicalAlert, DiplomaticCable, News,
    // SocialMedia, PhoneCall, PartnerRequest, Briefing.
    teams: [
        (id: "ministry", name: "Foreign ministry", actor: "ourland", role: ForeignMinistry,
            sees: (channels: [Briefing, DiplomaticCable, IntelligenceReport, SocialMedia], variables: ["trust"])),
        (id: "cert", name: "National CERT", actor: "ourland", role: NationalCert,
            sees: (channels: [Briefing, TechnicalAlert, IntelligenceReport, SocialMedia])),
    ],

    // Bounded integers that effects move and conditions test.
    variables: [
        (id: "trust", name: "Partners' trust", min: 0, max: 10, initial: 6, description: "How far partners believe Ourland's statements."),
    ],

    // The escalation ladder, lowest rung first. Conditions and effects call
    // it "escalation": Var("escalation", Ge, 2), Escalate(1).
    escalation: (
        initial: 0,
        rungs: [
            (level: 0, name: "Incident handling", description: "Technical response only."),
            (level: 1, name: "Diplomatic friction", description: "Private démarches, protests."),
            (level: 2, name: "Public confrontation", description: "Public accusations, sanctions."),
        ],
    ),

    // Incidents whose author is hidden. Each team keeps a probability per
    // suspect, moved by the evidence that injects carry. The truth is shown
    // in the review; a false flag names the actor the evidence was planted
    // to implicate.
    cases: [
        (
            id: "c-wiper",
            incident: "Wiper attack on the ministry network",
            suspects: ["rivalia", "crew"],
            prior: {"rivalia": 0.5, "crew": 0.5},
            truth: (
                culprit: "crew",
                false_flag: "rivalia",
                explanation: "The crew planted Rivalian-language strings to blame Rivalia; it acted for money.",
            ),
        ),
    ],

    // Messages to teams. release: At(minute), After("inject-id", minutes),
    // When(condition) or Manual (released by an option's follow_ups, an
    // effect or the facilitator).
    injects: [
        (id: "i01-briefing", title: "Morning situation", channel: Briefing, from: "Exercise control",
            audience: ["ministry", "cert"], release: At(0),
            text: "Ministry staff report that their workstations will not boot."),
        (id: "i02-wiper", title: "Wiper found on ministry servers", channel: TechnicalAlert, from: "CERT duty officer",
            audience: ["cert"], release: At(10),
            text: "The malware overwrites disks. Its code contains Rivalian-language strings.",
            // Strength per suspect: StronglyAgainst ... Neutral ... StronglyFor.
            evidence: [(case: "c-wiper", description: "Rivalian-language strings in the wiper.", strength: {"rivalia": For}, plantable: true)]),
        (id: "i03-claim", title: "A 'patriotic hacker' claims the attack", channel: SocialMedia, from: "@rivalia_cyber_front",
            audience: ["ministry", "cert"], release: At(20),
            text: "An account praising Rivalia claims the attack.",
            evidence: [(case: "c-wiper", description: "An unverified claim from a pro-Rivalia account.", strength: {"rivalia": WeaklyFor}, plantable: true)]),
        // A decision point: the teams choose among options before the deadline.
        (id: "d1-response", title: "How does Ourland respond?", channel: Briefing, from: "Crisis cell chair",
            audience: ["ministry"], release: At(30),
            text: "Ministers want a line before the evening news.",
            decision: (
                prompt: "What does Ourland do now?",
                teams: ["ministry"],   // empty means the inject's player teams
                deadline: 20,          // minutes after release
                default: "wait",       // applied to a team that has not decided
                options: [
                    // response: the kind of measure, which the norms score
                    // (Monitor, CertCooperation, Demarche, PublicAttribution, ...).
                    (id: "wait", label: "Keep watching", description: "Say nothing yet; gather evidence.", response: Monitor,
                        effects: [Add("trust", -1)]),
                    (id: "ask-partners", label: "Ask partner CERTs for help", description: "Share the sample with trusted CERTs.", response: CertCooperation,
                        effects: [Add("trust", 1)], follow_ups: ["i05-partner-analysis"]),
                    (id: "attribute", label: "Blame Rivalia publicly", description: "Name Rivalia as responsible today.", response: PublicAttribution,
                        target: "rivalia", case: "c-wiper", severity: 3, effects: [Escalate(1)]),
                ],
            )),
        (id: "i05-partner-analysis", title: "Partner CERT analysis", channel: IntelligenceReport, from: "Partner CERT",
            audience: ["ministry", "cert"], release: Manual,
            text: "The wiper is the Ashfall crew's kit; the Rivalian strings were added after compilation.",
            evidence: [(case: "c-wiper", description: "Strings added after compilation; the crew's known kit.", strength: {"crew": StronglyFor, "rivalia": Against}, reliability: High)]),
    ],

    // How non-player actors respond. A rule fires at most once, the first
    // time its condition holds, with the given chance (default 1.0).
    reactions: [
        (id: "r1-rivalia-retorts", actor: "rivalia", description: "Rivalia answers a public accusation in kind.",
            when: Chose(decision: "d1-response", option: "attribute"),
            effects: [SetPosture("rivalia", Hostile), Escalate(1), Add("trust", -2)]),
    ],

    // Endings are checked in order at the end of every minute; the first
    // that holds ends the session. Declare the outcomes play can lead to;
    // reaching `meta.duration` ends the session with the automatic outcome
    // "Time expired", so no time-out ending is declared.
    endings: [
        (id: "confrontation", title: "Open confrontation", description: "Ourland and Rivalia are trading public accusations.",
            when: Var("escalation", Ge, 2)),
        (id: "sorted-out", title: "The facts sorted out", description: "Partners traced the wiper to the crew before Ourland accused anyone.",
            when: All([Released("i05-partner-analysis"), Var("escalation", Le, 0), Elapsed(90)])),
    ],

    // Norm id -> weight; empty scores the catalogue's default set.
    norms: {},
)
"#;

/// The RON of a new scenario named `name`: its id is the slugified name.
pub fn skeleton(name: &str) -> String {
    let title = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let id = match slug(&title) {
        s if s.is_empty() => "my-exercise".to_string(),
        s => s,
    };
    let title = if title.is_empty() {
        "My exercise".to_string()
    } else {
        title
    };
    TEMPLATE
        .replace("{{ID}}", &id)
        .replace("{{TITLE}}", &escape(&title))
}

/// Escapes a RON string body. The title also appears in a `//` comment,
/// which is safe because new lines were collapsed above.
fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_ids_and_titles() {
        let ron = skeleton("  Grid  Blackout 2026 ");
        assert!(ron.contains(r#"id: "grid-blackout-2026""#));
        assert!(ron.contains(r#"title: "Grid Blackout 2026""#));
        let ron = skeleton(r#"The "quoted" \ one"#);
        assert!(ron.contains(r#"title: "The \"quoted\" \\ one""#));
        assert!(skeleton("").contains(r#"id: "my-exercise""#));
    }
}
