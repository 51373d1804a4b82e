//! Memory stays bounded: opening, analysing and closing 1,000 documents, again and again,
//! leaves the process no bigger than after the first round. Its own test binary, so no other
//! test shares the process whose resident size is measured.
//!
//! glibc gives each new thread that allocates its own arena, and the analyses run on a pool of
//! blocking threads that come and go: the resident size then creeps up by megabytes with no
//! leak at all. The test reruns itself with `MALLOC_ARENA_MAX=1` so that what it measures is
//! the server's memory, not the allocator's arenas.

#[path = "lsp/client.rs"]
#[allow(dead_code)]
mod client;

use std::sync::Arc;

use serverless_lsp::lsp::CompilerAnalyzer;

use client::{ClientOptions, TestClient, uri};

const DOCUMENTS: usize = 1_000;
/// Growth allowed after the warm-up round: allocator noise, the test client's own logs
/// (measured: well under 1 MiB over 2 rounds).
const SLACK_KIB: u64 = 4 * 1024;
const ROUNDS: usize = 2;

/// This process's resident set size, in KiB (`VmRSS` in /proc/self/status).
fn resident_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmRSS line")
}

fn service_text() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/oracle/cases/01-seed-single-pool-two-triggers/serverless.yml");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Opens `DOCUMENTS` services never seen before, waits for each one's diagnostics, closes
/// them all.
async fn round(client: &mut TestClient, text: &str, number: usize) {
    let files: Vec<_> = (0..DOCUMENTS)
        .map(|i| uri(&format!("r{number}/s{i}/serverless.yml")))
        .collect();
    for file in &files {
        let v = client.open(file, text);
        client.diagnostics(file, v).await;
    }
    for file in &files {
        client.close(file);
    }
    // Take in the clearing publishes, or the test client's queue would grow instead.
    for file in &files {
        let cleared = client.next_publish(file).await;
        assert!(cleared.diagnostics.is_empty());
    }
}

#[test]
fn opening_and_closing_a_thousand_documents_leaves_no_growth() {
    const NAME: &str = "opening_and_closing_a_thousand_documents_leaves_no_growth";
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        let exe = std::env::current_exe().expect("this test binary");
        let status = std::process::Command::new(exe)
            .args(["--exact", NAME, "--nocapture"])
            .env("MALLOC_ARENA_MAX", "1")
            .status()
            .expect("the test reruns itself");
        assert!(status.success(), "{NAME} with MALLOC_ARENA_MAX=1: {status}");
        return;
    }
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(measure());
}

async fn measure() {
    let mut client = TestClient::start(Arc::new(CompilerAnalyzer), ClientOptions::default()).await;
    let text = service_text();
    round(&mut client, &text, 0).await;
    let warmed = resident_kib();
    for number in 1..=ROUNDS {
        round(&mut client, &text, number).await;
    }
    let after = resident_kib();
    eprintln!("resident: {warmed} KiB after the warm-up, {after} KiB after {ROUNDS} more rounds");
    assert!(
        after <= warmed + SLACK_KIB,
        "grew by {} KiB over {ROUNDS} rounds of {DOCUMENTS} documents",
        after.saturating_sub(warmed)
    );
    assert_eq!(client.shutdown_and_exit().await, 0);
}
