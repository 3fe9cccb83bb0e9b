import { beforeAll, describe, expect, it } from 'vitest';
import type {
  AssignmentResult,
  CreateIncidentBody,
  IncidentView,
  RecommendationList,
} from '@c120/dispatch-core/contracts';
import type { EventFrame } from '@c120/dispatch-core/events';
import { CallDesk } from './call-desk.ts';
import { CallGenerator } from './calls.ts';
import { CoreApiError, CoreClient } from './core-client.ts';
import { loadGazetteer, type Gazetteer } from './gazetteer.ts';
import { createRng } from './random.ts';

/** A core that stores incidents in memory; assignments succeed unless `noUnits`. */
class FakeCore extends CoreClient {
  incidents = new Map<number, IncidentView>();
  assignCalls: { id: number; key: string }[] = [];
  noUnits = false;

  constructor() {
    super('http://fake');
  }

  override async createIncident(body: CreateIncidentBody): Promise<IncidentView> {
    const id = this.incidents.size + 1;
    const incident = { id, status: 'pending', priority: body.priority, complaint: body.complaint, assignments: [] };
    this.incidents.set(id, incident as unknown as IncidentView);
    return incident as unknown as IncidentView;
  }

  override async incident(id: number): Promise<{ incident: IncidentView }> {
    const incident = this.incidents.get(id);
    if (!incident) throw new CoreApiError(404, 'not found', undefined);
    return { incident };
  }

  override async assignNearest(id: number, key: string): Promise<AssignmentResult> {
    this.assignCalls.push({ id, key });
    if (this.noUnits) throw new CoreApiError(409, 'no available unit', 'no_unit_available');
    const incident = this.incidents.get(id) as IncidentView;
    this.incidents.set(id, { ...incident, status: 'dispatched' });
    return { unit: { callSign: '丹阳120-01' } } as unknown as AssignmentResult;
  }
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const assigned = (id: number) =>
  ({ type: 'assignment.created', payload: { incident: { id } } }) as unknown as EventFrame;

describe('the call desk', () => {
  let g: Gazetteer;
  beforeAll(async () => {
    g = await loadGazetteer();
  });
  const desk = (core: FakeCore, ratePerHour: number, autoDispatchAfterSeconds: number | null) =>
    new CallDesk({
      client: core,
      calls: new CallGenerator(g, createRng(1)),
      rng: createRng(2),
      ratePerHour,
      autoDispatchAfterSeconds,
      log: () => {},
    });

  it('raises calls at the configured rate (Poisson, simulated time)', async () => {
    const core = new FakeCore();
    const d = desk(core, 90, null);
    const hour = 3_600_000;
    for (let t = 0; t <= 40 * hour; t += 60_000) d.tick(t);
    await d.stop();
    // 40 h × 90/h = 3600 expected; ±5 %.
    expect(d.stats.calls).toBeGreaterThan(3420);
    expect(d.stats.calls).toBeLessThan(3780);
    expect(core.incidents.size).toBe(d.stats.calls);
  });

  it('assigns the nearest unit to its own unassigned call, once, after the delay', async () => {
    const core = new FakeCore();
    const d = desk(core, 0, 20);
    const id = await d.raiseCall(0);
    d.tick(19_000);
    await flush();
    expect(core.assignCalls).toEqual([]);
    d.tick(20_000);
    await flush();
    await flush();
    expect(core.assignCalls).toEqual([{ id, key: `sim-autodispatch-${id}-1` }]);
    d.tick(100_000);
    await flush();
    expect(core.assignCalls).toHaveLength(1);
    expect(d.stats.autoDispatched).toBe(1);
  });

  it('leaves a call alone once a dispatcher assigned it', async () => {
    const core = new FakeCore();
    const d = desk(core, 0, 20);
    const id = (await d.raiseCall(0)) as number;
    d.onEvent(assigned(id));
    d.tick(60_000);
    await flush();
    expect(core.assignCalls).toEqual([]);
    // Assigned between the desk's schedule and its look: the incident is no longer pending.
    const id2 = (await d.raiseCall(60_000)) as number;
    core.incidents.set(id2, { ...(core.incidents.get(id2) as IncidentView), status: 'dispatched' });
    d.tick(90_000);
    await flush();
    await flush();
    expect(core.assignCalls).toEqual([]);
  });

  it('retries a minute later when no unit is available', async () => {
    const core = new FakeCore();
    core.noUnits = true;
    const d = desk(core, 0, 20);
    await d.raiseCall(0);
    d.tick(20_000);
    await flush();
    await flush();
    expect(core.assignCalls).toHaveLength(1);
    d.tick(60_000);
    await flush();
    expect(core.assignCalls).toHaveLength(1);
    core.noUnits = false;
    d.tick(81_000);
    await flush();
    await flush();
    expect(core.assignCalls).toHaveLength(2);
    expect(core.assignCalls[1]?.key).toMatch(/-2$/);
  });
});

describe('the call desk when only some units are simulated', () => {
  it('auto-dispatches the best-ranked unit the simulator plays', async () => {
    const g = await loadGazetteer();
    const calls: { id: number; unitId: number }[] = [];
    class Core extends CoreClient {
      constructor() {
        super('http://fake');
      }
      override async createIncident(): Promise<IncidentView> {
        return { id: 1, status: 'pending', priority: 2, complaint: '胸痛', assignments: [] } as unknown as IncidentView;
      }
      override async incident(): Promise<{ incident: IncidentView }> {
        return { incident: { id: 1, status: 'pending', assignments: [] } as unknown as IncidentView };
      }
      override async recommendations(): Promise<RecommendationList> {
        return { recommendations: [{ unit: { id: 5 } }, { unit: { id: 9 } }] } as unknown as RecommendationList;
      }
      override async assign(id: number, unitId: number): Promise<AssignmentResult> {
        calls.push({ id, unitId });
        return { unit: { callSign: 'x' } } as unknown as AssignmentResult;
      }
      override async assignNearest(): Promise<AssignmentResult> {
        throw new Error('must not ask for nearest');
      }
    }
    const d = new CallDesk({
      client: new Core(),
      calls: new CallGenerator(g, createRng(1)),
      rng: createRng(2),
      ratePerHour: 0,
      autoDispatchAfterSeconds: 0,
      log: () => {},
      playable: (id) => id === 9,
    });
    await d.raiseCall(0);
    d.tick(1);
    await flush();
    await flush();
    await flush();
    expect(calls).toEqual([{ id: 1, unitId: 9 }]);
  });
});
