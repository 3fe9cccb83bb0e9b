import { describe, expect, it } from 'vitest';
import { expectSanePosition } from '../../testing/invariants.ts';
import { hex, locationBody, vectors } from '../../testing/jt808-vectors.ts';
import { mutate, prng } from '../../testing/fuzz.ts';
import { decodeJt808Body, decodeJt808Message, type Jt808Message } from './decode.ts';
import { buildJt808Frame, parseJt808Frame } from './frame.ts';
import type { Jt808Header } from './header.ts';
import { FrameSplitter, MAX_ESCAPED_FRAME_LENGTH } from './splitter.ts';
import { SubpackageAssembler } from './subpackage.ts';

const seeds = Object.values(vectors).map(hex);
const knownIds = [0x0001, 0x0002, 0x0003, 0x0100, 0x0102, 0x0200, 0x0704, 0x0900];

function check(m: Jt808Message): void {
  if (m.kind === 'invalid') {
    expect(m.reason).not.toMatch(/internal error/);
    return;
  }
  if (m.kind === 'location' || m.kind === 'locationBatch') m.positions.forEach(expectSanePosition);
}

describe('JT/T 808 fuzz: decoding never throws and never hits the safety net', () => {
  it('random byte strings', () => {
    const r = prng(1);
    for (let i = 0; i < 5000; i++) {
      let b = r.bytes(r.int(0, 200));
      if (r.chance(0.5)) b = Buffer.concat([hex('7e'), b, hex('7e')]);
      check(decodeJt808Message(b));
      check(decodeJt808Message(b, { verifyChecksum: false, verifyLength: false }));
    }
  });

  it('mutated real frames, as received', () => {
    const r = prng(2);
    for (let i = 0; i < 5000; i++) {
      const b = mutate(r, r.pick(seeds));
      check(decodeJt808Message(b));
      check(decodeJt808Message(b, { verifyChecksum: false, verifyLength: false }));
    }
  });

  it('mutated real bodies re-framed with a valid check code and length (reaches every body parser)', () => {
    const r = prng(3);
    const parsed = seeds
      .map((s) => parseJt808Frame(s, { verifyChecksum: false, verifyLength: false }))
      .flatMap((p) => (p.ok || p.header ? [p] : []));
    for (let i = 0; i < 5000; i++) {
      const p = r.pick(parsed);
      if (!p.header) continue;
      const body = 'body' in p ? p.body : Buffer.alloc(0);
      const mutated = mutate(r, body).subarray(0, 1023);
      const msgId = r.chance(0.2) ? r.pick(knownIds) : p.header.msgId;
      check(decodeJt808Message(buildJt808Frame(p.header, msgId, r.int(0, 65535), mutated)));
    }
  });

  it('random bodies for every message id, both versions, and direct body decoding', () => {
    const r = prng(4);
    for (let i = 0; i < 5000; i++) {
      const version = r.pick([2013, 2019] as const);
      const msgId = r.pick(knownIds);
      const body = r.chance(0.5)
        ? r.bytes(r.int(0, 120))
        : Buffer.concat([
            locationBody({
              status: r.int(0, 2 ** 32 - 1),
              latE6: r.int(0, 2 ** 32 - 1),
              time: r.bytes(6).toString('hex'),
            }),
            r.bytes(r.int(0, 40)),
          ]);
      check(decodeJt808Message(buildJt808Frame({ phone: String(r.int(0, 1e11)), version }, msgId, i & 0xffff, body)));
      const header: Jt808Header = {
        msgId,
        bodyLength: body.length,
        encryption: r.chance(0.1) ? 1 : 0,
        subpackaged: false,
        version,
        phone: '1',
        terminalId: '1',
        serial: 0,
      };
      check(decodeJt808Body(header, body));
    }
  });

  it('the splitter keeps its promises on random streams', () => {
    const r = prng(5);
    for (let round = 0; round < 300; round++) {
      const s = new FrameSplitter();
      for (let c = 0; c < 20; c++) {
        const chunk = r.chance(0.3) ? r.pick(seeds).subarray(r.int(0, 10)) : r.bytes(r.int(0, 300));
        for (const f of s.push(chunk)) {
          expect(f[0]).toBe(0x7e);
          expect(f[f.length - 1]).toBe(0x7e);
          expect(f.subarray(1, -1).includes(0x7e)).toBe(false);
          expect(f.length).toBeLessThanOrEqual(MAX_ESCAPED_FRAME_LENGTH);
          check(decodeJt808Message(f));
        }
        expect(s.pending).toBeLessThanOrEqual(MAX_ESCAPED_FRAME_LENGTH);
      }
    }
  });

  it('the sub-package assembler never throws on arbitrary packet numbers', () => {
    const r = prng(6);
    const s = new SubpackageAssembler({ maxPackets: 8 });
    for (let i = 0; i < 5000; i++) {
      const header: Jt808Header = {
        msgId: r.pick([0x0704, 0x0801]),
        bodyLength: 0,
        encryption: 0,
        subpackaged: r.chance(0.95),
        version: 2013,
        phone: '1',
        terminalId: String(r.int(1, 3)),
        serial: r.int(0, 65535),
        packetCount: r.int(0, 10),
        packetIndex: r.int(0, 10),
      };
      const result = s.push(header, r.bytes(r.int(0, 50)), i);
      if (result.status === 'complete') check(decodeJt808Body(result.header, result.body));
    }
    expect(s.size).toBeLessThanOrEqual(16);
  });
});
