import { describe, expect, it } from 'vitest';
import type { CoverageReport } from '@c120/dispatch-core/contracts';
import { IDENTITY } from '../map/coords.ts';
import { translate } from '../i18n/translate.ts';
import { unit } from '../testing/fixtures.ts';
import {
  cellFeatures,
  describeModel,
  moveUpKey,
  pendingMoves,
  townshipRows,
  villageFeatures,
  worstHoles,
  minutesUp,
  uncoveredCsv,
  uncoveredVillages,
} from './coverage-view.ts';

const report = (over: Partial<CoverageReport> = {}): CoverageReport => ({
  computedAt: '2026-11-23T10:00:00.000Z',
  computeMs: 12.5,
  trigger: 'unit.status_changed',
  model: 'straight-line',
  modelInfo: { kind: 'straight_line', detourFactor: 1.4, urbanKmh: 30, ruralKmh: 50, startSeconds: 30 },
  targets: { urbanSeconds: 720, ruralSeconds: 1800 },
  goalPopulationShare: 0.95,
  availableUnits: 3,
  populationShare: 0.8,
  areaShare: 0.5,
  population: 1000,
  coveredPopulation: 800,
  areaKm2: 4,
  coveredAreaKm2: 2,
  byTownship: [
    { code: 'T2', name: '乙镇', populationShare: 1, areaShare: 1, population: 300, coveredPopulation: 300 },
    { code: 'T1', name: '甲镇', populationShare: 0.714, areaShare: 0.4, population: 700, coveredPopulation: 500 },
    { code: 'T3', name: '丙镇', populationShare: 0, areaShare: 0, population: 0, coveredPopulation: 0 },
  ],
  gridDeg: 0.01,
  cells: [
    { i: 11960, j: 3200, covered: true, etaSeconds: 300 },
    { i: 11961, j: 3200, covered: false, etaSeconds: 2000 },
  ],
  villages: [
    { id: 1, name: '甲村', lon: 119.6, lat: 32.0, population: 500, covered: true, etaSeconds: 600 },
    { id: 2, name: '乙村', lon: 119.7, lat: 32.1, population: 120, covered: false, etaSeconds: 2100 },
    { id: 3, name: '丙村', lon: 119.8, lat: 32.2, population: 80, covered: false, etaSeconds: null },
  ],
  uncovered: [],
  pendingMoves: [],
  moveUp: {
    unitId: 7,
    callSign: '丹阳120-07',
    stationId: 3,
    stationName: '珥陵站',
    gainPopulation: 120,
    populationShareAfter: 0.92,
    explanation: '…',
  },
  ...over,
});

describe('coverage view', () => {
  it('draws each grid cell as its square, coloured by covered, with minutes', () => {
    const fc = cellFeatures(report(), IDENTITY);
    expect(fc.features).toHaveLength(2);
    const ring = fc.features[1]?.geometry.coordinates[0] ?? [];
    expect(ring[0]?.[0]).toBeCloseTo(119.61, 9);
    expect(ring[0]?.[1]).toBeCloseTo(32.0, 9);
    expect(ring[2]?.[0]).toBeCloseTo(119.62, 9);
    expect(ring[2]?.[1]).toBeCloseTo(32.01, 9);
    expect(fc.features.map((f) => f.properties)).toEqual([
      { covered: true, minutes: 5 },
      { covered: false, minutes: 34 }, // 2000 s = 33.3 min, rounded up,
    ]);
  });

  it('draws villages with population and covered, and lists the biggest holes first', () => {
    const fc = villageFeatures(report(), IDENTITY);
    expect(fc.features[2]?.properties).toEqual({ name: '丙村', population: 80, covered: false, minutes: null });
    expect(worstHoles(report()).map((v) => v.name)).toEqual(['乙村', '丙村']);
  });

  it('orders townships worst first and flags those below the goal (not empty ones)', () => {
    expect(
      townshipRows(report()).map((r) => [r.name, r.populationPercent, r.belowGoal, r.uncoveredPopulation]),
    ).toEqual([
      ['丙镇', 0, false, 0],
      ['甲镇', 71, true, 200],
      ['乙镇', 100, false, 0],
    ]);
  });

  it('keys the move-up so that ignoring hides only that suggestion', () => {
    expect(moveUpKey(report())).toBe('7->3');
    expect(moveUpKey(report({ moveUp: null }))).toBeNull();
    expect(moveUpKey(null)).toBeNull();
  });

  it('describes the drive-time model in the chosen language', () => {
    const straight = report();
    expect(describeModel(straight, (k, p) => translate('zh', k, p))).toBe(
      '直线距离 × 1.4 绕行系数，城区 30 公里/小时、乡镇 50 公里/小时，另加出车准备 30 秒',
    );
    expect(describeModel(straight, (k, p) => translate('en', k, p))).toMatch(
      /^straight line × 1\.4 detour, 30 km\/h urban/,
    );
    const network = report({
      modelInfo: {
        kind: 'road_network',
        nodes: 8200,
        offNetworkKmh: 15,
        maxSnapM: 1000,
        startSeconds: 30,
        fallback: { kind: 'straight_line', detourFactor: 1.4, urbanKmh: 30, ruralKmh: 50, startSeconds: 30 },
      },
    });
    const zh = describeModel(network, (k, p) => translate('zh', k, p));
    expect(zh).toMatch(/^道路网络（8,200 个节点/);
    expect(zh).toMatch(/距道路超过 1000 米或无可达路径时：直线距离 × 1\.4/);
    expect(zh).not.toMatch(/[a-z]{3,}/); // no English words left in the Chinese text
  });

  it('lists the open move-up orders of the live units, oldest first, with whether the crew acknowledged', () => {
    const moveUp = (id: number, at: string, acknowledgedAt: string | null = null) => ({
      relocationId: id,
      stationId: 3,
      stationName: '珥陵站',
      orderedAt: at,
      acknowledgedAt,
    });
    const units = [
      unit(1),
      unit(2, { moveUp: moveUp(8, '2026-11-23T10:05:00.000Z') }),
      unit(4, { moveUp: moveUp(6, '2026-11-23T10:01:00.000Z', '2026-11-23T10:02:00.000Z') }),
    ];
    expect(pendingMoves(units).map((p) => [p.unitId, p.acknowledged])).toEqual([
      [4, true],
      [2, false],
    ]);
  });
});

describe('honest minutes and every uncovered village', () => {
  it('rounds drive times up, so a village over a 12-minute target never reads "12"', () => {
    expect(minutesUp(721)).toBe(13);
    expect(minutesUp(749)).toBe(13); // Math.round would say 12
    expect(minutesUp(720)).toBe(12);
    expect(minutesUp(null)).toBeNull();
  });
  it('lists and exports every uncovered village, not only the worst five', () => {
    const villages = Array.from({ length: 8 }, (_, i) => ({
      id: i + 1,
      name: i === 7 ? '陈家塘村, 北' : `村${i + 1}`,
      lon: 119.5 + i / 100,
      lat: 32,
      population: 100 * (i + 1),
      covered: false,
      etaSeconds: i === 0 ? null : 749 + i,
    }));
    const r = report({ villages: [...villages, { ...villages[0]!, id: 99, name: '有车村', covered: true }] });
    expect(uncoveredVillages(r)).toHaveLength(8);
    expect(worstHoles(r)).toHaveLength(5);
    const csv = uncoveredCsv(r);
    expect(csv.startsWith('\uFEFF村庄 village,')).toBe(true);
    const rows = csv.trim().split('\r\n');
    expect(rows).toHaveLength(9);
    expect(rows[1]).toBe('"陈家塘村, 北",800,13,119.57000,32.00000');
    expect(rows.at(-1)).toBe('村1,100,,119.50000,32.00000');
    expect(csv).not.toContain('有车村');
  });
});
