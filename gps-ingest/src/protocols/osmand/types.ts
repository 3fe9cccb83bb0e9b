import type { DecodedPosition, RejectedItem } from '../../position.ts';

/** Query parameters as Node's URLSearchParams or as a framework's parsed query object (Fastify, Express). */
export type QueryInput = URLSearchParams | Readonly<Record<string, string | readonly string[] | undefined>>;

/** The parts of an HTTP request the OsmAnd decoder needs; the server has already read them. */
export interface OsmAndRequest {
  method: string;
  query: QueryInput;
  /** `Content-Type` header value, if any. */
  contentType?: string | undefined;
  /** Raw request body as text (may be empty). */
  body?: string | undefined;
  /** When the request arrived; used as the fix time when the device sends none (default: now). */
  receivedAt?: Date | undefined;
}

export interface OsmAndOptions {
  /** Largest `location` array accepted in the JSON form (default 1000). */
  maxBatch?: number;
}

/**
 * `rejected` lists batch items that were skipped (JSON form with a `location` array); a request with no usable
 * position at all is an `error` instead.
 */
export type OsmAndResult = { positions: DecodedPosition[]; rejected: RejectedItem[] } | { error: string };
