import type { DecodedPosition } from '../position.ts';
import type { PipelineConfig } from './config.ts';
import type { CredentialDirectory } from './credentials.ts';
import { errorMessage, type IngestLogger } from '../telemetry/log.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import type { ItemStep, PipelineStep, StepContext } from './step.ts';
import type { TrackView, UnitTracker } from './unit-tracker.ts';
import type { PipelineItem, PositionResult, TransportMeta, UnitFix } from './types.ts';

/** Where accepted fixes go. Synchronous on purpose: see `Pipeline.process`. */
export type OfferResult = 'accepted' | 'full' | 'stopped';
export interface FixAcceptor {
  offer(fixes: readonly UnitFix[]): OfferResult;
}

export interface PipelineDeps {
  config: PipelineConfig;
  credentials: CredentialDirectory;
  tracker: UnitTracker;
  metrics: Metrics;
  log: IngestLogger;
  writer: FixAcceptor;
}

const STEP_ERROR_LOG_EVERY_MS = 10_000;

/**
 * Runs decoded positions through an ordered list of small steps (Traccar's ProcessingHandler chain), then
 * offers what survives to the writer. Each step is isolated: if it throws, the error is counted and the items
 * go on (fail-open) unless the step says they cannot (authentication).
 *
 * Consistency between concurrent batches: every await happens in batch steps that run before the first
 * stateful step; from there to the writer's offer and the tracks' commit the code is synchronous, so two
 * batches of the same unit can never interleave their reads and writes of its track. The constructor enforces
 * that order. The tracks are committed only if the writer took the fixes: a refused batch leaves no trace, so
 * the device's resend is not mistaken for a duplicate.
 */
export class Pipeline {
  private readonly lastStepErrorLog = new Map<string, number>();

  constructor(
    readonly steps: readonly PipelineStep[],
    private readonly deps: PipelineDeps,
  ) {
    let sawStateful = false;
    for (const s of steps) {
      if (s.kind === 'batch' && s.async && sawStateful) {
        throw new Error(`pipeline step "${s.name}" is asynchronous but follows a stateful step`);
      }
      sawStateful ||= s.stateful === true;
    }
  }

  async process(positions: readonly DecodedPosition[], meta: TransportMeta): Promise<PositionResult[]> {
    const { metrics } = this.deps;
    if (positions.length === 0) return [];
    metrics.inc('ingest_positions_received_total', { protocol: meta.protocol }, positions.length);
    const items: PipelineItem[] = positions.map((decoded, index) => ({
      index,
      decoded,
      outcome: null,
      unitId: null,
      coordSystem: 'wgs84',
      fixAtMs: decoded.fixTime.getTime(),
      liveAtMs: Math.min(decoded.fixTime.getTime(), meta.receivedAt.getTime()),
      lon: decoded.lon,
      lat: decoded.lat,
      valid: decoded.valid,
      late: false,
    }));

    // Created on first use, i.e. after the last await (see the class comment).
    const state: { tracks: TrackView | null } = { tracks: null };
    const deps = this.deps;
    const ctx: StepContext = {
      meta,
      config: this.deps.config,
      credentials: this.deps.credentials,
      tracker: this.deps.tracker,
      get tracks() {
        return (state.tracks ??= deps.tracker.view());
      },
      metrics,
      log: this.deps.log,
    };

    let order: PipelineItem[] = items;
    let run: ItemStep[] = [];
    const flushRun = () => {
      if (run.length) this.runItemSteps(run, order, ctx);
      run = [];
    };
    for (const step of this.steps) {
      if (step.kind === 'item') {
        run.push(step);
        continue;
      }
      flushRun();
      try {
        const reordered = await step.run(order, ctx);
        if (reordered) order = reordered;
      } catch (err) {
        this.stepFailed(step, err);
        if (step.onError !== 'pass') {
          for (const item of order) if (!item.outcome) item.outcome = { status: 'retry', reason: step.onError };
        }
      }
    }
    flushRun();

    // From the last await above to here nothing yields: offer and commit are atomic with the checks.
    const survivors = order.filter((i) => !i.outcome && i.unitId !== null);
    // Nothing to store: what the steps learnt (a jump streak) still counts.
    if (survivors.length === 0) state.tracks?.commit();
    else {
      const fixes = survivors.map((i) => toFix(i, meta));
      const offered = deps.writer.offer(fixes);
      if (offered === 'accepted') {
        state.tracks?.commit();
        for (const i of survivors) i.outcome = { status: 'accepted', unitId: i.unitId!, late: i.late };
      } else {
        for (const i of survivors)
          i.outcome = { status: 'retry', reason: offered === 'full' ? 'buffer_full' : 'stopping' };
      }
    }
    // An item no step settled and no unit claimed cannot happen with the default steps; refuse rather than lose it.
    for (const i of items) i.outcome ??= { status: 'rejected', reason: 'unknown_device' };
    this.count(items, meta);
    return items.map((i) => i.outcome!);
  }

  private runItemSteps(steps: readonly ItemStep[], order: readonly PipelineItem[], ctx: StepContext): void {
    for (const item of order) {
      for (const step of steps) {
        if (item.outcome) break;
        try {
          step.process(item, ctx);
        } catch (err) {
          this.stepFailed(step, err);
          if (step.onError !== 'pass') item.outcome = { status: 'retry', reason: step.onError };
        }
      }
    }
  }

  private stepFailed(step: PipelineStep, err: unknown): void {
    this.deps.metrics.inc('ingest_pipeline_step_errors_total', { step: step.name });
    const t = Date.now();
    if ((this.lastStepErrorLog.get(step.name) ?? 0) < t - STEP_ERROR_LOG_EVERY_MS) {
      this.lastStepErrorLog.set(step.name, t);
      this.deps.log.warn(
        `pipeline step "${step.name}" failed (${step.onError === 'pass' ? 'skipped' : step.onError}): ${errorMessage(err)}`,
      );
    }
  }

  private count(items: readonly PipelineItem[], meta: TransportMeta): void {
    const m = this.deps.metrics;
    for (const i of items) {
      const o = i.outcome!;
      switch (o.status) {
        case 'accepted':
          m.inc('ingest_positions_accepted_total', { protocol: meta.protocol });
          if (o.late) m.inc('ingest_positions_late_total');
          if (!i.valid) m.inc('ingest_positions_invalid_stored_total');
          break;
        case 'dropped':
          m.inc('ingest_positions_dropped_total', { reason: o.reason });
          break;
        case 'rejected':
          m.inc('ingest_positions_rejected_total', { reason: o.reason });
          break;
        case 'retry':
          m.inc('ingest_positions_retry_total', { reason: o.reason });
          break;
      }
    }
  }
}

function toFix(i: PipelineItem, meta: TransportMeta): UnitFix {
  const d = i.decoded;
  const fix: UnitFix = {
    unitId: i.unitId!,
    fixAt: new Date(i.fixAtMs),
    lon: i.lon,
    lat: i.lat,
    source: d.protocol,
    valid: i.valid,
    late: i.late,
    receivedAt: meta.receivedAt,
  };
  const keep = (field: 'speedKmh' | 'headingDeg' | 'altitudeM' | 'accuracyM') =>
    d[field] !== undefined && !i.omit?.has(field);
  if (keep('speedKmh')) fix.speedKmh = d.speedKmh!;
  if (keep('headingDeg')) fix.headingDeg = d.headingDeg!;
  if (keep('altitudeM')) fix.altitudeM = d.altitudeM!;
  if (keep('accuracyM')) fix.accuracyM = d.accuracyM!;
  return fix;
}
