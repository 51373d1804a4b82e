//! Times completion, hover and definition on a generated 10,000-line serverless.yml (one
//! analysis, many queries): median and 95th percentile per query, in microseconds.
//!
//! `cargo run --release -p sls-analysis --example ide_bench -- [RUNS] [LINES]`
//! (default 200 runs, 10,000 lines).
#![allow(clippy::print_stdout)] // printing is this tool's job

use std::collections::BTreeMap;
use std::fmt::Write;
use std::time::{Duration, Instant};

use sls_analysis::ide::{completion, definition, hover, inlay_hints};
use sls_analysis::{AnalysisInput, Settings, TextSize, analyze};

/// The allocator the `serverless-lsp` binary uses, so that the numbers are the product's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(200);
    let lines: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let (text, middle) = service(lines);
    let settings = Settings::default();
    let env = BTreeMap::new();
    let started = Instant::now();
    let analysis = analyze(&AnalysisInput::new(&text, &settings, &env));
    println!(
        "{} lines, {} logical IDs, analysis {:.1} ms; {runs} runs per query (times in µs)",
        text.lines().count(),
        analysis.ids.iter().count(),
        started.elapsed().as_secs_f64() * 1e3
    );
    let at = |needle: &str, delta: usize| {
        let found = text[middle..].find(needle).expect(needle) + middle;
        TextSize::from((found + needle.len() - delta) as u32)
    };
    println!("{:40} {:>9} {:>9} {:>7}", "", "median", "p95", "items");
    let queries: [(&str, TextSize, Kind); 9] = [
        (
            "completion: trigger: Pre|",
            at("trigger: ", 0),
            Kind::Complete,
        ),
        ("completion: !Ref |", at("!Ref ", 0), Kind::Complete),
        (
            "completion: !GetAtt Fn.|",
            at("LambdaFunction.", 0),
            Kind::Complete,
        ),
        ("completion: ${|  (self paths)", at("${", 0), Kind::Complete),
        ("completion: pool: |", at("pool: ", 0), Kind::Complete),
        (
            "hover: function key",
            at("  fn", 0) + TextSize::from(2),
            Kind::Hover,
        ),
        (
            "hover: cognitoUserPool event",
            at("- cognitoUser", 0),
            Kind::Hover,
        ),
        ("hover: !Ref target", at("!Ref Top", 0), Kind::Hover),
        (
            "definition: !Ref target",
            at("!Ref Top", 0),
            Kind::Definition,
        ),
    ];
    for (name, offset, kind) in queries {
        let mut times = Vec::with_capacity(runs);
        let mut count = 0;
        for _ in 0..runs {
            let started = Instant::now();
            count = match kind {
                Kind::Complete => completion(&analysis, offset).len(),
                Kind::Hover => hover(&analysis, offset).map_or(0, |h| h.markdown.len()),
                Kind::Definition => definition(&analysis, offset).len(),
            };
            times.push(started.elapsed());
        }
        assert!(count > 0, "{name}: nothing");
        report(name, &mut times, count);
    }
    let mut times = Vec::new();
    let mut count = 0;
    for _ in 0..runs.min(50) {
        let started = Instant::now();
        count = inlay_hints(&analysis).len();
        times.push(started.elapsed());
    }
    report("inlay hints (whole file)", &mut times, count);
}

#[derive(Clone, Copy)]
enum Kind {
    Complete,
    Hover,
    Definition,
}

fn report(name: &str, times: &mut [Duration], count: usize) {
    times.sort();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    let p95 = times[((times.len() - 1) as f64 * 0.95).round() as usize];
    println!(
        "{name:40} {:>9.1} {:>9.1} {count:>7}",
        us(times[times.len() / 2]),
        us(p95)
    );
}

/// A service of about `lines` lines (functions with a cognito event each, topics, references);
/// returns it and the offset of the function in its middle.
fn service(lines: usize) -> (String, usize) {
    let mut text = String::from(
        "service: bench\nframeworkVersion: \"3\"\nprovider:\n  name: aws\n  runtime: nodejs18.x\ncustom:\n  team: core\nfunctions:\n",
    );
    let functions = lines.saturating_sub(20) / 12;
    let triggers = [
        "PreSignUp",
        "PostConfirmation",
        "CustomMessage",
        "PreAuthentication",
    ];
    let mut middle = 0;
    for n in 0..functions {
        if n == functions / 2 {
            middle = text.len();
        }
        let _ = write!(
            text,
            concat!(
                "  fn{n}:\n",
                "    handler: src/fn{n}.handler\n",
                "    environment:\n",
                "      TOPIC: !Ref Topic{t}\n",
                "      SELF: !GetAtt Fn{n}LambdaFunction.Arn\n",
                "      TEAM: ${{self:custom.team}}\n",
                "    events:\n",
                "      - cognitoUserPool:\n",
                "          pool: pool{p}\n",
                "          trigger: {trigger}\n",
                "      - http:\n",
                "          path: /fn{n}\n",
            ),
            n = n,
            t = n / 10,
            p = n / 4,
            trigger = triggers[n % triggers.len()],
        );
    }
    text.push_str("resources:\n  Resources:\n");
    for t in 0..functions.div_ceil(10) {
        let _ = write!(text, "    Topic{t}:\n      Type: AWS::SNS::Topic\n");
    }
    (text, middle)
}
