/**
 * Result types both engines must agree on. pg returns int8 and numeric as strings by default and PGlite
 * returns int8 as bigint; we want plain numbers from both (ids, seq and counts stay far below 2^53).
 */
export const INT8_OID = 20;
export const NUMERIC_OID = 1700;

export function parseInt8(value: string): number {
  return Number(value);
}

export function parseNumeric(value: string): number {
  return Number(value);
}
