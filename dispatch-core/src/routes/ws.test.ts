import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '@c120/db/testing';
import type { PositionsFrame } from '../events/index.ts';
import { buildTestApp, type TestApp } from '../testing/app.ts';
import { Inbox } from '../testing/ws-inbox.ts';

describe(`WebSocket event stream on ${testEngine()}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const createIncident = (complaint: string) =>
    t.inject({
      method: 'POST',
      url: '/api/incidents',
      payload: { location: { lon: 119.6, lat: 32 }, complaint, priority: 3 },
    });

  async function subscribe(afterSeq?: number): Promise<Inbox> {
    const ws = await t.injectWS();
    const inbox = new Inbox(ws);
    ws.send(JSON.stringify({ type: 'subscribe', ...(afterSeq === undefined ? {} : { afterSeq }) }));
    await inbox.until((f) => f.some((x) => x.type === 'sys.synced'));
    return inbox;
  }

  it('replays events after a seq, then streams live ones in order, with no gap and no duplicate', async () => {
    const state = (await t.inject({ method: 'GET', url: '/api/state' })).json<{ seq: number }>();
    await createIncident('before-1');
    await createIncident('before-2');
    const inbox = await subscribe(state.seq);
    expect(inbox.events().map((e) => e.type)).toEqual(['incident.created', 'incident.created']);
    await createIncident('live-1');
    await createIncident('live-2');
    await inbox.until(() => inbox.events().length === 4);
    const seqs = inbox.events().map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs[seqs.length - 1]! - seqs[0]!).toBe(3);
    const complaints = inbox.events().map((e) => (e.type === 'incident.created' ? e.payload.incident.complaint : ''));
    expect(complaints).toEqual(['before-1', 'before-2', 'live-1', 'live-2']);
    inbox.ws.terminate();
  });

  it('resumes after a dropped connection from the last seq it applied, missing nothing', async () => {
    const first = await subscribe();
    await createIncident('a');
    await first.until(() => first.events().length === 1);
    const lastSeq = first.events()[0]!.seq;
    first.ws.terminate();
    // Events committed while the client is away…
    await createIncident('b');
    await createIncident('c');
    const second = await subscribe(lastSeq);
    await createIncident('d');
    await second.until(() => second.events().length === 3);
    expect(second.events().map((e) => (e.type === 'incident.created' ? e.payload.incident.complaint : '?'))).toEqual([
      'b',
      'c',
      'd',
    ]);
    expect(second.events()[0]!.seq).toBe(lastSeq + 1);
    second.ws.terminate();
  });

  it('coalesces positions: the latest per unit, one frame per tick', async () => {
    const inbox = await subscribe();
    t.app.core.hub.publishPositions([
      [1, 119.6, 32.0, 90, 40, 1_000],
      [1, 119.61, 32.0, 90, 40, 2_000],
      [2, 119.5, 31.9, null, null, 1_500],
      [1, 119.605, 32.0, 90, 40, 1_500], // older than the fix already held: ignored
    ]);
    await inbox.until((f) => f.some((x) => x.type === 'sys.positions'));
    const frames = inbox.frames.filter((f): f is PositionsFrame => f.type === 'sys.positions');
    expect(frames).toHaveLength(1);
    expect(frames[0]!.units).toEqual([
      [1, 119.61, 32.0, 90, 40, 2_000],
      [2, 119.5, 31.9, null, null, 1_500],
    ]);
    inbox.ws.terminate();
  });

  it('answers a malformed message with sys.error and keeps the connection', async () => {
    const ws = await t.injectWS();
    const inbox = new Inbox(ws);
    ws.send('{"type":"subscribe","afterSeq":-4}');
    await inbox.until((f) => f.some((x) => x.type === 'sys.error'));
    ws.send(JSON.stringify({ type: 'subscribe' }));
    await inbox.until((f) => f.some((x) => x.type === 'sys.synced'));
    ws.terminate();
  });

  it('closes a client flooding the socket with subscribe messages, counts it, and keeps serving others', async () => {
    const calm = await subscribe();
    const ws = await t.injectWS();
    const flooder = new Inbox(ws);
    for (let i = 0; i < 50; i++) ws.send(JSON.stringify({ type: 'subscribe', afterSeq: 0 }));
    await flooder.until(() => flooder.closed !== null);
    expect(flooder.closed).toMatchObject({ code: 1008, reason: expect.stringMatching(/too many messages/) });
    const admin = await t.as('admin');
    expect((await admin('/metrics')).body).toContain('ws_flood_disconnects_total 1');
    await createIncident('after the flood');
    await calm.until(() => calm.events().some((e) => e.type === 'incident.created'));
    calm.ws.terminate();
  });
});
