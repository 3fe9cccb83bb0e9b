import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../client/types.ts';
import { createTestDatabase, testEngine } from '../testing/index.ts';
import { loadMigrations, migrate } from './migrator.ts';

describe(`migrations on ${testEngine()}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('have all been applied from empty, and a second run applies nothing', async () => {
    const files = await loadMigrations();
    const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows.map((r) => r.version)).toEqual(files.map((m) => m.version));
    expect(await migrate(db)).toEqual({ applied: [], current: files.at(-1)?.version });
  });

  it('refuse to run when an applied migration file was edited afterwards', async () => {
    const files = await loadMigrations();
    const edited = files.map((m, i) => (i === 1 ? { ...m, checksum: 'edited' } : m));
    await expect(migrate(db, edited)).rejects.toThrow(/was changed after it was applied/);
  });

  it('create PostGIS and store geometries with SRID 4326', async () => {
    const { rows } = await db.query<{ table: string; column: string; srid: number; type: string }>(
      `SELECT f_table_name AS table, f_geometry_column AS column, srid, type
       FROM geometry_columns WHERE f_table_schema = 'public' ORDER BY 1, 2`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(9);
    for (const r of rows) expect({ ...r, srid: r.srid }).toEqual({ ...r, srid: 4326 });
    await db.query(
      `INSERT INTO units (code, call_sign, kind, position) VALUES ('srid-probe', 'probe', 'basic_ambulance',
       ST_SetSRID(ST_MakePoint(119.6, 32.0), 4326))`,
    );
    const probe = await db.query<{ srid: number }>(
      `SELECT ST_SRID(position) AS srid FROM units WHERE code = 'srid-probe'`,
    );
    expect(probe.rows[0]?.srid).toBe(4326);
    // The typed column never holds SRID 0: an SRID-less point takes the column's 4326…
    await db.query(`UPDATE units SET position = ST_MakePoint(119.6, 32.0) WHERE code = 'srid-probe'`);
    const untagged = await db.query<{ srid: number }>(
      `SELECT ST_SRID(position) AS srid FROM units WHERE code = 'srid-probe'`,
    );
    expect(untagged.rows[0]?.srid).toBe(4326);
    // …and a point in another reference system (Web Mercator here) is refused.
    await expect(
      db.query(
        `UPDATE units SET position = ST_SetSRID(ST_MakePoint(13302679, 3763310), 3857) WHERE code = 'srid-probe'`,
      ),
    ).rejects.toThrow(/SRID/i);
  });

  it('return int8, numeric and timestamptz as the same JS types on both engines', async () => {
    const { rows } = await db.query<{ n: unknown; d: unknown; t: unknown }>(
      `SELECT 9007199254740::int8 AS n, 2.5::numeric AS d, '2026-01-01T00:00:00Z'::timestamptz AS t`,
    );
    expect(rows[0]).toEqual({ n: 9007199254740, d: 2.5, t: new Date('2026-01-01T00:00:00Z') });
  });

  it('keep the events table append-only', async () => {
    const { rows } = await db.query<{ seq: number }>(
      `SELECT append_event('probe', '{"a":1}'::jsonb, NULL, NULL, 'test') AS seq`,
    );
    const seq = rows[0]?.seq;
    expect(typeof seq).toBe('number');
    await expect(db.query('UPDATE events SET type = $1 WHERE seq = $2', ['x', seq])).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM events WHERE seq = $1', [seq])).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE events')).rejects.toThrow(/append-only/);
    const after = await db.query<{ type: string }>('SELECT type FROM events WHERE seq = $1', [seq]);
    expect(after.rows[0]?.type).toBe('probe');
  });

  it('number events in commit order with increasing seq', async () => {
    const seqs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const seq = await db.transaction(async (tx) => {
        const r = await tx.query<{ seq: number }>(
          `SELECT append_event('probe', $1::jsonb, NULL, NULL, 'test') AS seq`,
          [JSON.stringify({ i })],
        );
        return r.rows[0]?.seq ?? -1;
      });
      seqs.push(seq);
    }
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(5);
  });

  it('refuse a second active assignment for one unit at the database level', async () => {
    const unit = await db.query<{ id: number }>(
      `INSERT INTO units (code, call_sign, kind) VALUES ('dup-probe', 'dup', 'basic_ambulance') RETURNING id`,
    );
    const incident = await db.query<{ id: number }>(
      `INSERT INTO incidents (priority, complaint, geom) VALUES (1, '胸痛', ST_SetSRID(ST_MakePoint(119.6, 32.0), 4326)) RETURNING id`,
    );
    const unitId = unit.rows[0]?.id;
    const incidentId = incident.rows[0]?.id;
    await db.query('INSERT INTO assignments (incident_id, unit_id) VALUES ($1, $2)', [incidentId, unitId]);
    await expect(
      db.query('INSERT INTO assignments (incident_id, unit_id) VALUES ($1, $2)', [incidentId, unitId]),
    ).rejects.toThrow(/assignments_one_active_per_unit/);
  });
});
