import type { App } from '../app-types.ts';
import { AnalyticsRunsQuery, AnalyticsSummary, AnalyticsSummaryQuery } from '../contracts/analytics.ts';
import { ErrorBody } from '../contracts/common.ts';
import { Type } from '@sinclair/typebox';
import { checkRange, definitionsFor } from '../services/analytics.ts';
import { runsCsv } from '../services/analytics-csv.ts';
import { TransferKpis } from '../contracts/outreach.ts';

const READERS = ['dispatcher', 'official', 'admin'] as const;

export default async function analyticsRoutes(app: App): Promise<void> {
  const core = app.core;

  app.get(
    '/api/analytics/summary',
    {
      config: { roles: READERS },
      schema: {
        tags: ['analytics'],
        summary:
          'Response intervals (median, p90, share within target), volumes, 3-minute departure rate, average response time and empty runs, per day / township / priority',
        querystring: AnalyticsSummaryQuery,
        response: { 200: AnalyticsSummary, 400: ErrorBody },
      },
    },
    async (req) => {
      const range = checkRange(req.query.from, req.query.to);
      const defs = definitionsFor(core.config.analyticsIntervals, req.query);
      return core.analytics.summary(range, req.query.groupBy ?? 'day', defs);
    },
  );

  app.get(
    '/api/analytics/transfers',
    {
      config: { roles: READERS },
      schema: {
        tags: ['analytics'],
        summary:
          'Booked transfers (预约转运) whose window starts in [from, to): on-time pick-up rate, completed, flagged',
        querystring: Type.Object(
          {
            from: Type.String({ format: 'date-time' }),
            to: Type.String({ format: 'date-time' }),
          },
          { additionalProperties: false },
        ),
        response: { 200: TransferKpis, 400: ErrorBody },
      },
    },
    async (req) => {
      const range = checkRange(req.query.from, req.query.to);
      return core.transfers.kpis(range.from, range.to);
    },
  );

  app.get(
    '/api/analytics/runs.csv',
    {
      config: { roles: READERS },
      schema: {
        tags: ['analytics'],
        summary: 'One row per run with its stamps (Asia/Shanghai) and intervals; UTF-8 CSV with BOM for Excel',
        querystring: AnalyticsRunsQuery,
        produces: ['text/csv'],
        response: {
          200: Type.String({ description: 'text/csv; charset=utf-8' }),
          400: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const range = checkRange(req.query.from, req.query.to);
      const defs = definitionsFor(core.config.analyticsIntervals, req.query);
      const csv = runsCsv(await core.analytics.runs(range, defs), defs);
      const name = `runs-${req.query.from.slice(0, 10)}-${req.query.to.slice(0, 10)}.csv`;
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(csv);
    },
  );
}
