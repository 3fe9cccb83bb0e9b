import { describe, expect, it } from 'vitest';
import { Metrics } from '../telemetry/metrics.ts';
import { RefusalGate } from './refusal-gate.ts';

describe('refusal gate', () => {
  const known = new Set(['osmand:good']);
  const make = (now: () => number) =>
    new RefusalGate(
      { maxRefusals: 3, windowMs: 60_000, maxAddresses: 100 },
      { knows: (p, id) => known.has(`${p}:${id}`) },
      new Metrics(),
      now,
    );

  it('an address over its unknown-id limit may still name known devices, only unknown ids wait', () => {
    let t = 0;
    const gate = make(() => t);
    for (let i = 0; i < 3; i++) gate.unknownDevice('10.0.0.1');
    expect(gate.admit('10.0.0.1', 'osmand', ['stranger'])).toBe(60_000);
    expect(gate.admit('10.0.0.1', 'osmand', ['good'])).toBe(0);
    expect(gate.admit('10.0.0.1', 'osmand', ['good', 'stranger'])).toBeGreaterThan(0);
    expect(gate.admit('10.0.0.2', 'osmand', ['stranger'])).toBe(0);
    t = 60_000;
    expect(gate.admit('10.0.0.1', 'osmand', ['stranger'])).toBe(0);
  });

  it('wrong secrets count per device, never against the address', () => {
    const gate = make(() => 0);
    for (let i = 0; i < 5; i++) gate.failed('osmand', 'good');
    expect(gate.deviceBlocked('osmand', 'good')).toBe(true);
    expect(gate.deviceBlocked('osmand', 'other')).toBe(false);
    expect(gate.deviceBlocked('jt808', 'good')).toBe(false);
    expect(gate.admit('10.0.0.1', 'osmand', ['stranger'])).toBe(0);
  });
});
