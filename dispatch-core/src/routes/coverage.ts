import { Type } from '@sinclair/typebox';
import type { App } from '../app-types.ts';
import { ClientErrors, IdParams } from '../contracts/common.ts';
import { CoverageReportSchema, RelocateBody, RelocationView } from '../contracts/coverage.ts';
import { UnitView } from '../contracts/views.ts';
import { READERS } from '../auth/roles.ts';

export default async function coverageRoutes(app: App): Promise<void> {
  app.get(
    '/api/coverage',
    {
      config: { roles: READERS },
      schema: {
        tags: ['coverage'],
        summary:
          'Live coverage: share of population and area an available ambulance reaches within target, per township, holes, move-up',
        response: { 200: CoverageReportSchema },
      },
    },
    async () => app.core.coverage.current(),
  );

  app.post(
    '/api/units/:id/relocate',
    {
      config: { roles: ['dispatcher', 'admin'] },
      schema: {
        tags: ['coverage'],
        summary: 'Move-up: post an available unit at a station (accepting a coverage suggestion); 409 if not available',
        params: IdParams,
        body: RelocateBody,
        response: { 200: Type.Object({ relocation: RelocationView, unit: UnitView }), ...ClientErrors },
      },
    },
    async (req) => app.core.relocations.order(req.params.id, req.body, null),
  );
}
