//! `package:compileEvents`: the event plugins, in the framework's order. Only
//! `cognitoUserPool` is compiled; every other kind gets one warning saying it is left out.

use std::collections::BTreeMap;

use sls_text::TextRange;

use crate::cognito;
use crate::context::Ctx;
use crate::error::CompileError;
use crate::package::active_functions;
use crate::warning::{CompileWarning, WarningKind};

const COMPILED_KINDS: [&str; 1] = ["cognitoUserPool"];

pub fn compile_events(ctx: &mut Ctx<'_>) -> Result<(), CompileError> {
    warn_uncompiled_events(ctx);
    cognito::compile_cognito_events(ctx)
}

/// One warning per event kind this compiler leaves out, in order of first appearance.
fn warn_uncompiled_events(ctx: &mut Ctx<'_>) {
    let mut order: Vec<String> = Vec::new();
    let mut ranges: BTreeMap<String, Vec<TextRange>> = BTreeMap::new();
    for function in active_functions(&ctx.service) {
        for event in function.events() {
            let Some((kind, range)) = event.kind else {
                continue;
            };
            if COMPILED_KINDS.contains(&kind) {
                continue;
            }
            if !ranges.contains_key(kind) {
                order.push(kind.to_owned());
            }
            ranges.entry(kind.to_owned()).or_default().push(range);
        }
    }
    for kind in order {
        let ranges = ranges.remove(&kind).unwrap_or_default();
        let message = format!(
            "'{kind}' events are not compiled ({} in this service): the template leaves out the resources the framework generates for them",
            ranges.len()
        );
        ctx.warnings.push(CompileWarning {
            kind: WarningKind::UnsupportedEvents { kind },
            message,
            ranges,
        });
    }
}
