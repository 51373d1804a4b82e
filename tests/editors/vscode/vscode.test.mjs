// The extension in the real VS Code workbench (code-server 4.100.3 = VS Code 1.100) driven
// through headless Chromium: install the .vsix, open serverless.yml, type a wrong trigger, see
// the squiggle and the Problems count, complete a trigger, hover a function, see the compiled
// template follow an edit, run the commands, and break the server on purpose.
//
// Run by tests/editors/run, which sets:
//   SLSP_VSIX, SLSP_CODE_SERVER (code-server's out/node/entry.js), SLSP_CHROMIUM,
//   SLSP_SERVER (the binary the .vsix carries), SLSP_OUT (where the screenshot goes),
//   SLSP_SERVER_PATH_SETTING (optional: a serverless.server.path to use instead of the bundled one)

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sleep } from './cdp.mjs';
import { Workbench } from './workbench.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (run tests/editors/run)`);
  return value;
};
const out = env('SLSP_OUT');
const FIXTURE = path.join(here, '..', 'fixtures', 'service', 'serverless.yml');
const POOL_LINE = 12; // `          pool: MyUserPool`
const TRIGGER_LINE = 13; // `          trigger: PreSignUp`
const baseSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.hover.delay': 100,
};
// serverless.server.path is machine-scoped: in code-server it counts in the machine's settings.
const machineSettings = process.env.SLSP_SERVER_PATH_SETTING
  ? { 'serverless.server.path': process.env.SLSP_SERVER_PATH_SETTING }
  : {};

/** @type {Workbench} */
let wb;
let page;
let dir;

// ---- what the page shows -------------------------------------------------------------------

const problems = () => page.evaluate(`document.getElementById('status.problems')?.getAttribute('aria-label') ?? ''`);
const squiggles = () =>
  page.evaluate(`document.querySelectorAll('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error').length`);
/** Waits until the editor shows exactly `count` squiggles; fails with what it shows after 10 s. */
async function waitForSquiggles(count, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  let shown = await squiggles();
  while (shown !== count && Date.now() < deadline) {
    await sleep(100);
    shown = await squiggles();
  }
  assert.equal(shown, count, `squiggles in the editor after ${timeoutMs} ms`);
}
const notifications = () =>
  page.evaluate(`[...document.querySelectorAll('.notifications-toasts .notification-list-item-message')].map(e => e.textContent).join('\\n')`);
const activeTab = () => page.evaluate(`document.querySelector('.tabs-container .tab.active')?.getAttribute('aria-label') ?? ''`);

async function waitForNotification(text, timeoutMs = 30000) {
  return page.waitFor(
    `[...document.querySelectorAll('.notifications-toasts .notification-list-item-message')].map(e => e.textContent).find(t => t.includes(${JSON.stringify(text)}))`,
    { timeoutMs, what: `a notification saying ${JSON.stringify(text)}` },
  );
}

async function clearNotifications() {
  await runCommand('Notifications: Clear All Notifications');
}

// ---- what the user does ---------------------------------------------------------------------

async function quickPick(prefixKeys, text) {
  await prefixKeys();
  await page.waitFor(`document.querySelector('.quick-input-widget')?.style.display !== 'none' && !!document.querySelector('.quick-input-widget input')`, { what: 'the quick input' });
  await page.type(text);
  // Click the row itself: the first row may be another (fuzzy or recently used) match.
  const box = await page.waitFor(
    `(() => {
      const row = [...document.querySelectorAll('.quick-input-list .monaco-list-row')]
        .find(r => (r.getAttribute('aria-label') ?? '').startsWith(${JSON.stringify(text)}));
      const r = row?.getBoundingClientRect();
      return r && r.height > 0 ? { x: r.x + r.width / 2, y: r.y + r.height / 2 } : null;
    })()`,
    { what: `a quick pick row ${JSON.stringify(text)}` },
  );
  await page.click(box.x, box.y);
}

async function runCommand(title) {
  await quickPick(() => page.press('F1'), title);
}

async function openFile(name) {
  await quickPick(() => page.press('p', ['Control']), name);
  await page.waitFor(`(document.querySelector('.tabs-container .tab.active')?.getAttribute('aria-label') ?? '').startsWith(${JSON.stringify(name)})`, { what: `the ${name} tab` });
}

/** Replaces the last `n` characters of line `line` with `text`, as typed keys. */
async function retypeLineEnd(line, n, text) {
  await page.press('g', ['Control']);
  await page.waitFor(`!!document.querySelector('.quick-input-widget input')`);
  await page.type(String(line));
  await page.press('Enter');
  await page.press('End');
  for (let i = 0; i < n; i++) await page.press('Backspace');
  await page.type(text);
  await page.press('Escape'); // a suggestion list, if any
}

/** Finds `text` in the focused editor (Ctrl+F): its match count, and the visible lines then
 * (Monaco renders spaces as U+00A0). */
async function findInEditor(text) {
  await page.press('f', ['Control']);
  await page.waitFor(`document.activeElement?.closest('.find-widget') != null`, { what: 'the find widget' });
  await page.press('a', ['Control']);
  await page.type(text);
  const count = await page.waitFor(
    `(() => { const c = document.activeElement?.closest('.find-widget')?.querySelector('.matchesCount')?.textContent ?? ''; return c && !/^No results/.test(c) && c; })()`,
    { what: `a match of ${JSON.stringify(text)}` },
  );
  const lines = await page.waitFor(
    `[...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines')].map(e => e.textContent.replace(/\\u00a0/g, ' ')).find(t => t.includes(${JSON.stringify(text)}))`,
    { what: `${JSON.stringify(text)} on screen` },
  );
  await page.press('Escape');
  return { count, lines };
}

const COMPILED_TAB = 'serverless.cloudformation.json';

/** Clicks into the editor of the group whose active tab is `tab` until that group has the focus. */
async function focusEditor(tab) {
  const focused = `(document.activeElement?.closest('.editor-group-container.active') != null && (document.querySelector('.editor-group-container.active .tab.active')?.getAttribute('aria-label') ?? '').startsWith(${JSON.stringify(tab)}))`;
  for (let attempt = 0; attempt < 10; attempt++) {
    const box = await page.waitFor(
      `(() => {
        const group = [...document.querySelectorAll('.editor-group-container')]
          .find(g => (g.querySelector('.tab.active')?.getAttribute('aria-label') ?? '').startsWith(${JSON.stringify(tab)}));
        // The editor's box (its .view-lines is as tall as the document); the middle is below any sticky scroll.
        const r = group?.querySelector('.monaco-editor')?.getBoundingClientRect();
        return r && r.height > 0 ? { x: r.x + r.width / 2, y: r.y + r.height / 2 } : null;
      })()`,
      { what: `the editor of ${tab}` },
    );
    await page.click(box.x, box.y);
    await sleep(300);
    if (await page.evaluate(focused)) return;
  }
  await screenshot('vscode-focus-failed.png');
  const state = await page.evaluate(`JSON.stringify({ active: document.activeElement?.tagName + '.' + document.activeElement?.className, group: document.querySelector('.editor-group-container.active .tab.active')?.getAttribute('aria-label') })`);
  assert.fail(`could not focus the editor of ${tab}: ${state}`);
}

async function screenshot(name) {
  fs.mkdirSync(out, { recursive: true });
  const file = path.join(out, name);
  fs.writeFileSync(file, await page.screenshot());
  return file;
}

async function hoverFirstSquiggle() {
  const box = await page.evaluate(`(() => {
    const r = document.querySelector('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error')?.getBoundingClientRect();
    return r ? { x: r.x + r.width / 2, y: r.y + r.height / 2 } : null;
  })()`);
  assert.ok(box, 'a squiggle to hover');
  await page.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: box.x - 5, y: box.y });
  await page.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: box.x, y: box.y });
  return page.waitFor(`document.querySelector('.monaco-hover:not(.hidden) .marker.hover-contents')?.textContent ?? ''`, { what: 'the hover' });
}

// ---- the scenario ----------------------------------------------------------------------------

describe('VS Code (code-server) with the packaged extension', { timeout: 300000 }, () => {
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slsp-vscode-'));
    const workspace = path.join(dir, 'workspace');
    fs.mkdirSync(workspace);
    fs.copyFileSync(FIXTURE, path.join(workspace, 'serverless.yml'));
    wb = await Workbench.start({
      codeServer: env('SLSP_CODE_SERVER'),
      chromium: env('SLSP_CHROMIUM'),
      vsix: env('SLSP_VSIX'),
      dir,
      workspace,
      settings: baseSettings,
      machineSettings,
    });
    page = wb.page;
  });

  after(async () => {
    if (page) await screenshot('vscode-last.png').catch(() => undefined);
    await wb?.stop();
    // Keep the logs next to the screenshots for a failure's post-mortem.
    const logs = path.join(out, 'vscode-logs');
    fs.mkdirSync(logs, { recursive: true });
    if (wb) fs.writeFileSync(path.join(logs, 'serverless-language-server.log'), wb.extensionLog());
    for (const name of ['code-server.log', 'chromium.log']) {
      if (fs.existsSync(path.join(dir, name))) fs.copyFileSync(path.join(dir, name), path.join(logs, name));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('opens serverless.yml and starts the bundled server', async () => {
    await openFile('serverless.yml');
    await page.waitFor(`document.getElementById('status.editor.mode')?.textContent === 'YAML'`, { what: 'YAML mode' });
    const deadline = Date.now() + 30000;
    while (!/Starting .*serverless-lsp.* \(from (bundled|setting)\)/.test(wb.extensionLog())) {
      assert.ok(Date.now() < deadline, `the extension never started a server; its log:\n${wb.extensionLog()}`);
      await sleep(200);
    }
    assert.equal(await problems(), 'No Problems');
  });

  it('shows a squiggle and one error after typing an unknown trigger', async () => {
    await retypeLineEnd(TRIGGER_LINE, 2, 'up'); // PreSignUp -> PreSignup
    const label = await page.waitFor(`(() => { const l = document.getElementById('status.problems')?.getAttribute('aria-label') ?? ''; return l !== 'No Problems' && l; })()`, { what: 'the Problems count to change' });
    assert.match(label, /Errors: 1\b/);
    assert.doesNotMatch(label, /Warnings: [1-9]/);
    // The editor draws its decorations a moment after the status bar counts the problem.
    await waitForSquiggles(1);

    const hover = await hoverFirstSquiggle();
    assert.match(hover, /must be equal to one of the allowed values \[PreSignUp, PostConfirmation/);
    assert.match(hover, /did you mean 'PreSignUp'\?/);
    assert.match(hover, /serverless-lsp\(unknown-trigger\)/);

    await page.press('M', ['Control', 'Shift']); // View: Problems
    const row = await page.waitFor(`[...document.querySelectorAll('.markers-panel .monaco-list-row')].map(r => r.textContent).find(t => t.includes('unknown-trigger'))`, { what: 'the problem in the Problems panel' });
    assert.match(row, /serverless-lsp/);
    assert.match(row, /\[Ln 13, Col 20\]/);
    const file = await screenshot('vscode.png');
    assert.ok(fs.statSync(file).size > 10000, 'a screenshot with something in it');
  });

  it('clears the problem once the trigger is fixed', async () => {
    await page.press('Escape');
    await page.evaluate(`document.querySelector('.monaco-editor textarea')?.focus()`);
    await retypeLineEnd(TRIGGER_LINE, 2, 'Up');
    await page.waitFor(`document.getElementById('status.problems')?.getAttribute('aria-label') === 'No Problems'`, { what: 'No Problems' });
    await waitForSquiggles(0);
  });

  it('completes a trigger in the editor: `trigger: Pre` lists PreSignUp', async () => {
    await page.evaluate(`document.querySelector('.monaco-editor textarea')?.focus()`);
    await retypeLineEnd(TRIGGER_LINE, 'SignUp'.length, ''); // `trigger: Pre|`
    await runCommand('Trigger Suggest');
    const rows = await page.waitFor(
      `(() => { const r = [...document.querySelectorAll('.suggest-widget .monaco-list-row')].map(e => e.getAttribute('aria-label') ?? ''); return r.some(l => l.startsWith('PreSignUp')) && r; })()`,
      { what: 'PreSignUp in the suggest widget' },
    );
    assert.ok(rows.some((l) => l.startsWith('PreTokenGeneration')), rows.join(' | '));
    assert.ok(!rows.some((l) => l.startsWith('PostConfirmation')), `only what matches "Pre": ${rows.join(' | ')}`);
    await screenshot('vscode-completion.png');
    await page.press('Escape');
    await page.type('SignUp');
    await page.press('Escape');
    await page.waitFor(`document.getElementById('status.problems')?.getAttribute('aria-label') === 'No Problems'`, { what: 'No Problems after completing' });
  });

  it('hovers over a function key: the generated Lambda function', async () => {
    await page.press('Escape');
    const box = await page.waitFor(
      `(() => {
        const span = [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-line span span')]
          .find(s => s.textContent === 'preSignUp');
        const r = span?.getBoundingClientRect();
        return r && r.width > 0 ? { x: r.x + r.width / 2, y: r.y + r.height / 2 } : null;
      })()`,
      { what: 'the preSignUp key on screen' },
    );
    await page.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: box.x - 5, y: box.y });
    await page.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: box.x, y: box.y });
    const hover = await page.waitFor(
      `(() => { const t = document.querySelector('.monaco-hover:not(.hidden) .hover-contents')?.textContent ?? ''; return t.includes('PreSignUpLambdaFunction') && t; })()`,
      { what: 'a hover naming PreSignUpLambdaFunction' },
    );
    assert.match(hover, /AWS::Lambda::Function/);
    await sleep(400); // the hover fades in
    await screenshot('vscode-hover.png');
    await page.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x: 5, y: 5 });
    await page.press('Escape');
  });

  it('shows the compiled CloudFormation beside the source, and follows an edit', async () => {
    await runCommand('Serverless: Show compiled CloudFormation');
    await page.waitFor(`[...document.querySelectorAll('.tabs-container .tab')].some(t => (t.getAttribute('aria-label') ?? '').startsWith(${JSON.stringify(COMPILED_TAB)}))`, { what: 'the compiled template tab' });
    const top = await page.waitFor(`[...document.querySelectorAll('.monaco-editor .view-lines')].map(e => e.textContent).find(t => t.includes('AWSTemplateFormatVersion'))`, { what: 'the template text' });
    assert.match(top, /"AWSTemplateFormatVersion":\s*"2010-09-09"/);
    assert.equal(await notifications(), '', 'no error notification');

    await focusEditor(COMPILED_TAB);
    // The resource's own key: exactly once.
    const pool = await findInEditor('"CognitoUserPoolMyUserPool": {');
    assert.match(pool.count, /^(1|\?) of 1$/); // one match ("?" until the cursor is on it)
    assert.match(pool.lines, /"CognitoUserPoolMyUserPool":\s*\{\s*"Type":\s*"AWS::Cognito::UserPool"/);
    const file = await screenshot('vscode-compiled.png');
    assert.ok(fs.statSync(file).size > 10000, 'a screenshot with something in it');

    // Rename the first event's pool in the source: the view shows the new pool.
    await focusEditor('serverless.yml');
    await retypeLineEnd(POOL_LINE, 'MyUserPool'.length, 'OtherPool');
    await focusEditor(COMPILED_TAB);
    const renamed = await findInEditor('"CognitoUserPoolOtherPool": {');
    assert.match(renamed.count, /^(1|\?) of 1$/);
    assert.match(renamed.lines, /"CognitoUserPoolOtherPool":\s*\{\s*"Type":\s*"AWS::Cognito::UserPool"/);
    await screenshot('vscode-compiled-edited.png');

    await focusEditor('serverless.yml');
    await retypeLineEnd(POOL_LINE, 'OtherPool'.length, 'MyUserPool');
  });

  it('restarts the server on "Serverless: Restart server" and diagnoses again', async () => {
    const before = (wb.extensionLog().match(/Starting /g) ?? []).length;
    await runCommand('Serverless: Restart server');
    await page.waitFor(`true`);
    const deadline = Date.now() + 30000;
    while ((wb.extensionLog().match(/Starting /g) ?? []).length <= before) {
      assert.ok(Date.now() < deadline, 'no second start in the log');
      await sleep(200);
    }
    await openFile('serverless.yml');
    await retypeLineEnd(TRIGGER_LINE, 2, 'up');
    await page.waitFor(`/Errors: 1\\b/.test(document.getElementById('status.problems')?.getAttribute('aria-label') ?? '')`, { what: 'the error after the restart' });
    await retypeLineEnd(TRIGGER_LINE, 2, 'Up');
    await page.waitFor(`document.getElementById('status.problems')?.getAttribute('aria-label') === 'No Problems'`, { what: 'No Problems after the restart' });
  });

  it('says so when the server binary is missing', async () => {
    await clearNotifications();
    wb.writeMachineSettings({ 'serverless.server.path': '/nonexistent/serverless-lsp' });
    const message = await waitForNotification('The serverless-lsp server was not found');
    assert.match(message, /serverless\.server\.path is "\/nonexistent\/serverless-lsp"/);
  });

  it('says so when the server crashes', async () => {
    await clearNotifications();
    // A changed path restarts the server by itself (a service file is open).
    wb.writeMachineSettings({ 'serverless.server.path': path.join(here, '..', 'fake-server', 'crashing-server') });
    const message = await waitForNotification('crashing-server did not start');
    assert.match(message, /"Serverless Language Server" output/);
  });
});
