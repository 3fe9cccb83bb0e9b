import { describe, expect, it } from 'vitest';
import {
  decodeJt808Message,
  encodeGeneralResponse,
  encodeRegisterResponse,
  encodeSetParameters,
  encodeTextMessage,
  FrameSplitter,
  Jt808MsgId,
} from '../index.ts';
import {
  authFrame,
  heartbeatFrame,
  locationBatchFrame,
  locationFrame,
  readPlatformFrame,
  registerFrame,
  target,
  terminalResponseFrame,
  type TerminalFix,
  type TerminalIdentity,
} from './terminal-frames.ts';

const ID: TerminalIdentity = {
  phone: '013800006000',
  province: 32,
  city: 1181,
  makerId: 'SIM01',
  model: 'C120-SIM-808',
  terminalId: 'DY12001',
  plateColor: 1,
  plate: '苏L·B1201',
};

const FIX: TerminalFix = {
  time: new Date('2026-03-15T08:30:05.700Z'),
  lat: 31.990123,
  lon: 119.581234,
  speedKmh: 52.36,
  headingDeg: 271.6,
  altitudeM: 9.4,
  mileageKm: 123456.7,
  satellites: 11,
  signal: 25,
};

describe('frames of the simulated JT/T 808 terminal decode with the project decoder', () => {
  it('0x0100 register: phone, maker, model, plate (GBK)', () => {
    const m = decodeJt808Message(registerFrame(ID, 1));
    expect(m.kind).toBe('register');
    if (m.kind !== 'register') return;
    expect(m.header).toMatchObject({ msgId: 0x0100, version: 2013, phone: '013800006000', terminalId: '13800006000' });
    expect(m.register).toMatchObject({
      layout: '2013',
      province: 32,
      city: 1181,
      makerId: 'SIM01',
      model: 'C120-SIM-808',
      terminalId: 'DY12001',
      plateColor: 1,
      plate: '苏L·B1201',
    });
  });

  it('0x0102 auth carries the code as the platform sent it; 0x0002 heartbeat', () => {
    const m = decodeJt808Message(authFrame(ID.phone, 2, Buffer.from('a1b2c3d4e5f6', 'latin1')));
    expect(m.kind === 'auth' && m.auth.authCode).toBe('a1b2c3d4e5f6');
    expect(decodeJt808Message(heartbeatFrame(ID.phone, 3)).kind).toBe('heartbeat');
  });

  it('0x0200 location: coordinates, speed, heading, Beijing BCD time to the second, additional items', () => {
    const m = decodeJt808Message(locationFrame(ID.phone, 4, FIX));
    expect(m.kind).toBe('location');
    if (m.kind !== 'location') return;
    expect(m.rejected).toEqual([]);
    const p = m.positions[0];
    expect(p).toMatchObject({
      protocol: 'jt808',
      deviceId: '13800006000',
      lat: 31.990123,
      lon: 119.581234,
      valid: true,
      speedKmh: 52.4,
      headingDeg: 272,
      altitudeM: 9,
    });
    expect(p?.fixTime.toISOString()).toBe('2026-03-15T08:30:05.000Z');
    expect(p?.extras).toMatchObject({ acc: true, mileageKm: 123456.7, signal: 25, satellites: 11 });
    expect(p?.extras?.tlvTruncated).toBeUndefined();
  });

  it('0x0704 blind-area back-fill: every fix, flagged', () => {
    const later = { ...FIX, time: new Date(FIX.time.getTime() + 5000), lon: 119.6 };
    const m = decodeJt808Message(locationBatchFrame(ID.phone, 5, [FIX, later]));
    expect(m.kind).toBe('locationBatch');
    if (m.kind !== 'locationBatch') return;
    expect(m.positions.map((p) => p.lon)).toEqual([119.581234, 119.6]);
    expect(m.positions.every((p) => p.extras?.backfill === true)).toBe(true);
  });

  it('0x0001 answers a platform message by serial and id', () => {
    const m = decodeJt808Message(terminalResponseFrame(ID.phone, 6, 0x1234, 0x8300));
    expect(m.kind === 'terminalResponse' && m.response).toEqual({ replySerial: 0x1234, replyMsgId: 0x8300, result: 0 });
  });

  it('escapes 0x7e/0x7d in header and body so the splitter finds whole frames', () => {
    // Serial 0x7e7d and a longitude whose bytes contain 0x7e.
    const tricky = { ...FIX, lon: 0x077e7e7e / 1e6 }; // 125.730430°
    const bytes = Buffer.concat([locationFrame(ID.phone, 0x7e7d, tricky), heartbeatFrame(ID.phone, 0x7d7e)]);
    expect(bytes.includes(Buffer.from([0x7d, 0x02, 0x7d, 0x02]))).toBe(true);
    const frames = new FrameSplitter().push(bytes);
    expect(frames).toHaveLength(2);
    const [first, second] = frames.map((f) => decodeJt808Message(f));
    expect(first?.kind === 'location' && first.header.serial).toBe(0x7e7d);
    expect(first?.kind === 'location' && first.positions[0]?.lon).toBeCloseTo(tricky.lon, 6);
    expect(second?.kind === 'heartbeat' && second.header.serial).toBe(0x7d7e);
  });
});

describe('the terminal reads the platform’s frames', () => {
  const t = target(ID.phone);

  it('0x8100 with the auth code, 0x8001 with the result', () => {
    const reg = readPlatformFrame(encodeRegisterResponse(t, 0, { replySerial: 1, result: 0, authCode: 'c0de42' }));
    expect(reg).toMatchObject({ kind: 'register', replySerial: 1, result: 0 });
    expect(reg.kind === 'register' && reg.authCode.toString('latin1')).toBe('c0de42');
    const refused = readPlatformFrame(encodeRegisterResponse(t, 1, { replySerial: 2, result: 4 }));
    expect(refused).toMatchObject({ kind: 'register', result: 4 });
    expect(
      readPlatformFrame(encodeGeneralResponse(t, 2, { replySerial: 3, replyMsgId: 0x0200, result: 1 })),
    ).toMatchObject({ kind: 'general', replySerial: 3, replyMsgId: 0x0200, result: 1 });
  });

  it('0x8103 parameters and 0x8300 text (GBK)', () => {
    const params = readPlatformFrame(encodeSetParameters(t, 3, [{ id: 0x0029, type: 'dword', value: 5 }]));
    expect(params.kind).toBe('parameters');
    expect(params.kind === 'parameters' && params.params[0]?.value.readUInt32BE(0)).toBe(5);
    const text = readPlatformFrame(encodeTextMessage(t, 4, { text: '120派车：胸痛，云阳街道', tts: true }));
    expect(text).toMatchObject({ kind: 'text', text: '120派车：胸痛，云阳街道' });
    expect(text.kind === 'text' && text.header.msgId).toBe(Jt808MsgId.TextMessage);
  });

  it('a corrupted frame is "broken", never a throw', () => {
    const bytes = encodeGeneralResponse(t, 5, { replySerial: 3, replyMsgId: 0x0200, result: 0 });
    bytes[5] = (bytes[5] ?? 0) ^ 0xff;
    expect(readPlatformFrame(bytes).kind).toBe('broken');
  });
});
