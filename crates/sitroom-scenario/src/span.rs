//! Where things are in the RON text. ron has no `Spanned<T>`, so after a
//! successful parse we read the text a second time into a light tree of
//! byte ranges and map a model path such as
//! `injects[3].decision.options[1].target` to the place the author wrote it.
//! A path that goes further than the text (a defaulted field) falls back to
//! the nearest enclosing item.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

/// One step of a [`Path`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A named field of a struct or struct-like enum variant (the model's
    /// field names are fixed, so a path never allocates for them).
    Field(&'static str),
    /// An element of a list or of a tuple (`At(5)` → index 0 is `5`).
    Index(usize),
    /// The value of a map entry whose key is this string.
    Key(String),
    /// The key itself of a map entry.
    KeyName(String),
}

/// A location in the model, written like Rust field access.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Path(Vec<Step>);

impl Path {
    pub fn root() -> Path {
        Path(Vec::new())
    }

    fn with(&self, step: Step) -> Path {
        let mut steps = Vec::with_capacity(self.0.len() + 1);
        steps.extend_from_slice(&self.0);
        steps.push(step);
        Path(steps)
    }

    pub fn field(&self, name: &'static str) -> Path {
        self.with(Step::Field(name))
    }

    pub fn index(&self, index: usize) -> Path {
        self.with(Step::Index(index))
    }

    pub fn key(&self, key: &str) -> Path {
        self.with(Step::Key(key.to_string()))
    }

    pub fn key_name(&self, key: &str) -> Path {
        self.with(Step::KeyName(key.to_string()))
    }

    pub fn steps(&self) -> &[Step] {
        &self.0
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Field(name) if i == 0 => write!(f, "{name}")?,
                Step::Field(name) => write!(f, ".{name}")?,
                Step::Index(index) => write!(f, "[{index}]")?,
                Step::Key(key) => write!(f, "[{key:?}]")?,
                Step::KeyName(key) => write!(f, "[{key:?}](key)")?,
            }
        }
        Ok(())
    }
}

/// A RON value with the byte range it occupies. Names and text borrow from
/// the source; only a string with escapes owns its content.
#[derive(Debug, Clone, PartialEq)]
struct Node<'s> {
    span: Range<usize>,
    /// The identifier before `(`, as in `At(5)` or `Some(..)`.
    name: Option<&'s str>,
    body: Body<'s>,
}

#[derive(Debug, Clone, PartialEq)]
enum Body<'s> {
    /// A number, identifier, char or string; strings keep their content
    /// so that map keys can be matched.
    Atom(Option<Cow<'s, str>>),
    /// A list `[..]` or a tuple `(..)`.
    Seq(Vec<Node<'s>>),
    Fields(Vec<Field<'s>>),
    Map(Vec<(Node<'s>, Node<'s>)>),
}

#[derive(Debug, Clone, PartialEq)]
struct Field<'s> {
    key: &'s str,
    key_span: Range<usize>,
    value: Node<'s>,
}

/// The position map of one source text.
#[derive(Debug, Clone)]
pub struct SpanTree<'s> {
    source: &'s str,
    root: Option<Node<'s>>,
}

/// Nesting deeper than this is not mapped (ron itself refuses deeper input).
const MAX_DEPTH: usize = 256;

impl<'s> SpanTree<'s> {
    /// Reads the text; text it cannot read leaves the map empty, and every
    /// lookup then answers with the start of the file.
    pub fn new(source: &'s str) -> SpanTree<'s> {
        let mut reader = Reader {
            src: source,
            pos: 0,
        };
        let root = reader.document();
        SpanTree { source, root }
    }

    /// The byte range of the value at `path`, or of the nearest enclosing
    /// item when the path is not written out in the text. Ranges that span
    /// several lines are narrowed to the line that names the item.
    pub fn locate(&self, path: &Path) -> Range<usize> {
        let Some(root) = &self.root else {
            return 0..0;
        };
        let mut node = unwrap_some(root);
        let mut key_span: Option<Range<usize>> = None;
        for step in path.steps() {
            match (step, &node.body) {
                (Step::Field(name), Body::Fields(fields)) => {
                    match fields.iter().find(|f| f.key == *name) {
                        Some(field) => {
                            key_span = Some(field.key_span.clone());
                            node = unwrap_some(&field.value);
                        }
                        None => break,
                    }
                }
                (Step::Index(index), Body::Seq(items)) => match items.get(*index) {
                    Some(item) => {
                        key_span = None;
                        node = unwrap_some(item);
                    }
                    None => break,
                },
                (Step::Key(key), Body::Map(entries)) => {
                    match entries
                        .iter()
                        .find(|(k, _)| atom_text(k) == Some(key.as_str()))
                    {
                        Some((k, v)) => {
                            key_span = Some(k.span.clone());
                            node = unwrap_some(v);
                        }
                        None => break,
                    }
                }
                (Step::KeyName(key), Body::Map(entries)) => {
                    match entries
                        .iter()
                        .find(|(k, _)| atom_text(k) == Some(key.as_str()))
                    {
                        Some((k, _)) => return k.span.clone(),
                        None => break,
                    }
                }
                _ => break,
            }
        }
        self.head(node, key_span)
    }

    /// Whether the value at `path` is written out in the text (a field left
    /// to its default is not). Text the map could not read counts as
    /// written, so that nothing is reported about it.
    pub fn written(&self, path: &Path) -> bool {
        let Some(root) = &self.root else {
            return true;
        };
        let mut node = unwrap_some(root);
        for step in path.steps() {
            let next = match (step, &node.body) {
                (Step::Field(name), Body::Fields(fields)) => {
                    fields.iter().find(|f| f.key == *name).map(|f| &f.value)
                }
                (Step::Index(index), Body::Seq(items)) => items.get(*index),
                (Step::Key(key) | Step::KeyName(key), Body::Map(entries)) => entries
                    .iter()
                    .find(|(k, _)| atom_text(k) == Some(key.as_str()))
                    .map(|(_, v)| v),
                _ => None,
            };
            match next {
                Some(n) => node = unwrap_some(n),
                None => return false,
            }
        }
        true
    }

    /// A one-line range standing for `node`.
    fn head(&self, node: &Node, key_span: Option<Range<usize>>) -> Range<usize> {
        let text = self.source.get(node.span.clone()).unwrap_or("");
        if !text.contains('\n') {
            return node.span.clone();
        }
        if let Body::Fields(fields) = &node.body
            && let Some(id) = fields.iter().find(|f| f.key == "id")
            && !self
                .source
                .get(id.value.span.clone())
                .unwrap_or("\n")
                .contains('\n')
        {
            return id.value.span.clone();
        }
        if let Some(key) = key_span {
            return key;
        }
        let first_line = text.split('\n').next().unwrap_or("").trim_end();
        node.span.start..node.span.start + first_line.len()
    }
}

/// A map key written twice in one `{..}`: serde keeps the last value, so
/// the first is silently lost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// The key as written inside its quotes (or the bare token).
    pub key: String,
    /// Where the key is first written.
    pub first: Range<usize>,
    /// Where it is written again.
    pub again: Range<usize>,
}

impl SpanTree<'_> {
    /// Every map key written more than once in the same map, in text order
    /// (each repetition after the first is one entry).
    pub fn duplicate_keys(&self) -> Vec<DuplicateKey> {
        let mut out = Vec::new();
        if let Some(root) = &self.root {
            duplicates_in(self.source, root, &mut out);
        }
        out
    }
}

fn duplicates_in(source: &str, node: &Node<'_>, out: &mut Vec<DuplicateKey>) {
    match &node.body {
        Body::Atom(_) => {}
        Body::Seq(items) => items.iter().for_each(|n| duplicates_in(source, n, out)),
        Body::Fields(fields) => fields
            .iter()
            .for_each(|f| duplicates_in(source, &f.value, out)),
        Body::Map(entries) => {
            let text = |n: &Node<'_>| match atom_text(n) {
                Some(t) => t.to_string(),
                None => source.get(n.span.clone()).unwrap_or("").to_string(),
            };
            for (i, (key, value)) in entries.iter().enumerate() {
                // The first key repeats none before it.
                if i > 0 {
                    let k = text(key);
                    if let Some((first, _)) = entries[..i].iter().find(|(e, _)| text(e) == k) {
                        out.push(DuplicateKey {
                            key: k,
                            first: first.span.clone(),
                            again: key.span.clone(),
                        });
                    }
                }
                duplicates_in(source, value, out);
            }
        }
    }
}

/// A bracket the text opens and does not close.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unclosed {
    /// The opening `(`, `[` or `{`.
    pub open: char,
    /// Its byte range.
    pub at: Range<usize>,
    /// The closing bracket of another kind met where this one should have
    /// closed, if any (otherwise the text ended first).
    pub closed_by: Option<(char, Range<usize>)>,
}

impl Unclosed {
    /// The bracket that would close it.
    pub fn closer(&self) -> char {
        match self.open {
            '(' => ')',
            '[' => ']',
            _ => '}',
        }
    }
}

/// The first bracket the text leaves unclosed, reading brackets only (not
/// those in strings, chars and comments): an opener closed by a bracket of
/// another kind, or still open at the end of the text. `None` when every
/// bracket is matched (a stray closer is not an unclosed bracket).
pub fn unclosed_bracket(source: &str) -> Option<Unclosed> {
    let mut reader = Reader {
        src: source,
        pos: 0,
    };
    let mut open: Vec<(char, Range<usize>)> = Vec::new();
    loop {
        reader.skip_trivia();
        let start = reader.pos;
        let Some(c) = reader.peek() else { break };
        match c {
            '"' => {
                reader.string()?;
            }
            '\'' => {
                reader.char_literal()?;
            }
            'r' if reader
                .rest()
                .strip_prefix('r')
                .is_some_and(|s| s.trim_start_matches('#').starts_with('"')) =>
            {
                reader.raw_string()?;
            }
            '(' | '[' | '{' => {
                reader.bump();
                open.push((c, start..reader.pos));
            }
            ')' | ']' | '}' => {
                reader.bump();
                // A stray closer is not an unclosed bracket.
                let (opener, at) = open.pop()?;
                let expected = match opener {
                    '(' => ')',
                    '[' => ']',
                    _ => '}',
                };
                if c != expected {
                    return Some(Unclosed {
                        open: opener,
                        at,
                        closed_by: Some((c, start..reader.pos)),
                    });
                }
            }
            c if c.is_alphanumeric() || c == '_' => {
                reader.identifier();
                if reader.pos == start {
                    reader.bump();
                }
            }
            _ => {
                reader.bump();
            }
        }
    }
    open.pop().map(|(open, at)| Unclosed {
        open,
        at,
        closed_by: None,
    })
}

/// `Some(x)` written out (allowed besides IMPLICIT_SOME) stands for `x`.
fn unwrap_some<'n, 's>(node: &'n Node<'s>) -> &'n Node<'s> {
    match (node.name, &node.body) {
        (Some("Some"), Body::Seq(items)) if items.len() == 1 => &items[0],
        _ => node,
    }
}

fn atom_text<'n>(node: &'n Node<'_>) -> Option<&'n str> {
    match &node.body {
        Body::Atom(text) => text.as_deref(),
        _ => None,
    }
}

/// A forgiving recursive reader of RON text: it only needs to find where
/// values start and end, ron has already checked the grammar.
struct Reader<'s> {
    src: &'s str,
    pos: usize,
}

impl<'s> Reader<'s> {
    fn document(&mut self) -> Option<Node<'s>> {
        self.skip_trivia();
        // Attributes such as `#![enable(implicit_some)]`.
        while self.rest().starts_with("#!") {
            self.pos += 2;
            self.skip_trivia();
            if self.peek() == Some('[') {
                self.value(0)?;
            }
            self.skip_trivia();
        }
        self.value(0)
    }

    fn rest(&self) -> &'s str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn skip_trivia(&mut self) {
        loop {
            let rest = self.rest();
            if let Some(c) = rest.chars().next()
                && c.is_whitespace()
            {
                self.pos += c.len_utf8();
            } else if rest.starts_with("//") {
                let end = rest.find('\n').unwrap_or(rest.len());
                self.pos += end;
            } else if rest.starts_with("/*") {
                self.block_comment();
            } else {
                return;
            }
        }
    }

    /// ron block comments nest.
    fn block_comment(&mut self) {
        let mut depth = 0usize;
        loop {
            let rest = self.rest();
            if rest.is_empty() {
                return;
            }
            if rest.starts_with("/*") {
                depth += 1;
                self.pos += 2;
            } else if rest.starts_with("*/") {
                self.pos += 2;
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return;
                }
            } else {
                self.bump();
            }
        }
    }

    fn value(&mut self, depth: usize) -> Option<Node<'s>> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_trivia();
        let start = self.pos;
        let c = self.peek()?;
        match c {
            '"' => {
                let text = self.string()?;
                Some(self.atom(start, Some(text)))
            }
            '\'' => {
                self.char_literal()?;
                Some(self.atom(start, None))
            }
            '[' => {
                self.bump();
                let items = self.seq(']', depth)?;
                Some(Node {
                    span: start..self.pos,
                    name: None,
                    body: Body::Seq(items),
                })
            }
            '{' => {
                self.bump();
                let entries = self.map(depth)?;
                Some(Node {
                    span: start..self.pos,
                    name: None,
                    body: Body::Map(entries),
                })
            }
            '(' => self.parenthesised(start, None, depth),
            'r' if self
                .rest()
                .strip_prefix('r')
                .is_some_and(|s| s.trim_start_matches('#').starts_with('"')) =>
            {
                let text = self.raw_string()?;
                Some(self.atom(start, Some(text)))
            }
            'b' if self.rest().starts_with("b\"") => {
                self.bump();
                self.string()?;
                Some(self.atom(start, None))
            }
            c if c.is_alphabetic() || c == '_' => {
                let name = self.identifier();
                self.skip_trivia_peek_paren(start, name, depth)
            }
            _ => {
                // Numbers and anything else up to the next delimiter.
                while let Some(c) = self.peek() {
                    if c.is_alphanumeric() || matches!(c, '.' | '+' | '-' | '_') {
                        self.bump();
                    } else {
                        break;
                    }
                }
                if self.pos == start {
                    return None;
                }
                Some(self.atom(start, None))
            }
        }
    }

    fn skip_trivia_peek_paren(
        &mut self,
        start: usize,
        name: &'s str,
        depth: usize,
    ) -> Option<Node<'s>> {
        let after_name = self.pos;
        self.skip_trivia();
        if self.peek() == Some('(') {
            self.parenthesised(start, Some(name), depth)
        } else {
            self.pos = after_name;
            Some(self.atom(start, None))
        }
    }

    fn atom(&self, start: usize, text: Option<Cow<'s, str>>) -> Node<'s> {
        Node {
            span: start..self.pos,
            name: None,
            body: Body::Atom(text),
        }
    }

    fn identifier(&mut self) -> &'s str {
        let start = self.pos;
        if self.rest().starts_with("r#") {
            self.pos += 2;
        }
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' {
                self.bump();
            } else {
                break;
            }
        }
        self.src.get(start..self.pos).unwrap_or("")
    }

    /// `( .. )`: struct fields when the first thing inside is `ident:`,
    /// otherwise a tuple.
    fn parenthesised(
        &mut self,
        start: usize,
        name: Option<&'s str>,
        depth: usize,
    ) -> Option<Node<'s>> {
        self.bump(); // the `(`
        self.skip_trivia();
        let save = self.pos;
        let is_struct = match self.peek() {
            Some(c) if c.is_alphabetic() || c == '_' => {
                self.identifier();
                self.skip_trivia();
                let colon = self.rest().starts_with(':') && !self.rest().starts_with("::");
                self.pos = save;
                colon
            }
            _ => false,
        };
        let body = if is_struct {
            Body::Fields(self.fields(depth)?)
        } else {
            Body::Seq(self.seq(')', depth)?)
        };
        Some(Node {
            span: start..self.pos,
            name,
            body,
        })
    }

    fn seq(&mut self, close: char, depth: usize) -> Option<Vec<Node<'s>>> {
        let mut items = Vec::new();
        loop {
            self.skip_trivia();
            if self.peek() == Some(close) {
                self.bump();
                return Some(items);
            }
            items.push(self.value(depth + 1)?);
            self.skip_trivia();
            match self.peek()? {
                ',' => {
                    self.bump();
                }
                c if c == close => {}
                _ => return None,
            }
        }
    }

    fn fields(&mut self, depth: usize) -> Option<Vec<Field<'s>>> {
        let mut fields = Vec::new();
        loop {
            self.skip_trivia();
            if self.peek() == Some(')') {
                self.bump();
                return Some(fields);
            }
            let key_start = self.pos;
            let key = self.identifier();
            if key.is_empty() {
                return None;
            }
            let key_span = key_start..self.pos;
            self.skip_trivia();
            if self.bump()? != ':' {
                return None;
            }
            let value = self.value(depth + 1)?;
            fields.push(Field {
                key: key.trim_start_matches("r#"),
                key_span,
                value,
            });
            self.skip_trivia();
            match self.peek()? {
                ',' => {
                    self.bump();
                }
                ')' => {}
                _ => return None,
            }
        }
    }

    fn map(&mut self, depth: usize) -> Option<Vec<(Node<'s>, Node<'s>)>> {
        let mut entries = Vec::new();
        loop {
            self.skip_trivia();
            if self.peek() == Some('}') {
                self.bump();
                return Some(entries);
            }
            let key = self.value(depth + 1)?;
            self.skip_trivia();
            if self.bump()? != ':' {
                return None;
            }
            let value = self.value(depth + 1)?;
            entries.push((key, value));
            self.skip_trivia();
            match self.peek()? {
                ',' => {
                    self.bump();
                }
                '}' => {}
                _ => return None,
            }
        }
    }

    /// A `"..."` string; returns its content with the common escapes undone
    /// (borrowed from the text when it has none).
    fn string(&mut self) -> Option<Cow<'s, str>> {
        self.bump(); // the opening quote
        let rest = self.rest();
        if let Some(end) = rest.find(['"', '\\'])
            && rest[end..].starts_with('"')
        {
            self.pos += end + 1;
            return Some(Cow::Borrowed(&rest[..end]));
        }
        let mut text = String::new();
        loop {
            match self.bump()? {
                '"' => return Some(Cow::Owned(text)),
                '\\' => match self.bump()? {
                    'n' => text.push('\n'),
                    't' => text.push('\t'),
                    'r' => text.push('\r'),
                    '0' => text.push('\0'),
                    other => text.push(other),
                },
                c => text.push(c),
            }
        }
    }

    /// `r"..."` or `r#"..."#` with any number of `#`.
    fn raw_string(&mut self) -> Option<Cow<'s, str>> {
        self.bump(); // r
        let mut hashes = 0usize;
        while self.peek() == Some('#') {
            self.bump();
            hashes += 1;
        }
        if self.bump()? != '"' {
            return None;
        }
        let closing = format!("\"{}", "#".repeat(hashes));
        let rest = self.rest();
        let end = rest.find(&closing)?;
        let text = &rest[..end];
        self.pos += end + closing.len();
        Some(Cow::Borrowed(text))
    }

    fn char_literal(&mut self) -> Option<()> {
        self.bump(); // opening quote
        loop {
            match self.bump()? {
                '\'' => return Some(()),
                '\\' => {
                    self.bump()?;
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r##"#![enable(implicit_some)]
// a comment with ( and [ that must be skipped
Scenario(
    meta: (id: "m", title: "Ünïcode \"quoted\" ( title"),
    /* nested /* block */ comment */
    injects: [
        (id: "a", release: At(5)),
        (
            id: "b",
            release: After("a", 10),
            decision: Some((
                options: [(id: "x"), (id: "y", target: "valdoria")],
            )),
            raw: r#"raw ) text"#,
        ),
    ],
    prior: {"valdoria": 0.5, "karst": 0.25},
)
"##;

    fn text_at(path: &Path) -> &'static str {
        let tree = SpanTree::new(TEXT);
        &TEXT[tree.locate(path)]
    }

    #[test]
    fn finds_nested_values() {
        let injects = Path::root().field("injects");
        assert_eq!(text_at(&injects.index(0).field("id")), "\"a\"");
        assert_eq!(text_at(&injects.index(0).field("release")), "At(5)");
        assert_eq!(text_at(&injects.index(0).field("release").index(0)), "5");
        assert_eq!(
            text_at(&injects.index(1).field("release").index(0)),
            "\"a\""
        );
        let option = injects.index(1).field("decision").field("options").index(1);
        assert_eq!(text_at(&option.field("target")), "\"valdoria\"");
        assert_eq!(text_at(&option), "(id: \"y\", target: \"valdoria\")");
        assert_eq!(text_at(&injects.index(1).field("raw")), "r#\"raw ) text\"#");
    }

    #[test]
    fn finds_map_keys_and_values() {
        let prior = Path::root().field("prior");
        assert_eq!(text_at(&prior.key("karst")), "0.25");
        assert_eq!(text_at(&prior.key_name("karst")), "\"karst\"");
    }

    #[test]
    fn falls_back_to_the_enclosing_item() {
        let inject = Path::root().field("injects").index(1);
        // A defaulted field: the multi-line item is named by its id.
        assert_eq!(text_at(&inject.field("effects")), "\"b\"");
        // A multi-line value is narrowed to its key.
        assert_eq!(text_at(&inject.field("decision")), "decision");
        // An index past the end stays on the list's key.
        assert_eq!(text_at(&Path::root().field("injects").index(9)), "injects");
    }

    #[test]
    fn strings_with_non_ascii_and_delimiters_do_not_confuse_it() {
        let title = Path::root().field("meta").field("title");
        assert_eq!(text_at(&title), "\"Ünïcode \\\"quoted\\\" ( title\"");
    }

    #[test]
    fn struct_names_are_transparent() {
        let text = "Scenario(meta: Meta(id: \"x\", duration: 5), injects: [Inject(id: \"a\")])";
        let tree = SpanTree::new(text);
        let at = |path: &Path| &text[tree.locate(path)];
        assert_eq!(at(&Path::root().field("meta").field("duration")), "5");
        assert_eq!(
            at(&Path::root().field("injects").index(0).field("id")),
            "\"a\""
        );
    }

    #[test]
    fn unreadable_text_answers_the_start() {
        let tree = SpanTree::new("(a: [1, 2");
        assert_eq!(tree.locate(&Path::root().field("a")), 0..0);
    }

    #[test]
    fn finds_map_keys_written_twice() {
        let text = r#"(a: {"x": 1, "y": 2, "x": 3}, b: [{"k": {"z": 1, "z": 2}}], c: {"x": 1})"#;
        let dups = SpanTree::new(text).duplicate_keys();
        let found: Vec<(&str, &str, &str)> = dups
            .iter()
            .map(|d| {
                (
                    d.key.as_str(),
                    &text[d.first.clone()],
                    &text[d.again.clone()],
                )
            })
            .collect();
        assert_eq!(
            found,
            vec![("x", "\"x\"", "\"x\""), ("z", "\"z\"", "\"z\"")]
        );
        assert_eq!(dups[0].again.start, text.find("\"x\": 3").unwrap());
        assert!(SpanTree::new(TEXT).duplicate_keys().is_empty());
    }

    #[test]
    fn finds_the_bracket_left_open() {
        // Closed by the wrong kind: the `[` of `b`.
        let text = "(a: (1), b: [(2), c: \"])\")";
        let u = unclosed_bracket(text).unwrap();
        assert_eq!((u.open, u.at.start), ('[', text.find('[').unwrap()));
        assert_eq!(u.closed_by.map(|(c, _)| c), Some(')'));
        // Still open at the end: the innermost opener.
        let text = "(\n  a: [1, 2,\n  // ] not this\n  b: 'x',\n";
        let u = unclosed_bracket(text).unwrap();
        assert_eq!((u.open, u.at.start, u.closed_by.clone()), ('[', 7, None));
        assert_eq!(u.closer(), ']');
        assert_eq!(unclosed_bracket(TEXT), None);
        assert_eq!(
            unclosed_bracket("(a: 1))"),
            None,
            "a stray closer is not unclosed"
        );
    }

    #[test]
    fn paths_display_like_field_access() {
        let path = Path::root()
            .field("injects")
            .index(3)
            .field("decision")
            .field("options")
            .index(1)
            .field("target");
        assert_eq!(path.to_string(), "injects[3].decision.options[1].target");
    }
}
