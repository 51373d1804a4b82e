// The extension's client code (editors/vscode/src/protocol.ts) against the real server, over
// the protocol library VS Code uses: file selection, settings section, position encoding,
// diagnostics, the YAML-extension filter and the compiled-template request.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CONFIG_SECTION,
  CompiledTemplateRequest,
  describeCompiledTemplateError,
  isServiceFileName,
  serverSettings,
  withoutYamlExtensionDuplicates,
} from '../../../editors/vscode/src/protocol';
import { TestServer, repo } from './server';

const fixture = (rel: string) => fs.readFileSync(path.join(repo, 'tests', 'editors', 'fixtures', rel), 'utf8');
const VALID = fixture('service/serverless.yml');
const INVALID_TRIGGER = fixture('invalid-trigger/serverless.yml');
const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));

describe('the extension client against serverless-lsp', () => {
  let server: TestServer;
  const settings = { stage: 'prod', region: 'eu-west-1', params: { domain: 'example.com' } };

  before(async () => {
    server = await TestServer.start({
      positionEncodings: ['utf-16'], // what vscode-languageclient offers
      initializationOptions: serverSettings((key) => (settings as Record<string, unknown>)[key]),
      configuration: (items) => items.map(() => settings),
    });
  });
  after(() => server.stop());

  it('gets utf-16 positions, as VS Code needs', () => {
    assert.equal(server.initializeResult.capabilities.positionEncoding, 'utf-16');
  });

  it('asks for the settings under the section the extension contributes', async () => {
    const deadline = Date.now() + 5000;
    while (server.configurationRequests.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(server.configurationRequests[0], [{ section: CONFIG_SECTION }]);
    const contributed = Object.keys(manifest.contributes.configuration.properties);
    for (const key of ['stage', 'region', 'params']) assert.ok(contributed.includes(`${CONFIG_SECTION}.${key}`), key);
  });

  it('diagnoses exactly the files the extension selects', async () => {
    const names = [
      'serverless.yml', 'serverless.yaml', 'serverless.dev.yml', 'serverless.prod.eu.yaml',
      'Serverless.yml', 'serverless.yml.bak', 'my-serverless.yml', 'serverless.json', 'serverlessyml',
    ];
    const uris = names.map((name, i) => TestServer.uri(`select-${i}/${name}`));
    for (const uri of uris) await server.open(uri, INVALID_TRIGGER);
    for (const [i, name] of names.entries()) {
      if (isServiceFileName(name)) await server.diagnostics(uris[i], 1); // throws if never published
    }
    await new Promise((r) => setTimeout(r, 500)); // the others had as long, and more
    const diagnosed = names.filter((_, i) => server.published.some((p) => p.uri === uris[i]));
    assert.deepEqual(diagnosed, names.filter(isServiceFileName));
  });

  it('reports an unknown trigger with our source and code, in utf-16 columns', async () => {
    const uri = TestServer.uri('trigger/serverless.yml');
    await server.open(uri, INVALID_TRIGGER);
    const [d, ...rest] = await server.diagnostics(uri, 1);
    assert.equal(rest.length, 0);
    assert.equal(d.source, 'serverless-lsp');
    assert.equal(d.code, 'unknown-trigger');
    const line = INVALID_TRIGGER.split('\n')[12];
    assert.deepEqual(d.range, {
      start: { line: 12, character: line.indexOf('PreSignup') },
      end: { line: 12, character: line.indexOf('PreSignup') + 'PreSignup'.length },
    });
  });

  it('follows incremental edits (utf-16 ranges) version by version', async () => {
    const uri = TestServer.uri('edits/serverless.yml');
    await server.open(uri, VALID);
    assert.deepEqual(await server.diagnostics(uri, 1), []);
    const line = VALID.split('\n')[12];
    const at = line.indexOf('PreSignUp') + 'PreSign'.length;
    const edit = (version: number, text: string) =>
      server.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line: 12, character: at }, end: { line: 12, character: at + 1 } }, text }],
      });
    await edit(2, 'u');
    assert.deepEqual((await server.diagnostics(uri, 2)).map((d) => d.code), ['unknown-trigger']);
    await edit(3, 'U');
    assert.deepEqual(await server.diagnostics(uri, 3), []);
  });

  it('hides only the diagnostics the YAML extension also reports', async () => {
    const uri = TestServer.uri('broken/serverless.yml');
    const broken = INVALID_TRIGGER + 'custom:\n  list: [a, b\n';
    await server.open(uri, broken);
    const all = await server.diagnostics(uri, 1);
    const codes = all.map((d) => String(d.code));
    assert.ok(codes.includes('yaml-invalid'), `a syntax error among ${codes}`);
    const kept = withoutYamlExtensionDuplicates(all).map((d) => String(d.code));
    assert.ok(!kept.includes('yaml-invalid'), 'the syntax error is left to the YAML extension');
    assert.ok(kept.includes('unknown-trigger'), `our own findings stay: ${kept}`);
  });

  it('accepts every CloudFormation tag the extension declares to the YAML extension', async () => {
    const tags: string[] = manifest.contributes.configurationDefaults['yaml.customTags'];
    const sample = { scalar: 'X', sequence: '[a, b]', mapping: '{a: b}' } as Record<string, string>;
    const lines = tags.map((tag, i) => {
      const [name, kind] = tag.split(' ');
      return `  t${i}: ${name} ${sample[kind]}`;
    });
    const uri = TestServer.uri('tags/serverless.yml');
    await server.open(uri, `${VALID}custom:\n${lines.join('\n')}\n  unknown: !NotACloudFormationTag x\n`);
    const tagProblems = (await server.diagnostics(uri, 1)).filter((d) => String(d.code).startsWith('yaml-'));
    // Exactly one: the made-up tag. (Proves the check can see a tag problem at all.)
    assert.equal(tagProblems.length, 1, JSON.stringify(tagProblems));
    assert.equal(tagProblems[0].code, 'yaml-unknown-tag');
    assert.equal(tagProblems[0].range.start.line, VALID.split('\n').length - 1 + 1 + tags.length);
  });

  it('serverless/compiledTemplate: the template, or the extension\'s clear "not yet" message', async () => {
    const uri = TestServer.uri('compiled/serverless.yml');
    await server.open(uri, VALID);
    await server.diagnostics(uri, 1);
    const supported = process.env.SLSP_COMPILED_TEMPLATE === 'yes';
    try {
      const text = await server.connection.sendRequest(CompiledTemplateRequest, { textDocument: { uri } });
      assert.ok(supported, 'the server answers serverless/compiledTemplate: set SLSP_COMPILED_TEMPLATE=yes');
      const template = JSON.parse(text);
      assert.equal(template.AWSTemplateFormatVersion, '2010-09-09');
      assert.ok(template.Resources.CognitoUserPoolMyUserPool);
    } catch (error) {
      if (supported) throw error;
      const failure = describeCompiledTemplateError(error);
      assert.equal(failure.kind, 'unsupported');
      assert.match(failure.message, /cannot show compiled templates yet/);
      assert.match(failure.message, /serverless\/compiledTemplate/);
    }
  });
});
