//! The editor features of `sls_analysis::ide`, converted to the protocol's types with the
//! negotiated position encoding.

use sls_analysis::TextRange;
use sls_analysis::ide::{self, CompletionKind};
use sls_text::{Document, PositionEncoding};
use tower_lsp_server::ls_types::{
    self as lsp, CompletionItemKind, CompletionTextEdit, Documentation, HoverContents,
    InsertTextMode, Location, MarkupContent, MarkupKind, TextEdit, Uri,
};

use super::convert::range_to_lsp;
use super::session::QueryPoint;

fn range(document: &Document, range: TextRange, encoding: PositionEncoding) -> lsp::Range {
    range_to_lsp(document.text_range_to_range(range, encoding))
}

/// At most this many items go to the client at once. More (a `!Ref ` in a service with
/// thousands of logical IDs) are narrowed to those matching what is typed, and the list is
/// marked incomplete so the client asks again as the user types: sending them all took most
/// of the request's time on a 10,000-line service.
pub const COMPLETION_LIMIT: usize = 200;

/// The completion items, and whether they are only the first [`COMPLETION_LIMIT`] matches.
pub fn completion(
    point: &QueryPoint,
    encoding: PositionEncoding,
) -> (Vec<lsp::CompletionItem>, bool) {
    let Some(analysis) = &point.analysis.result else {
        return (Vec::new(), false);
    };
    let document = &point.analysis.document;
    let mut items = ide::completion(analysis, point.offset);
    let incomplete = items.len() > COMPLETION_LIMIT;
    if incomplete {
        let text = &analysis.text;
        items = items
            .into_iter()
            .filter(|item| {
                // What the client filters with: the replaced text up to the cursor.
                let typed = text
                    .get(usize::from(item.range.start())..usize::from(point.offset))
                    .unwrap_or_default();
                fuzzy_match(typed, &item.label)
            })
            .take(COMPLETION_LIMIT)
            .collect();
    }
    // The items of one completion nearly always replace the same range: convert it once. Each
    // conversion walks the rope several times, and on a 10,000-line file the 2,000 items of a
    // `!Ref ` completion spent half the request converting the same range again.
    let mut converted: Option<(TextRange, lsp::Range)> = None;
    let mut convert = |text_range: TextRange| match converted {
        Some((from, to)) if from == text_range => to,
        _ => {
            let to = range(document, text_range, encoding);
            converted = Some((text_range, to));
            to
        }
    };
    let items = items
        .into_iter()
        .enumerate()
        .map(|(i, item)| lsp::CompletionItem {
            label: item.label,
            kind: Some(completion_kind(item.kind)),
            detail: item.detail,
            documentation: item.documentation.map(|value| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value,
                })
            }),
            // The analysis' order (the framework's trigger order, the template's ID order).
            sort_text: Some(format!("{i:05}")),
            // Multi-line texts are already indented as the document is.
            insert_text_mode: Some(InsertTextMode::AS_IS),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range: convert(item.range),
                new_text: item.new_text,
            })),
            ..lsp::CompletionItem::default()
        })
        .collect();
    (items, incomplete)
}

/// Whether the characters of `typed` appear in `label` in order, ignoring case: the clients'
/// own filter is at least this lenient, so nothing they would show is left out.
fn fuzzy_match(typed: &str, label: &str) -> bool {
    let mut label = label.chars().flat_map(char::to_lowercase);
    typed
        .chars()
        .flat_map(char::to_lowercase)
        .all(|c| label.any(|l| l == c))
}

fn completion_kind(kind: CompletionKind) -> CompletionItemKind {
    match kind {
        CompletionKind::EnumMember => CompletionItemKind::ENUM_MEMBER,
        CompletionKind::Property => CompletionItemKind::PROPERTY,
        CompletionKind::Reference => CompletionItemKind::REFERENCE,
        CompletionKind::Variable => CompletionItemKind::VARIABLE,
        CompletionKind::Value => CompletionItemKind::VALUE,
    }
}

pub fn hover(point: &QueryPoint, encoding: PositionEncoding) -> Option<lsp::Hover> {
    let analysis = point.analysis.result.as_ref()?;
    let hover = ide::hover(analysis, point.offset)?;
    Some(lsp::Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: hover.markdown,
        }),
        range: Some(range(&point.analysis.document, hover.range, encoding)),
    })
}

pub fn definition(point: &QueryPoint, uri: &Uri, encoding: PositionEncoding) -> Vec<Location> {
    let Some(analysis) = &point.analysis.result else {
        return Vec::new();
    };
    ide::definition(analysis, point.offset)
        .into_iter()
        .map(|r| Location::new(uri.clone(), range(&point.analysis.document, r, encoding)))
        .collect()
}

pub fn inlay_hints(
    analysis: &super::documents::Analysis,
    encoding: PositionEncoding,
) -> Vec<lsp::InlayHint> {
    let Some(result) = &analysis.result else {
        return Vec::new();
    };
    ide::inlay_hints(result)
        .into_iter()
        .map(|hint| lsp::InlayHint {
            position: super::convert::position_to_lsp(
                analysis.document.offset_to_position(hint.offset, encoding),
            ),
            label: lsp::InlayHintLabel::String(hint.label),
            kind: Some(lsp::InlayHintKind::TYPE),
            text_edits: None,
            tooltip: Some(lsp::InlayHintTooltip::String(
                "the logical ID the compiler generates".to_owned(),
            )),
            padding_left: Some(true),
            padding_right: None,
            data: None,
        })
        .collect()
}

pub fn document_symbols(
    analysis: &super::documents::Analysis,
    encoding: PositionEncoding,
) -> Vec<lsp::DocumentSymbol> {
    let Some(root) = analysis.result.as_ref().and_then(|r| r.value.as_ref()) else {
        return Vec::new();
    };
    ide::symbols(root)
        .into_iter()
        .map(|s| symbol(s, &analysis.document, encoding))
        .collect()
}

#[expect(
    deprecated,
    reason = "`deprecated` is a required field of DocumentSymbol"
)]
fn symbol(s: ide::Symbol, document: &Document, encoding: PositionEncoding) -> lsp::DocumentSymbol {
    let children: Vec<_> = s
        .children
        .into_iter()
        .map(|c| symbol(c, document, encoding))
        .collect();
    lsp::DocumentSymbol {
        name: s.name,
        detail: s.detail,
        kind: match s.kind {
            ide::SymbolKind::Function => lsp::SymbolKind::FUNCTION,
            ide::SymbolKind::Event => lsp::SymbolKind::EVENT,
            ide::SymbolKind::Resource => lsp::SymbolKind::OBJECT,
            ide::SymbolKind::Output => lsp::SymbolKind::PROPERTY,
        },
        tags: None,
        deprecated: None,
        range: range(document, s.range, encoding),
        selection_range: range(document, s.selection, encoding),
        children: (!children.is_empty()).then_some(children),
    }
}

/// Quick fixes for `range`; each one lists the client's diagnostics (from `context`) it fixes.
pub fn code_actions(
    analysis: &super::documents::Analysis,
    uri: &Uri,
    range: lsp::Range,
    context: &[lsp::Diagnostic],
    encoding: PositionEncoding,
) -> Vec<lsp::CodeActionOrCommand> {
    let Some(result) = &analysis.result else {
        return Vec::new();
    };
    let document = &analysis.document;
    let range = document.range_to_text_range(super::convert::range_from_lsp(range), encoding);
    ide::code_actions(result, range)
        .into_iter()
        .map(|action| {
            let edits = action
                .edits
                .into_iter()
                .map(|(r, new_text)| TextEdit {
                    range: self::range(document, r, encoding),
                    new_text,
                })
                .collect();
            let fixed: Vec<_> = context
                .iter()
                .filter(|d| {
                    matches!(&d.code, Some(lsp::NumberOrString::String(c)) if c == action.fixes)
                })
                .cloned()
                .collect();
            lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: action.title,
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: (!fixed.is_empty()).then_some(fixed),
                edit: Some(lsp::WorkspaceEdit {
                    changes: Some([(uri.clone(), edits)].into_iter().collect()),
                    ..lsp::WorkspaceEdit::default()
                }),
                is_preferred: Some(action.preferred),
                ..lsp::CodeAction::default()
            })
        })
        .collect()
}

pub fn references(point: &QueryPoint, uri: &Uri, encoding: PositionEncoding) -> Vec<Location> {
    let Some(analysis) = &point.analysis.result else {
        return Vec::new();
    };
    ide::references(analysis, point.offset)
        .into_iter()
        .map(|r| Location::new(uri.clone(), range(&point.analysis.document, r, encoding)))
        .collect()
}

/// The pool name a rename would change, when the cursor is on one.
pub fn prepare_rename(point: &QueryPoint, encoding: PositionEncoding) -> Option<lsp::Range> {
    let analysis = point.analysis.result.as_ref()?;
    let (_, at) = ide::pool_at(analysis, point.offset)?;
    Some(range(&point.analysis.document, at, encoding))
}

pub fn rename(
    point: &QueryPoint,
    uri: &Uri,
    new_name: &str,
    encoding: PositionEncoding,
) -> Option<lsp::WorkspaceEdit> {
    let analysis = point.analysis.result.as_ref()?;
    let edits = ide::rename_pool(analysis, point.offset, new_name)?
        .into_iter()
        .map(|(r, new_text)| TextEdit {
            range: range(&point.analysis.document, r, encoding),
            new_text,
        })
        .collect();
    Some(lsp::WorkspaceEdit {
        changes: Some([(uri.clone(), edits)].into_iter().collect()),
        ..lsp::WorkspaceEdit::default()
    })
}
