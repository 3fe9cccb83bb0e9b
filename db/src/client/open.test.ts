import { describe, expect, it } from 'vitest';
import { openDatabase } from './open.ts';
import { resolveDatabaseConfig } from '../config.ts';
import { DatabaseUnavailableError } from './pg.ts';

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
