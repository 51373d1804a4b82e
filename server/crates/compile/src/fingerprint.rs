//! 128-bit fingerprints of parts of a config, to tell whether a part is unchanged since an
//! earlier compilation without keeping a copy of it (`package::function_parts`, `patch`).

use std::hash::{BuildHasher, Hash, Hasher};

use foldhash::fast::{FixedState, FoldHasher};
use sls_config::{Value, ValueKind};
use sls_text::TextRange;

/// Two independent 64-bit hashes of a config: two functions with different configs get the
/// same fingerprint with odds of about 2^-128. A range inside one of the `anchors` counts
/// relative to the first that holds it, as [`Anchors::moved`] moves it.
pub(crate) struct Fingerprint<'a> {
    anchors: &'a [TextRange],
    low: FoldHasher<'static>,
    high: FoldHasher<'static>,
}

impl<'a> Fingerprint<'a> {
    pub(crate) fn new(anchors: &'a [TextRange]) -> Self {
        static LOW: FixedState = FixedState::with_seed(0x5eed_0ff0_0d15);
        static HIGH: FixedState = FixedState::with_seed(0xdead_beef_cafe_f00d);
        Fingerprint {
            anchors,
            low: LOW.build_hasher(),
            high: HIGH.build_hasher(),
        }
    }

    pub(crate) fn finish128(&self) -> u128 {
        (u128::from(self.high.finish()) << 64) | u128::from(self.low.finish())
    }

    pub(crate) fn range(&mut self, range: TextRange) {
        match self.anchors.iter().position(|a| a.contains_range(range)) {
            Some(i) => {
                self.write_usize(i);
                u32::from(range.start() - self.anchors[i].start()).hash(self);
            }
            None => {
                self.write_usize(usize::MAX);
                u32::from(range.start()).hash(self);
            }
        }
        u32::from(range.len()).hash(self);
    }

    pub(crate) fn value(&mut self, value: Option<&Value>) {
        let Some(value) = value else {
            self.write_u8(0xff);
            return;
        };
        self.range(value.range);
        match &value.kind {
            ValueKind::Null => self.write_u8(0),
            ValueKind::Bool(b) => {
                self.write_u8(1);
                b.hash(self);
            }
            ValueKind::Number(n) => {
                self.write_u8(2);
                n.to_bits().hash(self);
            }
            ValueKind::String(s) => {
                self.write_u8(3);
                s.hash(self);
            }
            ValueKind::Sequence(items) => {
                self.write_u8(4);
                items.len().hash(self);
                for item in items {
                    self.value(Some(item));
                }
            }
            ValueKind::Mapping(mapping) => {
                self.write_u8(5);
                mapping.len().hash(self);
                for (key, entry) in mapping.iter() {
                    key.hash(self);
                    self.range(entry.key_range);
                    self.value(Some(&entry.value));
                }
            }
        }
    }
}

impl Hasher for Fingerprint<'_> {
    fn write(&mut self, bytes: &[u8]) {
        self.low.write(bytes);
        self.high.write(bytes);
    }

    fn finish(&self) -> u64 {
        self.low.finish()
    }
}
