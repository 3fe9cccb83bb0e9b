/**
 * The replay clock: a time cursor between start and end that advances at `speed` × real time while playing.
 * Driven by requestAnimationFrame (one advance per frame, from the frame's own timestamp).
 */
import { clampTime, stepCursor } from './cursor.ts';

export const SPEEDS = [1, 5, 10, 30, 60, 120] as const;

export class ReplayPlayer {
  t = $state(0);
  playing = $state(false);
  speed = $state<number>(30);
  startMs = $state(0);
  endMs = $state(1);
  #frame = 0;
  #last: number | null = null;

  load(startMs: number, endMs: number): void {
    this.pause();
    this.startMs = startMs;
    this.endMs = Math.max(endMs, startMs + 1);
    this.t = startMs;
  }

  /** Share of the span played, 0–1. */
  get progress(): number {
    return (this.t - this.startMs) / (this.endMs - this.startMs);
  }

  seek(t: number): void {
    this.t = clampTime(t, this.startMs, this.endMs);
  }

  /** Moves the cursor by `realMs` of wall time at the current speed; stops at the end. */
  advance(realMs: number): void {
    const next = stepCursor(this.t, realMs, this.speed, this.startMs, this.endMs);
    this.t = next.t;
    if (next.ended) this.pause();
  }

  play(): void {
    if (this.playing) return;
    if (this.t >= this.endMs) this.t = this.startMs;
    this.playing = true;
    this.#last = null;
    const step = (now: number) => {
      if (!this.playing) return;
      if (this.#last !== null) this.advance(Math.min(now - this.#last, 250));
      this.#last = now;
      if (this.playing) this.#frame = requestAnimationFrame(step);
    };
    this.#frame = requestAnimationFrame(step);
  }

  pause(): void {
    this.playing = false;
    if (this.#frame) cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }
}
