//! Which events each generated resource is noted as coming from.

use serde_json::json;

use super::{function, service};
use crate::cognito::test_support::Fixture;
use crate::{Origin, OriginKind};

fn events(fixture: &Fixture, paths: &[&str]) -> Vec<Origin> {
    paths
        .iter()
        .map(|p| Origin {
            kind: OriginKind::Event,
            range: fixture.range(p),
        })
        .collect()
}

#[test]
fn a_pool_comes_from_every_event_on_it() {
    let fixture = Fixture::new(service(json!({
        "a": function("a", &[json!({"pool": "P", "trigger": "PreSignUp"}), json!({"pool": "Q", "trigger": "PreSignUp"})]),
        "b": function("b", &[json!({"pool": "P", "trigger": "CustomMessage"})]),
    })));
    let ctx = fixture.compile().unwrap();
    assert_eq!(
        ctx.provenance["CognitoUserPoolP"],
        events(&fixture, &["functions/a/events/0", "functions/b/events/0"])
    );
    assert_eq!(
        ctx.provenance["BLambdaPermissionCognitoUserPoolPTriggerSourceCustomMessage"],
        events(&fixture, &["functions/b/events/0"])
    );
}

#[test]
fn the_custom_resource_machinery_comes_from_every_existing_event() {
    let existing = |trigger| json!({"pool": "legacy", "trigger": trigger, "existing": true});
    let fixture = Fixture::new(json!({
        "service": "cup-test",
        "provider": {"name": "aws", "logs": {"frameworkLambda": true}},
        "functions": {
            "a": function("a", &[existing("PreSignUp"), json!({"pool": "New", "trigger": "PreSignUp"})]),
            "b": function("b", &[existing("CustomMessage")]),
        },
    }));
    let ctx = fixture.compile().unwrap();
    let all = events(&fixture, &["functions/a/events/0", "functions/b/events/0"]);
    for id in [
        "IamRoleCustomResourcesLambdaExecution",
        "CustomDashresourceDashexistingDashcupLambdaFunction",
        "CustomDashresourceDashexistingDashcupLogGroup",
    ] {
        assert_eq!(ctx.provenance[id], all, "{id}");
    }
    assert_eq!(
        ctx.provenance["BCustomCognitoUserPool1"],
        events(&fixture, &["functions/b/events/0"])
    );
    assert_eq!(
        ctx.provenance["CognitoUserPoolNew"],
        events(&fixture, &["functions/a/events/1"])
    );
}
