import { describe, expect, it } from 'vitest';
import {
  flushOnce,
  PositionBuffer,
  type BatchResult,
  type KeyValueStore,
  type PositionFix,
} from './position-buffer.ts';

class MemoryStore implements KeyValueStore {
  data = new Map<string, string>();
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
  removeItem(k: string) {
    this.data.delete(k);
  }
}

const fix = (i: number): PositionFix => ({
  deviceId: 'DY120-01',
  time: new Date(Date.UTC(2026, 10, 23, 8, 0, i)).toISOString(),
  lat: 32 + i / 1000,
  lon: 119.5,
});

describe('PositionBuffer', () => {
  it('keeps fixes in storage across page loads', () => {
    const store = new MemoryStore();
    const a = new PositionBuffer(store, 'k');
    a.push(fix(1));
    a.push(fix(2));
    const b = new PositionBuffer(store, 'k');
    expect(b.size).toBe(2);
    expect(b.peek(10).fixes.map((f) => f.time)).toEqual([fix(1).time, fix(2).time]);
  });

  it('ignores corrupt storage', () => {
    const store = new MemoryStore();
    store.setItem('k', '{not json');
    expect(new PositionBuffer(store, 'k').size).toBe(0);
    store.setItem('k', JSON.stringify([fix(1), { junk: true }]));
    expect(new PositionBuffer(store, 'k').size).toBe(1);
  });

  it('works without storage', () => {
    const b = new PositionBuffer(null);
    b.push(fix(1));
    expect(b.size).toBe(1);
  });

  it('drops the oldest past its limit', () => {
    const b = new PositionBuffer(new MemoryStore(), 'k', 3);
    for (let i = 0; i < 5; i++) b.push(fix(i));
    expect(b.peek(10).fixes.map((f) => f.lat)).toEqual([fix(2).lat, fix(3).lat, fix(4).lat]);
  });

  it('acknowledges a sent batch while new fixes arrive, also when trimming ate part of it', () => {
    const b = new PositionBuffer(new MemoryStore(), 'k', 4);
    for (let i = 0; i < 3; i++) b.push(fix(i));
    const batch = b.peek(3); // 0,1,2 in flight
    for (let i = 3; i < 6; i++) b.push(fix(i)); // limit 4 drops 0 and 1
    b.acknowledge(batch);
    expect(b.peek(10).fixes.map((f) => f.lat)).toEqual([fix(3).lat, fix(4).lat, fix(5).lat]);
  });

  it('clears storage when empty', () => {
    const store = new MemoryStore();
    const b = new PositionBuffer(store, 'k');
    b.push(fix(1));
    b.acknowledge(b.peek(10));
    expect(store.data.has('k')).toBe(false);
  });
});

describe('flushOnce', () => {
  const buffered = () => {
    const b = new PositionBuffer(new MemoryStore(), 'k');
    for (let i = 0; i < 4; i++) b.push(fix(i));
    return b;
  };

  it('removes accepted fixes and keeps the ones the server asks to retry', async () => {
    const b = buffered();
    const result = await flushOnce(b, async () => ({ kind: 'ok', retryIndexes: [2] }));
    expect(result?.kind).toBe('ok');
    expect(b.peek(10).fixes).toEqual([fix(2)]);
  });

  it('keeps everything while offline or refused, drops a bad batch', async () => {
    for (const [result, left] of [
      [{ kind: 'retry' }, 4],
      [{ kind: 'refused', message: 'unknown device' }, 4],
      [{ kind: 'bad', message: 'invalid' }, 0],
    ] as [BatchResult, number][]) {
      const b = buffered();
      await flushOnce(b, async () => result);
      expect(b.size).toBe(left);
    }
  });

  it('does nothing with an empty buffer', async () => {
    const b = new PositionBuffer(null);
    expect(await flushOnce(b, async () => ({ kind: 'retry' }))).toBeNull();
  });
});
