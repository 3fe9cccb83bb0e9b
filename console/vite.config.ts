import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

/** Where `npm run dev` forwards the API and the WebSocket: a locally running core (`npm start`). */
const CORE_URL = process.env.CORE_URL ?? 'http://127.0.0.1:8120';

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    proxy: {
      '/api': { target: CORE_URL, changeOrigin: true },
      '/ws': { target: CORE_URL.replace(/^http/, 'ws'), ws: true, changeOrigin: true },
    },
  },
  build: {
    // maplibre-gl alone is ~800 kB minified; it is one lazily shared chunk, not worth a warning per build.
    chunkSizeWarningLimit: 1200,
  },
});
