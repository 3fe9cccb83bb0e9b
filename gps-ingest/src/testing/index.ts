/**
 * Test support of @c120/gps-ingest (`@c120/gps-ingest/testing`), kept out of production source: a raw JT/T 808
 * terminal over TCP for server tests, known frames, fuzz helpers and decoder invariants. Tests only.
 */
export { TestTerminal, registerBody, batchBody, type PlatformMessage } from './jt808-terminal.ts';
export { hex, vectors, locationBody, type LocationFields } from './jt808-vectors.ts';
export { prng, mutate, type Prng } from './fuzz.ts';
