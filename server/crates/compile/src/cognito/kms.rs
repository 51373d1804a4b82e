//! `checkKmsArn`: a custom sender needs a `kmsKeyId`, and one pool has one key. New pools check
//! with a fresh map per pool; existing pools share one map across all functions (case 40).

use std::collections::HashMap;

use sls_config::TextRange;

use super::coerce::PoolKey;
use super::events::CognitoEventRef;
use crate::{CompileError, ErrorCode, messages};

/// The key seen first for each pool, and where it was written.
#[derive(Debug, Default)]
pub(super) struct KmsKeys {
    seen: HashMap<PoolKey, (String, TextRange)>,
}

impl KmsKeys {
    pub fn check(&mut self, event: &CognitoEventRef<'_>) -> Result<(), CompileError> {
        let kms = event.kms_key_id.filter(|v| v.is_truthy());
        let Some(kms) = kms else {
            let mut ranges = vec![event.trigger_range()];
            ranges.extend(event.pool_value.map(|v| v.range));
            return Err(CompileError::new(
                ErrorCode::CognitoKmsKeyNotSet,
                messages::kms_key_not_set(&event.pool.display()),
                ranges,
            ));
        };
        // `===` or equal `JSON.stringify`: the serialized form decides both.
        let serialized = kms.to_json().to_string();
        let key = event.pool.key();
        if let Some((previous, previous_range)) = self.seen.get(&key) {
            if *previous != serialized {
                return Err(CompileError::new(
                    ErrorCode::CognitoKmsKeyIdNotSameForSingleUserPool,
                    messages::kms_key_not_same(&event.pool.display()),
                    vec![kms.range, *previous_range],
                ));
            }
        }
        // The framework re-sets the entry each time; keeping the first range points the
        // related range at the key the later one disagrees with.
        self.seen.entry(key).or_insert((serialized, kms.range));
        Ok(())
    }
}
