//! 128-bit fingerprints of parts of a config, to tell whether a part is unchanged since an
//! earlier compilation without keeping a copy of it (`package::function_parts`, `patch`).

use std::hash::{BuildHasher, Hash, Hasher};

use foldhash::fast::{FixedState, FoldHasher};
use sls_config::{Value, ValueKind};
use sls_text::TextRange;

/// Two independent 64-bit hashes of a config: two functions with different configs get the
/// same fingerprint with odds of about 2^-128. A range inside one of the `anchors` counts
/// relative to the first that holds it, as `Anchors::moved` moves it.
///
/// What is hashed is written out first and hashed in one go at the end: hashing many small
/// pieces one by one, twice, costs several times more.
pub(crate) struct Fingerprint<'a> {
    anchors: &'a [TextRange],
    bytes: Vec<u8>,
}

impl<'a> Fingerprint<'a> {
    pub(crate) fn new(anchors: &'a [TextRange]) -> Self {
        Fingerprint {
            anchors,
            bytes: Vec::with_capacity(1024),
        }
    }

    pub(crate) fn finish128(&self) -> u128 {
        static LOW: FixedState = FixedState::with_seed(0x5eed_0ff0_0d15);
        static HIGH: FixedState = FixedState::with_seed(0xdead_beef_cafe_f00d);
        let hash = |state: &FixedState| {
            let mut hasher: FoldHasher<'static> = state.build_hasher();
            hasher.write(&self.bytes);
            hasher.finish()
        };
        (u128::from(hash(&HIGH)) << 64) | u128::from(hash(&LOW))
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
        self.bytes.extend_from_slice(bytes);
    }

    fn finish(&self) -> u64 {
        // Only the 128 bits of `finish128` are used.
        self.finish128() as u64
    }
}
