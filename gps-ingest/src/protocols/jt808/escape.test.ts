import { describe, expect, it } from 'vitest';
import { escapeBytes, unescapeBytes, xorChecksum } from './escape.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('JT/T 808 escaping', () => {
  it('unescapes 7d 02 → 7e and 7d 01 → 7d (Traccar HuabaoFrameDecoderTest bytes)', () => {
    // 7e 30 7d02 08 7d01 55 7e  →  30 7e 08 7d 55
    expect(unescapeBytes(hex('307d02087d0155'))).toEqual(hex('307e087d55'));
  });

  it('escapes 7e and 7d and nothing else', () => {
    expect(escapeBytes(hex('307e087d55'))).toEqual(hex('307d02087d0155'));
    expect(escapeBytes(hex('7e7d7e'))).toEqual(hex('7d027d017d02'));
    const plain = hex('0102037c7f');
    expect(escapeBytes(plain)).toEqual(plain);
  });

  it('round-trips every byte value', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    expect(unescapeBytes(escapeBytes(all))).toEqual(all);
  });

  it('reports bad escapes and raw flags as values', () => {
    expect(unescapeBytes(hex('307d03'))).toEqual({ error: 'bad escape 0x7d 0x03 at offset 1' });
    expect(unescapeBytes(hex('307d'))).toEqual({ error: 'bad escape 0x7d (end) at offset 1' });
    expect(unescapeBytes(hex('307e31'))).toEqual({ error: 'unescaped 0x7e at offset 1' });
  });

  it('computes the XOR check code over header and body', () => {
    // Traccar heartbeat 7e 0002 0000 043048325465 00b7 ca 7e
    expect(xorChecksum(hex('00020000043048325465 00b7'))).toBe(0xca);
    expect(xorChecksum(Buffer.alloc(0))).toBe(0);
  });
});
