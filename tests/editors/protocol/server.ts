// The real serverless-lsp (or $SLSP_SERVER) on stdio, spoken to with vscode-jsonrpc, the
// protocol library vscode-languageclient uses.

import { type ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationRequest,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  PublishDiagnosticsNotification,
  type PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';

export const repo = process.env.SLSP_REPO ?? process.cwd();
export const serverPath = process.env.SLSP_SERVER ?? path.join(repo, 'target', 'release', 'serverless-lsp');

export interface StartOptions {
  /** What the client offers, e.g. ['utf-16'] like VS Code. */
  positionEncodings?: string[];
  initializationOptions?: unknown;
  /** Answers `workspace/configuration`; when absent the client says it cannot. */
  configuration?: (items: { section?: string }[]) => unknown[];
}

export class TestServer {
  readonly connection: ProtocolConnection;
  readonly child: ChildProcess;
  readonly published: PublishDiagnosticsParams[] = [];
  readonly configurationRequests: { section?: string }[][] = [];
  initializeResult!: InitializeResult;
  private waiters: (() => void)[] = [];

  private constructor() {
    this.child = spawn(serverPath, ['--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
    this.connection = createProtocolConnection(
      new StreamMessageReader(this.child.stdout!),
      new StreamMessageWriter(this.child.stdin!),
    );
    this.connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      this.published.push(params);
      this.waiters.splice(0).forEach((wake) => wake());
    });
  }

  static async start(options: StartOptions = {}): Promise<TestServer> {
    const server = new TestServer();
    const { connection } = server;
    if (options.configuration) {
      const answer = options.configuration;
      connection.onRequest(ConfigurationRequest.type, (params) => {
        server.configurationRequests.push(params.items);
        return answer(params.items);
      });
    }
    connection.onRequest('client/registerCapability', () => null);
    connection.listen();
    server.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: {
        general: { positionEncodings: options.positionEncodings ?? ['utf-16'] },
        workspace: {
          configuration: options.configuration !== undefined,
          didChangeConfiguration: { dynamicRegistration: options.configuration !== undefined },
        },
        // What vscode-languageclient declares for these features.
        textDocument: {
          publishDiagnostics: { versionSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          completion: {
            completionItem: { snippetSupport: true, insertReplaceSupport: true, documentationFormat: ['markdown', 'plaintext'] },
          },
        },
      },
      initializationOptions: options.initializationOptions,
    });
    await connection.sendNotification('initialized', {});
    return server;
  }

  static uri(name: string): string {
    return pathToFileURL(path.join(repo, 'tests', 'out', 'protocol-docs', name)).href;
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version, text },
    });
  }

  /** The diagnostics published for `uri` at `version`, waiting up to `timeoutMs`. */
  async diagnostics(uri: string, version: number, timeoutMs = 10000): Promise<Diagnostic[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.published.find((p) => p.uri === uri && p.version === version);
      if (found) return found.diagnostics;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no diagnostics for ${uri} version ${version} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.connection.sendNotification('exit');
    } catch {
      // already gone
    }
    this.connection.dispose();
    this.child.kill();
  }
}
