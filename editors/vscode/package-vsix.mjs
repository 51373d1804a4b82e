// Packs the extension with the server binary for this platform:
//   node editors/vscode/package-vsix.mjs [out.vsix]
// The binary is $SERVERLESS_LSP_BIN, else target/release/serverless-lsp (build it first).
// Marketplace note: the README's image links stay relative (the repository is not on GitHub);
// pass --baseImagesUrl to vsce when publishing.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const exe = process.platform === 'win32' ? '.exe' : '';
const binary = process.env.SERVERLESS_LSP_BIN ?? path.join(root, 'target', 'release', `serverless-lsp${exe}`);
const target = `${process.platform}-${process.arch}`; // linux-x64, darwin-arm64, win32-x64, ...
const out = path.resolve(process.argv[2] ?? path.join(root, 'target', 'editors', `serverless-lsp-${target}-${manifest.version}.vsix`));

if (!fs.existsSync(binary)) {
  console.error(`package-vsix: no server binary at ${binary}; run cargo build --release first`);
  process.exit(1);
}
execFileSync(process.execPath, [path.join(root, 'editors/vscode/build.mjs')], { stdio: 'inherit' });

const bundled = path.join(root, 'editors', 'vscode', 'dist', 'bin', `serverless-lsp${exe}`);
fs.mkdirSync(path.dirname(bundled), { recursive: true });
fs.copyFileSync(binary, bundled);
fs.chmodSync(bundled, 0o755);
try {
  // Debug line tables are most of a release binary's size; symbol names stay for backtraces.
  execFileSync('strip', ['--strip-debug', bundled], { stdio: 'ignore' });
} catch {
  console.error('package-vsix: strip not available; packing the binary as it is');
}

fs.mkdirSync(path.dirname(out), { recursive: true });
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
execFileSync(
  process.execPath,
  [
    vsce, 'package',
    '--target', target,
    '--no-dependencies',
    '--readme-path', 'editors/vscode/README.md',
    '--ignoreFile', 'editors/vscode/.vscodeignore',
    '--no-rewrite-relative-links',
    '--skip-license',
    '--out', out,
  ],
  { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
);
console.error(`package-vsix: ${out}`);
