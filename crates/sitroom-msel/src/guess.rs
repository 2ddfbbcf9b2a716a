//! Educated guesses from free text: ids, channels from delivery methods,
//! actor kinds from sender names, team roles from recipient names. Every
//! guess is by whole words, so "Recall" is not a phone call.

use std::collections::BTreeSet;

use sitroom_scenario::{ActorKind, Channel, Role};

/// Lower-case words of the text (accents folded, so "Ministère" has the
/// word "ministere").
fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Lower-case ASCII with common Latin accents folded; other characters kept.
fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => out.push('a'),
            'æ' => out.push_str("ae"),
            'ç' | 'ć' | 'č' => out.push('c'),
            'ď' | 'đ' => out.push('d'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' | 'ī' => out.push('i'),
            'ł' => out.push('l'),
            'ñ' | 'ń' | 'ň' => out.push('n'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => out.push('o'),
            'œ' => out.push_str("oe"),
            'ř' => out.push('r'),
            'ß' => out.push_str("ss"),
            'ś' | 'š' | 'ș' | 'ş' => out.push('s'),
            'ť' | 'ț' | 'ţ' => out.push('t'),
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'ź' | 'ż' | 'ž' => out.push('z'),
            c => out.push(c),
        }
    }
    out
}

/// An id from a name: lower-case ASCII words joined by `-`. Empty when the
/// name has no letter or digit we can write.
pub fn slug(name: &str) -> String {
    words(name).join("-")
}

/// Hands out ids that are unique across everything in the scenario.
#[derive(Debug, Default)]
pub struct Ids {
    used: BTreeSet<String>,
}

impl Ids {
    /// `base` if free, else `base-2`, `base-3`, ...; `fallback` if `base`
    /// is empty.
    pub fn claim(&mut self, base: &str, fallback: &str) -> String {
        let base = if base.is_empty() { fallback } else { base };
        let mut id = base.to_string();
        let mut n = 2;
        while self.used.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.used.insert(id.clone());
        id
    }
}

fn has(words: &[String], keys: &[&str]) -> bool {
    words.iter().any(|w| {
        keys.iter().any(|k| {
            // A key ending in '*' matches any word starting with it
            // ("alert*" → alerts).
            match k.strip_suffix('*') {
                Some(prefix) => w.starts_with(prefix),
                None => w == k,
            }
        })
    })
}

fn has_phrase(text: &str, phrases: &[&str]) -> bool {
    let joined = format!(" {} ", words(text).join(" "));
    phrases.iter().any(|p| joined.contains(&format!(" {p} ")))
}

/// The channel for a delivery method, or `None` when the method is not
/// recognised (the caller imports it as a briefing and warns).
pub fn channel(method: &str) -> Option<Channel> {
    let w = words(method);
    let rules: [(Channel, &[&str]); 8] = [
        (
            Channel::SocialMedia,
            &[
                "social",
                "twitter",
                "tweet*",
                "facebook",
                "instagram",
                "linkedin",
                "tiktok",
                "reddit",
                "mastodon",
                "forum",
                "blog*",
            ],
        ),
        (
            Channel::News,
            &[
                "news*",
                "media",
                "press",
                "presse",
                "tv",
                "television",
                "newspaper*",
                "broadcast*",
                "journalist*",
                "reporter*",
                "headline*",
            ],
        ),
        (
            Channel::TechnicalAlert,
            &[
                "alert*",
                "siem",
                "technical",
                "ids",
                "edr",
                "xdr",
                "soc",
                "ticket*",
                "log",
                "logs",
                "dashboard*",
                "monitoring",
                "alarm*",
                "ioc*",
                "telemetry",
                "system",
            ],
        ),
        (
            Channel::IntelligenceReport,
            &["intel*", "intsum", "intrep", "assessment*", "bulletin*"],
        ),
        (
            Channel::PartnerRequest,
            &["request*", "rfi", "rfa", "assistance"],
        ),
        (
            Channel::PhoneCall,
            &[
                "phone*",
                "call*",
                "telephone*",
                "telefon*",
                "anruf*",
                "appel*",
                "voicemail",
                "sms",
                "text",
                "hotline",
                "radio",
                "mobile",
            ],
        ),
        (
            Channel::DiplomaticCable,
            &[
                "email*",
                "mail*",
                "courriel*",
                "cable*",
                "telegram*",
                "letter*",
                "fax*",
                "memo*",
                "demarche",
                "verbale",
                "notification",
                "message",
                "diplomatic",
            ],
        ),
        (
            Channel::Briefing,
            &[
                "brief*",
                "meeting*",
                "person",
                "verbal*",
                "vtc",
                "video*",
                "conference",
                "sitrep",
                "presentation",
                "handout*",
                "facilitator",
                "controller",
                "verbally",
                "simcell",
            ],
        ),
    ];
    if has_phrase(method, &["e mail"]) {
        return Some(Channel::DiplomaticCable);
    }
    if has_phrase(method, &["face to face", "in person"]) {
        return Some(Channel::Briefing);
    }
    rules
        .iter()
        .find(|(_, keys)| has(&w, keys))
        .map(|(c, _)| *c)
        .or_else(|| has(&w, &["report*"]).then_some(Channel::IntelligenceReport))
}

/// Senders that are the exercise's own control, not actors in its world.
pub fn is_control(name: &str) -> bool {
    let w = words(name);
    has(
        &w,
        &[
            "simcell",
            "excon",
            "exdir",
            "controller*",
            "facilitator*",
            "evaluator*",
        ],
    ) || has_phrase(
        name,
        &[
            "sim cell",
            "exercise control",
            "control cell",
            "white cell",
            "exercise director",
            "exercise staff",
        ],
    )
}

/// What kind of actor a sender's name suggests.
pub fn actor_kind(name: &str) -> ActorKind {
    let w = words(name);
    if has_phrase(
        name,
        &[
            "united nations",
            "european union",
            "red cross",
            "african union",
            "world bank",
        ],
    ) || has(
        &w,
        &[
            "nato",
            "eu",
            "un",
            "osce",
            "enisa",
            "europol",
            "interpol",
            "asean",
            "oas",
            "icrc",
            "iaea",
            "itu",
            "organisation",
            "organization",
            "commission",
            "secretariat",
            "alliance",
            "coalition",
            "council",
        ],
    ) {
        return ActorKind::InternationalOrganisation;
    }
    if has(
        &w,
        &[
            "ransomware",
            "gang*",
            "criminal*",
            "crime",
            "cartel*",
            "extortion*",
            "hacker",
            "hackers",
            "fraudster*",
            "scammer*",
            "mafia",
        ],
    ) {
        return ActorKind::CriminalGroup;
    }
    if has(
        &w,
        &[
            "apt",
            "proxy",
            "proxies",
            "hacktivist*",
            "militia*",
            "collective",
        ],
    ) {
        return ActorKind::Proxy;
    }
    if has(
        &w,
        &[
            "ministry",
            "ministere",
            "minister*",
            "embassy",
            "embassies",
            "ambassador*",
            "consulate*",
            "government*",
            "govt",
            "gov",
            "agency",
            "cert",
            "csirt",
            "ncsc",
            "cisa",
            "police",
            "president*",
            "premier",
            "cabinet",
            "mfa",
            "mod",
            "moi",
            "intelligence",
            "mission",
            "army",
            "military",
            "navy",
            "command",
            "state",
            "republic",
            "kingdom",
            "federation",
            "national",
            "parliament*",
            "prosecutor*",
            "regulator*",
            "authority",
            "department",
            "office",
            "capital",
            "host",
            "partner",
            "ally",
        ],
    ) {
        return ActorKind::State;
    }
    ActorKind::Company
}

/// The team role a recipient's name suggests; `Other(name)` otherwise.
pub fn role(name: &str) -> Role {
    let w = words(name);
    if has_phrase(
        name,
        &[
            "foreign affairs",
            "foreign ministry",
            "foreign office",
            "external affairs",
            "affaires etrangeres",
            "auswartiges amt",
            "asuntos exteriores",
        ],
    ) || has(&w, &["mfa", "fco", "diplomat*", "diplomacy"])
    {
        Role::ForeignMinistry
    } else if has_phrase(name, &["host nation", "host country", "host state"]) {
        Role::HostNation
    } else if has(
        &w,
        &[
            "cert", "csirt", "soc", "cyber*", "ncsc", "cisa", "it", "ict", "security",
        ],
    ) {
        Role::NationalCert
    } else if has(
        &w,
        &[
            "legal",
            "law",
            "lawyer*",
            "counsel",
            "jurist*",
            "compliance",
        ],
    ) {
        Role::LegalOffice
    } else if has(&w, &["intel*", "analyst*"]) {
        Role::Intelligence
    } else if has(
        &w,
        &[
            "police",
            "prosecutor*",
            "enforcement",
            "justice",
            "investigator*",
        ],
    ) {
        Role::LawEnforcement
    } else if has(&w, &["embassy", "mission", "consulate", "delegation"]) {
        Role::Mission
    } else if has(&w, &["red", "adversary", "opfor"]) {
        Role::RedCell
    } else if has(
        &w,
        &[
            "leadership",
            "minister",
            "cabinet",
            "executive*",
            "ceo",
            "board",
            "president",
            "crisis",
            "leaders",
            "director*",
            "command",
            "management",
            "gold",
            "pm",
        ],
    ) {
        Role::Leadership
    } else {
        Role::Other(name.trim().to_string())
    }
}

/// Whether a recipient cell means "every team".
pub fn is_everyone(name: &str) -> bool {
    let n = words(name).join(" ");
    matches!(
        n.as_str(),
        "all"
            | "all players"
            | "all teams"
            | "everyone"
            | "all participants"
            | "all cells"
            | "plenary"
            | "all groups"
    )
}

/// The recipients named in a cell: split on `;`, `,`, `|`, new lines and
/// a slash with a space on either side ("MFA / CERT"). A slash without
/// spaces ("CERT/CSIRT", "24/7 desk") stays in the name here; see
/// [`slash_parts`].
pub fn recipients(cell: &str) -> Vec<String> {
    cell.split([';', ',', '|', '\n'])
        .flat_map(split_spaced_slash)
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Splits at every `/` that has white space before or after it.
fn split_spaced_slash(part: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in part.char_indices() {
        if c != '/' {
            continue;
        }
        let before = part[..i].chars().next_back();
        let after = part[i + 1..].chars().next();
        if before.is_some_and(char::is_whitespace) || after.is_some_and(char::is_whitespace) {
            out.push(&part[start..i]);
            start = i + 1;
        }
    }
    out.push(&part[start..]);
    out
}

/// The parts of a recipient name written with an unspaced slash
/// ("MFA/CERT" → MFA, CERT); `None` when it has no such slash.
pub fn slash_parts(name: &str) -> Option<Vec<String>> {
    if !name.contains('/') {
        return None;
    }
    let parts: Vec<String> = name
        .split('/')
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    (parts.len() >= 2).then_some(parts)
}

/// Whether a status cell withdraws the row: cancelled (or canceled),
/// deleted, void, withdrawn, removed, struck — unless negated ("not
/// cancelled").
pub fn is_cancelled(status: &str) -> bool {
    let w = words(status);
    w.iter().enumerate().any(|(i, word)| {
        let hit = word.starts_with("cancel")
            || word.starts_with("delete")
            || matches!(
                word.as_str(),
                "void" | "voided" | "withdrawn" | "withdraw" | "removed" | "struck" | "scrapped"
            );
        let negated = i
            .checked_sub(1)
            .and_then(|j| w.get(j))
            .is_some_and(|p| matches!(p.as_str(), "not" | "no" | "un" | "never"));
        hit && !negated
    })
}

/// Whether a cell marks the STARTEX row: "STARTEX", "StartEx", "START-EX",
/// "T+0 STARTEX", "STARTEX: opening brief". A long sentence that merely
/// mentions STARTEX ("controllers hold everything until STARTEX is
/// called") is not a marker.
pub fn marks_startex(cell: &str) -> bool {
    let w = words(cell);
    let at = w.iter().enumerate().position(|(i, word)| {
        word == "startex" || (word == "start" && w.get(i + 1).is_some_and(|n| n == "ex"))
    });
    // "Pre-STARTEX brief", "until STARTEX": about STARTEX, not at it.
    let qualified = at
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| w.get(i))
        .is_some_and(|p| {
            matches!(
                p.as_str(),
                "pre" | "post" | "before" | "after" | "until" | "till"
            )
        });
    if qualified {
        return false;
    }
    match at {
        Some(0) => true,
        Some(_) => w.len() <= 4,
        None => false,
    }
}

/// Words that say what kind of group a team is, not which: "CERT team" is
/// CERT.
const GENERIC: [&str; 10] = [
    "team", "teams", "cell", "group", "desk", "unit", "room", "staff", "the", "players",
];
const LINKING: [&str; 12] = [
    "of", "the", "and", "for", "de", "des", "du", "la", "le", "el", "und", "et",
];

/// Whether two team names that are not the same name look like spellings
/// of one team: the same letters ("MFA", "M.F.A."), the same name but for
/// a word like "team" or "cell" ("Cert", "CERT team"), an acronym
/// ("Ministry of Foreign Affairs", "MFA") or a typo (one or two letters
/// off, in names long enough for that to mean something).
pub fn looks_alike(a: &str, b: &str) -> bool {
    let (wa, wb) = (words(a), words(b));
    let squash = |w: &[String]| w.concat();
    let (sa, sb) = (squash(&wa), squash(&wb));
    if sa.is_empty() || sb.is_empty() {
        return false;
    }
    if sa == sb {
        return true;
    }
    let core = |w: &[String]| -> String {
        w.iter()
            .filter(|x| !GENERIC.contains(&x.as_str()))
            .cloned()
            .collect::<Vec<_>>()
            .concat()
    };
    let (ca, cb) = (core(&wa), core(&wb));
    if !ca.is_empty() && ca == cb {
        return true;
    }
    let acronym = |w: &[String]| -> String {
        w.iter()
            .filter(|x| !LINKING.contains(&x.as_str()))
            .filter_map(|x| x.chars().next())
            .collect()
    };
    if (wa.len() >= 2 && acronym(&wa) == sb && sb.len() >= 2)
        || (wb.len() >= 2 && acronym(&wb) == sa && sa.len() >= 2)
    {
        return true;
    }
    // "Team A" and "Team B", "Cell 1" and "Cell 2" are different teams: a
    // short word one name has and the other lacks is deliberate.
    let short_difference = wa.iter().any(|x| x.len() <= 2 && !wb.contains(x))
        || wb.iter().any(|x| x.len() <= 2 && !wa.contains(x));
    if short_difference {
        return false;
    }
    let shorter = sa.chars().count().min(sb.chars().count());
    let allowed = match shorter {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    };
    allowed > 0 && edit_distance(&sa, &sb) <= allowed
}

/// Optimal string alignment distance: insertions, deletions, substitutions
/// and swaps of neighbours each cost one.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // ok: every index below is within 0..=a.len() × 0..=b.len().
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    let at = |i: usize, j: usize| i * width + j;
    for i in 0..=a.len() {
        d[at(i, 0)] = i;
    }
    for j in 0..=b.len() {
        d[at(0, j)] = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[at(i - 1, j)] + 1)
                .min(d[at(i, j - 1)] + 1)
                .min(d[at(i - 1, j - 1)] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[at(i - 2, j - 2)] + 1);
            }
            d[at(i, j)] = best;
        }
    }
    d[at(a.len(), b.len())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Ministère des Affaires étrangères"),
            "ministere-des-affaires-etrangeres"
        );
        assert_eq!(slug("  CERT / CSIRT (national) "), "cert-csirt-national");
        assert_eq!(slug("Ωμέγα"), "");
        let mut ids = Ids::default();
        assert_eq!(ids.claim("cert", "team"), "cert");
        assert_eq!(ids.claim("cert", "team"), "cert-2");
        assert_eq!(ids.claim("", "team"), "team");
    }

    #[test]
    fn channels_from_methods() {
        let cases = [
            ("Email", Some(Channel::DiplomaticCable)),
            ("e-mail", Some(Channel::DiplomaticCable)),
            ("Diplomatic cable", Some(Channel::DiplomaticCable)),
            ("Phone call", Some(Channel::PhoneCall)),
            ("Recall", None),
            ("News report", Some(Channel::News)),
            ("Press release", Some(Channel::News)),
            ("Twitter/X post", Some(Channel::SocialMedia)),
            ("SIEM alert", Some(Channel::TechnicalAlert)),
            ("Intel report", Some(Channel::IntelligenceReport)),
            ("Situation report", Some(Channel::IntelligenceReport)),
            ("Partner request (email)", Some(Channel::PartnerRequest)),
            ("In person", Some(Channel::Briefing)),
            ("Briefing", Some(Channel::Briefing)),
            ("Carrier pigeon", None),
            ("", None),
        ];
        for (method, want) in cases {
            assert_eq!(channel(method), want, "{method}");
        }
    }

    #[test]
    fn actor_kinds() {
        assert_eq!(
            actor_kind("NATO CIRC"),
            ActorKind::InternationalOrganisation
        );
        assert_eq!(actor_kind("Embassy of Valdoria"), ActorKind::State);
        assert_eq!(
            actor_kind("BlackFog ransomware gang"),
            ActorKind::CriminalGroup
        );
        assert_eq!(actor_kind("APT99"), ActorKind::Company);
        assert_eq!(actor_kind("APT 99"), ActorKind::Proxy);
        assert_eq!(actor_kind("Reuters"), ActorKind::Company);
        assert!(is_control("SimCell"));
        assert!(is_control("Exercise Control"));
        assert!(!is_control("National CERT"));
    }

    #[test]
    fn roles() {
        assert_eq!(role("Ministry of Foreign Affairs"), Role::ForeignMinistry);
        assert_eq!(role("National CERT"), Role::NationalCert);
        assert_eq!(role("Legal Office"), Role::LegalOffice);
        assert_eq!(role("Crisis Cell"), Role::Leadership);
        assert_eq!(role("Host Nation Police"), Role::HostNation);
        assert_eq!(role("Embassy"), Role::Mission);
        assert_eq!(role("Comms"), Role::Other("Comms".into()));
        assert!(is_everyone("All Players"));
        assert_eq!(
            recipients("CERT; Legal ,MFA\nPress"),
            ["CERT", "Legal", "MFA", "Press"]
        );
    }

    #[test]
    fn recipients_split_at_spaced_slashes_only() {
        assert_eq!(recipients("MFA / CERT"), ["MFA", "CERT"]);
        assert_eq!(
            recipients("MFA /CERT; Legal/ Press"),
            ["MFA", "CERT", "Legal", "Press"]
        );
        assert_eq!(recipients("CERT/CSIRT"), ["CERT/CSIRT"]);
        assert_eq!(recipients(" / "), Vec::<String>::new());
        assert_eq!(
            slash_parts("MFA/CERT"),
            Some(vec!["MFA".to_string(), "CERT".to_string()])
        );
        assert_eq!(slash_parts("MFA"), None);
        assert_eq!(slash_parts("MFA/"), None);
    }

    #[test]
    fn cancelled_statuses() {
        for s in [
            "Cancelled",
            "CANCELED",
            "cancelled - see 12",
            "Deleted",
            "VOID",
            "Withdrawn",
            "removed from play",
        ] {
            assert!(is_cancelled(s), "{s}");
        }
        for s in [
            "Ready",
            "Delivered",
            "Not cancelled",
            "Draft",
            "",
            "Avoid delays",
        ] {
            assert!(!is_cancelled(s), "{s}");
        }
    }

    #[test]
    fn startex_markers() {
        for s in [
            "STARTEX",
            "StartEx",
            "START-EX",
            "T+0 STARTEX",
            "STARTEX: welcome and opening brief",
        ] {
            assert!(marks_startex(s), "{s}");
        }
        for s in [
            "Controllers hold every inject until STARTEX is called",
            "Start",
            "ENDEX",
            "Pre-STARTEX brief",
            "Hold until STARTEX",
            "",
        ] {
            assert!(!marks_startex(s), "{s}");
        }
    }

    #[test]
    fn names_that_look_alike() {
        for (a, b) in [
            ("MFA", "M.F.A."),
            ("Cert", "CERT team"),
            ("Ministry of Foreign Affairs", "MFA"),
            ("Foreign Minstry", "Foreign Ministry"),
            ("Legal Ofice", "Legal Office"),
        ] {
            assert!(looks_alike(a, b), "{a} / {b}");
            assert!(looks_alike(b, a), "{b} / {a}");
        }
        for (a, b) in [
            ("Team A", "Team B"),
            ("Cell 1", "Cell 2"),
            ("CERT", "CSIRT"),
            ("MFA", "MOD"),
            ("National CERT", "Legal Office"),
            ("Ωμέγα", "Ωμέγα"),
        ] {
            assert!(!looks_alike(a, b), "{a} / {b}");
        }
        assert_eq!(edit_distance("abcd", "abdc"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
