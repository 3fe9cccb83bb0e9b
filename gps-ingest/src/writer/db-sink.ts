import type { Database } from '@c120/db';
import { positions } from '@c120/db/repositories';
import type { UnitFix } from '../pipeline/types.ts';
import type { FixSink } from './sink.ts';
import { liveFixAtMs } from '../pipeline/live-time.ts';

/** Writes batches into `positions` and `units` in one transaction. */
export class DbSink implements FixSink {
  readonly description: string;

  constructor(private readonly db: Database) {
    this.description = `database ${db.description}`;
  }

  async write(fixes: readonly UnitFix[]): Promise<void> {
    if (fixes.length === 0) return;
    const latest = newestValidPerUnit(fixes);
    await this.db.transaction(async (tx) => {
      // History: one multi-row insert from parallel arrays; a re-sent fix is skipped (db's positions repository).
      await positions.insertPositions(tx, {
        unitIds: fixes.map((f) => f.unitId),
        fixAt: fixes.map((f) => f.fixAt.toISOString()),
        receivedAt: fixes.map((f) => f.receivedAt.toISOString()),
        lon: fixes.map((f) => f.lon),
        lat: fixes.map((f) => f.lat),
        speedKmh: fixes.map((f) => f.speedKmh ?? null),
        headingDeg: fixes.map((f) => f.headingDeg ?? null),
        altitudeM: fixes.map((f) => f.altitudeM ?? null),
        accuracyM: fixes.map((f) => f.accuracyM ?? null),
        source: fixes.map((f) => f.source),
        valid: fixes.map((f) => f.valid),
      });
      // The latest position per unit travels with COMMIT (one message, no round trip between them): the unit rows
      // stay locked only inside the server, never while this process's event loop is busy elsewhere.
      if (latest.length > 0) {
        // The time stored is the fix's live time (never later than its receipt): see the repository.
        tx.commitWith(
          positions.updateLatestPositionsScript({
            unitIds: latest.map((f) => f.unitId),
            fixAt: latest.map((f) => new Date(liveFixAtMs(f)).toISOString()),
            lon: latest.map((f) => f.lon),
            lat: latest.map((f) => f.lat),
            headingDeg: latest.map((f) => f.headingDeg ?? null),
            speedKmh: latest.map((f) => f.speedKmh ?? null),
            accuracyM: latest.map((f) => f.accuracyM ?? null),
          }),
        );
      }
    });
  }

  diagnose(err: unknown): 'batch' | 'unavailable' {
    // SQLSTATE class 22 (data exception) and 23 (integrity constraint violation) are about the rows; anything
    // else (connection, shutdown, resources, a missing table after a bad migration) is not the data's fault.
    const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
    return code.startsWith('22') || code.startsWith('23') ? 'batch' : 'unavailable';
  }
}

/** Invalid fixes never move the latest position; a late one is stopped by the SQL guard (the truth is there). */
export function newestValidPerUnit(fixes: readonly UnitFix[]): UnitFix[] {
  const best = new Map<number, UnitFix>();
  for (const f of fixes) {
    if (!f.valid) continue;
    const prev = best.get(f.unitId);
    if (!prev || liveFixAtMs(prev) < liveFixAtMs(f)) best.set(f.unitId, f);
  }
  return [...best.values()].sort((a, b) => a.unitId - b.unitId);
}
