import { beforeAll, describe, expect, it } from 'vitest';
import { CallGenerator } from './calls.ts';
import { COMPLAINTS_BY_PRIORITY, INFECTIOUS_COMPLAINTS } from './complaints.ts';
import { loadGazetteer, type Gazetteer } from './gazetteer.ts';
import { metres } from './geo.ts';
import { createRng } from './random.ts';

describe('simulated calls', () => {
  let g: Gazetteer;
  const N = 20_000;
  let calls: ReturnType<CallGenerator['next']>[];
  beforeAll(async () => {
    g = await loadGazetteer();
    const gen = new CallGenerator(g, createRng(2024));
    calls = Array.from({ length: N }, () => gen.next());
  });

  const share = (pred: (c: (typeof calls)[number]) => boolean) => calls.filter(pred).length / N;

  it('have the priority mix 10 / 30 / 40 / 20 % (±1.5 points)', () => {
    const expected = { 1: 0.1, 2: 0.3, 3: 0.4, 4: 0.2 } as const;
    for (const p of [1, 2, 3, 4] as const) {
      expect(Math.abs(share((c) => c.body.priority === p) - expected[p])).toBeLessThan(0.015);
    }
  });

  it('are ~5 % infectious, with an infectious complaint', () => {
    const infectious = share((c) => c.body.infectious === true);
    expect(infectious).toBeGreaterThan(0.04);
    expect(infectious).toBeLessThan(0.06);
    const texts = new Set(INFECTIOUS_COMPLAINTS.map((c) => c.text));
    for (const c of calls.filter((x) => x.body.infectious)) expect(texts.has(c.body.complaint)).toBe(true);
  });

  it('carry a complaint that fits the priority', () => {
    for (const c of calls.slice(0, 2000)) {
      if (c.body.infectious) continue;
      const fits = COMPLAINTS_BY_PRIORITY[c.body.priority as 1 | 2 | 3 | 4].map((x) => x.text);
      expect(fits).toContain(c.body.complaint);
    }
    // The common ones all occur.
    for (const text of ['胸痛', '呼吸困难', '意识不清', '车祸外伤', '跌倒', '腹痛', '发热', '抽搐', '孕妇腹痛']) {
      expect(calls.some((c) => c.body.complaint === text)).toBe(true);
    }
  });

  it('come from inside the county, near a village, in proportion to population', () => {
    const population = new Map<string, number>();
    for (const v of g.villages) {
      const t = g.township(v.townshipCode);
      if (t) population.set(t.code, (population.get(t.code) ?? 0) + v.population);
    }
    const total = [...population.values()].reduce((a, b) => a + b, 0);
    const perTownship = new Map<string, number>();
    for (const c of calls) {
      const at: [number, number] = [c.body.location.lon, c.body.location.lat];
      expect(g.isInside(at)).toBe(true);
      expect(metres(at, c.place.at)).toBeLessThanOrEqual(410); // 400 m, flat-earth offsets and 6-decimal rounding
      const code = c.place.townshipCode ?? '';
      perTownship.set(code, (perTownship.get(code) ?? 0) + 1);
    }
    for (const [code, pop] of population) {
      expect(Math.abs((perTownship.get(code) ?? 0) / N - pop / total)).toBeLessThan(0.02);
    }
  });

  it('have a caller phone the API accepts, an address in the local style and a note', () => {
    for (const c of calls.slice(0, 2000)) {
      const b = c.body;
      expect(b.callerPhone).toMatch(/^(1[3-9]\d{9}|0511-8[68]\d{6})$/);
      expect(b.callerPhone).toMatch(/^[0-9+\- ]*$/); // the route schema
      expect(b.address).toMatch(/^.+(街道|镇).+(村\d+组\d+号|社区\d+幢\d单元)$/);
      expect(b.patients).toBeGreaterThanOrEqual(1);
      expect(b.patients).toBeLessThanOrEqual(3);
      expect(b.notes).toMatch(/^(男|女)，约\d+岁$|^\d人受伤$/);
      expect(b.callerName).toMatch(/^.(先生|女士)$/);
    }
    const mobiles = share((c) => (c.body.callerPhone ?? '').startsWith('1'));
    expect(mobiles).toBeGreaterThan(0.8);
    expect(mobiles).toBeLessThan(0.9);
  });

  it('are reproducible from a seed', () => {
    const a = new CallGenerator(g, createRng(9)).next();
    const b = new CallGenerator(g, createRng(9)).next();
    expect(a.body).toEqual(b.body);
  });
});
