//! Conversions between LSP types and the text/analysis layers: the negotiated position
//! encoding, positions and ranges, and diagnostics.

use sls_analysis::{Diagnostic, Severity};
use sls_text::{Document, PositionEncoding};
use tower_lsp_server::ls_types::{
    self as lsp, ClientCapabilities, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, PositionEncodingKind, Uri,
};

/// The `source` of every diagnostic the server publishes.
pub const DIAGNOSTIC_SOURCE: &str = "serverless-lsp";

/// utf-8 when the client offers it (no conversion cost, byte offsets map directly), otherwise
/// utf-16, which every client must support.
pub fn negotiate_encoding(capabilities: &ClientCapabilities) -> PositionEncoding {
    let offered = capabilities
        .general
        .as_ref()
        .and_then(|general| general.position_encodings.as_deref())
        .unwrap_or_default();
    if offered.contains(&PositionEncodingKind::UTF8) {
        PositionEncoding::Utf8
    } else {
        PositionEncoding::Utf16
    }
}

pub fn encoding_kind(encoding: PositionEncoding) -> PositionEncodingKind {
    match encoding {
        PositionEncoding::Utf8 => PositionEncodingKind::UTF8,
        PositionEncoding::Utf16 => PositionEncodingKind::UTF16,
        PositionEncoding::Utf32 => PositionEncodingKind::UTF32,
    }
}

pub fn position_from_lsp(position: lsp::Position) -> sls_text::Position {
    sls_text::Position::new(position.line, position.character)
}

pub fn position_to_lsp(position: sls_text::Position) -> lsp::Position {
    lsp::Position::new(position.line, position.character)
}

pub fn range_from_lsp(range: lsp::Range) -> sls_text::Range {
    sls_text::Range::new(position_from_lsp(range.start), position_from_lsp(range.end))
}

pub fn range_to_lsp(range: sls_text::Range) -> lsp::Range {
    lsp::Range::new(position_to_lsp(range.start), position_to_lsp(range.end))
}

/// `diagnostic` as the client sees it; `document` must be the text it was computed on.
pub fn diagnostic_to_lsp(
    diagnostic: &Diagnostic,
    document: &Document,
    uri: &Uri,
    encoding: PositionEncoding,
) -> lsp::Diagnostic {
    let range = |range| range_to_lsp(document.text_range_to_range(range, encoding));
    let related = diagnostic
        .related
        .iter()
        .map(|related| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range(related.range)),
            message: related.message.clone(),
        })
        .collect::<Vec<_>>();
    lsp::Diagnostic {
        range: range(diagnostic.range),
        severity: Some(severity_to_lsp(diagnostic.severity)),
        code: Some(NumberOrString::String(diagnostic.code.clone())),
        source: Some(DIAGNOSTIC_SOURCE.to_owned()),
        message: diagnostic.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        ..lsp::Diagnostic::default()
    }
}

fn severity_to_lsp(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sls_analysis::{RelatedInfo, TextRange};
    use tower_lsp_server::ls_types::GeneralClientCapabilities;

    fn offering(kinds: Option<Vec<PositionEncodingKind>>) -> ClientCapabilities {
        ClientCapabilities {
            general: Some(GeneralClientCapabilities {
                position_encodings: kinds,
                ..GeneralClientCapabilities::default()
            }),
            ..ClientCapabilities::default()
        }
    }

    #[test]
    fn utf8_is_chosen_only_when_offered() {
        use PositionEncodingKind as Kind;
        let cases = [
            (Some(vec![Kind::UTF16, Kind::UTF8]), PositionEncoding::Utf8),
            (
                Some(vec![Kind::UTF32, Kind::UTF16]),
                PositionEncoding::Utf16,
            ),
            (Some(vec![]), PositionEncoding::Utf16),
            (None, PositionEncoding::Utf16),
        ];
        for (offered, expected) in cases {
            assert_eq!(
                negotiate_encoding(&offering(offered.clone())),
                expected,
                "{offered:?}"
            );
        }
        assert_eq!(
            negotiate_encoding(&ClientCapabilities::default()),
            PositionEncoding::Utf16
        );
    }

    #[test]
    fn diagnostic_ranges_follow_the_encoding() {
        // "é😀" (6 bytes, 3 utf-16 units) precedes "bad" on line 1.
        let document = Document::new("a: 1\nb: é😀bad\n");
        let bad = TextRange::new(14.into(), 17.into());
        let diagnostic = Diagnostic {
            range: bad,
            severity: Severity::Warning,
            code: "test-code".into(),
            message: "bad".into(),
            related: vec![RelatedInfo {
                range: TextRange::new(0.into(), 1.into()),
                message: "first".into(),
            }],
        };
        let uri: Uri = "file:///s/serverless.yml".parse().unwrap();

        let utf16 = diagnostic_to_lsp(&diagnostic, &document, &uri, PositionEncoding::Utf16);
        assert_eq!(
            utf16.range,
            lsp::Range::new(lsp::Position::new(1, 6), lsp::Position::new(1, 9))
        );
        let utf8 = diagnostic_to_lsp(&diagnostic, &document, &uri, PositionEncoding::Utf8);
        assert_eq!(
            utf8.range,
            lsp::Range::new(lsp::Position::new(1, 9), lsp::Position::new(1, 12))
        );

        assert_eq!(utf8.severity, Some(DiagnosticSeverity::WARNING));
        assert_eq!(utf8.code, Some(NumberOrString::String("test-code".into())));
        assert_eq!(utf8.source.as_deref(), Some(DIAGNOSTIC_SOURCE));
        let related = utf8.related_information.expect("related information");
        assert_eq!(related[0].location.uri, uri);
        assert_eq!(related[0].location.range.end, lsp::Position::new(0, 1));
    }
}
