import { Type, type Static, type TLiteral, type TSchema, type TUnion } from '@sinclair/typebox';

/** Shared JSON shapes. These TypeBox schemas are the route schemas and, through Static<>, the TS types. */
export const Id = Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 });
export const IsoTime = Type.String({ format: 'date-time', description: 'ISO-8601 instant, UTC' });
export const NullableTime = Type.Union([IsoTime, Type.Null()]);

export const LonLat = Type.Object(
  {
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
  },
  { additionalProperties: false, description: 'WGS-84 degrees' },
);
export type LonLat = Static<typeof LonLat>;

export const IdParams = Type.Object({ id: Id });
export type IdParams = Static<typeof IdParams>;

export const ErrorBody = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String({ description: 'Why the request failed, for the person at the console' }),
  code: Type.Optional(Type.String()),
});
export type ErrorBody = Static<typeof ErrorBody>;

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export function literalUnion<T extends string>(values: readonly T[], description?: string): TUnion<TLiteral<T>[]> {
  return Type.Union(
    values.map((v) => Type.Literal(v)),
    description ? { description } : {},
  );
}

/**
 * The refusals every route can give, for route schemas: the request's own faults (4xx, always with a reason),
 * body too large (413), wrong content type (415), rate limited (429), and the database away (503).
 */
export const ClientErrors = {
  400: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  413: ErrorBody,
  415: ErrorBody,
  422: ErrorBody,
  429: ErrorBody,
  503: ErrorBody,
};
