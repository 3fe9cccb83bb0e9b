/** One turn of the event loop: timers, sockets and other requests run before the caller goes on. */
export const nextTurn = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Long synchronous work on the core's event loop (coverage, ETA matrices) cut into slices, so that a dispatcher's
 * request or a position batch never waits behind more than `maxMs` of it. Call `pause()` between steps: it
 * gives the loop a turn once the current slice has run longer than `maxMs`, and costs a clock read otherwise.
 * Measured reason: the live coverage recompute every 5 s was one 14–31 ms block, the top of the dispatcher's
 * loop tail (docs/DESIGN-NOTES.md "The dispatcher's loop").
 */
export class TimeSlice {
  private since = performance.now();

  constructor(private readonly maxMs = 4) {}

  async pause(): Promise<void> {
    if (performance.now() - this.since <= this.maxMs) return;
    await nextTurn();
    this.since = performance.now();
  }
}
