import { describe, expect, it } from 'vitest';
import { prng } from '../../testing/fuzz.ts';
import { hex, vectors } from '../../testing/jt808-vectors.ts';
import { decodeJt808Message } from './decode.ts';
import { FrameSplitter } from './splitter.ts';

const a = hex(vectors.heartbeat);
const b = hex(vectors.location2013);
const c = hex(vectors.register2019);

describe('FrameSplitter', () => {
  it('returns whole frames, delimiters included', () => {
    expect(new FrameSplitter().push(Buffer.concat([a, b, c]))).toEqual([a, b, c]);
  });

  it('reassembles frames cut at every possible point', () => {
    const stream = Buffer.concat([a, b, c]);
    for (let cut = 1; cut < stream.length; cut++) {
      const s = new FrameSplitter();
      expect([...s.push(stream.subarray(0, cut)), ...s.push(stream.subarray(cut))]).toEqual([a, b, c]);
    }
  });

  it('reassembles frames from random chunk sizes', () => {
    const r = prng(808);
    const stream = Buffer.concat([a, b, c, a, c, b]);
    for (let round = 0; round < 200; round++) {
      const s = new FrameSplitter();
      const out: Buffer[] = [];
      for (let i = 0; i < stream.length;) {
        const n = r.int(1, 40);
        out.push(...s.push(stream.subarray(i, i + n)));
        i += n;
      }
      expect(out).toEqual([a, b, c, a, c, b]);
    }
  });

  it('drops bytes before the first delimiter and isolates garbage between frames', () => {
    const s = new FrameSplitter();
    const frames = s.push(Buffer.concat([hex('474554202f20'), a, hex('0d0a'), b]));
    expect(s.droppedBytes).toBe(6);
    expect(frames.map((f) => decodeJt808Message(f).kind)).toEqual(['heartbeat', 'invalid', 'location']);
    expect(frames[1]).toEqual(hex('7e0d0a7e'));
  });

  it('handles terminals that share one 0x7e between consecutive frames', () => {
    const shared = Buffer.concat([a, b.subarray(1), c.subarray(1)]);
    expect(new FrameSplitter().push(shared)).toEqual([a, b, c]);
  });

  it('drops an oversize segment and recovers at the next frame', () => {
    const s = new FrameSplitter({ maxFrameLength: 64 });
    const junk = Buffer.concat([hex('7e'), Buffer.alloc(100, 0x11)]);
    expect(s.push(junk.subarray(0, 50))).toEqual([]);
    expect(s.pending).toBe(49);
    expect(s.push(junk.subarray(50))).toEqual([]);
    expect(s.pending).toBe(0);
    expect(s.push(Buffer.concat([a, a]))).toEqual([a, a]);
    expect(s.oversizeFrames).toBe(1);
    expect(s.droppedBytes).toBe(100);
  });

  it('does not keep references to the caller’s chunk buffers', () => {
    const s = new FrameSplitter();
    const chunk = Buffer.from(a.subarray(0, 5));
    s.push(chunk);
    chunk.fill(0);
    expect(s.push(a.subarray(5))).toEqual([a]);
  });
});
