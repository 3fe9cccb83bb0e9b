/**
 * Settings of the phone line beyond the PBX credential (issue 13): repeat calls, the caller's location link and
 * its SMS gateway, mass casualty. Read from the environment at boot (config.ts), typed, bounds-checked.
 */
export interface PhoneLineConfig {
  /** A call from a number with an open incident received this many minutes before it rang is a likely repeat. */
  repeatWindowMinutes: number;
  /** A call whose caller position lies this close (metres) to an open incident is a likely repeat. */
  repeatRadiusM: number;
  /** A location link expires this many minutes after it was made. */
  locationLinkTtlMinutes: number;
  /** Location-link page requests (look + post) per source address and minute before 429; 0 = off. */
  locationLinkPerMinute: number;
  /**
   * The origin the caller's phone opens (`https://120.county.example`); null: the origin the dispatcher's console
   * used (fine behind the TLS proxy when the console's name is public).
   */
  locationLinkBaseUrl: string | null;
  /** The SMS gateway's HTTP endpoint (`POST {to, text}`); null: SMS are only logged (dev adapter). */
  smsGatewayUrl: string | null;
  /** Bearer credential for the SMS gateway. */
  smsGatewayToken: string | null;
  /** Incidents with at least this many patients get the mass-casualty (群体伤) unit set. */
  massCasualtyThreshold: number;
}

export const DEFAULT_PHONE_LINE_CONFIG: PhoneLineConfig = {
  repeatWindowMinutes: 60,
  repeatRadiusM: 300,
  locationLinkTtlMinutes: 30,
  locationLinkPerMinute: 20,
  locationLinkBaseUrl: null,
  smsGatewayUrl: null,
  smsGatewayToken: null,
  massCasualtyThreshold: 5,
};

export class PhoneLineConfigError extends Error {
  override name = 'ConfigError';
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new PhoneLineConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return n;
}

function origin(env: NodeJS.ProcessEnv, name: string, path: boolean): string | null {
  const raw = env[name];
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new PhoneLineConfigError(`${name} must be an http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new PhoneLineConfigError(`${name} must be an http(s) URL, got "${raw}"`);
  }
  return path ? url.toString() : url.origin;
}

export function loadPhoneLineConfig(env: NodeJS.ProcessEnv): PhoneLineConfig {
  const d = DEFAULT_PHONE_LINE_CONFIG;
  const smsGatewayToken = env.SMS_GATEWAY_TOKEN || null;
  const smsGatewayUrl = origin(env, 'SMS_GATEWAY_URL', true);
  if (smsGatewayToken && !smsGatewayUrl) throw new PhoneLineConfigError('SMS_GATEWAY_TOKEN needs SMS_GATEWAY_URL');
  return {
    repeatWindowMinutes: int(env, 'REPEAT_CALL_WINDOW_MINUTES', d.repeatWindowMinutes, 1, 24 * 60),
    repeatRadiusM: int(env, 'REPEAT_CALL_RADIUS_M', d.repeatRadiusM, 0, 5_000),
    locationLinkTtlMinutes: int(env, 'LOCATION_LINK_TTL_MINUTES', d.locationLinkTtlMinutes, 1, 24 * 60),
    locationLinkPerMinute: int(env, 'LOCATION_LINK_PER_MINUTE', d.locationLinkPerMinute, 0, 100_000),
    locationLinkBaseUrl: origin(env, 'LOCATION_LINK_BASE_URL', false),
    smsGatewayUrl,
    smsGatewayToken,
    massCasualtyThreshold: int(env, 'MASS_CASUALTY_THRESHOLD', d.massCasualtyThreshold, 2, 500),
  };
}
