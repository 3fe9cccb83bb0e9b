import { describe, expect, it } from 'vitest';
import { hashDeviceSecret } from './credentials.ts';
import { DEFAULT_PIPELINE_CONFIG } from './config.ts';
import { silentLogger } from '../telemetry/log.ts';
import { Metrics } from '../telemetry/metrics.ts';
import { Pipeline } from './pipeline.ts';
import { CredentialDirectory } from './credentials.ts';
import { UnitTracker } from './unit-tracker.ts';
import { defaultSteps } from './steps/index.ts';
import type { PipelineStep } from './step.ts';
import type { TransportMeta } from './types.ts';
import { FakeDb, makePipeline, position, RecordingWriter } from './testing.ts';

const NOW = Date.UTC(2026, 10, 23, 8, 0, 0);
const at = (s: number) => new Date(NOW + s * 1000);
const meta = (over: Partial<TransportMeta> = {}): TransportMeta => ({
  protocol: 'osmand',
  receivedAt: new Date(NOW),
  secret: 'phone-1-token',
  ...over,
});
/** Metres east of the default test position, in degrees of longitude at 32°N. */
const east = (m: number) => 119.58 + m / 94_400;

/** The tests' HTTP devices present this token (an `osmand` credential without one is refused). */
const PHONE_TOKEN_HASH = hashDeviceSecret('phone-1-token');

function dbWith(...extra: Parameters<FakeDb['credentials']['push']>): FakeDb {
  const db = new FakeDb();
  db.credentials.push({ protocol: 'osmand', deviceId: 'phone-1', unitId: 7, secretHash: PHONE_TOKEN_HASH }, ...extra);
  return db;
}

describe('authenticate', () => {
  it('maps a known device to its unit and rejects an unknown one without creating it', async () => {
    const db = dbWith();
    const { pipeline, writer, metrics } = makePipeline(db);
    const results = await pipeline.process(
      [position({ fixTime: at(0) }), position({ deviceId: 'stranger', fixTime: at(0) })],
      meta(),
    );
    expect(results).toEqual([
      { status: 'accepted', unitId: 7, late: false },
      { status: 'rejected', reason: 'unknown_device' },
    ]);
    expect(writer.fixes.map((f) => f.unitId)).toEqual([7]);
    expect(metrics.get('ingest_positions_rejected_total', { reason: 'unknown_device' })).toBe(1);
    expect(db.queries.every((q) => q.trimStart().startsWith('SELECT'))).toBe(true);
  });

  it('caches lookups, unknown devices included', async () => {
    const db = dbWith();
    const { pipeline } = makePipeline(db);
    for (let i = 0; i < 3; i++) {
      await pipeline.process([position({ fixTime: at(i * 10) }), position({ deviceId: 'x', fixTime: at(i) })], meta());
    }
    expect(db.queries.filter((q) => q.includes('device_credentials'))).toHaveLength(1);
  });

  it('refuses an osmand credential without a secret unless the request has a session', async () => {
    const db = dbWith({ protocol: 'osmand', deviceId: 'old-phone', unitId: 8 });
    const { pipeline, metrics } = makePipeline(db);
    const p = position({ deviceId: 'old-phone', fixTime: at(0) });
    expect(await pipeline.process([p], meta())).toEqual([{ status: 'rejected', reason: 'bad_secret' }]);
    expect(await pipeline.process([p], meta({ secret: undefined }))).toEqual([
      { status: 'rejected', reason: 'bad_secret' },
    ]);
    expect(metrics.get('ingest_positions_rejected_total', { reason: 'bad_secret' })).toBe(2);
    expect(await pipeline.process([p], meta({ session: { unitId: 8 } }))).toEqual([
      { status: 'accepted', unitId: 8, late: false },
    ]);
  });

  it('checks the secret when the credential has one', async () => {
    const db = dbWith({ protocol: 'osmand', deviceId: 'tab-2', unitId: 8, secretHash: hashDeviceSecret('s3cret') });
    const { pipeline } = makePipeline(db);
    const p = position({ deviceId: 'tab-2', fixTime: at(0) });
    expect(await pipeline.process([p], meta())).toEqual([{ status: 'rejected', reason: 'bad_secret' }]);
    expect(await pipeline.process([p], meta({ secret: 'wrong' }))).toEqual([
      { status: 'rejected', reason: 'bad_secret' },
    ]);
    expect(await pipeline.process([p], meta({ secret: 's3cret' }))).toEqual([
      { status: 'accepted', unitId: 8, late: false },
    ]);
  });

  it('trusts a device the transport bound (no lookup)', async () => {
    const db = new FakeDb();
    const { pipeline } = makePipeline(db);
    const r = await pipeline.process(
      [position({ protocol: 'jt808', deviceId: '13511221122', fixTime: at(0) })],
      meta({ protocol: 'jt808', bound: { unitId: 3, coordSystem: 'wgs84' } }),
    );
    expect(r).toEqual([{ status: 'accepted', unitId: 3, late: false }]);
    expect(db.queries.some((q) => q.includes('device_credentials'))).toBe(false);
  });

  it('asks the device to resend when credentials cannot be read (database down)', async () => {
    const db = dbWith();
    db.down = true;
    const { pipeline, metrics } = makePipeline(db);
    expect(await pipeline.process([position({ fixTime: at(0) })], meta())).toEqual([
      { status: 'retry', reason: 'auth_unavailable' },
    ]);
    expect(metrics.get('ingest_pipeline_step_errors_total', { step: 'authenticate' })).toBe(1);
  });
});

describe('time and place sanity', () => {
  it('drops fixes more than 30 s ahead of their receipt (counted), keeps 20 s ahead, drops absurd times', async () => {
    const { pipeline, metrics } = makePipeline(dbWith());
    const r = await pipeline.process(
      [
        position({ fixTime: at(150) }),
        position({ fixTime: at(20) }),
        position({ fixTime: new Date(Date.UTC(1999, 11, 31)) }),
      ],
      meta(),
    );
    expect(r.map((x) => (x.status === 'dropped' ? x.reason : x.status))).toEqual([
      'future_time',
      'accepted',
      'absurd_time',
    ]);
    expect(metrics.get('ingest_positions_dropped_total', { reason: 'future_time' })).toBe(1);
    expect(DEFAULT_PIPELINE_CONFIG.maxFutureMs).toBe(30_000);
  });

  it('a fix slightly ahead of the clock does not make the genuine fixes after it late', async () => {
    const { pipeline, writer } = makePipeline(dbWith());
    // Received at NOW, stamped 25 s ahead (within the tolerance): stored, but counted at its receipt.
    expect(await pipeline.process([position({ fixTime: at(25), lon: east(50) })], meta())).toEqual([
      { status: 'accepted', unitId: 7, late: false },
    ]);
    // The genuine phone goes on reporting its true time every 5 s: each one is live, none is late.
    for (const s of [5, 10, 15]) {
      const r = await pipeline.process(
        [position({ fixTime: at(s), lon: east(s * 10) })],
        meta({ receivedAt: new Date(at(s).getTime() + 300) }),
      );
      expect(r).toEqual([{ status: 'accepted', unitId: 7, late: false }]);
    }
    expect(writer.fixes.map((f) => f.late)).toEqual([false, false, false, false]);
  });

  it('drops 0,0 (no fix yet)', async () => {
    const { pipeline } = makePipeline(dbWith());
    const r = await pipeline.process([position({ fixTime: at(0), lat: 0, lon: 0, valid: false })], meta());
    expect(r).toEqual([{ status: 'dropped', reason: 'no_position' }]);
  });
});

describe('order, duplicates and late fixes', () => {
  it('orders a batch by fix time before the stateful steps', async () => {
    const { pipeline, writer } = makePipeline(dbWith());
    const r = await pipeline.process(
      [position({ fixTime: at(20) }), position({ fixTime: at(0) }), position({ fixTime: at(10) })],
      meta(),
    );
    expect(r.every((x) => x.status === 'accepted' && !x.late)).toBe(true);
    expect(writer.fixes.map((f) => f.fixAt.getTime())).toEqual([at(0), at(10), at(20)].map((d) => d.getTime()));
  });

  it('drops a resend of the same fix time, in the batch and later; keeps a stationary unit reporting', async () => {
    const { pipeline, metrics } = makePipeline(dbWith());
    const r1 = await pipeline.process([position({ fixTime: at(0) }), position({ fixTime: at(0) })], meta());
    expect(r1[1]).toEqual({ status: 'dropped', reason: 'duplicate' });
    const r2 = await pipeline.process([position({ fixTime: at(0) })], meta());
    expect(r2[0]).toEqual({ status: 'dropped', reason: 'duplicate' });
    // Same place, new time: proof of life, not a duplicate.
    const r3 = await pipeline.process([position({ fixTime: at(5) })], meta());
    expect(r3[0]!.status).toBe('accepted');
    expect(metrics.get('ingest_positions_dropped_total', { reason: 'duplicate' })).toBe(2);
  });

  it('keeps a fix older than the unit latest as late history; the latest stays', async () => {
    const db = dbWith();
    db.units.push({ id: 7, fixAt: at(0), lon: 119.58, lat: 31.99 });
    const { pipeline, tracker, writer } = makePipeline(db);
    const r = await pipeline.process([position({ fixTime: at(-60), lon: east(50) })], meta());
    expect(r).toEqual([{ status: 'accepted', unitId: 7, late: true }]);
    expect(writer.fixes[0]!.late).toBe(true);
    expect(tracker.peek(7)!.latestMs).toBe(at(0).getTime());
    const next = await pipeline.process([position({ fixTime: at(5), lon: east(60) })], meta({ receivedAt: at(6) }));
    expect(next).toEqual([{ status: 'accepted', unitId: 7, late: false }]);
    expect(tracker.peek(7)!.latestMs).toBe(at(5).getTime());
  });
});

describe('datum', () => {
  it('converts GCJ-02 devices to WGS-84 and leaves WGS-84 ones alone', async () => {
    const db = dbWith({
      protocol: 'osmand',
      deviceId: 'mars',
      unitId: 9,
      coordSystem: 'gcj02',
      secretHash: PHONE_TOKEN_HASH,
    });
    const { pipeline, writer } = makePipeline(db);
    await pipeline.process(
      [position({ deviceId: 'mars', fixTime: at(0) }), position({ deviceId: 'phone-1', fixTime: at(0) })],
      meta(),
    );
    const mars = writer.fixes.find((f) => f.unitId === 9)!;
    const plain = writer.fixes.find((f) => f.unitId === 7)!;
    expect(plain).toMatchObject({ lon: 119.58, lat: 31.99 });
    // GCJ-02 is offset by a few hundred metres in Jiangsu; WGS-84 lies to the south-east... of the GCJ point.
    expect(mars.lon).not.toBe(119.58);
    const offsetM = Math.hypot((mars.lon - 119.58) * 94_400, (mars.lat - 31.99) * 111_000);
    expect(offsetM).toBeGreaterThan(200);
    expect(offsetM).toBeLessThan(800);
  });
});

describe('impossible jumps', () => {
  it('drops a jump faster than 300 km/h, accepts noise and plausible moves', async () => {
    const { pipeline, metrics } = makePipeline(dbWith());
    await pipeline.process([position({ fixTime: at(0) })], meta());
    const r = await pipeline.process(
      [
        position({ fixTime: at(1), lon: east(90) }), // 90 m in 1 s: noise, under the distance floor
        position({ fixTime: at(10), lon: east(50_000) }), // 50 km in 9 s
        position({ fixTime: at(20), lon: east(400) }), // 310 m in 19 s from the 90 m point: 59 km/h
      ],
      meta({ receivedAt: at(21) }),
    );
    expect(r.map((x) => (x.status === 'dropped' ? x.reason : x.status))).toEqual([
      'accepted',
      'impossible_jump',
      'accepted',
    ]);
    expect(metrics.get('ingest_positions_dropped_total', { reason: 'impossible_jump' })).toBe(1);
  });

  it('believes the new place after enough consecutive jumps (the reference was wrong)', async () => {
    const { pipeline, metrics } = makePipeline(dbWith(), { jumpResetAfter: 3 });
    await pipeline.process([position({ fixTime: at(0), lon: east(80_000) })], meta()); // a glitch got in first
    const statuses: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const [r] = await pipeline.process([position({ fixTime: at(i), lon: east(i * 10) })], meta());
      statuses.push(r!.status);
    }
    expect(statuses).toEqual(['dropped', 'dropped', 'accepted', 'accepted']);
    expect(metrics.get('ingest_jump_resets_total')).toBe(1);
  });

  it('honours a configured speed limit', async () => {
    const { pipeline } = makePipeline(dbWith(), { maxSpeedKmh: 100 });
    await pipeline.process([position({ fixTime: at(0) })], meta());
    const [r] = await pipeline.process([position({ fixTime: at(10), lon: east(500) })], meta()); // 180 km/h
    expect(r).toEqual({ status: 'dropped', reason: 'impossible_jump' });
  });
});

describe('invalid fixes (no GNSS lock)', () => {
  it('are stored as history by default but never become the latest position or the jump reference', async () => {
    const { pipeline, writer, tracker } = makePipeline(dbWith());
    await pipeline.process([position({ fixTime: at(0) })], meta());
    const [r] = await pipeline.process([position({ fixTime: at(10), lon: east(30_000), valid: false })], meta());
    expect(r).toEqual({ status: 'accepted', unitId: 7, late: false });
    expect(writer.fixes.at(-1)!.valid).toBe(false);
    expect(tracker.peek(7)!.latestMs).toBe(at(0).getTime());
    const [next] = await pipeline.process([position({ fixTime: at(20), lon: east(100) })], meta());
    expect(next!.status).toBe('accepted');
  });

  it('are dropped with invalidFixes: drop', async () => {
    const { pipeline } = makePipeline(dbWith(), { invalidFixes: 'drop' });
    const [r] = await pipeline.process([position({ fixTime: at(0), valid: false })], meta());
    expect(r).toEqual({ status: 'dropped', reason: 'invalid_fix' });
  });
});

describe('writer refusal and step isolation', () => {
  it('a refused batch leaves no trace: the resend is accepted, not taken for a duplicate', async () => {
    const { pipeline, writer, metrics } = makePipeline(dbWith());
    writer.answer = 'full';
    expect(await pipeline.process([position({ fixTime: at(0) })], meta())).toEqual([
      { status: 'retry', reason: 'buffer_full' },
    ]);
    writer.answer = 'accepted';
    expect(await pipeline.process([position({ fixTime: at(0) })], meta())).toEqual([
      { status: 'accepted', unitId: 7, late: false },
    ]);
    expect(metrics.get('ingest_positions_retry_total', { reason: 'buffer_full' })).toBe(1);
  });

  it('a failing step is counted and skipped (fail-open)', async () => {
    const db = dbWith();
    const metrics = new Metrics();
    const writer = new RecordingWriter();
    const broken: PipelineStep = {
      kind: 'item',
      name: 'broken',
      onError: 'pass',
      process() {
        throw new Error('boom');
      },
    };
    const steps = defaultSteps();
    steps.splice(2, 0, broken);
    const pipeline = new Pipeline(steps, {
      config: DEFAULT_PIPELINE_CONFIG,
      credentials: new CredentialDirectory(db),
      tracker: new UnitTracker(db),
      metrics,
      log: silentLogger,
      writer,
    });
    const r = await pipeline.process([position({ fixTime: at(0) }), position({ fixTime: at(1) })], meta());
    expect(r.map((x) => x.status)).toEqual(['accepted', 'accepted']);
    expect(metrics.get('ingest_pipeline_step_errors_total', { step: 'broken' })).toBe(2);
  });

  it('the unit-state lookup failing is fail-open too', async () => {
    const db = dbWith({ protocol: 'osmand', deviceId: 'phone-2', unitId: 8, secretHash: PHONE_TOKEN_HASH });
    const { pipeline, metrics } = makePipeline(db);
    // Caches phone-2's credential without loading unit 8 (the fix is dropped before the unit-state step).
    await pipeline.process([position({ deviceId: 'phone-2', fixTime: at(3600) })], meta());
    db.down = true;
    const [r] = await pipeline.process([position({ deviceId: 'phone-2', fixTime: at(0) })], meta());
    expect(r).toEqual({ status: 'accepted', unitId: 8, late: false });
    expect(metrics.get('ingest_pipeline_step_errors_total', { step: 'unit-state' })).toBe(1);
  });

  it('refuses an asynchronous step after a stateful one', () => {
    const steps = defaultSteps();
    steps.push({ kind: 'batch', name: 'late-lookup', onError: 'pass', async: true, run: async () => {} });
    const db = new FakeDb();
    expect(
      () =>
        new Pipeline(steps, {
          config: DEFAULT_PIPELINE_CONFIG,
          credentials: new CredentialDirectory(db),
          tracker: new UnitTracker(db),
          metrics: new Metrics(),
          log: silentLogger,
          writer: new RecordingWriter(),
        }),
    ).toThrow(/follows a stateful step/);
  });
});

describe('metrics', () => {
  it('counts received, accepted and each reason', async () => {
    const { pipeline, metrics } = makePipeline(dbWith());
    await pipeline.process(
      [position({ fixTime: at(0) }), position({ fixTime: at(0) }), position({ deviceId: 'x', fixTime: at(0) })],
      meta(),
    );
    expect(metrics.snapshot()).toMatchObject({
      'ingest_positions_received_total{protocol="osmand"}': 3,
      'ingest_positions_accepted_total{protocol="osmand"}': 1,
      'ingest_positions_dropped_total{reason="duplicate"}': 1,
      'ingest_positions_rejected_total{reason="unknown_device"}': 1,
    });
    expect(metrics.prometheus()).toContain('ingest_positions_received_total{protocol="osmand"} 3\n');
  });
});
