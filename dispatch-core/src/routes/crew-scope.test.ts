import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { testEngine } from '@c120/db/testing';
import type { StateSnapshot } from '../contracts/api.ts';
import type { IncidentView } from '../contracts/views.ts';
import type { ServerFrame } from '../events/index.ts';
import { buildTestApp, insertUnits, type Injector, type TestApp } from '../testing/app.ts';

function collect(ws: WebSocket): ServerFrame[] {
  const frames: ServerFrame[] = [];
  ws.on('message', (d: { toString(): string }) => frames.push(JSON.parse(d.toString()) as ServerFrame));
  return frames;
}

async function until(pred: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe(`a crew sees and changes only its own unit and run on ${testEngine()}`, () => {
  let t: TestApp;
  let u: Record<string, number>;
  let crewA: Injector;
  let incA: IncidentView;
  let incB: IncidentView;

  beforeAll(async () => {
    t = await buildTestApp();
    u = await insertUnits(t.db, [
      { code: 'cA', lon: 119.6, lat: 32 },
      { code: 'cB', lon: 119.61, lat: 32 },
    ]);
    crewA = await t.as('crew', u.cA);
    const create = async (unitId: number) => {
      const inc = (
        await t.inject({
          method: 'POST',
          url: '/api/incidents',
          payload: { location: { lon: 119.6, lat: 32.001 }, complaint: `for ${unitId}`, priority: 2 },
        })
      ).json<IncidentView>();
      const a = await t.inject({ method: 'POST', url: `/api/incidents/${inc.id}/assignments`, payload: { unitId } });
      expect(a.statusCode, a.body).toBe(201);
      return inc;
    };
    incA = await create(u.cA!);
    incB = await create(u.cB!);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('GET /api/state: its unit and its incident only; a dispatcher sees both', async () => {
    const crew = (await crewA('/api/state')).json<StateSnapshot>();
    expect(crew.units.map((x) => x.id)).toEqual([u.cA]);
    expect(crew.incidents.map((i) => i.id)).toEqual([incA.id]);
    const all = (await t.inject('/api/state')).json<StateSnapshot>();
    expect(all.units.map((x) => x.id).sort()).toEqual([u.cA, u.cB].sort());
    expect(all.incidents.map((i) => i.id)).toEqual(expect.arrayContaining([incA.id, incB.id]));
  });

  it('reads its own incident and unit; another crew’s incident is 404 and another unit 403', async () => {
    expect((await crewA(`/api/incidents/${incA.id}`)).statusCode).toBe(200);
    expect((await crewA(`/api/incidents/${incB.id}`)).statusCode).toBe(404);
    expect((await crewA(`/api/incidents/${incB.id}/hospitals`)).statusCode).toBe(404);
    expect((await crewA(`/api/units/${u.cA}`)).statusCode).toBe(200);
    expect((await crewA(`/api/units/${u.cB}`)).statusCode).toBe(403);
    expect((await crewA('/api/incidents')).statusCode).toBe(403);
  });

  it('changes only its own unit’s status, always recorded as source crew with the user', async () => {
    const other = await crewA({ method: 'POST', url: `/api/units/${u.cB}/status`, payload: { status: 'en_route' } });
    expect(other.statusCode).toBe(403);
    expect(other.json<{ message: string }>().message).toMatch(/acts only for unit/);
    const own = await crewA({
      method: 'POST',
      url: `/api/units/${u.cA}/status`,
      payload: { status: 'en_route', source: 'console' },
    });
    expect(own.statusCode, own.body).toBe(200);
    const { rows } = await t.db.query<{ source: string; username: string }>(
      `SELECT c.source, us.username FROM unit_status_changes c JOIN users us ON us.id = c.actor_user_id
       WHERE c.unit_id = $1 AND c.to_status = 'en_route'`,
      [u.cA],
    );
    expect(rows).toEqual([{ source: 'crew', username: `test-crew-${u.cA}` }]);
  });

  it('posts positions for its own unit only; without a session a json device needs its secret', async () => {
    const item = (deviceId: string) => ({ deviceId, time: new Date().toISOString(), lat: 32, lon: 119.6 });
    await t.db.query(
      `INSERT INTO device_credentials (unit_id, protocol, device_id) VALUES ($1, 'json', 'cA'), ($2, 'json', 'cB')`,
      [u.cA, u.cB],
    );
    const mine = await crewA({ method: 'POST', url: '/api/positions', payload: { positions: [item('cA')] } });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json<{ accepted: number }>().accepted).toBe(1);
    const theirs = await crewA({ method: 'POST', url: '/api/positions', payload: { positions: [item('cB')] } });
    expect(theirs.statusCode).toBe(403);
    expect(theirs.json<{ results: { reason: string }[] }>().results[0]?.reason).toBe('other_unit');
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/positions',
      payload: { positions: [item('cB')] },
    });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json<{ results: { reason: string }[] }>().results[0]?.reason).toBe('bad_secret');
    const dispatcher = await t.inject({ method: 'POST', url: '/api/positions', payload: { positions: [item('cA')] } });
    expect(dispatcher.statusCode).toBe(403);
  });

  it('WebSocket: the crew receives its own events, sys.hidden for the rest, and only its unit’s positions', async () => {
    const seq = (await t.inject('/api/state')).json<StateSnapshot>().seq;
    const crewWs = await t.injectWS('crew', u.cA);
    const dispWs = await t.injectWS();
    const crewFrames = collect(crewWs);
    const dispFrames = collect(dispWs);
    crewWs.send(JSON.stringify({ type: 'subscribe', afterSeq: 0 }));
    dispWs.send(JSON.stringify({ type: 'subscribe', afterSeq: seq }));
    await until(
      () => crewFrames.some((f) => f.type === 'sys.synced') && dispFrames.some((f) => f.type === 'sys.synced'),
    );
    // Replay: every seq is accounted for, and nothing about unit B's run is readable.
    const replay = crewFrames.filter((f) => 'seq' in f && f.type !== 'sys.synced') as { seq: number }[];
    expect(replay.map((f) => f.seq)).toEqual(Array.from({ length: seq }, (_, i) => i + 1));
    expect(JSON.stringify(crewFrames)).not.toContain(`for ${u.cB}`);
    expect(crewFrames.some((f) => f.type === 'sys.hidden')).toBe(true);

    await t.inject({ method: 'POST', url: `/api/units/${u.cB}/status`, payload: { status: 'en_route' } });
    await t.inject({ method: 'POST', url: `/api/units/${u.cA}/status`, payload: { status: 'on_scene' } });
    await until(() => dispFrames.filter((f) => f.type === 'unit.status_changed').length === 2);
    await until(() => crewFrames.some((f) => f.type === 'unit.status_changed'));
    // Position ticks (from the positions posted by the test before) may interleave: events only here.
    const live = crewFrames.slice(replay.length + 1).filter((f) => f.type !== 'sys.positions');
    expect(live.map((f) => f.type)).toEqual(['sys.hidden', 'unit.status_changed']);

    const crewMark = crewFrames.length;
    const dispMark = dispFrames.length;

    t.app.core.hub.publishPositions([
      [u.cA!, 119.6, 32, 0, 10, Date.now()],
      [u.cB!, 119.61, 32, 0, 10, Date.now()],
    ]);
    t.app.core.hub.flushPositions();
    const tick = (frames: typeof crewFrames, mark: number) =>
      frames.slice(mark).find((f) => f.type === 'sys.positions');
    await until(() => tick(crewFrames, crewMark) !== undefined && tick(dispFrames, dispMark) !== undefined);
    const crewTick = tick(crewFrames, crewMark);
    const dispTick = tick(dispFrames, dispMark);
    expect(crewTick?.type === 'sys.positions' && crewTick.units.map((x) => x[0])).toEqual([u.cA]);
    expect(dispTick?.type === 'sys.positions' && dispTick.units.length).toBe(2);
    crewWs.close();
    dispWs.close();
  });

  it('WebSocket upgrade without a session is refused', async () => {
    await expect(t.app.injectWS('/ws')).rejects.toThrow(/401/);
  });
});
