import { Type } from '@sinclair/typebox';
import type { App } from '../app-types.ts';
import { ClientErrors } from '../contracts/common.ts';
import { OutreachQuery, OutreachReport } from '../contracts/outreach.ts';
import { OUTREACH_READERS } from '../auth/roles.ts';
import { currentUser } from '../plugins/auth.ts';
import { outreachCsv } from '../services/outreach.ts';

/** Village outreach (巡诊覆盖) for officials: which villages were visited, which not seen for N days. */
export default async function outreachRoutes(app: App): Promise<void> {
  const outreach = app.core.outreach;

  app.get(
    '/api/outreach',
    {
      config: { roles: OUTREACH_READERS },
      schema: {
        tags: ['rounds'],
        summary:
          'Days since each village’s last round visit, villages not seen within N days, people served per township and month',
        querystring: OutreachQuery,
        response: { 200: OutreachReport, ...ClientErrors },
      },
    },
    async (req) => outreach.report(currentUser(req), req.query),
  );

  app.get(
    '/api/outreach/villages.csv',
    {
      config: { roles: OUTREACH_READERS },
      schema: {
        tags: ['rounds'],
        summary: 'The village table as CSV (UTF-8 with BOM)',
        querystring: OutreachQuery,
        produces: ['text/csv'],
        response: { 200: Type.String({ description: 'text/csv; charset=utf-8' }), ...ClientErrors },
      },
    },
    async (req, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="village-outreach.csv"')
        .send(outreachCsv(await outreach.report(currentUser(req), req.query))),
  );
}
