import type { Metrics } from '../telemetry/metrics.ts';
import type { PipelineConfig } from './config.ts';
import type { CredentialDirectory } from './credentials.ts';
import type { IngestLogger } from '../telemetry/log.ts';
import type { TrackView, UnitTracker } from './unit-tracker.ts';
import type { DropReason, PipelineItem, RejectReason, RetryReason, TransportMeta } from './types.ts';

export interface StepContext {
  readonly meta: TransportMeta;
  readonly config: PipelineConfig;
  readonly credentials: CredentialDirectory;
  readonly tracker: UnitTracker;
  /** This batch's working copy of the unit tracks; committed only if the writer takes the batch. */
  readonly tracks: TrackView;
  readonly metrics: Metrics;
  readonly log: IngestLogger;
}

interface StepBase {
  readonly name: string;
  /**
   * If the step throws: 'pass' lets the batch's unsettled items go on as if the step were absent (fail-open);
   * a retry reason settles them as "resend later" (a step without which no fix can be attributed).
   */
  readonly onError: 'pass' | RetryReason;
  /** Reads or changes `ctx.tracks`. No async step may follow a stateful one (see Pipeline). */
  readonly stateful?: boolean;
}

/** Sees the whole batch at once: lookups that should be one query, reordering. May return a new order. */
export interface BatchStep extends StepBase {
  readonly kind: 'batch';
  readonly async?: boolean;
  run(items: readonly PipelineItem[], ctx: StepContext): void | PipelineItem[] | Promise<void | PipelineItem[]>;
}

/** Sees one unsettled item at a time; consecutive item steps run item by item, in batch order. */
export interface ItemStep extends StepBase {
  readonly kind: 'item';
  process(item: PipelineItem, ctx: StepContext): void;
}

export type PipelineStep = BatchStep | ItemStep;

export function drop(item: PipelineItem, reason: DropReason): void {
  item.outcome = { status: 'dropped', reason };
}

export function reject(item: PipelineItem, reason: RejectReason): void {
  item.outcome = { status: 'rejected', reason };
}
