import { describe, expect, it } from 'vitest';
import { expectSanePosition, randomJson } from '../../testing/invariants.ts';
import { prng } from '../../testing/fuzz.ts';
import { decodeJsonBatch, type JsonBatchResult } from './decode.ts';

const KEYS = [
  'positions',
  'deviceId',
  'time',
  'lat',
  'lon',
  'speedKmh',
  'headingDeg',
  'altitudeM',
  'accuracyM',
  'batteryPct',
  'valid',
  'moving',
  '__proto__',
];

function check(r: JsonBatchResult, items?: number): void {
  if ('error' in r) {
    expect(r.error).not.toMatch(/internal error/);
    return;
  }
  r.positions.forEach(expectSanePosition);
  if (items !== undefined) expect(r.positions.length + r.rejected.length).toBe(items);
}

describe('JSON batch fuzz: never throws, every item is accounted for', () => {
  it('random structures, parsed and as text', () => {
    const r = prng(21);
    for (let i = 0; i < 3000; i++) {
      const items = Array.from({ length: r.int(0, 8) }, () => randomJson(r.next, 3, KEYS));
      check(decodeJsonBatch({ positions: items }), items.length);
      check(decodeJsonBatch(JSON.stringify({ positions: items })), items.length);
      check(decodeJsonBatch(randomJson(r.next, 4, KEYS)));
    }
  });

  it('near-valid items with one field replaced', () => {
    const r = prng(22);
    const fields = KEYS.slice(1);
    for (let i = 0; i < 5000; i++) {
      const item: Record<string, unknown> = {
        deviceId: 'DY-01',
        time: '2025-03-15T08:00:00Z',
        lat: 31.99,
        lon: 119.58,
        speedKmh: 40,
      };
      item[r.pick(fields)] = randomJson(r.next, 1, KEYS);
      check(decodeJsonBatch({ positions: [item] }), 1);
    }
  });

  it('random text', () => {
    const r = prng(23);
    for (let i = 0; i < 3000; i++) check(decodeJsonBatch(r.bytes(r.int(0, 100)).toString('utf8')));
  });
});
