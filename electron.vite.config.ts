import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// lowdb and its writer are ESM-only; bundling them lets the CommonJS main build load them on any
// Node that runs Electron or the CLI. zod is bundled for start-up time: required from
// node_modules it resolves and compiles about a hundred files (every locale included), which
// took longer than the rest of the CLI together; bundled, only what the schemas use is loaded.
const bundleInMain = ['lowdb', 'steno', 'zod'];

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
        // Chunks (CLI commands are loaded on demand) sit beside the entries, so `__dirname` is
        // out/main/ in all of them: the CLI finds sim-worker.js next to itself.
        output: { chunkFileNames: '[name]-[hash].js' },
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
      // STAGECRAFT_NO_MINIFY=1 keeps function names, for reading a CPU profile of the renderer.
      minify: process.env.STAGECRAFT_NO_MINIFY ? false : true,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
      // Raised on purpose: the app loads from local disk (Electron) or loopback (browser host),
      // never over a slow network, and the one chunk past 500 kB is ELK (about 1.4 MB), which is
      // already split out and loaded only when someone lays the graph out. The limit still warns
      // if the main bundle grows past it.
      chunkSizeWarningLimit: 1600,
    },
  },
});
