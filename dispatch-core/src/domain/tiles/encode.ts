import { fromGeojsonVt, type GeojsonVtFeature } from 'vt-pbf';

type Pos = [number, number];
interface Geometry {
  type: string;
  coordinates?: unknown;
  geometries?: Geometry[];
}

/** Tile-unit GeoJSON geometry → geojson-vt feature geometry of the layer's type (other parts are dropped). */
export function toTileGeometry(g: Geometry, type: 1 | 2 | 3): GeojsonVtFeature['geometry'] | null {
  const pts: Pos[] = [];
  const lines: Pos[][] = [];
  const visit = (geom: Geometry) => {
    const c = geom.coordinates;
    switch (geom.type) {
      case 'Point':
        if (type === 1) pts.push(c as Pos);
        break;
      case 'MultiPoint':
        if (type === 1) pts.push(...(c as Pos[]));
        break;
      case 'LineString':
        if (type === 2) lines.push(c as Pos[]);
        break;
      case 'MultiLineString':
        if (type === 2) lines.push(...(c as Pos[][]));
        break;
      case 'Polygon':
        if (type === 3) lines.push(...(c as Pos[][]));
        break;
      case 'MultiPolygon':
        if (type === 3) for (const poly of c as Pos[][][]) lines.push(...poly);
        break;
      case 'GeometryCollection':
        for (const part of geom.geometries ?? []) visit(part);
        break;
    }
  };
  visit(g);
  if (type === 1) return pts.length > 0 ? pts : null;
  const kept = lines.filter((l) => l.length >= (type === 3 ? 4 : 2));
  return kept.length > 0 ? kept : null;
}

export interface EncodableLayer {
  name: string;
  type: 1 | 2 | 3;
  features: { g: string; props: Record<string, unknown> }[];
}

/** Scalar properties only (MVT values are strings, numbers and booleans). */
function tags(props: Record<string, unknown>): GeojsonVtFeature['tags'] {
  const out: GeojsonVtFeature['tags'] = {};
  for (const [k, v] of Object.entries(props)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

/** Encodes layers of tile-unit GeoJSON rows as a Mapbox Vector Tile (v2) with vt-pbf. Empty layers are left out. */
export function encodeTile(layers: readonly EncodableLayer[], extent: number): Uint8Array {
  const out: Record<string, { features: GeojsonVtFeature[] }> = {};
  for (const layer of layers) {
    const features: GeojsonVtFeature[] = [];
    for (const f of layer.features) {
      const geometry = toTileGeometry(JSON.parse(f.g) as Geometry, layer.type);
      if (geometry) features.push({ type: layer.type, geometry, tags: tags(f.props) });
    }
    if (features.length > 0) out[layer.name] = { features };
  }
  return Object.keys(out).length > 0 ? fromGeojsonVt(out, { version: 2, extent }) : new Uint8Array(0);
}
