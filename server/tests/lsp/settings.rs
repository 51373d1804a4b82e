//! Settings (`stage`, `region`, `params`) from `initializationOptions` and
//! `workspace/configuration`; a configuration change re-analyses every open document.

use serde_json::json;
use tower_lsp_server::ls_types::PublishDiagnosticsParams;

use crate::client::{ClientOptions, TestClient, uri};
use crate::markers::MarkerAnalyzer;

/// The message of the `test-settings` hint, or `None` without settings.
fn settings_seen(published: &PublishDiagnosticsParams) -> Option<String> {
    published
        .diagnostics
        .iter()
        .find(|d| {
            d.code
                == Some(tower_lsp_server::ls_types::NumberOrString::String(
                    "test-settings".into(),
                ))
        })
        .map(|d| d.message.clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn initialization_options_reach_the_analysis() {
    let options = ClientOptions {
        initialization_options: Some(json!({
            "serverless": {"stage": "dev", "region": "eu-west-1", "params": {"domain": "a.example", "n": 3}}
        })),
        ..ClientOptions::default()
    };
    let mut client = TestClient::start(MarkerAnalyzer::new(), options).await;
    let file = uri("serverless.yml");
    let v = client.open(&file, "service: api\n");
    let published = client.diagnostics(&file, v).await;
    insta::assert_snapshot!(settings_seen(&published).unwrap(), @r#"stage=Some("dev") region=Some("eu-west-1") params=[domain=a.example, n=3]"#);
}

/// A client without `workspace/configuration` pushes its settings with the change.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pushed_settings_change_re_publishes_every_open_document() {
    let mut client = TestClient::start(MarkerAnalyzer::new(), ClientOptions::default()).await;
    let first = uri("a/serverless.yml");
    let second = uri("b/serverless.prod.yml");
    let v1 = client.open(&first, "BAD\n");
    let v2 = client.open(&second, "ok\n");
    assert_eq!(settings_seen(&client.diagnostics(&first, v1).await), None);
    assert_eq!(settings_seen(&client.diagnostics(&second, v2).await), None);

    client.change_configuration(json!({"stage": "prod"}));
    for (file, version) in [(&first, v1), (&second, v2)] {
        let again = client.next_publish(file).await;
        assert_eq!(again.version, Some(version), "same version, new settings");
        assert_eq!(
            settings_seen(&again).as_deref(),
            Some("stage=Some(\"prod\") region=None params=[]")
        );
    }
    assert!(
        !client
            .server_requests()
            .iter()
            .any(|m| m == "workspace/configuration")
    );

    // Back to no settings: re-published again, without the hint.
    client.change_configuration(json!({}));
    assert_eq!(settings_seen(&client.next_publish(&first).await), None);
}

/// A client with `workspace/configuration` is asked after `initialized` and on every change.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pulled_settings_win_over_initialization_options() {
    let options = ClientOptions {
        initialization_options: Some(json!({"stage": "from-init"})),
        configuration: Some(json!({"stage": "pulled"})),
        ..ClientOptions::default()
    };
    let mut client = TestClient::start(MarkerAnalyzer::new(), options).await;
    let file = uri("serverless.yml");
    let v = client.open(&file, "service: api\n");
    // The pull may finish before or after the first analysis; either way "pulled" wins.
    let mut seen = settings_seen(&client.diagnostics(&file, v).await);
    if seen.as_deref() != Some("stage=Some(\"pulled\") region=None params=[]") {
        seen = settings_seen(&client.next_publish(&file).await);
    }
    assert_eq!(
        seen.as_deref(),
        Some("stage=Some(\"pulled\") region=None params=[]")
    );

    client.change_configuration(json!({"region": "ap-south-1", "params": {"k": "v"}}));
    let again = client.next_publish(&file).await;
    assert_eq!(again.version, Some(v));
    assert_eq!(
        settings_seen(&again).as_deref(),
        Some("stage=None region=Some(\"ap-south-1\") params=[k=v]")
    );
    let asked = client.server_requests();
    assert!(
        asked.contains(&"client/registerCapability".to_owned()),
        "{asked:?}"
    );
    assert_eq!(
        asked
            .iter()
            .filter(|m| *m == "workspace/configuration")
            .count(),
        2,
        "{asked:?}"
    );
}
