import type { ReplayStatusChange, TrackPoint } from '@c120/dispatch-core/contracts';

export interface ReplayPosition {
  lon: number;
  lat: number;
  /** Degrees; from the fix, else from the direction of travel between the two fixes, else 0. */
  heading: number;
}

/** Index of the last point at or before `t` (points ordered by time), −1 when `t` is before the first. */
export function indexAt(points: readonly TrackPoint[], t: number): number {
  let lo = 0;
  let hi = points.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((points[mid] as TrackPoint)[0] <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

const bearing = (a: TrackPoint, b: TrackPoint): number => {
  const dx = (b[1] - a[1]) * Math.cos((a[2] * Math.PI) / 180);
  const dy = b[2] - a[2];
  return dx === 0 && dy === 0 ? (a[4] ?? 0) : ((Math.atan2(dx, dy) * 180) / Math.PI + 360) % 360;
};

/**
 * Where a unit was at `t`: linear between the fixes around `t` (constant speed between fixes — the track is
 * thinned, so this is the honest guess). Null before the first fix and more than `holdMs` after the last (the
 * unit stopped reporting; we do not pretend to know).
 */
export function positionAt(points: readonly TrackPoint[], t: number, holdMs = 120_000): ReplayPosition | null {
  const i = indexAt(points, t);
  if (i < 0) return null;
  const a = points[i] as TrackPoint;
  const b = points[i + 1];
  if (!b) return t - a[0] <= holdMs ? { lon: a[1], lat: a[2], heading: a[4] ?? 0 } : null;
  const f = b[0] === a[0] ? 0 : (t - a[0]) / (b[0] - a[0]);
  return { lon: a[1] + f * (b[1] - a[1]), lat: a[2] + f * (b[2] - a[2]), heading: a[4] ?? bearing(a, b) };
}

/** The track travelled up to `t` (the fixes so far and the interpolated position), for drawing. */
export function travelledAt(points: readonly TrackPoint[], t: number): [number, number][] {
  const i = indexAt(points, t);
  if (i < 0) return [];
  const line: [number, number][] = points.slice(0, i + 1).map((p) => [p[1], p[2]]);
  const now = positionAt(points, t, 0);
  if (now && points[i + 1]) line.push([now.lon, now.lat]);
  return line;
}

/** A unit's status at `t`: the last change at or before `t`, else its status at the start. */
export function statusAt(
  changes: readonly ReplayStatusChange[],
  unitId: number,
  t: number,
  initial: string | undefined,
): string | undefined {
  let status = initial;
  for (const c of changes) {
    if (c.unitId !== unitId) continue;
    if (Date.parse(c.at) > t) break;
    status = c.to;
  }
  return status;
}

/** Index of the last change at or before `t` (changes ordered by time), −1 before the first. */
export function currentChangeIndex(changes: readonly { at: string }[], t: number): number {
  let found = -1;
  for (let i = 0; i < changes.length; i++) {
    if (Date.parse((changes[i] as { at: string }).at) <= t) found = i;
    else break;
  }
  return found;
}
