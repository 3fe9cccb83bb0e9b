import type { Map as MapLibreMap, StyleSpecification } from 'maplibre-gl';
import type { CountyGeo } from '../services/geo.ts';
import type { Projection } from './coords.ts';
import { projectCollection, projectGeometry, townshipLabels } from './features.ts';
import { FONT_STACK, upsertGeoJson } from './map-context.ts';
import type { BasemapConfig } from './tiles.ts';

/** Danyang, roughly: where the map opens before the county boundary arrives. */
export const DEFAULT_CENTER: [number, number] = [119.6, 31.99];
export const DEFAULT_ZOOM = 9.6;

/**
 * The style: a plain background and optional raster tiles; the streets of the imported extract (the core's own
 * vector tiles, streets.ts) and the county are added on load. Label glyphs come from the core (`/glyphs/…`,
 * rendered from the CJK font installed on the server), never from the internet; where the core has no font
 * MapLibre draws them with the browser's fonts (docs/DESIGN-NOTES.md "Streets").
 */
export function baseStyle(config: BasemapConfig, origin?: string): StyleSpecification {
  return {
    version: 8,
    ...(origin ? { glyphs: `${origin}/glyphs/{fontstack}/{range}.pbf` } : {}),
    sources: Object.fromEntries(
      config.rasters.map((r) => [
        r.id,
        { type: 'raster', tiles: r.tiles, tileSize: r.tileSize, maxzoom: r.maxzoom, attribution: r.attribution },
      ]),
    ),
    layers: [
      { id: 'base-background', type: 'background', paint: { 'background-color': '#eef1ec' } },
      ...config.rasters.map((r) => ({ id: `base-raster-${r.id}`, type: 'raster' as const, source: r.id })),
    ],
  };
}

const BASE_LAYERS = [
  'base-townships-fill',
  'base-townships-line',
  'base-county-line',
  'base-county-outline',
  'base-townships-label',
];

/**
 * County boundary and townships, under every overlay: inserted before the first layer that is not part of the
 * basemap (so it also works when the boundary arrives after the overlays were added).
 */
export function addCountyLayers(map: MapLibreMap, geo: CountyGeo, project: Projection, withRaster: boolean): void {
  if (map.getLayer('base-townships-fill')) return;
  // Township tints under the streets; lines and names over them; everything under the overlays.
  const layers = map.getStyle().layers;
  const before = layers.find((l) => !l.id.startsWith('base-') && !l.id.startsWith('streets-'))?.id;
  const fillBefore = layers.find((l) => l.id.startsWith('streets-'))?.id ?? before;
  upsertGeoJson(map, 'base-townships', projectCollection(geo.townships, project));
  upsertGeoJson(map, 'base-township-labels', townshipLabels(geo, project));
  upsertGeoJson(
    map,
    'base-county',
    geo.county
      ? { ...geo.county, geometry: projectGeometry(geo.county.geometry, project) }
      : { type: 'FeatureCollection', features: [] },
  );
  map.addLayer(
    {
      id: 'base-townships-fill',
      type: 'fill',
      source: 'base-townships',
      paint: {
        // Four soft tints by code, so that neighbouring townships are told apart without a legend.
        'fill-color': [
          'match',
          ['%', ['to-number', ['get', 'code'], 0], 4],
          0,
          '#f7f4ea',
          1,
          '#eef4ea',
          2,
          '#f1eef6',
          '#eaf1f4',
        ],
        'fill-opacity': withRaster ? 0 : 1,
      },
    },
    fillBefore,
  );
  map.addLayer(
    {
      id: 'base-townships-line',
      type: 'line',
      source: 'base-townships',
      paint: { 'line-color': '#9aa39a', 'line-width': 0.8, 'line-dasharray': [3, 2] },
    },
    before,
  );
  map.addLayer(
    {
      id: 'base-county-outline',
      type: 'line',
      source: 'base-county',
      paint: { 'line-color': '#ffffff', 'line-width': 5, 'line-opacity': 0.8 },
    },
    before,
  );
  map.addLayer(
    {
      id: 'base-county-line',
      type: 'line',
      source: 'base-county',
      paint: { 'line-color': '#5c6bc0', 'line-width': 2.2 },
    },
    before,
  );
  map.addLayer(
    {
      id: 'base-townships-label',
      type: 'symbol',
      source: 'base-township-labels',
      layout: {
        'text-field': ['get', 'name'],
        'text-font': FONT_STACK,
        'text-size': 13,
        // Seats are often where a station is: let the name move aside rather than disappear under unit labels.
        'text-variable-anchor': ['top', 'bottom', 'left', 'right'],
        'text-radial-offset': 1.2,
      },
      paint: { 'text-color': '#5d6a5d', 'text-halo-color': '#ffffff', 'text-halo-width': 1.5 },
    },
    before,
  );
}

export function hasCountyLayers(map: MapLibreMap): boolean {
  return BASE_LAYERS.every((id) => map.getLayer(id));
}
