import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// lowdb and its writer are ESM-only; bundling them lets the CommonJS main build load them on any
// Node that runs Electron or the CLI.
const bundleInMain = ['lowdb', 'steno'];

export default defineConfig({
  main: {
    build: {
      externalizeDeps: { exclude: bundleInMain },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/main/cli.ts'),
          'sim-worker': resolve(__dirname, 'src/main/simWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // A sandboxed preload is loaded with a CommonJS require shim that only provides
        // `electron`; pin the format so a future `"type": "module"` cannot turn it into ESM.
        output: { format: 'cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    base: './',
    plugins: [react()],
    worker: { format: 'es' },
    build: {
      // Smaller bundles parse faster: the canvas is interactive sooner on large processes.
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
      // Raised on purpose: the app loads from local disk (Electron) or loopback (browser host),
      // never over a slow network, and the one chunk past 500 kB is ELK (about 1.4 MB), which is
      // already split out and loaded only when someone lays the graph out. The limit still warns
      // if the main bundle grows past it.
      chunkSizeWarningLimit: 1600,
    },
  },
});
