import { audit } from '@c120/db/repositories';
import type { AuditTrail } from '../contracts/auth.ts';
import { notFound } from '../domain/errors.ts';
import { readAudit } from '../repositories/audit.ts';
import type { ServiceContext } from './context.ts';

/** The audit trail of an incident, from the events table. Read-only by design: nothing edits or deletes events. */
export class AuditTrailService {
  constructor(private readonly ctx: ServiceContext) {}

  /** Who (user, device, system, geofence) did what and when on an incident; 404 for an unknown incident. */
  async ofIncident(incidentId: number): Promise<AuditTrail> {
    if (!(await audit.incidentExists(this.ctx.db, incidentId))) throw notFound(`incident ${incidentId}`);
    return { incidentId, entries: await readAudit(this.ctx.db, incidentId) };
  }
}
