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

/**
 * Free text typed by people (complaints, addresses, names, reasons, notes). Refused (400, with the reason below)
 * rather than silently stripped, so what is stored is exactly what was sent: C0/C1 control characters (a
 * multi-line field keeps tab and line breaks), and the bidirectional marks, embeddings, overrides and isolates
 * (U+061C, U+200E/F, U+202A–E, U+2066–9) that can make a name or address read differently from what it is. A
 * required field also needs at least one visible character: a whitespace-only complaint is no complaint.
 */
const BIDI = '\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069';
const CONTROLS_ONE_LINE = '\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029';
const CONTROLS_MULTI_LINE = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F';
const textPattern = (controls: string, required: boolean) =>
  `^${required ? '(?=[\\s\\S]*\\S)' : ''}[^${controls}${BIDI}]*$`;
/** The patterns of `Text`, for the error handler's readable reason. */
export const TEXT_PATTERNS: ReadonlySet<string> = new Set(
  [CONTROLS_ONE_LINE, CONTROLS_MULTI_LINE].flatMap((c) => [textPattern(c, true), textPattern(c, false)]),
);
export const TEXT_RULE = 'must contain visible text, and no control or bidirectional-override characters';

export function Text(opts: { minLength?: number; maxLength: number; multiline?: boolean; description?: string }) {
  const controls = opts.multiline ? CONTROLS_MULTI_LINE : CONTROLS_ONE_LINE;
  const { multiline: _multiline, ...rest } = opts;
  return Type.String({ ...rest, pattern: textPattern(controls, (opts.minLength ?? 0) > 0) });
}

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
