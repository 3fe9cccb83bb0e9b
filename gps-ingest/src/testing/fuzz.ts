import { mulberry32 } from '@c120/shared/random';

/** Test support: a small seeded PRNG (mulberry32) so fuzz tests are reproducible without extra dependencies. */

export interface Prng {
  /** [0, 1) */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  bytes(length: number): Buffer;
  chance(p: number): boolean;
}

export function prng(seed: number): Prng {
  const next = mulberry32(seed);
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(0, items.length - 1)] as T;
    },
    bytes: (length: number) => {
      const b = Buffer.allocUnsafe(length);
      for (let i = 0; i < length; i++) b[i] = int(0, 255);
      return b;
    },
    chance: (p: number) => next() < p,
  };
}

/** A copy of `input` with a few random byte-level edits: flips, overwrites, insertions, deletions, truncation. */
export function mutate(r: Prng, input: Buffer): Buffer {
  const bytes = [...input];
  const edits = r.int(1, 4);
  for (let e = 0; e < edits; e++) {
    const op = r.int(0, 4);
    const at = r.int(0, Math.max(0, bytes.length - 1));
    if (op === 0 && bytes.length > 0) bytes[at] = (bytes[at] ?? 0) ^ (1 << r.int(0, 7));
    else if (op === 1 && bytes.length > 0) bytes[at] = r.int(0, 255);
    else if (op === 2) bytes.splice(at, 0, r.int(0, 255));
    else if (op === 3 && bytes.length > 0) bytes.splice(at, 1);
    else bytes.length = r.int(0, bytes.length);
  }
  return Buffer.from(bytes);
}
