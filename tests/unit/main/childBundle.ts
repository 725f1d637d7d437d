import { build } from 'esbuild';

/**
 * Bundles TypeScript entry points into `outdir` as CommonJS for plain `node` child processes (a
 * plain start is ~10× faster than tsx). With `externalPackages`, libraries are left to load from
 * the repository's node_modules (start the child with `NODE_PATH` set to it), as the built app
 * loads them.
 */
export async function bundleForNode(outdir: string, entryPoints: Record<string, string>, options: { externalPackages?: boolean } = {}): Promise<void> {
  await build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outExtension: { '.js': '.cjs' },
    ...(options.externalPackages ? { packages: 'external' as const } : {}),
    logLevel: 'error',
  });
}
