/**
 * The dispatch-core HTTP API as the simulator uses it — the same routes a dispatcher's console and a crew
 * tablet use, nothing private. Errors carry the server's status and message.
 */
import type {
  AssignmentResult,
  CreateIncidentBody,
  HospitalSuggestionList,
  IncidentView,
  RecommendationList,
  StateSnapshot,
  UnitView,
} from '@c120/dispatch-core/contracts';
import type { RunOutcome, UnitStatus } from '@c120/shared/vocabulary';

export class CoreApiError extends Error {
  override name = 'CoreApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export interface StatusReport {
  status: UnitStatus;
  outcome?: RunOutcome;
  destinationHospitalId?: number;
  reason?: string;
}

export class CoreClient {
  constructor(
    /** e.g. http://127.0.0.1:8120 (no trailing slash) */
    readonly baseUrl: string,
    /** Session token (Bearer); null: none. */
    private readonly token: string | null = null,
    private readonly timeoutMs = 15_000,
  ) {}

  state(): Promise<StateSnapshot> {
    return this.call('GET', '/api/state');
  }

  unit(id: number): Promise<UnitView> {
    return this.call('GET', `/api/units/${id}`);
  }

  units(): Promise<UnitView[]> {
    return this.call('GET', '/api/units');
  }

  incident(id: number): Promise<{ incident: IncidentView }> {
    return this.call('GET', `/api/incidents/${id}`);
  }

  createIncident(body: CreateIncidentBody): Promise<IncidentView> {
    return this.call('POST', '/api/incidents', body);
  }

  /** As a dispatcher: the nearest capable unit (the server ranks and locks it). */
  assignNearest(incidentId: number, idempotencyKey: string): Promise<AssignmentResult> {
    return this.call('POST', `/api/incidents/${incidentId}/assignments`, { unitId: 'nearest' }, idempotencyKey);
  }

  /** As a dispatcher choosing from the ranked list. */
  assign(incidentId: number, unitId: number, idempotencyKey: string): Promise<AssignmentResult> {
    return this.call('POST', `/api/incidents/${incidentId}/assignments`, { unitId }, idempotencyKey);
  }

  recommendations(incidentId: number): Promise<RecommendationList> {
    return this.call('GET', `/api/incidents/${incidentId}/recommendations`);
  }

  /** As the crew tablet: 出车, 到达现场, 病人上车, 送达医院, 返回, 待命 … */
  reportStatus(unitId: number, report: StatusReport): Promise<unknown> {
    return this.call('POST', `/api/units/${unitId}/status`, { ...report, source: 'crew' });
  }

  hospitals(incidentId: number): Promise<HospitalSuggestionList> {
    return this.call('GET', `/api/incidents/${incidentId}/hospitals`);
  }

  protected async call<T>(method: string, path: string, body?: unknown, idempotencyKey?: string): Promise<T> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    if (!res.ok) {
      const err = (parsed ?? {}) as { message?: string; code?: string };
      throw new CoreApiError(res.status, `${method} ${path}: ${res.status} ${err.message ?? text}`, err.code);
    }
    return parsed as T;
  }
}
