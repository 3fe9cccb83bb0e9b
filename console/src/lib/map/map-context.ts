import { getContext, setContext } from 'svelte';
import type { MapGeoJSONFeature, Map as MapLibreMap } from 'maplibre-gl';
import type { Projection } from './coords.ts';

export type FeatureClickHandler = (feature: MapGeoJSONFeature) => void;

/** What a layer component gets from the map it lives in. */
export interface MapContext {
  /** The map, once its style and basemap are loaded (layer components render only then). */
  readonly map: MapLibreMap;
  readonly project: Projection;
  /** Clicks on features of this layer go to `handler` (and not to the map's background click). */
  onFeatureClick(layerId: string, handler: FeatureClickHandler): () => void;
  /** Feature counts shown as data attributes on the map element (for tests and diagnostics). */
  setCount(name: string, count: number): void;
}

const KEY = Symbol('map');

export function setMapContext(ctx: MapContext): void {
  setContext(KEY, ctx);
}

export function getMapContext(): MapContext {
  const ctx = getContext<MapContext | undefined>(KEY);
  if (!ctx) throw new Error('map layer used outside <CountyMap>');
  return ctx;
}

/** Adds a GeoJSON source (or replaces its data) — sources are created once and updated per change. */
export function upsertGeoJson(map: MapLibreMap, id: string, data: GeoJSON.GeoJSON): void {
  const source = map.getSource(id);
  if (source && 'setData' in source && typeof source.setData === 'function') {
    (source as { setData(d: GeoJSON.GeoJSON): void }).setData(data);
  } else if (!source) {
    map.addSource(id, { type: 'geojson', data });
  }
}

/** Removes layers then their source, ignoring what is already gone (the map may be destroyed first). */
export function removeLayers(map: MapLibreMap, layerIds: string[], sourceIds: string[]): void {
  try {
    for (const id of layerIds) if (map.getLayer(id)) map.removeLayer(id);
    for (const id of sourceIds) if (map.getSource(id)) map.removeSource(id);
  } catch {
    // map already removed
  }
}

/** Text in the map is drawn locally (no glyph server): any installed font with Chinese glyphs. */
export const FONT_STACK = ['Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', 'sans-serif'];
