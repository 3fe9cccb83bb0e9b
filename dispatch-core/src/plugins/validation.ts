import { AjvCompiler } from '@fastify/ajv-compiler';

type BuildValidator = ReturnType<typeof AjvCompiler>;
const pool = AjvCompiler();

/**
 * Fastify's validator factory with two Ajv instances: query strings, params and headers are text, so they keep
 * the configured type coercion (`?limit=5` is the number 5); JSON bodies carry their own types and get none —
 * `"priority": true`, `[2]`, `"1"` or `null` where a number belongs are refused with 400, never turned into a
 * number.
 */
export const jsonBodiesUncoerced: BuildValidator = (externalSchemas, options) => {
  const text = pool(externalSchemas, options);
  // Fastify always passes its `ajv` server option here (AjvCompilerOptions, not the JTD variant).
  const ajvOptions = (options ?? {}) as { customOptions?: Record<string, unknown> };
  const uncoerced = { ...ajvOptions, customOptions: { ...ajvOptions.customOptions, coerceTypes: false } };
  const json = pool(externalSchemas, uncoerced as Parameters<BuildValidator>[1]);
  return (route) => (route.httpPart === 'body' ? json(route) : text(route));
};
