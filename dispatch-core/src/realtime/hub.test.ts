import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import type { PositionsFrame } from '../events/index.ts';
import { buildTestApp, type TestApp } from '../testing/app.ts';
import type { HubClient } from './hub.ts';

describe(`position ticks on ${testEngine()}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    // A long tick: the test flushes by hand.
    t = await buildTestApp({ positionTickMs: 10_000 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('encodes one tick once for every console that takes shared bytes; others get the same text', async () => {
    const shared: Buffer[] = [];
    const texts: string[] = [];
    const fast = (): HubClient => ({
      send: () => undefined,
      sendShared: (utf8) => shared.push(utf8),
      bufferedAmount: 0,
      close: () => undefined,
    });
    const plain: HubClient = {
      send: (d) => void (d.includes('sys.positions') && texts.push(d)), // not its sys.synced
      bufferedAmount: 0,
      close: () => undefined,
    };
    const hub = t.app.core.hub;
    const clients = [fast(), fast(), plain];
    for (const c of clients) await hub.subscribe(c, undefined, true);
    hub.publishPositions([
      [7, 119.5, 32, 90, 40, 1000],
      [7, 119.6, 32, 90, 40, 900], // older fix of the same unit: the tick keeps the newest
      [8, 119.7, 32.1, null, null, 1100],
    ]);
    hub.flushPositions();
    hub.flushPositions(); // nothing new: no second frame
    for (const c of clients) hub.unsubscribe(c);

    expect(shared).toHaveLength(2);
    expect(shared[0]).toBe(shared[1]); // the same bytes, not an encoding per socket
    expect(texts).toHaveLength(1);
    expect(shared[0]!.toString('utf8')).toBe(texts[0]);
    const frame = JSON.parse(texts[0]!) as PositionsFrame;
    expect(frame.type).toBe('sys.positions');
    expect(frame.units).toEqual([
      [7, 119.5, 32, 90, 40, 1000],
      [8, 119.7, 32.1, null, null, 1100],
    ]);
  });
});
