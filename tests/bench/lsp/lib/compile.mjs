// `serverless-lsp compile` against the real `serverless package` (serverless@3.40.0, offline,
// through tests/oracle/compile-one) on the same services: whole processes, start included.
// Both outputs are normalized the same way and must be byte-identical, or the comparison is
// reported as wrong.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { stats } from './measure.mjs';

export function measureCompile({ services, oursBinary, compileOne, oursRuns, frameworkRuns, log }) {
  const results = [];
  for (const { name, dir, recorded } of services) {
    const ours = timeRuns(oursRuns, [oursBinary, 'compile', '--normalize', dir]);
    const row = { service: name, ours: summary(ours) };
    const expected = frameworkRuns > 0 ? null : recorded ? readFileSync(recorded, 'utf8') : null;
    if (frameworkRuns > 0) {
      const framework = timeRuns(frameworkRuns, [compileOne, '--normalize', '--quiet', dir]);
      row.framework = summary(framework);
      row.same = framework.out === ours.out;
      row.ratio = row.framework.median / row.ours.median;
    } else if (expected != null) {
      row.same = expected === ours.out; // the framework's committed recording
    }
    row.status = ours.rc !== 0 || row.same === false ? 'wrong' : 'ok';
    log(`compile ${name}: ours median ${row.ours.median.toFixed(1)} ms${row.framework ? `, serverless package median ${row.framework.median.toFixed(0)} ms, ratio ${row.ratio.toFixed(0)}x` : ''}, output ${row.same === undefined ? 'not compared' : row.same ? 'identical' : 'DIFFERS'}`);
    results.push(row);
  }
  return results;
}

function timeRuns(runs, [cmd, ...args]) {
  const times = [];
  let out = null;
  let rc = 0;
  for (let i = 0; i <= runs; i++) { // run 0 warms the caches up
    const start = performance.now();
    const result = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 << 20 });
    const ms = performance.now() - start;
    if (i > 0) times.push(ms);
    out = result.stdout;
    rc = result.status;
  }
  return { times, out, rc };
}

const summary = ({ times, rc }) => ({ n: times.length, rc, ...stats(times) });
