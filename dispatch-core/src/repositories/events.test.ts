import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@c120/db';
import { createTestDatabase, testEngine } from '@c120/db/testing';
import type { EventFrame, EventMap, EventType } from '../events/index.ts';
import { RealtimeHub, type HubClient } from '../realtime/hub.ts';
import { appendEvent, readEventsAfter } from './events.ts';

/** A probe event: any declared type will do, the stream does not look inside payloads. */
const PROBE = 'incident.note_added' as EventType;
const probe = (writer: number, n: number, k: number) => ({ probe: { writer, n, k } }) as unknown as EventMap[EventType];

describe(`the event stream under parallel writers on ${testEngine()}`, () => {
  let db: Database;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.close();
  });

  it('delivers every committed event once, in seq order, to a replaying reader and a live subscriber', async () => {
    const before = (await readEventsAfter(db, 0, 100_000)).at(-1)?.seq ?? 0;
    const hub = new RealtimeHub(db, { positionTickMs: 60_000 });
    await hub.start();
    const live: number[] = [];
    const client: HubClient = {
      send: (data) => {
        const frame = JSON.parse(data) as { type: string; seq?: number };
        if (frame.type === PROBE && frame.seq !== undefined) live.push(frame.seq);
      },
      bufferedAmount: 0,
      close: () => undefined,
    };
    await hub.subscribe(client, before, false);

    // A replaying reader: "everything after my last seq", again and again, while the writers commit.
    let writing = true;
    const replayed: number[] = [];
    const reader = (async () => {
      let cursor = before;
      for (;;) {
        const done = !writing;
        const batch: EventFrame[] = await readEventsAfter(db, cursor, 1000);
        for (const e of batch) replayed.push(e.seq);
        cursor = batch.at(-1)?.seq ?? cursor;
        if (done && batch.length === 0) return;
        await new Promise((r) => setTimeout(r, 1));
      }
    })();

    // Writers: transactions that append 1–3 events early, then keep working (and holding their snapshot) for a
    // random while before they commit; some roll back. Commit order differs from the order they started in.
    const WRITERS = 8;
    const PER_WRITER = 12;
    let rolledBack = 0;
    const writers = Array.from({ length: WRITERS }, async (_, w) => {
      for (let n = 0; n < PER_WRITER; n++) {
        const k = 1 + ((w + n) % 3);
        const rollback = (w * PER_WRITER + n) % 7 === 3;
        await db
          .transaction(async (tx) => {
            for (let i = 0; i < k; i++) await appendEvent(tx, PROBE, probe(w, n, i));
            await tx.query('SELECT pg_sleep($1)', [Math.random() * 0.006]);
            await new Promise((r) => setTimeout(r, Math.random() * 4));
            if (rollback) throw new Error('rolled back on purpose');
          })
          .catch((err: unknown) => {
            if (!(err instanceof Error) || err.message !== 'rolled back on purpose') throw err;
            rolledBack++;
          });
        void hub.poke();
      }
    });
    await Promise.all(writers);
    writing = false;
    await reader;
    await hub.poke();
    await hub.stop();

    const committed = (await readEventsAfter(db, before, 100_000)).map((e) => e.seq);
    const expected = Array.from({ length: WRITERS }, (_, w) =>
      Array.from({ length: PER_WRITER }, (_, n) => ((w * PER_WRITER + n) % 7 === 3 ? 0 : 1 + ((w + n) % 3))),
    )
      .flat()
      .reduce((a, b) => a + b, 0);
    expect(rolledBack).toBeGreaterThan(0);
    expect(committed).toHaveLength(expected);
    // Gap-free in commit order: a reader that only ever asked "after my last seq" has missed nothing.
    expect(replayed).toEqual(committed);
    expect(live).toEqual(committed);
  }, 120_000);

  it('writes a transaction’s events in one batch, in the order they were appended, at commit', async () => {
    const before = (await readEventsAfter(db, 0, 100_000)).at(-1)?.seq ?? 0;
    await db.transaction(async (tx) => {
      await appendEvent(tx, PROBE, probe(0, 0, 0));
      await appendEvent(tx, PROBE, probe(0, 0, 1));
      // Quotes, backslashes and non-ASCII survive the inlined COMMIT script.
      await appendEvent(tx, PROBE, { text: "it's a \\ and a \\' and \"胸痛\" E'x'" } as unknown as EventMap[EventType]);
      // Not yet written: the outbox writes them as the transaction's last statement.
      expect((await tx.query('SELECT count(*) AS n FROM events WHERE seq > $1', [before])).rows[0]?.n).toBe(0);
    });
    const rows = await readEventsAfter(db, before);
    expect(rows.slice(0, 2).map((e) => (e.payload as unknown as { probe: { k: number } }).probe.k)).toEqual([0, 1]);
    expect((rows[2]?.payload as unknown as { text: string }).text).toBe("it's a \\ and a \\' and \"胸痛\" E'x'");
  });
});
