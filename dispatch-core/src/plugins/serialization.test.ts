import { describe, expect, it } from 'vitest';
import fastJsonStringify from 'fast-json-stringify';
import { Type } from '@sinclair/typebox';
import { AssignmentResult, IncidentView, RecommendationList } from '../contracts/index.ts';
import { Nullable, literalUnion } from '../contracts/common.ts';
import { forSerializer } from './serialization.ts';

/** Paths of every `anyOf`/`oneOf` left in a schema: each one is an Ajv validation on every response. */
function unionsIn(schema: unknown, path = '#', out: string[] = []): string[] {
  if (typeof schema !== 'object' || schema === null) return out;
  const s = schema as Record<string, unknown>;
  if (s.anyOf !== undefined || s.oneOf !== undefined) out.push(path);
  for (const [k, v] of Object.entries(s)) unionsIn(v, `${path}/${k}`, out);
  return out;
}

describe('response schemas for the serializer', () => {
  const Status = literalUnion(['open', 'closed'] as const);
  const Shape = Type.Object({
    note: Nullable(Type.String()),
    count: Nullable(Type.Integer()),
    status: Status,
    reason: Nullable(Status),
    place: Nullable(Type.Object({ lon: Type.Number(), lat: Type.Number() })),
    list: Type.Array(Type.Object({ at: Nullable(Type.String({ format: 'date-time' })) })),
    either: Type.Union([Type.Integer(), Type.Literal('nearest')]),
  });

  it('turns nullable values and string-literal unions into plain types, and leaves other unions alone', () => {
    const out = forSerializer(Shape) as { properties: Record<string, Record<string, unknown>> };
    expect(out.properties.note).toMatchObject({ type: 'string', nullable: true });
    expect(out.properties.count).toMatchObject({ type: 'integer', nullable: true });
    expect(out.properties.status).toEqual({ type: 'string', enum: ['open', 'closed'] });
    expect(out.properties.reason).toEqual({ type: 'string', enum: ['open', 'closed'], nullable: true });
    expect(out.properties.place).toMatchObject({ type: 'object', nullable: true });
    expect(unionsIn(out)).toEqual(['#/properties/either']);
    // The contract itself (request validation, OpenAPI) is not touched.
    expect(unionsIn(Shape)).toHaveLength(8);
  });

  it('writes the same JSON as the validating serializer, for nulls and for values', () => {
    const plain = fastJsonStringify(forSerializer(Shape));
    const validating = fastJsonStringify(Shape);
    for (const value of [
      { note: null, count: null, status: 'open', reason: null, place: null, list: [{ at: null }], either: 3 },
      {
        note: '胸痛 "急"\n',
        count: 0,
        status: 'closed',
        reason: 'open',
        place: { lon: 119.6, lat: 32.0 },
        list: [{ at: '2026-12-06T08:00:00.000Z' }, { at: null }],
        either: 'nearest',
      },
    ]) {
      expect(plain(value)).toBe(validating(value));
      expect(JSON.parse(plain(value))).toEqual(value);
    }
  });

  // The loop's responses: a union left in them costs an Ajv compile on the first dispatch after boot (~170 ms
  // measured) and a validation on every later one.
  it('leaves no validated union in the responses of the dispatcher’s loop', () => {
    for (const schema of [IncidentView, RecommendationList, AssignmentResult]) {
      expect(unionsIn(forSerializer(schema))).toEqual([]);
    }
  });
});
