/** Plausibility rules of the pipeline. Every number here is a policy; the README explains each. */
export interface PipelineConfig {
  /**
   * Fixes further than this ahead of their receipt are dropped (`future_time`: a wrong device clock or a spoofed
   * time). Within it the fix is stored with its own time, but the unit's live position counts it at its receipt
   * (`liveFixAtMs`), so it can neither hold the position nor delay staleness.
   */
  maxFutureMs: number;
  /** Fixes before this instant are dropped (an unset RTC reads 1970 or 2000-00-00). */
  minFixTimeMs: number;
  /** A fix implying a faster move than this from the unit's latest position is an impossible jump. */
  maxSpeedKmh: number;
  /** Moves shorter than this are never called jumps: GNSS noise between 1-s fixes can exceed any speed limit. */
  jumpMinDistanceM: number;
  /**
   * After this many consecutive jumps the new place is believed and becomes the reference: the old reference
   * was the wrong one (a glitch that got in, a device moved to another vehicle, a ferry).
   */
  jumpResetAfter: number;
  /**
   * Fixes the device marks invalid (no GNSS lock, it repeats its last known place): 'history' stores them with
   * valid=false but never lets them move the unit's latest position; 'drop' discards them.
   */
  invalidFixes: 'history' | 'drop';
  /**
   * Flood guard per unit (i.e. per authenticated device): fixes per second it may send on average, with a
   * burst allowance (a JT/T 808 blind-area back-fill, a phone emptying its queue). Beyond it the message is
   * refused "resend later" (HTTP 429, JT/T 808 result 1) and counted; other devices are unaffected. 0: off.
   */
  deviceMaxFixesPerSecond: number;
  deviceBurstFixes: number;
}

export const DEFAULT_PIPELINE_CONFIG: PipelineConfig = {
  maxFutureMs: 30_000,
  minFixTimeMs: Date.UTC(2000, 0, 1),
  maxSpeedKmh: 300,
  jumpMinDistanceM: 100,
  jumpResetAfter: 5,
  invalidFixes: 'history',
  // A unit normally reports every 1–10 s; 50/s sustained is already a broken or hostile device.
  deviceMaxFixesPerSecond: 50,
  deviceBurstFixes: 1_000,
};
