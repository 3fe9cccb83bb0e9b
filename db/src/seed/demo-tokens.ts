import { createHash } from 'node:crypto';

/**
 * The DEMO token of a seeded Traccar Client device: derived from its id, so the simulator (and a demo phone) can
 * send it without a shared file. It is public knowledge — anyone who reads this can report for a demo unit —
 * so a real deployment revokes the demo credentials and registers its devices through `POST /api/admin/devices`,
 * which issues random tokens.
 */
export function demoDeviceToken(deviceId: string): string {
  return `demo-${deviceId}`;
}

/** `secret_hash` as gps-ingest's `verifyDeviceSecret` reads it (`sha256:<hex>`; see its `hashDeviceSecret`). */
export function demoTokenHash(deviceId: string): string {
  return `sha256:${createHash('sha256').update(demoDeviceToken(deviceId), 'utf8').digest('hex')}`;
}

/**
 * The DEMO auth code of a seeded JT/T 808 terminal (phone without padding zeros), stored hashed as if the terminal
 * had registered: the simulator authenticates with it after any restart (a registered terminal gets no code
 * again: 0x8100 result 3). Public like the demo tokens: a real deployment revokes the demo credentials.
 */
export function demoAuthCode(phone: string): string {
  return `demo-${phone.replace(/^0+(?=.)/, '')}`;
}

export function demoAuthCodeHash(phone: string): string {
  return `sha256:${createHash('sha256').update(demoAuthCode(phone), 'utf8').digest('hex')}`;
}
