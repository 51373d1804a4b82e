//! Times "parse + model" on a generated 10,000-line serverless.yml (450 functions with cognito
//! and http events, environment, tags, a resources block): `sls_syntax::parse`, then
//! `value_from_node`, then the `Service` views a compiler walks (every function, its events,
//! each cognito event's fields). Prints the median and 95th percentile of each stage and of the
//! whole, over RUNS runs (and the mean CPU time, less sensitive to a busy machine).
//!
//! `cargo run --release -p sls-config --example model_bench -- [RUNS] [STAGE]` (default 50
//! runs, every stage). STAGE (`parse`, `value`, `views`, `all`) times that stage alone, which
//! is what a profiler run wants; `fallback` times `all` on the same file with a two-line plain
//! scalar added at its end, which the parser's fast path does not read: it reads the whole file,
//! declines at the end, and saphyr-parser parses it all (the fast path's worst case):
//! `valgrind --tool=callgrind --toggle-collect=model_bench::parse_model_views
//! target/release/examples/model_bench 4 all` counts the instructions of 5 runs (warm-up included).
#![allow(clippy::print_stdout)] // printing is this tool's job

use std::fmt::Write;
use std::hint::black_box;
use std::time::{Duration, Instant};

use sls_config::{COGNITO_TRIGGERS, Service, Value, value_from_node};
use sls_syntax::{Node, parse};

/// The allocator the `serverless-lsp` binary uses, so that the numbers are the product's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const FUNCTIONS: usize = 450;

fn main() {
    let mut args = std::env::args().skip(1);
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(50);
    let stage = args.next().unwrap_or_default();
    let text = serverless_yml(FUNCTIONS, 10_000);
    println!(
        "{} lines, {} bytes, {FUNCTIONS} functions, {runs} runs",
        text.lines().count(),
        text.len()
    );

    let root = parsed(&text);
    let value = modelled(&root);
    let expected = walk_views(&value);
    assert_eq!(expected.functions, FUNCTIONS);
    assert_eq!(expected.cognito_events, FUNCTIONS);

    let all = stage.is_empty();
    if all || stage == "parse" {
        report("parse", runs, || drop(black_box(parsed(&text))));
    }
    if all || stage == "value" {
        report("value_from_node", runs, || drop(black_box(modelled(&root))));
    }
    if all || stage == "views" {
        report("Service views", runs, || {
            assert_eq!(walk_views(black_box(&value)), expected);
        });
    }
    if all || stage == "all" {
        report("parse + model + views", runs, || {
            assert_eq!(parse_model_views(black_box(&text)), expected);
        });
    }
    if all || stage == "fallback" {
        let text = format!("{text}last: two\n  lines\n");
        report("same, saphyr's path", runs, || {
            assert_eq!(parse_model_views(black_box(&text)), expected);
        });
    }
}

/// The whole job, trees dropped included; not inlined so that a profiler can count it alone
/// (`--toggle-collect=model_bench::parse_model_views`).
#[inline(never)]
fn parse_model_views(text: &str) -> Walked {
    let root = parsed(text);
    let value = modelled(&root);
    walk_views(&value)
}

fn parsed(text: &str) -> Node {
    let parse = parse(text);
    assert!(parse.diagnostics.is_empty(), "{:?}", parse.diagnostics);
    parse.root.expect("a root node")
}

fn modelled(root: &Node) -> Value {
    let (value, diagnostics) = value_from_node(root);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    value
}

/// What the walk saw, so the optimiser cannot skip it and a wrong model fails the bench.
#[derive(Debug, PartialEq, Eq)]
struct Walked {
    functions: usize,
    events: usize,
    cognito_events: usize,
    existing: usize,
    handler_bytes: usize,
    environment_keys: usize,
    tag_keys: usize,
    resources: usize,
}

fn walk_views(value: &Value) -> Walked {
    let service = Service::new(value);
    let mut walked = Walked {
        functions: 0,
        events: 0,
        cognito_events: 0,
        existing: 0,
        handler_bytes: 0,
        environment_keys: 0,
        tag_keys: 0,
        resources: 0,
    };
    let _ = service.provider().get("runtime");
    for function in service.functions() {
        walked.functions += 1;
        walked.handler_bytes += function
            .get("handler")
            .and_then(Value::as_str)
            .map_or(0, str::len);
        let count_keys = |key| {
            function
                .get(key)
                .and_then(Value::as_mapping)
                .map_or(0, |m| m.len())
        };
        walked.environment_keys += count_keys("environment");
        walked.tag_keys += count_keys("tags");
        for event in function.events() {
            walked.events += 1;
            let Some(cognito) = event.cognito() else {
                continue;
            };
            walked.cognito_events += 1;
            walked.existing += usize::from(cognito.is_existing());
            assert!(cognito.pool.and_then(Value::as_str).is_some());
            assert!(cognito.trigger.and_then(Value::as_str).is_some());
        }
    }
    walked.resources = service
        .resources()
        .and_then(|r| r.get("Resources"))
        .and_then(Value::as_mapping)
        .map_or(0, |m| m.len());
    walked
}

/// Prints the median, 95th percentile and minimum of `runs` runs in wall-clock time, and the
/// mean CPU time (time this thread was on a CPU: on a machine shared with other builds,
/// wall-clock time also counts the time spent waiting for one; the kernel updates it about
/// every 4 ms, so it is only read around all the runs).
fn report(name: &str, runs: usize, mut run: impl FnMut()) {
    run(); // warm-up
    let cpu_start = thread_cpu_time();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            run();
            start.elapsed()
        })
        .collect();
    let cpu = thread_cpu_time()
        .zip(cpu_start)
        .map(|(end, start)| end.saturating_sub(start) / runs.max(1) as u32);
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let cpu = cpu.map_or(String::new(), |cpu| {
        format!("   cpu mean {:>6.2} ms", ms(cpu))
    });
    println!(
        "{name:22} median {:>6.2} ms   p95 {:>6.2} ms   min {:>6.2} ms{cpu}",
        ms(at(0.5)),
        ms(at(0.95)),
        ms(times[0]),
    );
}

/// This thread's time on a CPU so far (Linux: the first field of its schedstat, in ns).
fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(ns))
}

/// A serverless.yml of `functions` functions, then resources until it is `lines` lines long.
fn serverless_yml(functions: usize, lines: usize) -> String {
    let mut text = String::from(concat!(
        "service: bench-service\n",
        "frameworkVersion: \"3\"\n",
        "\n",
        "provider:\n",
        "  name: aws\n",
        "  runtime: nodejs18.x\n",
        "  stage: ${opt:stage, 'dev'}\n",
        "  region: ${opt:region, 'us-east-1'}\n",
        "  memorySize: 512\n",
        "  environment:\n",
        "    STAGE: ${self:provider.stage}\n",
        "    SERVICE: ${self:service}\n",
        "  tags:\n",
        "    owner: platform\n",
        "\n",
        "custom:\n",
        "  defaults: &defaults\n",
        "    memorySize: 256\n",
        "    timeout: 10\n",
        "\n",
        "functions:\n",
    ));
    for n in 0..functions {
        let trigger = COGNITO_TRIGGERS[n % COGNITO_TRIGGERS.len()];
        // Every fourth function takes its defaults from the anchor.
        let defaults = if n % 4 == 0 {
            "    <<: *defaults\n"
        } else {
            "    timeout: 6\n"
        };
        let _ = write!(
            text,
            concat!(
                "  user{n}:\n",
                "{defaults}",
                "    handler: src/handlers/user{n}.handler # entry point\n",
                "    description: \"Handles the {trigger} trigger, number {n}\"\n",
                "    environment:\n",
                "      TABLE_NAME: !Ref UsersTable{n}\n",
                "      QUEUE_ARN: !GetAtt [Queue{n}, Arn]\n",
                "      LOG_LEVEL: info\n",
                "      RETRIES: 3\n",
                "    events:\n",
                "      - cognitoUserPool:\n",
                "          pool: Pool{pool}\n",
                "          trigger: {trigger}\n",
                "          existing: {existing}\n",
                "      - http:\n",
                "          path: /users/{n}\n",
                "          method: get\n",
                "    tags:\n",
                "      team: identity\n",
                "      cost-center: '{n}'\n",
            ),
            n = n,
            defaults = defaults,
            trigger = trigger,
            pool = n / COGNITO_TRIGGERS.len(),
            existing = n % 3 == 0,
        );
    }
    text.push_str("\nresources:\n  Resources:\n");
    let mut n = 0;
    let mut written = text.lines().count();
    while written < lines {
        let _ = write!(
            text,
            concat!(
                "    UsersTable{n}:\n",
                "      Type: AWS::DynamoDB::Table\n",
                "      Properties:\n",
                "        TableName: users-{n}-${{self:provider.stage}}\n",
                "        BillingMode: PAY_PER_REQUEST\n",
                "        AttributeDefinitions:\n",
                "          - {{AttributeName: id, AttributeType: S}}\n",
                "        KeySchema:\n",
                "          - {{AttributeName: id, KeyType: HASH}}\n",
            ),
            n = n
        );
        n += 1;
        written += 9;
    }
    text
}
