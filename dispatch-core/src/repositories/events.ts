import type { Queryable, Transaction } from '@c120/db';
import {
  appendEventBatch,
  appendEventBatchScript,
  readEventRowsAfter,
  readHeadSeq,
  readIncidentEventRows,
  type EventToAppend,
  type IdempotentResponse,
  type StoredEventRow,
} from '@c120/db/repositories';
import type { EventFrame, EventMap, EventType } from '../events/index.ts';
import { iso } from './rows.ts';

export interface EventRefs {
  incidentId?: number | null;
  unitId?: number | null;
  actor?: string | null;
}

interface Outbox {
  events: EventToAppend[];
  idempotent: IdempotentResponse | null;
}

/** The events a transaction has appended so far, written by one statement right before its COMMIT. */
const outboxes = new WeakMap<Transaction, Outbox>();

function isTransaction(q: Queryable): q is Transaction {
  return typeof (q as Partial<Transaction>).beforeCommit === 'function';
}

function outboxOf(tx: Transaction): Outbox {
  let box = outboxes.get(tx);
  if (!box) {
    const created: Outbox = { events: [], idempotent: null };
    outboxes.set(tx, created);
    // Built when the transaction's work is done; sent in the same message as its COMMIT.
    tx.beforeCommit(async () => {
      outboxes.delete(tx);
      if (created.events.length > 0 || created.idempotent) {
        tx.commitWith(appendEventBatchScript(created.events, created.idempotent));
      }
    });
    box = created;
  }
  return box;
}

/**
 * Appends an event to the caller's transaction (the same one that made the change). The event is written with
 * the transaction's other events in ONE statement sent in the same message as the COMMIT (`append_events()`,
 * migration 0015; `Transaction.commitWith`), so the lock that keeps `seq` in commit order is held from that
 * insert to the commit inside the server only, and the commit sends one NOTIFY. Outside a transaction (a bare
 * Queryable) it is written at once.
 */
export async function appendEvent<K extends EventType>(
  tx: Queryable,
  type: K,
  payload: EventMap[K],
  refs: EventRefs = {},
): Promise<void> {
  const event: EventToAppend = {
    type,
    payload: JSON.stringify(payload),
    incidentId: refs.incidentId ?? null,
    unitId: refs.unitId ?? null,
    actor: refs.actor ?? null,
  };
  if (isTransaction(tx)) outboxOf(tx).events.push(event);
  else await appendEventBatch(tx, [event]);
}

/**
 * Stores the answer of an idempotent request in the statement that writes the transaction's events (one round
 * trip fewer on the assignment path). Only inside a transaction that claimed the key.
 */
export function storeIdempotentResponseAtCommit(tx: Transaction, key: string, status: number, response: unknown): void {
  outboxOf(tx).idempotent = { key, status, response: JSON.stringify(response) };
}

function toFrame(r: StoredEventRow): EventFrame {
  return { seq: r.seq, type: r.type, at: iso(r.at), actor: r.actor, payload: r.payload } as EventFrame;
}

export async function readEventsAfter(db: Queryable, afterSeq: number, limit = 1000): Promise<EventFrame[]> {
  return (await readEventRowsAfter(db, afterSeq, limit)).map(toFrame);
}

export async function readIncidentEvents(db: Queryable, incidentId: number): Promise<EventFrame[]> {
  return (await readIncidentEventRows(db, incidentId)).map(toFrame);
}

export async function headSeq(db: Queryable): Promise<number> {
  return readHeadSeq(db);
}
