import { Type } from '@sinclair/typebox';
import type { App } from '../app-types.ts';
import { ClientErrors, GlyphParams, MapInfoView, TileParams } from '../contracts/index.ts';
import { SIGNED_IN } from '../auth/roles.ts';

/**
 * The offline basemap: vector tiles of the imported extract and the county, and what is imported. Signed-in
 * users only, like every other route (the console's MapLibre sends the session cookie with same-origin
 * requests); answers are `private` so a shared proxy does not keep them.
 */
export default async function tileRoutes(app: App): Promise<void> {
  const { core } = app;
  app.get(
    '/tiles/:z/:x/:y.pbf',
    {
      config: { roles: SIGNED_IN },
      schema: {
        tags: ['map'],
        summary: 'Vector tile (Mapbox Vector Tile 2): roads, water, landuse, places, POIs, townships, facilities',
        params: TileParams,
        produces: ['application/vnd.mapbox-vector-tile'],
        response: {
          200: Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary' }),
          304: Type.Null(),
          ...ClientErrors,
        },
      },
    },
    async (req, reply) => {
      const { z, x, y } = req.params;
      const n = 2 ** z;
      if (x >= n || y >= n) {
        return reply.code(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message: `tile ${z}/${x}/${y} does not exist: x and y must be below ${n} at zoom ${z}`,
        });
      }
      const tile = await core.tiles.tile(z, x, y);
      reply.header('etag', tile.etag).header('cache-control', 'private, max-age=60, must-revalidate');
      if (req.headers['if-none-match'] === tile.etag) return reply.code(304).send(null);
      return reply.type('application/vnd.mapbox-vector-tile').send(Buffer.from(tile.bytes));
    },
  );
  app.get(
    '/glyphs/:fontstack/:start-:end.pbf',
    {
      config: { roles: SIGNED_IN },
      schema: {
        tags: ['map'],
        summary: 'Label glyphs (SDF, 256 code points) rendered from the font on this machine, for MapLibre',
        params: GlyphParams,
        produces: ['application/x-protobuf'],
        response: { 200: Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary' }), ...ClientErrors },
      },
    },
    async (req, reply) => {
      const { fontstack, start, end } = req.params;
      if (end !== start + 255) {
        return reply.code(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message: `a glyph range is 256 code points: ${start}-${start + 255}, not ${start}-${end}`,
        });
      }
      const range = core.glyphs.range(fontstack, start);
      if (!range) {
        return reply.code(404).send({
          statusCode: 404,
          error: 'Not Found',
          message: 'no font for map labels on this server (apt-get install fonts-wqy-microhei, or GLYPH_FONT_FILE)',
        });
      }
      // The same font for a server's lifetime: browsers may keep ranges for a day.
      reply.header('cache-control', 'private, max-age=86400');
      return reply.type('application/x-protobuf').send(Buffer.from(await range));
    },
  );
  app.get(
    '/api/map/info',
    {
      config: { roles: SIGNED_IN },
      schema: {
        tags: ['map'],
        summary: 'Whether an OpenStreetMap extract is imported (streets, drive times on roads) and where',
        response: { 200: MapInfoView, ...ClientErrors },
      },
    },
    async () => core.tiles.mapInfo(),
  );
}
