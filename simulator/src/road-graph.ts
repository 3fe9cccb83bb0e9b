/**
 * A stand-in road network: every gazetteer place linked to its nearest neighbours by straight segments that
 * stay inside the county. There is no real road data for 丹阳市 here; the shortest path through neighbouring
 * villages is a plausible "drive through the villages" route and, unlike a straight line, never leaves the
 * county. Used when a direct-ish route would cross the border.
 */
import { metres, type LonLat } from './geo.ts';

export interface GraphOptions {
  /** Links per place to its nearest neighbours (before the inside-the-county test). */
  neighbours: number;
}

interface Link {
  to: number;
  m: number;
}

export class RoadGraph {
  private readonly links: Link[][];

  constructor(
    readonly nodes: readonly LonLat[],
    private readonly segmentInside: (a: LonLat, b: LonLat) => boolean,
    options: GraphOptions = { neighbours: 8 },
  ) {
    this.links = nodes.map(() => []);
    const seen = new Set<string>();
    nodes.forEach((a, i) => {
      for (const { index: j, m } of this.nearest(a, options.neighbours + 1)) {
        if (j === i) continue;
        const key = i < j ? `${i}:${j}` : `${j}:${i}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const b = nodes[j];
        if (!b || !segmentInside(a, b)) continue;
        this.links[i]?.push({ to: j, m });
        this.links[j]?.push({ to: i, m });
      }
    });
  }

  /** The k nearest nodes to a point, nearest first. */
  nearest(p: LonLat, k: number): { index: number; m: number }[] {
    return this.nodes
      .map((n, index) => ({ index, m: metres(p, n) }))
      .sort((x, y) => x.m - y.m)
      .slice(0, k);
  }

  /**
   * Shortest path from → to through the graph (both ends joined to their nearest reachable nodes), as the list
   * of points including both ends; null if the graph cannot connect them.
   */
  path(from: LonLat, to: LonLat, attach = 6): LonLat[] | null {
    const n = this.nodes.length;
    const start = n;
    const goal = n + 1;
    const dist = new Float64Array(n + 2).fill(Infinity);
    const prev = new Int32Array(n + 2).fill(-1);
    const done = new Uint8Array(n + 2);
    const fromLinks = this.attach(from, attach);
    const toLinks = new Map(this.attach(to, attach).map((l) => [l.to, l.m]));
    if (fromLinks.length === 0 || toLinks.size === 0) return null;
    dist[start] = 0;
    // O(V²) Dijkstra: a county has a few hundred places, and a trip is planned a few times a minute.
    for (;;) {
      let u = -1;
      let best = Infinity;
      for (let i = 0; i < n + 2; i++) {
        const d = dist[i] ?? Infinity;
        if (!done[i] && d < best) {
          best = d;
          u = i;
        }
      }
      if (u === -1 || u === goal) break;
      done[u] = 1;
      const out: Link[] = u === start ? fromLinks : (this.links[u] ?? []);
      for (const l of out) relax(u, l.to, l.m);
      const last = u === start ? undefined : toLinks.get(u);
      if (last !== undefined) relax(u, goal, last);
    }
    if (!Number.isFinite(dist[goal] ?? Infinity)) return null;
    const points: LonLat[] = [to];
    for (let v = prev[goal] ?? -1; v !== start && v >= 0; v = prev[v] ?? -1) {
      const p = this.nodes[v];
      if (p) points.push(p);
    }
    points.push(from);
    return points.reverse();

    function relax(u: number, v: number, m: number): void {
      const d = (dist[u] ?? Infinity) + m;
      if (d < (dist[v] ?? Infinity)) {
        dist[v] = d;
        prev[v] = u;
      }
    }
  }

  private attach(p: LonLat, k: number): Link[] {
    const out: Link[] = [];
    for (const { index, m } of this.nearest(p, k * 3)) {
      const node = this.nodes[index];
      if (node && this.segmentInside(p, node)) out.push({ to: index, m });
      if (out.length >= k) break;
    }
    return out;
  }
}
