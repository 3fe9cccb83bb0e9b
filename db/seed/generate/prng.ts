/**
 * A small seeded PRNG (mulberry32), so that the generated data is byte-identical on every run. Each part of the
 * generator draws from its own stream (`stream('villages:321181100')`), so changing one part (adding a landmark,
 * say) does not reshuffle the others.
 */
import { mulberry32, pickWith, seedFrom, type Rand } from '@c120/shared/random';

export type { Rand };

/** mulberry32: 32-bit state, uniform floats in [0, 1). */
export const prng = (seed: number): Rand => mulberry32(seed);

/** The generator's root seed (the county's adcode). */
export const ROOT_SEED = 321181;

/** An independent, named random stream. */
export const stream = (name: string): Rand => mulberry32(seedFrom(ROOT_SEED, name));

export const pick = <T>(rand: Rand, items: readonly T[]): T => pickWith(rand, items);

/** A uniform float in [min, max). */
export const between = (rand: Rand, min: number, max: number): number => min + rand() * (max - min);

/** A uniform integer in [min, max]. */
export const intBetween = (rand: Rand, min: number, max: number): number => Math.floor(between(rand, min, max + 1));

export const round6 = (n: number): number => Math.round(n * 1e6) / 1e6;
