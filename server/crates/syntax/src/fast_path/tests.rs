//! The fast path against saphyr: wherever it answers, the tree and diagnostics are the ones the
//! saphyr path builds, and saphyr parses the text without an error.

use std::path::{Path, PathBuf};

use proptest::prelude::*;

use crate::builder::build_with_saphyr;
use crate::offsets::LazyLineIndex;

/// Checks `text`; returns whether the fast path answered.
fn same_as_saphyr(text: &str) -> bool {
    let lines = LazyLineIndex::new(text);
    let Some(fast) = super::build(text, &lines, &[]) else {
        return false;
    };
    let slow = build_with_saphyr(text, &lines, &[]);
    assert!(
        slow.error.is_none(),
        "the fast path answered, saphyr fails ({:?}) on {text:?}",
        slow.error
    );
    assert_eq!(fast.root, slow.root, "trees differ on {text:?}");
    assert_eq!(
        fast.diagnostics, slow.diagnostics,
        "diagnostics differ on {text:?}"
    );
    true
}

#[test]
fn written_cases() {
    let answered = [
        "a: b\n",
        "a: b",
        "a:\n",
        "a:",
        "a:\nb: c\n",
        "a:   # c\n  b: c\n",
        "- a\n- b\n",
        "-\n- b\n-",
        "- # c\n-   \n",
        "a:\n- x\n-\n- y\nb: 1\n",
        "- a: 1\n  b: 2\n- c:\n  - d\n",
        "-   a: 1\n    b:\n      c: d\n",
        "a: &x 1\nb: *x\nc: !Ref y\nd: &y !Sub z\ne: !If &z\n",
        "a: !Ref\nb: &q\n  c: 1\nd: *q\n",
        "a: [x, 'y', \"z\", [w], {k: v}, []]\nb: {}\nc: { a: b , c: [d] }\n",
        "a: 'it''s'\nb: \"x # y\"\nc: x # y\nd: x#y\ne: ${self:a.b, 'c'}\nf: a:b\n",
        "<<: *missing\n",
        "d: &d\n  x: 1\ne:\n  <<: *d\n  y: 2\n",
        "a: 1\na: 2\n",
        "  a: 1\n  b: 2\n",
        "a:\n  - x\n  - y\n",
        "a: -1\nb: -x\nc: [-.5, -.inf]\n",
        "- - a\n  - b\n- - - c\n-\n  - d\n",
        "a: &a [1]\nb: [*a, !Ref x, !If [c, *a], {k: !Sub y, l: *a}]\n",
        "a: \"\\t\\n\\\\\\\"\\u00e9\\x41\\U0001F600\\N\\_\\L\\P\\0\\e\\ \\/\"\n",
        "a: |\n  x\n  y\nb: >\n  x\n  y\n\n  z\n   w\n  v\n",
        "a: |-\n  x\n\n\nb: |+\n  x\n\n\nc: d\n",
        "- >+\n   x # y\n- !Sub |\n  ${x}\n- &s >-\n\n  a\n- *s\n",
        "a: |\n  x",
        "a: >\n  x\n\n  y\n    z\n  w",
        "caf\u{e9}: \u{2603} # \u{e9}\nb: '\u{e9}'\nc: [\u{e9}, {\u{e9}: x}]\nd: |\n  \u{e9}\n",
    ];
    for text in answered {
        if text != "<<: *missing\n" {
            assert!(same_as_saphyr(text), "the fast path declined {text:?}");
        } else {
            assert!(!same_as_saphyr(text), "the fast path answered {text:?}");
        }
    }
    let declined = [
        "",
        "a: |2\n   x\n",
        "a: |\n\n   \n  x\n",
        "a: |\nb: 1\n",
        "a: |\n  x\n  ",
        "a: |#c\n  x\n",
        "a: \u{feff}\n",
        "\u{feff}a: b\n",
        "a: b\u{7f}\n",
        "# only a comment\n",
        "a: b\n  c\n",
        "a: 'x\n  y'\n",
        "a: \"x\\qy\"\n",
        "a: \"\\ud800\"\n",
        "a: \"x\\\n  y\"\n",
        "---\na: 1\n",
        "a: 1\n...\n",
        "a:\tb\n",
        "a: b\r\n",
        "? a\n: b\n",
        "a: [b,\n  c]\n",
        "a: b: c\n",
        "a :b\n",
        "a : b\n",
        "a: [b, ]\n",
        "a: {b}\n",
        "x\n",
        "a: 1\n- b\n",
        "a: 1\n b: 2\n",
        "-\n a: 1\n",
        "a: *nothing\n",
        "&a b: c\n",
    ];
    for text in declined {
        assert!(!same_as_saphyr(text), "the fast path answered {text:?}");
    }
}

/// The look before reading: it turns away multi-line scalars and flow collections, and lets
/// through what only looks like them (the cases of `written_cases` answered above pass it too).
#[test]
fn prescan_cases() {
    use super::prescan::may_read;
    let turned_away = [
        "a: b\nlast: two\n  lines\n",
        "- a: b\n    c\n",
        "a: 'x\n  y'\n",
        "a: \"x\n  y\"\n",
        "a: [b,\n  c]\n",
        "a: [\n  b\n]\n",
        "a: {b: c,\n  d: e}\n",
        "a: [b, c\n  ]\n",
        "a: |\n  x\nb: [c,\n  d]\n",
    ];
    for text in turned_away {
        assert!(!may_read(text.as_bytes()), "let through {text:?}");
    }
    let let_through = [
        "a: x[\nb: c, d,\nc: x{ # [\n",
        "- a: 1\n  b: 2\n- - c\n  - d\n",
        "a: &x\n  b: 1\nc: !Ref\n  d: 2\ne: # c\n  f: 3\n",
        "a: |\n  x\n    y, [\n  ]\nb: >-\n  z\n",
        "- |\n  x\n   y\n-\n  a: 1\n",
        "a: b # c, [\n",
    ];
    for text in let_through {
        assert!(may_read(text.as_bytes()), "turned away {text:?}");
    }
}

/// The repository's root (this crate is `server/crates/syntax`).
fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../..")
}

/// The YAML files git tracks: not what benchmarks and editors generate in the work tree (a
/// 10,000-line fixture cut after every line would take hours here).
fn yaml_files(root: &Path) -> Vec<PathBuf> {
    let listed = std::process::Command::new("git")
        .args(["ls-files", "-z", "--", "*.yml", "*.yaml"])
        .current_dir(root)
        .output()
        .expect("git, to list the repository's files");
    assert!(listed.status.success(), "git ls-files failed: {listed:?}");
    listed
        .stdout
        .split(|&b| b == 0)
        .filter(|name| !name.is_empty())
        .map(|name| root.join(String::from_utf8_lossy(name).as_ref()))
        .collect()
}

/// Every YAML file of the repository, each cut after every line and with each line dropped.
#[test]
fn repository_files_and_their_edits() {
    let mut files = yaml_files(&repository());
    files.sort();
    assert!(files.len() > 50, "found only {} YAML files", files.len());
    let (mut texts, mut answered, mut whole_answered) = (0, 0, 0);
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        whole_answered += usize::from(same_as_saphyr(&text));
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let mut line_start = 0;
        for cut in 0..lines.len() {
            texts += 2;
            answered += usize::from(same_as_saphyr(&lines[..cut].concat()));
            let dropped = [&lines[..cut], &lines[cut + 1..]].concat().concat();
            answered += usize::from(same_as_saphyr(&dropped));
            // Something typed at the end of the line.
            line_start += lines[cut].len();
            let line_end = line_start - usize::from(lines[cut].ends_with('\n'));
            for typed in ["\"", "[", ":", " - ", "*q", " #", "\n-"] {
                texts += 1;
                let edited = format!("{}{typed}{}", &text[..line_end], &text[line_end..]);
                answered += usize::from(same_as_saphyr(&edited));
            }
        }
    }
    eprintln!(
        "{} files ({whole_answered} answered), {texts} edited texts ({answered} answered)",
        files.len()
    );
    assert!(
        whole_answered * 2 > files.len(),
        "the fast path declined most files"
    );
}

/// Draws choices from a byte string, so that proptest shrinks a failing text by shrinking it.
struct Choices<'a> {
    bytes: std::slice::Iter<'a, u8>,
    /// Only valid pieces: most such texts are in the fast path's subset.
    clean: bool,
}

impl Choices<'_> {
    fn below(&mut self, n: usize) -> usize {
        self.bytes.next().map_or(0, |&b| usize::from(b) % n)
    }

    fn pick<'p>(&mut self, pool: &[&'p str]) -> &'p str {
        pool[self.below(pool.len())]
    }
}

const PLAIN: &[&str] = &[
    "a",
    "b",
    "foo bar",
    "x:y",
    "${self:custom.x}",
    "1",
    "-1",
    "true",
    "~",
    "a#b",
    "http://x/y",
    "a,b",
    "a[b]",
    "a{b}c",
    "it's",
    "say \"hi\"",
    "a - b",
    "a ? b",
    "a  b",
    "-a",
    ".5",
    "x!y",
    "x&y",
    "x*y",
    "x|y",
    "x>y",
    "x%y",
    "x@y",
    "<<",
    "a: b",
    "a :b",
    "a #c",
    "a:",
    "[x]",
    "{y}",
    "- x",
    "? x",
    ": x",
    "&x",
    "*x",
    "!x",
    "|",
    ">",
    "'q'",
    "\"q\"",
    "-",
    "#",
    "a\\b",
    "caf\u{e9}",
    "\u{2603} x",
    "a\u{feff}b",
    "\u{85}",
    "x\u{2028}y",
    "\u{e9}: b",
];
const QUOTED: &[&str] = &[
    "'s'",
    "'it''s'",
    "'a: b'",
    "\"a # b\"",
    "\"a\\tb\\u00e9\\N\"",
    "\"\\x41\\U0001F600\\\\\\/\"",
    "\"x\\\"y\"",
    "\"\\q\"",
    "\"\\ud800\"",
    "\"\\x4\"",
    "\"a\\\"",
    "''",
    "\"\"",
    "' lead'",
    "\"tr \"",
    "'['",
    "\"{\"",
    "'a",
    "\"b",
];
const PROPS: &[&str] = &[
    "",
    "",
    "",
    "&a1 ",
    "&b2 ",
    "!Ref ",
    "!GetAtt ",
    "&a1 !Sub ",
    "!If &b2 ",
];
const ALIASES: &[&str] = &["*a1", "*b2", "*zz"];
const COMMENTS: &[&str] = &["", "", "", " # c", "  #c", " # a: b", "#x"];

fn comment(c: &mut Choices<'_>) -> &'static str {
    let pool = if c.clean { &COMMENTS[..6] } else { COMMENTS };
    c.pick(pool)
}

fn scalar(c: &mut Choices<'_>) -> String {
    match c.below(5) {
        0..=2 if c.clean => c.pick(&PLAIN[..16]).to_owned(),
        0..=2 => c.pick(PLAIN).to_owned(),
        3 if c.clean => c.pick(&QUOTED[..6]).to_owned(),
        3 => c.pick(QUOTED).to_owned(),
        _ if c.clean => c.pick(&PLAIN[..3]).to_owned(),
        _ => c.pick(ALIASES).to_owned(),
    }
}

fn flow(c: &mut Choices<'_>, depth: usize) -> String {
    let n = c.below(4);
    let mapping = c.below(2) == 0;
    let items: Vec<String> = (0..n)
        .map(|_| {
            let value = match c.below(8) {
                0 if depth < 2 => flow(c, depth + 1),
                1 => format!("!Ref {}", scalar(c)),
                2 if depth < 2 => format!("!If {}", flow(c, depth + 1)),
                3 => c
                    .pick(&["*a1", "*b2", "-.5", "-x", "!Ref", "&a1 x"])
                    .to_owned(),
                _ => scalar(c),
            };
            if mapping {
                format!("{}: {value}", scalar(c))
            } else {
                value
            }
        })
        .collect();
    let sep = c.pick(&[", ", ",", " , ", ", "]);
    let (open, close) = if mapping { ("{", "}") } else { ("[", "]") };
    let pad = c.pick(&["", "", " "]);
    format!("{open}{pad}{}{pad}{close}", items.join(sep))
}

/// A value after `key:` or `-`: inline, or a block collection on the lines below.
fn value(c: &mut Choices<'_>, out: &mut String, indent: usize, depth: usize, after_key: bool) {
    let props = c.pick(PROPS);
    if c.below(6) == 0 {
        return block_scalar(c, out, indent, props);
    }
    match c.below(8) {
        0..=2 => out.push_str(&format!(" {props}{}", scalar(c))),
        3 => out.push_str(&format!(" {props}{}", flow(c, 0))),
        4 => out.push_str(&format!(" {}", props.trim_end())),
        _ if depth < 4 => {
            out.push_str(&format!(" {}", props.trim_end()));
            out.push_str(comment(c));
            out.push('\n');
            let steps: &[usize] = if c.clean {
                &[2, 2, 4, 3]
            } else {
                &[2, 2, 4, 1, 3]
            };
            let step = steps[c.below(steps.len())];
            let inner = if after_key && c.below(3) == 0 {
                indent
            } else {
                indent + step
            };
            if c.below(2) == 0 {
                sequence(c, out, inner, depth + 1);
            } else {
                mapping(c, out, inner, depth + 1);
            }
            return;
        }
        _ => out.push_str(&format!(" {}", scalar(c))),
    }
    out.push_str(comment(c));
    out.push('\n');
}

const HEADERS: &[&str] = &[
    "|", ">", "|-", ">-", "|+", ">+", "| # c", ">- #c", "|2", ">1-", "|#", "|x", "| ",
];
const BODY: &[&str] = &[
    "text",
    "more text",
    "# not a comment",
    "key: value",
    "- item",
    "'q'",
    "a  b  ",
    "{x}",
    "|",
    "end.",
];

/// `|` or `>`, then lines more indented than `indent`: some more indented again, some empty.
fn block_scalar(c: &mut Choices<'_>, out: &mut String, indent: usize, props: &str) {
    let headers = if c.clean { &HEADERS[..8] } else { HEADERS };
    out.push_str(&format!(" {props}{}\n", c.pick(headers)));
    let inner = indent + 1 + c.below(3);
    for _ in 0..1 + c.below(4) {
        match c.below(7) {
            0 => out.push('\n'),
            1 => out.push_str(&format!("{}\n", " ".repeat(c.below(inner + 2)))),
            2 => {
                let extra = 1 + c.below(2);
                out.push_str(&format!("{}{}\n", " ".repeat(inner + extra), c.pick(BODY)));
            }
            3 if !c.clean => {
                let less = c.below(inner + 1);
                out.push_str(&format!("{}{}\n", " ".repeat(less), c.pick(BODY)));
            }
            _ => out.push_str(&format!("{}{}\n", " ".repeat(inner), c.pick(BODY))),
        }
    }
}

fn key(c: &mut Choices<'_>) -> String {
    match c.below(6) {
        0 if c.clean => c.pick(&QUOTED[..6]).to_owned(),
        0 => c.pick(QUOTED).to_owned(),
        1 if c.clean => c.pick(&PLAIN[..16]).to_owned(),
        1 => c.pick(PLAIN).to_owned(),
        _ => c
            .pick(&["a", "b", "name", "<<", "events", "x y", "1"])
            .to_owned(),
    }
}

fn mapping(c: &mut Choices<'_>, out: &mut String, indent: usize, depth: usize) {
    let n = 1 + c.below(4);
    for _ in 0..n {
        filler(c, out);
        out.push_str(&" ".repeat(indent));
        out.push_str(&key(c));
        out.push(':');
        value(c, out, indent, depth, true);
    }
}

fn sequence(c: &mut Choices<'_>, out: &mut String, indent: usize, depth: usize) {
    let n = 1 + c.below(4);
    for _ in 0..n {
        filler(c, out);
        out.push_str(&" ".repeat(indent));
        out.push('-');
        if depth < 4 && c.below(6) == 0 {
            // `- - x`: a sequence in a sequence, more items below at the inner `-`.
            out.push_str(" -");
            value(c, out, indent + 2, depth + 1, false);
            for _ in 0..c.below(3) {
                out.push_str(&" ".repeat(indent + 2));
                out.push('-');
                value(c, out, indent + 2, depth + 1, false);
            }
        } else if depth < 4 && c.below(3) == 0 {
            // `- key: value`, more keys below at the first key's column.
            let gap = 1 + c.below(3);
            out.push_str(&" ".repeat(gap));
            let column = indent + 1 + gap;
            out.push_str(&key(c));
            out.push(':');
            value(c, out, column, depth + 1, true);
            for _ in 0..c.below(3) {
                out.push_str(&" ".repeat(column));
                out.push_str(&key(c));
                out.push(':');
                value(c, out, column, depth + 1, true);
            }
        } else {
            value(c, out, indent, depth, false);
        }
    }
}

/// Sometimes a blank or comment line, sometimes a stray indentation or character.
fn filler(c: &mut Choices<'_>, out: &mut String) {
    match c.below(12) {
        0 => out.push('\n'),
        1 | 2 if c.clean => out.push_str("  # note\n"),
        1 => out.push_str("   # note\n"),
        2 => out.push_str(c.pick(&[" ", "\t", "- ", "? ", ": ", "---\n", "x\n", "  ", "#"])),
        _ => {}
    }
}

fn document(choices: &[u8]) -> String {
    let mut c = Choices {
        bytes: choices.iter(),
        clean: choices.first().is_some_and(|&b| b % 2 == 0),
    };
    c.below(2);
    let mut out = String::new();
    let indent = c.pick(&["", "", "", " "]).len();
    if c.below(3) == 0 {
        sequence(&mut c, &mut out, indent, 0);
    } else {
        mapping(&mut c, &mut out, indent, 0);
    }
    if c.below(3) == 0 {
        out.pop();
    }
    out
}

proptest! {
    // `PROPTEST_CASES=1000000` for a longer run.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(4000)
    ))]

    #[test]
    fn generated_texts(choices in prop::collection::vec(any::<u8>(), 0..300)) {
        same_as_saphyr(&document(&choices));
    }
}

/// The generator must reach the fast path often enough for the test above to mean something.
#[test]
fn generated_texts_reach_the_fast_path() {
    let (mut answered, mut block_scalars) = (0, 0);
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    for _ in 0..2000 {
        let choices: Vec<u8> = (0..300)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state.to_le_bytes()[0]
            })
            .collect();
        let text = document(&choices);
        if same_as_saphyr(&text) {
            answered += 1;
            let header = |l: &str| HEADERS.iter().any(|h| l.ends_with(&format!(" {h}")));
            block_scalars += usize::from(text.lines().any(header));
        }
    }
    eprintln!("answered {answered} of 2000, {block_scalars} with a block scalar");
    assert!(
        answered > 200,
        "the fast path answered only {answered} of 2000 texts"
    );
    assert!(
        block_scalars > 50,
        "only {block_scalars} answered texts have a block scalar"
    );
}

const EDITS: &[&str] = &[
    ":", " ", "  ", "-", "- ", "[", "]", "{", "}", ",", "'", "\"", "\n", "#", " #", "&a1 ", "*a1",
    "!Ref ", "|", ">", "<<: ", "?", "\\", "%", "@", "`", "x", "---", "...", ": ", "\n  ", "\n-",
    "''", "\"\"", "&", "*", "!", "~", "\u{e9}", "\u{2603}", "\u{feff}", "\u{7f}", "\u{0}",
];

/// A generated text with a few edits: inserted pieces, deleted bytes, near the valid texts the
/// fast path answers, where declining or not matters most.
fn edited(choices: &[u8], edits: &[(u16, u8, u8)]) -> String {
    let mut text = document(choices);
    for &(at, delete, piece) in edits {
        let mut at = usize::from(at) % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + usize::from(delete % 4)).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let piece = EDITS[usize::from(piece) % EDITS.len()];
        text.replace_range(at..end, piece);
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(4000)
    ))]

    #[test]
    fn edited_texts(
        choices in prop::collection::vec(any::<u8>(), 0..300),
        edits in prop::collection::vec(any::<(u16, u8, u8)>(), 1..4),
    ) {
        same_as_saphyr(&edited(&choices, &edits));
    }
}
