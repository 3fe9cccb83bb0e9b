import { describe, expect, it } from 'vitest';
import { openDatabase } from './open.ts';
import { resolveDatabaseConfig } from '../config.ts';
import { DatabaseUnavailableError } from './pg.ts';
import { createTestDatabase, testEngine } from '../testing/index.ts';

describe('openDatabase with an unreachable DATABASE_URL', () => {
  it('fails fast with a message naming the server, without the password', async () => {
    // Port 1 on loopback: nothing listens, so the connection is refused at once.
    const config = resolveDatabaseConfig({ DATABASE_URL: 'postgres://c120:secret@127.0.0.1:1/c120' });
    const started = Date.now();
    const err = await openDatabase(config).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatabaseUnavailableError);
    expect((err as Error).message).toMatch(
      /cannot connect to PostgreSQL at postgres:\/\/c120:\*\*\*@127\.0\.0\.1:1\/c120/,
    );
    expect((err as Error).message).not.toContain('secret');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe(`named statements on ${testEngine()}`, () => {
  it('runs two texts given the same name, on one connection, each with its own answer', async () => {
    const db = await createTestDatabase();
    try {
      // A statement whose text varies with its arguments (an assignment's LIMIT 1 / LIMIT ALL) under one name:
      // node-postgres refuses a name it prepared for another text on that connection, so the seam must not send it.
      const rows = await db.transaction(async (tx) => {
        const a = await tx.query<{ v: number }>('SELECT $1::int AS v', [1], { name: 'c120_test_varies' });
        const b = await tx.query<{ v: number }>('SELECT $1::int + 1 AS v', [1], { name: 'c120_test_varies' });
        const c = await tx.query<{ v: number }>('SELECT $1::int AS v', [5], { name: 'c120_test_varies' });
        return [a.rows[0]?.v, b.rows[0]?.v, c.rows[0]?.v];
      });
      expect(rows).toEqual([1, 2, 5]);
    } finally {
      await db.close();
    }
  });
});
