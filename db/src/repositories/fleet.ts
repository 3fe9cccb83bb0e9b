import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../client/types.ts';
import { stations, units } from '../schema/index.ts';
import type { UnitKind } from '@c120/shared/vocabulary';

/** The fleet as administrators keep it: adding units and correcting their descriptive fields. */

export interface NewUnitRow {
  code: string;
  callSign: string;
  plate: string | null;
  kind: UnitKind;
  capabilities: string[];
  stationId: number | null;
}

/** A new unit starts off duty at its station (its position is the station's, if it has one); its id. */
export async function insertUnit(db: Executor, u: NewUnitRow): Promise<number> {
  const [row] = await db.orm
    .insert(units)
    .values({
      ...u,
      status: 'off_duty',
      position: sql`(SELECT ${stations.geom} FROM ${stations} WHERE ${stations.id} = ${u.stationId})`,
    })
    .returning({ id: units.id });
  return row?.id ?? 0;
}

/** Descriptive fields that may change; `undefined` leaves a field as it is. `updated_at` is set to now. */
export interface UnitPatch {
  callSign?: string;
  plate?: string | null;
  kind?: UnitKind;
  capabilities?: string[];
  stationId?: number | null;
}

/** Whether the unit exists (and so was updated). */
export async function updateUnit(db: Executor, id: number, patch: UnitPatch): Promise<boolean> {
  const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as UnitPatch;
  const rows = await db.orm
    .update(units)
    .set({ ...set, updatedAt: sql`now()` })
    .where(eq(units.id, id))
    .returning({ id: units.id });
  return rows.length > 0;
}
