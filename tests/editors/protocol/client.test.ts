// The extension's client code (editors/vscode/src/protocol.ts) against the real server, over
// the protocol library VS Code uses: file selection, settings section, position encoding,
// diagnostics, the YAML-extension filter, the compiled-template request, completion and hover.

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
import {
  CompletionRequest,
  ErrorCodes,
  HoverRequest,
  ResponseError,
} from 'vscode-languageserver-protocol/node';
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

  it('serverless/compiledTemplate: the template `serverless package` writes, as JSON text', async () => {
    const uri = TestServer.uri('compiled/serverless.yml');
    await server.open(uri, VALID);
    await server.diagnostics(uri, 1);
    const text = await server.connection.sendRequest(CompiledTemplateRequest, { textDocument: { uri } });
    assert.equal(typeof text, 'string');
    const template = JSON.parse(text);
    assert.equal(JSON.stringify(template, null, 2), text, 'two-space JSON, as the framework writes it');
    assert.equal(template.AWSTemplateFormatVersion, '2010-09-09');
    // With the settings the extension sent (stage prod, region eu-west-1).
    assert.equal(template.Resources.PreSignUpLambdaFunction.Properties.FunctionName, 'cup-test-prod-preSignUp');
    const pool = template.Resources.CognitoUserPoolMyUserPool;
    assert.deepEqual(pool.Properties, {
      UserPoolName: 'MyUserPool',
      LambdaConfig: {
        PreSignUp: { 'Fn::GetAtt': ['PreSignUpLambdaFunction', 'Arn'] },
        CustomMessage: { 'Fn::GetAtt': ['CustomMessageLambdaFunction', 'Arn'] },
      },
    });
    assert.deepEqual(pool.DependsOn, ['PreSignUpLambdaFunction', 'CustomMessageLambdaFunction']);
    assert.deepEqual(
      Object.keys(template.Resources).filter((id) => id.includes('LambdaPermission')),
      [
        'PreSignUpLambdaPermissionCognitoUserPoolMyUserPoolTriggerSourcePreSignUp',
        'CustomMessageLambdaPermissionCognitoUserPoolMyUserPoolTriggerSourceCustomMessage',
      ],
    );
  });

  it('serverless/compiledTemplate follows an edit of the pool name', async () => {
    const uri = TestServer.uri('compiled-edit/serverless.yml');
    await server.open(uri, VALID);
    await server.diagnostics(uri, 1);
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: VALID.replaceAll('MyUserPool', 'OtherPool') }],
    });
    await server.diagnostics(uri, 2);
    const ids = Object.keys(JSON.parse(await server.connection.sendRequest(CompiledTemplateRequest, { textDocument: { uri } })).Resources);
    assert.ok(ids.includes('CognitoUserPoolOtherPool'), ids.join(', '));
    assert.ok(!ids.includes('CognitoUserPoolMyUserPool'), ids.join(', '));
  });

  it('the extension words an unknown request as "update the server"', () => {
    const failure = describeCompiledTemplateError(new ResponseError(ErrorCodes.MethodNotFound, 'Method not found'));
    assert.equal(failure.kind, 'unsupported');
    assert.match(failure.message, /cannot show compiled templates yet/);
    const other = describeCompiledTemplateError(new ResponseError(-32001, 'Fn::GetAtt of a missing resource'));
    assert.deepEqual(other, { kind: 'failed', message: 'Fn::GetAtt of a missing resource' });
  });

  it('completion after `trigger: Pre`: the Pre* triggers with their triggerSource values', async () => {
    const uri = TestServer.uri('complete/serverless.yml');
    const lines = VALID.split('\n');
    lines[12] = lines[12].replace('PreSignUp', 'Pre');
    await server.open(uri, lines.join('\n'));
    await server.diagnostics(uri, 1);
    const result = await server.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: { line: 12, character: lines[12].length },
    });
    assert.ok(result, 'completion items, not null');
    const items = Array.isArray(result) ? result : result.items;
    const labels = items.map((item) => item.label);
    for (const trigger of ['PreSignUp', 'PreAuthentication', 'PreTokenGeneration']) {
      const item = items.find((i) => i.label === trigger);
      assert.ok(item, `${trigger} among ${labels}`);
      const doc = typeof item.documentation === 'string' ? item.documentation : (item.documentation?.value ?? '');
      assert.match(`${item.detail ?? ''}\n${doc}`, /triggerSource/, `${trigger} explains its triggerSource`);
      // The edit replaces what was typed (utf-16 columns, as VS Code counts).
      const edit = item.textEdit as { range?: { start: { character: number } }; replace?: { start: { character: number } } } | undefined;
      assert.ok(edit, `${trigger} carries a text edit`);
      const start = (edit.range ?? edit.replace)!.start.character;
      assert.equal(start, lines[12].indexOf('Pre'), `${trigger}'s edit starts at the typed prefix`);
    }
    assert.ok(labels.length <= 12, `only triggers: ${labels}`);
  });

  it('hover on the cognitoUserPool event: markdown with the generated pool', async () => {
    const uri = TestServer.uri('hover/serverless.yml');
    await server.open(uri, VALID);
    await server.diagnostics(uri, 1);
    const line = VALID.split('\n')[10];
    const hover = await server.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri },
      position: { line: 10, character: line.indexOf('cognitoUserPool') + 3 },
    });
    assert.ok(hover, 'a hover, not null');
    const contents = hover.contents as { kind?: string; value?: string };
    assert.equal(contents.kind, 'markdown');
    assert.match(contents.value ?? '', /CognitoUserPoolMyUserPool/);
    assert.match(contents.value ?? '', /AWS::Cognito::UserPool/);
  });
});
