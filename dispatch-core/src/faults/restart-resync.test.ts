/**
 * A core restart loses no committed event: build the app, make events, close it (some events happen while a
 * console is away), build a new app on the same database; the console resubscribes with its last seq and gets
 * exactly the events it missed — no gap, no duplicate — and then live ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import { buildApp } from '../app.ts';
import type { App } from '../app-types.ts';
import { loadConfig } from '../config.ts';
import { buildTestApp, testSessions, type TestApp } from '../testing/app.ts';
import { Inbox } from '../testing/ws-inbox.ts';

describe(`core restart and resync by seq on ${testEngine()}`, () => {
  let t: TestApp;
  let second: App | null = null;
  beforeAll(async () => {
    t = await buildTestApp({ httpRateLimitPerMinute: 0 });
  });
  afterAll(async () => {
    await second?.close();
    await t?.db.close();
  });

  // Each core instance checks sessions itself: act through a session of a dispatcher on that instance.
  const call = async (app: App, complaint: string) =>
    (await testSessions(app).as('dispatcher'))({
      method: 'POST',
      url: '/api/incidents',
      payload: { location: { lon: 119.6, lat: 32 }, complaint, priority: 3 },
    });
  async function subscribe(app: App, afterSeq: number): Promise<Inbox> {
    const inbox = new Inbox(await testSessions(app).injectWS());
    inbox.ws.send(JSON.stringify({ type: 'subscribe', afterSeq }));
    await inbox.until((f) => f.some((x) => x.type === 'sys.synced'));
    return inbox;
  }
  const seqsAfter = async (seq: number) =>
    (await t.db.query<{ seq: number }>('SELECT seq FROM events WHERE seq > $1 ORDER BY seq', [seq])).rows.map(
      (r) => r.seq,
    );

  it('a console resubscribing after a restart gets exactly what it missed, then live events', async () => {
    const first = t.app;
    const start = (await t.inject('/api/state')).json<{ seq: number }>().seq;
    const console1 = await subscribe(first, start);
    const ids: number[] = [];
    for (const c of ['a', 'b', 'c']) {
      const res = await call(first, c);
      expect(res.statusCode).toBe(201);
      ids.push(res.json<{ id: number }>().id);
    }
    await console1.until(() => console1.events().length === 3);
    const lastSeen = console1.events().at(-1)!.seq;

    // The console drops off; the core keeps working, then is restarted.
    console1.ws.terminate();
    const cancelled = await t.inject({
      method: 'POST',
      url: `/api/incidents/${ids[0]}/cancel`,
      payload: { reason: 'duplicate call' },
    });
    expect(cancelled.statusCode).toBe(200);
    for (const c of ['d', 'e']) expect((await call(first, c)).statusCode).toBe(201);
    const committed = await seqsAfter(start);
    await first.close();

    second = await buildApp({ db: t.db, config: loadConfig({}, { positionTickMs: 20, httpRateLimitPerMinute: 0 }) });
    await second.ready();
    // Nothing committed before the restart is lost.
    expect(await seqsAfter(start)).toEqual(committed);

    const console2 = await subscribe(second, lastSeen);
    const missed = await seqsAfter(lastSeen);
    expect(missed).toHaveLength(3);
    expect(console2.events().map((e) => e.seq)).toEqual(missed);
    expect(console2.events().map((e) => e.type)).toEqual([
      'incident.cancelled',
      'incident.created',
      'incident.created',
    ]);
    expect(console2.frames.find((f) => f.type === 'sys.synced')).toMatchObject({ seq: missed.at(-1), replayed: 3 });

    // And live from there, on the new instance.
    expect((await call(second, 'f')).statusCode).toBe(201);
    await console2.until(() => console2.events().length === 4);
    expect(console2.events().map((e) => e.seq)).toEqual(await seqsAfter(lastSeen));
  });
});
