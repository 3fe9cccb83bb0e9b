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

export interface ReplayFrame {
  /** Whole tracks (drawn faint). */
  tracks: FeatureCollection<LineString, { unitId: number }>;
  /** Each track up to the cursor (drawn in the unit's status colour). */
  travelled: FeatureCollection<LineString, { unitId: number; status: string }>;
  /** Where each unit is at the cursor. */
  units: FeatureCollection<Point, ReplayUnitProps>;
}

/** The map's content at time `t`: GeoJSON in display coordinates (GCJ-02 over Chinese tiles). */
export function replayFrame(data: ReplayData, t: number, project: Projection): ReplayFrame {
  const initial = new Map(data.units.map((u) => [u.unitId, u.initialStatus]));
  const tracks: Feature<LineString, { unitId: number }>[] = [];
  const travelled: Feature<LineString, { unitId: number; status: string }>[] = [];
  const units: Feature<Point, ReplayUnitProps>[] = [];
  for (const track of data.tracks) {
    const status = statusAt(data.statusChanges, track.unitId, t, initial.get(track.unitId)) ?? 'available';
    if (track.points.length > 1) {
      tracks.push({
        type: 'Feature',
        geometry: { type: 'LineString', coordinates: track.points.map((p) => project.toDisplay([p[1], p[2]])) },
        properties: { unitId: track.unitId },
      });
    }
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
    tracks: { type: 'FeatureCollection', features: tracks },
    travelled: { type: 'FeatureCollection', features: travelled },
    units: { type: 'FeatureCollection', features: units },
  };
}
