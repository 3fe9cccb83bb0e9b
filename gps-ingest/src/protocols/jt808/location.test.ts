import { describe, expect, it } from 'vitest';
import type { DecodedPosition } from '../../position.ts';
import { hex, locationBody, vectors } from '../../testing/jt808-vectors.ts';
import { decodeJt808Message } from './decode.ts';
import { buildJt808Frame } from './frame.ts';
import { decodeLocationBody } from './location.ts';

const target2013 = { phone: '013511221122', version: 2013 } as const;

function onlyPosition(frameHex: string): DecodedPosition {
  const m = decodeJt808Message(hex(frameHex));
  if (m.kind !== 'location') throw new Error(`expected location, got ${m.kind}: ${JSON.stringify(m)}`);
  expect(m.rejected).toEqual([]);
  const [p] = m.positions;
  if (!p) throw new Error('no position');
  return p;
}

describe('0x0200 location report', () => {
  it('decodes a 2013 frame exactly (UTC from Beijing BCD time, 1/10 km/h, direction, flags)', () => {
    expect(onlyPosition(vectors.location2013)).toEqual({
      protocol: 'jt808',
      deviceId: '12345678901',
      fixTime: new Date('2021-07-26T12:35:31Z'), // 21-07-26 20:35:31 +08:00
      lat: 22.641605,
      lon: 114.032486,
      valid: true,
      speedKmh: 0,
      headingDeg: 341,
      altitudeM: 235,
      alarmFlags: 0x80,
      statusFlags: 0x03,
      extras: { acc: true, mileageKm: 0 },
    });
  });

  it('decodes a 2019 frame: 10-byte phone, speed 666 → 66.6 km/h, TLVs 0x01 0x02 0x03 0x30', () => {
    expect(onlyPosition(vectors.location2019)).toEqual({
      protocol: 'jt808',
      deviceId: '13912344321',
      fixTime: new Date('2023-04-28T13:31:41Z'),
      lat: 30.22893,
      lon: 120.12792,
      valid: false, // status 0x00400001: ACC on, not positioned
      speedKmh: 66.6,
      headingDeg: 90,
      altitudeM: 2345,
      alarmFlags: 0x00300000,
      statusFlags: 0x00400001,
      extras: { acc: true, mileageKm: 66.7, fuelL: 6.7, recorderSpeedKmh: 77.7, signal: 99 },
    });
  });

  it('skips vendor TLVs (0xE3, 0xD5 …) and keeps the known ones', () => {
    const p = onlyPosition(vectors.locationVendorTlvs);
    expect(p.fixTime.toISOString()).toBe('2022-05-12T02:11:38.000Z');
    expect([p.lat, p.lon, p.altitudeM, p.valid]).toEqual([22.591764, 113.995783, 107, false]);
    expect(p.extras).toEqual({
      acc: false,
      mileageKm: 388,
      recorderSpeedKmh: 0,
      vehicleSignal: 0,
      signal: 20,
      satellites: 0,
    });
  });

  it('applies the hemisphere bits: west (bit 3) and south (bit 2)', () => {
    const west = onlyPosition(vectors.locationWest);
    expect([west.lat, west.lon]).toEqual([43.95309, -79.329361]);
    expect(west.fixTime.toISOString()).toBe('2021-11-18T15:21:12.000Z');
    const south = onlyPosition(vectors.locationSouthTruncatedTlv);
    expect([south.lat, south.lon]).toEqual([-27.455656, 153.029616]);
  });

  it('keeps the position when a TLV runs past the end', () => {
    const p = onlyPosition(vectors.locationSouthTruncatedTlv);
    expect(p.extras).toEqual({ acc: false, tlvTruncated: true });
    const body = locationBody({ tlv: hex('300117 31020a') }); // satellites item claims 2 bytes, 1 left
    const q = decodeLocationBody(body, 'x');
    expect(typeof q !== 'string' && q.extras).toEqual({ acc: true, signal: 0x17, tlvTruncated: true });
  });

  it('ignores known TLV ids with non-standard lengths, decodes 0x2a/0x2b/0x04', () => {
    const body = locationBody({ tlv: hex('0102ffff 2a020003 2b0400010002 04020007 e0020000 310109') });
    const p = decodeLocationBody(body, 'x');
    expect(typeof p !== 'string' && p.extras).toEqual({
      acc: true,
      ioStatus: 3,
      analog0: 2,
      analog1: 1,
      alarmEventId: 7,
      satellites: 9,
    });
  });

  it('treats altitude as signed and normalises direction 360 → 0', () => {
    const p = decodeLocationBody(locationBody({ altitude: 0xffec, direction: 360 }), 'x');
    expect(typeof p !== 'string' && [p.altitudeM, p.headingDeg]).toEqual([-20, 0]);
    const q = decodeLocationBody(locationBody({ direction: 400 }), 'x');
    expect(typeof q !== 'string' && q.headingDeg).toBeUndefined();
  });

  it('rejects the fix, not the message, when the time or the coordinates are unusable', () => {
    const badTime = decodeJt808Message(buildJt808Frame(target2013, 0x0200, 9, locationBody({ time: '000000000000' })));
    expect(badTime).toMatchObject({
      kind: 'location',
      positions: [],
      rejected: [{ index: 0, reason: 'unreadable fix time 000000000000' }],
    });
    const badLat = decodeJt808Message(buildJt808Frame(target2013, 0x0200, 9, locationBody({ latE6: 91_000_000 })));
    expect(badLat).toMatchObject({ kind: 'location', positions: [] });
    if (badLat.kind === 'location') expect(badLat.rejected[0]?.reason).toMatch(/out of range/);
  });

  it('calls a body shorter than 28 bytes a bad message', () => {
    const m = decodeJt808Message(buildJt808Frame(target2013, 0x0200, 9, locationBody().subarray(0, 27)));
    expect(m).toMatchObject({ kind: 'invalid', reason: 'location body is 27 bytes, needs 28', header: { serial: 9 } });
  });
});

describe('0x0704 batch location upload', () => {
  it('decodes all eight back-filled fixes of a real batch', () => {
    const m = decodeJt808Message(hex(vectors.batch2013));
    if (m.kind !== 'locationBatch') throw new Error(m.kind);
    expect(m.batchType).toBe(1);
    expect(m.rejected).toEqual([]);
    expect(m.positions).toHaveLength(8);
    expect(m.positions[0]).toEqual({
      protocol: 'jt808',
      deviceId: '13567777777',
      fixTime: new Date('2016-05-27T01:06:24Z'),
      lat: 22.639634,
      lon: 114.031952,
      valid: true,
      speedKmh: 0,
      headingDeg: 1,
      altitudeM: 370,
      alarmFlags: 0,
      statusFlags: 3,
      extras: { acc: true, mileageKm: 2.9, recorderSpeedKmh: 0, backfill: true },
    });
    expect(m.positions[7]).toMatchObject({
      lat: 22.64055,
      lon: 114.032432,
      altitudeM: 264,
      fixTime: new Date('2016-05-27T01:10:02Z'),
    });
  });

  it('rejects a bad item on its own and stops at a length that overruns', () => {
    const good = locationBody();
    const badTime = locationBody({ time: '991399000000' });
    const item = (b: Buffer) => Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);
    const body = Buffer.concat([
      hex('0004 00'),
      item(good),
      item(badTime),
      item(good),
      hex('0040'),
      good.subarray(0, 10),
    ]);
    const m = decodeJt808Message(buildJt808Frame(target2013, 0x0704, 1, body));
    if (m.kind !== 'locationBatch') throw new Error(m.kind);
    expect(m.batchType).toBe(0);
    expect(m.positions).toHaveLength(2);
    expect(m.positions[0]?.extras?.backfill).toBeUndefined();
    expect(m.rejected).toEqual([
      { index: 1, reason: 'unreadable fix time 991399000000' },
      { index: 3, reason: 'item length 64 runs past the end of the batch' },
    ]);
  });
});
