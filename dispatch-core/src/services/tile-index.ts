import GeoJSONVT from 'geojson-vt';
import type { Feature, Geometry } from 'geojson';
import { fromGeojsonVt, type GeojsonVtFeature } from 'vt-pbf';
import type { Queryable } from '@c120/db';
import { tiles } from '@c120/db/repositories';

const { allTileFeatures, EXTENT, TILE_LAYERS } = tiles;

/**
 * Tiles cut in memory with geojson-vt from every feature of the basemap, read once from the database (after
 * start and after each import): the embedded engine's path, where PostGIS cannot encode MVT and clipping
 * each tile in WASM PostGIS is slow. A county's streets are tens of MB in memory. Features carry their layer
 * and the lowest zoom that shows them; a tile is split back into layers when it is encoded with vt-pbf.
 */
export class TileIndex {
  private constructor(private readonly index: GeoJSONVT) {}

  static async load(db: Queryable): Promise<TileIndex> {
    const rows = await allTileFeatures(db);
    const features: Feature[] = rows.map((r) => ({
      type: 'Feature',
      geometry: JSON.parse(r.g) as Geometry,
      properties: { ...r.props, $layer: r.layer, $minz: r.minz },
    }));
    const index = new GeoJSONVT(
      { type: 'FeatureCollection', features },
      { maxZoom: 18, indexMaxZoom: 5, tolerance: 3, extent: EXTENT, buffer: 64 },
    );
    return new TileIndex(index);
  }

  tile(z: number, x: number, y: number): Uint8Array {
    const tile = this.index.getTile(z, x, y);
    if (!tile) return new Uint8Array(0);
    const layers: Record<string, { features: GeojsonVtFeature[] }> = {};
    for (const f of tile.features) {
      const { $layer, $minz, ...tags } = (f.tags ?? {}) as Record<string, unknown>;
      if (typeof $minz === 'number' && $minz > z) continue;
      const layer = TILE_LAYERS[Number($layer)];
      if (!layer) continue;
      const clean: GeojsonVtFeature['tags'] = {};
      for (const [k, v] of Object.entries(tags)) {
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') clean[k] = v;
      }
      (layers[layer.name] ??= { features: [] }).features.push({ type: f.type, geometry: f.geometry, tags: clean });
    }
    return Object.keys(layers).length > 0 ? fromGeojsonVt(layers, { version: 2, extent: EXTENT }) : new Uint8Array(0);
  }
}
