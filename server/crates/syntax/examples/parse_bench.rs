//! Times `parse` on a generated 10,000-line serverless.yml, valid and with one typing error,
//! and on a "billion laughs" document; prints the median and 95th percentile.
//!
//! `cargo run --release -p sls-syntax --example parse_bench -- [RUNS]` (default 50 runs).
#![allow(clippy::print_stdout)] // printing is this tool's job

use std::fmt::Write;
use std::time::{Duration, Instant};

use sls_syntax::{parse, parse_with_hint};

/// The allocator the `serverless-lsp` binary uses, so that the numbers are the product's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(50);
    let valid = serverless_yml(10_000);
    let lines = valid.lines().count();
    let middle = lines / 2;
    let broken = break_line(&valid, middle);
    let laughs = billion_laughs();

    println!("{lines} lines, {} bytes, {runs} runs", valid.len());
    report("valid", runs, || {
        let parse = parse(&valid);
        assert!(parse.diagnostics.is_empty(), "{:?}", parse.diagnostics);
    });
    report("one unclosed quote", runs, || {
        assert_eq!(parse(&broken).diagnostics.len(), 1);
    });
    report("one unclosed quote, hinted", runs, || {
        assert_eq!(parse_with_hint(&broken, Some(middle)).diagnostics.len(), 1);
    });
    report("billion laughs", runs, || {
        assert_eq!(parse(&laughs).diagnostics.len(), 1);
    });
}

fn report(name: &str, runs: usize, mut run: impl FnMut()) {
    run(); // warm-up
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .collect();
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    println!(
        "{name:28} median {:>8.2} ms   p95 {:>8.2} ms",
        at(0.5).as_secs_f64() * 1e3,
        at(0.95).as_secs_f64() * 1e3
    );
}

/// A serverless.yml of about `lines` lines: functions with events, tags, anchors and merges.
fn serverless_yml(lines: usize) -> String {
    let mut text = String::from(concat!(
        "service: bench\n",
        "frameworkVersion: \"3\"\n",
        "provider:\n",
        "  name: aws\n",
        "  runtime: nodejs18.x\n",
        "  region: ${opt:region, 'us-east-1'}\n",
        "custom:\n",
        "  defaults: &defaults\n",
        "    memorySize: 256\n",
        "    timeout: 10\n",
        "functions:\n",
    ));
    let mut function = 0;
    while text.lines().count() < lines {
        let _ = write!(
            text,
            concat!(
                "  fn{n}:\n",
                "    <<: *defaults\n",
                "    handler: src/fn{n}.handler\n",
                "    description: |\n",
                "      Function number {n}.\n",
                "    environment:\n",
                "      TABLE: !Ref Table{n}\n",
                "      ARN: !GetAtt [Queue{n}, Arn]\n",
                "    events:\n",
                "      - cognitoUserPool:\n",
                "          pool: Pool{n}\n",
                "          trigger: PreSignUp\n",
                "      - http: {{path: /fn{n}, method: get}}\n",
                "    tags: {{team: 'core', cost: \"{n}\"}}\n",
            ),
            n = function
        );
        function += 1;
    }
    text
}

/// `text` with an unclosed quote typed at the end of line `line`.
fn break_line(text: &str, line: usize) -> String {
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            if i == line {
                format!("{l} \"oops\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect()
}

fn billion_laughs() -> String {
    let mut text = String::from("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..10 {
        let items = [format!("*l{}", level - 1).as_str(); 10].join(", ");
        let _ = writeln!(text, "l{level}: &l{level} [{items}]");
    }
    text
}
