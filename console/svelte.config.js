// SvelteKit tools read svelte.config.js from the current directory (console/ for npm workspace scripts).
// The real configuration lives at the repository root; see the comment there.
export { default } from '../svelte.config.js';
