import type { Executor } from '@c120/db';
import { facilities } from '@c120/db/repositories';
import { HOSPITAL_CAPABILITIES } from '@c120/shared/vocabulary';
import type { HospitalView, IncidentView } from '../contracts/views.ts';
import { appendEvent } from '../repositories/events.ts';
import { toHospitalView } from '../repositories/facilities.ts';
import { lockOpenIncident } from '../repositories/incident-facts.ts';
import { rankHospitals } from '../domain/hospital-rule.ts';
import { HttpError, notFound } from '../domain/errors.ts';
import type { Actor, ServiceContext } from './context.ts';

export interface HospitalSuggestion {
  hospital: HospitalView;
  distanceM: number;
  etaSeconds: number;
  missingSpecialties: string[];
}

/** What an incident needs from a hospital: what was decided with the call (stored), plus any asked for now. */
export function neededSpecialties(incident: Pick<IncidentView, 'neededSpecialties'>, extra: string[] = []) {
  const known = new Set<string>(HOSPITAL_CAPABILITIES);
  return [...new Set([...incident.neededSpecialties, ...extra].filter((c) => known.has(c)))].sort();
}

export class HospitalService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Destination suggestions for an incident, read now (the route's entry; `suggest` also runs inside a choice). */
  suggestFor(
    incidentId: number,
    extraSpecialties: string[] = [],
  ): Promise<{ neededSpecialties: string[]; suggestions: HospitalSuggestion[] }> {
    return this.suggest(this.ctx.db, incidentId, extraSpecialties);
  }

  async suggest(
    db: Executor,
    incidentId: number,
    extraSpecialties: string[] = [],
  ): Promise<{
    neededSpecialties: string[];
    suggestions: HospitalSuggestion[];
  }> {
    const incident = await this.ctx.incidents.get(db, incidentId);
    if (!incident) throw notFound(`incident ${incidentId}`);
    const needed = neededSpecialties(incident, extraSpecialties);
    const rows = await facilities.acceptingHospitalsNear(db, incident.location.lon, incident.location.lat);
    const etas = await this.ctx.eta.matrix(
      [incident.location],
      rows.map((r) => ({ lon: r.lon, lat: r.lat, area: r.area })),
      db,
    );
    const candidates = rows.map((r, j) => {
      const distanceM = r.distanceM;
      const hospital = toHospitalView(r);
      return {
        hospital,
        capabilities: hospital.capabilities,
        level: hospital.level,
        distanceM,
        etaSeconds: etas[0]?.[j] ?? Infinity,
      };
    });
    return {
      neededSpecialties: needed,
      suggestions: rankHospitals(candidates, needed, incident.priority).map((r) => ({
        hospital: r.hospital.hospital,
        distanceM: Math.round(r.hospital.distanceM),
        etaSeconds: Math.round(r.hospital.etaSeconds),
        missingSpecialties: r.missing,
      })),
    };
  }

  /**
   * Sets the destination hospital. Choosing other than the first suggestion, or a hospital without a needed
   * specialty centre, needs a reason (the patient's wish, a full department…), which is recorded with the
   * incident and in its event; the specialties it lacks are stored with the choice and flagged on the board.
   */
  async choose(
    incidentId: number,
    hospitalId: number,
    reason: string | undefined,
    actor: Actor,
  ): Promise<IncidentView> {
    const result = await this.ctx.db.transaction(async (tx) => {
      await lockOpenIncident(tx, incidentId);
      const { suggestions } = await this.suggest(tx, incidentId);
      const chosen = suggestions.find((s) => s.hospital.id === hospitalId);
      if (!chosen) {
        throw new HttpError(422, `hospital ${hospitalId} does not exist or is not accepting patients`);
      }
      const missing = chosen.missingSpecialties;
      const first = suggestions[0]?.hospital.id;
      const needsReason = hospitalId !== first || missing.length > 0;
      if (needsReason && !reason?.trim()) {
        throw missing.length > 0
          ? new HttpError(
              422,
              `${chosen.hospital.name} lacks a needed specialty (${missing.join(', ')}): give a reason`,
              'specialty_reason_required',
            )
          : new HttpError(422, 'choosing other than the first suggested hospital needs a reason', 'reason_required');
      }
      await facilities.setIncidentDestination(
        tx,
        incidentId,
        hospitalId,
        needsReason ? (reason?.trim() ?? null) : null,
        missing,
      );
      const incident = await this.ctx.incidents.get(tx, incidentId);
      if (!incident) throw notFound(`incident ${incidentId}`);
      await appendEvent(
        tx,
        'incident.destination_set',
        { incident, hospitalId, reason: incident.destinationReason, missingSpecialties: missing },
        { incidentId, actor },
      );
      return incident;
    });
    this.ctx.eventsCommitted();
    return result;
  }
}
