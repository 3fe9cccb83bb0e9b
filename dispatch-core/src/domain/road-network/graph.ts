/** One directed-or-not road edge as stored (`road_edges`): costs in seconds, reverseCost < 0 means one-way. */
export interface EdgeInput {
  source: number;
  target: number;
  cost: number;
  reverseCost: number;
}

/**
 * A road graph in compressed sparse row form (flat typed arrays: a county network of ~10⁵ edges is a few MB and
 * is walked without allocating). Node ids are OSM ids; searches use dense indexes 0…n-1. Both directions are
 * kept: `forward` for "from a unit to everywhere", `backward` for "from everywhere to one scene".
 */
export class RoadGraph {
  readonly index = new Map<number, number>();
  readonly ids: number[] = [];
  private readonly forward: Csr;
  private readonly backward: Csr;

  constructor(edges: readonly EdgeInput[]) {
    const arcs: [number, number, number][] = [];
    const idx = (id: number) => {
      let i = this.index.get(id);
      if (i === undefined) {
        i = this.ids.length;
        this.index.set(id, i);
        this.ids.push(id);
      }
      return i;
    };
    for (const e of edges) {
      const s = idx(e.source);
      const t = idx(e.target);
      if (e.cost >= 0) arcs.push([s, t, e.cost]);
      if (e.reverseCost >= 0) arcs.push([t, s, e.reverseCost]);
    }
    this.forward = toCsr(this.ids.length, arcs, false);
    this.backward = toCsr(this.ids.length, arcs, true);
  }

  get size(): number {
    return this.ids.length;
  }

  /**
   * Seconds from node index `from` to every node (`direction: 'from'`), or from every node to `from`
   * (`direction: 'to'`, searched on the reversed arcs). Unreached nodes are Infinity.
   */
  shortestTimes(from: number, direction: 'from' | 'to' = 'from'): Float64Array {
    return dijkstra(direction === 'from' ? this.forward : this.backward, [[from, 0]]);
  }

  /**
   * The same from several start nodes at once, each with a time already spent (a point in the middle of an
   * edge starts at both of its ends: the part of the edge to each end, where driving that way is allowed).
   */
  shortestTimesFrom(seeds: readonly (readonly [number, number])[], direction: 'from' | 'to' = 'from'): Float64Array {
    return dijkstra(direction === 'from' ? this.forward : this.backward, seeds);
  }
}

interface Csr {
  offsets: Uint32Array;
  heads: Uint32Array;
  costs: Float64Array;
}

function toCsr(n: number, arcs: readonly [number, number, number][], reversed: boolean): Csr {
  const offsets = new Uint32Array(n + 1);
  for (const a of arcs) (offsets[(reversed ? a[1] : a[0]) + 1] as number)++;
  for (let i = 0; i < n; i++) offsets[i + 1] = (offsets[i + 1] as number) + (offsets[i] as number);
  const fill = offsets.slice(0, n);
  const heads = new Uint32Array(arcs.length);
  const costs = new Float64Array(arcs.length);
  for (const [s, t, c] of arcs) {
    const tail = reversed ? t : s;
    const k = (fill[tail] as number)++;
    heads[k] = reversed ? s : t;
    costs[k] = c;
  }
  return { offsets, heads, costs };
}

/** Dijkstra with a binary heap of (time, node) and lazy deletion. */
function dijkstra(g: Csr, seeds: readonly (readonly [number, number])[]): Float64Array {
  const n = g.offsets.length - 1;
  const dist = new Float64Array(n).fill(Infinity);
  const heap = new MinHeap();
  for (const [from, t0] of seeds) {
    if (from < 0 || from >= n || !(t0 < (dist[from] as number))) continue;
    dist[from] = t0;
    heap.push(t0, from);
  }
  while (heap.length > 0) {
    const d = heap.topKey();
    const u = heap.pop();
    if (d > (dist[u] as number)) continue;
    const end = g.offsets[u + 1] as number;
    for (let k = g.offsets[u] as number; k < end; k++) {
      const v = g.heads[k] as number;
      const nd = d + (g.costs[k] as number);
      if (nd < (dist[v] as number)) {
        dist[v] = nd;
        heap.push(nd, v);
      }
    }
  }
  return dist;
}

/** Binary min-heap of numeric keys with integer values, in parallel growable arrays. */
export class MinHeap {
  private keys: number[] = [];
  private vals: number[] = [];

  get length(): number {
    return this.keys.length;
  }

  topKey(): number {
    return this.keys[0] as number;
  }

  push(key: number, val: number): void {
    const keys = this.keys;
    const vals = this.vals;
    let i = keys.length;
    keys.push(key);
    vals.push(val);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((keys[p] as number) <= key) break;
      keys[i] = keys[p] as number;
      vals[i] = vals[p] as number;
      i = p;
    }
    keys[i] = key;
    vals[i] = val;
  }

  pop(): number {
    const keys = this.keys;
    const vals = this.vals;
    const top = vals[0] as number;
    const lastKey = keys.pop() as number;
    const lastVal = vals.pop() as number;
    const n = keys.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && (keys[r] as number) < (keys[l] as number) ? r : l;
        if ((keys[c] as number) >= lastKey) break;
        keys[i] = keys[c] as number;
        vals[i] = vals[c] as number;
        i = c;
      }
      keys[i] = lastKey;
      vals[i] = lastVal;
    }
    return top;
  }
}
