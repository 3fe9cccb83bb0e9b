/** Test doubles for the pipeline: a database that answers only the two lookups, and a recording writer. */
import type { DeviceProtocol } from '@c120/shared/vocabulary';
import type { Queryable, QueryResult, Row } from '@c120/db';
import type { DecodedPosition } from '../position.ts';
import { DEFAULT_PIPELINE_CONFIG, type PipelineConfig } from './config.ts';
import { CredentialDirectory } from './credentials.ts';
import { silentLogger } from '../telemetry/log.ts';
import { Metrics } from '../telemetry/metrics.ts';
import { Pipeline, type FixAcceptor, type OfferResult } from './pipeline.ts';
import { defaultSteps } from './steps/index.ts';
import type { CoordSystem, UnitFix } from './types.ts';
import { UnitTracker } from './unit-tracker.ts';

export interface FakeCredential {
  protocol: DeviceProtocol;
  deviceId: string;
  unitId: number;
  coordSystem?: CoordSystem;
  secretHash?: string | null;
  authCodeHash?: string | null;
}

export interface FakeUnit {
  id: number;
  fixAt: Date | null;
  lon: number | null;
  lat: number | null;
}

export class FakeDb implements Queryable {
  credentials: FakeCredential[] = [];
  units: FakeUnit[] = [];
  queries: string[] = [];
  down = false;

  async query<R extends Row = Row>(text: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    this.queries.push(text);
    if (this.down) throw new Error('connection refused');
    let rows: Row[] = [];
    if (text.includes('FROM device_credentials')) {
      const [protocol, ids] = params as [string, string[]];
      rows = this.credentials
        .filter((c) => c.protocol === protocol && ids.includes(c.deviceId))
        .map((c, i) => ({
          id: i + 1,
          unit_id: c.unitId,
          protocol: c.protocol,
          device_id: c.deviceId,
          coord_system: c.coordSystem ?? 'wgs84',
          secret_hash: c.secretHash ?? null,
          auth_code_hash: c.authCodeHash ?? null,
        }));
    } else if (text.includes('FROM units')) {
      const [ids] = params as [number[]];
      rows = this.units
        .filter((u) => ids.includes(u.id))
        .map((u) => ({ id: u.id, fix_at: u.fixAt, lon: u.lon, lat: u.lat }));
    } else {
      throw new Error(`FakeDb does not know: ${text}`);
    }
    return { rows: rows as R[], rowCount: rows.length };
  }
}

export class RecordingWriter implements FixAcceptor {
  fixes: UnitFix[] = [];
  answer: OfferResult = 'accepted';
  offer(fixes: readonly UnitFix[]): OfferResult {
    if (this.answer === 'accepted') this.fixes.push(...fixes);
    return this.answer;
  }
}

export function makePipeline(db: FakeDb, config: Partial<PipelineConfig> = {}) {
  const metrics = new Metrics();
  const writer = new RecordingWriter();
  const tracker = new UnitTracker(db);
  const pipeline = new Pipeline(defaultSteps(), {
    config: { ...DEFAULT_PIPELINE_CONFIG, ...config },
    credentials: new CredentialDirectory(db),
    tracker,
    metrics,
    log: silentLogger,
    writer,
  });
  return { pipeline, metrics, writer, tracker };
}

export function position(p: Partial<DecodedPosition> & { fixTime: Date }): DecodedPosition {
  return { protocol: 'osmand', deviceId: 'phone-1', lat: 31.99, lon: 119.58, valid: true, ...p };
}
