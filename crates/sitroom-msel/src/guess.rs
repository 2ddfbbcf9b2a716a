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

/// The recipients named in a cell: split on `;`, `,`, `|` and new lines.
pub fn recipients(cell: &str) -> Vec<String> {
    cell.split([';', ',', '|', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
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
}
