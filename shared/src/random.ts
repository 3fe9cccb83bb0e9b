/**
 * Seeded randomness (mulberry32): a fixed seed draws the same numbers on every run, so generated data, fuzz
 * tests and simulator runs are reproducible. Not for anything security-related.
 */

/** A source of uniform floats in [0, 1). */
export type Rand = () => number;

/** mulberry32: 32-bit state, uniform floats in [0, 1). */
export function mulberry32(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable 32-bit seed from a string (FNV-1a mixed with `base`), to derive independent named streams. */
export function seedFrom(base: number, name: string): number {
  let h = 0x811c9dc5 ^ (base >>> 0);
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** An item of a non-empty list, uniformly. */
export function pickWith<T>(rand: Rand, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[Math.floor(rand() * items.length)] as T;
}

/** A uniform integer in [min, max]. */
export function intWith(rand: Rand, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}
