import type { Queryable } from '@c120/db';
import type { EventFrame, EventMap, EventType } from '../events/index.ts';
import { iso } from './rows.ts';

export interface EventRefs {
  incidentId?: number | null;
  unitId?: number | null;
  actor?: string | null;
}

/**
 * Appends an event inside the caller's transaction (the same one that made the change), through the
 * append_event() SQL function that keeps `seq` in commit order. Returns the new seq.
 */
export async function appendEvent<K extends EventType>(
  tx: Queryable,
  type: K,
  payload: EventMap[K],
  refs: EventRefs = {},
): Promise<number> {
  const { rows } = await tx.query<{ seq: number }>('SELECT append_event($1, $2::jsonb, $3, $4, $5) AS seq', [
    type,
    JSON.stringify(payload),
    refs.incidentId ?? null,
    refs.unitId ?? null,
    refs.actor ?? null,
  ]);
  const seq = rows[0]?.seq;
  if (seq === undefined) throw new Error('append_event returned no seq');
  return seq;
}

interface EventRow {
  seq: number;
  type: string;
  at: Date;
  actor: string | null;
  payload: unknown;
  [k: string]: unknown;
}

function toFrame(r: EventRow): EventFrame {
  return { seq: r.seq, type: r.type, at: iso(r.at), actor: r.actor, payload: r.payload } as EventFrame;
}

export async function readEventsAfter(db: Queryable, afterSeq: number, limit = 1000): Promise<EventFrame[]> {
  const { rows } = await db.query<EventRow>(
    'SELECT seq, type, at, actor, payload FROM events WHERE seq > $1 ORDER BY seq LIMIT $2',
    [afterSeq, limit],
  );
  return rows.map(toFrame);
}

export async function readIncidentEvents(db: Queryable, incidentId: number): Promise<EventFrame[]> {
  const { rows } = await db.query<EventRow>(
    'SELECT seq, type, at, actor, payload FROM events WHERE incident_id = $1 ORDER BY seq',
    [incidentId],
  );
  return rows.map(toFrame);
}

export async function headSeq(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ seq: number | null }>('SELECT max(seq) AS seq FROM events');
  return rows[0]?.seq ?? 0;
}
