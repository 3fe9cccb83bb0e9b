/**
 * A small seeded PRNG (mulberry32), so that the generated data is byte-identical on every run. Each part of the
 * generator draws from its own stream (`stream('villages:321181100')`), so changing one part (adding a landmark,
 * say) does not reshuffle the others.
 */

export type Rand = () => number;

/** mulberry32: 32-bit state, uniform floats in [0, 1). */
export function prng(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The generator's root seed (the county's adcode). */
export const ROOT_SEED = 321181;

/** FNV-1a hash of a string, mixed with the root seed. */
function hash(s: string): number {
  let h = 0x811c9dc5 ^ ROOT_SEED;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** An independent, named random stream. */
export const stream = (name: string): Rand => prng(hash(name));

export const pick = <T>(rand: Rand, items: readonly T[]): T => {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[Math.floor(rand() * items.length)] as T;
};

/** A uniform float in [min, max). */
export const between = (rand: Rand, min: number, max: number): number => min + rand() * (max - min);

/** A uniform integer in [min, max]. */
export const intBetween = (rand: Rand, min: number, max: number): number => Math.floor(between(rand, min, max + 1));

export const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;
