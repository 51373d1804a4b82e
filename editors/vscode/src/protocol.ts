// What the extension and its protocol tests share. No `vscode` import here, so that
// `node --test` can load it next to the real server.

import { ErrorCodes, RequestType, ResponseError } from 'vscode-languageserver-protocol';

/** The settings section, both in VS Code and in the server's `workspace/configuration`. */
export const CONFIG_SECTION = 'serverless';

/** The files the server reads as a service (it ignores every other document). */
export const SERVICE_FILE_GLOBS = [
  '**/serverless.yml',
  '**/serverless.yaml',
  '**/serverless.*.yml',
  '**/serverless.*.yaml',
] as const;

/** The globs above, for a file name: `serverless.yml`, `serverless.dev.yaml`, ... */
export function isServiceFileName(name: string): boolean {
  return /^serverless(\.[^/]+)?\.ya?ml$/.test(name);
}

export function isServiceFilePath(path: string): boolean {
  return isServiceFileName(path.slice(path.lastIndexOf('/') + 1));
}

/** What the server reads from `initializationOptions` and `workspace/configuration`. */
export interface ServerSettings {
  stage?: string;
  region?: string;
  params?: Record<string, string | number | boolean>;
}

/** The server's settings from a getter over the `serverless` section; empty values are left out. */
export function serverSettings(get: (key: string) => unknown): ServerSettings {
  const settings: ServerSettings = {};
  const stage = get('stage');
  if (typeof stage === 'string' && stage !== '') settings.stage = stage;
  const region = get('region');
  if (typeof region === 'string' && region !== '') settings.region = region;
  const params = get('params');
  if (params !== null && typeof params === 'object' && !Array.isArray(params)) {
    settings.params = params as Record<string, string | number | boolean>;
  }
  return settings;
}

export interface CompiledTemplateParams {
  textDocument: { uri: string };
}

/** The compiled template of a service document, as `serverless package` writes it. */
export const CompiledTemplateRequest = new RequestType<CompiledTemplateParams, string, void>(
  'serverless/compiledTemplate',
);

export type CompiledTemplateFailure =
  | { kind: 'unsupported'; message: string }
  | { kind: 'failed'; message: string };

/** Turns a failed `serverless/compiledTemplate` into what the user should read. */
export function describeCompiledTemplateError(error: unknown): CompiledTemplateFailure {
  if (error instanceof ResponseError && error.code === ErrorCodes.MethodNotFound) {
    return {
      kind: 'unsupported',
      message:
        `This serverless-lsp server cannot show compiled templates yet (it does not know the ` +
        `request ${CompiledTemplateRequest.method}). Update serverless-lsp, or point ` +
        `serverless.server.path at a newer build.`,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'failed', message };
}

/**
 * The codes of our diagnostics that the Red Hat YAML extension also reports (its YAML parser sees
 * the same broken syntax, duplicate key, tab or unknown tag). Hidden while it validates the file.
 */
export const CODES_ALSO_REPORTED_BY_YAML_EXTENSION: ReadonlySet<string> = new Set([
  'yaml-invalid',
  'yaml-duplicate-key',
  'yaml-tab',
  'yaml-unknown-tag',
  'yaml-unknown-alias',
]);

export const YAML_EXTENSION_ID = 'redhat.vscode-yaml';

/** Leaves out the diagnostics the YAML extension already shows. */
export function withoutYamlExtensionDuplicates<D extends { code?: unknown }>(diagnostics: D[]): D[] {
  return diagnostics.filter((d) => !CODES_ALSO_REPORTED_BY_YAML_EXTENSION.has(codeOf(d.code)));
}

function codeOf(code: unknown): string {
  if (code !== null && typeof code === 'object' && 'value' in code) return String(code.value);
  return String(code);
}
