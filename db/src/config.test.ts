import { describe, expect, it } from 'vitest';
import { DatabaseConfigError, maskPassword, resolveDatabaseConfig } from './config.ts';

describe('resolveDatabaseConfig', () => {
  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const c = resolveDatabaseConfig({ DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/c120' });
    expect(c).toMatchObject({ engine: 'postgres', url: 'postgres://u:p@127.0.0.1:5432/c120', poolSize: 10 });
  });

  it('keeps the whole pool open while idle unless DATABASE_POOL_MIN says less; refuses a minimum above the pool', () => {
    const url = 'postgres://u:p@127.0.0.1:5432/c120';
    expect(resolveDatabaseConfig({ DATABASE_URL: url, DATABASE_POOL_SIZE: '6' })).toMatchObject({ minIdle: 6 });
    expect(resolveDatabaseConfig({ DATABASE_URL: url, DATABASE_POOL_MIN: '0' })).toMatchObject({ minIdle: 0 });
    expect(() => resolveDatabaseConfig({ DATABASE_URL: url, DATABASE_POOL_MIN: '11' })).toThrow(DatabaseConfigError);
    expect(() => resolveDatabaseConfig({ DATABASE_URL: url, DATABASE_POOL_MIN: '11' })).toThrow('DATABASE_POOL_MIN');
  });

  it('falls back to an embedded PGlite under .data/pglite, or in memory', () => {
    const c = resolveDatabaseConfig({});
    expect(c.engine).toBe('pglite');
    expect(c.engine === 'pglite' && c.dataDir).toMatch(/\.data[/\\]pglite$/);
    expect(resolveDatabaseConfig({ PGLITE_DATA_DIR: 'memory://' })).toEqual({ engine: 'pglite', dataDir: null });
  });

  it.each([
    ['not a url', /not a valid URL/],
    ['mysql://root@localhost/db', /must start with postgres:\/\//],
    ['postgres://u:p@127.0.0.1:5432', /names no database/],
  ])('rejects DATABASE_URL=%s with a clear reason', (url, reason) => {
    expect(() => resolveDatabaseConfig({ DATABASE_URL: url })).toThrow(DatabaseConfigError);
    expect(() => resolveDatabaseConfig({ DATABASE_URL: url })).toThrow(reason);
  });

  it('never echoes a password in its messages', () => {
    expect(() =>
      resolveDatabaseConfig({ DATABASE_URL: 'postgres://u:hunter2@h:5432/db', DATABASE_POOL_SIZE: '0' }),
    ).toThrow(/DATABASE_POOL_SIZE must be a positive integer/);
    expect(maskPassword('postgres://u:hunter2@h:5432/db')).toBe('postgres://u:***@h:5432/db');
  });
});
