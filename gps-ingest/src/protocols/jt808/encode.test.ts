import { describe, expect, it } from 'vitest';
import { hex, vectors } from '../../testing/jt808-vectors.ts';
import { Jt808ParamId } from './constants.ts';
import { decodeJt808Message } from './decode.ts';
import { encodeGeneralResponse, encodeRegisterResponse, encodeSetParameters, encodeTextMessage } from './encode.ts';
import { parseJt808Frame } from './frame.ts';
import { decodeGbk } from './gbk.ts';
import { FrameSplitter } from './splitter.ts';

const t2013 = { phone: '013511221122', version: 2013 } as const;
const t2019 = { phone: '00000000013912344329', version: 2019, protocolVersion: 1 } as const;

/** Through the splitter one byte at a time, then the frame parser: what the terminal will see. */
function receive(frame: Buffer) {
  const splitter = new FrameSplitter();
  const frames = [...frame].flatMap((b) => splitter.push(Buffer.from([b])));
  expect(frames).toHaveLength(1);
  const parsed = parseJt808Frame(frames[0] ?? Buffer.alloc(0));
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed;
}

describe('platform → terminal encoders', () => {
  it('0x8001 matches a published 2019 frame byte for byte', () => {
    const frame = encodeGeneralResponse({ phone: '17299841738', version: 2019, protocolVersion: 1 }, 0, {
      replySerial: 0,
      replyMsgId: 0x0102,
      result: 0,
    });
    expect(frame.toString('hex')).toBe('7e80014005010000000001729984173800000000010200877e');
  });

  it('0x8100 matches a published 2013 frame byte for byte', () => {
    const frame = encodeRegisterResponse({ phone: '012345678901', version: 2013 }, 0, {
      replySerial: 0,
      result: 0,
      authCode: '12345678901',
    });
    expect(frame.toString('hex')).toBe('7e8100000e01234567890100000000003132333435363738393031377e');
  });

  it('answers a terminal in its own version, addressed by the header it sent', () => {
    const register = decodeJt808Message(hex(vectors.register2019));
    if (register.kind !== 'register') throw new Error(register.kind);
    const reply = receive(
      encodeRegisterResponse(register.header, 41, {
        replySerial: register.header.serial,
        result: 0,
        authCode: '鉴权码AB',
      }),
    );
    expect(reply.header).toMatchObject({
      msgId: 0x8100,
      version: 2019,
      protocolVersion: 1,
      phone: register.header.phone,
      serial: 41,
    });
    expect(reply.body.readUInt16BE(0)).toBe(123);
    expect(decodeGbk(reply.body.subarray(3))).toBe('鉴权码AB');
  });

  it('0x8100 omits the auth code unless the result is success', () => {
    const reply = receive(encodeRegisterResponse(t2013, 2, { replySerial: 5, result: 3, authCode: 'ignored' }));
    expect(reply.body).toEqual(hex('0005 03'));
  });

  it('0x8001 round-trips through splitter and parser, 2013 and 2019', () => {
    for (const target of [t2013, t2019]) {
      const r = receive(encodeGeneralResponse(target, 0xfffe, { replySerial: 0x7e7d, replyMsgId: 0x0200, result: 4 }));
      expect(r.header).toMatchObject({
        msgId: 0x8001,
        version: target.version,
        phone: target.phone,
        serial: 0xfffe,
        bodyLength: 5,
      });
      expect(r.body).toEqual(hex('7e7d 0200 04'));
    }
  });

  it('0x8103 writes count, then id DWORD / length BYTE / value', () => {
    const r = receive(
      encodeSetParameters(t2013, 7, [
        { id: Jt808ParamId.DefaultReportInterval, type: 'dword', value: 5 },
        { id: Jt808ParamId.SleepReportInterval, type: 'dword', value: 300 },
        { id: 0x0031, type: 'word', value: 500 },
        { id: 0x0083, type: 'string', value: '苏L' },
      ]),
    );
    expect(r.header.msgId).toBe(0x8103);
    expect(r.body.toString('hex')).toBe(
      '04' + '0000002904' + '00000005' + '0000002704' + '0000012c' + '0000003102' + '01f4' + '0000008303' + 'cbd54c',
    );
  });

  it('0x8300 text: 2013 flag bits (emergency bit 0, display bit 2, TTS bit 3), GBK text', () => {
    const r = receive(encodeTextMessage(t2013, 9, { text: '请前往丹阳市人民医院', tts: true, emergency: true }));
    expect(r.header.msgId).toBe(0x8300);
    expect(r.body[0]).toBe(0b1101);
    expect(decodeGbk(r.body.subarray(1))).toBe('请前往丹阳市人民医院');
  });

  it('0x8300 text: 2019 two-bit kind and text type byte', () => {
    const notice = receive(encodeTextMessage(t2019, 9, { text: 'ok', tts: true }));
    expect(notice.body.subarray(0, 2)).toEqual(Buffer.from([0b1111, 1]));
    const urgent = receive(encodeTextMessage(t2019, 9, { text: 'ok', emergency: true, display: false, textType: 2 }));
    expect(urgent.body.subarray(0, 2)).toEqual(Buffer.from([0b0010, 2]));
    const raw = receive(encodeTextMessage(t2013, 9, { text: 'ok', flags: 0x08 }));
    expect(raw.body[0]).toBe(0x08);
  });

  it('refuses what the protocol cannot carry', () => {
    expect(() => encodeTextMessage(t2013, 1, { text: '长'.repeat(600) })).toThrow(RangeError);
    expect(() => encodeSetParameters(t2013, 1, [])).toThrow(RangeError);
    expect(() => encodeSetParameters(t2013, 1, [{ id: 1, type: 'byte', value: 256 }])).toThrow(RangeError);
    expect(() =>
      encodeGeneralResponse({ phone: '1234567890123', version: 2013 }, 1, { replySerial: 0, replyMsgId: 2, result: 0 }),
    ).toThrow(RangeError);
  });
});
