/**
 * Signed-distance-field glyphs in the form MapLibre expects from a glyph server (the format of Mapbox's
 * sdf-glyph-foundry/fontnik): rendered at 24 px, a 3 px buffer around the glyph, distances scaled over an
 * 8 px radius with a 0.25 cutoff, so the outline sits at byte value 191. Outlines come from the font as path
 * commands (fontkit), are flattened to line segments and rasterised with 4 × 4 anti-aliasing (non-zero
 * winding); the distances come from a Euclidean distance transform of that coverage, as tiny-sdf does with
 * the browser's canvas.
 */
export const FONT_SIZE = 24;
export const BUFFER = 3;
const RADIUS = 8;
const CUTOFF = 0.25;

export interface PathCommand {
  command: string;
  args: number[];
}

export interface SdfGlyph {
  id: number;
  /** (width + 6) × (height + 6) bytes, rows top to bottom; empty for a blank glyph. */
  bitmap: Uint8Array;
  width: number;
  height: number;
  left: number;
  top: number;
  advance: number;
}

type Seg = [number, number, number, number];

/** Path commands (font units, y up) → line segments in px (y up), curves split into short pieces. */
export function flatten(commands: readonly PathCommand[], scale: number): Seg[] {
  const segs: Seg[] = [];
  let x = 0;
  let y = 0;
  let sx = 0;
  let sy = 0;
  const line = (nx: number, ny: number) => {
    if (nx !== x || ny !== y) segs.push([x, y, nx, ny]);
    x = nx;
    y = ny;
  };
  for (const { command, args } of commands) {
    const a = args.map((v) => v * scale);
    if (command === 'moveTo') {
      if (x !== sx || y !== sy) line(sx, sy);
      x = sx = a[0] as number;
      y = sy = a[1] as number;
    } else if (command === 'lineTo') line(a[0] as number, a[1] as number);
    else if (command === 'quadraticCurveTo') {
      const [cx, cy, ex, ey] = a as [number, number, number, number];
      const x0 = x;
      const y0 = y;
      const n = 3;
      for (let i = 1; i <= n; i++) {
        const t = i / n;
        const u = 1 - t;
        line(u * u * x0 + 2 * u * t * cx + t * t * ex, u * u * y0 + 2 * u * t * cy + t * t * ey);
      }
    } else if (command === 'bezierCurveTo') {
      const [c1x, c1y, c2x, c2y, ex, ey] = a as [number, number, number, number, number, number];
      const x0 = x;
      const y0 = y;
      const n = 4;
      for (let i = 1; i <= n; i++) {
        const t = i / n;
        const u = 1 - t;
        line(
          u * u * u * x0 + 3 * u * u * t * c1x + 3 * u * t * t * c2x + t * t * t * ex,
          u * u * u * y0 + 3 * u * u * t * c1y + 3 * u * t * t * c2y + t * t * t * ey,
        );
      }
    } else if (command === 'closePath') line(sx, sy);
  }
  if (x !== sx || y !== sy) line(sx, sy);
  return segs;
}

const INF = 1e20;
/** Sub-samples per pixel side for the coverage (4 × 4 = 16 levels of anti-aliasing). */
const SS = 4;

/**
 * Share of each pixel inside the outline (non-zero winding), by 4 × 4 sub-samples: for each sub-row the
 * outline's crossings are found once and walked left to right.
 */
function coverage(segs: readonly Seg[], x0: number, y1: number, width: number, height: number): Float64Array {
  const cov = new Float64Array(width * height);
  const crossings: [number, number][] = [];
  for (let sub = 0; sub < height * SS; sub++) {
    const py = y1 - (sub + 0.5) / SS;
    crossings.length = 0;
    for (const [ax, ay, bx, by] of segs) {
      if (ay <= py !== by <= py) crossings.push([ax + ((py - ay) / (by - ay)) * (bx - ax), by > ay ? 1 : -1]);
    }
    if (crossings.length === 0) continue;
    crossings.sort((a, b) => a[0] - b[0]);
    const row = Math.floor(sub / SS) * width;
    let k = 0;
    let wind = 0;
    for (let sx = 0; sx < width * SS; sx++) {
      const px = x0 + (sx + 0.5) / SS;
      while (k < crossings.length && (crossings[k] as [number, number])[0] < px) {
        wind += (crossings[k++] as [number, number])[1];
      }
      if (wind !== 0) {
        const at = row + Math.floor(sx / SS);
        cov[at] = (cov[at] as number) + 1 / (SS * SS);
      }
    }
  }
  return cov;
}

// The squared Euclidean distance transform below is Felzenszwalb & Huttenlocher's, as in @mapbox/tiny-sdf
// (BSD-2-Clause, © Mapbox), which MapLibre uses for the glyphs it draws itself.
function edt(data: Float64Array, x0: number, y0: number, width: number, height: number, gridSize: number): void {
  const n = Math.max(width, height);
  const f = new Float64Array(n);
  const v = new Uint16Array(n);
  const z = new Float64Array(n + 1);
  for (let x = x0; x < x0 + width; x++) edt1d(data, y0 * gridSize + x, gridSize, height, f, v, z);
  for (let y = y0; y < y0 + height; y++) edt1d(data, y * gridSize + x0, 1, width, f, v, z);
}

function edt1d(
  grid: Float64Array,
  offset: number,
  stride: number,
  length: number,
  f: Float64Array,
  v: Uint16Array,
  z: Float64Array,
): void {
  v[0] = 0;
  z[0] = -INF;
  z[1] = INF;
  f[0] = grid[offset] as number;
  for (let q = 1, k = 0; q < length; q++) {
    const fq = (f[q] = grid[offset + q * stride] as number);
    const q2 = q * q;
    let s: number;
    do {
      const r = v[k] as number;
      s = (fq - (f[r] as number) + q2 - r * r) / (q - r) / 2;
    } while (s <= (z[k] as number) && --k > -1);
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = INF;
  }
  for (let q = 0, k = 0; q < length; q++) {
    while ((z[k + 1] as number) < q) k++;
    const r = v[k] as number;
    const qr = q - r;
    grid[offset + q * stride] = (f[r] as number) + qr * qr;
  }
}

/**
 * One glyph: `commands` and `bbox` in font units, `advance` in font units, `unitsPerEm` and `ascent` of the
 * font. `top` is measured from the font's ascender, as the server glyphs MapLibre is tuned for.
 */
export function renderSdfGlyph(
  id: number,
  commands: readonly PathCommand[],
  bbox: { minX: number; minY: number; maxX: number; maxY: number },
  advance: number,
  unitsPerEm: number,
  ascent: number,
): SdfGlyph {
  const scale = FONT_SIZE / unitsPerEm;
  const adv = Math.round(advance * scale);
  const segs = commands.length > 0 ? flatten(commands, scale) : [];
  if (segs.length === 0 || !(bbox.maxX > bbox.minX) || !(bbox.maxY > bbox.minY)) {
    return { id, bitmap: new Uint8Array(0), width: 0, height: 0, left: 0, top: 0, advance: adv };
  }
  const x0 = Math.floor(bbox.minX * scale);
  const x1 = Math.ceil(bbox.maxX * scale);
  const y0 = Math.floor(bbox.minY * scale);
  const y1 = Math.ceil(bbox.maxY * scale);
  const width = x1 - x0;
  const height = y1 - y0;
  const w = width + 2 * BUFFER;
  const h = height + 2 * BUFFER;
  const bitmap = new Uint8Array(w * h);
  const cov = coverage(segs, x0, y1, width, height);
  // As tiny-sdf: covered pixels seed the outer transform, uncovered the inner; partial coverage is a
  // sub-pixel distance to the edge.
  const outer = new Float64Array(w * h).fill(INF);
  const inner = new Float64Array(w * h);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const a = cov[y * width + x] as number;
      if (a === 0) continue;
      const j = (y + BUFFER) * w + x + BUFFER;
      if (a >= 1) {
        outer[j] = 0;
        inner[j] = INF;
      } else {
        const d = 0.5 - a;
        outer[j] = d > 0 ? d * d : 0;
        inner[j] = d < 0 ? d * d : 0;
      }
    }
  }
  edt(outer, 0, 0, w, h, w);
  edt(inner, 0, 0, w, h, w);
  for (let i = 0; i < w * h; i++) {
    const d = Math.sqrt(outer[i] as number) - Math.sqrt(inner[i] as number);
    bitmap[i] = Math.max(0, Math.min(255, Math.round(255 - 255 * (d / RADIUS + CUTOFF))));
  }
  return { id, bitmap, width, height, left: x0, top: y1 - Math.round(ascent * scale), advance: adv };
}
