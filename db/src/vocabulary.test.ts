import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './client/types.ts';
import { createTestDatabase } from './testing/index.ts';
import * as v from '@c120/shared/vocabulary';

/** Each vocabulary list in vocabulary.ts must equal the CHECK constraint the database enforces. */
describe('vocabularies match the database CHECK constraints', () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  async function allowed(table: string, column: string): Promise<string[]> {
    const { rows } = await db.query<{ def: string }>(
      `SELECT pg_get_constraintdef(c.oid) AS def FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid WHERE t.relname = $1 AND c.contype = 'c'`,
      [table],
    );
    const def = rows.map((r) => r.def).find((d) => new RegExp(`\\(\\(?${column}\\b`).test(d));
    if (!def) throw new Error(`no CHECK on ${table}.${column}`);
    return [...def.matchAll(/'([^']+)'::text/g)].map((m) => m[1] ?? '').sort();
  }

  it.each([
    ['units', 'kind', v.UNIT_KINDS],
    ['units', 'status', v.UNIT_STATUSES],
    ['incidents', 'status', v.INCIDENT_STATUSES],
    ['assignments', 'status', v.ASSIGNMENT_STATUSES],
    ['assignments', 'outcome', v.RUN_OUTCOMES],
    ['unit_status_changes', 'source', v.STATUS_SOURCES],
    ['users', 'role', v.USER_ROLES],
    ['device_credentials', 'protocol', v.DEVICE_PROTOCOLS],
    ['device_credentials', 'coord_system', v.COORD_SYSTEMS],
    ['places', 'kind', v.PLACE_KINDS],
    ['hospitals', 'level', v.HOSPITAL_LEVELS],
    ['incidents', 'close_reason', v.CLOSE_REASONS],
    ['rounds', 'status', v.ROUND_STATUSES],
    ['round_stops', 'purpose', v.ROUND_PURPOSES],
    ['round_stops', 'arrival_source', v.ROUND_ARRIVAL_SOURCES],
    ['transfers', 'status', v.TRANSFER_STATUSES],
    ['calls', 'status', v.CALL_STATUSES],
    ['calls', 'link_kind', v.CALL_LINK_KINDS],
    ['telephony_events', 'event', v.CALL_EVENTS],
    ['call_locations', 'source', v.CALL_LOCATION_SOURCES],
    ['call_location_links', 'sms_status', v.LOCATION_LINK_SMS_STATUSES],
  ] as const)('%s.%s', async (table, column, list) => {
    expect(await allowed(table, column)).toEqual([...list].sort());
  });
});
