import type { Queryable } from '../client/types.ts';

/** One event to append: its type, its JSON payload (already serialised) and what it refers to. */
export interface EventToAppend {
  type: string;
  payload: string;
  incidentId: number | null;
  unitId: number | null;
  actor: string | null;
}

/** An idempotent request's stored answer, written in the same statement as the events (one round trip). */
export interface IdempotentResponse {
  key: string;
  status: number;
  response: string;
}

/**
 * Appends a transaction's events in one statement through append_events() (migration 0015: ordering lock, one
 * insert, one NOTIFY), optionally storing an idempotent response in the same round trip. Meant to be the
 * transaction's last statement before COMMIT, so the ordering lock is held for as short as possible.
 * Returns the new seqs in order.
 */
export async function appendEventBatch(
  tx: Queryable,
  events: readonly EventToAppend[],
  idempotent: IdempotentResponse | null = null,
): Promise<number[]> {
  const params: unknown[] = [
    events.map((e) => e.type),
    events.map((e) => e.payload),
    events.map((e) => e.incidentId),
    events.map((e) => e.unitId),
    events.map((e) => e.actor),
  ];
  let store = '';
  if (idempotent) {
    params.push(idempotent.key, idempotent.status, idempotent.response);
    store = `, stored AS (UPDATE idempotency_keys SET response_status = $7, response = $8::jsonb WHERE key = $6
                         RETURNING 1)`;
  }
  const { rows } = await tx.query<{ seq: number }>(
    `WITH appended AS (
       SELECT s AS seq FROM append_events($1::text[], $2::jsonb[], $3::bigint[], $4::bigint[], $5::text[]) AS s
     )${store}
     SELECT seq FROM appended ORDER BY seq`,
    params,
  );
  return rows.map((r) => r.seq);
}
