import { decodeJsonForm } from './json-form.ts';
import { decodeQueryForm, type Params } from './query-form.ts';
import type { OsmAndOptions, OsmAndRequest, OsmAndResult, QueryInput } from './types.ts';

const DEFAULT_MAX_BATCH = 1000;

/**
 * Decodes one OsmAnd / Traccar Client HTTP request. Never throws: anything unusable is `{ error }` (answer 400).
 *
 * Which form: a JSON body (by `Content-Type`, or a body that starts with `{`) is the Traccar Client JSON form;
 * otherwise the URL query, or when the URL has none a form-encoded body (Traccar does the same).
 */
export function decodeOsmAnd(request: OsmAndRequest, options: OsmAndOptions = {}): OsmAndResult {
  try {
    const receivedAt = request.receivedAt ?? new Date();
    const query = toParams(request.query);
    const body = request.body ?? '';
    const contentType = (request.contentType ?? '').toLowerCase();
    const trimmed = body.trimStart();
    if (contentType.includes('json') || trimmed.startsWith('{') || trimmed.startsWith('[')) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return { error: 'body is not valid JSON' };
      }
      const fallbackId = query.get('id') ?? query.get('deviceid');
      return decodeJsonForm(parsed, fallbackId, receivedAt, options.maxBatch ?? DEFAULT_MAX_BATCH);
    }
    if (query.size > 0) return decodeQueryForm(query, receivedAt);
    if (trimmed.length > 0) return decodeQueryForm(toParams(new URLSearchParams(body)), receivedAt);
    return { error: 'no parameters in the URL or the body' };
  } catch (error) {
    // Belt and braces for the "never throws" contract; the fuzz tests check this branch is never taken.
    return { error: `internal error: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** First value per name; URLSearchParams has already percent-decoded and turned '+' into a space. */
function toParams(query: QueryInput): Params {
  const out = new Map<string, string>();
  if (query instanceof URLSearchParams) {
    for (const [key, value] of query) if (!out.has(key)) out.set(key, value);
    return out;
  }
  for (const key of Object.keys(query)) {
    const value = query[key];
    const first = typeof value === 'string' ? value : value?.[0];
    if (typeof first === 'string') out.set(key, first);
  }
  return out;
}
