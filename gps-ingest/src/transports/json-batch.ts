import { decodeJsonBatch } from '../protocols/index.ts';
import type { PositionResult, TransportMeta } from '../pipeline/types.ts';
import type { AcceptPositions } from './osmand-http.ts';
import { httpStatus, summarise } from './outcome.ts';

/** Per item of the request, in request order. */
export interface JsonBatchItemResult {
  index: number;
  /**
   * accepted: queued for storage (`late`: older than the unit's latest position, kept as history);
   * dropped: filtered by policy (duplicate, future time, impossible jump, …), do not resend;
   * invalid: could not be decoded, fix the sender; rejected: device unknown or secret wrong;
   * retry: not taken now (buffer full, database unavailable), resend.
   */
  status: 'accepted' | 'dropped' | 'invalid' | 'rejected' | 'retry';
  reason?: string;
  late?: boolean;
}

export interface JsonBatchResponse {
  /**
   * 200 the batch was processed (see per-item results); 400 the body is unusable as a whole (`error`);
   * 401/403 no item was from an allowed device; 503 some items must be resent (resending all is safe:
   * the accepted ones become duplicates); 429 the same, because a device exceeded its fix allowance.
   */
  status: 200 | 400 | 401 | 403 | 429 | 503;
  error?: string;
  accepted: number;
  results: JsonBatchItemResult[];
}

export interface JsonBatchRequest {
  /** `Authorization: Bearer …` value without the prefix, checked against each device's `secret_hash`. */
  secret?: string | undefined;
  remote?: string | undefined;
  receivedAt?: Date | undefined;
  /** A sign-in session core checked (see TransportMeta.session). */
  session?: { unitId: number | null } | undefined;
}

/** `POST /api/positions` (mounted by core): `{ "positions": [ { deviceId, time, lat, lon, … } ] }`. */
export async function acceptJsonBatch(
  body: unknown,
  request: JsonBatchRequest,
  accept: AcceptPositions,
  maxPositions: number,
): Promise<JsonBatchResponse> {
  const decoded = decodeJsonBatch(body, { maxPositions });
  if ('error' in decoded) return { status: 400, error: decoded.error, accepted: 0, results: [] };
  const meta: TransportMeta = {
    protocol: 'json',
    receivedAt: request.receivedAt ?? new Date(),
    remote: request.remote,
    secret: request.secret,
    session: request.session,
  };
  const processed = await accept(decoded.positions, meta);
  // Put decoded and undecodable items back in request order.
  const total = decoded.positions.length + decoded.rejected.length;
  const invalid = new Map(decoded.rejected.map((r) => [r.index, r.reason]));
  const results: JsonBatchItemResult[] = [];
  let next = 0;
  for (let index = 0; index < total; index++) {
    const reason = invalid.get(index);
    if (reason !== undefined) results.push({ index, status: 'invalid', reason });
    else results.push(itemResult(index, processed[next++]!));
  }
  const outcome = summarise(processed);
  const status = processed.length === 0 ? 200 : httpStatus(outcome);
  return { status, accepted: results.filter((r) => r.status === 'accepted').length, results };
}

function itemResult(index: number, r: PositionResult): JsonBatchItemResult {
  switch (r.status) {
    case 'accepted':
      return { index, status: 'accepted', late: r.late };
    case 'dropped':
    case 'rejected':
    case 'retry':
      return { index, status: r.status, reason: r.reason };
  }
}
