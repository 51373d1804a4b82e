//! The tags the framework's YAML schema knows: the CloudFormation short forms it adds
//! (`@serverless/utils/cloudformation-schema`: 17 functions, each on scalars, sequences and
//! mappings alike) and js-yaml's own `!!` tags. Anything else makes js-yaml refuse the file.

/// The 17 short forms, as `!Name`. `Fn::Transform`, `Fn::ToJsonString`, `Fn::Length`... have none.
const CLOUDFORMATION_FUNCTIONS: [&str; 17] = [
    "And",
    "Base64",
    "Cidr",
    "Condition",
    "Equals",
    "FindInMap",
    "GetAtt",
    "GetAZs",
    "If",
    "ImportValue",
    "Join",
    "Not",
    "Or",
    "Ref",
    "Select",
    "Split",
    "Sub",
];

const YAML_ORG: &str = "tag:yaml.org,2002:";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagKind {
    /// `!` alone: the node is not typed (a plain scalar stays a string).
    NonSpecific,
    /// `!Ref` and the like: the key of the object it builds (`Ref`, `Fn::GetAtt`, `Condition`).
    CloudFormation(String),
    Standard(StandardTag),
    /// The tag as js-yaml spells it in its error (`!Foo`, `tag:yaml.org,2002:foo`).
    Unknown(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandardTag {
    Str,
    Null,
    Bool,
    Int,
    Float,
    Timestamp,
    Merge,
    Binary,
    Seq,
    Map,
    Set,
    Omap,
    Pairs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeShape {
    Scalar,
    Sequence,
    Mapping,
}

impl StandardTag {
    fn from_suffix(suffix: &str) -> Option<StandardTag> {
        use StandardTag::*;
        Some(match suffix {
            "str" => Str,
            "null" => Null,
            "bool" => Bool,
            "int" => Int,
            "float" => Float,
            "timestamp" => Timestamp,
            "merge" => Merge,
            "binary" => Binary,
            "seq" => Seq,
            "map" => Map,
            "set" => Set,
            "omap" => Omap,
            "pairs" => Pairs,
            _ => return None,
        })
    }

    pub fn suffix(self) -> &'static str {
        use StandardTag::*;
        match self {
            Str => "str",
            Null => "null",
            Bool => "bool",
            Int => "int",
            Float => "float",
            Timestamp => "timestamp",
            Merge => "merge",
            Binary => "binary",
            Seq => "seq",
            Map => "map",
            Set => "set",
            Omap => "omap",
            Pairs => "pairs",
        }
    }

    /// js-yaml's full name, as its messages show it.
    pub fn full_name(self) -> String {
        format!("{YAML_ORG}{}", self.suffix())
    }

    /// The node kind the tag is registered for; on another kind js-yaml does not find it.
    pub fn shape(self) -> NodeShape {
        use StandardTag::*;
        match self {
            Seq | Omap | Pairs => NodeShape::Sequence,
            Map | Set => NodeShape::Mapping,
            _ => NodeShape::Scalar,
        }
    }
}

/// Classifies a tag from its name as the syntax layer gives it (without the first `!`):
/// `Ref` for `!Ref`, `!str` (or `tag:yaml.org,2002:str`) for `!!str`, `<...>` for a verbatim tag.
pub fn classify(name: &str) -> TagKind {
    let name = name
        .strip_prefix('<')
        .and_then(|n| n.strip_suffix('>'))
        .map_or(name, |verbatim| {
            // `!<!Ref>` is the local tag `!Ref`; `!<tag:...>` a global one.
            verbatim.strip_prefix('!').unwrap_or(verbatim)
        });
    if name.is_empty() {
        return TagKind::NonSpecific;
    }
    let standard_suffix = name
        .strip_prefix('!')
        .or_else(|| name.strip_prefix(YAML_ORG));
    if let Some(suffix) = standard_suffix {
        return match StandardTag::from_suffix(suffix) {
            Some(tag) => TagKind::Standard(tag),
            None => TagKind::Unknown(format!("{YAML_ORG}{suffix}")),
        };
    }
    if CLOUDFORMATION_FUNCTIONS.contains(&name) {
        let key = if matches!(name, "Ref" | "Condition") {
            name.to_owned()
        } else {
            format!("Fn::{name}")
        };
        return TagKind::CloudFormation(key);
    }
    if name.contains(':') {
        // A global tag (`!<tag:example.com:x>`), spelled in full.
        return TagKind::Unknown(name.to_owned());
    }
    TagKind::Unknown(format!("!{name}"))
}

/// `!!binary`: js-yaml's base64 decoder (line breaks skipped, `=` padding, nothing else).
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bit_len = 0usize;
    for c in text.bytes() {
        match c {
            b'\n' | b'\r' => {}
            b'=' => bit_len += 6,
            c if ALPHABET.contains(&c) => bit_len += 6,
            _ => return None,
        }
    }
    if bit_len % 8 != 0 {
        return None;
    }
    let sextets: Vec<u32> = text
        .bytes()
        .filter_map(|c| ALPHABET.iter().position(|a| *a == c))
        .map(|p| p as u32)
        .collect();
    let mut out = Vec::with_capacity(sextets.len() * 3 / 4);
    for chunk in sextets.chunks(4) {
        let bits = chunk.iter().fold(0u32, |acc, s| (acc << 6) | s);
        match chunk.len() {
            4 => out.extend_from_slice(&[(bits >> 16) as u8, (bits >> 8) as u8, bits as u8]),
            3 => out.extend_from_slice(&[(bits >> 10) as u8, (bits >> 2) as u8]),
            2 => out.push((bits >> 4) as u8),
            _ => {}
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_forms_become_their_function_keys() {
        assert_eq!(classify("Ref"), TagKind::CloudFormation("Ref".into()));
        assert_eq!(
            classify("Condition"),
            TagKind::CloudFormation("Condition".into())
        );
        assert_eq!(
            classify("GetAtt"),
            TagKind::CloudFormation("Fn::GetAtt".into())
        );
        assert_eq!(
            classify("<!Sub>"),
            TagKind::CloudFormation("Fn::Sub".into())
        );
        for name in CLOUDFORMATION_FUNCTIONS {
            assert!(
                matches!(classify(name), TagKind::CloudFormation(_)),
                "{name}"
            );
        }
    }

    #[test]
    fn tags_without_a_short_form_are_unknown() {
        assert_eq!(classify("Transform"), TagKind::Unknown("!Transform".into()));
        assert_eq!(
            classify("ToJsonString"),
            TagKind::Unknown("!ToJsonString".into())
        );
        assert_eq!(classify("ref"), TagKind::Unknown("!ref".into()));
        assert_eq!(
            classify("!foo"),
            TagKind::Unknown("tag:yaml.org,2002:foo".into())
        );
    }

    #[test]
    fn standard_tags_in_every_spelling() {
        for name in ["!str", "tag:yaml.org,2002:str", "<tag:yaml.org,2002:str>"] {
            assert_eq!(
                classify(name),
                TagKind::Standard(StandardTag::Str),
                "{name}"
            );
        }
        assert_eq!(classify(""), TagKind::NonSpecific);
    }

    #[test]
    fn base64_as_js_yaml_decodes_it() {
        assert_eq!(decode_base64("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(decode_base64("aGVs\nbG8=").unwrap(), b"hello");
        assert_eq!(decode_base64("aGk=").unwrap(), b"hi");
        assert_eq!(decode_base64("aGVsbA==").unwrap(), b"hell");
        assert!(
            decode_base64("aGVsbG8").is_none(),
            "42 bits is not whole bytes"
        );
        assert!(decode_base64("aGVs bG8=").is_none(), "spaces are illegal");
    }
}
