//! One pass of the parser over a text: its events folded into a tree, iteratively (an explicit
//! stack of open collections, so no recursion however deep the input nests).
//!
//! Anchored nodes are remembered as they finish; an alias becomes a deep copy of its anchored
//! node. Two bounds keep hostile input cheap: the total number of nodes copied for aliases, and
//! the nesting depth (content deeper than it is dropped, which also keeps `Drop` and `Clone` of
//! the tree shallow). When the parser stops on an error, the open collections are closed where
//! their last child ends, so everything read before the error is kept.

use std::borrow::Cow;
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use saphyr_parser::{Event, Parser, ScalarStyle as EventStyle, Span};
use sls_text::TextRange;

use crate::input::SmallBufferInput;
use crate::merge::{self, LineOf};
use crate::offsets::{CharToByte, LazyLineIndex, range};
use crate::source::{self, Properties};
use crate::{
    AliasRef, Entry, Node, NodeKind, Scalar, ScalarStyle, SyntaxCode, SyntaxDiagnostic, Tag,
};

/// Collections may nest this deep; deeper content is dropped.
pub const MAX_NESTING_DEPTH: usize = 256;
/// At most this many nodes are copied for aliases in one document.
pub const MAX_ALIAS_EXPANSION: usize = 100_000;
/// At most this many nodes are kept aside for anchors (each anchored node is copied once, so
/// anchors nested in anchors would otherwise cost their depth times their size).
const MAX_ANCHORED_NODES: usize = 1_000_000;

/// Where and why the parser stopped.
#[derive(Debug, Clone)]
pub(crate) struct ParseError {
    pub(crate) offset: usize,
    pub(crate) message: String,
}

/// A written alias naming no anchor, replaced in the text by a `~` (the parser refuses unknown
/// aliases); the builder turns the `~` back into an empty node carrying the alias.
#[derive(Debug, Clone)]
pub(crate) struct AliasPlaceholder {
    pub(crate) offset: usize,
    pub(crate) alias: AliasRef,
}

pub(crate) struct BuildOutput {
    pub(crate) root: Option<Node>,
    pub(crate) diagnostics: Vec<SyntaxDiagnostic>,
    pub(crate) error: Option<ParseError>,
}

/// Parses `text` once: by the fast path when the text is in its subset (see `fast_path`), else
/// by saphyr-parser. `placeholders` must be sorted by offset.
pub(crate) fn build(
    text: &str,
    lines: &LazyLineIndex<'_>,
    placeholders: &[AliasPlaceholder],
) -> BuildOutput {
    // Were the fast path ever to panic, saphyr would still give the answer.
    let fast = catch_unwind(AssertUnwindSafe(|| {
        crate::fast_path::build(text, lines, placeholders)
    }));
    if let Ok(Some(output)) = fast {
        return output;
    }
    build_with_saphyr(text, lines, placeholders)
}

/// [`build`] without the fast path: saphyr-parser's events, whatever the text.
pub(crate) fn build_with_saphyr(
    text: &str,
    lines: &LazyLineIndex<'_>,
    placeholders: &[AliasPlaceholder],
) -> BuildOutput {
    let mut builder = Builder::new(text, lines, placeholders);
    let mut parser = Parser::new(SmallBufferInput::new(text));
    // Every event consumes text or closes something opened by text; far more events than that
    // means the parser is stuck, which must not hang an editor.
    let max_events = text.len().saturating_mul(8).saturating_add(64);
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        for _ in 0..max_events {
            match parser.next_event() {
                None => return None,
                Some(Ok((event, span))) => builder.event(event, span),
                Some(Err(error)) => {
                    return Some(ParseError {
                        offset: builder.offsets.byte(error.marker().index()),
                        message: error.info().to_owned(),
                    });
                }
            }
        }
        Some(ParseError {
            offset: builder.last_offset,
            message: "the YAML parser made no progress here".to_owned(),
        })
    }));
    // A panic inside the third-party parser is reported like a parse error where it happened.
    let error = outcome.unwrap_or_else(|_| {
        Some(ParseError {
            offset: builder.last_offset,
            message: "the YAML parser failed here".to_owned(),
        })
    });
    builder.finish_output(error)
}

/// One parser event, with byte offsets: what the builder needs of saphyr's `Event` and `Span`,
/// and what the fast path produces.
pub(crate) enum Step<'e> {
    /// Stream start and end, document end: nothing to build.
    Nothing,
    DocumentStart,
    Scalar {
        value: Cow<'e, str>,
        style: EventStyle,
        anchor_id: usize,
        tagged: bool,
    },
    Alias(usize),
    Open {
        sequence: bool,
        anchor_id: usize,
    },
    Close,
}

/// A node with the bookkeeping the limits need.
#[derive(Clone)]
struct Sized {
    node: Node,
    /// Nodes in this subtree (keys included).
    size: usize,
    /// Collections on the longest path down (0 for a scalar).
    height: usize,
}

struct Frame {
    kind: FrameKind,
    props: Properties,
    anchor_id: usize,
    /// The first byte of the collection's content (after its properties).
    start: usize,
    /// The end of the last child written so far.
    end: usize,
    size: usize,
    height: usize,
}

/// A collection's children so far sit at the top of the builder's `entries` or `items` stack,
/// from `first` on. The stacks grow once for the whole parse, and a finished collection's
/// children move into a vector of their own in one copy: one allocation per collection, where
/// a vector per open collection was reallocated each time it filled up.
enum FrameKind {
    Mapping { first: usize, key: Option<Node> },
    Sequence { first: usize },
}

/// What the next node will be in its parent.
#[derive(Clone, Copy, PartialEq)]
enum Slot {
    Root,
    Key,
    Value,
    Item,
}

pub(crate) struct Builder<'t> {
    text: &'t str,
    lines: LineNumbers<'t>,
    placeholders: &'t [AliasPlaceholder],
    offsets: CharToByte<'t>,
    frames: Vec<Frame>,
    /// The entries of the open mappings, innermost last (see [`FrameKind`]).
    entries: Vec<Entry>,
    /// The items of the open sequences, innermost last.
    items: Vec<Node>,
    /// How many collections deep we are inside dropped (too deep) content; 0 when not.
    skipping: usize,
    /// Finished anchored nodes by the parser's anchor id (`None`: too big to keep).
    anchors: HashMap<usize, Option<Sized>>,
    anchored_nodes: usize,
    root: Option<Node>,
    documents: usize,
    expanded: usize,
    alias_limit_reported: bool,
    nesting_limit_reported: bool,
    diagnostics: Vec<SyntaxDiagnostic>,
    /// The start of the last event, where a parser failure is reported.
    last_offset: usize,
}

struct LineNumbers<'t>(&'t LazyLineIndex<'t>);

impl LineOf for LineNumbers<'_> {
    fn line_number(&self, range: TextRange) -> usize {
        self.0.get().line_of(usize::from(range.start())) + 1
    }
}

impl<'t> Builder<'t> {
    pub(crate) fn new(
        text: &'t str,
        lines: &'t LazyLineIndex<'t>,
        placeholders: &'t [AliasPlaceholder],
    ) -> Self {
        Builder {
            text,
            lines: LineNumbers(lines),
            placeholders,
            offsets: CharToByte::new(text),
            frames: Vec::new(),
            entries: Vec::new(),
            items: Vec::new(),
            skipping: 0,
            anchors: HashMap::new(),
            anchored_nodes: 0,
            root: None,
            documents: 0,
            expanded: 0,
            alias_limit_reported: false,
            nesting_limit_reported: false,
            diagnostics: Vec::new(),
            last_offset: 0,
        }
    }

    fn event(&mut self, event: Event<'_>, span: Span) {
        let start = self.offsets.byte(span.start.index());
        let end = self.offsets.byte(span.end.index()).max(start);
        let step = match event {
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => {
                Step::Nothing
            }
            Event::DocumentStart(_) => Step::DocumentStart,
            Event::Scalar(value, style, anchor_id, tag) => Step::Scalar {
                value,
                style,
                anchor_id,
                tagged: tag.is_some(),
            },
            Event::Alias(anchor_id) => Step::Alias(anchor_id),
            Event::SequenceStart(anchor_id, _) => Step::Open {
                sequence: true,
                anchor_id,
            },
            Event::MappingStart(anchor_id, _) => Step::Open {
                sequence: false,
                anchor_id,
            },
            Event::SequenceEnd | Event::MappingEnd => Step::Close,
        };
        self.step(step, start, end);
    }

    /// Takes one event: `start..end` is its byte range (`end >= start`).
    pub(crate) fn step(&mut self, step: Step<'_>, start: usize, end: usize) {
        self.last_offset = start;
        if self.documents > 1 && !matches!(step, Step::Nothing) {
            return;
        }
        if self.skipping > 0 {
            match step {
                Step::Open { .. } => self.skipping += 1,
                Step::Close => self.skipping -= 1,
                _ => {}
            }
            return;
        }
        match step {
            Step::Nothing => {}
            Step::DocumentStart => self.document_start(start, end),
            Step::Scalar {
                value,
                style,
                anchor_id,
                tagged,
            } => self.scalar(value, style, anchor_id, tagged, start, end),
            Step::Alias(anchor_id) => self.alias(anchor_id, start, end),
            Step::Open {
                sequence,
                anchor_id,
            } => self.open(sequence, anchor_id, start),
            Step::Close => self.close(start, end),
        }
    }

    /// The tree and diagnostics, once the events are over (`error`: why they stopped early).
    pub(crate) fn finish_output(mut self, error: Option<ParseError>) -> BuildOutput {
        self.close_all();
        BuildOutput {
            root: self.root,
            diagnostics: self.diagnostics,
            error,
        }
    }

    fn document_start(&mut self, start: usize, end: usize) {
        self.documents += 1;
        if self.documents > 1 {
            self.diagnostics.push(SyntaxDiagnostic {
                range: range(start, end),
                code: SyntaxCode::Invalid,
                message: "a second YAML document starts here; only the first one is read"
                    .to_owned(),
            });
        }
    }

    fn slot(&self) -> Slot {
        match self.frames.last().map(|f| &f.kind) {
            None => Slot::Root,
            Some(FrameKind::Mapping { key: None, .. }) => Slot::Key,
            Some(FrameKind::Mapping { key: Some(_), .. }) => Slot::Value,
            Some(FrameKind::Sequence { .. }) => Slot::Item,
        }
    }

    fn properties_at(&self, start: usize) -> Properties {
        match self.text.as_bytes().get(start) {
            Some(b'&' | b'!') => source::scan_properties(self.text, start),
            _ => Properties {
                end: start,
                content_start: start,
                ..Properties::default()
            },
        }
    }

    fn scalar(
        &mut self,
        value: Cow<'_, str>,
        style: EventStyle,
        anchor_id: usize,
        tagged: bool,
        start: usize,
        end: usize,
    ) {
        if style == EventStyle::Plain && value == "~" {
            if let Some(placeholder) = self.placeholder_at(start) {
                let node = empty_alias_node(placeholder.alias.clone());
                return self.attach(Sized {
                    node,
                    size: 1,
                    height: 0,
                });
            }
        }
        let mut props = self.properties_at(start);
        if tagged && props.tag.is_none() {
            // The parser saw a tag the scan did not (not expected); keep it, unplaced.
            props.tag = Some(Box::new(Tag {
                name: String::new(),
                range: range(start, start),
            }));
        }
        let has_props = props.end > start;
        let (style, node_range) = match style {
            EventStyle::Plain if value.is_empty() => {
                let at = if has_props {
                    props.end
                } else if self.slot() == Slot::Value || self.slot() == Slot::Item {
                    source::empty_value_position(self.text, start)
                } else {
                    start
                };
                (ScalarStyle::Empty, range(at, at))
            }
            EventStyle::Plain => (ScalarStyle::Plain, range(props.content_start, end)),
            EventStyle::SingleQuoted => {
                (ScalarStyle::SingleQuoted, range(props.content_start, end))
            }
            EventStyle::DoubleQuoted => {
                (ScalarStyle::DoubleQuoted, range(props.content_start, end))
            }
            EventStyle::Literal => (ScalarStyle::Literal, self.block_scalar_range(&props, end)),
            EventStyle::Folded => (ScalarStyle::Folded, self.block_scalar_range(&props, end)),
        };
        if style == ScalarStyle::Empty && !has_props && self.slot() == Slot::Key {
            self.report_missing_key(usize::from(node_range.start()));
        }
        let node = Node {
            range: node_range,
            tag: props.tag,
            anchor: props.anchor,
            alias: None,
            kind: NodeKind::Scalar(Scalar {
                text: value.into_owned(),
                style,
            }),
        };
        let sized = Sized {
            node,
            size: 1,
            height: 0,
        };
        self.remember_anchor(anchor_id, &sized);
        self.attach(sized);
    }

    fn remember_anchor(&mut self, anchor_id: usize, sized: &Sized) {
        if anchor_id == 0 {
            return;
        }
        let fits = self.anchored_nodes + sized.size <= MAX_ANCHORED_NODES;
        if fits {
            self.anchored_nodes += sized.size;
        }
        self.anchors.insert(anchor_id, fits.then(|| sized.clone()));
    }

    /// js-yaml refuses a mapping entry with nothing before its `:`.
    fn report_missing_key(&mut self, at: usize) {
        let colon = self.text.as_bytes().get(at) == Some(&b':');
        self.diagnostics.push(SyntaxDiagnostic {
            range: range(at, at + usize::from(colon)),
            code: SyntaxCode::Invalid,
            message: "a key is missing before this `:`".to_owned(),
        });
    }

    /// From the `|`/`>` indicator to the last non-blank character of the content.
    fn block_scalar_range(&self, props: &Properties, end: usize) -> TextRange {
        let at = props.content_start;
        let header = if props.tag.is_some() || props.anchor.is_some() {
            // With properties the event starts at them, and the header follows them.
            source::block_scalar_header(self.text, self.line_end(at), at)
        } else {
            source::block_scalar_header(self.text, at, 0)
        };
        let (header_start, header_end) = header.unwrap_or((at, at));
        let content_end = source::trim_end(self.text, header_end, end);
        range(header_start, content_end)
    }

    fn line_end(&self, at: usize) -> usize {
        self.text[at.min(self.text.len())..]
            .find('\n')
            .map_or(self.text.len(), |i| at + i)
    }

    fn placeholder_at(&self, offset: usize) -> Option<&'t AliasPlaceholder> {
        let placeholders: &'t [AliasPlaceholder] = self.placeholders;
        placeholders
            .binary_search_by_key(&offset, |p| p.offset)
            .ok()
            .map(|i| &placeholders[i])
    }

    fn alias(&mut self, anchor_id: usize, start: usize, end: usize) {
        let name = self.text.get(start + 1..end).unwrap_or_default().to_owned();
        let alias = AliasRef {
            name,
            range: range(start, end),
        };
        let depth = self.frames.len();
        let anchored = self.anchors.get(&anchor_id).map(Option::as_ref);
        let sized = match anchored {
            None => {
                self.diagnostics.push(SyntaxDiagnostic {
                    range: alias.range,
                    code: SyntaxCode::UnknownAlias,
                    message: format!(
                        "alias `*{}` is used inside the node it refers to",
                        alias.name
                    ),
                });
                None
            }
            Some(None) => {
                self.report_alias_limit(alias.range);
                None
            }
            Some(Some(anchored)) if depth + anchored.height > MAX_NESTING_DEPTH => {
                self.report_nesting_limit(alias.range);
                None
            }
            Some(Some(anchored)) if self.expanded + anchored.size > MAX_ALIAS_EXPANSION => {
                self.report_alias_limit(alias.range);
                None
            }
            Some(Some(anchored)) => {
                let mut copy = anchored.clone();
                self.expanded += copy.size;
                copy.node.alias = Some(Box::new(alias.clone()));
                Some(copy)
            }
        };
        let sized = sized.unwrap_or_else(|| Sized {
            node: empty_alias_node(alias),
            size: 1,
            height: 0,
        });
        self.attach(sized);
    }

    fn report_alias_limit(&mut self, at: TextRange) {
        if self.alias_limit_reported {
            return;
        }
        self.alias_limit_reported = true;
        self.diagnostics.push(SyntaxDiagnostic {
            range: at,
            code: SyntaxCode::AliasExpansionLimit,
            message: format!(
                "aliases expand to more than {MAX_ALIAS_EXPANSION} nodes; this alias and the \
                 later ones are left empty"
            ),
        });
    }

    fn report_nesting_limit(&mut self, at: TextRange) {
        if self.nesting_limit_reported {
            return;
        }
        self.nesting_limit_reported = true;
        self.diagnostics.push(SyntaxDiagnostic {
            range: at,
            code: SyntaxCode::NestingLimit,
            message: format!(
                "collections nest more than {MAX_NESTING_DEPTH} levels deep; deeper content is \
                 ignored"
            ),
        });
    }

    /// Starts a sequence or a mapping.
    fn open(&mut self, sequence: bool, anchor_id: usize, start: usize) {
        let props = self.properties_at(start);
        let content_start = props.content_start;
        if self.frames.len() >= MAX_NESTING_DEPTH {
            self.report_nesting_limit(range(content_start, content_start + 1));
            self.skipping = 1;
            let node = Node {
                range: range(content_start, content_start),
                tag: props.tag,
                anchor: props.anchor,
                alias: None,
                kind: empty_scalar(),
            };
            return self.attach(Sized {
                node,
                size: 1,
                height: 0,
            });
        }
        let kind = if sequence {
            FrameKind::Sequence {
                first: self.items.len(),
            }
        } else {
            FrameKind::Mapping {
                first: self.entries.len(),
                key: None,
            }
        };
        self.frames.push(Frame {
            kind,
            props,
            anchor_id,
            start: content_start,
            end: content_start,
            size: 1,
            height: 1,
        });
    }

    fn close(&mut self, start: usize, end: usize) {
        let Some(frame) = self.frames.pop() else {
            return;
        };
        let bytes = self.text.as_bytes();
        let opener = bytes.get(frame.start).copied();
        let closer = end.checked_sub(1).and_then(|i| bytes.get(i)).copied();
        let bracketed = end > start
            && matches!(
                (opener, closer),
                (Some(b'['), Some(b']')) | (Some(b'{'), Some(b'}'))
            );
        let end = if bracketed { end } else { frame.end };
        self.finish(frame, end);
    }

    /// Closes the collections left open by a parse error where their last child ends.
    fn close_all(&mut self) {
        while let Some(frame) = self.frames.pop() {
            let end = frame.end;
            self.finish(frame, end);
        }
    }

    fn finish(&mut self, frame: Frame, end: usize) {
        let kind = match frame.kind {
            FrameKind::Mapping { first, key } => {
                let mut entries = take_from(&mut self.entries, first);
                if let Some(key) = key {
                    // Only after a parse error: a key whose value was never read.
                    let at = usize::from(key.written_range().end());
                    entries.push(Entry {
                        key,
                        value: Node {
                            range: range(at, at),
                            tag: None,
                            anchor: None,
                            alias: None,
                            kind: empty_scalar(),
                        },
                        merged_from: None,
                    });
                }
                NodeKind::Mapping(merge::resolve_entries(
                    entries,
                    &self.lines,
                    &mut self.diagnostics,
                ))
            }
            FrameKind::Sequence { first } => NodeKind::Sequence(take_from(&mut self.items, first)),
        };
        let node = Node {
            range: range(frame.start, end),
            tag: frame.props.tag,
            anchor: frame.props.anchor,
            alias: None,
            kind,
        };
        let sized = Sized {
            node,
            size: frame.size,
            height: frame.height,
        };
        self.remember_anchor(frame.anchor_id, &sized);
        self.attach(sized);
    }

    fn attach(&mut self, child: Sized) {
        let Some(frame) = self.frames.last_mut() else {
            if self.root.is_none() {
                self.root = Some(child.node);
            }
            return;
        };
        frame.end = frame.end.max(usize::from(child.node.written_range().end()));
        frame.size = frame.size.saturating_add(child.size);
        frame.height = frame.height.max(child.height + 1);
        match &mut frame.kind {
            FrameKind::Mapping { key, .. } => match key.take() {
                None => *key = Some(child.node),
                Some(key) => self.entries.push(Entry {
                    key,
                    value: child.node,
                    merged_from: None,
                }),
            },
            FrameKind::Sequence { .. } => self.items.push(child.node),
        }
    }
}

/// The elements of `stack` from `first` on, in a vector of their own (one copy of the block).
fn take_from<T>(stack: &mut Vec<T>, first: usize) -> Vec<T> {
    if first == 0 {
        // `split_off(0)` would leave `stack` a fresh allocation of the same capacity.
        return std::mem::take(stack);
    }
    stack.split_off(first)
}

fn empty_scalar() -> NodeKind {
    NodeKind::Scalar(Scalar {
        text: String::new(),
        style: ScalarStyle::Empty,
    })
}

/// The empty node standing for an alias that could not be expanded.
fn empty_alias_node(alias: AliasRef) -> Node {
    Node {
        range: alias.range,
        tag: None,
        anchor: None,
        alias: Some(Box::new(alias)),
        kind: empty_scalar(),
    }
}
