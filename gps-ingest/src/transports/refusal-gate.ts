import type { ProtocolName } from '../position.ts';
import type { Metrics } from '../telemetry/metrics.ts';
import { RefusalLimiter, type RefusalLimitConfig } from './refusal-limit.ts';

/** What the gate needs of the credential directory: is this id a device we know (cached, even if expired)? */
export interface KnownDevices {
  knows(protocol: ProtocolName, deviceId: string): boolean;
}

/**
 * Who pays for refused device attempts (both device ports share one gate). A carrier NAT puts a whole fleet
 * behind one address, so a limit must never refuse a CORRECT credential because of other devices' failures:
 * - **Unknown device ids** (each costs a database lookup) are counted per source address. Past the limit the
 *   address may still name devices this process already knows (the credential cache, fresh or expired): only
 *   ids it does not know are refused without asking the database, until the window ends.
 * - **Wrong secrets and auth codes, refused registrations** are counted per device identity, never per
 *   address. Past the limit that device's failing attempts are answered "slow down" (HTTP 429) and checked
 *   against the cache only (no database); the right secret or code still gets in.
 */
export class RefusalGate {
  readonly addresses: RefusalLimiter;
  readonly devices: RefusalLimiter;

  constructor(
    config: RefusalLimitConfig,
    private readonly known: KnownDevices,
    metrics: Metrics,
    now: () => number = Date.now,
  ) {
    this.addresses = new RefusalLimiter(config, now);
    this.devices = new RefusalLimiter(config, now);
    metrics.gauge('ingest_refusal_blocked_addresses', () => this.addresses.blockedAddresses());
    metrics.gauge('ingest_refusal_blocked_devices', () => this.devices.blockedAddresses());
  }

  /**
   * May a message from `address` naming `deviceIds` be looked up? Milliseconds to wait when not (the address is
   * over its unknown-device limit and one of the ids is not a device this process knows); 0 when it may.
   */
  admit(address: string | undefined, protocol: ProtocolName, deviceIds: Iterable<string>): number {
    const blockedMs = this.addresses.blockedFor(address);
    if (blockedMs === 0) return 0;
    for (const id of deviceIds) if (!this.known.knows(protocol, id)) return blockedMs;
    return 0;
  }

  /** An id that is not a device: counted against the address. True when the address is now over the limit. */
  unknownDevice(address: string | undefined): boolean {
    return this.addresses.note(address);
  }

  /** A wrong secret/code or a refused registration: counted against the device. True when it is now over the limit. */
  failed(protocol: ProtocolName, deviceId: string): boolean {
    return this.devices.note(deviceKey(protocol, deviceId));
  }

  /** The device is over its failure limit: check it against the cache only, answer its failures 429. */
  deviceBlocked(protocol: ProtocolName, deviceId: string): boolean {
    return this.devices.blockedFor(deviceKey(protocol, deviceId)) > 0;
  }

  deviceBlockedFor(protocol: ProtocolName, deviceId: string): number {
    return this.devices.blockedFor(deviceKey(protocol, deviceId));
  }
}

function deviceKey(protocol: ProtocolName, deviceId: string): string {
  return `${protocol}\u0000${deviceId}`;
}
