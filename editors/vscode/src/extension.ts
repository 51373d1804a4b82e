// The extension's entry point: starts serverless-lsp once a service file is open, and
// registers the two commands and the compiled-template view.

import * as vscode from 'vscode';
import { ServerController } from './client';
import { COMPILED_SCHEME, CompiledTemplateProvider } from './compiledView';
import { CONFIG_SECTION, isServiceFilePath } from './protocol';

let controller: ServerController | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const server = new ServerController(context);
  controller = server;
  const compiled = new CompiledTemplateProvider(server);
  context.subscriptions.push(
    server,
    compiled,
    vscode.workspace.registerTextDocumentContentProvider(COMPILED_SCHEME, compiled),
    vscode.commands.registerCommand('serverless.showCompiled', () => compiled.show()),
    vscode.commands.registerCommand('serverless.restartServer', async () => {
      if (await server.restart()) void vscode.window.setStatusBarMessage('serverless-lsp restarted', 3000);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // A new path is tried at once, also after a failed start (the user fixing the path).
      if (e.affectsConfiguration(`${CONFIG_SECTION}.server.path`) && vscode.workspace.textDocuments.some(isService)) {
        void server.restart();
      }
    }),
    // Activation is on any YAML file (a loose serverless.yml needs no workspace); the server
    // only starts for service files.
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (isService(document)) void server.start();
    }),
  );
  await vscode.commands.executeCommand('setContext', 'serverless.active', true);
  if (vscode.workspace.textDocuments.some(isService)) await server.start();
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
}

function isService(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && isServiceFilePath(document.uri.path);
}
