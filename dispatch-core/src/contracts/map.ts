import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from './common.ts';

/** `/tiles/{z}/{x}/{y}.pbf`: zoom 0–20; x and y are checked against 2^z in the route (with the reason). */
export const TileParams = Type.Object({
  z: Type.Integer({ minimum: 0, maximum: 20 }),
  x: Type.Integer({ minimum: 0 }),
  y: Type.Integer({ minimum: 0 }),
});
export type TileParams = Static<typeof TileParams>;

export const MapInfoView = Type.Object({
  streets: Type.Boolean({ description: 'an OpenStreetMap extract is imported (npm run roads:import)' }),
  source: Nullable(Type.String()),
  importedAt: Nullable(Type.String({ format: 'date-time' })),
  bounds: Nullable(Type.Tuple([Type.Number(), Type.Number(), Type.Number(), Type.Number()])),
  edges: Type.Integer(),
  names: Type.Integer({ description: 'streets, places, POIs and addresses searchable from the extract' }),
});
export type MapInfoView = Static<typeof MapInfoView>;

/** `/glyphs/{fontstack}/{start}-{end}.pbf`: a range of 256 code points, as MapLibre asks for them. */
export const GlyphParams = Type.Object({
  fontstack: Type.String({ minLength: 1, maxLength: 200 }),
  start: Type.Integer({ minimum: 0, maximum: 65280, multipleOf: 256 }),
  end: Type.Integer({ minimum: 255, maximum: 65535 }),
});
export type GlyphParams = Static<typeof GlyphParams>;
