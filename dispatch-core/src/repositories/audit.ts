import type { Executor } from '@c120/db';
import { audit } from '@c120/db/repositories';
import type { AuditEntry } from '../contracts/auth.ts';

type ActorKind = AuditEntry['actorKind'];

function actorKind(actor: string | null): ActorKind {
  if (!actor) return 'unknown';
  if (actor.startsWith('user:')) return 'user';
  if (actor.startsWith('device:')) return 'device';
  if (['system', 'geofence', 'terminal', 'crew', 'console'].includes(actor)) return actor as ActorKind;
  return 'unknown';
}

interface Payload {
  incident?: {
    status?: string;
    priority?: number;
    complaint?: string;
    closeReason?: string | null;
    closeReasonText?: string | null;
  };
  note?: { body?: string };
  unit?: { callSign?: string };
  assignment?: { status?: string; outcome?: string | null };
  change?: { from?: string; to?: string; reason?: string | null };
}

/** What happened, as data for the console to word in its language (only what the event carries). */
export function auditFacts(type: string, payload: Payload): AuditEntry['facts'] {
  const p = payload as Payload & { reason?: string | null; missingSpecialties?: string[]; hospitalId?: number };
  const facts: AuditEntry['facts'] = {};
  const put = <K extends keyof AuditEntry['facts']>(k: K, v: AuditEntry['facts'][K] | null | undefined) => {
    if (v !== undefined && v !== null) facts[k] = v;
  };
  if (type === 'incident.created') {
    put('priority', payload.incident?.priority);
    put('complaint', payload.incident?.complaint);
  } else if (type.startsWith('incident.')) put('incidentStatus', payload.incident?.status);
  put('callSign', payload.unit?.callSign);
  if (type === 'assignment.ended') {
    put('runStatus', payload.assignment?.status);
    put('outcome', payload.assignment?.outcome);
  }
  put('from', payload.change?.from);
  put('to', payload.change?.to);
  put('reason', payload.change?.reason ?? p.reason);
  if (type === 'incident.destination_set') {
    put('hospitalId', p.hospitalId);
    put('missingSpecialties', p.missingSpecialties);
  }
  return facts;
}

/** One line saying what happened, from the event's own payload (English, for logs and API clients). */
export function summarize(type: string, payload: Payload): string {
  const unit = payload.unit?.callSign ?? '';
  switch (type) {
    case 'incident.created':
      return `P${payload.incident?.priority ?? '?'} ${payload.incident?.complaint ?? ''}`.trim();
    case 'incident.closed': {
      const why = [payload.incident?.closeReason, payload.incident?.closeReasonText].filter(Boolean).join(': ');
      return `status ${payload.incident?.status ?? '?'}${why ? ` (${why})` : ''}`;
    }
    case 'incident.updated':
    case 'incident.cancelled':
      return `status ${payload.incident?.status ?? '?'}`;
    case 'incident.note_added':
      return payload.note?.body ?? '';
    case 'incident.alarm_acknowledged':
      return 'alarm acknowledged';
    case 'incident.destination_set': {
      const p = payload as Payload & { reason?: string | null; missingSpecialties?: string[]; hospitalId?: number };
      const missing = p.missingSpecialties?.length ? ` missing ${p.missingSpecialties.join(',')}` : '';
      return `hospital ${p.hospitalId ?? '?'}${missing}${p.reason ? ` (${p.reason})` : ''}`;
    }
    case 'assignment.created':
      return unit;
    case 'assignment.ended':
      return `${unit} ${payload.assignment?.status ?? ''}${payload.assignment?.outcome ? ` (${payload.assignment.outcome})` : ''}`.trim();
    case 'unit.status_changed':
      return `${unit} ${payload.change?.from ?? '?'} → ${payload.change?.to ?? '?'}${payload.change?.reason ? ` (${payload.change.reason})` : ''}`;
    default:
      return unit;
  }
}

/**
 * Who did what and when on one incident, read from the append-only events table (no other source: what is
 * there cannot be edited through the API, and triggers refuse UPDATE/DELETE). Users are named from `users`.
 */
export async function readAudit(db: Executor, incidentId: number): Promise<AuditEntry[]> {
  const rows = await audit.auditEventsOfIncident(db, incidentId);
  return rows.map((r) => {
    const actor = r.actor;
    const kind = actorKind(actor);
    return {
      seq: r.seq,
      at: r.at.toISOString(),
      type: r.type,
      actor,
      actorKind: kind,
      actorName: kind === 'user' ? r.displayName : kind === 'device' ? (actor?.slice(7) ?? null) : actor,
      actorUsername: r.username,
      actorRole: r.role,
      unitId: r.unitId,
      summary: summarize(r.type, (r.payload ?? {}) as Payload),
      facts: auditFacts(r.type, (r.payload ?? {}) as Payload),
    };
  });
}
