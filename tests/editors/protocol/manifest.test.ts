// The manifest (top-level package.json) agrees with the extension's code and with itself.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { SERVICE_FILE_GLOBS, isServiceFileName } from '../../../editors/vscode/src/protocol';
import { repo } from './server';

const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
const source = (file: string) => fs.readFileSync(path.join(repo, 'editors', 'vscode', 'src', file), 'utf8');

describe('package.json', () => {
  it('declares every command the extension registers, and no other', () => {
    const registered = [...source('extension.ts').matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]).sort();
    const declared = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(declared, registered);
    assert.deepEqual(
      manifest.contributes.commands.map((c: { category: string; title: string }) => `${c.category}: ${c.title}`).sort(),
      ['Serverless: Restart server', 'Serverless: Show compiled CloudFormation'],
    );
  });

  it('has the settings the brief names, the trace one under the client id', () => {
    assert.deepEqual(Object.keys(manifest.contributes.configuration.properties).sort(), [
      'serverless.params', 'serverless.region', 'serverless.server.path', 'serverless.stage', 'serverless.trace.server',
    ]);
    assert.match(source('client.ts'), /const CLIENT_ID = 'serverless';/);
  });

  it('activates, and hands the YAML extension our schema, on the files the client selects', () => {
    const contains = manifest.activationEvents.filter((e: string) => e.startsWith('workspaceContains:'));
    assert.deepEqual(contains, ['workspaceContains:**/serverless.{yml,yaml}', 'workspaceContains:**/serverless.*.{yml,yaml}']);
    assert.deepEqual(manifest.contributes.yamlValidation[0].fileMatch, SERVICE_FILE_GLOBS.map((g) => g.slice(3)));
    for (const name of ['serverless.yml', 'serverless.yaml', 'serverless.dev.yml', 'serverless.dev.yaml']) {
      assert.ok(isServiceFileName(name), name);
    }
    for (const name of ['serverless.json', 'serverless-yml', 'x.serverless.yml', 'serverless.yml.orig']) {
      assert.ok(!isServiceFileName(name), name);
    }
  });

  it('points at files that exist in the package', () => {
    assert.ok(fs.existsSync(path.join(repo, manifest.main)), `${manifest.main} (built by npm run build)`);
    assert.ok(fs.existsSync(path.join(repo, manifest.contributes.yamlValidation[0].url)));
    const ignore = fs.readFileSync(path.join(repo, 'editors', 'vscode', '.vscodeignore'), 'utf8');
    for (const kept of [manifest.main.replace(/^\.\//, ''), 'editors/vscode/dist/bin/**', 'editors/vscode/schemas/**']) {
      assert.ok(ignore.includes(`!${kept}`), `.vscodeignore keeps ${kept}`);
    }
  });

  it('declares the framework\'s CloudFormation tags (17 functions x 3 node kinds) to the YAML extension', () => {
    const tags: string[] = manifest.contributes.configurationDefaults['yaml.customTags'];
    assert.equal(new Set(tags).size, 51);
    for (const tag of tags) assert.match(tag, /^!(And|Base64|Cidr|Condition|Equals|FindInMap|GetAtt|GetAZs|If|ImportValue|Join|Not|Or|Ref|Select|Split|Sub) (scalar|sequence|mapping)$/);
  });
});
