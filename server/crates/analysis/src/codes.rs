//! The codes of what this layer reports itself: the traps the framework never reports, and the
//! compiler's own warnings. One table: code, severity, and what it means. (Syntax, config,
//! variable and compile-error codes come from their layers' tables, unchanged.)

use crate::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnalysisCode {
    /// Two pool names that give one logical ID (`my-pool`, `mypool`): merged into one pool.
    PoolIdCollision,
    /// The same trigger set twice on one pool by different functions: the earlier is lost.
    TriggerOverwritten,
    /// A `resources.Resources` key that is not a generated ID but close to one: it makes a
    /// second resource instead of changing the generated one (serverless#6772, #4476).
    ResourceNearGeneratedId,
    /// A user `AWS::Cognito::UserPool` with the name of a pool an event creates, under another
    /// key: two pools with one name.
    UserPoolSameName,
    /// An override's `DependsOn` merged by index over the generated one: entries are lost.
    DependsOnReplacesGenerated,
    /// `forceDeploy` on an event without `existing`: ignored.
    ForceDeployIgnored,
    /// `kmsKeyId` on a trigger that is not a custom sender: ignored.
    KmsKeyIgnored,
    /// A key directly under `resources` that is no template section (`resources.CognitoUserPoolX`):
    /// copied to the template root, never applied to the resource.
    ResourcesTopLevelKey,
    /// `Ref`, `Fn::GetAtt`, `DependsOn` or a `Fn::Sub` variable naming no logical ID.
    UnknownLogicalId,
    /// Events of a kind the compiler leaves out of the template (`http`, `sqs`, ...).
    EventsNotCompiled,
}

impl AnalysisCode {
    pub const ALL: [AnalysisCode; 10] = [
        AnalysisCode::PoolIdCollision,
        AnalysisCode::TriggerOverwritten,
        AnalysisCode::ResourceNearGeneratedId,
        AnalysisCode::UserPoolSameName,
        AnalysisCode::DependsOnReplacesGenerated,
        AnalysisCode::ForceDeployIgnored,
        AnalysisCode::KmsKeyIgnored,
        AnalysisCode::ResourcesTopLevelKey,
        AnalysisCode::UnknownLogicalId,
        AnalysisCode::EventsNotCompiled,
    ];

    /// The stable code users see.
    pub fn as_str(self) -> &'static str {
        match self {
            AnalysisCode::PoolIdCollision => "pool-id-collision",
            AnalysisCode::TriggerOverwritten => "trigger-overwritten",
            AnalysisCode::ResourceNearGeneratedId => "resource-near-generated-id",
            AnalysisCode::UserPoolSameName => "user-pool-same-name",
            AnalysisCode::DependsOnReplacesGenerated => "depends-on-replaces-generated",
            AnalysisCode::ForceDeployIgnored => "force-deploy-ignored",
            AnalysisCode::KmsKeyIgnored => "kms-key-ignored",
            AnalysisCode::ResourcesTopLevelKey => "resources-top-level-key",
            AnalysisCode::UnknownLogicalId => "unknown-logical-id",
            AnalysisCode::EventsNotCompiled => "events-not-compiled",
        }
    }

    /// The severity when nothing lowers it (an unknown ID in a service whose plugins or
    /// uncompiled events may define it is only a hint).
    pub fn severity(self) -> Severity {
        match self {
            AnalysisCode::EventsNotCompiled => Severity::Information,
            _ => Severity::Warning,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for code in AnalysisCode::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} twice");
            assert!(
                text.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{text}"
            );
        }
    }
}
