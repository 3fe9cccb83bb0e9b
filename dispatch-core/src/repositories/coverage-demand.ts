import type { Queryable } from '@c120/db';
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
  const villages = await db.query<{
    id: number;
    name: string;
    lon: number;
    lat: number;
    code: string | null;
    kind: string | null;
    population: number;
  }>(
    `SELECT p.id, p.name, ST_X(p.geom) AS lon, ST_Y(p.geom) AS lat, t.code, t.kind, coalesce(p.population, 0) AS population
     FROM places p LEFT JOIN townships t ON t.code = p.township_code
     WHERE p.kind IN ('village', 'community') ORDER BY p.id`,
  );
  const cells = await db.query<{
    i: number;
    j: number;
    lon: number;
    lat: number;
    km2: number;
    code: string | null;
    kind: string | null;
  }>(
    `WITH county AS (SELECT ST_Union(geom) AS geom FROM regions),
          grid AS (SELECT (ST_SquareGrid($1, county.geom)).* FROM county),
          clipped AS (SELECT grid.i, grid.j, ST_Intersection(grid.geom, county.geom) AS geom
                      FROM grid, county WHERE ST_Intersects(grid.geom, county.geom))
     SELECT c.i, c.j, ST_X(ST_PointOnSurface(c.geom)) AS lon, ST_Y(ST_PointOnSurface(c.geom)) AS lat,
            ST_Area(c.geom::geography) / 1e6 AS km2, t.code, t.kind
     FROM clipped c LEFT JOIN townships t ON ST_Contains(t.geom, ST_PointOnSurface(c.geom))
     WHERE NOT ST_IsEmpty(c.geom) ORDER BY c.i, c.j`,
    [gridDeg],
  );
  return [
    ...villages.rows.map((v): DemandRow => ({
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
    ...cells.rows.map((c): DemandRow => ({
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
