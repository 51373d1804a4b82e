//! A user `AWS::Cognito::UserPool` named like a pool a `cognitoUserPool` event creates, under
//! another key: the stack gets two pools with one name. The usual cause is a key written for
//! another stage or spelled differently (serverless#6772): the key, not the name, decides which
//! resource the user's definition changes.

use std::collections::{HashMap, HashSet};

use sls_compile::naming;
use sls_config::{TextRange, Value};

use super::pool_events::{PoolEvent, PoolEvents};
use super::{TrapContext, user_resources};
use crate::{AnalysisCode, Diagnostic};

/// Returns the keys reported, so the near-miss trap does not report them again.
pub(super) fn check<'a>(
    cx: &TrapContext<'a>,
    events: &PoolEvents<'_>,
    out: &mut Vec<Diagnostic>,
) -> HashSet<&'a str> {
    let mut reported = HashSet::new();
    // The user's named pools first: most services have none, and then the events' pools need
    // no table.
    let named: Vec<(&'a str, TextRange, &'a str)> = user_resources(cx.config)
        .filter(|(_, _, body)| {
            body.get("Type").and_then(Value::as_str) == Some("AWS::Cognito::UserPool")
        })
        .filter_map(|(key, key_range, body)| {
            let name = body
                .get_path(["Properties", "UserPoolName"])
                .and_then(Value::as_str)?;
            Some((key, key_range, name))
        })
        .collect();
    if named.is_empty() {
        return reported;
    }
    let mut by_name: HashMap<&str, &PoolEvent<'_>> = HashMap::new();
    for event in events.new_pools() {
        if let Some(pool) = event.pool {
            by_name.entry(pool).or_insert(event);
        }
    }
    for (key, key_range, name) in named {
        let Some(event) = by_name.get(name) else {
            continue;
        };
        let generated = naming::cognito_user_pool(name);
        if key == generated {
            continue;
        }
        reported.insert(key);
        out.push(
            Diagnostic::of(
                AnalysisCode::UserPoolSameName,
                key_range,
                format!(
                    "This pool is named '{name}', like the pool {generated} that function '{}' creates: the stack gets two pools with that name. To change the event's pool, write its key {generated}",
                    event.function
                ),
            )
            .with_related(event.pool_range, format!("the event's pool '{name}'")),
        );
    }
    reported
}
