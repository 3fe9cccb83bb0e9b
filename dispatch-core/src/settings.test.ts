import { describe, expect, it } from 'vitest';
import { SettingsError } from '@c120/shared/settings';
import { loadProcessSettings } from './settings.ts';

describe('loadProcessSettings', () => {
  it('reads core, ingest, database and process settings at once', () => {
    const s = loadProcessSettings({ PORT: '9000', JT808_PORT: 'off', PGLITE_DATA_DIR: 'memory://' });
    expect(s.core.port).toBe(9000);
    expect(s.ingest.ports.jt808Port).toBeNull();
    expect(s.database).toEqual({ engine: 'pglite', dataDir: null });
    expect(s.shutdownTimeoutMs).toBe(30_000);
  });

  it('one error style whichever package owns the bad setting', () => {
    for (const env of [
      { STALE_AFTER_SECONDS: 'soon' }, // core
      { INGEST_MAX_BUFFERED: '-1' }, // device ingest
      { DATABASE_URL: 'postgres://h/db', DATABASE_POOL_SIZE: '0' }, // database
      { SHUTDOWN_TIMEOUT_MS: 'never' }, // the process
    ]) {
      const name = Object.keys(env).at(-1) as string;
      expect(() => loadProcessSettings(env), name).toThrow(SettingsError);
      expect(() => loadProcessSettings(env), name).toThrow(new RegExp(`^${name} must be .*, got "`));
    }
  });
});
