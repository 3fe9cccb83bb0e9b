import { describe, expect, it } from 'vitest';
import { UnauthenticatedLimit } from './unauthenticated-limit.ts';

describe('unauthenticated limit', () => {
  it('blocks an address after its budget of unknown tokens until its window ends, other addresses unaffected', () => {
    let t = 0;
    const limit = new UnauthenticatedLimit({ maxPerWindow: 3, windowMs: 60_000, maxAddresses: 10 }, () => t);
    for (let i = 0; i < 3; i++) {
      expect(limit.blockedFor('10.0.0.1')).toBe(0);
      limit.note('10.0.0.1');
    }
    t = 15_000;
    expect(limit.blockedFor('10.0.0.1')).toBe(45);
    expect(limit.blockedFor('10.0.0.2')).toBe(0);
    t = 60_000;
    expect(limit.blockedFor('10.0.0.1')).toBe(0);
  });

  it('forgets addresses rather than grow past maxAddresses, and 0 turns it off', () => {
    const limit = new UnauthenticatedLimit({ maxPerWindow: 1, windowMs: 60_000, maxAddresses: 2 }, () => 0);
    for (const a of ['a', 'b', 'c']) limit.note(a);
    expect(limit.blockedFor('c')).toBeGreaterThan(0);
    expect(limit.blockedFor('a')).toBe(0); // dropped to make room
    const off = new UnauthenticatedLimit({ maxPerWindow: 0, windowMs: 60_000, maxAddresses: 2 }, () => 0);
    off.note('a');
    expect(off.blockedFor('a')).toBe(0);
  });
});
