import type { App } from '../app-types.ts';
import { AuditTrail } from '../contracts/auth.ts';
import { ClientErrors, ErrorBody, IdParams } from '../contracts/common.ts';
import { READERS } from '../auth/roles.ts';

/** The audit trail of an incident. Read-only by design: there is no route that edits or deletes events. */
export default async function auditRoutes(app: App): Promise<void> {
  const { auditTrail } = app.core;
  app.get(
    '/api/incidents/:id/audit',
    {
      config: { roles: READERS },
      schema: {
        tags: ['audit'],
        summary: 'Who (user, device, system, geofence) did what and when on an incident, from the events table',
        params: IdParams,
        response: { 200: AuditTrail, ...ClientErrors, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req) => auditTrail.ofIncident(req.params.id),
  );
}
