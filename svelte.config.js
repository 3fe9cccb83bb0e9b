/**
 * SvelteKit configuration of the console (`console/`), kept at the repository root as the client's layout asks.
 *
 * How this works with SvelteKit 2.70 (checked; SvelteKit 3 drops svelte.config.js and needs Node 22):
 * - Every SvelteKit tool — the Vite plugin, `svelte-kit sync`, `svelte-check`, vite-plugin-svelte — looks for
 *   `svelte.config.js` in the *current directory* (the Vite root), and resolves `kit.files.*`, `kit.outDir` and
 *   the adapter's output folders against `process.cwd()`. npm runs workspace scripts in `console/`, so
 *   `console/svelte.config.js` re-exports this file, and every path below is made absolute from THIS file's
 *   location: the same config gives the same result whatever directory a tool starts in (root ESLint/Prettier
 *   plugins included).
 * - The console's dependencies are installed in `console/node_modules` (npm does not hoist them to the root),
 *   so the adapter is resolved from the console package, not from here: a bare `import '@sveltejs/adapter-static'`
 *   would fail when this file is loaded from the root.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const consoleDir = fileURLToPath(new URL('./console/', import.meta.url));
const at = (/** @type {string} */ p) => path.join(consoleDir, p);

// adapter-static exports only an `import` condition, so resolve its package.json and import its entry.
const adapterPkg = createRequire(at('package.json')).resolve('@sveltejs/adapter-static/package.json');
const { default: adapter } = await import(pathToFileURL(path.join(path.dirname(adapterPkg), 'index.js')).href);

/** @type {import('@sveltejs/kit').Config} */
const config = {
  compilerOptions: { runes: true },
  kit: {
    // A single-page app: the core serves console/build and answers index.html for any other GET (SPA fallback).
    adapter: adapter({ pages: at('build'), assets: at('build'), fallback: 'index.html', strict: true }),
    files: {
      src: at('src'),
      assets: at('static'),
    },
    outDir: at('.svelte-kit'),
  },
};

export default config;
