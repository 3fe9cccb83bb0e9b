import type { UnitFix } from '../pipeline/types.ts';
import { toForwardedBatch } from './forwarded-fixes.ts';
import type { FixSink } from './sink.ts';

export class HttpSinkError extends Error {
  override name = 'HttpSinkError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface HttpSinkOptions {
  /** Core's base URL, e.g. http://127.0.0.1:8120 */
  coreUrl: string;
  token: string;
  timeoutMs?: number;
}

/**
 * Separate-process mode: a batch is durable once core answered 2xx to `POST /api/positions/fixes` (core
 * answers after its own commit). Until then it stays in the writer's buffer and is retried.
 */
export class HttpSink implements FixSink {
  readonly description: string;
  private readonly url: string;

  constructor(private readonly opts: HttpSinkOptions) {
    this.url = new URL('/api/positions/fixes', opts.coreUrl).toString();
    this.description = `core at ${this.url}`;
  }

  async write(fixes: readonly UnitFix[]): Promise<void> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.opts.token}` },
      body: JSON.stringify(toForwardedBatch(fixes)),
      signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
    });
    const text = await res.text().catch(() => '');
    if (!res.ok) throw new HttpSinkError(res.status, `core answered ${res.status}: ${text.slice(0, 200)}`);
  }

  diagnose(err: unknown): 'batch' | 'unavailable' {
    // 400/413/422: core understood the request and refuses its content (or size: bisecting helps). Anything
    // else — network errors, 5xx, 401/403 from a wrong token — keeps the fixes and retries.
    return err instanceof HttpSinkError && [400, 413, 422].includes(err.status) ? 'batch' : 'unavailable';
  }
}
