/**
 * Public API of @c120/shared: the bottom layer. It imports nothing (no package, no Node built-in), so the
 * browser console and every server package can use it. See docs/DESIGN-NOTES.md "Layers".
 */
export * from './vocabulary.ts';
export * from './geo.ts';
export * from './random.ts';
export * from './token-bucket.ts';
export * from './settings.ts';
export * from './staleness.ts';
