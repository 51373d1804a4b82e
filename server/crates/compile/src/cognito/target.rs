//! `resolveLambdaTarget`: what a new pool's trigger points at. A function with an alias
//! (`provisionedConcurrency` / `snapStart`) is invoked through it, so the pool and the permission
//! depend on the alias instead of the function.

use serde_json::{Value as Json, json};
use sls_config::Function;

use crate::{Ctx, naming};

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
    match ctx.function_alias(function) {
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
