import type { UnitFix } from '../pipeline/types.ts';

/**
 * Where batches of fixes become durable: the database (in-process mode) or core over HTTP (separate-process
 * mode). The batching, buffering and retrying around it are the same for both (`BatchingWriter`).
 */
export interface FixSink {
  /** Writes one batch durably, all or nothing; throws if it did not. */
  write(fixes: readonly UnitFix[]): Promise<void>;
  /**
   * After a failed write: 'batch' when the destination works but refused something in this batch (a row
   * breaks a constraint: find it and drop it), 'unavailable' otherwise (keep everything, retry later). When in
   * doubt, 'unavailable': losing fixes to a bug or an outage misread as bad data is the worse mistake.
   */
  diagnose(err: unknown): 'batch' | 'unavailable';
  /** For logs. */
  readonly description: string;
}
