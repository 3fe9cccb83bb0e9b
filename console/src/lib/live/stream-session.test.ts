import { describe, expect, it } from 'vitest';
import { frame, incident, positions, snapshot, T0 } from '../testing/fixtures.ts';
import { LiveModel } from './live-model.ts';
import { backoffDelay, parseFrame, StreamSession } from './stream-session.ts';

function setup() {
  const model = new LiveModel();
  model.load(snapshot({ seq: 10 }), T0);
  return { model, session: new StreamSession(model) };
}

describe('StreamSession', () => {
  it('subscribes with the last applied seq and positions', () => {
    const { session } = setup();
    expect(session.subscribe()).toEqual({ type: 'subscribe', afterSeq: 10, positions: true });
    expect(session.onFrame({ type: 'sys.synced', seq: 10, replayed: 0 })).toEqual({ synced: true });
    expect(session.syncing).toBe(false);
  });

  it('resubscribes once from the last applied seq on a gap, then catches up from the replay', () => {
    const { model, session: s } = setup();
    s.subscribe();
    s.onFrame({ type: 'sys.synced', seq: 10, replayed: 0 });
    s.onFrame(frame(11, 'incident.created', { incident: incident(1) }));
    const out = s.onFrame(frame(13, 'incident.created', { incident: incident(3) }));
    expect(out.send).toEqual({ type: 'subscribe', afterSeq: 11, positions: true });
    // more live frames already in flight are gaps too: no second resubscribe
    expect(s.onFrame(frame(14, 'incident.created', { incident: incident(4) }))).toEqual({});
    // the replay: 12, 13, 14, then synced
    for (const seq of [12, 13, 14]) s.onFrame(frame(seq, 'incident.created', { incident: incident(seq - 10) }));
    expect(s.onFrame({ type: 'sys.synced', seq: 14, replayed: 3 }).synced).toBe(true);
    expect(model.lastSeq).toBe(14);
    expect([...model.incidents.keys()].sort()).toEqual([1, 2, 3, 4]);
    expect(s.gaps).toBe(2);
  });

  it('moves past sys.hidden (an event this account may not see) without a gap, and treats a skipped one as a gap', () => {
    const { model, session: s } = setup();
    s.subscribe();
    s.onFrame({ type: 'sys.synced', seq: 10, replayed: 0 });
    expect(s.onFrame({ type: 'sys.hidden', seq: 11 })).toEqual({});
    expect(s.onFrame(frame(12, 'incident.created', { incident: incident(1) }))).toEqual({});
    expect(model.lastSeq).toBe(12);
    expect(s.gaps).toBe(0);
    expect(s.onFrame({ type: 'sys.hidden', seq: 14 }).send).toEqual({
      type: 'subscribe',
      afterSeq: 12,
      positions: true,
    });
    expect(s.gaps).toBe(1);
  });

  it('reloads when the server history ends before what was applied (database reset)', () => {
    const { session: s } = setup();
    s.subscribe();
    expect(s.onFrame({ type: 'sys.synced', seq: 3, replayed: 0 }).reload).toMatch(/behind/);
  });

  it('counts duplicates without applying them', () => {
    const { session: s } = setup();
    s.onFrame(frame(9, 'incident.created', { incident: incident(1) }));
    expect(s.duplicates).toBe(1);
  });

  it('applies position ticks and turns a fatal error into a reload', () => {
    const { model, session: s } = setup();
    s.onFrame(positions(T0, [[1, 119.7, 32.0, null, null, T0]]), T0);
    expect(model.fixOf(1)?.lon).toBe(119.7);
    expect(s.onFrame({ type: 'sys.error', message: 'too far behind', fatal: true })).toEqual({
      reload: 'too far behind',
    });
    expect(s.onFrame({ type: 'sys.error', message: 'bad message', fatal: false })).toEqual({ error: 'bad message' });
  });
});

describe('parseFrame', () => {
  it('accepts JSON objects with a type only', () => {
    expect(parseFrame('{"type":"sys.synced","seq":1,"replayed":0}')).toEqual({
      type: 'sys.synced',
      seq: 1,
      replayed: 0,
    });
    expect(parseFrame('not json')).toBeNull();
    expect(parseFrame('[1,2]')).toBeNull();
    expect(parseFrame(new ArrayBuffer(2))).toBeNull();
  });
});

describe('backoffDelay', () => {
  it('grows exponentially from 500 ms to a 30 s cap, with jitter', () => {
    const mid = () => 0.5;
    expect(backoffDelay(0, mid)).toBe(500);
    expect(backoffDelay(1, mid)).toBe(1000);
    expect(backoffDelay(4, mid)).toBe(8000);
    expect(backoffDelay(20, mid)).toBe(30_000);
    expect(backoffDelay(3, () => 0)).toBe(3200);
    expect(backoffDelay(3, () => 1)).toBe(4800);
  });
});
