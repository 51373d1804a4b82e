//! Times `analyze` on a generated 10,000-line serverless.yml: median and 95th percentile of the
//! whole, and the median of each phase (parse, value, resolve, compile, traps), in wall-clock
//! time; and the median CPU time of the thread (Linux), which a busy machine does not inflate
//! by descheduling us. Five variants:
//! a clean service, the same with an override `DependsOn` (the trap that compiles twice), the
//! same with an unclosed quote on the line being typed, and a character typed in a handler
//! with the analysis before it given as `previous` (a keystroke in the editor), with and
//! without the copies the server makes while the user is idle (`Analysis::prepare_next`, or
//! `prepare_next_from` the analysis before that, as the server does). The `idle` column is
//! the median time of those copies (not part of the keystroke's time).
//!
//! `cargo run --release -p sls-analysis --example analyze_bench -- [RUNS] [LINES|FILE] [ONLY]`
//! (default 30 runs, 10,000 lines; FILE: a serverless.yml to analyse instead, typed in its
//! middle handler; ONLY runs the variants whose name contains it).
#![allow(clippy::print_stdout)] // printing is this tool's job

use std::collections::BTreeMap;
use std::fmt::Write;
use std::time::Duration;

use sls_analysis::{AnalysisInput, Settings, Timings, analyze};

/// The allocator the `serverless-lsp` binary uses, so that the numbers are the product's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(30);
    // LINES, or a serverless.yml to use instead of the generated service.
    let size = args.next().unwrap_or_else(|| "10000".to_owned());
    let file = size.parse::<usize>().is_err().then(|| {
        std::fs::read_to_string(&size).unwrap_or_else(|e| panic!("cannot read {size}: {e}"))
    });
    let lines: usize = size.parse().unwrap_or(10_000);
    let only = args.next().unwrap_or_default();

    let clean = file.clone().unwrap_or_else(|| service(lines, false));
    let with_override = file.unwrap_or_else(|| service(lines, true));
    let middle = clean.lines().count() / 2;
    let broken = break_line(&clean, middle);
    println!(
        "{} lines, {} bytes, {runs} runs (times in ms)",
        clean.lines().count(),
        clean.len()
    );
    println!(
        "{:36} {:>7} {:>7} {:>7} | {:>6} {:>6} {:>7} {:>7} {:>6} | {:>6}  diagnostics",
        "", "median", "p95", "cpu", "parse", "value", "resolve", "compile", "traps", "idle"
    );
    let typed = type_in_a_handler(&clean, middle);
    let settings = Settings::default();
    let env = BTreeMap::new();
    let before_typing = analyze(&AnalysisInput::new(&clean, &settings, &env));
    // The server's sequence: the older analysis, the previous one made from it, this one.
    let typed_twice = type_in_a_handler(&typed, middle);
    let after_typing = analyze(&AnalysisInput {
        previous: Some(&before_typing),
        ..AnalysisInput::new(&typed, &settings, &env)
    });
    let variants = [
        ("clean", &clean, None, None, Prepare::Nothing),
        (
            "override DependsOn (2nd compile)",
            &with_override,
            None,
            None,
            Prepare::Nothing,
        ),
        (
            "unclosed quote, hinted",
            &broken,
            Some(middle),
            None,
            Prepare::Nothing,
        ),
        (
            "a key typed, previous reused",
            &typed,
            None,
            Some(&before_typing),
            Prepare::Nothing,
        ),
        (
            "a key typed, copies made when idle",
            &typed,
            None,
            Some(&before_typing),
            Prepare::Copies,
        ),
        (
            "a key typed, idle copies from older",
            &typed_twice,
            None,
            Some(&after_typing),
            Prepare::FromOlder(&before_typing),
        ),
    ];
    for (name, text, edited_line, previous, prepare) in variants {
        if name.contains(only.as_str()) {
            bench(name, text, edited_line, previous, prepare, runs);
        }
    }
}

/// What the server does once it has published, before the next keystroke (not timed).
#[derive(Clone, Copy)]
enum Prepare<'a> {
    Nothing,
    /// `prepare_next`: copies of the previous analysis.
    Copies,
    /// `prepare_next_from` the analysis `previous` was made from (a copy of it each time).
    FromOlder(&'a sls_analysis::Analysis),
}

fn bench(
    name: &str,
    text: &str,
    edited_line: Option<usize>,
    previous: Option<&sls_analysis::Analysis>,
    prepare: Prepare<'_>,
    runs: usize,
) {
    let settings = Settings::default();
    let env = BTreeMap::new();
    // The idle work, timed on its own.
    let prepare = || -> Duration {
        let Some(previous) = previous else {
            return Duration::ZERO;
        };
        match prepare {
            Prepare::Nothing => Duration::ZERO,
            Prepare::Copies => {
                let started = std::time::Instant::now();
                previous.prepare_next();
                started.elapsed()
            }
            Prepare::FromOlder(older) => {
                let older = older.clone();
                let started = std::time::Instant::now();
                let leftovers = previous.prepare_next_from(older);
                let elapsed = started.elapsed();
                drop(leftovers);
                elapsed
            }
        }
    };
    let input = AnalysisInput {
        edited_line,
        previous,
        ..AnalysisInput::new(text, &settings, &env)
    };
    assert_eq!(
        analyze(&input).timings.reused_parse,
        previous.is_some(),
        "{name}: the previous parse is reused exactly when there is one"
    );
    prepare();
    let diagnostics = analyze(&input).diagnostics.len(); // warm-up
    let mut cpu: Vec<Duration> = Vec::new();
    let mut idle: Vec<Duration> = Vec::new();
    let mut timings: Vec<Timings> = (0..runs)
        .map(|_| {
            idle.push(prepare());
            let before = thread_cpu_time();
            let timings = analyze(&input).timings;
            if let (Some(before), Some(after)) = (before, thread_cpu_time()) {
                cpu.push(after.saturating_sub(before));
            }
            timings
        })
        .collect();
    cpu.sort();
    let cpu_median = cpu.get(cpu.len() / 2).copied().unwrap_or_default();
    idle.sort();
    let idle_median = idle.get(idle.len() / 2).copied().unwrap_or_default();
    timings.sort_by_key(|t| t.total);
    let at = |q: f64| timings[((timings.len() - 1) as f64 * q).round() as usize].total;
    let median_of = |phase: fn(&Timings) -> Duration| {
        let mut times: Vec<Duration> = timings.iter().map(phase).collect();
        times.sort();
        times[times.len() / 2]
    };
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{name:36} {:>7.2} {:>7.2} {:>7.2} | {:>6.2} {:>6.2} {:>7.2} {:>7.2} {:>6.2} | {:>6.2}  {diagnostics}",
        ms(at(0.5)),
        ms(at(0.95)),
        ms(cpu_median),
        ms(median_of(|t| t.parse)),
        ms(median_of(|t| t.value)),
        ms(median_of(|t| t.resolve)),
        ms(median_of(|t| t.compile)),
        ms(median_of(|t| t.traps)),
        ms(idle_median),
    );
}

/// The time this thread has run on a CPU (the first field of Linux's schedstat, in ns).
fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// A service of about `lines` lines: functions with a cognito event each (a pool per function,
/// its name from the stage), an `http` event, environment references to resources, and a
/// `resources` section with a topic per ten functions and outputs.
fn service(lines: usize, with_override: bool) -> String {
    let mut text = String::from(concat!(
        "service: bench\n",
        "frameworkVersion: \"3\"\n",
        "provider:\n",
        "  name: aws\n",
        "  runtime: nodejs18.x\n",
        "  stage: ${opt:stage, 'dev'}\n",
        "  region: ${opt:region, 'us-east-1'}\n",
        "custom:\n",
        "  defaults: &defaults\n",
        "    memorySize: 256\n",
        "    timeout: 10\n",
        "functions:\n",
    ));
    // 17 lines per function, 4 per topic (one per ten functions), and the outputs.
    let functions = lines.saturating_sub(40) * 10 / 174;
    let triggers = [
        "PreSignUp",
        "PostConfirmation",
        "CustomMessage",
        "PreAuthentication",
    ];
    for n in 0..functions {
        let _ = write!(
            text,
            concat!(
                "  fn{n}:\n",
                "    <<: *defaults\n",
                "    handler: src/fn{n}.handler\n",
                "    description: |\n",
                "      Function number {n}.\n",
                "    environment:\n",
                "      TOPIC: !Ref Topic{t}\n",
                "      SELF: !GetAtt Fn{n}LambdaFunction.Arn\n",
                "      STAGE: ${{sls:stage}}\n",
                "    events:\n",
                "      - cognitoUserPool:\n",
                "          pool: pool-{n}-${{sls:stage}}\n",
                "          trigger: {trigger}\n",
                "      - http:\n",
                "          path: /fn{n}\n",
                "          method: get\n",
                "    tags: {{team: 'core', cost: \"{n}\"}}\n",
            ),
            n = n,
            t = n / 10,
            trigger = triggers[n % triggers.len()],
        );
    }
    text.push_str("resources:\n  Resources:\n");
    for t in 0..functions.div_ceil(10) {
        let _ = write!(
            text,
            "    Topic{t}:\n      Type: AWS::SNS::Topic\n      Properties:\n        TopicName: bench-${{sls:stage}}-{t}\n"
        );
    }
    if with_override {
        text.push_str("    CognitoUserPoolPool0dev:\n      DependsOn: [Topic0]\n");
    }
    text.push_str("  Outputs:\n    FirstPool:\n      Value: !Ref CognitoUserPoolPool0dev\n");
    text
}

/// `text` with a character typed at the end of the first handler at or after line `line`.
fn type_in_a_handler(text: &str, line: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let at = (line..lines.len())
        .find(|&l| lines[l].trim_start().starts_with("handler:"))
        .expect("a handler");
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == at {
                format!("{l}x\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect()
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
