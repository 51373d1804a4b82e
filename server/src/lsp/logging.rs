//! Logging to stderr only (stdout carries the protocol), at the level `SERVERLESS_LSP_LOG`
//! asks for (`tracing` filter syntax: `debug`, `serverless_lsp=trace,warn`, ...), `warn` by
//! default.

use tracing_subscriber::EnvFilter;

pub const LOG_ENV: &str = "SERVERLESS_LSP_LOG";

pub fn init() {
    let (filter, invalid) = match std::env::var(LOG_ENV) {
        Ok(spec) => match EnvFilter::try_new(&spec) {
            Ok(filter) => (filter, None),
            Err(err) => (EnvFilter::new("warn"), Some(format!("{spec:?}: {err}"))),
        },
        Err(_) => (EnvFilter::new("warn"), None),
    };
    let installed = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
    if installed.is_ok()
        && let Some(invalid) = invalid
    {
        tracing::warn!("ignoring {LOG_ENV}={invalid}");
    }
}
