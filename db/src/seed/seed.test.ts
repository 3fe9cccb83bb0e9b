import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../client/types.ts';
import { createTestDatabase, testEngine } from '../testing/index.ts';
import { seedDemoCounty } from './seed.ts';
import { demoAuthCode, demoTokenHash } from './demo-tokens.ts';

const TABLES = ['regions', 'townships', 'places', 'stations', 'hospitals', 'units', 'device_credentials'];

/** A fingerprint of every seeded table's full contents (ids included). */
async function fingerprint(db: Database): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of TABLES) {
    const { rows } = await db.query<{ h: string | null; n: number }>(
      `SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS h, count(*) AS n FROM ${table} t`,
    );
    out[table] = `${rows[0]?.n}:${rows[0]?.h}`;
  }
  return out;
}

describe(`demo county seed on ${testEngine()}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('loads the county, and seeding twice leaves exactly the same rows', async () => {
    const counts = await seedDemoCounty(db);
    expect(counts.regions).toBe(1);
    expect(counts.townships).toBe(12);
    expect(counts.units).toBeGreaterThanOrEqual(20);
    const first = await fingerprint(db);
    await seedDemoCounty(db);
    expect(await fingerprint(db)).toEqual(first);
  });

  it('places every unit at a station inside the county, in SRID 4326', async () => {
    const { rows } = await db.query<{ outside: number; srid: number | null; unplaced: number }>(
      `SELECT count(*) FILTER (WHERE NOT ST_Contains(r.geom, u.position)) AS outside,
              max(ST_SRID(u.position)) AS srid, count(*) FILTER (WHERE u.position IS NULL) AS unplaced
       FROM units u CROSS JOIN regions r`,
    );
    expect(rows[0]).toEqual({ outside: 0, srid: 4326, unplaced: 0 });
  });

  it('keeps a unit’s live status and position when seeded again', async () => {
    await db.query(
      `UPDATE units SET status = 'maintenance', position = ST_SetSRID(ST_MakePoint(119.61, 31.99), 4326)
       WHERE id = (SELECT min(id) FROM units)`,
    );
    await seedDemoCounty(db);
    const { rows } = await db.query<{ status: string; x: number }>(
      'SELECT status, ST_X(position) AS x FROM units WHERE id = (SELECT min(id) FROM units)',
    );
    expect(rows[0]).toEqual({ status: 'maintenance', x: 119.61 });
  });

  it('gives every Traccar Client device its demo token, keeps an issued one, and never a JT/T 808 terminal', async () => {
    const { rows } = await db.query<{ protocol: string; device_id: string; secret_hash: string | null }>(
      'SELECT protocol, device_id, secret_hash FROM device_credentials WHERE revoked_at IS NULL ORDER BY id',
    );
    const osmand = rows.filter((r) => r.protocol === 'osmand');
    expect(osmand.length).toBeGreaterThan(0);
    for (const r of osmand) expect(r.secret_hash).toBe(demoTokenHash(r.device_id));
    expect(rows.filter((r) => r.protocol !== 'osmand').every((r) => r.secret_hash === null)).toBe(true);
    const first = osmand[0]!.device_id;
    await db.query(`UPDATE device_credentials SET secret_hash = 'sha256:issued' WHERE device_id = $1`, [first]);
    await seedDemoCounty(db);
    const kept = await db.query<{ secret_hash: string }>(
      `SELECT secret_hash FROM device_credentials WHERE device_id = $1 AND revoked_at IS NULL`,
      [first],
    );
    expect(kept.rows[0]?.secret_hash).toBe('sha256:issued');
  });

  it('registers each JT/T 808 terminal with its hashed demo code; a terminal that registered itself keeps its own', async () => {
    const jt = async () =>
      (
        await db.query<{ device_id: string; auth_code_hash: string | null; registered_at: Date | null }>(
          `SELECT device_id, auth_code_hash, registered_at FROM device_credentials
           WHERE protocol = 'jt808' AND revoked_at IS NULL ORDER BY id`,
        )
      ).rows;
    const rows = await jt();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.auth_code_hash).toBe(`sha256:${createHash('sha256').update(demoAuthCode(r.device_id)).digest('hex')}`);
      expect(r.registered_at).not.toBeNull();
    }
    const first = rows[0]!.device_id;
    await db.query(
      `UPDATE device_credentials SET auth_code_hash = 'sha256:own', terminal_hw_id = 'T1' WHERE device_id = $1`,
      [first],
    );
    await seedDemoCounty(db);
    expect((await jt()).find((r) => r.device_id === first)?.auth_code_hash).toBe('sha256:own');
  });

  it('refuses a new active osmand credential without a token (migration 0007)', async () => {
    const unit = await db.query<{ id: number }>('SELECT min(id) AS id FROM units');
    await expect(
      db.query(`INSERT INTO device_credentials (unit_id, protocol, device_id) VALUES ($1, 'osmand', 'no-token')`, [
        unit.rows[0]!.id,
      ]),
    ).rejects.toThrow(/device_credentials_osmand_token/);
    await db.query(
      `INSERT INTO device_credentials (unit_id, protocol, device_id) VALUES ($1, 'json', 'browser-only'), ($1, 'jt808', '1390000')`,
      [unit.rows[0]!.id],
    );
  });
});
