import { createHash } from 'node:crypto';
import type { Database } from '@c120/db';
import { encodeTile } from '../domain/tiles/encode.ts';
import { tiles } from '@c120/db/repositories';

import { TileIndex } from './tile-index.ts';
import { readMapInfo } from '../repositories/map-info.ts';

const { EXTENT, mvtTile, TILE_LAYERS, tileFeatures } = tiles;

/**
 * How a tile is made: PostGIS `ST_AsMVT` (PostgreSQL only), PostGIS clipping per tile + vt-pbf encoding, or
 * geojson-vt over all features held in memory + vt-pbf (both engines). The default is `st_asmvt` on
 * PostgreSQL and `geojson-vt` on PGlite (measured: dispatch-core/bench/tiles.ts, docs/DESIGN-NOTES.md).
 */
export type TileMethod = 'st_asmvt' | 'vt-pbf' | 'geojson-vt';

export interface Tile {
  bytes: Uint8Array;
  etag: string;
}

/** Tiles kept in memory at most, and for how long (stations/hospitals in the tiles may be edited). */
const CACHE_TILES = 2000;
const CACHE_MS = 60_000;

/**
 * Vector tiles of the basemap (`/tiles/{z}/{x}/{y}.pbf`). PostgreSQL makes them with `ST_AsMVT`; the embedded
 * PGlite's PostGIS has no protobuf-c, so there geojson-vt cuts them from the features held in memory and
 * vt-pbf encodes them. Made tiles are cached (LRU, 60 s) and dropped at once when an import notifies.
 */
export class TileService {
  private readonly cache = new Map<string, Tile & { at: number }>();
  private index: Promise<TileIndex> | null = null;
  readonly method: TileMethod;

  constructor(
    private readonly db: Database,
    method?: TileMethod,
  ) {
    this.method = method ?? (db.engine === 'postgres' ? 'st_asmvt' : 'geojson-vt');
  }

  /** Whether an OpenStreetMap extract is imported (streets, drive times on roads), its source and bounds. */
  mapInfo() {
    return readMapInfo(this.db);
  }

  async tile(z: number, x: number, y: number): Promise<Tile> {
    const key = `${z}/${x}/${y}`;
    const hit = this.cache.get(key);
    if (hit && Date.now() - hit.at < CACHE_MS) {
      // Refresh its place in the LRU order.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit;
    }
    const bytes = await this.render(z, x, y);
    const etag = `"${createHash('sha1').update(bytes).digest('base64url').slice(0, 22)}"`;
    const tile = { bytes, etag, at: Date.now() };
    this.cache.set(key, tile);
    if (this.cache.size > CACHE_TILES) this.cache.delete(this.cache.keys().next().value as string);
    return tile;
  }

  /** Makes a tile without the cache (the benchmark compares both methods with this). */
  async render(z: number, x: number, y: number, method: TileMethod = this.method): Promise<Uint8Array> {
    if (method === 'st_asmvt') return mvtTile(this.db, z, x, y);
    if (method === 'geojson-vt') return (await this.loadIndex()).tile(z, x, y);
    const rows = await tileFeatures(this.db, z, x, y);
    return encodeTile(
      TILE_LAYERS.map((l, i) => ({ name: l.name, type: l.type, features: rows.filter((r) => r.layer === i) })),
      EXTENT,
    );
  }

  /** The in-memory index, read at the first tile after start or after an import. */
  loadIndex(): Promise<TileIndex> {
    if (!this.index) {
      const loading = TileIndex.load(this.db);
      this.index = loading;
      // A failed read is tried again at the next tile.
      loading.catch(() => {
        if (this.index === loading) this.index = null;
      });
    }
    return this.index;
  }

  /** After an import: drop made tiles and the in-memory index. */
  clear(): void {
    this.cache.clear();
    this.index = null;
  }
}
