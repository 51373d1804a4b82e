// Starts, restarts and watches the serverless-lsp process through vscode-languageclient.

import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  CloseAction,
  type CloseHandlerResult,
  ErrorAction,
  type ErrorHandler,
  type ErrorHandlerResult,
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
} from 'vscode-languageclient/node';
import {
  CONFIG_SECTION,
  SERVICE_FILE_GLOBS,
  YAML_EXTENSION_ID,
  serverSettings,
  withoutYamlExtensionDuplicates,
} from './protocol';
import { findServer } from './serverPath';

const CLIENT_ID = 'serverless'; // also makes `serverless.trace.server` the trace setting
const CLIENT_NAME = 'Serverless Language Server';
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

export class ServerController implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly output: vscode.LogOutputChannel;
  private readonly started = new vscode.EventEmitter<void>();
  /** Fires each time a server is up (first start and every restart). */
  readonly onDidStart = this.started.event;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel(CLIENT_NAME, { log: true });
  }

  /** The running client, if any. */
  get running(): LanguageClient | undefined {
    return this.client?.state === State.Running ? this.client : undefined;
  }

  /** Starts the server unless it runs; false (after telling the user why) if it cannot. */
  async start(): Promise<boolean> {
    if (this.client?.isRunning()) return true;
    if (this.client !== undefined) await this.stop();

    const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
    const configured = vscode.workspace.isTrusted
      ? config.get<string>('server.path', '')
      : (config.inspect<string>('server.path')?.globalValue ?? '');
    const server = findServer({
      configured,
      extensionRoot: this.context.extensionPath,
      pathEnv: process.env.PATH,
      home: os.homedir(),
    });
    if (!server.found) {
      this.output.error(server.message);
      void showError(server.message, this.output);
      return false;
    }
    this.output.info(`Starting ${server.path} (from ${server.from})`);

    const serverOptions: ServerOptions = {
      command: server.path,
      args: ['--stdio'],
      options: { env: { ...process.env, RUST_BACKTRACE: '1' } },
    };
    const crashes = new CrashHandler(this.output, () => void this.restart());
    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, this.clientOptions(crashes));
    this.client = client;
    try {
      await client.start();
      crashes.started = true;
    } catch (error) {
      const message =
        `The serverless-lsp server at ${server.path} did not start ` +
        `(${error instanceof Error ? error.message : String(error)}). ` +
        `Its messages are in the "${CLIENT_NAME}" output.`;
      this.output.error(message);
      void showError(message, this.output);
      this.client = undefined;
      await client.dispose().catch(() => undefined);
      return false;
    }
    this.started.fire();
    return true;
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client === undefined) return;
    try {
      if (client.isRunning()) await client.stop(5000);
      await client.dispose();
    } catch (error) {
      this.output.warn(`Stopping the server: ${String(error)}`);
    }
  }

  async restart(): Promise<boolean> {
    await this.stop();
    return this.start();
  }

  dispose(): void {
    void this.stop();
    this.started.dispose();
    this.output.dispose();
  }

  private clientOptions(crashes: CrashHandler): LanguageClientOptions {
    return {
      documentSelector: SERVICE_FILE_GLOBS.map((pattern) => ({ scheme: 'file', language: 'yaml', pattern })),
      initializationOptions: serverSettings((key) =>
        vscode.workspace.getConfiguration(CONFIG_SECTION).get(key),
      ),
      synchronize: { configurationSection: CONFIG_SECTION },
      outputChannel: this.output,
      errorHandler: crashes,
      // A failed start is reported once, by `start` above, instead of by a generic toast.
      initializationFailedHandler: (error) => {
        this.output.error(`initialize failed: ${error instanceof Error ? error.message : String(error)}`);
        return false;
      },
      middleware: {
        handleDiagnostics: (uri, diagnostics, next) => {
          next(uri, yamlExtensionValidates(uri) ? withoutYamlExtensionDuplicates(diagnostics) : diagnostics);
        },
      },
    };
  }
}

/** True when the Red Hat YAML extension is installed and validates this file. */
function yamlExtensionValidates(uri: vscode.Uri): boolean {
  if (vscode.extensions.getExtension(YAML_EXTENSION_ID) === undefined) return false;
  return vscode.workspace.getConfiguration('yaml', uri).get<boolean>('validate', true);
}

/** Restarts a crashed server a few times, saying so each time, then gives up and says that. */
class CrashHandler implements ErrorHandler {
  private crashes: number[] = [];
  /** Set once the server has answered `initialize`; before that, `start` reports failures. */
  started = false;

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly restart: () => void,
  ) {}

  error(error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    this.output.error(`connection to the server: ${error.message}`);
    // Writing to a dead process fails too: what the user should read comes from `closed`.
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true };
  }

  closed(): CloseHandlerResult {
    if (!this.started) return { action: CloseAction.DoNotRestart, handled: true };
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < RESTART_WINDOW_MS), now];
    if (this.crashes.length <= MAX_RESTARTS) {
      void vscode.window
        .showWarningMessage('The serverless-lsp server stopped unexpectedly and was restarted.', 'Show Output')
        .then((choice) => choice && this.output.show(true));
      return { action: CloseAction.Restart, handled: true };
    }
    void vscode.window
      .showErrorMessage(
        `The serverless-lsp server crashed ${this.crashes.length} times in 3 minutes and was not ` +
          `restarted. Its log is in the "${CLIENT_NAME}" output.`,
        'Show Output',
        'Restart',
      )
      .then((choice) => {
        if (choice === 'Show Output') this.output.show(true);
        if (choice === 'Restart') this.restart();
      });
    return { action: CloseAction.DoNotRestart, handled: true };
  }
}

async function showError(message: string, output: vscode.LogOutputChannel): Promise<void> {
  const choice = await vscode.window.showErrorMessage(message, 'Open Settings', 'Show Output');
  if (choice === 'Open Settings') {
    await vscode.commands.executeCommand('workbench.action.openSettings', 'serverless.server.path');
  } else if (choice === 'Show Output') {
    output.show(true);
  }
}
