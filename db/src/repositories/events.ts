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

/** A string as an SQL literal (as node-postgres' escapeLiteral: quotes doubled, E'' when it has backslashes). */
export function sqlLiteral(value: string | null): string {
  if (value === null) return 'NULL';
  let backslash = false;
  let out = "'";
  for (const c of value) {
    if (c === "'") out += "''";
    else if (c === '\\') {
      out += '\\\\';
      backslash = true;
    } else out += c;
  }
  out += "'";
  return backslash ? ` E${out}` : out;
}

/** An id as an SQL literal (null: NULL); anything but a safe integer is refused. */
export function idLiteral(value: number | null): string {
  if (value === null) return 'NULL';
  if (!Number.isSafeInteger(value)) throw new Error(`not an id: ${value}`);
  return String(value);
}

/**
 * The same as appendEventBatch, as parameter-free SQL for `Transaction.commitWith`: sent in one message with
 * COMMIT, so the event ordering lock append_events() takes is held from the insert to the commit inside the
 * server only — never across a round trip to this process (whose event loop may be busy).
 */
export function appendEventBatchScript(
  events: readonly EventToAppend[],
  idempotent: IdempotentResponse | null = null,
): string {
  const arr = (items: string[], type: string) => `ARRAY[${items.join(', ')}]::${type}[]`;
  const parts: string[] = [];
  if (idempotent) {
    parts.push(
      `UPDATE idempotency_keys SET response_status = ${idLiteral(idempotent.status)}, ` +
        `response = ${sqlLiteral(idempotent.response)}::jsonb WHERE key = ${sqlLiteral(idempotent.key)}`,
    );
  }
  if (events.length > 0) {
    parts.push(
      `SELECT count(*) FROM append_events(${arr(
        events.map((e) => sqlLiteral(e.type)),
        'text',
      )}, ${arr(
        events.map((e) => sqlLiteral(e.payload)),
        'jsonb',
      )}, ${arr(
        events.map((e) => idLiteral(e.incidentId)),
        'bigint',
      )}, ${arr(
        events.map((e) => idLiteral(e.unitId)),
        'bigint',
      )}, ${arr(
        events.map((e) => sqlLiteral(e.actor)),
        'text',
      )})`,
    );
  }
  return parts.join(';\n');
}

/** A stored event, as the stream sends it. */
export interface StoredEventRow {
  seq: number;
  type: string;
  at: Date;
  actor: string | null;
  payload: unknown;
  [k: string]: unknown;
}

/** Events after `afterSeq`, in seq order, at most `limit`. */
export async function readEventRowsAfter(db: Queryable, afterSeq: number, limit: number): Promise<StoredEventRow[]> {
  const { rows } = await db.query<StoredEventRow>(
    'SELECT seq, type, at, actor, payload FROM events WHERE seq > $1 ORDER BY seq LIMIT $2',
    [afterSeq, limit],
  );
  return rows;
}

/** One incident's events, in seq order. */
export async function readIncidentEventRows(db: Queryable, incidentId: number): Promise<StoredEventRow[]> {
  const { rows } = await db.query<StoredEventRow>(
    'SELECT seq, type, at, actor, payload FROM events WHERE incident_id = $1 ORDER BY seq',
    [incidentId],
  );
  return rows;
}

/** The highest seq written (0 when there is none). */
export async function readHeadSeq(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ seq: number | null }>('SELECT max(seq) AS seq FROM events');
  return rows[0]?.seq ?? 0;
}
