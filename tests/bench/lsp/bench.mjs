// The benchmark: every fixture through every server, one server process at a time, then
// `compile` against `serverless package`. Writes results.json, results.md and chart.svg.
// Usage: node bench.mjs [--binary PATH] [--out DIR] [--smoke] [--compile-one PATH] [--only FIXTURE,...]
//                       [--servers serverless-lsp,yaml-language-server] [--no-compile]
// (tests/bench/lsp/run passes these; see its --help)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { measureCompile } from './lib/compile.mjs';
import { FIXTURES, generate } from './lib/fixtures.mjs';
import { measureServer } from './lib/measure.mjs';
import { render } from './lib/report.mjs';
import { servers } from './lib/servers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const { values: args } = parseArgs({
  options: {
    binary: { type: 'string', default: path.join(repo, 'target/release/serverless-lsp') },
    'compile-one': { type: 'string', default: path.join(repo, 'tests/oracle/compile-one') },
    out: { type: 'string' },
    smoke: { type: 'boolean', default: false },
    only: { type: 'string' },
    servers: { type: 'string' },
    'no-compile': { type: 'boolean', default: false },
  },
});

// Full: n >= 30 where a measurement takes < 2 s a round; slower ones (the incumbent on the
// 10,000-line files) as many rounds as fit in 60 s, at least 3. Smoke: 1 + 2 rounds.
const plan = args.smoke
  ? { warmup: 1, minRuns: 2, maxRuns: 2, budgetMs: 0, timeoutMs: 60_000 }
  : { warmup: 2, minRuns: 3, maxRuns: 30, budgetMs: 60_000, timeoutMs: 300_000 };
// In the smoke run the incumbent skips the two 10,000-line files (minutes each).
const SMOKE_SKIP = { 'yaml-language-server': ['large', 'anchors'] };

const log = (line) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
const loads = [];
const sampleLoad = () => loads.push(os.loadavg()[0]);

const out = path.resolve(args.out ?? path.join(here, 'results', args.smoke ? 'smoke' : 'full'));
mkdirSync(path.join(out, 'fixtures'), { recursive: true });
const names = args.only ? args.only.split(',') : Object.keys(FIXTURES);
const fixtures = names.map((name) => {
  const fixture = generate(name);
  const dir = path.join(out, 'fixtures', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'serverless.yml'), fixture.text);
  return { fixture, dir };
});

const configs = servers({ oursBinary: path.resolve(args.binary) });
const started = Date.now();
sampleLoad();
const lsp = [];
const versions = {};
for (const { fixture, dir } of fixtures) {
  for (const config of Object.values(configs)) {
    if (args.servers && !args.servers.split(',').includes(config.name)) continue;
    if (args.smoke && SMOKE_SKIP[config.name]?.includes(fixture.name)) continue;
    log(`${config.name} on ${fixture.name} (${fixture.stats.lines} lines)`);
    const { version, results } = await measureServer(config, fixture, dir, plan, log);
    versions[config.name] = version;
    lsp.push(...results);
    sampleLoad();
  }
}

const services = [
  ...fixtures.filter(({ fixture }) => ['small', 'realistic', 'tags'].includes(fixture.name))
    .map(({ fixture, dir }) => ({ name: `${fixture.name} (${fixture.stats.lines} lines)`, dir })),
  { name: 'recorded case 92 (18 functions)', dir: path.join(repo, 'tests/oracle/cases/92-realistic-large-18-functions'),
    recorded: path.join(repo, 'tests/oracle/cases/92-realistic-large-18-functions/out.json') },
];
const compile = args['no-compile'] ? [] : measureCompile({
  services, oursBinary: path.resolve(args.binary), compileOne: args['compile-one'],
  oursRuns: args.smoke ? 2 : 30, frameworkRuns: args.smoke ? 0 : 5, log,
});
sampleLoad();

const results = {
  mode: args.smoke ? 'smoke' : 'full',
  date: new Date().toISOString(),
  wallSeconds: (Date.now() - started) / 1000,
  machine: machine(),
  load: { min: Math.min(...loads), max: Math.max(...loads), mean: loads.reduce((a, b) => a + b, 0) / loads.length },
  versions: {
    ...versions,
    'serverless (framework)': frameworkVersion(),
    node: process.version,
    'vscode-jsonrpc': JSON.parse(readFileSync(path.join(here, 'node_modules/vscode-jsonrpc/package.json'), 'utf8')).version,
    commit: git(['rev-parse', '--short', 'HEAD']),
  },
  fixtures: fixtures.map(({ fixture }) => ({ name: fixture.name, about: fixture.about, ...fixture.stats })),
  plan,
  lsp,
  compile,
};
writeFileSync(path.join(out, 'results.json'), JSON.stringify(results, null, 2) + '\n');
const { markdown, svg } = render(results);
writeFileSync(path.join(out, 'results.md'), markdown);
writeFileSync(path.join(out, 'chart.svg'), svg);
log(`wrote ${out}/results.json, results.md and chart.svg (${results.wallSeconds.toFixed(0)} s)`);

// Any wrong answer, error or failed compile comparison fails the run (the smoke run in CI).
const failures = [...lsp.filter((r) => r.status === 'wrong' || r.status === 'error'), ...compile.filter((r) => r.status !== 'ok')];
for (const failure of failures) {
  log(`FAILED: ${failure.server ?? 'compile'} ${failure.fixture ?? failure.service} ${failure.metric ?? ''} ${failure.context ?? ''}: ${failure.detail ?? failure.status}`);
}
process.exit(failures.length ? 1 : 0);

function machine() {
  const cpus = os.cpus();
  return {
    nproc: os.availableParallelism(),
    cpu: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
  };
}

function frameworkVersion() {
  try {
    const lock = JSON.parse(readFileSync(path.join(repo, 'tests/oracle/lib/package-lock.json'), 'utf8'));
    return lock.packages['node_modules/serverless'].version;
  } catch {
    return 'unknown';
  }
}

function git(argv) {
  try {
    return execFileSync('git', argv, { cwd: repo, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
