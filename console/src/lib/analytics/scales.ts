/** Chart geometry for the hand-rolled SVG charts (no chart library). */

/** A "nice" upper bound and tick step for values up to `max`: 1, 2 or 5 × 10ⁿ steps, about `count` ticks. */
export function niceTicks(max: number, count = 4): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= top + step / 2; v += step) ticks.push(Math.round(v * 1e9) / 1e9);
  return ticks;
}

/** Linear map from [d0, d1] to [r0, r1] (a degenerate domain maps to r0). */
export function linearScale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0;
  return (v) => (span === 0 ? r0 : r0 + ((v - d0) / span) * (r1 - r0));
}

export interface Band {
  x: number;
  width: number;
}

/** Equal bands for `n` categories across `width`, with `padding` (0–1) of each band left empty. */
export function bands(n: number, width: number, padding = 0.2): Band[] {
  if (n <= 0) return [];
  const step = width / n;
  const w = step * (1 - padding);
  return Array.from({ length: n }, (_, i) => ({ x: i * step + (step - w) / 2, width: w }));
}
