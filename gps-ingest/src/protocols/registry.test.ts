import { describe, expect, it } from 'vitest';
import { DEVICE_PROTOCOLS } from '@c120/shared/vocabulary';
import { PROTOCOLS, protocolList, usesDeviceSecret } from './registry.ts';
import { ingestSettingsFromEnv } from '../ingest.ts';

// The database CHECK on device_credentials.protocol is compared with DEVICE_PROTOCOLS in db/src/vocabulary.test.ts.
describe('protocol registry', () => {
  it('has exactly one entry per DEVICE_PROTOCOLS name, under its own name', () => {
    expect(Object.keys(PROTOCOLS).sort()).toEqual([...DEVICE_PROTOCOLS].sort());
    for (const p of protocolList()) expect(PROTOCOLS[p.name]).toBe(p);
  });

  it('a protocol with a server has a port setting, and one without has none', () => {
    for (const p of protocolList()) expect(p.startServer === null).toBe(p.settings === null);
  });

  it('port settings come from the registry (OSMAND_PORT, JT808_PORT; off disables)', () => {
    const { ports } = ingestSettingsFromEnv({ OSMAND_PORT: '7055', JT808_PORT: 'off' });
    expect(ports).toMatchObject({ osmandPort: 7055, jt808Port: null });
    const defaults = ingestSettingsFromEnv({}).ports;
    expect(defaults).toMatchObject({ osmandPort: 5055, jt808Port: 6808 });
    expect(() => ingestSettingsFromEnv({ JT808_PORT: 'x' })).toThrow('JT808_PORT must be an integer');
  });

  it('HTTP protocols authenticate devices by secret, JT/T 808 by its session', () => {
    expect(usesDeviceSecret('osmand')).toBe(true);
    expect(usesDeviceSecret('json')).toBe(true);
    expect(usesDeviceSecret('jt808')).toBe(false);
  });
});
