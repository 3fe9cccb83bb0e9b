import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import type { Projection } from '../map/coords.ts';
import type { ReplayData } from './model.ts';
import { positionAt, statusAt, travelledAt } from './interpolate.ts';

export interface ReplayUnitProps {
  unitId: number;
  callSign: string;
  status: string;
  heading: number;
}

/** Whole tracks (drawn faint); they do not change with the cursor, so they are built once per replay. */
export function trackLines(data: ReplayData, project: Projection): FeatureCollection<LineString, { unitId: number }> {
  return {
    type: 'FeatureCollection',
    features: data.tracks
      .filter((track) => track.points.length > 1)
      .map((track) => ({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: track.points.map((p) => project.toDisplay([p[1], p[2]])) },
        properties: { unitId: track.unitId },
      })),
  };
}

export interface ReplayFrame {
  /** Each track up to the cursor (drawn in the unit's status colour). */
  travelled: FeatureCollection<LineString, { unitId: number; status: string }>;
  /** Where each unit is at the cursor. */
  units: FeatureCollection<Point, ReplayUnitProps>;
}

/** The map's content at time `t`: GeoJSON in display coordinates (GCJ-02 over Chinese tiles). */
export function replayFrame(data: ReplayData, t: number, project: Projection): ReplayFrame {
  const initial = new Map(data.units.map((u) => [u.unitId, u.initialStatus]));
  const travelled: Feature<LineString, { unitId: number; status: string }>[] = [];
  const units: Feature<Point, ReplayUnitProps>[] = [];
  for (const track of data.tracks) {
    const status = statusAt(data.statusChanges, track.unitId, t, initial.get(track.unitId)) ?? 'available';
    const line = travelledAt(track.points, t);
    if (line.length > 1) {
      travelled.push({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: line.map((p) => project.toDisplay(p)) },
        properties: { unitId: track.unitId, status },
      });
    }
    const at = positionAt(track.points, t);
    if (at) {
      units.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: project.toDisplay([at.lon, at.lat]) },
        properties: { unitId: track.unitId, callSign: track.callSign, status, heading: at.heading },
      });
    }
  }
  return {
    travelled: { type: 'FeatureCollection', features: travelled },
    units: { type: 'FeatureCollection', features: units },
  };
}
