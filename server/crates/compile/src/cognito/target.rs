//! `resolveLambdaTarget`: what a new pool's trigger points at. A function with an alias
//! (`provisionedConcurrency` / `snapStart`) is invoked through it, so the pool and the permission
//! depend on the alias instead of the function.

use serde_json::{Value as Json, json};
use sls_config::Function;

use crate::{Ctx, FunctionAlias, naming};

pub(super) struct LambdaTarget {
    /// The ARN: `Fn::GetAtt` of the function, or its `Fn::Join` with the alias name.
    pub arn: Json,
    /// The pool's `DependsOn` entry: the alias when there is one, else the function.
    pub depends_on: String,
    /// The permission's `DependsOn` (a string), only with an alias.
    pub alias: Option<String>,
}

pub(super) fn lambda_target(ctx: &Ctx<'_>, function: &Function<'_>) -> LambdaTarget {
    let lambda = naming::lambda_function(function.key);
    let get_att = json!({ "Fn::GetAtt": [lambda, "Arn"] });
    match function_alias(ctx, function) {
        Some(alias) => LambdaTarget {
            arn: json!({ "Fn::Join": [":", [get_att, alias.name]] }),
            depends_on: alias.logical_id.clone(),
            alias: Some(alias.logical_id),
        },
        None => LambdaTarget {
            arn: get_att,
            depends_on: lambda,
            alias: None,
        },
    }
}

/// The function's `targetAlias` as `compileFunctions` sets it. Stand-in until the pipeline's
/// `Ctx::function_alias` lands.
fn function_alias(_ctx: &Ctx<'_>, function: &Function<'_>) -> Option<FunctionAlias> {
    let enabled = |key: &str| function.get(key).is_some_and(|v| v.is_truthy());
    if enabled("snapStart") {
        Some(FunctionAlias {
            logical_id: naming::snap_start_alias(function.key),
            name: "snapstart",
        })
    } else if enabled("provisionedConcurrency") {
        Some(FunctionAlias {
            logical_id: naming::provisioned_concurrency_alias(function.key),
            name: "provisioned",
        })
    } else {
        None
    }
}
