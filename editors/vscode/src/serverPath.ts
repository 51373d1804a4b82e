// Where the serverless-lsp binary is: the setting, else the one packed into the extension,
// else PATH. Plain Node (no `vscode`), so the protocol tests run the same lookup.

import * as fs from 'node:fs';
import * as path from 'node:path';

export const SERVER_BINARY = process.platform === 'win32' ? 'serverless-lsp.exe' : 'serverless-lsp';

/** Where the packaging script puts the binary, relative to the extension's root. */
export const BUNDLED_SERVER = path.join('editors', 'vscode', 'dist', 'bin', SERVER_BINARY);

export interface ServerLookup {
  /** `serverless.server.path`, as written (may be empty, may start with `~`). */
  configured: string;
  /** The extension's root folder. */
  extensionRoot: string;
  /** `process.env.PATH`. */
  pathEnv: string | undefined;
  home: string;
}

export type ServerLocation =
  | { found: true; path: string; from: 'setting' | 'bundled' | 'PATH' }
  | { found: false; message: string };

export function findServer(lookup: ServerLookup): ServerLocation {
  const configured = lookup.configured.trim();
  if (configured !== '') {
    const expanded = configured.replace(/^~(?=$|[\\/])/, lookup.home);
    if (isExecutableFile(expanded)) return { found: true, path: expanded, from: 'setting' };
    return {
      found: false,
      message:
        `The serverless-lsp server was not found: serverless.server.path is "${configured}", ` +
        `which is not an executable file.`,
    };
  }
  const bundled = path.join(lookup.extensionRoot, BUNDLED_SERVER);
  if (isExecutableFile(bundled)) return { found: true, path: bundled, from: 'bundled' };
  for (const dir of (lookup.pathEnv ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, SERVER_BINARY);
    if (isExecutableFile(candidate)) return { found: true, path: candidate, from: 'PATH' };
  }
  return {
    found: false,
    message:
      `The serverless-lsp server was not found: this extension carries none for ` +
      `${process.platform}-${process.arch} and there is no ${SERVER_BINARY} on PATH. ` +
      `Install it (cargo install --path server) or set serverless.server.path.`,
  };
}

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (process.platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
