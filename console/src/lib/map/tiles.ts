/**
 * Optional raster basemaps. Without configuration the console draws an offline basemap (plain background +
 * county and township polygons from /api/geo/county), which works on a dispatch-centre network with no
 * internet access. Configuration comes from PUBLIC_* variables (see console/README.md).
 */
import { positiveIntOr } from '@c120/shared/settings';
export type CoordSystem = 'wgs84' | 'gcj02';

export interface TileSettings {
  /** Tile URL templates with {z}/{x}/{y}; one per host (MapLibre has no {s} placeholder). */
  urls?: string | undefined;
  /** Hosts substituted for a `{s}` in `urls`, comma-separated (default a,b,c). */
  subdomains?: string | undefined;
  attribution?: string | undefined;
  maxZoom?: string | undefined;
  tileSize?: string | undefined;
  /** The coordinate system the tiles are drawn in: gcj02 for AMap/Tencent-style tiles. */
  coords?: string | undefined;
  /** A Tianditu key (tk): adds Tianditu (CGCS2000 ≈ WGS-84, overlays without conversion). */
  tiandituKey?: string | undefined;
  /** vec (vector map, default), img (imagery) or ter (terrain), each with its annotation layer. */
  tiandituLayer?: string | undefined;
}

export interface RasterLayerSpec {
  id: string;
  tiles: string[];
  tileSize: number;
  maxzoom: number;
  attribution: string;
}

export interface BasemapConfig {
  rasters: RasterLayerSpec[];
  coords: CoordSystem;
}

const TIANDITU_LAYERS: Record<string, [string, string]> = {
  vec: ['vec', 'cva'],
  img: ['img', 'cia'],
  ter: ['ter', 'cta'],
};

export function tiandituUrls(layer: string, key: string): string[] {
  return Array.from(
    { length: 8 },
    (_, i) =>
      `https://t${i}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}` +
      `&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
  );
}

/** Splits a list of templates and expands `{s}` into one URL per host. */
export function expandTileUrls(urls: string, subdomains = 'a,b,c'): string[] {
  const hosts = subdomains
    .split(/[\s,]+/)
    .map((h) => h.trim())
    .filter(Boolean);
  return urls
    .split(/[\s,]+/)
    .map((u) => u.trim())
    .filter(Boolean)
    .flatMap((u) => (u.includes('{s}') ? hosts.map((h) => u.replaceAll('{s}', h)) : [u]));
}

const positiveInt = positiveIntOr;

export function basemapConfig(s: TileSettings): BasemapConfig {
  const rasters: RasterLayerSpec[] = [];
  const key = s.tiandituKey?.trim();
  if (key) {
    const pair = TIANDITU_LAYERS[s.tiandituLayer?.trim() || 'vec'] ?? TIANDITU_LAYERS.vec!;
    for (const layer of pair) {
      rasters.push({
        id: `tianditu-${layer}`,
        tiles: tiandituUrls(layer, key),
        tileSize: 256,
        maxzoom: 18,
        attribution: '© 天地图 Tianditu',
      });
    }
  }
  if (s.urls?.trim()) {
    rasters.push({
      id: 'custom-raster',
      tiles: expandTileUrls(s.urls, s.subdomains || undefined),
      tileSize: positiveInt(s.tileSize, 256),
      maxzoom: positiveInt(s.maxZoom, 18),
      attribution: s.attribution ?? '',
    });
  }
  // Tianditu is WGS-84 already; only custom GCJ-02 tiles need the display shift.
  const coords: CoordSystem = s.coords?.trim().toLowerCase() === 'gcj02' && !key ? 'gcj02' : 'wgs84';
  return { rasters, coords };
}
