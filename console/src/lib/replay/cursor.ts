/** The replay cursor's arithmetic (the reactive player in player.svelte.ts calls these). */

export const clampTime = (t: number, startMs: number, endMs: number): number => Math.min(endMs, Math.max(startMs, t));

/** The cursor after `realMs` of wall time at `speed` ×, clamped to the span; `ended` when it reached the end. */
export function stepCursor(
  t: number,
  realMs: number,
  speed: number,
  startMs: number,
  endMs: number,
): { t: number; ended: boolean } {
  const next = clampTime(t + realMs * speed, startMs, endMs);
  return { t: next, ended: next >= endMs };
}
