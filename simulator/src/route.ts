/**
 * Routes without a road network: from → 1–3 gazetteer places roughly on the way → to, each leg a straight
 * segment that stays inside the county; if no such pick exists (the border bends in between), the shortest
 * path through neighbouring places (`RoadGraph`). Each leg gets a speed: 25–35 km/h inside the two 街道 (urban
 * core), 45–60 km/h elsewhere.
 */
import type { Gazetteer } from './gazetteer.ts';
import { bearingDeg, metres, toLocal, type LonLat } from './geo.ts';
import type { Rng } from './random.ts';
import { RoadGraph } from './road-graph.ts';

export interface SpeedBands {
  urbanKmh: [number, number];
  ruralKmh: [number, number];
}

export const DEFAULT_SPEEDS: SpeedBands = { urbanKmh: [25, 35], ruralKmh: [45, 60] };

export interface RoutePlannerOptions {
  speeds: SpeedBands;
  /** Trips shorter than this go straight (when the straight line stays inside the county). */
  directBelowM: number;
  /** A place counts as "on the way" within this share of the trip length from the straight line… */
  corridorShare: number;
  /** …or within this many metres, whichever is larger. */
  corridorMinM: number;
  /** Reject picks that make the trip longer than this multiple of the straight line. */
  maxDetour: number;
  attempts: number;
}

export const DEFAULT_ROUTE_OPTIONS: RoutePlannerOptions = {
  speeds: DEFAULT_SPEEDS,
  directBelowM: 1500,
  corridorShare: 0.2,
  corridorMinM: 800,
  maxDetour: 1.5,
  attempts: 8,
};

/** A polyline with a speed per leg; positions are looked up by distance travelled. */
export class Route {
  readonly points: readonly LonLat[];
  /** Distance from the start to each point, metres. */
  readonly cumulative: readonly number[];
  /** Speed on leg i (points[i] → points[i+1]), km/h. */
  readonly speedsKmh: readonly number[];
  readonly headings: readonly number[];
  readonly lengthM: number;
  /** How the route was built (for logs and tests). */
  readonly kind: 'direct' | 'waypoints' | 'graph' | 'fallback';

  constructor(points: readonly LonLat[], speedsKmh: readonly number[], kind: Route['kind']) {
    // Drop repeated points (a trip that starts at a place the planner also picked).
    const pts: LonLat[] = [];
    const speeds: number[] = [];
    points.forEach((p, i) => {
      const prev = pts[pts.length - 1];
      if (prev && metres(prev, p) < 1) return;
      if (prev) speeds.push(speedsKmh[i - 1] ?? speedsKmh[speedsKmh.length - 1] ?? 40);
      pts.push(p);
    });
    if (pts.length === 1) {
      const only = pts[0] as LonLat;
      pts.push(only);
      speeds.push(speedsKmh[0] ?? 40);
    }
    const cumulative = [0];
    const headings: number[] = [];
    for (let i = 1; i < pts.length; i++) {
      const a = pts[i - 1] as LonLat;
      const b = pts[i] as LonLat;
      cumulative.push((cumulative[i - 1] ?? 0) + metres(a, b));
      headings.push(bearingDeg(a, b));
    }
    this.points = pts;
    this.cumulative = cumulative;
    this.speedsKmh = speeds;
    this.headings = headings;
    this.lengthM = cumulative[cumulative.length - 1] ?? 0;
    this.kind = kind;
  }

  get start(): LonLat {
    return this.points[0] as LonLat;
  }

  get end(): LonLat {
    return this.points[this.points.length - 1] as LonLat;
  }

  /** Index of the leg containing `distanceM` (clamped to the route). */
  leg(distanceM: number): number {
    const c = this.cumulative;
    let lo = 0;
    let hi = c.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((c[mid] ?? 0) <= distanceM) lo = mid;
      else hi = mid - 1;
    }
    return Math.max(0, lo);
  }

  /** Point at `distanceM` from the start (linear within a leg; legs are a few km at most). */
  pointAt(distanceM: number): LonLat {
    const d = Math.min(Math.max(distanceM, 0), this.lengthM);
    const i = this.leg(d);
    const a = this.points[i] as LonLat;
    const b = this.points[i + 1] ?? a;
    const from = this.cumulative[i] ?? 0;
    const len = (this.cumulative[i + 1] ?? from) - from;
    const f = len > 0 ? (d - from) / len : 0;
    return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
  }

  speedAt(distanceM: number): number {
    return this.speedsKmh[this.leg(distanceM)] ?? 0;
  }

  headingAt(distanceM: number): number {
    return this.headings[this.leg(distanceM)] ?? 0;
  }

  /**
   * Distance reached after driving `seconds` from `distanceM`, honouring each leg's speed (a step may cross
   * legs). `speedFactor` scales every leg (movement time-scale).
   */
  advance(distanceM: number, seconds: number, speedFactor = 1): number {
    let d = distanceM;
    let left = seconds;
    while (left > 0 && d < this.lengthM) {
      const i = this.leg(d);
      const mps = ((this.speedsKmh[i] ?? 0) / 3.6) * speedFactor;
      if (mps <= 0) break;
      const legEnd = this.cumulative[i + 1] ?? this.lengthM;
      const need = (legEnd - d) / mps;
      if (need > left) return d + mps * left;
      d = legEnd;
      left -= need;
    }
    return Math.min(d, this.lengthM);
  }

  /** Seconds to drive the whole route at the leg speeds. */
  durationSeconds(): number {
    let s = 0;
    for (let i = 0; i < this.speedsKmh.length; i++) {
      const len = (this.cumulative[i + 1] ?? 0) - (this.cumulative[i] ?? 0);
      s += len / ((this.speedsKmh[i] ?? 1) / 3.6);
    }
    return s;
  }
}

export class RoutePlanner {
  private graph: RoadGraph | null = null;

  constructor(
    private readonly gazetteer: Gazetteer,
    private readonly options: RoutePlannerOptions = DEFAULT_ROUTE_OPTIONS,
  ) {}

  plan(from: LonLat, to: LonLat, rng: Rng): Route {
    const { points, kind } = this.path(from, to, rng);
    const speeds: number[] = [];
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1] as LonLat;
      const b = points[i] as LonLat;
      const mid: LonLat = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
      const [lo, hi] = this.gazetteer.isUrban(mid) ? this.options.speeds.urbanKmh : this.options.speeds.ruralKmh;
      speeds.push(rng.uniform(lo, hi));
    }
    return new Route(points, speeds, kind);
  }

  private path(from: LonLat, to: LonLat, rng: Rng): { points: LonLat[]; kind: Route['kind'] } {
    const g = this.gazetteer;
    const o = this.options;
    const straight = metres(from, to);
    if (straight < o.directBelowM && g.segmentInside(from, to)) return { points: [from, to], kind: 'direct' };

    const candidates = this.onTheWay(from, to, straight);
    const wanted = Math.min(3, Math.max(1, Math.round(straight / 5000)));
    for (let attempt = 0; attempt < o.attempts && candidates.length > 0; attempt++) {
      const picked = new Set<number>();
      const n = Math.min(wanted, candidates.length);
      while (picked.size < n) picked.add(rng.int(0, candidates.length - 1));
      const via = [...picked].map((i) => candidates[i] as { at: LonLat; t: number }).sort((a, b) => a.t - b.t);
      const points = [from, ...via.map((v) => v.at), to];
      if (this.acceptable(points, straight)) return { points, kind: 'waypoints' };
    }
    if (candidates.length === 0 && g.segmentInside(from, to)) return { points: [from, to], kind: 'direct' };

    this.graph ??= new RoadGraph(
      g.waypoints.map((p) => p.at),
      (a, b) => g.segmentInside(a, b),
    );
    const viaGraph = this.graph.path(from, to);
    if (viaGraph) return { points: viaGraph, kind: 'graph' };
    // Only if an end lies outside the county (a synthetic station placed by hand, say): go straight.
    return { points: [from, to], kind: 'fallback' };
  }

  /** Places between the ends, near the straight line, ordered by how far along it they lie. */
  private onTheWay(from: LonLat, to: LonLat, straight: number): { at: LonLat; t: number }[] {
    const o = this.options;
    const corridor = Math.max(o.corridorMinM, o.corridorShare * straight);
    const end = toLocal(from, to);
    const len2 = end.x * end.x + end.y * end.y;
    if (len2 === 0) return [];
    const out: { at: LonLat; t: number }[] = [];
    for (const place of this.gazetteer.waypoints) {
      const p = toLocal(from, place.at);
      const t = (p.x * end.x + p.y * end.y) / len2;
      if (t < 0.1 || t > 0.9) continue;
      const cross = Math.abs(p.x * end.y - p.y * end.x) / Math.sqrt(len2);
      if (cross > corridor) continue;
      out.push({ at: place.at, t });
    }
    return out;
  }

  private acceptable(points: readonly LonLat[], straight: number): boolean {
    let length = 0;
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1] as LonLat;
      const b = points[i] as LonLat;
      if (!this.gazetteer.segmentInside(a, b)) return false;
      length += metres(a, b);
    }
    return length <= straight * this.options.maxDetour;
  }
}
