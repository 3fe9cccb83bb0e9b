import type { Feature, FeatureCollection, Geometry, LineString, Point, Position } from 'geojson';
import type { HospitalView, IncidentView, StationView, UnitView } from '@c120/dispatch-core/contracts';
import type { UnitStatus } from '@c120/shared/vocabulary';
import { isStale, type FixMap } from '../live/fixes.ts';
import type { LonLatPair, Projection } from './coords.ts';
import type { CountyGeo } from '../services/geo.ts';

export interface UnitProps {
  id: number;
  callSign: string;
  status: UnitStatus;
  stale: boolean;
  /** Heading in degrees, 0 when unknown. */
  heading: number;
  /** Show the heading arrow (a heading is known and the unit moves). */
  moving: boolean;
  selected: boolean;
}

export interface IncidentProps {
  id: number;
  priority: number;
  label: string;
  pending: boolean;
  selected: boolean;
}

export interface PlaceProps {
  id: number;
  name: string;
}

const point = <P>(p: LonLatPair, properties: P, id?: number): Feature<Point, P> => ({
  type: 'Feature',
  ...(id === undefined ? {} : { id }),
  geometry: { type: 'Point', coordinates: p },
  properties,
});

const collection = <G extends Geometry, P>(features: Feature<G, P>[]): FeatureCollection<G, P> => ({
  type: 'FeatureCollection',
  features,
});

/**
 * One feature per unit with a known position (the latest fix, else the position its view carries), for the
 * one GeoJSON source all units share.
 */
export function unitFeatures(
  units: Iterable<UnitView>,
  fixes: FixMap,
  opts: { serverNowMs: number; staleAfterSeconds: number; project: Projection; selectedId?: number | null },
): FeatureCollection<Point, UnitProps> {
  const features: Feature<Point, UnitProps>[] = [];
  for (const unit of units) {
    const fix = fixes.get(unit.id);
    const lon = fix?.lon ?? unit.position?.lon;
    const lat = fix?.lat ?? unit.position?.lat;
    if (lon === undefined || lat === undefined) continue;
    const heading = fix ? fix.headingDeg : unit.headingDeg;
    const speed = fix ? fix.speedKmh : unit.speedKmh;
    features.push(
      point(
        opts.project.toDisplay([lon, lat]),
        {
          id: unit.id,
          callSign: unit.callSign,
          status: unit.status,
          stale: isStale(fix, opts.serverNowMs, opts.staleAfterSeconds),
          heading: heading ?? 0,
          moving: heading !== null && heading !== undefined && (speed ?? 1) > 1,
          selected: unit.id === opts.selectedId,
        },
        unit.id,
      ),
    );
  }
  return collection(features);
}

export function incidentFeatures(
  incidents: Iterable<IncidentView>,
  opts: { project: Projection; selectedId?: number | null },
): FeatureCollection<Point, IncidentProps> {
  const features: Feature<Point, IncidentProps>[] = [];
  for (const i of incidents) {
    features.push(
      point(
        opts.project.toDisplay([i.location.lon, i.location.lat]),
        {
          id: i.id,
          priority: i.priority,
          label: `#${i.id}`,
          pending: i.status === 'pending',
          selected: i.id === opts.selectedId,
        },
        i.id,
      ),
    );
  }
  return collection(features);
}

export function placeFeatures(
  places: Iterable<StationView | HospitalView>,
  project: Projection,
): FeatureCollection<Point, PlaceProps> {
  return collection(
    [...places].map((p) =>
      point(project.toDisplay([p.location.lon, p.location.lat]), { id: p.id, name: p.name }, p.id),
    ),
  );
}

/** Straight lines from units to an incident (the recommended candidates), drawn under the markers. */
export function linkFeatures(
  from: { unitId: number; lon: number; lat: number; rank: number }[],
  to: LonLatPair,
  project: Projection,
): FeatureCollection<LineString, { unitId: number; rank: number }> {
  const end = project.toDisplay(to);
  return collection(
    from.map((f) => ({
      type: 'Feature' as const,
      geometry: { type: 'LineString' as const, coordinates: [project.toDisplay([f.lon, f.lat]), end] },
      properties: { unitId: f.unitId, rank: f.rank },
    })),
  );
}

/** Shifts every coordinate of a geometry (only needed over GCJ-02 tiles). */
export function projectGeometry<G extends Geometry>(geometry: G, project: Projection): G {
  const map = (c: Position): Position => project.toDisplay([c[0] ?? 0, c[1] ?? 0]);
  switch (geometry.type) {
    case 'Point':
      return { ...geometry, coordinates: map(geometry.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { ...geometry, coordinates: geometry.coordinates.map(map) };
    case 'MultiLineString':
    case 'Polygon':
      return { ...geometry, coordinates: geometry.coordinates.map((r) => r.map(map)) };
    case 'MultiPolygon':
      return { ...geometry, coordinates: geometry.coordinates.map((p) => p.map((r) => r.map(map))) };
    case 'GeometryCollection':
      return { ...geometry, geometries: geometry.geometries.map((g) => projectGeometry(g, project)) };
    default:
      return geometry;
  }
}

export function projectCollection<G extends Geometry, P>(
  fc: FeatureCollection<G, P>,
  project: Projection,
): FeatureCollection<G, P> {
  return { ...fc, features: fc.features.map((f) => ({ ...f, geometry: projectGeometry(f.geometry, project) })) };
}

/** Township label points at their seats (falls back to nothing for a township without one). */
export function townshipLabels(
  geo: CountyGeo,
  project: Projection,
): FeatureCollection<Point, { code: string; name: string }> {
  const features: Feature<Point, { code: string; name: string }>[] = [];
  for (const f of geo.townships.features) {
    const seat = f.properties.seat;
    if (!seat) continue;
    features.push(point(project.toDisplay([seat[0], seat[1]]), { code: f.properties.code, name: f.properties.name }));
  }
  return collection(features);
}

/** [[west, south], [east, north]] of a geometry's coordinates, or null when empty. */
export function bbox(geometries: Geometry[]): [[number, number], [number, number]] | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const visit = (c: Position) => {
    const [x = NaN, y = NaN] = c;
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  };
  const walk = (g: Geometry): void => {
    switch (g.type) {
      case 'Point':
        visit(g.coordinates);
        break;
      case 'MultiPoint':
      case 'LineString':
        g.coordinates.forEach(visit);
        break;
      case 'MultiLineString':
      case 'Polygon':
        g.coordinates.forEach((r) => r.forEach(visit));
        break;
      case 'MultiPolygon':
        g.coordinates.forEach((p) => p.forEach((r) => r.forEach(visit)));
        break;
      case 'GeometryCollection':
        g.geometries.forEach(walk);
        break;
    }
  };
  geometries.forEach(walk);
  return Number.isFinite(w)
    ? [
        [w, s],
        [e, n],
      ]
    : null;
}
