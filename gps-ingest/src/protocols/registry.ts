/**
 * The device protocols gps-ingest speaks: one line each. Its keys are exactly `DEVICE_PROTOCOLS` (the one list of
 * protocol names, in @c120/shared/vocabulary: the database CHECK, the API contracts, the credentials and the
 * forwarded fixes derive from it; the `satisfies` below refuses a registry that misses or adds one). Servers,
 * port settings and how a device authenticates are read from here. See gps-ingest/README.md "Adding a protocol".
 */
import { DEVICE_PROTOCOLS, type DeviceProtocol } from '@c120/shared/vocabulary';
import type { ProtocolDefinition } from './protocol.ts';
import { jt808Protocol } from './jt808/protocol.ts';
import { osmandProtocol } from './osmand/protocol.ts';
import { jsonBatchProtocol } from './json-batch/protocol.ts';

export const PROTOCOLS = {
  jt808: jt808Protocol,
  osmand: osmandProtocol,
  json: jsonBatchProtocol,
} as const satisfies { [P in DeviceProtocol]: ProtocolDefinition<P> };

export type Protocols = typeof PROTOCOLS;

/** The protocols with a listener of their own (a port setting). */
export type ServedProtocol = {
  [P in DeviceProtocol]: Protocols[P]['startServer'] extends null ? never : P;
}[DeviceProtocol];

/** Every definition, in `DEVICE_PROTOCOLS` order. */
export function protocolList(): ProtocolDefinition[] {
  return DEVICE_PROTOCOLS.map((name) => PROTOCOLS[name] as ProtocolDefinition);
}

/** Devices of this protocol present a secret with their positions (HTTP); session protocols bind on connect. */
export function usesDeviceSecret(protocol: DeviceProtocol): boolean {
  return PROTOCOLS[protocol].auth === 'secret';
}
