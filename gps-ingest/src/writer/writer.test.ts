import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@c120/db';
import { createTestDatabase, testEngine } from '@c120/db/testing';
import { silentLogger } from '../telemetry/log.ts';
import { Metrics } from '../telemetry/metrics.ts';
import type { UnitFix } from '../pipeline/types.ts';
import { BatchingWriter, DEFAULT_WRITER_CONFIG, type WriterConfig } from './batching-writer.ts';
import { DbSink } from './db-sink.ts';
import { FlakyDatabase, historyOf, insertUnit, latestOf } from './testing.ts';

const T0 = Date.now() - 60_000;
const at = (s: number) => new Date(T0 + s * 1000);

function fix(unitId: number, s: number, over: Partial<UnitFix> = {}): UnitFix {
  return {
    unitId,
    fixAt: at(s),
    lon: 119.58 + s * 1e-5,
    lat: 31.99,
    speedKmh: 36,
    headingDeg: 90,
    source: 'json',
    valid: true,
    late: false,
    receivedAt: new Date(),
    ...over,
  };
}

describe(`position writer on ${testEngine()}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  function makeWriter(target: Database = db, config: Partial<WriterConfig> = {}) {
    const metrics = new Metrics();
    const written: UnitFix[][] = [];
    const writer = new BatchingWriter(
      new DbSink(target),
      { ...DEFAULT_WRITER_CONFIG, retryMinMs: 20, retryMaxMs: 100, ...config },
      metrics,
      silentLogger,
      (fixes) => {
        written.push([...fixes]);
      },
    );
    return { writer, metrics, written };
  }

  it('writes a batch in one transaction: history rows, latest position (SRID 4326), then onWritten', async () => {
    const a = await insertUnit(db);
    const b = await insertUnit(db);
    let visibleInCallback = -1;
    const writer = new BatchingWriter(
      new DbSink(db),
      DEFAULT_WRITER_CONFIG,
      new Metrics(),
      silentLogger,
      async (fixes) => {
        // Durable means: another connection already sees the rows when the callback runs.
        const { rows } = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM positions WHERE unit_id = ANY($1::bigint[])`,
          [[a, b]],
        );
        visibleInCallback = rows[0]!.n;
        expect(fixes).toHaveLength(3);
      },
    );
    expect(writer.offer([fix(a, 0), fix(a, 1), fix(b, 0, { speedKmh: undefined, headingDeg: undefined })])).toBe(
      'accepted',
    );
    expect(await writer.flush()).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(visibleInCallback).toBe(3);
    expect(await historyOf(db, a)).toHaveLength(2);
    const latest = await latestOf(db, a);
    expect(latest.srid).toBe(4326);
    expect(latest.fix_at!.getTime()).toBe(at(1).getTime());
    expect(latest.lon).toBeCloseTo(119.58001, 6);
    expect(latest.speed_kmh).toBe(36);
    const lb = await latestOf(db, b);
    expect(lb.speed_kmh).toBeNull();
    expect(lb.fix_at!.getTime()).toBe(at(0).getTime());
    await writer.stop();
  });

  it('a late fix goes to history without moving the latest position back', async () => {
    const u = await insertUnit(db);
    const { writer } = makeWriter();
    await writer.write([fix(u, 10)]);
    await writer.write([fix(u, 5, { late: true, lon: 119.7 })]);
    // Even unflagged (another process, a restart): the SQL guard holds.
    await writer.write([fix(u, 7, { lon: 119.8 })]);
    const latest = await latestOf(db, u);
    expect(latest.fix_at!.getTime()).toBe(at(10).getTime());
    expect(latest.lon).toBeCloseTo(119.5801, 6);
    expect((await historyOf(db, u)).map((r) => r.fix_at.getTime())).toEqual(
      [at(5), at(7), at(10)].map((d) => d.getTime()),
    );
    await writer.stop();
  });

  it('ignores a duplicate (same unit and fix time), in one batch and across batches', async () => {
    const u = await insertUnit(db);
    const { writer, metrics } = makeWriter();
    expect(await writer.write([fix(u, 0), fix(u, 0)])).toBe(true);
    expect(await writer.write([fix(u, 0, { lon: 100 })])).toBe(true);
    expect(await historyOf(db, u)).toHaveLength(1);
    expect((await latestOf(db, u)).lon).toBeCloseTo(119.58, 6);
    expect(metrics.get('writer_fixes_dropped_total', { reason: 'refused_by_sink' })).toBe(0);
    await writer.stop();
  });

  it('an invalid fix is history only', async () => {
    const u = await insertUnit(db);
    const { writer } = makeWriter();
    await writer.write([fix(u, 0), fix(u, 5, { valid: false, lon: 119.9 })]);
    expect((await latestOf(db, u)).fix_at!.getTime()).toBe(at(0).getTime());
    expect((await historyOf(db, u)).map((r) => r.valid)).toEqual([true, false]);
    await writer.stop();
  });

  it('buffers through a database outage and writes everything, in order, when it returns', async () => {
    const u = await insertUnit(db);
    const flaky = new FlakyDatabase(db);
    const { writer, metrics, written } = makeWriter(flaky);
    flaky.down = true;
    expect(writer.offer([fix(u, 0), fix(u, 1)])).toBe('accepted');
    expect(writer.offer([fix(u, 2)])).toBe('accepted');
    const flushed = writer.flush();
    await new Promise((r) => setTimeout(r, 300));
    expect(writer.healthy).toBe(false);
    expect(writer.buffered).toBe(3);
    expect(metrics.get('writer_write_failures_total')).toBeGreaterThanOrEqual(2); // retried with backoff
    expect(written).toHaveLength(0); // nothing reported before it is durable
    flaky.down = false;
    expect(await flushed).toBe(true);
    expect(writer.healthy).toBe(true);
    expect(await historyOf(db, u)).toHaveLength(3);
    expect((await latestOf(db, u)).fix_at!.getTime()).toBe(at(2).getTime());
    await new Promise((r) => setTimeout(r, 10));
    expect(written.flat()).toHaveLength(3);
    await writer.stop();
  });

  it('refuses fixes past the buffer bound while the database is down, and counts them', async () => {
    const u = await insertUnit(db);
    const flaky = new FlakyDatabase(db);
    const { writer, metrics } = makeWriter(flaky, { maxBuffered: 10 });
    flaky.down = true;
    expect(writer.offer(Array.from({ length: 8 }, (_, i) => fix(u, i)))).toBe('accepted');
    expect(writer.offer(Array.from({ length: 5 }, (_, i) => fix(u, 10 + i)))).toBe('full'); // all or none
    expect(writer.offer([fix(u, 20), fix(u, 21)])).toBe('accepted');
    expect(metrics.get('writer_fixes_refused_total')).toBe(5);
    expect(metrics.get('writer_buffered_fixes')).toBe(10);
    flaky.down = false;
    expect(await writer.flush()).toBe(true);
    expect(await historyOf(db, u)).toHaveLength(10);
    await writer.stop();
  });

  it('isolates and drops a fix the database refuses, writing the rest of its batch', async () => {
    const u = await insertUnit(db);
    const { writer, metrics } = makeWriter();
    // 1e39 overflows `real`: SQLSTATE 22003, a data error of that one row.
    const batch = [fix(u, 0), fix(u, 1), fix(u, 2, { speedKmh: 1e39 }), fix(u, 3), fix(u, 4)];
    expect(await writer.write(batch)).toBe(true);
    expect((await historyOf(db, u)).map((r) => r.fix_at.getTime())).toEqual([0, 1, 3, 4].map((s) => at(s).getTime()));
    expect(metrics.get('writer_fixes_dropped_total', { reason: 'refused_by_sink' })).toBe(1);
    expect(writer.healthy).toBe(true);
    await writer.stop();
  });

  it('stop() drains; with the database gone it gives up after the drain timeout and says how many', async () => {
    const u = await insertUnit(db);
    const { writer } = makeWriter();
    writer.offer([fix(u, 0), fix(u, 1)]);
    expect(await writer.stop()).toEqual({ unwritten: 0 });
    expect(await historyOf(db, u)).toHaveLength(2);
    expect(writer.offer([fix(u, 2)])).toBe('stopped');

    const flaky = new FlakyDatabase(db);
    const { writer: w2 } = makeWriter(flaky, { drainTimeoutMs: 200 });
    flaky.down = true;
    w2.offer([fix(u, 5)]);
    const pending = w2.write([fix(u, 6)]);
    expect(await w2.stop()).toEqual({ unwritten: 2 });
    expect(await pending).toBe(false);
  });

  it('writes 20,000 fixes of 50 units in large batches', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 50; i++) ids.push(await insertUnit(db));
    const { writer, metrics } = makeWriter();
    const fixes: UnitFix[] = [];
    for (let s = 0; s < 400; s++) for (const id of ids) fixes.push(fix(id, s));
    const t0 = performance.now();
    for (let i = 0; i < fixes.length; i += 100) writer.offer(fixes.slice(i, i + 100));
    expect(await writer.flush()).toBe(true);
    const ms = performance.now() - t0;
    expect(metrics.get('writer_fixes_written_total')).toBe(20_000);
    expect(metrics.get('writer_batches_total')).toBeLessThan(100);
    const { rows } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM positions WHERE unit_id = ANY($1::bigint[])`,
      [ids],
    );
    expect(rows[0]!.n).toBe(20_000);
    console.log(
      `writer: 20,000 fixes in ${Math.round(ms)} ms on ${testEngine()} (${Math.round(20_000 / (ms / 1000))}/s)`,
    );
    await writer.stop();
  });
});
