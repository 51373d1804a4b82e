// A minimal LSP client over stdio on vscode-jsonrpc (the library VS Code's client uses), for
// any server: a command line, the settings it answers `workspace/configuration` with, and the
// `initializationOptions` it starts with.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';

export class LspServer {
  /** @param {{name: string, command: string[], settings: object, initializationOptions?: object, cwd?: string}} config */
  static async start(config, rootUri) {
    const server = new LspServer(config);
    await server.#initialize(rootUri);
    return server;
  }

  constructor(config) {
    this.config = config;
    const [cmd, ...args] = config.command;
    this.proc = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], cwd: config.cwd });
    this.stderr = '';
    // Keep only the tail: a server's log must not grow the driver's memory.
    this.proc.stderr.on('data', (chunk) => { this.stderr = (this.stderr + chunk).slice(-20000); });
    this.exited = new Promise((resolve) => this.proc.on('exit', (code, signal) => resolve({ code, signal })));
    this.connection = createMessageConnection(
      new StreamMessageReader(this.proc.stdout),
      new StreamMessageWriter(this.proc.stdin),
    );
    this.versions = new Map();
    this.waiters = [];
    this.publishCount = 0;
    this.connection.onNotification('textDocument/publishDiagnostics', (params) => this.#onDiagnostics(params));
    this.connection.onRequest('workspace/configuration', (params) =>
      params.items.map((item) => lookup(config.settings, item.section)));
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('client/unregisterCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.onNotification(() => {}); // window/logMessage, telemetry, ...
    this.connection.listen();
  }

  async #initialize(rootUri) {
    const result = await this.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      initializationOptions: this.config.initializationOptions,
      capabilities: {
        general: { positionEncodings: ['utf-16'] },
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          publishDiagnostics: { versionSupport: true, relatedInformation: true },
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
        },
      },
    });
    this.capabilities = result.capabilities;
    this.serverInfo = result.serverInfo;
    this.connection.sendNotification('initialized', {});
    // What VS Code does after start: push the settings too.
    this.connection.sendNotification('workspace/didChangeConfiguration', { settings: this.config.settings });
  }

  #onDiagnostics(params) {
    this.publishCount += 1;
    const now = performance.now();
    this.waiters = this.waiters.filter((waiter) => {
      if (waiter.uri !== params.uri) return true;
      // Servers that put the version on diagnostics are matched on it. Servers that do not
      // (yaml-language-server) are matched on the first publish after the edit was sent: the
      // driver never has an older version's validation pending when it sends an edit (it
      // waited for it), except inside a typing burst, where that can only make them faster.
      if (params.version != null && waiter.version != null && params.version < waiter.version) return true;
      waiter.resolve({ at: now, params });
      return false;
    });
  }

  /** Resolves at the first publishDiagnostics for `uri` of `version` or newer. */
  diagnostics(uri, version, timeoutMs) {
    return new Promise((resolve, reject) => {
      const waiter = { uri, version, resolve: (r) => { clearTimeout(timer); resolve(r); } };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`${this.config.name}: no diagnostics for ${uri} v${version} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  open(uri, text) {
    this.versions.set(uri, 1);
    this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text },
    });
    return 1;
  }

  close(uri) {
    this.versions.delete(uri);
    this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** One incremental edit: `range` replaced by `text`. Returns the new version. */
  change(uri, range, text) {
    const version = this.versions.get(uri) + 1;
    this.versions.set(uri, version);
    this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range, text }],
    });
    return version;
  }

  request(method, params) {
    return this.connection.sendRequest(method, params);
  }

  /** Peak and current resident memory of the server process, in MiB, from /proc. */
  memory() {
    const status = readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
    const kib = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { peakMiB: kib('VmHWM') / 1024, rssMiB: kib('VmRSS') / 1024 };
  }

  async stop() {
    try {
      await withTimeout(this.connection.sendRequest('shutdown'), 10000);
      this.connection.sendNotification('exit');
    } catch {
      // a server that does not answer is killed below
    }
    const exited = await Promise.race([this.exited, sleep(5000).then(() => null)]);
    if (!exited) this.proc.kill('SIGKILL');
    this.connection.dispose();
  }
}

/** `workspace/configuration` answers: the settings object at the dotted `section`. */
function lookup(settings, section) {
  if (!section) return settings;
  let value = settings;
  for (const part of section.split('.')) {
    if (value == null || typeof value !== 'object') return null;
    value = value[part];
  }
  return value ?? null;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function withTimeout(promise, ms, what = 'request') {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms); }),
  ]);
}
