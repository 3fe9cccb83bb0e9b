import { describe, expect, it } from 'vitest';
import { RefusalLimiter } from './refusal-limit.ts';

describe('RefusalLimiter', () => {
  it('blocks an address after maxRefusals in a window, until the window ends; others are not affected', () => {
    let t = 1_000;
    const l = new RefusalLimiter({ maxRefusals: 3, windowMs: 10_000, maxAddresses: 100 }, () => t);
    expect(l.note('10.0.0.1')).toBe(false);
    expect(l.note('10.0.0.1')).toBe(false);
    expect(l.blockedFor('10.0.0.1')).toBe(0);
    expect(l.note('10.0.0.1')).toBe(true);
    expect(l.blockedFor('10.0.0.1')).toBe(10_000);
    expect(l.blockedFor('10.0.0.2')).toBe(0);
    expect(l.blockedAddresses()).toBe(1);
    t += 9_999;
    expect(l.blockedFor('10.0.0.1')).toBe(1);
    t += 1;
    expect(l.blockedFor('10.0.0.1')).toBe(0);
    expect(l.blockedAddresses()).toBe(0);
    expect(l.note('10.0.0.1')).toBe(false); // a new window
  });

  it('is off with maxRefusals 0 and ignores an unknown address', () => {
    const l = new RefusalLimiter({ maxRefusals: 0, windowMs: 10_000, maxAddresses: 100 });
    for (let i = 0; i < 10; i++) expect(l.note('10.0.0.1')).toBe(false);
    expect(l.blockedFor('10.0.0.1')).toBe(0);
    const on = new RefusalLimiter({ maxRefusals: 1, windowMs: 10_000, maxAddresses: 100 });
    expect(on.note(undefined)).toBe(false);
    expect(on.blockedFor(undefined)).toBe(0);
  });

  it('stays bounded under a scan from many addresses, forgetting finished windows first', () => {
    let t = 0;
    const l = new RefusalLimiter({ maxRefusals: 2, windowMs: 1_000, maxAddresses: 4 }, () => t);
    l.note('a');
    l.note('a'); // blocked
    t = 2_000; // a's window is over
    for (const x of ['b', 'c', 'd']) l.note(x);
    l.note('e'); // full: a (finished) is forgotten, b–e kept
    l.note('e');
    expect(l.blockedFor('e')).toBeGreaterThan(0);
    for (const x of ['f', 'g', 'h', 'i', 'j']) l.note(x);
    expect(l.blockedAddresses()).toBeLessThanOrEqual(1);
  });
});
