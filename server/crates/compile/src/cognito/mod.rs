//! The `cognitoUserPool` event compiler. PLACEHOLDER: the cognito engineer replaces this
//! module (branch `cognito`); until then it compiles nothing.

use crate::context::Ctx;
use crate::error::CompileError;

/// Adds what the framework's `cognitoUserPool` plugin generates (new pools, permissions, the
/// existing-pool custom resource) to `ctx.template`.
pub fn compile_cognito_events(ctx: &mut Ctx) -> Result<(), CompileError> {
    let _ = ctx;
    Ok(())
}
