import { mulberry32, seedFrom } from '@c120/shared/random';

/**
 * Seeded randomness for the simulator (mulberry32): a run with a fixed `seed` draws the same calls and routes,
 * which makes tests and demo recordings reproducible. Not for anything security-related.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [min, max). */
  uniform(min: number, max: number): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Item chosen with probability proportional to its weight (weights ≥ 0, not all 0). */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T;
  /** Exponentially distributed with the given mean (Poisson process inter-arrival). */
  exponential(mean: number): number;
  /** Standard normal (Box–Muller). */
  normal(): number;
}

export function createRng(seed: number = Date.now()): Rng {
  const next = mulberry32(seed);
  const rng: Rng = {
    next,
    uniform: (min, max) => min + next() * (max - min),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    weighted<T>(items: readonly T[], weight: (item: T) => number): T {
      let total = 0;
      for (const item of items) total += Math.max(0, weight(item));
      if (!(total > 0)) throw new Error('weighted pick needs a positive total weight');
      let r = next() * total;
      for (const item of items) {
        r -= Math.max(0, weight(item));
        if (r < 0) return item;
      }
      return items[items.length - 1] as T; // rounding at the very end
    },
    exponential: (mean) => -Math.log(1 - next()) * mean,
    normal: () => {
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
  };
  return rng;
}

/** A stable 32-bit seed from a string (FNV-1a), to derive independent streams from one run seed. */
export { seedFrom };
