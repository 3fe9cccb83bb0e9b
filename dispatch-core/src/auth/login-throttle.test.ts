import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle.ts';

describe('login throttle', () => {
  const opts = { windowMs: 60_000, maxFailures: 3, maxFailuresPerAddress: 5, maxKeys: 100 };

  it('blocks a username+address pair after maxFailures until the window passes', () => {
    let t = 0;
    const th = new LoginThrottle(opts, () => t);
    for (let i = 0; i < 3; i++) {
      expect(th.retryAfter('alice', '10.0.0.1')).toBe(0);
      th.fail('alice', '10.0.0.1');
    }
    expect(th.retryAfter('alice', '10.0.0.1')).toBe(60);
    expect(th.retryAfter('ALICE', '10.0.0.1')).toBe(60);
    expect(th.retryAfter('alice', '10.0.0.2')).toBe(0);
    expect(th.retryAfter('bob', '10.0.0.1')).toBe(0);
    t = 60_001;
    expect(th.retryAfter('alice', '10.0.0.1')).toBe(0);
  });

  it('limits one address across many usernames, and a success clears only the pair', () => {
    const th = new LoginThrottle(opts, () => 0);
    th.fail('a', 'x');
    th.fail('a', 'x');
    th.succeed('a', 'x');
    expect(th.retryAfter('a', 'x')).toBe(0);
    for (const u of ['b', 'c', 'd']) th.fail(u, 'x');
    expect(th.retryAfter('zed', 'x')).toBeGreaterThan(0);
  });
});
