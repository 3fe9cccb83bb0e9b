import { describe, expect, it } from 'vitest';
import { hex, locationBody, vectors } from '../../testing/jt808-vectors.ts';
import { decodeJt808Body, decodeJt808Message } from './decode.ts';
import { buildJt808Frame } from './frame.ts';
import type { Jt808Header } from './header.ts';
import { SubpackageAssembler } from './subpackage.ts';

const target = { phone: '013511221122', version: 2013 } as const;

function packet(
  msgId: number,
  serial: number,
  count: number,
  index: number,
  body: Buffer,
): { header: Jt808Header; body: Buffer } {
  const m = decodeJt808Message(buildJt808Frame(target, msgId, serial, body, { count, index }));
  if (m.kind !== 'fragment') throw new Error(m.kind);
  return { header: m.header, body: m.body };
}

describe('SubpackageAssembler', () => {
  it('reassembles a 0x0704 batch sent in three packets, out of order, and decodes it', () => {
    const item = (b: Buffer) => Buffer.concat([Buffer.from([0, b.length]), b]);
    const batch = Buffer.concat([
      hex('0003 01'),
      item(locationBody({ time: '250315083000' })),
      item(locationBody({ time: '250315083010' })),
      item(locationBody({ time: '250315083020' })),
    ]);
    const parts = [batch.subarray(0, 40), batch.subarray(40, 70), batch.subarray(70)];
    const packets = parts.map((p, i) => packet(0x0704, 100 + i, 3, i + 1, p));
    const s = new SubpackageAssembler();
    expect(s.push(packets[2]!.header, packets[2]!.body, 0)).toEqual({ status: 'pending', received: 1, total: 3 });
    expect(s.push(packets[0]!.header, packets[0]!.body, 10)).toEqual({ status: 'pending', received: 2, total: 3 });
    const done = s.push(packets[1]!.header, packets[1]!.body, 20);
    if (done.status !== 'complete') throw new Error(done.status);
    expect(done.body).toEqual(batch);
    expect(done.header).toMatchObject({ msgId: 0x0704, serial: 100, subpackaged: false, bodyLength: batch.length });
    expect(done.header.packetCount).toBeUndefined();
    expect(s.size).toBe(0);
    const m = decodeJt808Body(done.header, done.body);
    if (m.kind !== 'locationBatch') throw new Error(m.kind);
    expect(m.positions.map((p) => p.fixTime.toISOString())).toEqual([
      '2025-03-15T00:30:00.000Z',
      '2025-03-15T00:30:10.000Z',
      '2025-03-15T00:30:20.000Z',
    ]);
  });

  it('replaces a retransmitted packet and restarts when the total changes', () => {
    const s = new SubpackageAssembler();
    const p1 = packet(0x0801, 1, 2, 1, hex('aa'));
    const p1again = packet(0x0801, 1, 2, 1, hex('bb'));
    const p2 = packet(0x0801, 2, 2, 2, hex('cc'));
    s.push(p1.header, p1.body, 0);
    s.push(p1again.header, p1again.body, 0);
    expect(s.push(p2.header, p2.body, 0)).toMatchObject({ status: 'complete', body: hex('bbcc') });

    const q1 = packet(0x0801, 5, 3, 1, hex('01'));
    const r2 = packet(0x0801, 9, 2, 2, hex('02'));
    s.push(q1.header, q1.body, 0);
    expect(s.push(r2.header, r2.body, 0)).toEqual({ status: 'pending', received: 1, total: 2 });
  });

  it('forgets incomplete messages after the timeout', () => {
    const s = new SubpackageAssembler({ timeoutMs: 1000 });
    const p1 = packet(0x0801, 1, 2, 1, hex('aa'));
    const p2 = packet(0x0801, 2, 2, 2, hex('cc'));
    s.push(p1.header, p1.body, 0);
    expect(s.expire(1000)).toBe(0);
    expect(s.push(p2.header, p2.body, 1001)).toEqual({ status: 'pending', received: 1, total: 2 });
  });

  it('bounds the number of messages in flight', () => {
    const s = new SubpackageAssembler({ maxPending: 2 });
    for (const msgId of [0x0801, 0x0802, 0x0803]) {
      const p = packet(msgId, 1, 2, 1, hex('00'));
      s.push(p.header, p.body, msgId);
    }
    expect(s.size).toBe(2);
  });

  it('rejects impossible packet numbers and unpackaged headers', () => {
    const s = new SubpackageAssembler();
    const real = decodeJt808Message(hex(vectors.subpackage));
    if (real.kind !== 'fragment') throw new Error(real.kind);
    expect(s.push({ ...real.header, packetIndex: 0 }, real.body)).toEqual({
      status: 'rejected',
      reason: 'packet index 0 not in 1..26',
    });
    expect(s.push({ ...real.header, packetIndex: 27 }, real.body).status).toBe('rejected');
    expect(s.push({ ...real.header, packetCount: 0 }, real.body).status).toBe('rejected');
    expect(s.push({ ...real.header, subpackaged: false }, real.body).status).toBe('rejected');
    expect(s.push(real.header, real.body)).toEqual({ status: 'pending', received: 1, total: 26 });
  });
});
