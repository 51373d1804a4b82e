//! The logical ID table later features ask (completion, hover, go to definition): which IDs the
//! compiler generated and from which config, which the user wrote, which are both.

use std::collections::BTreeMap;
use std::fmt::Write;

use sls_analysis::{AnalysisInput, Section, Settings, analyze};

const SERVICE: &str = r#"service: ids
provider:
  name: aws
  runtime: nodejs18.x
functions:
  preSignUp:
    handler: pre.handler
    events:
      - cognitoUserPool:
          pool: Users
          trigger: PreSignUp
resources:
  Parameters:
    Stage:
      Type: String
  Resources:
    Topic:
      Type: AWS::SNS::Topic
    CognitoUserPoolUsers:
      Properties:
        MfaConfiguration: "OFF"
  Outputs:
    TopicArn:
      Value: !Ref Topic
"#;

fn line_of(text: &str, offset: u32) -> usize {
    text[..offset as usize].matches('\n').count() + 1
}

#[test]
fn generated_and_user_ids_with_their_origins() {
    let settings = Settings::default();
    let env = BTreeMap::new();
    let analysis = analyze(&AnalysisInput::new(SERVICE, &settings, &env));
    assert!(analysis.ids.complete);
    let mut table = String::new();
    for id in analysis.ids.iter() {
        let origins: Vec<String> = id
            .origins
            .iter()
            .map(|o| format!("{:?}@{}", o.kind, line_of(SERVICE, o.range.start().into())))
            .collect();
        let _ = writeln!(
            table,
            "{:10} {:45} generated={:5} type={:28} user_key={:8} origins=[{}]",
            id.section.as_str(),
            id.name,
            id.generated,
            id.resource_type.unwrap_or("-"),
            id.user_key.map_or("-".to_owned(), |r| format!(
                "line {}",
                line_of(SERVICE, r.start().into())
            )),
            origins.join(", ")
        );
    }
    insta::assert_snapshot!(table);
    assert!(analysis.ids.is_ref_target("Stage"));
    assert!(analysis.ids.get(Section::Parameters, "Topic").is_none());
}

#[test]
fn a_failed_compilation_leaves_only_the_users_ids() {
    let broken = SERVICE.replace("trigger: PreSignUp", "trigger: CustomSMSSender");
    let settings = Settings::default();
    let env = BTreeMap::new();
    let analysis = analyze(&AnalysisInput::new(&broken, &settings, &env));
    assert!(analysis.compile_error().is_some());
    assert!(!analysis.ids.complete);
    let names: Vec<&str> = analysis.ids.iter().map(|id| id.name).collect();
    assert_eq!(
        names,
        ["Topic", "CognitoUserPoolUsers", "TopicArn", "Stage"]
    );
    assert!(analysis.ids.iter().all(|id| !id.generated));
}

/// The table, as its index answers, against the compilation and the config read directly,
/// on every recorded service: each ID is found under its section and name (and nowhere
/// else), generated IDs in template order with the template's `Type` and the provenance's
/// origins, the user's keys marked.
#[test]
fn every_recorded_service_has_the_table_of_its_template_and_resources() {
    let cases =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/oracle/cases");
    let mut files: Vec<_> = std::fs::read_dir(&cases)
        .expect("the recorded cases")
        .filter_map(|entry| Some(entry.ok()?.path().join("serverless.yml")))
        .filter(|path| path.exists())
        .collect();
    files.sort();
    assert!(files.len() > 50, "the recorded cases are there");
    let settings = Settings::default();
    let env = BTreeMap::new();
    let mut checked = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        let analysis = analyze(&AnalysisInput {
            path: Some(&file),
            ..AnalysisInput::new(&text, &settings, &env)
        });
        let what = file.display();
        let ids = &analysis.ids;
        for id in ids.iter() {
            let found = ids.get(id.section, id.name);
            assert!(
                // The same entry: its name is the same slice of the table.
                found.is_some_and(|f| std::ptr::eq(f.name, id.name)),
                "{what}: {}",
                id.name
            );
            for other in Section::ALL.into_iter().filter(|s| *s != id.section) {
                let listed = ids.iter().any(|i| i.section == other && i.name == id.name);
                assert_eq!(
                    ids.get(other, id.name).is_some(),
                    listed,
                    "{what}: {}",
                    id.name
                );
            }
            let ref_target = ids
                .iter()
                .any(|i| i.name == id.name && i.section != Section::Outputs);
            assert_eq!(
                ids.is_ref_target(id.name),
                ref_target,
                "{what}: {}",
                id.name
            );
        }
        assert!(ids.resource("NoSuchLogicalId").is_none());
        let Some(Ok(compiled)) = &analysis.compiled else {
            continue;
        };
        let mut listed = ids.iter();
        for section in Section::ALL {
            let entries = compiled
                .template
                .get(section.as_str())
                .and_then(|s| s.as_object());
            for (name, body) in entries.into_iter().flatten() {
                let id = listed.next().expect("every template entry listed");
                assert_eq!(
                    (id.section, id.name),
                    (section, name.as_str()),
                    "{what}: template order"
                );
                assert_eq!(
                    id.resource_type,
                    body.get("Type").and_then(|t| t.as_str()),
                    "{what}: {name}"
                );
                let origins = compiled.provenance.get(name).cloned().unwrap_or_default();
                let by_user = |o: &sls_compile::Origin| {
                    matches!(
                        o.kind,
                        sls_compile::OriginKind::Override | sls_compile::OriginKind::Extension
                    )
                };
                let is_generated = section != Section::Parameters
                    && (origins.is_empty() || origins.iter().any(|o| !by_user(o)));
                assert_eq!(id.generated, is_generated, "{what}: {name}");
                assert_eq!(id.origins, origins, "{what}: {name}");
            }
        }
        // Then the user's own IDs, and every user key marked.
        assert!(
            listed.all(|id| !id.generated && id.user_key.is_some()),
            "{what}"
        );
        let resources = analysis.config.as_ref().and_then(|c| c.get("resources"));
        for section in Section::ALL {
            let entries = resources
                .and_then(|r| r.get(section.as_str()))
                .and_then(|s| s.as_mapping());
            for (name, entry) in entries.into_iter().flat_map(|m| m.iter()) {
                let id = ids.get(section, name).expect("a user key is listed");
                assert_eq!(id.user_key, Some(entry.key_range), "{what}: {name}");
            }
        }
        checked += 1;
    }
    assert!(checked > 50, "most recorded services compile ({checked})");
}
