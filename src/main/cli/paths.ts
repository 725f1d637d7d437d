import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The Stagecraft install folder (the one with its package.json), found by walking up from this
 * module: `out/main/` when built, `src/main/cli/` when run from source.
 */
export function appRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'stagecraft') return dir;
      } catch {
        // Not ours; keep walking.
      }
    }
    const parent = dirname(dir);
    if (parent === dir) return join(from, '..', '..');
    dir = parent;
  }
}

/** The built renderer served by the host. */
export function defaultRendererDir(): string {
  return join(appRoot(), 'out', 'renderer');
}
