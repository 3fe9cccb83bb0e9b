import { Type } from '@sinclair/typebox';
import type { App } from '../app-types.ts';
import { PlaceHit, PlaceSearchQuery } from '../contracts/api.ts';
import { OUTREACH_READERS } from '../auth/roles.ts';

export default async function placeRoutes(app: App): Promise<void> {
  const { places } = app.core;
  app.get(
    '/api/places/search',
    {
      // Readers, and health centres (卫生院) choosing villages for a round.
      config: { roles: OUTREACH_READERS },
      schema: {
        tags: ['places'],
        summary:
          'Address search: townships, villages, communities, landmarks, and the streets, places, POIs and addresses ' +
          'of the imported OSM extract, by Chinese name, pinyin or initials',
        querystring: PlaceSearchQuery,
        response: { 200: Type.Array(PlaceHit) },
      },
    },
    async (req) => places.search(req.query.q, req.query.limit ?? 10),
  );
}
