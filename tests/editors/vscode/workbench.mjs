// Starts code-server (the real VS Code workbench, 1.100) and a headless Chromium on it, and
// gives the test a Page to drive. Both run in process groups of their own, ended by their ids.

import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Page, sleep } from './cdp.mjs';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export class Workbench {
  /** @type {Page} */ page;
  #children = [];

  /**
   * @param {object} o
   * @param {string} o.codeServer  code-server's out/node/entry.js
   * @param {string} o.chromium
   * @param {string} o.vsix
   * @param {string} o.dir         a fresh folder for profiles, logs and the workspace
   * @param {string} o.workspace   the folder to open
   * @param {object} o.settings    user settings.json
   * @param {object} [o.machineSettings]  the remote machine's settings.json
   */
  static async start(o) {
    const wb = new Workbench();
    wb.dir = o.dir;
    wb.settingsFile = path.join(o.dir, 'user', 'User', 'settings.json');
    fs.mkdirSync(path.dirname(wb.settingsFile), { recursive: true });
    wb.writeSettings(o.settings);
    wb.writeMachineSettings(o.machineSettings ?? {});
    const env = {
      ...process.env,
      XDG_CONFIG_HOME: path.join(o.dir, 'xdg-config'),
      XDG_DATA_HOME: path.join(o.dir, 'xdg-data'),
    };
    const common = ['--user-data-dir', path.join(o.dir, 'user'), '--extensions-dir', path.join(o.dir, 'extensions')];
    execFileSync(process.execPath, [o.codeServer, ...common, '--install-extension', o.vsix], { env, stdio: 'ignore' });

    const port = await freePort();
    wb.#spawn('code-server', process.execPath, [
      o.codeServer, ...common,
      '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--disable-getting-started-override',
      o.workspace,
    ], env);
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60000);

    const debugPort = await freePort();
    wb.#spawn('chromium', o.chromium, [
      '--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-extensions',
      `--remote-debugging-port=${debugPort}`, `--user-data-dir=${path.join(o.dir, 'chromium')}`,
      '--window-size=1400,900', 'about:blank',
    ], env);
    wb.page = await Page.connect(debugPort, { timeoutMs: 30000 });
    await wb.page.send('Emulation.setDeviceMetricsOverride', { width: 1400, height: 860, deviceScaleFactor: 1, mobile: false });
    await wb.page.navigate(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(o.workspace)}`);
    await wb.page.waitFor(`!!document.querySelector('.monaco-workbench .part.statusbar')`, { timeoutMs: 90000, what: 'the workbench' });
    return wb;
  }

  writeSettings(settings) {
    fs.writeFileSync(this.settingsFile, JSON.stringify(settings, null, 2));
  }

  /** The remote machine's settings: where machine-scoped ones (serverless.server.path) count,
   *  the extension host running on code-server's side. */
  writeMachineSettings(settings) {
    const file = path.join(this.dir, 'user', 'Machine', 'settings.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(settings, null, 2));
  }

  #spawn(name, command, args, env) {
    const log = fs.openSync(path.join(this.dir, `${name}.log`), 'a');
    const child = spawn(command, args, { env, detached: true, stdio: ['ignore', log, log] });
    this.#children.push(child);
  }

  /** The extension's log ("Serverless Language Server" output channel), '' until it exists. */
  extensionLog() {
    const logs = path.join(this.dir, 'user', 'logs');
    const found = [];
    const walk = (dir) => {
      for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name === 'Serverless Language Server.log') found.push(full);
      }
    };
    walk(logs);
    return found.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  }

  async stop() {
    this.page?.close();
    for (const child of this.#children.reverse()) {
      try {
        process.kill(-child.pid, 'SIGTERM'); // its group: code-server's extension host, Chromium's helpers
      } catch {
        // already gone
      }
    }
    await sleep(300);
    for (const child of this.#children) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
}

async function waitForHttp(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await sleep(250);
  }
}
