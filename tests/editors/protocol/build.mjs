// Bundles the protocol tests (TypeScript, importing the extension's modules) for node --test.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = process.argv[2];
fs.rmSync(outdir, { recursive: true, force: true });
await esbuild.build({
  entryPoints: fs.readdirSync(here).filter((f) => f.endsWith('.test.ts')).map((f) => path.join(here, f)),
  outdir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  outExtension: { '.js': '.cjs' },
  sourcemap: 'inline',
  logLevel: 'warning',
});
