import { DEVICE_PROTOCOLS } from '@c120/shared/vocabulary';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ProtocolName } from '../position.ts';
import type { UnitFix } from '../pipeline/types.ts';
import { FIX_FIELDS, fixFieldError } from '../protocols/common/numbers.ts';

/**
 * Wire format of `POST {CORE_URL}/api/positions/fixes` (separate-process mode: the ingest process runs the
 * pipeline and forwards what it accepted; core writes it). Times are ISO-8601 UTC; optional numbers may be
 * absent or null.
 */
export interface ForwardedFixBatch {
  fixes: ForwardedFix[];
}

export interface ForwardedFix {
  unitId: number;
  fixAt: string;
  receivedAt: string;
  lon: number;
  lat: number;
  speedKmh?: number | null;
  headingDeg?: number | null;
  altitudeM?: number | null;
  accuracyM?: number | null;
  source: ProtocolName;
  valid: boolean;
  late: boolean;
}

export const MAX_FORWARDED_FIXES = 5000;

const SOURCES: readonly string[] = DEVICE_PROTOCOLS;

export function toForwardedBatch(fixes: readonly UnitFix[]): ForwardedFixBatch {
  return {
    fixes: fixes.map((f) => ({
      unitId: f.unitId,
      fixAt: f.fixAt.toISOString(),
      receivedAt: f.receivedAt.toISOString(),
      lon: f.lon,
      lat: f.lat,
      speedKmh: f.speedKmh ?? null,
      headingDeg: f.headingDeg ?? null,
      altitudeM: f.altitudeM ?? null,
      accuracyM: f.accuracyM ?? null,
      source: f.source,
      valid: f.valid,
      late: f.late,
    })),
  };
}

/**
 * Validates a forwarded batch (core's route calls this; the body is trusted only as far as its token).
 * All or nothing: a malformed item refuses the whole request with its index.
 */
export function parseForwardedBatch(body: unknown): { fixes: UnitFix[] } | { error: string } {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { fixes?: unknown }).fixes)) {
    return { error: 'body must be { "fixes": [ … ] }' };
  }
  const items = (body as { fixes: unknown[] }).fixes;
  if (items.length > MAX_FORWARDED_FIXES) return { error: `more than ${MAX_FORWARDED_FIXES} fixes in one request` };
  const fixes: UnitFix[] = [];
  for (let i = 0; i < items.length; i++) {
    const r = parseFix(items[i]);
    if (typeof r === 'string') return { error: `fixes[${i}]: ${r}` };
    fixes.push(r);
  }
  return { fixes };
}

function parseFix(item: unknown): UnitFix | string {
  if (typeof item !== 'object' || item === null) return 'not an object';
  const o = item as Record<string, unknown>;
  if (typeof o.unitId !== 'number' || !Number.isSafeInteger(o.unitId) || o.unitId <= 0) return 'unitId';
  const fixAt = typeof o.fixAt === 'string' ? new Date(o.fixAt) : null;
  if (!fixAt || Number.isNaN(fixAt.getTime())) return 'fixAt';
  const receivedAt = typeof o.receivedAt === 'string' ? new Date(o.receivedAt) : null;
  if (!receivedAt || Number.isNaN(receivedAt.getTime())) return 'receivedAt';
  if (!finite(o.lon) || o.lon < -180 || o.lon > 180) return 'lon';
  if (!finite(o.lat) || o.lat < -90 || o.lat > 90) return 'lat';
  if (typeof o.source !== 'string' || !SOURCES.includes(o.source)) return 'source';
  if (typeof o.valid !== 'boolean') return 'valid';
  if (typeof o.late !== 'boolean') return 'late';
  const fix: UnitFix = {
    unitId: o.unitId,
    fixAt,
    receivedAt,
    lon: o.lon,
    lat: o.lat,
    source: o.source as ProtocolName,
    valid: o.valid,
    late: o.late,
  };
  // The same bounds as every protocol (FIX_FIELD_BOUNDS): the remote pipeline drops such fields, so one here is
  // a broken or forged forwarder — refused.
  for (const k of FIX_FIELDS) {
    const v = o[k];
    if (v === undefined || v === null) continue;
    if (!finite(v)) return k;
    const bad = fixFieldError(k, v);
    if (bad) return bad;
    fix[k] = v;
  }
  return fix;
}

function finite(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Constant-time check of `Authorization: Bearer <token>` against the shared token. */
export function checkForwardToken(authorization: string | undefined, token: string): boolean {
  if (!token || !authorization?.startsWith('Bearer ')) return false;
  const a = createHash('sha256').update(authorization.slice(7)).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}
