// The measurements on one server and one fixture: a fresh server process, the fixture opened,
// edited and queried as an editor would, every answer checked.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { LspServer, sleep, withTimeout } from './client.mjs';

const BURST_KEYS = 15;
const BURST_GAP_MS = 30; // fast typing: 15 keys in 420 ms
const TYPIST_PAUSE_MS = 50;

/**
 * plan: { warmup, minRuns, maxRuns, budgetMs, timeoutMs }: each measurement runs `warmup`
 * untimed rounds, then as many timed rounds as fit in `budgetMs` (judged from the warm-up),
 * at least `minRuns` and at most `maxRuns`.
 */
export async function measureServer(config, fixture, dir, plan, log) {
  const rootUri = pathToFileURL(dir).href;
  const uri = `${rootUri}/serverless.yml`;
  const results = [];
  const record = (metric, context, outcome) => results.push({ fixture: fixture.name, server: config.name, metric, context, ...outcome });
  const server = await LspServer.start(config, rootUri);
  const version = server.serverInfo?.version ?? config.version;
  try {
    // didOpen → diagnostics, each time a new document (a file under a new folder)
    let opens = 0;
    record('open', null, await rounds(plan, log, `${config.name} ${fixture.name} open`, async () => {
      const openUri = `${rootUri}/open-${opens++}/serverless.yml`;
      const waiting = server.diagnostics(openUri, 1, plan.timeoutMs);
      const start = performance.now();
      server.open(openUri, fixture.text);
      const { at } = await waiting;
      server.close(openUri);
      return { ms: at - start };
    }));

    const waiting = server.diagnostics(uri, 1, plan.timeoutMs);
    server.open(uri, fixture.text);
    await waiting;

    // keystroke → diagnostics: one character typed at the end of a handler in the middle
    const caret = { ...fixture.marks.edit };
    const type = (ch) => {
      const at = { line: caret.line, character: caret.character };
      caret.character += ch.length;
      return server.change(uri, { start: at, end: at }, ch);
    };
    // one key typed → the diagnostics of that version
    const timedKey = async (ch) => {
      const waiting = server.diagnostics(uri, server.versions.get(uri) + 1, plan.timeoutMs);
      const start = performance.now();
      type(ch);
      const { at } = await waiting;
      return { ms: at - start };
    };
    record('keystroke', null, await rounds(plan, log, `${config.name} ${fixture.name} keystroke`, () => timedKey('x')));

    // the same at a typist's pace: the key comes 50 ms after the previous diagnostics, so the
    // server's work between keystrokes is done (a person types a key every 100-300 ms)
    record('keystrokePaced', null, await rounds(plan, log, `${config.name} ${fixture.name} keystroke at a typist's pace`, async () => {
      await sleep(TYPIST_PAUSE_MS);
      return timedKey('x');
    }));

    // typing bursts: last keystroke → its diagnostics
    record('burst', null, await rounds({ ...plan, maxRuns: Math.min(plan.maxRuns, 20) }, log,
      `${config.name} ${fixture.name} burst`, async () => {
        for (let k = 0; k < BURST_KEYS - 1; k++) {
          type('y');
          await sleep(BURST_GAP_MS);
        }
        return timedKey('y');
      }));

    // back to the fixture's text, so that every context sees the same service
    let text = fixture.text;
    const replaceAll = async (next) => {
      const v = server.versions.get(uri) + 1;
      const waiting = server.diagnostics(uri, v, plan.timeoutMs);
      server.versions.set(uri, v);
      server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: v }, contentChanges: [{ text: next }],
      });
      await waiting;
      text = next;
    };
    await replaceAll(fixture.text);

    // completion: make the context (as a user deleting a value), then ask, many times
    for (const [context, { edit, position }] of Object.entries(fixture.contexts)) {
      const v = server.versions.get(uri) + 1;
      const waiting = server.diagnostics(uri, v, plan.timeoutMs);
      server.change(uri, edit.range, edit.text);
      await waiting;
      const expected = fixture.expected[context];
      const complete = (at) => withTimeout(server.request('textDocument/completion', {
        textDocument: { uri }, position: at, context: { triggerKind: 1 },
      }), plan.timeoutMs, 'completion');
      // An incomplete list (`isIncomplete`) is a server's first matches; an editor asks again as
      // the user types. A label missing from it counts as offered if it comes once its first
      // letters are typed (checked once, untimed; the popup's wait is the first request).
      const reachable = new Map();
      const offeredAfterTyping = async (label) => {
        if (!reachable.has(label)) {
          const prefix = label.slice(0, 5);
          const after = { line: position.line, character: position.character + prefix.length };
          await changeAt({ start: position, end: position }, prefix);
          const answer = await complete(after);
          reachable.set(label, (answer?.items ?? []).some((item) => item.label === label));
          await changeAt({ start: position, end: after }, '');
        }
        return reachable.get(label);
      };
      const changeAt = async (range, text) => {
        const waiting = server.diagnostics(uri, server.versions.get(uri) + 1, plan.timeoutMs);
        server.change(uri, range, text);
        await waiting;
      };
      record('completion', context, await rounds(plan, log, `${config.name} ${fixture.name} completion ${context}`, async () => {
        const start = performance.now();
        const answer = await complete(position);
        const ms = performance.now() - start;
        const items = Array.isArray(answer) ? answer : answer?.items ?? [];
        const labels = new Set(items.map((item) => item.label));
        let missing = expected.filter((label) => !labels.has(label));
        if (answer?.isIncomplete && items.length > 0) {
          const still = [];
          for (const label of missing) if (!(await offeredAfterTyping(label))) still.push(label);
          missing = still;
        }
        return { ms, items: items.length, answered: missing.length === 0, detail: missing.length ? `missing ${missing.slice(0, 3).join(', ')}` : null };
      }, config.answers[context]));
      await replaceAll(fixture.text);
    }

    // hover on a pool name and on a trigger: the answer must name the thing hovered
    for (const context of ['hoverPool', 'hoverTrigger']) {
      const position = fixture.marks[context];
      const word = fixture.hoverWords[context];
      record('hover', context, await rounds(plan, log, `${config.name} ${fixture.name} ${context}`, async () => {
        const start = performance.now();
        const answer = await withTimeout(server.request('textDocument/hover', { textDocument: { uri }, position }),
          plan.timeoutMs, 'hover');
        const ms = performance.now() - start;
        const shown = hoverText(answer);
        return { ms, items: shown.length, answered: shown.includes(word), detail: shown ? `does not name ${word}` : 'empty' };
      }, config.answers[context]));
    }

    const memory = server.memory();
    record('memory', null, { status: 'ok', peakMiB: memory.peakMiB, rssMiB: memory.rssMiB });
  } catch (error) {
    record('error', null, { status: 'error', detail: `${error.message}\n${server.stderr.slice(-2000)}` });
  } finally {
    await server.stop();
  }
  return { version, results };
}

/**
 * Warm-up, then timed rounds. `expectAnswer` (for queries): true = an answer without the
 * expected content is "wrong"; false = the server cannot answer there, so its rounds count as
 * "no answer" whatever their time (an empty answer must never look fast).
 */
async function rounds(plan, log, label, once, expectAnswer) {
  const warm = [];
  for (let i = 0; i < plan.warmup; i++) {
    warm.push(await once());
    // one warm-up round is enough for a measurement that takes seconds a round
    if (plan.budgetMs && warm.reduce((sum, r) => sum + r.ms, 0) > plan.budgetMs / 8) break;
  }
  const per = Math.max(1, ...warm.map((r) => r.ms));
  const runs = Math.max(plan.minRuns, Math.min(plan.maxRuns, Math.floor(plan.budgetMs / per)));
  const timed = [];
  for (let i = 0; i < runs; i++) timed.push(await once());
  const times = timed.map((r) => r.ms);
  // every sample, in the order taken: where a slow one falls says what it waited for
  const outcome = { n: times.length, ...stats(times), samples: times.map((ms) => Math.round(ms * 100) / 100) };
  if (expectAnswer !== undefined) {
    const all = [...warm, ...timed];
    const answered = all.every((r) => r.answered);
    outcome.items = timed[timed.length - 1].items;
    outcome.status = answered ? 'ok' : expectAnswer ? 'wrong' : 'no answer';
    if (!answered) outcome.detail = all.find((r) => !r.answered).detail;
    if (answered && expectAnswer === false) outcome.note = 'answers where it was expected not to: update servers.mjs';
  } else {
    outcome.status = 'ok';
  }
  log(`${label}: n=${outcome.n} median ${outcome.median.toFixed(2)} ms p95 ${outcome.p95.toFixed(2)} ms ${outcome.status}${outcome.detail ? ` (${outcome.detail})` : ''}`);
  return outcome;
}

export function stats(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
  const mid = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  return { median: mid, p95: at(0.95), min: sorted[0], max: sorted[sorted.length - 1] };
}

function hoverText(answer) {
  if (!answer?.contents) return '';
  const parts = Array.isArray(answer.contents) ? answer.contents : [answer.contents];
  return parts.map((part) => (typeof part === 'string' ? part : part.value ?? '')).join('\n').trim();
}
