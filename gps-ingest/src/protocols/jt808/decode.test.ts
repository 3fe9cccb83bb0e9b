import { describe, expect, it } from 'vitest';
import { hex, locationBody, vectors } from '../../testing/jt808-vectors.ts';
import { decodeJt808Body, decodeJt808Message } from './decode.ts';
import { escapeBytes } from './escape.ts';
import { buildJt808Frame, parseJt808Frame } from './frame.ts';

const target2013 = { phone: '013511221122', version: 2013 } as const;

describe('frame validation', () => {
  it('rejects a wrong check code without trusting the header', () => {
    expect(decodeJt808Message(hex(vectors.locationBadChecksum))).toEqual({
      kind: 'invalid',
      reason: 'check code mismatch: got 0xd0, computed 0xf0',
    });
  });

  it('can be told to ignore the check code and length for a terminal model known to get them wrong', () => {
    expect(decodeJt808Message(hex(vectors.locationBadChecksum), { verifyChecksum: false })).toMatchObject({
      kind: 'invalid',
      reason: 'body is 40 bytes, header says 50',
    });
    const m = decodeJt808Message(hex(vectors.locationBadChecksum), { verifyChecksum: false, verifyLength: false });
    if (m.kind !== 'location') throw new Error(m.kind);
    expect(m.positions[0]).toMatchObject({
      deviceId: '13511221122',
      lat: 22.51488,
      lon: 113.916508,
      altitudeM: 71,
      fixTime: new Date('2014-07-23T09:20:15Z'),
      extras: { acc: true, mileageKm: 0, signal: 22, satellites: 11 },
    });
  });

  it('rejects truncated frames', () => {
    const whole = hex(vectors.location2013);
    expect(decodeJt808Message(whole.subarray(0, 40)).kind).toBe('invalid');
    expect(decodeJt808Message(hex('7e0002007e'))).toEqual({
      kind: 'invalid',
      reason: 'frame too short (3 bytes unescaped)',
    });
    expect(decodeJt808Message(Buffer.alloc(0)).kind).toBe('invalid');
  });

  it('reports a body length that disagrees with the header, with the header for a "bad message" reply', () => {
    const m = decodeJt808Message(hex(vectors.auth2019PaddedBody));
    expect(m).toMatchObject({
      kind: 'invalid',
      reason: 'body is 59 bytes, header says 58',
      header: { msgId: 0x0102, serial: 2 },
    });
  });

  it('unescapes 0x7d 0x01 / 0x7d 0x02 inside a frame before checking it', () => {
    // Latitude 0x017e7d7e and serial 0x7d7e put both special bytes in the header, body and check code.
    const frame = buildJt808Frame(target2013, 0x0200, 0x7d7e, locationBody({ latE6: 0x017e7d7e }));
    expect(frame.toString('hex')).toContain('7d017d02');
    expect(frame.subarray(1, -1).includes(0x7e)).toBe(false);
    const m = decodeJt808Message(frame);
    if (m.kind !== 'location') throw new Error(m.kind);
    expect(m.header.serial).toBe(0x7d7e);
    expect(m.positions[0]?.lat).toBe(0x017e7d7e / 1e6);
  });

  it('accepts frames with or without their delimiters', () => {
    const framed = hex(vectors.heartbeat);
    expect(parseJt808Frame(framed)).toEqual(parseJt808Frame(framed.subarray(1, -1)));
  });

  it('rejects an invalid escape sequence', () => {
    const bad = Buffer.concat([hex('7e'), escapeBytes(hex('0002000004304832546500b7')), hex('7d037e')]);
    expect(decodeJt808Message(bad).kind).toBe('invalid');
  });
});

describe('session messages', () => {
  it('0x0100 register, 2013 layout', () => {
    expect(decodeJt808Message(hex(vectors.register2013))).toEqual({
      kind: 'register',
      header: {
        msgId: 0x0100,
        bodyLength: 45,
        encryption: 0,
        subpackaged: false,
        version: 2013,
        phone: '013511221122',
        terminalId: '13511221122',
        serial: 5,
      },
      register: {
        layout: '2013',
        province: 0,
        city: 0,
        makerId: '70107',
        model: 'HB-R03GBD',
        terminalId: '2366104',
        plateColor: 2,
        plate: '苏BA6860',
      },
    });
  });

  it('0x0100 register, 2011 layout (8-byte model)', () => {
    const m = decodeJt808Message(hex(vectors.register2011));
    expect(m).toMatchObject({
      kind: 'register',
      register: {
        layout: '2011',
        province: 44,
        city: 303,
        makerId: '70111',
        model: 'BSJ-M7B',
        terminalId: '0000000',
        plateColor: 1,
        plate: '粤B88888',
      },
    });
  });

  it('0x0100 register, 2019 (version byte, 10-byte phone, 11/30/30 fields)', () => {
    expect(decodeJt808Message(hex(vectors.register2019))).toEqual({
      kind: 'register',
      header: {
        msgId: 0x0100,
        bodyLength: 86,
        encryption: 0,
        subpackaged: false,
        version: 2019,
        protocolVersion: 1,
        phone: '00000000013912344329',
        terminalId: '13912344329',
        serial: 123,
      },
      register: {
        layout: '2019',
        province: 11,
        city: 2,
        makerId: 'id987654321',
        model: 'type00123456781234567887654321',
        terminalId: 'ID0000123456781234567887654321',
        plateColor: 1,
        plate: '甘J-123459',
      },
    });
  });

  it('0x0102 auth, 2013 (code is the whole body)', () => {
    expect(decodeJt808Message(hex(vectors.auth2013))).toMatchObject({
      kind: 'auth',
      auth: { authCode: 'authentication' },
    });
  });

  it('0x0102 auth, 2019 (length-prefixed code, IMEI, software version)', () => {
    const m = decodeJt808Message(hex(vectors.auth2019PaddedBody), { verifyLength: false });
    expect(m).toMatchObject({
      kind: 'auth',
      header: { version: 2019, terminalId: '61316263600001' },
      auth: { authCode: '61316263600001,TEST001', imei: '861234567890123', softwareVersion: 'V1.0.0' },
    });
  });

  it('0x0002 heartbeat and 0x0003 logout', () => {
    expect(decodeJt808Message(hex(vectors.heartbeat))).toMatchObject({
      kind: 'heartbeat',
      header: { terminalId: '43048325465', serial: 0xb7 },
    });
    const logout = buildJt808Frame(
      { phone: '13912344329', version: 2019, protocolVersion: 1 },
      0x0003,
      77,
      Buffer.alloc(0),
    );
    expect(decodeJt808Message(logout)).toMatchObject({ kind: 'logout', header: { version: 2019, serial: 77 } });
  });

  it('0x0001 terminal general response', () => {
    const frame = buildJt808Frame(target2013, 0x0001, 3, hex('0010 8300 00'));
    expect(decodeJt808Message(frame)).toMatchObject({
      kind: 'terminalResponse',
      response: { replySerial: 16, replyMsgId: 0x8300, result: 0 },
    });
  });

  it('a short register body is a bad message with its header', () => {
    const frame = buildJt808Frame(target2013, 0x0100, 4, hex('002c012f3730'));
    expect(decodeJt808Message(frame)).toMatchObject({
      kind: 'invalid',
      reason: 'body truncated maker id',
      header: { serial: 4 },
    });
  });

  it('unknown message ids, encrypted bodies and sub-packages are passed through', () => {
    const unknown = decodeJt808Message(buildJt808Frame(target2013, 0x0900, 1, hex('f0 0102')));
    expect(unknown).toMatchObject({ kind: 'unknown', header: { msgId: 0x0900 } });
    expect(decodeJt808Message(hex(vectors.encrypted))).toMatchObject({ kind: 'unknown', header: { encryption: 1 } });
    const fragment = decodeJt808Message(hex(vectors.subpackage));
    expect(fragment).toMatchObject({
      kind: 'fragment',
      header: { msgId: 0x0801, packetCount: 26, packetIndex: 2, serial: 0x02de },
    });
    if (fragment.kind === 'fragment') expect(fragment.body).toEqual(hex('2808000102'));
  });

  it('decodeJt808Body turns a thrown truncation into a value', () => {
    const header = {
      msgId: 0x0001,
      bodyLength: 2,
      encryption: 0,
      subpackaged: false,
      version: 2013,
      phone: '1',
      terminalId: '1',
      serial: 1,
    } as const;
    expect(decodeJt808Body(header, hex('0001'))).toMatchObject({
      kind: 'invalid',
      reason: 'body truncated reply message id',
    });
  });
});
