import { describe, expect, it } from 'vitest';
import { decodeFixedText, decodeGbk, encodeGbk } from './gbk.ts';

describe('GBK', () => {
  it('decodes plates as terminals send them', () => {
    expect(decodeGbk(Buffer.from('d4c142383838383838', 'hex'))).toBe('粤B888888');
    expect(decodeGbk(Buffer.from('cbd5424136383630', 'hex'))).toBe('苏BA6860');
  });

  it('encodes Chinese text to the same bytes the decoder reads', () => {
    expect(encodeGbk('苏L12345').toString('hex')).toBe('cbd54c3132333435');
    expect(encodeGbk('粤B').toString('hex')).toBe('d4c142');
    const text = '请立即前往丹阳市人民医院急诊科，患者胸痛30分钟。';
    expect(decodeGbk(encodeGbk(text))).toBe(text);
  });

  it("uses 0x80 for '€' and '?' for what GBK cannot express", () => {
    expect(encodeGbk('€').toString('hex')).toBe('80');
    expect(encodeGbk('a😀b').toString('hex')).toBe('613f62');
  });

  it('round-trips every double-byte code the decoder knows', () => {
    const chars: string[] = [];
    for (let lead = 0xb0; lead <= 0xf7; lead++) {
      for (let trail = 0xa1; trail <= 0xfe; trail++) chars.push(decodeGbk(Buffer.from([lead, trail])));
    }
    const text = chars.join('');
    expect(decodeGbk(encodeGbk(text))).toBe(text);
  });

  it('strips NUL padding on either side of fixed-width fields', () => {
    expect(decodeFixedText(Buffer.from('0000003132330000', 'hex'))).toBe('123');
    expect(decodeFixedText(Buffer.from('48422d5230330000', 'hex'))).toBe('HB-R03');
  });
});
