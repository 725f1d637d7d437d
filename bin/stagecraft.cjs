#!/usr/bin/env node
'use strict';
// The `stagecraft` command. Plain CommonJS so it runs on any supported Node without a loader:
// it builds the app when the build is missing or older than the sources, then hands over to
// the built CLI (out/main/cli.js).

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const cliPath = path.join(root, 'out', 'main', 'cli.js');
const inputs = ['src', 'electron.vite.config.ts', 'package.json'];

/** Newest modification time under `p` (files only), or 0 when it does not exist. */
function newestMtime(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(p, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry.name)));
  }
  return newest;
}

function needsBuild() {
  let built;
  try {
    built = fs.statSync(cliPath).mtimeMs;
  } catch {
    return true;
  }
  // A checkout without sources (a packaged copy) runs whatever was built.
  if (!fs.existsSync(path.join(root, 'src'))) return false;
  return inputs.some((input) => newestMtime(path.join(root, input)) > built);
}

function electronViteBin() {
  try {
    const manifestPath = require.resolve('electron-vite/package.json', { paths: [root] });
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin['electron-vite'];
    return path.join(path.dirname(manifestPath), bin);
  } catch {
    return path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  }
}

function build() {
  process.stderr.write('Building Stagecraft…\n');
  const result = spawnSync(process.execPath, [electronViteBin(), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (result.error || result.status !== 0) {
    process.stderr.write(
      `The build failed${result.error ? `: ${result.error.message}` : ''}. Run \`npm run build\` to see why.\n`,
    );
    process.exit(1);
  }
}

if (needsBuild()) build();
require(cliPath).run(process.argv.slice(2));
