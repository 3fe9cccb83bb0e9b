import type { Queryable } from '@c120/db';
import { coverage } from '@c120/db/repositories';
import type { DemandPoint } from '../domain/coverage.ts';
import type { AreaKind } from '../domain/eta.ts';

/** Grid for area coverage: 0.01° squares (≈ 0.95 × 1.1 km at Danyang's latitude), clipped to the county. */
export const GRID_DEG = 0.01;

export interface DemandRow extends DemandPoint {
  kind: 'village' | 'cell';
  name: string | null;
  /** Village id, or the cell's grid indexes. */
  placeId: number | null;
  i: number;
  j: number;
}

const area = (kind: string | null): AreaKind => (kind === '街道' ? 'urban' : 'rural');

/**
 * Demand points: villages/communities weighted by population, and grid cells over the county (regions) weighted
 * by their clipped area; each in the township that contains it (街道 = urban target, else rural).
 */
export async function loadDemand(db: Queryable, gridDeg: number = GRID_DEG): Promise<DemandRow[]> {
  const villages = await coverage.villageDemand(db);
  const cells = await coverage.gridDemand(db, gridDeg);
  return [
    ...villages.map((v): DemandRow => ({
      id: `v${v.id}`,
      kind: 'village',
      name: v.name,
      placeId: Number(v.id),
      i: 0,
      j: 0,
      lon: Number(v.lon),
      lat: Number(v.lat),
      area: area(v.kind),
      townshipCode: v.code,
      population: Number(v.population),
      areaKm2: 0,
    })),
    ...cells.map((c): DemandRow => ({
      id: `c${c.i}_${c.j}`,
      kind: 'cell',
      name: null,
      placeId: null,
      i: Number(c.i),
      j: Number(c.j),
      lon: Number(c.lon),
      lat: Number(c.lat),
      area: area(c.kind),
      townshipCode: c.code,
      population: 0,
      areaKm2: Number(c.km2),
    })),
  ];
}
