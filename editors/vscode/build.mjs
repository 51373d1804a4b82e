// Bundles the extension into editors/vscode/dist/extension.js (esbuild; `vscode` is the host's).
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

await esbuild.build({
  entryPoints: [`${here}src/extension.ts`],
  outfile: `${here}dist/extension.js`,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  sourcemap: 'linked',
  logLevel: 'warning',
});
