// Asks a server binary, over the real protocol, whether it implements the custom request
// `serverless/compiledTemplate`; the editor suites then assert the template, or the clear
// "not supported yet" message, accordingly. Usage: node server-probe.mjs SERVER  (prints yes|no)

import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ErrorCodes,
  StreamMessageReader,
  StreamMessageWriter,
  createProtocolConnection,
} from 'vscode-languageserver-protocol/node';

export async function supportsCompiledTemplate(server) {
  const child = spawn(server, ['--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  connection.listen();
  try {
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    connection.sendNotification('initialized', {});
    const uri = pathToFileURL(path.join(process.cwd(), 'probe', 'serverless.yml')).href;
    connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text: 'service: probe\nprovider:\n  name: aws\n' },
    });
    try {
      await connection.sendRequest('serverless/compiledTemplate', { textDocument: { uri } });
      return true;
    } catch (error) {
      if (error?.code === ErrorCodes.MethodNotFound) return false;
      return true; // it knows the request (this document may just not compile)
    }
  } finally {
    connection.dispose();
    child.kill();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log((await supportsCompiledTemplate(process.argv[2])) ? 'yes' : 'no');
}
