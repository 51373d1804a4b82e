//! Keystroke → `publishDiagnostics` latency through the real server, in process, over the
//! same JSON-RPC pipes the protocol tests use: `cargo bench -p serverless-lsp --bench keystroke`.
//!
//! For a generated 300-line and 10,000-line service, types characters one at a time into a
//! handler name in the middle of the file, waiting for each version's diagnostics before the
//! next keystroke, and prints the median, p95 and max latency: once with each key sent as soon
//! as the previous diagnostics arrive, once at a fast typist's pace (a key 50 ms after the
//! previous diagnostics; people type a key every 100-200 ms), which leaves the server the idle
//! time it uses to prepare the next keystroke; then types bursts of keys 10 ms apart and times
//! the last keystroke of each burst to its diagnostics. The analysis alone
//! (`sls_analysis::check` on the same text) is timed too, to separate it from the server's
//! overhead (edit, snapshot, thread hops, conversion, JSON).

#![allow(
    clippy::print_stdout,
    reason = "a benchmark reports its numbers on stdout"
)]

/// The allocator the `serverless-lsp` binary uses, so that the numbers are the product's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[allow(dead_code, reason = "the protocol tests use the rest of the client")]
#[path = "../tests/lsp/client.rs"]
mod client;

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};

use client::{ClientOptions, TestClient};
use serverless_lsp::lsp::CompilerAnalyzer;
use tower_lsp_server::ls_types::{Position, Range, Uri};

const KEYSTROKES: usize = 200;
/// The pause before each key of the paced series.
const TYPING_PAUSE: Duration = Duration::from_millis(50);
const BURSTS: usize = 10;
const BURST_KEYS: usize = 30;
const TRIGGERS: [&str; 6] = [
    "PreSignUp",
    "PostConfirmation",
    "PreAuthentication",
    "PostAuthentication",
    "CustomMessage",
    "DefineAuthChallenge",
];

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    // `cargo bench --bench keystroke -- 300` measures only the sizes given.
    let mut sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|arg| arg.parse().ok())
        .collect();
    if sizes.is_empty() {
        sizes = vec![300, 10_000];
    }
    for lines in sizes {
        let text = service(lines);
        runtime.block_on(measure(&text));
        runtime.block_on(measure_protocol_alone(&text));
    }
}

/// A service of about `lines` lines: functions with one cognito event each, every pool and
/// trigger pair distinct.
fn service(lines: usize) -> String {
    let mut text = String::from(
        "service: bench\nframeworkVersion: \"3\"\nprovider:\n  name: aws\n  runtime: nodejs18.x\n  region: us-east-1\nfunctions:\n",
    );
    let mut i = 0;
    while text.lines().count() + 6 <= lines {
        let trigger = TRIGGERS[i % TRIGGERS.len()];
        let pool = i / TRIGGERS.len();
        writeln!(
            text,
            "  fn{i}:\n    handler: handler.fn{i}\n    events:\n      - cognitoUserPool:\n          pool: Pool{pool}\n          trigger: {trigger}"
        )
        .unwrap();
        i += 1;
    }
    text
}

async fn measure(text: &str) {
    let line_count = text.lines().count();
    let analysis = time_analysis(text);

    let mut client = TestClient::start(Arc::new(CompilerAnalyzer), ClientOptions::default()).await;
    let file: Uri = "file:///bench/serverless.yml".parse().unwrap();
    let v = client.open(&file, text);
    client.diagnostics(&file, v).await;

    // The end of a handler line in the middle of the file.
    let lines: Vec<&str> = text.lines().collect();
    let middle = (lines.len() / 2..lines.len())
        .find(|&l| lines[l].trim_start().starts_with("handler:"))
        .expect("a handler line");
    let end_of_line = lines[middle].len() as u32;

    let mut column = end_of_line;
    let mut back_to_back = Vec::with_capacity(KEYSTROKES);
    let mut paced = Vec::with_capacity(KEYSTROKES);
    for (latencies, pause) in [(&mut back_to_back, None), (&mut paced, Some(TYPING_PAUSE))] {
        for i in 0..KEYSTROKES {
            if let Some(pause) = pause {
                tokio::time::sleep(pause).await;
            }
            let at = Position::new(middle as u32, column);
            let typed = if i % 10 == 9 { "_" } else { "x" };
            let started = Instant::now();
            let v = client.edit(&file, Range::new(at, at), typed);
            client.diagnostics(&file, v).await;
            latencies.push(started.elapsed());
            column += 1;
        }
    }
    // Fast typing (a key every 10 ms, faster than a large file's analysis): how long after
    // the last keystroke its diagnostics arrive, with stale analyses still running.
    let mut after_bursts = Vec::new();
    for _ in 0..BURSTS {
        let mut last = 0;
        let mut last_sent = Instant::now();
        for key in 0..BURST_KEYS {
            if key > 0 {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            let at = Position::new(middle as u32, column);
            last_sent = Instant::now();
            last = client.edit(&file, Range::new(at, at), "y");
            column += 1;
        }
        client.diagnostics(&file, last).await;
        after_bursts.push(last_sent.elapsed());
    }

    println!(
        "{line_count:>6} lines ({:>4} KiB): keystroke → publishDiagnostics {}; analysis alone {}",
        text.len() / 1024,
        summary(&mut back_to_back),
        summary(&mut analysis.clone()),
    );
    println!(
        "{:>6}        at a typist's pace ({} ms between diagnostics and the next key): keystroke → publishDiagnostics {}",
        "",
        TYPING_PAUSE.as_millis(),
        summary(&mut paced),
    );
    println!(
        "{:>6}        bursts of {BURST_KEYS} keys 10 ms apart: last keystroke → its publishDiagnostics {}",
        "",
        summary(&mut after_bursts),
    );
    client.shutdown_and_exit().await;
}

/// The same keystrokes against a server whose analysis finds nothing at once: what the
/// protocol, the edit, the threads and the publishing cost on their own.
async fn measure_protocol_alone(text: &str) {
    let nothing = |_: &str, _: Option<&std::path::Path>, _: &sls_analysis::Settings| Vec::new();
    let mut client = TestClient::start(Arc::new(nothing), ClientOptions::default()).await;
    let file: Uri = "file:///bench/serverless.yml".parse().unwrap();
    let v = client.open(&file, text);
    client.diagnostics(&file, v).await;
    for pause in [None, Some(TYPING_PAUSE)] {
        let mut latencies = Vec::with_capacity(KEYSTROKES);
        for i in 0..KEYSTROKES {
            if let Some(pause) = pause {
                tokio::time::sleep(pause).await;
            }
            let at = Position::new(0, i as u32);
            let started = Instant::now();
            let v = client.edit(&file, Range::new(at, at), "x");
            client.diagnostics(&file, v).await;
            latencies.push(started.elapsed());
        }
        let pace = if pause.is_some() {
            ", at a typist's pace"
        } else {
            ""
        };
        println!(
            "{:>6}        protocol alone (an analysis that finds nothing){pace}: {}",
            "",
            summary(&mut latencies)
        );
    }
    client.shutdown_and_exit().await;
}

fn time_analysis(text: &str) -> Vec<Duration> {
    let settings = sls_analysis::Settings::default();
    (0..20)
        .map(|_| {
            let started = Instant::now();
            std::hint::black_box(sls_analysis::check(text, None, &settings));
            started.elapsed()
        })
        .collect()
}

fn summary(samples: &mut [Duration]) -> String {
    samples.sort();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    format!(
        "median {:.2?}, p95 {:.2?}, max {:.2?}",
        at(0.5),
        at(0.95),
        samples[samples.len() - 1]
    )
}
