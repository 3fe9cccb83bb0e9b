import type { MapInfoView } from '@c120/dispatch-core/contracts';
import { get } from './http.ts';

let cached: Promise<MapInfoView> | null = null;

/** GET /api/map/info, once per page: whether an OSM extract is imported (streets on the map) and where. */
export function fetchMapInfo(): Promise<MapInfoView> {
  cached ??= get<MapInfoView>('/api/map/info').catch((error: unknown) => {
    cached = null;
    throw error;
  });
  return cached;
}
