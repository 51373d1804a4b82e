// The servers under test: how each is started and configured, as its users run it, and which
// answers each can give. The driver knows nothing else about them.
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const here = fileURLToPath(new URL('..', import.meta.url));

// The CloudFormation short forms, each allowed as a scalar, a sequence and a mapping: the
// `yaml.customTags` that AWS's and Serverless's docs tell users to set, so that `!Ref` etc.
// are not "unknown tag" errors.
const CFN_TAGS = ['And', 'Base64', 'Cidr', 'Condition', 'Equals', 'FindInMap', 'GetAtt', 'GetAZs', 'If',
  'ImportValue', 'Join', 'Not', 'Or', 'Ref', 'Select', 'Split', 'Sub', 'Transform'];

export const SCHEMA_FILE = `${here}schema/serverless-reference.json`;

/**
 * answers: per completion context and hover, whether the server is expected to give the
 * expected answer. `false` = it cannot (e.g. the schema has no enum there): the report says
 * "no answer" whatever the timing; if it answers anyway, the report says so.
 */
export function servers({ oursBinary }) {
  const yamlPackage = require('yaml-language-server/package.json');
  return {
    'serverless-lsp': {
      name: 'serverless-lsp',
      command: [oursBinary],
      settings: { serverless: { stage: '', region: '', params: {} } },
      version: null, // from the server's initialize answer
      answers: { trigger: true, ref: true, eventKey: true, hoverPool: true, hoverTrigger: true },
    },
    'yaml-language-server': {
      name: 'yaml-language-server',
      command: [process.execPath, require.resolve('yaml-language-server/bin/yaml-language-server'), '--stdio'],
      settings: {
        yaml: {
          validate: true,
          hover: true,
          completion: true,
          // offline: the catalog would map serverless.yml to the same schema, fetched at start
          schemaStore: { enable: false },
          schemas: { [pathToFileURL(SCHEMA_FILE).href]: ['serverless.yml', 'serverless.yaml'] },
          customTags: CFN_TAGS.flatMap((tag) => ['scalar', 'sequence', 'mapping'].map((kind) => `!${tag} ${kind}`)),
        },
        '[yaml]': {},
        editor: { tabSize: 2 },
        files: {},
        http: {},
      },
      version: yamlPackage.version,
      // The schema types `trigger` and `pool` as plain strings (no enum) and knows nothing of
      // the template's logical IDs; it does list the cognitoUserPool event's keys.
      answers: { trigger: false, ref: false, eventKey: true, hoverPool: false, hoverTrigger: false },
    },
  };
}
