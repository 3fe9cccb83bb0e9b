import { describe, expect, it } from 'vitest';
import { canonicalTerminalId, decodeBcd, decodeBcdTime, encodeBcd, encodeBcdTime } from './bcd.ts';

const hex = (s: string) => Buffer.from(s, 'hex');

describe('BCD phone numbers', () => {
  it('decodes digits, keeping the padding in the raw form', () => {
    expect(decodeBcd(hex('013511221122'))).toBe('013511221122');
    expect(decodeBcd(hex('00000000013912344329'))).toBe('00000000013912344329');
  });

  it('gives one canonical id for the 2013 and 2019 widths', () => {
    expect(canonicalTerminalId('013511221122')).toBe('13511221122');
    expect(canonicalTerminalId('00000000013511221122')).toBe('13511221122');
    expect(canonicalTerminalId('000000000000')).toBe('0');
  });

  it('keeps non-decimal nibbles visible instead of failing', () => {
    expect(decodeBcd(hex('0a12ff'))).toBe('0A12FF');
  });

  it('encodes left-padded, and refuses what does not fit', () => {
    expect(encodeBcd('13511221122', 6)).toEqual(hex('013511221122'));
    expect(encodeBcd('13511221122', 10)).toEqual(hex('00000000013511221122'));
    expect(() => encodeBcd('1234567890123', 6)).toThrow(RangeError);
    expect(() => encodeBcd('12-34', 6)).toThrow(RangeError);
  });
});

describe('BCD time (Beijing, UTC+8)', () => {
  it('converts to UTC', () => {
    expect(decodeBcdTime(hex('220512101138'))?.toISOString()).toBe('2022-05-12T02:11:38.000Z');
  });

  it('crosses midnight and the new year backwards', () => {
    // 01:30 on 1 Jan 2024 in Beijing is 17:30 on 31 Dec 2023 UTC.
    expect(decodeBcdTime(hex('240101013000'))?.toISOString()).toBe('2023-12-31T17:30:00.000Z');
    // 29 Feb exists in 2024 only.
    expect(decodeBcdTime(hex('240229120000'))?.toISOString()).toBe('2024-02-29T04:00:00.000Z');
    expect(decodeBcdTime(hex('230229120000'))).toBeUndefined();
  });

  it('rejects all-zero and non-BCD times', () => {
    expect(decodeBcdTime(hex('000000000000'))).toBeUndefined();
    expect(decodeBcdTime(hex('2205121011a8'))).toBeUndefined();
    expect(decodeBcdTime(hex('221312101138'))).toBeUndefined(); // month 13
    expect(decodeBcdTime(hex('220512241138'))).toBeUndefined(); // hour 24
    expect(decodeBcdTime(hex('2205121011'))).toBeUndefined(); // 5 bytes
  });

  it('encodes back', () => {
    expect(encodeBcdTime(new Date('2023-12-31T17:30:00Z'))).toEqual(hex('240101013000'));
  });
});
