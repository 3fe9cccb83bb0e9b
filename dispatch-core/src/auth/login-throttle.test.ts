import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.ts';

describe('login throttle', () => {
  const opts = {
    freeFailures: 3,
    baseLockMs: 10_000,
    maxLockMs: 60_000,
    resetAfterMs: 600_000,
    knownForMs: 3_600_000,
    maxKeys: 100,
  };

  it('locks a username after its free failures, from any address, with exponential back-off up to the cap', () => {
    let t = 0;
    const th = new LoginThrottle(opts, () => t);
    for (let i = 0; i < 2; i++) th.fail('alice', `10.0.0.${i}`);
    expect(th.retryAfter('alice', '10.0.0.9')).toBe(0);
    th.fail('alice', '10.0.0.3');
    expect(th.retryAfter('ALICE', '10.0.0.9')).toBe(10);
    expect(th.retryAfter('bob', '10.0.0.3')).toBe(0);
    t = 10_000;
    th.fail('alice', '10.0.0.4');
    expect(th.retryAfter('alice', '10.0.0.4')).toBe(20);
    t = 30_000;
    th.fail('alice', '10.0.0.4');
    expect(th.retryAfter('alice', '10.0.0.4')).toBe(40);
    t = 70_000;
    th.fail('alice', '10.0.0.4');
    expect(th.retryAfter('alice', '10.0.0.4')).toBe(60); // capped
  });

  it('never holds a correct login back because of other usernames failing at the same address', () => {
    const th = new LoginThrottle(opts, () => 0);
    for (let i = 0; i < 50; i++) th.fail(`user-${i}`, '10.0.0.1');
    expect(th.retryAfter('carol', '10.0.0.1')).toBe(0);
  });

  it('keeps a known address of the username out of a lock caused elsewhere; a success forgets its own strikes', () => {
    let t = 0;
    const th = new LoginThrottle(opts, () => t);
    th.succeed('dave', '10.1.1.1');
    for (let i = 0; i < 5; i++) th.fail('dave', '203.0.113.7');
    expect(th.retryAfter('dave', '203.0.113.7')).toBeGreaterThan(0);
    expect(th.retryAfter('dave', '10.1.1.1')).toBe(0);
    for (let i = 0; i < 3; i++) th.fail('dave', '10.1.1.1');
    expect(th.retryAfter('dave', '10.1.1.1')).toBe(10);
    t = 10_000;
    th.succeed('dave', '10.1.1.1');
    expect(th.retryAfter('dave', '10.1.1.1')).toBe(0);
    expect(th.retryAfter('dave', '203.0.113.7')).toBeGreaterThan(0);
    t = 10_000 + 600_000 + 60_000;
    expect(th.retryAfter('dave', '203.0.113.7')).toBe(0); // forgotten
  });
});
