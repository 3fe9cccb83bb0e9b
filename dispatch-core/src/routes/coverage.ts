import type { App } from '../app-types.ts';
import { CoverageReportSchema } from '../contracts/coverage.ts';

export default async function coverageRoutes(app: App): Promise<void> {
  app.get(
    '/api/coverage',
    {
      schema: {
        tags: ['coverage'],
        summary:
          'Live coverage: share of population and area an available ambulance reaches within target, per township, holes, move-up',
        response: { 200: CoverageReportSchema },
      },
    },
    async () => app.core.coverage.current(),
  );
}
