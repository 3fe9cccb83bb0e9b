import type { ExpressionSpecification, LayerSpecification, Map as MapLibreMap } from 'maplibre-gl';
import { FONT_STACK } from './map-context.ts';

/** The core's own vector tiles of the imported OSM extract (GET /tiles/{z}/{x}/{y}.pbf): nothing from the internet. */
export const STREETS_SOURCE = 'streets';

/** Road classes drawn together, with the colours Chinese web maps use: 高速 orange, 国道/快速路 amber, 省道 yellow, others white. */
const ROAD_STYLE: Record<string, { fill: string; casing: string; width: number }> = {
  motorway: { fill: '#ffb14e', casing: '#e08a2c', width: 5 },
  trunk: { fill: '#ffcf66', casing: '#dba23a', width: 4.5 },
  primary: { fill: '#fff09a', casing: '#d2b85a', width: 4 },
  secondary: { fill: '#ffffff', casing: '#c6bfae', width: 3.5 },
  tertiary: { fill: '#ffffff', casing: '#cfc9bb', width: 3 },
  minor: { fill: '#ffffff', casing: '#d9d4c8', width: 2.4 },
  service: { fill: '#fbfaf6', casing: '#e0dbd0', width: 1.4 },
};
const MINOR = ['unclassified', 'residential', 'road', 'living_street'];

/** `match` over the road class: one value per style group. */
function byClass(
  pick: (s: { fill: string; casing: string; width: number }) => string | number,
): ExpressionSpecification {
  const s = ROAD_STYLE;
  return [
    'match',
    ['get', 'class'],
    'motorway',
    pick(s.motorway!),
    'trunk',
    pick(s.trunk!),
    'primary',
    pick(s.primary!),
    'secondary',
    pick(s.secondary!),
    'tertiary',
    pick(s.tertiary!),
    MINOR,
    pick(s.minor!),
    pick(s.service!),
  ] as ExpressionSpecification;
}

/** Line width growing with the zoom: `w` px at z15, a third of it at z11, three times at z18. */
const width = (factor: number): ExpressionSpecification => [
  'interpolate',
  ['exponential', 1.6],
  ['zoom'],
  10,
  ['*', byClass((s) => s.width), factor * 0.25],
  15,
  ['*', byClass((s) => s.width), factor],
  18,
  ['*', byClass((s) => s.width), factor * 3],
];

const halo = { 'text-halo-color': '#ffffff', 'text-halo-width': 1.6 } as const;

/** The basemap layers over the streets source, bottom to top; every id starts with `streets-`. */
export function streetLayers(): LayerSpecification[] {
  const src = { source: STREETS_SOURCE };
  return [
    {
      id: 'streets-landuse',
      type: 'fill',
      ...src,
      'source-layer': 'landuse',
      paint: {
        'fill-color': [
          'match',
          ['get', 'class'],
          ['park', 'garden', 'grass', 'meadow', 'pitch', 'golf_course', 'common', 'grassland', 'nature_reserve'],
          '#d8eec8',
          ['forest', 'wood', 'scrub', 'orchard', 'heath'],
          '#c9e4b4',
          ['farmland', 'farmyard'],
          '#eef3d8',
          ['industrial', 'railway', 'military', 'construction'],
          '#ece6ef',
          ['commercial', 'retail'],
          '#f8e9e2',
          'cemetery',
          '#d5e2cf',
          '#f1eee6',
        ],
        'fill-opacity': 0.9,
      },
    },
    { id: 'streets-water', type: 'fill', ...src, 'source-layer': 'water', paint: { 'fill-color': '#a9d3f2' } },
    {
      id: 'streets-waterway',
      type: 'line',
      ...src,
      'source-layer': 'waterway',
      paint: {
        'line-color': '#a9d3f2',
        'line-width': [
          'interpolate',
          ['linear'],
          ['zoom'],
          10,
          1,
          16,
          ['match', ['get', 'class'], ['river', 'canal'], 8, 2],
        ],
      },
    },
    {
      id: 'streets-road-casing',
      type: 'line',
      ...src,
      'source-layer': 'roads',
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': byClass((s) => s.casing),
        'line-width': width(1.45),
        'line-opacity': ['case', ['get', 'tunnel'], 0.4, 1],
      },
    },
    {
      id: 'streets-road',
      type: 'line',
      ...src,
      'source-layer': 'roads',
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': byClass((s) => s.fill),
        'line-width': width(1),
        'line-opacity': ['case', ['get', 'tunnel'], 0.5, 1],
      },
    },
    {
      id: 'streets-road-label',
      type: 'symbol',
      ...src,
      'source-layer': 'roads',
      minzoom: 13,
      filter: ['has', 'name'],
      layout: {
        'symbol-placement': 'line',
        'text-field': ['get', 'name'],
        'text-font': FONT_STACK,
        'text-size': ['interpolate', ['linear'], ['zoom'], 13, 11, 17, 14],
        'text-max-angle': 35,
        'symbol-spacing': 300,
      },
      paint: { 'text-color': '#4a4a42', ...halo },
    },
    {
      id: 'streets-road-ref',
      type: 'symbol',
      ...src,
      'source-layer': 'roads',
      minzoom: 9,
      filter: ['all', ['has', 'ref'], ['!', ['has', 'name']]],
      layout: { 'symbol-placement': 'line', 'text-field': ['get', 'ref'], 'text-font': FONT_STACK, 'text-size': 11 },
      paint: { 'text-color': '#7a5a20', ...halo },
    },
    {
      id: 'streets-poi-label',
      type: 'symbol',
      ...src,
      'source-layer': 'pois',
      minzoom: 15,
      layout: { 'text-field': ['get', 'name'], 'text-font': FONT_STACK, 'text-size': 11, 'text-max-width': 8 },
      paint: {
        'text-color': [
          'match',
          ['get', 'class'],
          ['amenity=hospital', 'amenity=clinic', 'healthcare=hospital'],
          '#c62828',
          '#6b5d4f',
        ],
        ...halo,
      },
    },
    {
      id: 'streets-place-label',
      type: 'symbol',
      ...src,
      'source-layer': 'places',
      layout: {
        'text-field': ['get', 'name'],
        'text-font': FONT_STACK,
        'text-size': ['match', ['get', 'class'], ['city', 'town'], 15, 12],
      },
      paint: { 'text-color': '#3f4a3f', ...halo },
    },
  ];
}

/** Adds the streets source and layers below every other layer but the background and raster basemaps. */
export function addStreetLayers(map: MapLibreMap, origin: string): void {
  if (map.getSource(STREETS_SOURCE)) return;
  map.addSource(STREETS_SOURCE, {
    type: 'vector',
    tiles: [`${origin}/tiles/{z}/{x}/{y}.pbf`],
    minzoom: 0,
    maxzoom: 16,
    attribution: '© OpenStreetMap contributors',
  });
  const before = map.getStyle().layers.find((l) => l.id !== 'base-background' && !l.id.startsWith('base-raster-'))?.id;
  for (const layer of streetLayers()) map.addLayer(layer, before);
}

/** Shows or hides the offline street layers (the layer switcher). */
export function setStreetsVisible(map: MapLibreMap, visible: boolean): void {
  for (const layer of streetLayers()) {
    if (map.getLayer(layer.id)) map.setLayoutProperty(layer.id, 'visibility', visible ? 'visible' : 'none');
  }
}

/** Named roads currently drawn (for the page's data attributes: a browser test reads them). */
export function renderedStreetCounts(map: MapLibreMap): { roads: number; labels: number } {
  if (!map.getLayer('streets-road')) return { roads: 0, labels: 0 };
  return {
    roads: map.queryRenderedFeatures({ layers: ['streets-road'] }).length,
    labels: map.queryRenderedFeatures({ layers: ['streets-road-label'] }).length,
  };
}
