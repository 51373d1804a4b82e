// "Serverless: Show compiled CloudFormation": a read-only virtual document per service file,
// filled by the server's `serverless/compiledTemplate` and refreshed as the source changes.

import * as vscode from 'vscode';
import type { ServerController } from './client';
import { CompiledTemplateRequest, describeCompiledTemplateError, isServiceFilePath } from './protocol';

export const COMPILED_SCHEME = 'serverless-compiled';
const REFRESH_DELAY_MS = 300;

/** `serverless-compiled:/dir/serverless.cloudformation.json?<source uri>` */
export function compiledUri(source: vscode.Uri): vscode.Uri {
  const path = source.path.replace(/\.ya?ml$/, '') + '.cloudformation.json';
  return vscode.Uri.from({ scheme: COMPILED_SCHEME, path, query: source.toString() });
}

function sourceOf(compiled: vscode.Uri): vscode.Uri {
  return vscode.Uri.parse(compiled.query, true);
}

export class CompiledTemplateProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly server: ServerController) {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((e) => this.sourceChanged(e.document.uri)),
      vscode.workspace.onDidSaveTextDocument((doc) => this.sourceChanged(doc.uri)),
      server.onDidStart(() => this.refreshAll()),
    ];
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const client = this.server.running;
    if (client === undefined) {
      return '// The serverless-lsp server is not running ("Serverless: Restart server" starts it).\n';
    }
    const source = sourceOf(uri);
    try {
      return await client.sendRequest(
        CompiledTemplateRequest,
        { textDocument: { uri: client.code2ProtocolConverter.asUri(source) } },
        token,
      );
    } catch (error) {
      const failure = describeCompiledTemplateError(error);
      const heading =
        failure.kind === 'unsupported' ? 'No compiled template:' : '`serverless package` would fail:';
      return [heading, ...failure.message.split('\n')].map((line) => `// ${line}`.trimEnd()).join('\n') + '\n';
    }
  }

  /** The command: opens (or reveals) the compiled view of the active service file. */
  async show(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const source = editor?.document.uri;
    if (source === undefined || source.scheme !== 'file' || !isServiceFilePath(source.path)) {
      void vscode.window.showErrorMessage(
        'Open a serverless.yml (or serverless.<stage>.yml) first: its compiled template is shown beside it.',
      );
      return;
    }
    if (!(await this.server.start())) return; // the controller has told the user why
    const client = this.server.running;
    if (client === undefined) return;

    try {
      await client.sendRequest(CompiledTemplateRequest, {
        textDocument: { uri: client.code2ProtocolConverter.asUri(source) },
      });
    } catch (error) {
      const failure = describeCompiledTemplateError(error);
      if (failure.kind === 'unsupported') {
        void vscode.window.showErrorMessage(failure.message);
        return;
      }
      // A compile error is shown in the view itself, which updates once it is fixed.
    }
    const uri = compiledUri(source);
    const document = await vscode.workspace.openTextDocument(uri);
    this.changed.fire(uri); // the content may be cached from an earlier opening
    await vscode.languages.setTextDocumentLanguage(document, 'jsonc');
    await vscode.window.showTextDocument(document, {
      viewColumn: vscode.ViewColumn.Beside,
      preserveFocus: true,
      preview: false,
    });
  }

  private sourceChanged(source: vscode.Uri): void {
    if (source.scheme !== 'file' || !isServiceFilePath(source.path)) return;
    const uri = compiledUri(source);
    if (!this.isOpen(uri)) return;
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.changed.fire(uri);
      }, REFRESH_DELAY_MS),
    );
  }

  private refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme === COMPILED_SCHEME) this.changed.fire(document.uri);
    }
  }

  private isOpen(uri: vscode.Uri): boolean {
    const key = uri.toString();
    return vscode.workspace.textDocuments.some((d) => d.uri.toString() === key);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}
