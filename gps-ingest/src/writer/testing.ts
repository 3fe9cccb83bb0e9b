/** Test support against a real test database: fixture units and credentials, and a database that fails on demand. */
import type { DeviceProtocol } from '@c120/shared/vocabulary';
import type { Database, QueryResult, Row, Transaction } from '@c120/db';
import { hashDeviceSecret } from '../pipeline/credentials.ts';

let seq = 0;

/** A unit without a position; returns its id. */
export async function insertUnit(db: Database, code = `gps-test-${process.pid}-${seq++}`): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO units (code, call_sign, kind, status) VALUES ($1, $1, 'basic_ambulance', 'available') RETURNING id`,
    [code],
  );
  return Number(rows[0]!.id);
}

export async function insertCredential(
  db: Database,
  c: {
    unitId: number;
    protocol: DeviceProtocol;
    deviceId: string;
    coordSystem?: 'wgs84' | 'gcj02';
    secret?: string;
  },
): Promise<void> {
  await db.query(
    `INSERT INTO device_credentials (unit_id, protocol, device_id, coord_system, secret_hash) VALUES ($1, $2, $3, $4, $5)`,
    [c.unitId, c.protocol, c.deviceId, c.coordSystem ?? 'wgs84', c.secret ? hashDeviceSecret(c.secret) : null],
  );
}

export interface LatestRow {
  lon: number | null;
  lat: number | null;
  srid: number | null;
  fix_at: Date | null;
  speed_kmh: number | null;
  heading_deg: number | null;
  [k: string]: unknown;
}

export async function latestOf(db: Database, unitId: number): Promise<LatestRow> {
  const { rows } = await db.query<LatestRow>(
    `SELECT ST_X(position) AS lon, ST_Y(position) AS lat, ST_SRID(position) AS srid, fix_at, speed_kmh, heading_deg
     FROM units WHERE id = $1`,
    [unitId],
  );
  return rows[0]!;
}

export async function historyOf(
  db: Database,
  unitId: number,
): Promise<{ fix_at: Date; valid: boolean; source: string }[]> {
  const { rows } = await db.query<{ fix_at: Date; valid: boolean; source: string }>(
    `SELECT fix_at, valid, source FROM positions WHERE unit_id = $1 ORDER BY fix_at`,
    [unitId],
  );
  return rows;
}

/** A Database whose every call fails while `down` is true (an outage as the writer sees it). */
export class FlakyDatabase implements Database {
  down = false;
  calls = 0;

  constructor(private readonly inner: Database) {}

  get engine() {
    return this.inner.engine;
  }
  get orm() {
    return this.inner.orm;
  }
  get description() {
    return `flaky ${this.inner.description}`;
  }

  private check(): void {
    this.calls += 1;
    if (this.down) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  }

  async query<R extends Row = Row>(text: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
    this.check();
    return this.inner.query<R>(text, params);
  }
  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    this.check();
    return this.inner.transaction(fn);
  }
  listen(channel: string, onNotify: (payload: string | null) => void) {
    return this.inner.listen(channel, onNotify);
  }
  async ping(): Promise<void> {
    this.check();
    await this.inner.ping();
  }
  async close(): Promise<void> {}
}
