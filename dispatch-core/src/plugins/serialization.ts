import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type BuildSerializer = ReturnType<typeof SerializerSelector>;
type JsonSchema = Record<string, unknown>;

/**
 * Fastify's response serializer (fast-json-stringify), given schemas it can serialise without validating.
 *
 * fast-json-stringify writes an `anyOf` as "validate the value against each option with Ajv, serialise by the
 * first that matches". The Ajv validator of each option is compiled on first use, and our views are full of
 * `anyOf`: every `Nullable(x)` (TypeBox `Union([x, Null])`) and every `literalUnion` of statuses. Measured on
 * the dispatcher's loop (docs/DESIGN-NOTES.md "The dispatcher's loop"): the first create/recommend/assign/cancel
 * after boot spent ~170 ms compiling Ajv validators inside `reply.send`, and every later response still ran a
 * full Ajv validation of each nullable object it contained before writing it.
 *
 * The contracts stay as they are (TypeBox types, request validation, OpenAPI). Only the copy handed to the
 * serializer is rewritten, in two ways that serialise the same JSON without a validator:
 * - `anyOf [x, {type: null}]` where `x` has a plain `type` → `x` with `nullable: true` (null is written as null,
 *   anything else by `x`'s serializer);
 * - `anyOf` of string constants (optionally with null) → `{type: string, enum}` (written as the string).
 * Any other `anyOf`/`oneOf` is left to fast-json-stringify's validating path.
 */
export const serializerWithoutRuntimeValidation: BuildSerializer = (externalSchemas, options) => {
  const build = SerializerSelector()(externalSchemas, options);
  return (route) => build({ ...route, schema: forSerializer(route.schema as JsonSchema) });
};

const isObject = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNullType = (s: JsonSchema) => s.type === 'null' && s.const === undefined;
/** Keys that say nothing about the value's shape (kept from the outer `anyOf` schema). */
const ANNOTATIONS = new Set(['description', 'title', 'examples', 'default', '$comment', 'deprecated']);
const CHILD_MAPS = ['properties', 'patternProperties', 'definitions', '$defs'] as const;
const CHILD_SCHEMAS = ['items', 'additionalProperties', 'additionalItems', 'not'] as const;
const CHILD_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems', 'items'] as const;

/** A rewritten deep copy of `schema` (the original, shared with validation and OpenAPI, is not touched). */
export function forSerializer(schema: JsonSchema): JsonSchema {
  const plain = withoutValidatedUnion(schema);
  if (plain) return plain;
  const out: JsonSchema = { ...schema };
  for (const key of CHILD_MAPS) {
    const map = schema[key];
    if (isObject(map)) {
      out[key] = Object.fromEntries(Object.entries(map).map(([k, v]) => [k, isObject(v) ? forSerializer(v) : v]));
    }
  }
  for (const key of CHILD_SCHEMAS) {
    const child = schema[key];
    if (isObject(child)) out[key] = forSerializer(child);
  }
  for (const key of CHILD_LISTS) {
    const list = schema[key];
    if (Array.isArray(list)) out[key] = list.map((v: unknown) => (isObject(v) ? forSerializer(v) : v));
  }
  return out;
}

/** The `anyOf` forms above, rewritten; null when `schema` is not one of them. */
function withoutValidatedUnion(schema: JsonSchema): JsonSchema | null {
  const options = schema.anyOf;
  if (!Array.isArray(options) || !options.every(isObject)) return null;
  if (Object.keys(schema).some((k) => k !== 'anyOf' && !ANNOTATIONS.has(k))) return null;
  const annotations = Object.fromEntries(Object.entries(schema).filter(([k]) => k !== 'anyOf'));
  // Options first (a nullable status is `anyOf [anyOf [consts], null]`).
  const nonNull = options.filter((o) => !isNullType(o)).map(forSerializer);
  const nullable = nonNull.length < options.length;
  if (nonNull.length === 0) return null;
  if (nonNull.every((o) => typeof o.const === 'string' && (o.type === undefined || o.type === 'string'))) {
    const values = nonNull.map((o) => o.const);
    return { ...annotations, type: 'string', enum: values, ...(nullable ? { nullable: true } : {}) };
  }
  const [only] = nonNull;
  if (nullable && nonNull.length === 1 && only && typeof only.type === 'string' && !hasOwnUnion(only)) {
    return { ...only, ...annotations, nullable: true };
  }
  return null;
}

const hasOwnUnion = (s: JsonSchema) =>
  s.anyOf !== undefined ||
  s.oneOf !== undefined ||
  s.allOf !== undefined ||
  s.$ref !== undefined ||
  s.nullable !== undefined;
