//! Event settings the compiler reads past without a word: `forceDeploy` without `existing`
//! (only the existing-pool custom resource has `ForceDeploy`), and `kmsKeyId` on a trigger
//! that is not a custom sender (only `CustomSMSSender`/`CustomEmailSender` use it, case 38).

use super::pool_events::PoolEvents;
use crate::{AnalysisCode, Diagnostic};

pub(super) fn check(events: &PoolEvents<'_>, out: &mut Vec<Diagnostic>) {
    for event in &events.all {
        if !event.existing
            && let Some(entry) = event.force_deploy
            && entry.value.is_truthy()
        {
            out.push(Diagnostic::of(
                AnalysisCode::ForceDeployIgnored,
                entry.key_range,
                "forceDeploy only applies to an existing pool (existing: true): ignored here",
            ));
        }
        if let Some(trigger) = event.trigger
            && !event.is_custom_sender()
            && let Some(entry) = event.kms_key_id
            && !entry.value.is_null()
        {
            out.push(Diagnostic::of(
                AnalysisCode::KmsKeyIgnored,
                entry.key_range,
                format!(
                    "kmsKeyId is only used by the CustomSMSSender and CustomEmailSender triggers: ignored for {trigger}"
                ),
            ));
        }
    }
}
