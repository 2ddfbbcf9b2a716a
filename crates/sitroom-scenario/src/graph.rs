//! The inject graph: what releases what, as a petgraph graph, and its
//! Graphviz (DOT) and Mermaid renderings for `sitroom graph`.
//!
//! Nodes are the start of the exercise, the injects (decision points drawn
//! as diamonds), the reaction rules and the endings. An edge says why its
//! target can happen: `at 30` from the start, `after +15` from another
//! inject, `when ...` from every inject its condition mentions, an option
//! id for a decision's follow-ups, `release`/`cancel`/`end` for effects.
//! Everything is in declaration order, so the output is deterministic.

use std::collections::hash_map::DefaultHasher;
use std::hash::BuildHasherDefault;

use petgraph::graphmap::DiGraphMap;

use crate::model::*;
use crate::query::InjectIndex;

/// A node of the inject graph; indices are declaration positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Node {
    Start,
    Inject(usize),
    Reaction(usize),
    Ending(usize),
}

/// Why an edge's target can follow its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub label: String,
    /// A `Cancel` effect: the target will not happen.
    pub cancels: bool,
}

/// A fixed hasher: graphmap iterates in insertion order anyway, and no
/// per-process random state should get near the output.
pub type Hasher = BuildHasherDefault<DefaultHasher>;

/// The graph; several reasons between the same two nodes share one edge.
pub type InjectGraph = DiGraphMap<Node, Vec<Edge>, Hasher>;

/// Builds the inject graph of a scenario. References to unknown ids are
/// left out (the validator reports them).
pub fn build(s: &Scenario) -> InjectGraph {
    let ids = &InjectIndex::new(s);
    let mut g = InjectGraph::new();
    g.add_node(Node::Start);
    for i in 0..s.injects.len() {
        g.add_node(Node::Inject(i));
    }
    for i in 0..s.reactions.len() {
        g.add_node(Node::Reaction(i));
    }
    for i in 0..s.endings.len() {
        g.add_node(Node::Ending(i));
    }
    let add = add_edge;
    for (i, inject) in s.injects.iter().enumerate() {
        let me = Node::Inject(i);
        match &inject.release {
            Trigger::At(t) => add(&mut g, Node::Start, me, format!("at {t}"), false),
            Trigger::After(id, d) => {
                if let Some(from) = inject_node(ids, id) {
                    add(&mut g, from, me, format!("after +{d}"), false);
                }
            }
            Trigger::When(cond) => when_edges(ids, cond, &mut |g_from, label| {
                add(&mut g, g_from, me, label, false)
            }),
            Trigger::Manual => {}
        }
        effect_edges(s, ids, "", &inject.effects, &mut |to, label, cancels| {
            add(&mut g, me, to, label, cancels)
        });
        if let Some(decision) = &inject.decision {
            for option in &decision.options {
                for follow_up in &option.follow_ups {
                    if let Some(to) = inject_node(ids, follow_up) {
                        add(&mut g, me, to, option.id.clone(), false);
                    }
                }
                let prefix = format!("{}: ", option.id);
                effect_edges(
                    s,
                    ids,
                    &prefix,
                    &option.effects,
                    &mut |to, label, cancels| add(&mut g, me, to, label, cancels),
                );
            }
        }
    }
    for (i, reaction) in s.reactions.iter().enumerate() {
        let me = Node::Reaction(i);
        when_edges(ids, &reaction.when, &mut |from, label| {
            add(&mut g, from, me, label, false)
        });
        effect_edges(s, ids, "", &reaction.effects, &mut |to, label, cancels| {
            add(&mut g, me, to, label, cancels)
        });
    }
    for (i, ending) in s.endings.iter().enumerate() {
        let me = Node::Ending(i);
        when_edges(ids, &ending.when, &mut |from, label| {
            add(&mut g, from, me, label, false)
        });
    }
    g
}

fn add_edge(g: &mut InjectGraph, from: Node, to: Node, label: String, cancels: bool) {
    let edge = Edge { label, cancels };
    match g.edge_weight_mut(from, to) {
        Some(edges) => {
            if !edges.contains(&edge) {
                edges.push(edge);
            }
        }
        None => {
            g.add_edge(from, to, vec![edge]);
        }
    }
}

fn inject_node(ids: &InjectIndex, id: &str) -> Option<Node> {
    ids.get(id).map(Node::Inject)
}

/// One `when ...` edge from every inject the condition mentions, or from
/// the start when it mentions none.
fn when_edges(ids: &InjectIndex, cond: &Condition, add: &mut dyn FnMut(Node, String)) {
    let label = format!("when {}", shorten(&describe(cond)));
    let mut sources = Vec::new();
    cond.walk(&mut |c| {
        let id = match c {
            Condition::Released(id) => id,
            Condition::Chose { decision, .. } => decision,
            _ => return,
        };
        if let Some(node) = inject_node(ids, id)
            && !sources.contains(&node)
        {
            sources.push(node);
        }
    });
    if sources.is_empty() {
        sources.push(Node::Start);
    }
    for from in sources {
        add(from, label.clone());
    }
}

fn effect_edges(
    s: &Scenario,
    ids: &InjectIndex,
    prefix: &str,
    effects: &[Effect],
    add: &mut dyn FnMut(Node, String, bool),
) {
    for effect in effects {
        match effect {
            Effect::Release(id) => {
                if let Some(to) = inject_node(ids, id) {
                    add(to, format!("{prefix}release"), false);
                }
            }
            Effect::Cancel(id) => {
                if let Some(to) = inject_node(ids, id) {
                    add(to, format!("{prefix}cancel"), true);
                }
            }
            Effect::End(id) => {
                if let Some(to) = s.endings.iter().position(|e| &e.id == id) {
                    add(Node::Ending(to), format!("{prefix}end"), false);
                }
            }
            _ => {}
        }
    }
}

/// A condition in a compact, readable form: `escalation >= 3 and chose
/// inj-04/demarche`.
pub fn describe(cond: &Condition) -> String {
    let list = |items: &[Condition], word: &str| {
        let parts: Vec<String> = items
            .iter()
            .map(|c| match c {
                Condition::All(_) | Condition::Any(_) => format!("({})", describe(c)),
                _ => describe(c),
            })
            .collect();
        if parts.is_empty() {
            if word == "and" { "always" } else { "never" }.to_string()
        } else {
            parts.join(&format!(" {word} "))
        }
    };
    match cond {
        Condition::Always => "always".to_string(),
        Condition::All(items) => list(items, "and"),
        Condition::Any(items) => list(items, "or"),
        Condition::Not(inner) => format!("not ({})", describe(inner)),
        Condition::Var(id, cmp, value) => format!("{id} {} {value}", cmp.symbol()),
        Condition::Chose {
            decision,
            option,
            team,
        } => match team {
            Some(team) => format!("{team} chose {decision}/{option}"),
            None => format!("chose {decision}/{option}"),
        },
        Condition::Released(id) => format!("released {id}"),
        Condition::Elapsed(t) => format!("minute >= {t}"),
        Condition::Confidence {
            team,
            case,
            suspect,
            cmp,
            percent,
        } => format!(
            "{team}: P({suspect} did {case}) {} {percent}%",
            cmp.symbol()
        ),
        Condition::Chance(p) => format!("chance {p}"),
        Condition::Posture(actor, posture) => format!("{actor} at least {posture:?}"),
        Condition::Dyad(a, b, cmp, value) => {
            format!("escalation {a}/{b} {} {value}", cmp.symbol())
        }
    }
}

/// Edge labels stay short; the full condition is in the scenario.
fn shorten(text: &str) -> String {
    const MAX: usize = 48;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX - 1).collect();
    format!("{cut}…")
}

struct Drawn {
    /// Identifier in the output language.
    key: String,
    label: String,
    kind: Kind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Start,
    Inject,
    Decision,
    Reaction,
    Ending,
}

fn drawn(s: &Scenario, node: Node) -> Drawn {
    match node {
        Node::Start => Drawn {
            key: "start".into(),
            label: "start".into(),
            kind: Kind::Start,
        },
        Node::Inject(i) => {
            let inject = &s.injects[i];
            Drawn {
                key: format!("i{i}"),
                label: match inject.release {
                    // Nothing in the graph leads to it unless an effect does.
                    Trigger::Manual => format!("{}\n{}\n(manual)", inject.id, inject.title),
                    _ => format!("{}\n{}", inject.id, inject.title),
                },
                kind: if inject.decision.is_some() {
                    Kind::Decision
                } else {
                    Kind::Inject
                },
            }
        }
        Node::Reaction(i) => {
            let r = &s.reactions[i];
            Drawn {
                key: format!("r{i}"),
                label: format!("{}\nreaction of {}", r.id, r.actor),
                kind: Kind::Reaction,
            }
        }
        Node::Ending(i) => {
            let e = &s.endings[i];
            Drawn {
                key: format!("e{i}"),
                label: format!("END {}\n{}", e.id, e.title),
                kind: Kind::Ending,
            }
        }
    }
}

fn edge_label(edges: &[Edge]) -> (String, bool) {
    let label = edges
        .iter()
        .map(|e| e.label.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    (label, edges.iter().all(|e| e.cancels))
}

/// Graphviz DOT (`dot -Tsvg`).
pub fn to_dot(s: &Scenario) -> String {
    let g = build(s);
    let mut out = String::new();
    out.push_str(&format!("digraph {} {{\n", dot_string(&s.meta.id)));
    out.push_str(&format!("  label={};\n", dot_string(&s.meta.title)));
    out.push_str("  labelloc=t;\n  rankdir=TB;\n");
    out.push_str("  node [fontname=\"Helvetica\", fontsize=10, shape=box, style=rounded];\n");
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    for node in g.nodes() {
        let d = drawn(s, node);
        let attributes = match d.kind {
            Kind::Start => "shape=circle, style=filled, fillcolor=\"#dddddd\"",
            Kind::Inject => "shape=box, style=rounded",
            Kind::Decision => "shape=diamond, style=filled, fillcolor=\"#fff2cc\"",
            Kind::Reaction => "shape=hexagon, style=dashed",
            Kind::Ending => {
                "shape=doubleoctagon, style=\"filled,bold\", fillcolor=\"#d9ead3\", penwidth=2"
            }
        };
        out.push_str(&format!(
            "  {} [label={}, {attributes}];\n",
            d.key,
            dot_string(&d.label)
        ));
    }
    for (from, to, edges) in g.all_edges() {
        let (label, cancels) = edge_label(edges);
        let style = if cancels { ", style=dashed" } else { "" };
        out.push_str(&format!(
            "  {} -> {} [label={}{style}];\n",
            drawn(s, from).key,
            drawn(s, to).key,
            dot_string(&label)
        ));
    }
    out.push_str("}\n");
    out
}

fn dot_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Mermaid `flowchart` for Markdown.
pub fn to_mermaid(s: &Scenario) -> String {
    let g = build(s);
    let mut out = String::from("flowchart TD\n");
    let mut endings = Vec::new();
    let mut decisions = Vec::new();
    for node in g.nodes() {
        let d = drawn(s, node);
        let label = mermaid_string(&d.label);
        let shape = match d.kind {
            Kind::Start => format!("(({label}))"),
            Kind::Inject => format!("[{label}]"),
            Kind::Decision => format!("{{{label}}}"),
            Kind::Reaction => format!("{{{{{label}}}}}"),
            Kind::Ending => format!("([{label}])"),
        };
        match d.kind {
            Kind::Ending => endings.push(d.key.clone()),
            Kind::Decision => decisions.push(d.key.clone()),
            _ => {}
        }
        out.push_str(&format!("  {}{shape}\n", d.key));
    }
    for (from, to, edges) in g.all_edges() {
        let (label, cancels) = edge_label(edges);
        let arrow = if cancels { "-.->" } else { "-->" };
        out.push_str(&format!(
            "  {} {arrow}|{}| {}\n",
            drawn(s, from).key,
            mermaid_string(&label),
            drawn(s, to).key
        ));
    }
    out.push_str("  classDef decision fill:#fff2cc,stroke:#b7950b\n");
    out.push_str("  classDef ending fill:#d9ead3,stroke:#38761d,stroke-width:3px\n");
    if !decisions.is_empty() {
        out.push_str(&format!("  class {} decision\n", decisions.join(",")));
    }
    if !endings.is_empty() {
        out.push_str(&format!("  class {} ending\n", endings.join(",")));
    }
    out
}

/// A quoted Mermaid label; quotes and angle brackets become entities.
fn mermaid_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '\n' => out.push_str("<br/>"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The injects each inject's trigger waits on (`After` and the injects a
/// `When` condition mentions), for cycle detection.
pub(crate) fn trigger_dependencies(s: &Scenario) -> DiGraphMap<usize, (), Hasher> {
    let ids = &InjectIndex::new(s);
    let mut g = DiGraphMap::new();
    for (i, inject) in s.injects.iter().enumerate() {
        g.add_node(i);
        match &inject.release {
            Trigger::After(id, _) => {
                if let Some(Node::Inject(from)) = inject_node(ids, id) {
                    g.add_edge(from, i, ());
                }
            }
            Trigger::When(cond) => cond.walk(&mut |c| {
                let id = match c {
                    Condition::Released(id) => id,
                    Condition::Chose { decision, .. } => decision,
                    _ => return,
                };
                if let Some(Node::Inject(from)) = inject_node(ids, id) {
                    g.add_edge(from, i, ());
                }
            }),
            _ => {}
        }
    }
    g
}
