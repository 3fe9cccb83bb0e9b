import { describe, expect, it } from 'vitest';
import { expectSanePosition, randomJson } from '../../testing/invariants.ts';
import { prng, type Prng } from '../../testing/fuzz.ts';
import { decodeOsmAnd } from './decode.ts';
import type { OsmAndResult } from './types.ts';

const KEYS = [
  'id',
  'deviceid',
  'lat',
  'lon',
  'location',
  'timestamp',
  'speed',
  'bearing',
  'heading',
  'altitude',
  'accuracy',
  'hdop',
  'batt',
  'valid',
  'charge',
  '__proto__',
  'constructor',
  'x',
  '',
];
const VALUES = [
  '',
  '0',
  '-1',
  '1e400',
  '-0',
  'NaN',
  'Infinity',
  '0x1f',
  '31.99',
  '119.58',
  '91',
  '-181',
  '1377177267',
  '1442068686579',
  '2016-01-27T18:55:47Z',
  '2014-06-04 09:10:11',
  '2025-02-30T00:00:00Z',
  'true',
  'false',
  '60.0,30.0',
  '60.0,',
  ',',
  '%',
  '%E4%B8%AD',
  'a'.repeat(300),
  '\u0000',
  '粤B',
];
const JSON_KEYS = [
  'device_id',
  'location',
  'coords',
  'latitude',
  'longitude',
  'timestamp',
  'speed',
  'heading',
  'accuracy',
  'altitude',
  'battery',
  'level',
  'is_charging',
  'is_moving',
  'activity',
  'type',
  'odometer',
  'event',
  'mock',
  '__proto__',
];

function check(r: OsmAndResult): void {
  if ('error' in r) {
    expect(typeof r.error).toBe('string');
    expect(r.error).not.toMatch(/internal error/);
    return;
  }
  expect(r.positions.length).toBeGreaterThan(0);
  r.positions.forEach(expectSanePosition);
}

function randomQuery(r: Prng): string {
  const parts: string[] = [];
  const n = r.int(0, 10);
  for (let i = 0; i < n; i++) {
    const key = r.chance(0.9) ? r.pick(KEYS) : r.bytes(r.int(1, 5)).toString('latin1');
    const value = r.chance(0.9) ? r.pick(VALUES) : r.bytes(r.int(0, 10)).toString('latin1');
    parts.push(`${encodeURIComponent(key)}=${r.chance(0.8) ? encodeURIComponent(value) : value}`);
  }
  return parts.join('&');
}

function mutateText(r: Prng, text: string): string {
  const chars = [...text];
  for (let e = r.int(1, 4); e > 0; e--) {
    const at = r.int(0, chars.length);
    const op = r.int(0, 2);
    if (op === 0) chars.splice(at, 1);
    else if (op === 1) chars.splice(at, 0, r.pick(['{', '}', '[', ']', '"', ',', ':', '-', '1', 'e', '.', 'null']));
    else chars.length = at;
  }
  return chars.join('');
}

const realJson =
  '{"location":{"event":"motionchange","is_moving":false,"timestamp":"2021-07-21T08:06:34.444Z","odometer":0,"coords":{"latitude":-6.1148096,"longitude":106.6837015,"accuracy":3.8,"speed":18.67,"heading":63,"altitude":35.7},"activity":{"type":"still"},"battery":{"is_charging":false,"level":0.79}},"device_id":"8737767034"}';

describe('OsmAnd fuzz: never throws, every position is sane', () => {
  it('random query strings (URL and form body)', () => {
    const r = prng(11);
    for (let i = 0; i < 5000; i++) {
      const q = randomQuery(r);
      check(decodeOsmAnd({ method: 'GET', query: new URLSearchParams(q) }));
      check(decodeOsmAnd({ method: 'POST', query: {}, contentType: 'application/x-www-form-urlencoded', body: q }));
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('random JSON values and mutated real Traccar Client bodies', () => {
    const r = prng(12);
    for (let i = 0; i < 3000; i++) {
      const body = JSON.stringify(randomJson(r.next, 5, JSON_KEYS));
      check(decodeOsmAnd({ method: 'POST', query: {}, contentType: 'application/json', body }));
      check(decodeOsmAnd({ method: 'POST', query: { id: 'q' }, body: mutateText(r, realJson) }));
    }
  });

  it('random bytes as body and content type', () => {
    const r = prng(13);
    for (let i = 0; i < 3000; i++) {
      const body = r.bytes(r.int(0, 200)).toString(r.pick(['latin1', 'utf8'] as const));
      check(
        decodeOsmAnd({
          method: r.pick(['GET', 'POST']),
          query: new URLSearchParams(randomQuery(r)),
          contentType: r.pick([undefined, 'application/json', 'text/plain']),
          body,
        }),
      );
    }
  });
});
