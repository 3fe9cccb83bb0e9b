import { Type } from '@sinclair/typebox';
import type { App } from '../app-types.ts';
import { Nullable } from '../contracts/common.ts';
import { READERS } from '../auth/roles.ts';

const Share = Type.Number({ minimum: 0, maximum: 1 });
export const CoverageReportSchema = Type.Object({
  computedAt: Type.String({ format: 'date-time' }),
  computeMs: Type.Number(),
  model: Type.String(),
  targets: Type.Object({ urbanSeconds: Type.Number(), ruralSeconds: Type.Number() }),
  availableUnits: Type.Integer(),
  populationShare: Share,
  areaShare: Share,
  population: Type.Number(),
  coveredPopulation: Type.Number(),
  areaKm2: Type.Number(),
  coveredAreaKm2: Type.Number(),
  byTownship: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      populationShare: Share,
      areaShare: Share,
      population: Type.Number(),
      coveredPopulation: Type.Number(),
    }),
  ),
  uncovered: Type.Array(
    Type.Object({
      kind: Type.Union([Type.Literal('village'), Type.Literal('cell')]),
      name: Nullable(Type.String()),
      lon: Type.Number(),
      lat: Type.Number(),
      etaSeconds: Nullable(Type.Number()),
    }),
  ),
  moveUp: Nullable(
    Type.Object({
      unitId: Type.Integer(),
      callSign: Type.String(),
      stationId: Type.Integer(),
      stationName: Type.String(),
      gainPopulation: Type.Number(),
      populationShareAfter: Share,
      explanation: Type.String(),
    }),
  ),
});

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
    async () => app.core.coverage.report(),
  );
}
