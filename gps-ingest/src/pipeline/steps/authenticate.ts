import { usesDeviceSecret } from '../../protocols/registry.ts';
import type { ProtocolName } from '../../position.ts';
import { digestMatches, secretDigest } from '../credentials.ts';
import { reject, type BatchStep } from '../step.ts';

const NOTED_MAX = 1000;
const NOTE_EVERY_MS = 60 * 60_000;

/**
 * Device → unit. A transport that authenticated the device itself (JT/T 808 session, logged-in tablet) binds
 * the unit in `meta.bound`; otherwise each device id is looked up in `device_credentials` (TTL-cached, one
 * query per batch). Unknown devices are refused and counted, never created. A request with a sign-in session
 * (checked by core) needs no device secret but may report only for its own unit (crew). Otherwise the request
 * must present the credential's secret: an HTTP-protocol credential (`osmand`, `json`) without a `secret_hash`
 * accepts only a session — a secret-less Traccar Client id is refused (`bad_secret`) until an administrator
 * issues it a token; a `json` one serves the crew tablet's browser, which has a session and no secret.
 */
export function authenticateStep(): BatchStep {
  // Which unknown devices were logged lately: an operator needs the id to register it, once, not 10/s.
  const noted = new Map<string, number>();
  return {
    kind: 'batch',
    name: 'authenticate',
    onError: 'auth_unavailable',
    async: true,
    async run(items, ctx) {
      const bound = ctx.meta.bound;
      if (bound) {
        for (const item of items) {
          item.unitId = bound.unitId;
          item.coordSystem = bound.coordSystem;
        }
        return;
      }
      const byProtocol = new Map<ProtocolName, Set<string>>();
      for (const item of items) {
        if (item.outcome) continue;
        const p = item.decoded.protocol;
        let ids = byProtocol.get(p);
        if (!ids) byProtocol.set(p, (ids = new Set()));
        ids.add(item.decoded.deviceId);
      }
      // One SHA-256 of the presented secret per request, however many items (a 500-fix batch: 1, not 500).
      const presented = ctx.meta.secret;
      const digest = presented === undefined || presented === '' ? null : secretDigest(presented);
      for (const [protocol, ids] of byProtocol) {
        const found = await ctx.credentials.lookupMany(protocol, ids);
        for (const item of items) {
          if (item.outcome || item.decoded.protocol !== protocol) continue;
          const cred = found.get(item.decoded.deviceId);
          if (!cred) {
            reject(item, 'unknown_device');
            const key = `${protocol}:${item.decoded.deviceId}`;
            const t = Date.now();
            if ((noted.get(key) ?? 0) < t - NOTE_EVERY_MS) {
              if (noted.size >= NOTED_MAX) noted.clear();
              noted.set(key, t);
              ctx.log.warn(
                `unknown ${protocol} device "${item.decoded.deviceId}"${ctx.meta.remote ? ` from ${ctx.meta.remote}` : ''}: ` +
                  'add it to device_credentials to accept its positions',
              );
            }
          } else if (ctx.meta.session) {
            const only = ctx.meta.session.unitId;
            if (only !== null && cred.unitId !== only) reject(item, 'other_unit');
            else {
              item.unitId = cred.unitId;
              item.coordSystem = cred.coordSystem;
            }
          } else if (
            cred.secretHash !== null
              ? digest === null || !digestMatches(cred.secretHash, digest)
              : usesDeviceSecret(protocol)
          ) {
            reject(item, 'bad_secret');
          } else {
            item.unitId = cred.unitId;
            item.coordSystem = cred.coordSystem;
          }
        }
      }
    },
  };
}
