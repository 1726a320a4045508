/// <reference types="vitest/config" />
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

/** The host the dev server forwards API and stream calls to (`qmo start` listens here by default). */
const HOST = 'http://127.0.0.1:8000';

export default defineConfig({
  plugins: [svelte()],
  // Relative asset URLs: the host serves ui/dist at `/`, and a reverse proxy may mount it deeper.
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: true },
  // The indicator worker imports plugin modules at run time: it has to be an ES module worker.
  worker: { format: 'es' },
  server: {
    proxy: {
      '/api': HOST,
      '/health': HOST,
      '/metrics': HOST,
      '/socket.io': { target: HOST, ws: true },
    },
  },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
