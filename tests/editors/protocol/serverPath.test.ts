// Where the extension looks for the server: the setting, the bundled binary, PATH.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { BUNDLED_SERVER, SERVER_BINARY, findServer } from '../../../editors/vscode/src/serverPath';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'slsp-path-'));
const executable = (file: string, mode = 0o755) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '#!/bin/sh\n');
  fs.chmodSync(file, mode);
  return file;
};

describe('findServer', () => {
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const root = path.join(tmp, 'extension');
  const onPath = path.join(tmp, 'bin');
  const home = path.join(tmp, 'home');

  it('finds nothing, and says what to do', () => {
    const found = findServer({ configured: '', extensionRoot: root, pathEnv: onPath, home });
    assert.equal(found.found, false);
    assert.match(!found.found ? found.message : '', /serverless\.server\.path/);
  });

  it('takes PATH, then the bundled binary over it', () => {
    const fromPath = executable(path.join(onPath, SERVER_BINARY));
    assert.deepEqual(findServer({ configured: '', extensionRoot: root, pathEnv: `/nonexistent${path.delimiter}${onPath}`, home }), {
      found: true, path: fromPath, from: 'PATH',
    });
    const bundled = executable(path.join(root, BUNDLED_SERVER));
    assert.deepEqual(findServer({ configured: '', extensionRoot: root, pathEnv: onPath, home }), {
      found: true, path: bundled, from: 'bundled',
    });
  });

  it('takes the setting first, with ~ for the home folder', () => {
    const mine = executable(path.join(home, 'built', 'serverless-lsp'));
    assert.deepEqual(findServer({ configured: '~/built/serverless-lsp', extensionRoot: root, pathEnv: onPath, home }), {
      found: true, path: mine, from: 'setting',
    });
  });

  it('does not fall back when the setting is wrong: it says so', () => {
    const notExecutable = executable(path.join(tmp, 'plain-file'), 0o644);
    for (const configured of ['/nonexistent/serverless-lsp', notExecutable, tmp]) {
      const found = findServer({ configured, extensionRoot: root, pathEnv: onPath, home });
      assert.equal(found.found, false, configured);
      assert.match(!found.found ? found.message : '', /not an executable file/);
    }
  });
});
