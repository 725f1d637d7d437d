import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, it, expect } from 'vitest';

/**
 * The folders are the architecture (STYLE.md): who may import whom is checked here over the
 * real sources, so a stray import fails the suite rather than a review.
 */
const root = resolve(__dirname, '../..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (/\.(ts|tsx)$/.test(entry)) out.push(path);
  }
  return out;
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers: string[] = [];
  const pattern = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const match of text.matchAll(pattern)) specifiers.push((match[1] ?? match[2] ?? match[3]) as string);
  return specifiers;
}

/** Where a relative import lands, as a path from the repo root; bare specifiers unchanged. */
function target(file: string, specifier: string): string {
  if (!specifier.startsWith('.')) return specifier;
  return relative(root, resolve(dirname(file), specifier)).split('\\').join('/');
}

function violations(folder: string, allowed: (target: string, file: string) => boolean): string[] {
  const found: string[] = [];
  for (const file of sources(join(root, folder))) {
    for (const specifier of importsOf(file)) {
      const to = target(file, specifier);
      if (!allowed(to, file)) found.push(`${relative(root, file)} imports ${specifier}`);
    }
  }
  return found;
}

describe('import boundaries', () => {
  it('keeps src/shared free of Node, DOM, Electron, React and lowdb', () => {
    // papaparse is plain JavaScript with no Node or DOM dependency: the CSV importers in shared run
    // unchanged in the renderer and the CLI.
    // yjs is plain JavaScript too (the CRDT behind the live workshop); only the bridge, the one
    // module that reads and writes the workshop's Y documents, may import it.
    const found = violations(
      'src/shared',
      (to, file) =>
        to.startsWith('src/shared/') || to === 'zod' || to === 'papaparse' || (to === 'yjs' && relative(root, file).split('\\').join('/') === 'src/shared/live/bridge.ts'),
    );
    expect(found).toEqual([]);
  });

  it('keeps electron out of the services, host and CLI', () => {
    // cli/start.ts only asks the electron npm package where its binary is: in plain Node,
    // require('electron') returns a file path, not the Electron API.
    // pdf.ts is the shell's printToPDF window for report:save-pdf; handlers only see its SavePdf type.
    const shell = new Set(['src/main/index.ts', 'src/main/window.ts', 'src/main/ipc.ts', 'src/main/menu.ts', 'src/main/pdf.ts', 'src/main/cli/start.ts']);
    const found = violations('src/main', (to, file) => {
      if (to !== 'electron' && !to.startsWith('electron/')) return true;
      return shell.has(relative(root, file).split('\\').join('/'));
    });
    expect(found).toEqual([]);
  });

  it('lets the renderer reach the main side only through its API client', () => {
    const found = violations('src/renderer/src', (to) => !to.startsWith('src/main/') && !to.startsWith('src/preload/') && to !== 'electron' && !to.startsWith('node:'));
    expect(found).toEqual([]);
  });

  it('keeps the preload down to electron and the channel list', () => {
    const found = violations('src/preload', (to) => to === 'electron' || to.startsWith('src/preload/') || to.startsWith('src/shared/api/'));
    expect(found).toEqual([]);
  });
});
