import { Type } from '@sinclair/typebox';
import type { App } from '../app-types.ts';
import { StateSnapshot } from '../contracts/api.ts';
import { ErrorBody } from '../contracts/common.ts';
import { SIGNED_IN } from '../auth/roles.ts';
import { scopeState } from '../auth/crew-scope.ts';
import { currentUser } from '../plugins/auth.ts';

const GeoJsonObject = Type.Object({}, { additionalProperties: true });

export default async function stateRoutes(app: App): Promise<void> {
  const { boardState } = app.core;

  app.get(
    '/api/state',
    {
      config: { roles: SIGNED_IN },
      schema: {
        tags: ['state'],
        summary: 'Everything a console shows, consistent with event seq (subscribe with afterSeq = seq)',
        response: { 200: StateSnapshot, 503: ErrorBody },
      },
    },
    async (req) => {
      const user = currentUser(req);
      // Shared by consoles loading at the same moment (single flight), then narrowed per caller (a crew sees its
      // unit and its run only).
      return scopeState(user, await boardState.snapshot());
    },
  );

  app.get(
    '/api/geo/county',
    {
      config: { roles: SIGNED_IN },
      schema: {
        tags: ['state'],
        summary: 'County boundary and township polygons as GeoJSON (WGS-84), for the offline basemap',
        response: { 200: Type.Object({ county: Type.Union([GeoJsonObject, Type.Null()]), townships: GeoJsonObject }) },
      },
    },
    async (_req, reply) => {
      const { county, townships } = await boardState.countyGeoJson();
      void reply.header('cache-control', 'public, max-age=300');
      return { county, townships };
    },
  );
}
