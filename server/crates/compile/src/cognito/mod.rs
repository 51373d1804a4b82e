//! `cognitoUserPool` events, compiled as serverless@3.40.0's
//! `package/compile/events/cognito-user-pool.js` does: new pools first (every pool, then every
//! permission), then existing pools (a custom resource per function and the Lambda behind it).
//! The first error in the framework's order stops the compilation, as the framework's throw does.

mod coerce;
mod custom_resource;
mod events;
mod existing_pools;
mod kms;
mod new_pools;
mod target;

#[cfg(test)]
mod test_support;
#[cfg(test)]
mod tests;

use crate::{CompileError, Ctx};

/// Adds what the service's `cognitoUserPool` events generate to `ctx`'s Resources, noting for
/// every resource created or changed the events that did it.
pub fn compile_cognito_events(ctx: &mut Ctx<'_>) -> Result<(), CompileError> {
    let events = events::collect(&ctx.service);
    new_pools::compile(ctx, &events)?;
    existing_pools::compile(ctx, &events)
}
