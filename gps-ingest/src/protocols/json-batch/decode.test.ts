import { describe, expect, it } from 'vitest';
import { decodeJsonBatch } from './decode.ts';

describe('JSON batch', () => {
  it('decodes many units in one request, ISO and epoch-ms times', () => {
    const r = decodeJsonBatch(
      JSON.stringify({
        positions: [
          {
            deviceId: 'DY-120-01',
            time: '2025-03-15T08:00:00+08:00',
            lat: 31.99,
            lon: 119.58,
            speedKmh: 42.5,
            headingDeg: 90,
            altitudeM: 8,
            accuracyM: 5,
            batteryPct: 77,
          },
          { deviceId: 'DY-120-02', time: 1742025600123, lat: 32.01, lon: 119.6, valid: false, moving: true },
        ],
      }),
    );
    expect(r).toEqual({
      positions: [
        {
          protocol: 'json',
          deviceId: 'DY-120-01',
          fixTime: new Date('2025-03-15T00:00:00Z'),
          lat: 31.99,
          lon: 119.58,
          valid: true,
          speedKmh: 42.5,
          headingDeg: 90,
          altitudeM: 8,
          accuracyM: 5,
          batteryPct: 77,
        },
        {
          protocol: 'json',
          deviceId: 'DY-120-02',
          fixTime: new Date(1742025600123),
          lat: 32.01,
          lon: 119.6,
          valid: false,
          moving: true,
        },
      ],
      rejected: [],
    });
  });

  it('accepts an already-parsed body, null optionals, and heading 360 as 0', () => {
    const r = decodeJsonBatch({
      positions: [{ deviceId: 'a', time: '2025-03-15T00:00:00Z', lat: 1, lon: 2, speedKmh: null, headingDeg: 360 }],
    });
    expect('positions' in r && r.positions[0]).toMatchObject({ headingDeg: 0 });
    expect('positions' in r && r.positions[0]?.speedKmh).toBeUndefined();
  });

  it('rejects bad items one by one and keeps the rest', () => {
    const ok = { deviceId: 'a', time: '2025-03-15T00:00:00Z', lat: 31.9, lon: 119.5 };
    const r = decodeJsonBatch({
      positions: [
        ok,
        { ...ok, lat: 91 },
        { ...ok, deviceId: '' },
        { ...ok, time: 1742025600 }, // epoch seconds by mistake
        { ...ok, time: '15/03/2025' },
        { ...ok, speedKmh: -1 },
        { ...ok, batteryPct: '80' },
        { ...ok, valid: 'yes' },
        'not an object',
        { ...ok, lon: Infinity },
        ok,
      ],
    });
    if ('error' in r) throw new Error(r.error);
    expect(r.positions).toHaveLength(2);
    expect(r.rejected).toEqual([
      { index: 1, reason: 'lat 91 out of range [-90, 90]' },
      { index: 2, reason: 'deviceId must be a non-empty string' },
      { index: 3, reason: 'implausible time 1970-01-21T03:53:45.600Z (epoch milliseconds expected)' },
      { index: 4, reason: 'unreadable time' },
      { index: 5, reason: 'speedKmh -1 out of range [0, 1000]' },
      { index: 6, reason: 'batteryPct must be a number' },
      { index: 7, reason: 'valid must be a boolean' },
      { index: 8, reason: 'item is not an object' },
      { index: 9, reason: 'lat and lon must be numbers' },
    ]);
  });

  it('refuses malformed or oversize requests whole', () => {
    expect(decodeJsonBatch('{')).toEqual({ error: 'body is not valid JSON' });
    expect(decodeJsonBatch('[]')).toEqual({ error: 'body must be { "positions": [ … ] }' });
    expect(decodeJsonBatch({ positions: {} })).toEqual({ error: 'body must be { "positions": [ … ] }' });
    expect(decodeJsonBatch({ positions: [1, 2, 3] }, { maxPositions: 2 })).toEqual({
      error: '3 positions in one request, more than 2',
    });
    const five001 = { positions: Array.from({ length: 5001 }, () => ({})) };
    expect(decodeJsonBatch(five001)).toEqual({ error: '5001 positions in one request, more than 5000' });
  });
});
