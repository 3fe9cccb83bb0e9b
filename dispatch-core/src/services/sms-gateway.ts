import type { LocationLinkSmsStatus } from '@c120/shared/vocabulary';

/** What became of one SMS. */
export interface SmsOutcome {
  status: Extract<LocationLinkSmsStatus, 'sent' | 'logged' | 'failed'>;
  detail: string;
}

/**
 * The SMS gateway the location link goes out through. Two adapters: HTTP (a centre's SMS platform or the
 * carrier's, configured by SMS_GATEWAY_URL / SMS_GATEWAY_TOKEN) and log-only (development: the text goes to the
 * core's log, the dispatcher reads the link out or copies it).
 */
export interface SmsGateway {
  readonly name: string;
  send(to: string, text: string): Promise<SmsOutcome>;
}

/**
 * `POST <url>` with `Authorization: Bearer <token>` and `{"to": "+86…", "text": "…"}`; any 2xx is sent. The
 * JSON shape is the smallest common one; a platform with another shape gets a small relay next to it, as the
 * PBX does.
 */
export class HttpSmsGateway implements SmsGateway {
  readonly name = 'http';
  constructor(
    private readonly url: string,
    private readonly token: string | null,
    private readonly timeoutMs = 5_000,
  ) {}

  async send(to: string, text: string): Promise<SmsOutcome> {
    try {
      const res = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: JSON.stringify({ to, text }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.body?.cancel();
      return res.ok
        ? { status: 'sent', detail: `gateway ${res.status}` }
        : { status: 'failed', detail: `gateway answered ${res.status}` };
    } catch (error) {
      return { status: 'failed', detail: `gateway unreachable: ${(error as Error).message}` };
    }
  }
}

/** Development: the SMS is written to the log (its link included: this adapter is for machines without SMS). */
export class LogSmsGateway implements SmsGateway {
  readonly name = 'log';
  constructor(private readonly log: (message: string) => void) {}

  send(to: string, text: string): Promise<SmsOutcome> {
    this.log(`SMS (log-only adapter, not sent) to ${to}: ${text}`);
    return Promise.resolve({ status: 'logged', detail: 'SMS_GATEWAY_URL unset: logged only' });
  }
}

export function smsGatewayFor(
  cfg: { smsGatewayUrl: string | null; smsGatewayToken: string | null },
  log: (message: string) => void,
): SmsGateway {
  return cfg.smsGatewayUrl ? new HttpSmsGateway(cfg.smsGatewayUrl, cfg.smsGatewayToken) : new LogSmsGateway(log);
}
