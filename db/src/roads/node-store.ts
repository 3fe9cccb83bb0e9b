/** Looks up a node's [lon, lat] by OSM id (a Map satisfies it). */
export interface CoordLookup {
  get(id: number): readonly [number, number] | undefined;
  has(id: number): boolean;
}

/**
 * Coordinates of the nodes the import needs (those of kept ways), in flat typed arrays: the ids, sorted, in a
 * Float64Array (OSM ids pass 2³²) and lon/lat as int32 in 1e-7° (OSM's own precision) — 16 bytes a node, no
 * per-node objects. Ids are added while ways are read (`want`), then `seal()` sorts them, then the node pass
 * fills coordinates (`offer`). Memory is proportional to the nodes of kept ways, not to the file.
 */
export class NodeStore implements CoordLookup {
  private ids = new Float64Array(1 << 16);
  private count = 0;
  private lon = new Int32Array(0);
  private lat = new Int32Array(0);
  private known = new Uint8Array(0);
  private sealed = false;

  want(id: number): void {
    if (this.sealed) throw new Error('NodeStore is sealed');
    if (this.count === this.ids.length) {
      const bigger = new Float64Array(this.ids.length * 2);
      bigger.set(this.ids);
      this.ids = bigger;
    }
    this.ids[this.count++] = id;
  }

  /** Sorts and de-duplicates the wanted ids and makes room for their coordinates. */
  seal(): void {
    const sorted = this.ids.subarray(0, this.count).sort();
    let n = 0;
    for (let i = 0; i < sorted.length; i++)
      if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i] as number;
    this.ids = sorted.slice(0, n);
    this.count = n;
    this.lon = new Int32Array(n);
    this.lat = new Int32Array(n);
    this.known = new Uint8Array(n);
    this.sealed = true;
  }

  /** Position of `id` among the wanted ids, or -1. */
  indexOf(id: number): number {
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.ids[mid] as number;
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Keeps the node's coordinates if it is wanted. */
  offer(id: number, lon: number, lat: number): void {
    const i = this.indexOf(id);
    if (i < 0) return;
    this.lon[i] = Math.round(lon * 1e7);
    this.lat[i] = Math.round(lat * 1e7);
    this.known[i] = 1;
  }

  has(id: number): boolean {
    const i = this.indexOf(id);
    return i >= 0 && this.known[i] === 1;
  }

  get(id: number): readonly [number, number] | undefined {
    const i = this.indexOf(id);
    if (i < 0 || this.known[i] !== 1) return undefined;
    return [(this.lon[i] as number) / 1e7, (this.lat[i] as number) / 1e7];
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the arrays (for the import's memory report). */
  get bytes(): number {
    return this.ids.byteLength + this.lon.byteLength + this.lat.byteLength + this.known.byteLength;
  }
}
