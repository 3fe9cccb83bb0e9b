/**
 * "Does this straight segment stay inside the county?" — exactly, not by sampling: both ends inside and no
 * crossing with any boundary ring edge. Routes are straight segments between gazetteer points, so this is what
 * keeps a simulated ambulance from cutting across a neighbouring county where the border bends inwards.
 */
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import type { LonLat } from './geo.ts';

interface Edge {
  ax: number;
  ay: number;
  bx: number;
  by: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

export class BoundaryIndex {
  private readonly edges: Edge[] = [];

  constructor(
    area: Feature<Polygon | MultiPolygon>,
    private readonly isInside: (p: LonLat) => boolean,
  ) {
    const g = area.geometry;
    const polygons: Position[][][] = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const polygon of polygons) {
      for (const ring of polygon) {
        for (let i = 1; i < ring.length; i++) {
          const a = ring[i - 1];
          const b = ring[i];
          if (!a || !b) continue;
          const [ax = 0, ay = 0] = a;
          const [bx = 0, by = 0] = b;
          this.edges.push({
            ax,
            ay,
            bx,
            by,
            minX: Math.min(ax, bx),
            maxX: Math.max(ax, bx),
            minY: Math.min(ay, by),
            maxY: Math.max(ay, by),
          });
        }
      }
    }
  }

  segmentInside(a: LonLat, b: LonLat): boolean {
    if (!this.isInside(a) || !this.isInside(b)) return false;
    const minX = Math.min(a[0], b[0]);
    const maxX = Math.max(a[0], b[0]);
    const minY = Math.min(a[1], b[1]);
    const maxY = Math.max(a[1], b[1]);
    for (const e of this.edges) {
      if (e.maxX < minX || e.minX > maxX || e.maxY < minY || e.minY > maxY) continue;
      if (segmentsCross(a[0], a[1], b[0], b[1], e.ax, e.ay, e.bx, e.by)) return false;
    }
    return true;
  }
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/** Segments intersect (touching counts: a route grazing the border is treated as leaving). */
function segmentsCross(
  ax: number,
  ay: number,
  bx: number,
  by: number,
  cx: number,
  cy: number,
  dx: number,
  dy: number,
): boolean {
  const d1 = orient(cx, cy, dx, dy, ax, ay);
  const d2 = orient(cx, cy, dx, dy, bx, by);
  const d3 = orient(ax, ay, bx, by, cx, cy);
  const d4 = orient(ax, ay, bx, by, dx, dy);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (
    (d1 === 0 && onSegment(cx, cy, dx, dy, ax, ay)) ||
    (d2 === 0 && onSegment(cx, cy, dx, dy, bx, by)) ||
    (d3 === 0 && onSegment(ax, ay, bx, by, cx, cy)) ||
    (d4 === 0 && onSegment(ax, ay, bx, by, dx, dy))
  );
}

function onSegment(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return Math.min(ax, bx) <= px && px <= Math.max(ax, bx) && Math.min(ay, by) <= py && py <= Math.max(ay, by);
}
